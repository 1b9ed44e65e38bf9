"""`Home`: the thread an explorer was made on, where everything it does is done.

A kernel may read widget messages on another thread than the one that runs cells. ipykernel 7
runs each kernel subshell on a thread of its own, and JupyterLab (4.4 and later, by default)
sends widget messages over a subshell: a slider's new value, a browser's draw request to the
canvas, the column's width. Each message then calls its handler on that thread, while what a
cell started (the explorer's background work, `gdlab.explorers.background`) runs on the main
thread's event loop. An explorer's figure, runs and kept frames are not made to be used by two
threads at once. One thread drew the whole figure while the other blitted a frame onto the
same canvas. The blit took the frame the draw was about to send, so the browser's draw request
got no frame and the canvas stayed blank. And a step change on one thread ran while the other
drew the frames ahead of Play, so the step went backwards.

So every handler of a widget message goes through the explorer's `Home`. On the thread the
explorer was made on, the handler runs at once, as it always did. On another thread, it is
handed to that thread's event loop, in the order the messages came, and that thread returns.
It does not wait: a cell that waits for a widget message would otherwise never get it. Nothing
runs there once `closed()` says the explorer is closed.

    home = Home(closed=lambda: explorer_closed)
    slider.observe(home.wrap(handler), names="value")
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .background import event_loop

__all__ = ["Home"]


class Home:
    """The thread (and its kernel event loop, if any) of whoever makes it; see the module docstring."""

    def __init__(self, closed: Callable[[], bool] = lambda: False):
        self.thread = threading.get_ident()
        self.loop = event_loop()  # None in a script or a test: then a call runs where it is made
        self._closed = closed

    def call(self, fn: Callable, *args) -> None:
        """Run `fn(*args)` on the home thread: now if this is it, else next on its event loop."""
        if self.loop is None or threading.get_ident() == self.thread:
            self._run(fn, args)
            return
        try:
            self.loop.call_soon_threadsafe(self._run, fn, args)
        except RuntimeError:  # the home loop is closed (its kernel is shutting down)
            pass

    def wrap(self, fn: Callable) -> Callable:
        """`fn` as a callback that `call`s it home (for observe, on_click, on_msg)."""
        return lambda *args: self.call(fn, *args)

    def _run(self, fn: Callable, args: tuple) -> None:
        if not self._closed():
            fn(*args)
