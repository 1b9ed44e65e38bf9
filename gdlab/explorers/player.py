"""The page's player: the step slider's frames kept in the browser, drawn there as Play moves.

    player = page_player(play)        # a widget to put in the explorer's box, or None
    player.send({index: png, ...})    # frames made ahead (gdlab.explorers.frames), sent once
    player.has(index)                 # True once the page said it holds that frame
    player.drop()                     # the runs or the background changed: frames are stale
    player.show(png)                  # a frame kept as a PNG, drawn by the page at once
    player.show_pixels(rgba)          # a frame the kernel drew now: only what changed is sent

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

Frames the kernel draws on a change (a new learning rate) go to the page as what changed
(`show_pixels`, `Delta`): the runs of pixels that differ from the last frame sent that way,
raw (a new learning rate moves three thin lines: about 40 KB instead of a 75 KB PNG, with
no encoding). The page copies them into its copy of that frame and puts the whole frame on
the canvas: no decoding (a PNG took 8-10 ms to decode on these machines, and the browser's
`DecompressionStream` 15 ms for a deflated change), and no round trip through ipympl's view,
which also encodes its previous picture again as a data URL on every frame. Each such frame
names the one it changes; a page without that one (a view opened later, a message lost)
says so, and the kernel sends the frame through ipympl and the next one whole (as a PNG).
ipympl's own copy of the picture (what its view paints again after
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

import numpy as np

from .canvas import fast_png

__all__ = ["Delta", "page_player"]

_ESM = r"""
const PREFETCH = 3;  // decoded frames kept ahead of the one shown (and one behind it)
async function render({ model, el }) {
  const frames = new Map();  // index -> Blob (PNG) of the current generation
  const decoded = new Map();  // index -> Promise<ImageBitmap>
  let alive = true, play = null;  // play: the Play widget's model, once known
  let base = null, baseN = null, chain = Promise.resolve();  // the last frame sent as pixels
  const forget = () => { for (const p of decoded.values()) p.then((b) => b.close()); decoded.clear(); };
  const decode = (i) => {
    if (!decoded.has(i) && frames.has(i)) decoded.set(i, createImageBitmap(frames.get(i)));
    return decoded.get(i);
  };
  const canvas = () => {
    const box = el.closest(".gdlab-explorer");
    return box && box.querySelector(".jupyter-matplotlib-canvas-div > canvas");
  };
  // A frame of step i is drawn when i is the step the slider (linked to Play) shows, or lies
  // between the step on the canvas and that one (a frame that comes late while Play moves on
  // still moves the picture forward); never one that would take the picture back.
  let onCanvas = null;  // the step of the frame on the canvas
  const now = (i) => {
    if (!alive || i === undefined || i === null || !play) return alive;
    const at = play.get("value");
    return i === at || (onCanvas !== null && (onCanvas - i) * (i - at) > 0);
  };
  const draw = (image, w, h, i) => {
    const target = canvas();
    if (!target || target.width !== w || target.height !== h) {
      model.send({ event: "missed" });  // the kernel sends it through ipympl instead
      return;
    }
    if (image instanceof ImageData) target.getContext("2d").putImageData(image, 0, 0);
    else target.getContext("2d").drawImage(image, 0, 0);
    onCanvas = i === undefined ? null : i;
  };
  const show = async (i) => {  // Play (or the step slider) moved to step i
    const generation = model.get("generation"), wanted = decode(i);
    for (const [j, p] of decoded) {  // keep the frame shown, the one before and the next few
      if (j < i - 1 || j > i + PREFETCH) { decoded.delete(j); p.then((b) => b.close()); }
    }
    for (let j = i - 1; j <= i + PREFETCH; j++) decode(j);
    if (!wanted) return;  // not held: the kernel sends it
    const bitmap = await wanted;
    if (now(i) && model.get("generation") === generation) draw(bitmap, bitmap.width, bitmap.height, i);
  };
  // Frames the kernel sends are drawn one after another, in the order sent.
  const later = (work) => { chain = chain.then(work).catch(() => {
    base = baseN = null;
    model.send({ event: "missed", pixels: true });
  }); };
  const showNow = (content, blob) => later(async () => {  // a frame kept as a PNG
    const bitmap = await createImageBitmap(blob);
    if (now(content.index)) draw(bitmap, bitmap.width, bitmap.height, content.index);
    bitmap.close();
  });
  const words = (view) => view.byteOffset % 4  // a buffer's 32-bit words (one per pixel)
    ? new Uint32Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength))
    : new Uint32Array(view.buffer, view.byteOffset, view.byteLength >> 2);
  const showPixels = (content, buffers) => later(async () => {  // what changed since `content.base`
    const [w, h] = content.size;
    if (content.base === null) {  // whole, as a PNG: decoded, and its pixels kept
      const bitmap = await createImageBitmap(new Blob([buffers[0]], { type: "image/png" }));
      const copy = new OffscreenCanvas(w, h).getContext("2d", { willReadFrequently: true });
      copy.drawImage(bitmap, 0, 0);
      bitmap.close();
      base = copy.getImageData(0, 0, w, h);
    } else if (base && baseN === content.base && base.width === w && base.height === h) {
      const runs = words(buffers[0]), values = words(buffers[1]), n = runs.length >> 1;
      const pixels = new Uint32Array(base.data.buffer);
      for (let r = 0, v = 0; r < n; r++) {  // runs: n starts, then n lengths; then their pixels
        pixels.set(values.subarray(v, v + runs[n + r]), runs[r]);
        v += runs[n + r];
      }
    } else {  // a change to a frame this page does not hold
      base = baseN = null;  // until a whole frame comes
      model.send({ event: "missed", pixels: true });
      return;
    }
    baseN = content.n;
    if (now(content.index)) draw(base, w, h, content.index);
  });
  model.on("msg:custom", (content, buffers) => {
    if (content.show === "pixels") { showPixels(content, buffers); return; }
    if (content.show) { showNow(content, new Blob([buffers[0]], { type: "image/png" })); return; }
    if (content.generation !== model.get("generation")) return;
    content.indices.forEach((i, n) => frames.set(i, new Blob([buffers[n]], { type: "image/png" })));
    model.send({ event: "have", generation: content.generation, indices: content.indices });
  });
  model.on("change:generation", () => { frames.clear(); forget(); });
  play = await model.widget_manager.get_model(model.get("play_id"));
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


