"""`Run`: a trajectory computed as far as it is looked at, in pieces, with bounded memory.

The explorers' runs. The closed form is used whole; a loop (`gdlab.stepping.Loop`) is resumed
where it stopped whenever a later step is needed, and what it computed is kept by a
`stepping.Record`: every iterate up to 131,072 steps, then checkpoints. It answers the same
questions as every `running.Trajectory`. A run that keeps θ only at chosen steps
(`Run(..., record=steps)`) is a `RecordedRun`: `gd.run(..., record=)` rerun to twice the length.
"""

from __future__ import annotations

import numpy as np

from . import _checks as check
from .optimizers import Optimizer
from .problems import Problem
from .recording import record_steps
from .running import _CHUNK, Trajectory, _batches, _check_kinds, check_start, has_closed_form, trajectory
from .stepping import Loop, Record

__all__ = ["RecordedRun", "Run"]


class Run(Trajectory):
    """A trajectory of up to `steps` steps, computed as far as it is looked at.

    The closed form answers any step in O(1). A loop is computed to `first` steps, and further
    when a later step is asked for (to at least twice as far as known), resuming where it
    stopped (a run of k steps is a prefix of any longer one with the same seed). `computed` is
    how far it is known, `done` whether to its end (or divergence); `extend(k)` computes to step
    k, `iterates(a, b)` gives steps a..b-1: how explorers draw a long run in pieces.
    With `record` (steps in 0..steps whose θ to keep), it is a `RecordedRun`.
    """

    def __new__(cls, *args, record: object = None, **kwargs):
        return super().__new__(RecordedRun if record is not None and cls is Run else cls)

    def __init__(self, problem: Problem, optimizer: Optimizer, theta0: object, steps: int, *,
                 batch_size: int | None = None, seed: int | None = None, first: int = 1000,
                 record: object = None):
        _check_kinds(problem, optimizer)
        self.problem, self.optimizer = problem, optimizer
        self.theta0 = check.vector("theta0", theta0, problem.dim)
        self.batch_size, self.seed = batch_size, check.seed("seed", seed)
        self.steps = check.integer("steps", steps, minimum=0)
        self.closed_form = has_closed_form(problem, optimizer, batch_size)
        if self.closed_form:
            from .exact import exact_trajectory

            self._exact = exact_trajectory(problem, optimizer.hyperparams["lr"], self.theta0, self.steps)
            return
        check_start(problem, self.theta0)
        self._loop = Loop(problem, optimizer, self.theta0, _batches(problem, batch_size, self.seed))
        self._record = Record(problem, self._loop, self.theta0, self.steps)
        self._diverged: int | None = None
        self.extend(min(self.steps, first))

    # -- how far it is known
    @property
    def computed(self) -> int:
        """The last step known: every step up to it can be looked up without computing."""
        return self.steps if self.closed_form else self._record.n

    @property
    def done(self) -> bool:
        """True when nothing is left to compute: the run is known to its end, or diverged."""
        return self.closed_form or self._record.n == self.steps or self._diverged is not None

    def extend(self, k: int) -> None:
        """Compute the run up to step k (or its divergence); nothing when it is known that far."""
        if self.closed_form:
            return
        k = min(k, self.steps)
        problem, loop, record = self.problem, self._loop, self._record
        with np.errstate(all="ignore"):
            while record.n < k and self._diverged is None:
                # Pieces end where the record keeps checkpoints: at `dense`, then every `stride`.
                edge = (record.dense if record.n < record.dense
                        else (record.n // record.stride + 1) * record.stride)
                chunk = loop.take(min(_CHUNK, k - record.n, edge - record.n))
                losses = problem.losses(chunk)
                bad = np.flatnonzero(~(np.isfinite(losses) & np.isfinite(chunk).all(axis=1)))
                if bad.size:
                    self._diverged = record.n + 1 + int(bad[0])
                    chunk, losses = chunk[: bad[0]], losses[: bad[0]]
                record.add(chunk, losses, loop)

    def _extend(self, k: int) -> None:
        if not self.closed_form and k > self._record.n:
            n = self._record.n
            self.extend(max(k, 2 * n) if 2 * n <= self._record.dense else k)

    def iterates(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """(θ_a..θ_{b-1}, their losses), b capped at the last finite step + 1; computed if needed."""
        if self.closed_form:
            b = min(b, self._exact.last + 1)
            return self._exact._states(np.arange(a, max(a, b)))
        self.extend(b - 1)
        return self._record.rows(a, max(a, min(b, self._record.n + 1)))

    @property
    def known(self) -> Trajectory:
        """What is known so far, as a trajectory (built again by replay past 131,072 steps)."""
        if self.closed_form:
            return self._exact
        n = self._record.n
        params, losses = self._record.rows(0, n + 1)
        return Trajectory(params, losses, n, self._diverged)

    def head(self) -> Trajectory:
        """What is known so far, but no further than the steps kept whole (131,072): no replay.

        What an explorer's stability indicator measures a long run on (its `diverged_at` is the
        run's, which may lie past the head).
        """
        if self.closed_form or self._record.n <= self._record.dense:
            return self.known
        n = self._record.dense
        params, losses = self._record.rows(0, n + 1)
        return Trajectory(params, losses, n)

    # -- the trajectory interface, extending the run as far as asked
    @property
    def params(self) -> np.ndarray:
        self._extend(self.steps)
        return self.known.params

    @property
    def losses(self) -> np.ndarray:
        self._extend(self.steps)
        return self.known.losses

    @property
    def diverged_at(self) -> int | None:
        """The step of overflow, as far as the run is known."""
        return self._exact.diverged_at if self.closed_form else self._diverged

    @property
    def last(self) -> int:
        """The last finite step known."""
        return self._exact.last if self.closed_form else self._record.n

    def states(self, ks: object) -> tuple[np.ndarray, np.ndarray]:
        if self.closed_form:
            return self._exact.states(ks)
        ks = np.asarray(ks)
        if not (ks.size and ks.dtype.kind in "iu" and 0 <= ks.min() and ks.max() <= self.steps):
            return self.known.states(ks)  # refuses what is not a step, as every trajectory does
        rows = [self.at(int(k)) for k in ks.ravel()]
        return (np.array([r[0] for r in rows]).reshape(*ks.shape, -1),
                np.array([r[1] for r in rows]).reshape(ks.shape))

    def at(self, k: int) -> tuple[np.ndarray, float]:
        if self.closed_form:
            return self._exact.at(k)
        self._extend(check.integer("k", k, 0, self.steps))
        params, losses = self._record.rows(min(k, self._record.n), min(k, self._record.n) + 1)
        return params[0].copy(), float(losses[0])

    def path(self, k: int) -> np.ndarray:
        if self.closed_form:
            return self._exact.path(k)
        self._extend(check.integer("k", k, 0, self.steps))
        return self._record.rows(0, min(k, self._record.n) + 1)[0]


class RecordedRun(Run):
    """A trajectory that keeps θ only at the steps of `record`, computed as far as it is looked at.

    The closed form is used whole; a loop is run to `first` steps and rerun to twice the
    length when a later step is asked for (a run of k steps is a prefix of any longer run
    with the same seed). Everything known so far is `known`; `at`, `path`, `states` extend it.
    `record` (steps in 0..steps) is passed on to each loop, as far as it reaches. `Run(...,
    record=...)` makes one.
    """

    def __init__(self, problem: Problem, optimizer: Optimizer, theta0: object, steps: int, *,
                 batch_size: int | None = None, seed: int | None = None, first: int = 1000,
                 record: object = None):
        self.problem, self.optimizer, self.theta0 = problem, optimizer, theta0
        self.batch_size, self.seed = batch_size, seed
        self.steps = check.integer("steps", steps, minimum=0)
        self.record = record_steps(record, self.steps)
        self.closed_form = has_closed_form(problem, optimizer, batch_size)
        self._make(self.steps if self.closed_form else min(self.steps, first))

    def _make(self, n: int) -> None:
        record = None if self.record is None else self.record[self.record <= n]
        self._known = trajectory(self.problem, self.optimizer, self.theta0, n,
                                 batch_size=self.batch_size, seed=self.seed, record=record)

    @property
    def known(self) -> Trajectory:
        """What is known so far: a `gd.run(..., record=)` of the steps looked at."""
        return self._known

    def head(self) -> Trajectory:
        return self._known

    def _extend(self, k: int) -> None:
        known = self._known
        if k > known.steps and known.diverged_at is None:
            self._make(min(self.steps, max(k, 2 * known.steps)))

    @property
    def params(self) -> np.ndarray:
        self._extend(self.steps)
        return self.known.params

    @property
    def losses(self) -> np.ndarray:
        self._extend(self.steps)
        return self.known.losses

    @property
    def diverged_at(self) -> int | None:
        """The step of overflow, as far as the run is known."""
        return self.known.diverged_at

    @property
    def last(self) -> int:
        """The last finite step known."""
        return self.known.last

    @property
    def recorded_steps(self) -> np.ndarray:
        """The steps whose θ is kept, as far as the run is known."""
        return self.known.recorded_steps

    @property
    def computed(self) -> int:
        return self.known.steps

    @property
    def done(self) -> bool:
        return self.known.steps == self.steps or self.known.diverged_at is not None

    def extend(self, k: int) -> None:
        self._extend(min(k, self.steps))

    def iterates(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """(θ_k, L(θ_k)) for the recorded steps k in a..b-1 (b capped at the last finite step + 1)."""
        self._extend(min(b - 1, self.steps))
        ks = self.known.recorded_steps
        ks = ks[(ks >= a) & (ks < min(b, self.known.last + 1))]
        return self.known.states(ks)

    def states(self, ks: object) -> tuple[np.ndarray, np.ndarray]:
        ks = np.asarray(ks)
        if ks.size and ks.dtype.kind in "iu" and 0 <= ks.min() and ks.max() <= self.steps:
            self._extend(int(ks.max()))
            ks = np.minimum(ks, self.known.steps)
        return self.known.states(ks) if ks.size else Trajectory.states(self, ks)

    def at(self, k: int) -> tuple[np.ndarray, float]:
        self._extend(check.integer("k", k, 0, self.steps))
        return self.known.at(min(k, self.known.steps))

    def path(self, k: int) -> np.ndarray:
        self._extend(check.integer("k", k, 0, self.steps))
        return self.known.path(min(k, self.known.steps))
