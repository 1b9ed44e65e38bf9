"""`Track`: one run as an explorer draws it, computed and drawn in pieces no longer than a time budget.

A track holds a run (`running.Run`), its path reduced to what the contour panel shows
(`plots.decimate.PathSketch`) and its loss curve reduced to what the loss panel shows
(`CurveColumns`). `advance(k, deadline)` computes the run's iterates up to step k in pieces
and feeds each piece to both, stopping when the deadline passes; so whatever the run costs, a
step change costs what is drawn, and a long run is computed a piece at a time (the explorer
shows its progress and does the rest between frames).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np

from ..plots.decimate import CurveColumns, DrawnPath, PathSketch, panel_pixels, x_pixels
from ..running import Run

__all__ = ["Track", "advance_all"]

_PIECE = 0.02  # seconds of work per piece, so that a deadline is kept to about this much


class Track:
    """A run with its drawn path (on `path_ax` over `view`) and loss curve (on `loss_ax`).

    `fed` iterates (steps 0..fed-1) are drawn so far. `loss_of` maps the run's losses to what
    the loss panel plots (e.g. L − L*).
    """

    def __init__(self, run: Run, *, path_ax=None, view=None, loss_ax=None,
                 loss_of: Callable[[np.ndarray], np.ndarray] | None = None):
        self.run = run
        self.sketch = PathSketch(view, panel_pixels(path_ax)) if path_ax is not None else None
        self.curve = CurveColumns(x_pixels(loss_ax)) if loss_ax is not None else None
        self._loss_of = loss_of
        self.fed = 0
        self._seconds_per_step = 2e-6  # a first guess, measured from then on

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
            n = int(min(max(room / self._seconds_per_step, 64), 1 << 17, left))
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
        if self.curve is not None:
            ys = losses if self._loss_of is None else self._loss_of(losses)
            self.curve.add(np.arange(self.fed, self.fed + len(losses), dtype=float),
                           np.clip(np.nan_to_num(ys, nan=1e300), 1e-300, 1e300))
        self.fed += len(params)

    # -- what to draw at step k (k no further than drawn)
    def step(self, k: int) -> int:
        """The step shown for k: k, or the last finite step when the run diverged before."""
        return max(0, min(k, self.last, self.drawn_up_to))

    def path(self, k: int) -> DrawnPath:
        k = self.step(k)
        return self.sketch.upto(k, self.run.at(k)[0])

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
