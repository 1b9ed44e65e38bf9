"""`Track`: one run as an explorer draws it, computed and drawn in pieces no longer than a time budget.

A track holds a run (`running.Run`), its path reduced to what the contour panel shows
(`plots.decimate.PathSketch`) and its loss curve reduced to what the loss panel shows
(`CurveColumns`). `advance(k, deadline)` computes the run's iterates up to step k in pieces
and feeds each piece to both, stopping when the deadline passes; so whatever the run costs, a
step change costs what is drawn, and a long run is computed a piece at a time (the explorer
shows its progress and does the rest between frames).

A path that zig-zags across a valley 20 times in a row within its first 4,000 steps
(`plots.zigzag_from`) is drawn from then on as its two rails, the even and the odd iterates,
each a sketch of its own: a line through every iterate would fill the funnel with a solid
wedge. `railed(k)` says whether step k is drawn so.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np

from ..plots.decimate import CurveColumns, DrawnPath, PathSketch, panel_pixels, x_pixels
from ..plots.landscape import zigzag_from
from ..running import Run

__all__ = ["Track", "advance_all"]

_PIECE = 0.02  # seconds of work per piece, so that a deadline is kept to about this much
#: Steps of a track's first piece, before its cost per step is measured (a logistic or Adam
#: step costs 20 times a closed-form one: a guessed cost would overshoot a deadline as much).
FIRST_PIECE = 64
_RAILS_WITHIN = 4000  # a zig-zag is looked for in the first this many steps


class Track:
    """A run with its drawn path (on `path_ax` over `view`) and loss curve (on `loss_ax`).

    `fed` iterates (steps 0..fed-1) are drawn so far. `loss_of` maps the run's losses to what
    the loss panel plots (e.g. L − L*).
    """

    def __init__(self, run: Run, *, path_ax=None, view=None, loss_ax=None,
                 loss_of: Callable[[np.ndarray], np.ndarray] | None = None):
        self.run = run
        self._axes, self._view, self._loss_of = (path_ax, loss_ax), view, loss_of
        self.resize()

    def resize(self) -> None:
        """Draw again from step 0 for the panels' size now (the explorer re-arranged its panels)."""
        path_ax, loss_ax = self._axes
        self.sketch = PathSketch(self._view, panel_pixels(path_ax)) if path_ax is not None else None
        self._size = panel_pixels(path_ax) if path_ax is not None else None
        #: The first step drawn as two rails (see the module docstring), None while it is not.
        self.rails_from: int | None = None
        self._rails: tuple[PathSketch, PathSketch] | None = None  # even iterates, odd iterates
        self._head: list[np.ndarray] | None = [] if path_ax is not None else None  # looked at for a zig-zag
        self.curve = CurveColumns(x_pixels(loss_ax)) if loss_ax is not None else None
        self.fed = 0
        self._seconds_per_step: float | None = getattr(self, "_seconds_per_step", None)  # measured

    # -- how far it is drawn
    @property
    def last(self) -> int:
        """The last step there will ever be to draw (the run's end, or its last finite step)."""
        return self.run.last if self.run.done else self.run.steps

    def ready(self, k: int) -> bool:
        """True when step k (or the last finite step, if the run diverged before) can be drawn."""
        return self.fed > min(k, self.last)

    @property
    def done(self) -> bool:
        return self.ready(self.run.steps)

    @property
    def drawn_up_to(self) -> int:
        """The last step drawn so far."""
        return self.fed - 1

    def progress(self) -> float:
        """How much of the run is drawn, 0..1."""
        return 1.0 if self.done else self.fed / (self.run.steps + 1)

    # -- computing and feeding, within a deadline
    def advance(self, k: int, deadline: float = math.inf) -> bool:
        """Draw up to step k, in pieces, until the deadline (time.perf_counter()); True when ready."""
        while not self.ready(k):
            now = time.perf_counter()
            if now >= deadline and self.fed:  # step 0 is always drawn, whatever the deadline
                return False
            room = min(deadline - now, _PIECE)
            left = min(k, self.run.steps) + 1 - self.fed
            per_step = self._seconds_per_step
            n = int(min(FIRST_PIECE if per_step is None else max(room / per_step, 64), 1 << 17, left))
            params, losses = self.run.iterates(self.fed, self.fed + max(n, 1))
            if not len(params):  # diverged before k: the run is done
                break
            self._feed(params, losses)
            elapsed = time.perf_counter() - now
            self._seconds_per_step = max(elapsed / len(params), 1e-8)
        return self.ready(k)

    def _feed(self, params: np.ndarray, losses: np.ndarray) -> None:
        if self.sketch is not None:
            self.sketch.add(params)
            self._feed_rails(params)
        if self.curve is not None:
            ys = losses if self._loss_of is None else self._loss_of(losses)
            self.curve.add(np.arange(self.fed, self.fed + len(losses), dtype=float),
                           np.clip(np.nan_to_num(ys, nan=1e300), 1e-300, 1e300))
        self.fed += len(params)

    def _feed_rails(self, params: np.ndarray) -> None:
        start = self.fed
        if self._head is not None:  # not decided yet: every iterate so far is in the head
            self._head.append(params[: max(0, _RAILS_WITHIN - start)])
            at = zigzag_from(np.concatenate(self._head))
            if at is None and start + len(params) < _RAILS_WITHIN:
                return
            everything, self._head = np.concatenate([*self._head[:-1], params]), None
            if at is None:
                return
            self.rails_from = at
            self._rails = (PathSketch(self._view, self._size), PathSketch(self._view, self._size))
            params, start = everything, 0
        if self._rails is not None:
            first = start % 2  # the row of the first even step
            self._rails[0].add(params[first::2])
            self._rails[1].add(params[1 - first :: 2])

    def railed(self, k: int) -> bool:
        """True when step k's path is drawn as its two rails."""
        return self.rails_from is not None and self.step(k) >= self.rails_from

    # -- what to draw at step k (k no further than drawn)
    def step(self, k: int) -> int:
        """The step shown for k: k, or the last finite step when the run diverged before."""
        return max(0, min(k, self.last, self.drawn_up_to))

    def path(self, k: int) -> DrawnPath:
        k = self.step(k)
        drawn = self.sketch.upto(k, self.run.at(k)[0])
        if not self.railed(k):
            return drawn
        even, odd = (rail.upto(j, self.run.at(2 * j + i)[0])
                     for i, (rail, j) in enumerate(zip(self._rails, (k // 2, (k - 1) // 2))))
        line = np.vstack([even.line, np.full((1, 2), np.nan), odd.line])
        return drawn._replace(line=line)

    def loss_curve(self, k: int | None = None, at: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(steps, plotted losses) of the curve drawn so far, or up to step k ending at `at`."""
        if k is not None and at is not None and self._loss_of is not None:
            at = float(self._loss_of(np.array([at]))[0])
        return self.curve.upto(None if k is None else self.step(k), at)


def advance_all(tracks: list[Track], k: int, deadline: float) -> bool:
    """Advance every track towards step k, sharing the time left fairly; True when all are ready."""
    waiting = [t for t in tracks if not t.ready(k)]
    for i, track in enumerate(waiting):
        now = time.perf_counter()
        track.advance(k, now + (deadline - now) / (len(waiting) - i) if deadline < math.inf else deadline)
    return all(t.ready(k) for t in tracks)
