"""The page's player: the step slider's frames kept in the browser, drawn there as Play moves.

    player = page_player(play)        # a widget to put in the explorer's box, or None
    player.send({index: png, ...})    # frames made ahead (gdlab.explorers.frames), sent once
    player.has(index)                 # True once the page said it holds that frame
    player.drop()                     # the runs or the background changed: frames are stale
    player.show(png)                  # a frame the kernel drew now, drawn by the page at once

Why. Without it every step of Play is a round trip: the Play button's step reaches the
kernel, the kernel sends a 75 KB PNG back, and ipympl's view decodes and paints it; with
the messaging and the decoding that came to 60-100 ms a frame, so Play at 25 frames per
second drew 10-20 and dropped the rest. Frames are the same for every Play until a control
other than the step changes, so they are sent to the page once, as they are made, and the
page draws the frame of the step Play (or a key press on the step slider) shows, without
waiting for the kernel. The kernel still hears of each step and writes the readouts.

The page side (`_ESM`, an anywidget) keeps each frame as a PNG blob (a decoded copy only of
the next few), and on every change of the Play widget's value draws the frame of that step
onto the figure's ipympl canvas when its size is the canvas's. Frames carry a generation;
`drop()` raises it and the page forgets the older ones, so it never draws a stale picture
after the kernel said it is stale.

Frames the kernel draws on a change (a new learning rate) go to the page the same way
(`show`): decoded off the page's main thread and drawn at once, they reach the screen about
8 ms sooner than through ipympl's view, which also encodes its previous picture again as a
data URL on every frame. ipympl's own copy of the picture (what its view paints again after
a re-render) is brought up to date when the explorer is idle and after Play stops
(`LiveCanvas.catch_up`), and at once when the page could not draw a frame (a canvas of
another size: the kernel is told, and sends it through ipympl).

Play's own clock (ipywidgets' PlayModel) waits `interval` after each step's work, so its
steps come slower than it says (25 frames per second came out at 22). The page side gives
that model a steady clock: each step is due `interval` after the previous one was due (a
step that is late is not made up for). It replaces the model's `schedule_next` (a public
method of ipywidgets' PlayModel); where a later ipywidgets had none, Play keeps its own.
"""

from __future__ import annotations

__all__ = ["page_player"]

_ESM = r"""
const PREFETCH = 3;  // decoded frames kept ahead of the one shown (and one behind it)
async function render({ model, el }) {
  const frames = new Map();  // index -> Blob (PNG) of the current generation
  const decoded = new Map();  // index -> Promise<ImageBitmap>
  let alive = true, token = 0;
  const forget = () => { for (const p of decoded.values()) p.then((b) => b.close()); decoded.clear(); };
  const decode = (i) => {
    if (!decoded.has(i) && frames.has(i)) decoded.set(i, createImageBitmap(frames.get(i)));
    return decoded.get(i);
  };
  const canvas = () => {
    const box = el.closest(".gdlab-explorer");
    return box && box.querySelector(".jupyter-matplotlib-canvas-div > canvas");
  };
  const show = async (i) => {
    const mine = ++token, wanted = decode(i);
    for (const [j, p] of decoded) {  // keep the frame shown, the one before and the next few
      if (j < i - 1 || j > i + PREFETCH) { decoded.delete(j); p.then((b) => b.close()); }
    }
    for (let j = i - 1; j <= i + PREFETCH; j++) decode(j);
    if (!wanted) return;
    const bitmap = await wanted;
    const target = canvas();
    if (!alive || mine !== token || !target) return;
    if (target.width === bitmap.width && target.height === bitmap.height)
      target.getContext("2d").drawImage(bitmap, 0, 0);
    else model.send({ event: "missed" });  // the kernel sends it through ipympl instead
  };
  const showNow = async (blob) => {  // a frame the kernel drew just now, for the screen
    const mine = ++token, bitmap = await createImageBitmap(blob), target = canvas();
    if (!alive || mine !== token) { bitmap.close(); return; }
    if (target && target.width === bitmap.width && target.height === bitmap.height)
      target.getContext("2d").drawImage(bitmap, 0, 0);
    else model.send({ event: "missed" });  // the canvas's own copy is sent instead
    bitmap.close();
  };
  model.on("msg:custom", (content, buffers) => {
    if (content.show) { showNow(new Blob([buffers[0]], { type: "image/png" })); return; }
    if (content.generation !== model.get("generation")) return;
    content.indices.forEach((i, n) => frames.set(i, new Blob([buffers[n]], { type: "image/png" })));
    model.send({ event: "have", generation: content.generation, indices: content.indices });
  });
  model.on("change:generation", () => { frames.clear(); forget(); });
  const play = await model.widget_manager.get_model(model.get("play_id"));
  if (!alive) return;
  const onValue = () => show(play.get("value"));
  const onPlaying = () => { if (!play.get("playing")) delete play.__gdlabDue; };
  play.on("change:value", onValue);
  play.on("change:playing", onPlaying);
  if (typeof play.schedule_next === "function" && !play.__gdlabSteady) {
    play.__gdlabSteady = true;  // each step due `interval` after the one before was due
    play.schedule_next = function () {
      const now = performance.now(), dt = this.get("interval"), due = this.__gdlabDue;
      this.__gdlabDue = due !== undefined && now - due < dt ? due + dt : now + dt;
      this._timerId = window.setTimeout(this.loop.bind(this), Math.max(0, this.__gdlabDue - now));
    };
  }
  model.send({ event: "ready" });
  return () => {
    alive = false;
    play.off("change:value", onValue);
    play.off("change:playing", onPlaying);
    frames.clear();
    forget();
  };
}
export default { render };
"""

