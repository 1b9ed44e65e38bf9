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
from .recording import BLOCK, Tape, record_steps, show_steps
from .schedules import Schedule
from .stepping import Batches, Loop

_CHUNK = 4096  # steps per piece of a run; `progress` is called after each


class Trajectory:
    """Iterates θ_0..θ_K of one run and their full-data losses.

    `losses` has shape (K + 1,), where K = `steps` unless the run diverged: then `diverged_at`
    is the first step whose loss or parameters were not finite, and only the finite iterates
    before it are kept (K = diverged_at − 1). `params` holds the iterates of `recorded_steps`:
    every step 0..K (shape (K + 1, dim)) unless the run was made with `run(..., record=...)`,
    which keeps the iterates of the steps asked for and always the last finite one.
    """

    #: True when any step costs O(1) to look up, however far (the closed form).
    closed_form = False
    _recorded: np.ndarray | None = None  # the steps kept by `record`; None: every step up to `last`

    def __init__(self, params: np.ndarray, losses: np.ndarray, steps: int, diverged_at: int | None = None,
                 recorded_steps: np.ndarray | None = None):
        self._params, self._losses = params, losses
        self.steps, self._diverged_at = steps, diverged_at
        self._recorded = recorded_steps

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

    @property
    def recorded_steps(self) -> np.ndarray:
        """The steps whose θ_k is kept (the rows of `params`): 0..last unless `record` chose fewer."""
        return np.arange(self.last + 1) if self._recorded is None else self._recorded

    def _rows(self, ks: np.ndarray) -> np.ndarray:
        """The rows of `params` that hold steps `ks` (each in 0..last); ValueError for one not kept."""
        if self._recorded is None:
            return ks
        rows = np.minimum(np.searchsorted(self._recorded, ks), len(self._recorded) - 1)
        missing = ks[self._recorded[rows] != ks]
        if missing.size:
            raise ValueError(
                f"step {int(missing[0])} was not recorded: this run kept θ at {len(self._recorded)} "
                f"steps ({show_steps(self._recorded)}); run again with record= including it")
        return rows

    def _states(self, ks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._params[self._rows(ks)], self._losses[ks]

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
        """θ_0 .. θ_k (fewer when the run diverged before k): shape (min(k, last) + 1, dim).

        For a run made with `record=`, the recorded iterates among steps 0..k.
        """
        k = min(check.integer("k", k, 0, self.steps), self.last)
        if self._recorded is None:
            return self.params[: k + 1]
        return self.params[: int(np.searchsorted(self._recorded, k, side="right"))]

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
    record: object = None,
    progress: Callable[[int], None] | None = None,
) -> Trajectory:
    """Apply `optimizer` to `problem` for `steps` updates from `theta0`.

    Full-batch by default. With `batch_size`, each update uses the gradient of a mini-batch:
    every epoch shuffles the data with `np.random.default_rng(seed)` and walks through it in
    batches (the last one may be smaller). The recorded loss is always the full-data loss.
    The run stops at the first non-finite loss or parameter; no numpy warning escapes.

    `record` (default: every step) is an increasing sequence of the steps whose θ_k to keep,
    e.g. `range(0, steps + 1, 100)`: memory for long runs of many parameters (100,000 steps of
    650 parameters are 520 MB). The loss of every step is kept whatever `record` says, and so
    is the last finite iterate; `at(k)` for a step not kept raises ValueError naming k.
    `progress(k)`, if given, is called every 4,096 steps (the CLI shows it on long runs).

    >>> import gdlab as gd
    >>> traj = gd.run(gd.Parabola(), gd.sgd(0.1), [2.0], steps=3)
    >>> traj.params.ravel().round(4).tolist()
    [2.0, 1.6, 1.28, 1.024]
    >>> gd.run(gd.Parabola(), gd.sgd(0.1), [2.0], steps=3, record=[0, 2]).recorded_steps.tolist()
    [0, 2, 3]
    """
    _check_kinds(problem, optimizer)
    theta = check.vector("theta0", theta0, problem.dim)
    steps = check.integer("steps", steps, minimum=0)
    keep = record_steps(record, steps)
    seed = check.seed("seed", seed)
    kept = steps + 1 if keep is None else len(keep) + BLOCK
    check.memory("steps", steps, 8.0 * ((steps + 1) * 3 + kept * problem.dim),
                 "ask for fewer steps, or keep fewer with record= (for plain GD on a quadratic, "
                 "gd.exact_trajectory(...).at(k))")
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a function of the step, got {check.show(progress)}")
    check_start(problem, theta)
    batches = _batches(problem, batch_size, seed)

    # The loop gives its iterates in pieces; the tape writes them to a block of rows, computes
    # a full block's losses in one vectorised call and keeps only its recorded rows. Without
    # `record` the block is the whole run, so nothing is dropped and the losses are computed
    # once at the end.
    # Pieces hold at most 65,536 numbers, so a run of many parameters never holds a long one.
    loop = Loop(problem, optimizer, theta, batches)
    tape = Tape(problem, steps, keep)
    tape.add(theta)
    piece, k, report = max(1, min(_CHUNK, (1 << 16) // problem.dim)), 0, _CHUNK
    with np.errstate(all="ignore"):
        while k < steps and not loop.finished:
            chunk = loop.take(min(piece, steps - k, report - k))
            k += len(chunk)
            if not tape.add_rows(chunk):
                break
            if k == report:
                report += _CHUNK
                if progress is not None and not loop.finished:
                    progress(k)
        tape.flush()
    return tape.trajectory()


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
               batch_size: int | None = None, seed: int | None = None, record: object = None,
               progress: Callable[[int], None] | None = None) -> Trajectory:
    """The run, in closed form where one exists (same numbers as `run`, any k in O(1)), else looped.

    `record` is passed to `run`; the closed form has every step at no cost and ignores it.
    """
    if has_closed_form(problem, optimizer, batch_size):
        from .exact import exact_trajectory

        return exact_trajectory(problem, optimizer.hyperparams["lr"], theta0, steps)
    return run(problem, optimizer, theta0, steps, batch_size=batch_size, seed=seed, record=record,
               progress=progress)


from .runs import Run  # noqa: E402, F401  (a trajectory computed as far as it is looked at)
