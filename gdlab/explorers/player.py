"""The page's player: the step slider's frames kept in the browser, drawn there as Play moves.

    player = page_player(play, on_ready)  # a widget to put in the explorer's box, or None
    player.send({index: packed, ...})     # frames made ahead (gdlab.explorers.frames), sent once
    player.has(index)                     # True once the page said it holds that frame
    player.drop()                         # the runs or the background changed: frames are stale
    player.show_pixels(rgba)              # a frame the kernel drew now: only what changed is sent

Why. Without it every step of Play is a round trip to the kernel and back (a 75 KB PNG that
ipympl's view decodes): 60-100 ms a frame, so Play at 25 frames per second drew 10-20. Frames
are the same for every Play until a control other than the step changes, so they are sent to
the page once, as they are made, and the page draws the frame of the step Play (or a key on
the step slider) shows. The kernel still hears of each step and writes the readouts.

What is sent is pixels, not pictures to decode (gdlab.explorers.pixels): the step slider's
frames as the runs of pixels where each differs from the background (sent once per
generation, as a PNG), and a frame the kernel draws on a change (a new learning rate) as the
runs that differ from the last frame sent that way (`Delta`). A new learning rate moves three
thin lines: about 7 KB, encoded in under 1 ms, where a PNG was 75 KB, 7 ms to encode and 8-10
ms to decode on these machines (the browser's `DecompressionStream`, for a deflated change,
took 15 ms). The page copies the runs into its copy of the background or of the last frame
and puts the whole frame on the figure's ipympl canvas, when its size is the canvas's; none
of it goes through ipympl's view, which also encodes its previous picture again as a data URL
on every frame. A change names the frame it changes; a page without that one (a view opened
later, a message lost) says so, and the kernel sends the frame through ipympl and the next
one whole. Frames of the step slider carry a generation; `drop()` raises it and the page
forgets the older ones, so it never draws a stale picture after the kernel said it is stale.
A frame is held, and the kernel told so, once the background it changes is decoded (50-75 ms
after the first frames came, here): till then Play waits for it, rather than draw two steps
at once when it is.
A frame of a step is drawn when it is the step the slider shows or lies between the step on
the canvas and that one: late while Play moves on, it moves the picture forward, never back.

ipympl's own copy of the picture (what its view paints again after a re-render) is brought
up to date when the explorer is idle, after Play stops (`LiveCanvas.catch_up`), and when the
page could not draw a frame (a canvas of another size).

Play's own clock (ipywidgets' PlayModel) waits `interval` after each step's work, so its
steps come slower than it says (25 frames per second came out at 22). The page side gives
that model a steady clock: each step is due `interval` after the previous one was due (a
step that is late is not made up for). A step whose frame the page does not hold yet waits
for it, an interval at a time and at most `BUFFER` ms in one Play: pressed right after a
change, Play first waits a moment for the new run's frames (the kernel hears Play's steps a
few at a time, so a frame the kernel drew for each step would skip steps). It replaces the
model's `schedule_next` (a public method of ipywidgets' PlayModel); where a later ipywidgets
had none, Play keeps its own.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .pixels import Delta, fast_png

__all__ = ["page_player"]


_PLAYER = None  # the anywidget class, made on first use (anywidget is imported only then)


class PagePlayer:
    """The kernel's side of the page's player: what was sent, what the page holds."""

    def __init__(self, widget, on_ready):
        self.widget = widget
        self.delta = Delta()  # frames drawn on a change, sent as what changed (`show_pixels`)
        self._held: set[int] = set()
        self._sent = False  # frames were sent in this generation (else `drop` has nothing to drop)
        self._key = None  # the background the page holds frames as changes of
        self._on_ready = on_ready
        self.ready = False  # a page has shown the player (and so can hold frames)
        self.on_missed = None  # called when the page could not draw a frame `show_pixels` sent
        #: The step slider's position a frame drawn now is of (the page draws it only there).
        self.position = lambda: None
        widget.on_msg(self._message)

    def _message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("event") == "ready":
            self.ready = True
            self._held.clear()
            self._key = None  # sent again, with every frame kept
            self.delta.reset()  # a new view holds no frame to change
            self._on_ready()
        elif content.get("event") == "have" and content.get("generation") == self.widget.generation:
            self._held.update(int(i) for i in content.get("indices", ()))
        elif content.get("event") == "missed":
            if content.get("pixels"):  # it did not hold the frame a change was made to
                self.delta.reset()
            if self.on_missed is not None:
                self.on_missed()

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

    def send(self, frames: dict) -> None:
        """Send frames (position on the step slider → `Packed`) of the current generation; their
        background first, once."""
        if not (frames and self.ready and self.widget.comm is not None):
            return
        key = next(iter(frames.values())).key
        if key is not self._key:
            self.widget.send({"generation": self.widget.generation, "key": True}, buffers=[fast_png(key)])
            self._key = key
        self.widget.send({"generation": self.widget.generation, "indices": list(frames)},
                         buffers=[b for frame in frames.values() for b in frame.buffers])
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
            _esm = (Path(__file__).parent / "player.js").read_text(encoding="utf-8")
            play_id = traitlets.Unicode("").tag(sync=True)
            generation = traitlets.Int(0).tag(sync=True)

        _PLAYER = Player
    widget = _PLAYER(play_id=play.model_id, layout=W.Layout(width="0px", height="0px", margin="0px",
                                                             overflow="hidden"))
    return PagePlayer(widget, on_ready)
