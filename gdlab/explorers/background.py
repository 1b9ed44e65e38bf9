"""Work an explorer does between frames: a long run computed in pieces on the kernel's event loop.

A control change does at most `CHANGE_BUDGET` seconds of computing before it draws; what is
left (the step asked for, if it was not reached, and then the rest of every run, ahead of
time) is done in pieces of about `PIECE` seconds, each scheduled on the running asyncio loop
(ipykernel's), so the kernel handles the next key press or frame between two pieces. Without
a running loop (a script, a test) there is no "between": everything is done at once.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable

__all__ = ["CHANGE_BUDGET", "PIECE", "Background", "event_loop"]

#: Seconds of computing a control change may do before it draws.
CHANGE_BUDGET = 0.08
#: Seconds of computing per piece of background work.
PIECE = 0.04


def event_loop() -> asyncio.AbstractEventLoop | None:
    """The running asyncio loop (in a Jupyter kernel), or None (a script, a test)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Background:
    """Calls `work(deadline)` in pieces while it returns True (more to do), between other events."""

    def __init__(self, work: Callable[[float], bool]):
        self._work = work
        self._handle: asyncio.Handle | None = None

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def deadline(self, seconds: float) -> float:
        """When a piece of `seconds` started now must stop; no limit without an event loop."""
        return time.perf_counter() + seconds if event_loop() is not None else math.inf

    def start(self) -> None:
        """Go on with the work: the next piece soon (in a kernel), or all of it now (without one)."""
        if self._handle is not None:
            return
        loop = event_loop()
        if loop is None:
            while self._work(math.inf):
                pass
            return
        self._handle = loop.call_soon(self._piece)

    def _piece(self) -> None:
        self._handle = None
        if self._work(time.perf_counter() + PIECE):
            loop = event_loop() or asyncio.get_event_loop_policy().get_event_loop()
            self._handle = loop.call_soon(self._piece)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
