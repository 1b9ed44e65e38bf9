"""The frames of the step slider, made ahead of time, so that Play and a step change only send one.

A frame costs the kernel about 10 ms to draw and encode (and on a loaded machine several times
that): at Play's 25 frames per second that is most of each frame's 40 ms, and the kernel then
falls behind and Play drops steps. While Play plays (and every run is known), the frames ahead
of it are drawn off screen, between other events, and kept; a step change whose frame is kept
moves the artists and writes the readout as always, and sends that frame.
Kept frames belong to one set of runs and one saved background (`Canvas.epoch`); a new run, a
new background (a resize, a browser view that asked for a full draw) or closing drops them.

On a live canvas the frames also go to the page as they are made (gdlab.explorers.player),
which then draws them as Play moves with no round trip to the kernel; they are made ahead
whenever a page shows the explorer, not only while Play plays. There a frame is kept and sent
as the pixels where it differs from the background (`gdlab.explorers.pixels.Packed`: about 4
ms to make and 5-40 KB, where a PNG costs 11 ms and 75 KB); the background goes to the page
once, as a PNG. Static frames are PNGs (an `ipywidgets.Image` shows them).
"""

from __future__ import annotations

import time
from types import SimpleNamespace

from .pixels import Packed

__all__ = ["Frames"]


class Frames:
    """Frames (PNG bytes, or Packed on a page) by step for the explorer's current runs, on the
    canvas's current background."""

    def __init__(self, explorer):
        self._explorer = explorer
        self._png: dict = {}
        self._key = None  # the background's pixels, that Packed frames are changes of
        self._epoch = None
        self.player = None  # the page's player (gdlab.explorers.player), once shown live

    def page_widget(self):
        """The page's player for a live explorer with Play (None otherwise): it goes in the box."""
        ex = self._explorer
        if self.player is None and ex.display == "live" and "play" in ex.controls:
            from .player import page_player

            self.player = page_player(ex.controls["play"], ex._home.wrap(self._page_ready))
            if self.player is not None:  # frames the kernel draws go to the page too
                ex._canvas.page = self.player
                self.player.on_missed = ex._home.wrap(ex._canvas.catch_up)
                self.player.position = self._position
        return None if self.player is None else self.player.widget

    def _page_ready(self) -> None:
        # A page shows the player: it gets every frame kept, and the rest as they are made.
        if self._valid():
            self.player.send(self._positions(self._png))
        self._explorer._worker.start()

    def _position(self) -> int | None:
        """The step slider's position now (what a frame drawn now is of)."""
        grid, k = self._explorer.step_grid, self._explorer._target()
        return grid.index(k) if k in grid else None

    def _positions(self, pngs: dict[int, bytes]) -> dict[int, bytes]:
        index = {k: i for i, k in enumerate(self._explorer.step_grid)}
        return {index[k]: png for k, png in pngs.items() if k in index}

    @property
    def ahead(self) -> bool:
        """True when frames are worth making now: a page holds them (or Play plays)."""
        return self.player is not None and self.player.ready

    def on_page(self, k: int) -> bool:
        """True when the page holds the frame of step k (it draws it itself as Play moves)."""
        if self.player is None or self.get(k) is None:
            return False
        grid = self._explorer.step_grid
        return k in grid and self.player.has(grid.index(k))

    def clear(self) -> None:
        self._png.clear()
        self._key = None
        if self.player is not None:
            self.player.drop()

    def _valid(self) -> bool:
        canvas = self._explorer._canvas
        if self._epoch != canvas.epoch:
            self.clear()
            self._epoch = canvas.epoch
        return canvas.ready

    def get(self, k: int):
        """The frame kept for step k, if it is still the screen's."""
        return self._png.get(k) if self._valid() else None

    def missing(self) -> list[int]:
        """Steps of the slider whose frame is not kept yet (none while the canvas cannot make them)."""
        if not self._valid():
            return []
        return [k for k in self._explorer.step_grid if k not in self._png]

    def make(self, deadline: float, after: int = -1) -> bool:
        """Draw missing frames off screen until the deadline, those past step `after` first; True
        while some are missing."""
        todo = self.missing()
        if not todo:
            return False
        todo = [k for k in todo if k > after] + [k for k in todo if k <= after]
        ex = self._explorer
        canvas = ex._canvas
        current = ex.current
        # A frame's readout is written to a stand-in, not to the widget the browser shows.
        shown = ex._readouts()
        for name, w in shown.items():
            setattr(ex, name, SimpleNamespace(value=w.value))
        made = {}
        if self.player is not None and self._key is None:
            self._key = canvas.background_rgba()
        try:
            for k in todo:
                ex._step_override = k
                ex._redraw()
                self._png[k] = made[k] = (canvas.offscreen_png() if self.player is None
                                          else Packed(self._key, canvas.offscreen_rgba()))
                if time.perf_counter() >= deadline:
                    break
        finally:
            vars(ex).update(shown)
            ex._step_override = None
            ex._redraw()  # the artists back at the screen's step (the readouts are unchanged)
            ex.current = current
        if self.player is not None:
            self.player.send(self._positions(made))
        return bool(self.missing())
