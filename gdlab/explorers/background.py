"""Work an explorer does between frames: a long run computed in pieces on the kernel's event loop.

A control change does at most `CHANGE_BUDGET` seconds of computing before it draws; what is
left (the step asked for, if it was not reached, and then the rest of every run, ahead of
time) is done in pieces of about `PIECE` seconds, each scheduled on the running asyncio loop
(ipykernel's), so the kernel handles the next key press or frame between two pieces. After a
piece the loop is left alone at least as long as the piece took: ipykernel handles one message
over several turns of the loop, and pieces run back to back would delay it by one piece per
turn (a key press waited half a second that way). Without a kernel's running loop (a script,
a test; a loop another library left marked running in this thread does not count) there is
no "between": everything is done at once. A change that needs the whole figure drawn again
(a new legend or function: about 0.1 to 0.25 s of text and contours) leaves that draw to a
piece of its own, as a live canvas leaves it to the browser's next request. `Paced` is how an
explorer updates on a change (`_update`) and what it does between frames (`_work`), with its
progress bar.
"""

from __future__ import annotations

import asyncio
import math
import time
import warnings
from collections.abc import Callable
from contextlib import ExitStack, contextmanager

import ipywidgets as W
import numpy as np

from ..environment import _in_kernel as in_kernel
from .tracks import advance_all

__all__ = ["AFTER_CHANGE", "CHANGE_BUDGET", "PIECE", "Background", "Paced", "event_loop", "quietly"]

#: Seconds of computing a control change may do before it draws.
CHANGE_BUDGET = 0.08
#: Seconds of computing per piece of background work.
PIECE = 0.04
#: The shortest pause between two pieces (seconds).
_GAP = 0.005
#: After a control change, how long the work left waits (s): the new frame goes out and is
#: drawn by the browser first, instead of sharing the machine with the work.
AFTER_CHANGE = 0.05


def event_loop() -> asyncio.AbstractEventLoop | None:
    """The running asyncio loop of a Jupyter kernel, or None (a script, a test)."""
    if not in_kernel():
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Background:
    """Calls `work(deadline)` in pieces while it returns True (more to do), between other events.

    `work` may also return a number of seconds: more to do, but not before that long.
    """

    def __init__(self, work: Callable[[float], bool | float]):
        self._work = work
        self._handle: asyncio.Handle | None = None
        self._running = self._asked = False

    @property
    def busy(self) -> bool:
        return self._handle is not None or self._running

    @property
    def in_kernel(self) -> bool:
        """True when there is an event loop to do work between events on."""
        return event_loop() is not None

    def deadline(self, seconds: float) -> float:
        """When a piece of `seconds` started now must stop; no limit without an event loop."""
        return time.perf_counter() + seconds if event_loop() is not None else math.inf

    def start(self, delay: float = 0.0) -> None:
        """Go on with the work: the next piece within `delay` s (in a kernel), or all of it now.

        A piece already due later (work that waits for the controls to be left alone) is
        brought forward: Play pressed then wants its frames at once.
        """
        if self._running:  # asked from within a piece: one chain of pieces, never two
            self._asked = True
            return
        loop = event_loop()
        if self._handle is not None:
            if loop is None or self._handle.when() <= loop.time() + delay:
                return
            self._handle.cancel()
            self._handle = None
        if loop is None:
            while self._work(math.inf) is True:
                pass
            return
        self._handle = loop.call_later(delay, self._piece)

    def _piece(self) -> None:
        self._handle, self._running, self._asked = None, True, False
        start = time.perf_counter()
        try:
            more = self._work(start + PIECE)
        finally:
            self._running = False
        more = True if self._asked else more
        loop = event_loop()
        if more and loop is not None and self._handle is None:  # after a pause: the piece's length
            pause = max(time.perf_counter() - start, _GAP, 0.0 if more is True else float(more))
            self._handle = loop.call_later(pause, self._piece)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None


#: While a long run is computed, how often (seconds) the figure shows how far it got.
_REDRAW_WHILE_COMPUTING = 0.5
#: While Play plays, the frames ahead of it are drawn in pieces of about this long (s).
_FRAME_PIECE = 0.015
#: Frames for a page (not for a Play under way) wait until the controls were left alone this long
#: (s): while a slider is being moved, frames of each position would be drawn for nothing.
_FRAMES_AFTER = 0.5
#: Work that ends within this long of a change (s) shows no progress bar (see `_show_progress`).
_PROGRESS_AFTER = 0.3