class Delta:
    """Frames as the pixels that changed since the last one: runs of 32-bit RGBA words.

        content, buffers = delta.encode(rgba)  # rgba: (h, w, 4) uint8
        delta.reset()                          # the next frame is sent whole

    `content` is {"size": [w, h], "n": this frame's number, "base": the number of the frame it
    changes, or None when it is sent whole}. A whole frame is one PNG; a change is two buffers of
    little-endian uint32: the runs (their n starts in the frame's pixels, row after row, then their
    n lengths) and the runs' new pixels, one after another. Runs closer than `GAP` pixels are
    sent as one (the pixels between are sent as they are): fewer, longer runs to copy.
    `.last` is the last frame encoded (what a page that applied every one holds).
    """

    GAP = 4

    def __init__(self):
        self.last: np.ndarray | None = None
        self._n = 0

    def reset(self) -> None:
        self.last = None

    def encode(self, rgba: np.ndarray) -> tuple[dict, list[bytes]]:
        frame = np.array(rgba, dtype=np.uint8, order="C")  # a copy: the renderer draws the next in place
        h, w, _ = frame.shape
        whole = self.last is None or self.last.shape != frame.shape
        if whole:
            buffers = [fast_png(frame)]
        else:
            new = frame.view(np.uint32).reshape(-1)  # one 32-bit word per pixel
            changed = np.flatnonzero(new != self.last.view(np.uint32).reshape(-1))
            cut = np.flatnonzero(np.diff(changed) > self.GAP)
            starts = np.concatenate([changed[:1], changed[cut + 1]])
            lengths = np.concatenate([changed[cut], changed[-1:]]) + 1 - starts
            offsets = np.cumsum(lengths) - lengths  # where each run's pixels begin in `values`
            index = np.arange(int(lengths.sum())) + np.repeat(starts - offsets, lengths)
            buffers = [np.concatenate([starts, lengths]).astype("<u4").tobytes(),
                       new[index].astype("<u4").tobytes()]
        self._n += 1
        self.last = frame
        return {"size": [w, h], "n": self._n, "base": None if whole else self._n - 1}, buffers


class PagePlayer:
    """The kernel's side of the page's player: what was sent, what the page holds."""

    def __init__(self, widget, on_ready):
        self.widget = widget
        self.delta = Delta()  # frames drawn on a change, sent as what changed (`show_pixels`)
        self._held: set[int] = set()
        self._sent = False  # frames were sent in this generation (else `drop` has nothing to drop)
        self._on_ready = on_ready
        self.ready = False  # a page has shown the player (and so can hold frames)
        self.on_missed = None  # called when the page could not draw a frame `show` sent
        #: The step slider's position a frame drawn now is of (the page draws it only there).
        self.position = lambda: None
        widget.on_msg(self._message)

    def _message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("event") == "ready":
            self.ready = True
            self._held.clear()
            self.delta.reset()  # a new view holds no frame to change
            self._on_ready()
        elif content.get("event") == "have" and content.get("generation") == self.widget.generation:
            self._held.update(int(i) for i in content.get("indices", ()))
        elif content.get("event") == "missed":
            if content.get("pixels"):  # it did not hold the frame a change was made to
                self.delta.reset()
            if self.on_missed is not None:
                self.on_missed()

    def show(self, png: bytes) -> bool:
        """Have the page draw this frame now (False where no page can: send it another way)."""
        if not (self.ready and self.widget.comm is not None):
            return False
        self.widget.send({"show": True, "index": self.position()}, buffers=[png])
        return True

    def show_pixels(self, rgba: np.ndarray) -> np.ndarray | None:
        """Have the page draw this frame (RGBA pixels) now, sent as what changed since the last
        one sent so; the frame as kept (None where no page can: send it another way)."""
        if not (self.ready and self.widget.comm is not None):
            return None
        content, buffers = self.delta.encode(rgba)
        self.widget.send({"show": "pixels", "index": self.position(), **content}, buffers=buffers)
        return self.delta.last

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
