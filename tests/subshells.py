"""A kernel subshell as tests need one: a thread with an event loop of its own, and a gate to stop it.

ipykernel 7 runs each kernel subshell on a thread with its own event loop, and JupyterLab sends
widget messages over one: their handlers run there, beside the main thread that runs cells
(see gdlab.explorers.home). `Subshell.deliver(fn, *args)` calls fn there, as a widget message
would. `Gate` makes one interleaving of two threads happen every time: a call made off the
home thread waits at the gate until the test opens it. No timing is measured; the
waits have a long limit only so that a broken test fails instead of hanging.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading

LIMIT = 120.0  # seconds; only against a hang


class Subshell:
    """A thread running an asyncio event loop; `deliver` runs a call on it (a context manager)."""

    def __enter__(self) -> Subshell:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="subshell", daemon=True)
        self.thread.start()
        return self

    def deliver(self, fn, *args) -> concurrent.futures.Future:
        """Call fn(*args) on the subshell's thread; the future holds what it returned."""
        done: concurrent.futures.Future = concurrent.futures.Future()

        def run():
            try:
                done.set_result(fn(*args))
            except BaseException as err:  # handed to whoever waits for it
                done.set_exception(err)

        self.loop.call_soon_threadsafe(run)
        return done

    async def settled(self) -> None:
        """Wait (on another event loop) until the subshell has run everything handed to it so far."""
        await asyncio.wrap_future(self.deliver(lambda: None))

    def __exit__(self, *exc) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(LIMIT)
        self.loop.close()


class Gate:
    """Called from code under test: notes the thread of each call; a call off `home` waits until
    `open()` (calls on `home` never wait)."""

    def __init__(self, home: int):
        self.home = home
        self.threads: list[int] = []
        self.reached = threading.Event()
        self._open = threading.Event()

    def __call__(self) -> None:
        self.threads.append(threading.get_ident())
        self.reached.set()
        if threading.get_ident() != self.home:
            self._open.wait(LIMIT)

    async def wait_reached(self) -> None:
        """Wait, without blocking this event loop, until some thread has reached the gate."""
        await asyncio.to_thread(self.reached.wait, LIMIT)
        assert self.reached.is_set(), "nothing reached the gate"

    def open(self) -> None:
        self._open.set()