@contextmanager
def quietly():
    """A slider position never raises or warns into the notebook: divergence is said in words."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


class Paced:
    """How an explorer (gdlab.explorers.base.Explorer) updates: within a budget, the rest later."""

    _full_draw_due = False  # the figure must be drawn whole, and that is left to the next piece
    _arrange_due = False  # and laid out again first (see `_arrange_soon`)
    _changed_at = 0.0  # when a control last changed (perf_counter)

    def _update(self, recompute: bool) -> None:
        """A control changed: new runs if needed, compute within the budget, draw what is reached.

        The budget counts from the change: what making the new runs cost (a legend laid out
        again, a stability limit) is taken out of it.
        """
        deadline = self._worker.deadline(CHANGE_BUDGET)
        self._changed_at = time.perf_counter()
        with ExitStack() as held:  # the frame goes out before the readouts' new text
            for w in self._readouts().values():
                held.enter_context(w.hold_sync())
            self._update_frame(recompute, deadline)
        self._show_progress()
        if (self._full_draw_due or not all(t.done for t in self._tracks()) or self._frames_to_make()
                or self._canvas.behind):
            self._worker.start(AFTER_CHANGE)  # the rest between frames (at once without a loop)

    def _readouts(self) -> dict:
        """The explorer's HTML readouts by attribute name (what a frame's step writes)."""
        return {name: w for name, w in vars(self).items() if isinstance(w, W.HTML)}

    def _update_frame(self, recompute: bool, deadline: float) -> None:
        with quietly():
            if recompute:
                self._recompute()
                self._frames.clear()
            advance_all(self._tracks(), self._target(), deadline)
            self._redraw()
        kept = None if recompute else self._frames.get(self.step)
        if kept is not None and self._frames.on_page(self.step):
            self._canvas.drawn_by_page(kept)  # as Play or the step slider moved (explorers.player)
        elif kept is not None:
            self._canvas.show_kept(kept)  # drawn ahead of time (gdlab.explorers.frames)
        elif self._canvas.ready or not self._defers_full_draws():
            self._canvas.refresh()
        else:  # a new background (a legend, a function): drawn whole between frames
            self._full_draw_due = True

    def _arrange_soon(self) -> None:
        """Lay the panels and the legend out again (gdlab.explorers.column), for a full draw: now,
        or in the piece that makes that draw when it is left to one (a legend's columns are
        found by laying it out, which costs its text)."""
        if self._defers_full_draws():
            self._arrange_due = True
        else:
            self._arrange()
        self._canvas.invalidate()

    def _defers_full_draws(self) -> bool:
        """True when a full draw of the figure is left to the work between frames: static frames,
        shown, in a kernel. (A live canvas asks the browser, which asks for the draw later.)"""
        return self.display == "static" and self._widget is not None and self._worker.in_kernel

    def _frames_to_make(self) -> bool:
        """True when the step slider's frames should be drawn ahead: shown, in a kernel, while Play
        plays or a page holds them (gdlab.explorers.player).

        Only then: drawing them costs about a frame each (in pieces of `_FRAME_PIECE` s).
        """
        play = self.controls.get("play")
        return (play is not None and (play.playing or self._frames.ahead) and self._widget is not None
                and self._worker.in_kernel and bool(self._frames.missing()))

    def _page_caught_up(self) -> None:
        """Play stopped (or the explorer is idle): the frame the page drew last goes through the
        canvas too, so that its own copy of the picture (what its view paints again after a
        re-render) is the screen's."""
        play = self.controls.get("play")
        if play is None or not play.playing:
            self._canvas.catch_up()

    def _work(self, deadline: float) -> bool:
        """One piece of background work: first the step asked for, then every run to its end.

        The figure is drawn again when the step asked for is reached, when everything is known,
        and meanwhile every `_REDRAW_WHILE_COMPUTING` seconds (the path growing shows progress).
        """
        if self._closed:
            return False
        if self._full_draw_due:  # in a piece of its own: it costs the whole figure's text
            self._full_draw_due = False
            if self._arrange_due:
                self._arrange_due = False
                with quietly():
                    self._arrange()
            self._canvas.refresh()
            self._drawn_at = time.perf_counter()
            return not all(t.done for t in self._tracks()) or self._frames_to_make()
        target, tracks = self._target(), self._tracks()
        shown, was_done = self.step, all(t.done for t in tracks)
        with quietly():
            if tracks and advance_all(tracks, target, deadline):
                advance_all(tracks, max(t.run.steps for t in tracks), deadline)
            done = all(t.done for t in tracks)
            now = time.perf_counter()
            reached = self.step == target != shown
            if (done and not was_done) or reached or (
                    self.step != shown and now - self._drawn_at >= _REDRAW_WHILE_COMPUTING):
                self._redraw()
                self._canvas.refresh()
                self._drawn_at = now
            more: bool | float = not done
            wait = self._changed_at + _FRAMES_AFTER - now
            if done and self._frames_to_make() and wait > 0 and not self.controls["play"].playing:
                more = wait  # for a page: once the controls are left alone
            elif done and self._frames_to_make():
                # Then the frames ahead of the step shown, a piece at a time.
                more = self._frames.make(min(deadline, time.perf_counter() + _FRAME_PIECE),
                                         after=self.step)
        self._show_progress()
        if not more and self._canvas.behind:  # once the controls are left alone (no flicker back)
            wait = self._changed_at + _FRAMES_AFTER - time.perf_counter()
            if wait > 0:
                more = wait
            else:
                self._page_caught_up()
        return more

    def _show_progress(self) -> None:
        """The progress bar, while the step shown is behind the one asked for or the work has
        lasted `_PROGRESS_AFTER` s (work done sooner would only make it flash at each key press)."""
        tracks = self._tracks()
        shown = not all(t.done for t in tracks) and (
            self.step != self._target() or time.perf_counter() - self._changed_at >= _PROGRESS_AFTER)
        if shown:
            self._computing.value = min(t.progress() for t in tracks)
        self._computing.layout.visibility = "visible" if shown else "hidden"

    def _pending(self) -> dict:
        """For `.current`: the step asked for while a longer run is still computed, else nothing."""
        target = self._target()
        return {"pending_step": target} if self.step != target else {}

