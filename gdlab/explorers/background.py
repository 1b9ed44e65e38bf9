"""Work an explorer does between frames: a long run computed in pieces on the kernel's event loop.

A control change does at most `CHANGE_BUDGET` seconds of computing before it draws; what is
left (the step asked for, if it was not reached, and then the rest of every run, ahead of
time) is done in pieces of about `PIECE` seconds, each scheduled on the running asyncio loop
(ipykernel's), so the kernel handles the next key press or frame between two pieces. After a
piece the loop is left alone at least as long as the piece took: ipykernel handles one message
over several turns of the loop, and pieces run back to back would delay it by one piece per
turn (a key press waited half a second that way). Without a running loop (a script, a test)
there is no "between": everything is done at once.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable

__all__ = ["AFTER_CHANGE", "CHANGE_BUDGET", "PIECE", "Background", "event_loop"]

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
    """The running asyncio loop (in a Jupyter kernel), or None (a script, a test)."""
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

    @property
    def busy(self) -> bool:
        return self._handle is not None

    @property
    def in_kernel(self) -> bool:
        """True when there is an event loop to do work between events on."""
        return event_loop() is not None

    def deadline(self, seconds: float) -> float:
        """When a piece of `seconds` started now must stop; no limit without an event loop."""
        return time.perf_counter() + seconds if event_loop() is not None else math.inf

    def start(self, delay: float = 0.0) -> None:
        """Go on with the work: the next piece after `delay` s (in a kernel), or all of it now."""
        if self._handle is not None:
            return
        loop = event_loop()
        if loop is None:
            while self._work(math.inf) is True:
                pass
            return
        self._handle = loop.call_later(delay, self._piece)

    def _piece(self) -> None:
        self._handle = None
        start = time.perf_counter()
        more = self._work(start + PIECE)
        loop = event_loop()
        if more and loop is not None:  # more, after a pause of at least the piece's length
            pause = max(time.perf_counter() - start, _GAP, 0.0 if more is True else float(more))
            self._handle = loop.call_later(pause, self._piece)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
