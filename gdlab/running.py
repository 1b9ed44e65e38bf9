"""Running an optimizer on a problem and recording every iterate: the `Trajectory`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _checks as check
from .optimizers import Optimizer
from .problems import DataProblem, Problem


@dataclass(frozen=True)
class Trajectory:
    """Iterates θ_0..θ_K of one run and their full-data losses.

    `params` has shape (K + 1, dim) and `losses` (K + 1,), where K = `steps` unless the run
    diverged: then `diverged_at` is the first step whose loss or parameters were not finite,
    and only the finite iterates before it are kept (K = diverged_at − 1).
    """

    params: np.ndarray
    losses: np.ndarray
    steps: int
    diverged_at: int | None = None

    @property
    def last(self) -> int:
        """The index of the last finite iterate."""
        return len(self.losses) - 1

    def at(self, k: int) -> tuple[np.ndarray, float]:
        """(θ_k, L(θ_k)); past a divergence, the last finite iterate."""
        k = min(check.integer("k", k, 0, self.steps), self.last)
        return self.params[k].copy(), float(self.losses[k])

    @property
    def final_params(self) -> np.ndarray:
        return self.params[-1].copy()

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])


def run(
    problem: Problem,
    optimizer: Optimizer,
    theta0: object,
    steps: int,
    batch_size: int | None = None,
    seed: int | None = None,
) -> Trajectory:
    """Apply `optimizer` to `problem` for `steps` updates from `theta0`.

    Full-batch by default. With `batch_size`, each update uses the gradient of a mini-batch:
    every epoch shuffles the data with `np.random.default_rng(seed)` and walks through it in
    batches (the last one may be smaller). The recorded loss is always the full-data loss.
    The run stops at the first non-finite loss or parameter; no numpy warning escapes.

    >>> import gdlab as gd
    >>> traj = gd.run(gd.Parabola(), gd.sgd(0.1), [2.0], steps=3)
    >>> traj.params.ravel().round(4).tolist()
    [2.0, 1.6, 1.28, 1.024]
    """
    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a gdlab problem, got {type(problem).__name__}")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be made by gd.sgd, gd.adam, ..., got {type(optimizer).__name__}")
    theta = check.vector("theta0", theta0, problem.dim)
    steps = check.integer("steps", steps, minimum=0)
    batches = None
    if batch_size is not None:
        if not isinstance(problem, DataProblem):
            raise TypeError(f"batch_size needs a problem on data, got {problem!r}")
        batch_size = check.integer("batch_size", batch_size, minimum=1, maximum=problem.n)
        batches = _batches(problem.n, batch_size, np.random.default_rng(seed))

    params = np.empty((steps + 1, problem.dim))
    params[0] = theta
    grad, update = problem.grad, optimizer.update
    last = steps
    with np.errstate(all="ignore"):
        state = optimizer.init(theta)
        for k in range(1, steps + 1):
            g = grad(theta) if batches is None else grad(theta, next(batches))
            theta, state = update(g, state, theta)
            params[k] = theta
            # A non-finite value never turns finite again, so checking now and then is enough
            # to stop early; the exact first step is found below.
            if not k & 63 and not np.isfinite(theta).all():
                last = k
                break
        params = params[: last + 1]
        losses = problem.losses(params)
    bad = np.flatnonzero(~(np.isfinite(losses) & np.isfinite(params).all(axis=1)))
    diverged_at = int(bad[0]) if bad.size else None
    if diverged_at is not None:
        params, losses = params[:diverged_at].copy(), losses[:diverged_at].copy()
    return Trajectory(params, losses, steps, diverged_at)


def _batches(n: int, size: int, rng: np.random.Generator):
    while True:
        order = rng.permutation(n)
        for start in range(0, n, size):
            yield order[start : start + size]
