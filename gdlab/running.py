"""Running an optimizer on a problem: the one trajectory interface, and where closed form or loop is chosen.

A trajectory is the iterates θ_0..θ_K of one run with their full-data losses. Whatever made
it, it answers the same questions: `at(k)`, `states(ks)`, `path(k)`, `params`, `losses`,
`last`, `diverged_at`. `run` records a loop (`gdlab.stepping`); `gd.exact_trajectory` computes
plain GD on a quadratic in closed form; `trajectory` picks between them, and `Run`
(`gdlab.runs`) extends a loop only as far as it is looked at. Nothing outside these modules
and `exact` asks which kind it has.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import _checks as check
from .optimizers import Optimizer, kind
from .problems import DataProblem, Problem
from .schedules import Schedule
from .stepping import Batches, Loop

_CHUNK = 4096  # steps per piece of a run; `progress` is called after each


class Trajectory:
    """Iterates θ_0..θ_K of one run and their full-data losses.

    `params` has shape (K + 1, dim) and `losses` (K + 1,), where K = `steps` unless the run
    diverged: then `diverged_at` is the first step whose loss or parameters were not finite,
    and only the finite iterates before it are kept (K = diverged_at − 1).
    """

    #: True when any step costs O(1) to look up, however far (the closed form).
    closed_form = False

    def __init__(self, params: np.ndarray, losses: np.ndarray, steps: int, diverged_at: int | None = None):
        self._params, self._losses = params, losses
        self.steps, self._diverged_at = steps, diverged_at

    @property
    def params(self) -> np.ndarray:
        return self._params

    @property
    def losses(self) -> np.ndarray:
        return self._losses

    @property
    def diverged_at(self) -> int | None:
        return self._diverged_at

    @property
    def last(self) -> int:
        """The index of the last finite iterate."""
        return self.steps if self.diverged_at is None else self.diverged_at - 1

    def _states(self, ks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._params[ks], self._losses[ks]

    def states(self, ks: object) -> tuple[np.ndarray, np.ndarray]:
        """(θ_k, L(θ_k)) for each step in `ks` (0..steps; past a divergence, the last finite one)."""
        ks = np.asarray(ks)
        if ks.size and (ks.dtype.kind not in "iu" or ks.min() < 0 or ks.max() > self.steps):
            raise ValueError(f"ks must be whole steps in 0..{self.steps}, got {ks!r:.60}")
        return self._states(np.minimum(ks.astype(np.int64), self.last))

    def at(self, k: int) -> tuple[np.ndarray, float]:
        """(θ_k, L(θ_k)); past a divergence, the last finite iterate."""
        k = min(check.integer("k", k, 0, self.steps), self.last)
        params, losses = self._states(np.array([k]))
        return params[0].copy(), float(losses[0])

    def path(self, k: int) -> np.ndarray:
        """θ_0 .. θ_k (fewer when the run diverged before k): shape (min(k, last) + 1, dim)."""
        k = min(check.integer("k", k, 0, self.steps), self.last)
        return self.params[: k + 1]

    @property
    def final_params(self) -> np.ndarray:
        return self.at(self.steps)[0]

    @property
    def final_loss(self) -> float:
        return self.at(self.steps)[1]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(steps={self.steps}, diverged_at={self.diverged_at})"


def run(
    problem: Problem,
    optimizer: Optimizer,
    theta0: object,
    steps: int,
    *,
    batch_size: int | None = None,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Trajectory:
    """Apply `optimizer` to `problem` for `steps` updates from `theta0`.

    Full-batch by default. With `batch_size`, each update uses the gradient of a mini-batch:
    every epoch shuffles the data with `np.random.default_rng(seed)` and walks through it in
    batches (the last one may be smaller). The recorded loss is always the full-data loss.
    The run stops at the first non-finite loss or parameter; no numpy warning escapes.
    `progress(k)`, if given, is called every 4,096 steps (the CLI shows it on long runs).

    >>> import gdlab as gd
    >>> traj = gd.run(gd.Parabola(), gd.sgd(0.1), [2.0], steps=3)
    >>> traj.params.ravel().round(4).tolist()
    [2.0, 1.6, 1.28, 1.024]
    """
    _check_kinds(problem, optimizer)
    theta = check.vector("theta0", theta0, problem.dim)
    steps = check.integer("steps", steps, minimum=0)
    seed = check.seed("seed", seed)
    check.memory("steps", steps, 3 * 8.0 * (steps + 1) * (problem.dim + 1),
                 "ask for fewer steps (for plain GD on a quadratic, gd.exact_trajectory(...).at(k))")
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a function of the step, got {check.show(progress)}")
    check_start(problem, theta)
    batches = _batches(problem, batch_size, seed)

    loop = Loop(problem, optimizer, theta, batches)
    params = np.empty((steps + 1, problem.dim))
    params[0] = theta
    k = 0
    with np.errstate(all="ignore"):
        while k < steps and not loop.finished:
            chunk = loop.take(min(_CHUNK, steps - k))
            params[k + 1 : k + 1 + len(chunk)] = chunk
            k += len(chunk)
            if progress is not None and not k % _CHUNK and not loop.finished:
                progress(k)
        params = params[: k + 1]
        losses = problem.losses(params)
    bad = np.flatnonzero(~(np.isfinite(losses) & np.isfinite(params).all(axis=1)))
    diverged_at = int(bad[0]) if bad.size else None
    if diverged_at is not None:
        params, losses = params[:diverged_at].copy(), losses[:diverged_at].copy()
    return Trajectory(params, losses, steps, diverged_at)


def _check_kinds(problem: object, optimizer: object) -> None:
    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a gdlab problem, got {type(problem).__name__}")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be made by gd.sgd, gd.adam, ..., got {type(optimizer).__name__}")


def check_start(problem: Problem, theta0: np.ndarray, name: str = "theta0") -> None:
    """The loss and gradient at the start must be finite: else nothing can be run from there."""
    with np.errstate(all="ignore"):
        loss, grad = problem.loss(theta0), problem.grad(theta0)
    if not (np.isfinite(loss) and np.all(np.isfinite(grad))):
        raise ValueError(f"{name} = {check.show(theta0.tolist())}: the loss or its gradient there is not "
                         f"finite (loss {loss!r}); start nearer the minimum, or rescale the data")


def _batches(problem: Problem, batch_size: int | None, seed: int | None) -> Batches | None:
    if batch_size is None:
        return None
    if not isinstance(problem, DataProblem):
        raise TypeError(f"batch_size needs a problem on data, got {problem!r}")
    batch_size = check.integer("batch_size", batch_size, minimum=1, maximum=problem.n)
    return Batches(problem.n, batch_size, np.random.default_rng(seed))


def has_closed_form(problem: Problem, optimizer: Optimizer, batch_size: int | None = None) -> bool:
    """True when the run is plain full-batch GD with a constant lr on a quadratic: θ_k in O(1)."""
    return (getattr(problem, "is_quadratic", False) and batch_size is None and kind(optimizer) == "gd"
            and not isinstance(optimizer.hyperparams["lr"], Schedule))


def trajectory(problem: Problem, optimizer: Optimizer, theta0: object, steps: int, *,
               batch_size: int | None = None, seed: int | None = None,
               progress: Callable[[int], None] | None = None) -> Trajectory:
    """The run, in closed form where one exists (same numbers as `run`, any k in O(1)), else looped."""
    if has_closed_form(problem, optimizer, batch_size):
        from .exact import exact_trajectory

        return exact_trajectory(problem, optimizer.hyperparams["lr"], theta0, steps)
    return run(problem, optimizer, theta0, steps, batch_size=batch_size, seed=seed, progress=progress)


from .runs import Run  # noqa: E402, F401  (a trajectory computed as far as it is looked at)