_PLAYER = None  # the anywidget class, made on first use (anywidget is imported only then)


class PagePlayer:
    """The kernel's side of the page's player: what was sent, what the page holds."""

    def __init__(self, widget, on_ready):
        self.widget = widget
        self._held: set[int] = set()
        self._sent = False  # frames were sent in this generation (else `drop` has nothing to drop)
        self._on_ready = on_ready
        self.ready = False  # a page has shown the player (and so can hold frames)
        self.on_missed = None  # called when the page could not draw a frame `show` sent
        widget.on_msg(self._message)

    def _message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("event") == "ready":
            self.ready = True
            self._held.clear()
            self._on_ready()
        elif content.get("event") == "have" and content.get("generation") == self.widget.generation:
            self._held.update(int(i) for i in content.get("indices", ()))
        elif content.get("event") == "missed" and self.on_missed is not None:
            self.on_missed()

    def show(self, png: bytes) -> bool:
        """Have the page draw this frame now (False where no page can: send it another way)."""
        if not (self.ready and self.widget.comm is not None):
            return False
        self.widget.send({"show": True}, buffers=[png])
        return True

    def has(self, index: int) -> bool:
        """True when the page said it holds the frame at this position of the step slider."""
        return index in self._held

    def send(self, pngs: dict[int, bytes]) -> None:
        """Send frames (position on the step slider → PNG bytes) of the current generation."""
        if pngs and self.ready and self.widget.comm is not None:
            self.widget.send({"generation": self.widget.generation, "indices": list(pngs)},
                             buffers=list(pngs.values()))
            self._sent = True

    def drop(self) -> None:
        """The frames sent so far are stale: the page forgets them."""
        self._held.clear()
        if self._sent and self.widget.comm is not None:
            self._sent = False
            self.widget.generation += 1


def page_player(play, on_ready):
    """A `PagePlayer` for this Play widget (`on_ready()` is called when a page shows it, which
    then wants every frame kept); None where anywidget is not installed."""
    global _PLAYER
    try:
        import anywidget
        import ipywidgets as W
        import traitlets
    except ImportError:
        return None
    if _PLAYER is None:
        class Player(anywidget.AnyWidget):
            _esm = _ESM
            play_id = traitlets.Unicode("").tag(sync=True)
            generation = traitlets.Int(0).tag(sync=True)

        _PLAYER = Player
    widget = _PLAYER(play_id=play.model_id, layout=W.Layout(width="0px", height="0px", margin="0px",
                                                             overflow="hidden"))
    return PagePlayer(widget, on_ready)
