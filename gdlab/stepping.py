"""The loop that applies an optimizer step after step, resumable: `Loop(...).take(n)` gives n more iterates.

`gd.run` and the explorers' lazily extended runs (`running.Run`) are both made of it. Two ways
through the same update rule (`Optimizer.rule`, written once with arithmetic only):

- arrays: the gradient and the update on numpy arrays, one call each per step (any problem,
  any dimension, mini-batches);
- floats: for a small full-batch problem with a gradient in plain floats (`Problem.float_grad`),
  the rule in Python floats. On a 2-parameter problem that is many times faster, because a
  numpy call on a 2-element array costs about a microsecond whatever it computes. Python
  floats and numpy float64 are the same IEEE doubles and the rule does the same operations in
  the same order, so the numbers are the same. The rule is traced once into one loop over the
  steps and coordinates (gdlab.fused); where it cannot be (or the fused loop raises), it is
  applied to one coordinate at a time (`_take_rule`).

If a float operation raises (an overflow in `x**2`, a division by an exact zero), the loop
goes on with arrays from the step before, where numpy gives inf or nan as usual.
"""

from __future__ import annotations

import math

import numpy as np

from .optimizers import Optimizer
from .problems import Problem

__all__ = ["Batches", "Loop", "Record"]

#: The largest dimension for which the loop works in floats.
FLOAT_DIM = 4
#: A `Record` keeps every iterate up to DENSE steps, then a checkpoint every STRIDE steps.
DENSE, STRIDE = 1 << 17, 4096


class Batches:
    """Mini-batches of `size` indices: each epoch a permutation of 0..n-1 from `rng`, cut in order."""

    def __init__(self, n: int, size: int, rng: np.random.Generator):
        self.n, self.size, self.rng = n, size, rng
        self._order, self._at = None, n

    def __next__(self) -> np.ndarray:
        if self._at >= self.n:
            self._order, self._at = self.rng.permutation(self.n), 0
        batch = self._order[self._at : self._at + self.size]
        self._at += self.size
        return batch

    def __iter__(self):
        return self

    def copy(self) -> Batches:
        """The same batches from here on, drawn independently of this one."""
        other = Batches(self.n, self.size, np.random.Generator(type(self.rng.bit_generator)()))
        other.rng.bit_generator.state = self.rng.bit_generator.state
        other._order = None if self._order is None else self._order.copy()
        other._at = self._at
        return other


class Loop:
    """θ_1, θ_2, ... of `optimizer` on `problem` from `theta`, computed `take(n)` at a time.

    `finished` is True once a non-finite value has been produced (it is in the last chunk,
    and no more are computed); `step` counts the iterates produced so far.
    """

    def __init__(self, problem: Problem, optimizer: Optimizer, theta: np.ndarray,
                 batches: Batches | None = None):
        self.problem, self.optimizer, self.batches = problem, optimizer, batches
        self.step = 0
        self.finished = False
        self._theta = np.array(theta, dtype=float)
        self._state = optimizer.init(self._theta)
        self._state_type = type(self._state)
        self._fgrad = self._fused = None
        if batches is None and optimizer.rule is not None and problem.dim <= FLOAT_DIM:
            self._fgrad = problem.float_grad()
        if self._fgrad is not None:
            from .fused import fuse  # on first use: `python -m gdlab` (the closed form) compiles no loop

            self._to_floats()
            self._fused = fuse(problem, optimizer, self._slots)

    def copy(self) -> Loop:
        """The loop as it is now, to be resumed independently (a checkpoint of a long run)."""
        other = Loop.__new__(Loop)
        other.__dict__.update(self.__dict__)
        other.batches = None if self.batches is None else self.batches.copy()
        other._theta = self._theta.copy()
        other._state = self._state_type(*(v.copy() if isinstance(v, np.ndarray) else v
                                          for v in self._state))
        if self._fgrad is not None:
            other._xs, other._slots = list(self._xs), list(self._slots)
        return other

    @property
    def floats(self) -> bool:
        """True while the loop works in Python floats (see the module docstring)."""
        return self._fgrad is not None

    def take(self, n: int) -> np.ndarray:
        """The next iterates, shape (m, dim) with m = n unless a non-finite value ended the run."""
        if self.finished or n <= 0:
            return np.empty((0, self.problem.dim))
        rows = []
        if self._fgrad is not None:
            rows.append(self._take_floats(n))
            n -= len(rows[-1])
        if n > 0 and not self.finished:
            rows.append(self._take_arrays(n))
        out = rows[0] if len(rows) == 1 else np.concatenate(rows)
        self.step += len(out)
        return out

    # -- floats
    def _to_floats(self) -> None:
        st = tuple(self._state)
        self._t = st[0]
        self._xs = self._theta.tolist()
        self._slots = [tuple(None if s is None else float(s[j]) for s in st[1:])
                       for j in range(len(self._xs))]

    def _to_arrays(self) -> None:
        slots = [None if self._slots[0][i] is None else np.array([s[i] for s in self._slots])
                 for i in range(len(self._slots[0]))]
        self._theta = np.array(self._xs, dtype=float)
        self._state = self._state_type(self._t, *slots)
        self._fgrad = None

    def _take_floats(self, n: int) -> np.ndarray:
        fused, rows = self._fused, []
        if fused is not None and not fused.ready(self._slots):  # e.g. before momentum's first step
            rows.append(self._take_rule(min(64, n)))  # a piece of 64, where the loop checks anyway
            n -= len(rows[0])
        if n > 0 and self._fgrad is not None and not self.finished:
            if fused is not None and fused.ready(self._slots):
                try:
                    out, self._t, self._xs, self._slots, self.finished = fused(
                        self._t, self._xs, self._slots, n)
                except (ArithmeticError, ValueError):  # the state is as it was: again, rule by rule
                    out = self._take_rule(n)
            else:
                out = self._take_rule(n)
            rows.append(out)
        return rows[0] if len(rows) == 1 else np.concatenate(rows)

    def _take_rule(self, n: int) -> np.ndarray:
        """n steps in floats, the rule applied to one coordinate at a time (on to arrays where one raises)."""
        t, xs, slots = self._t, self._xs, self._slots
        dim, rule, coef, fgrad = len(xs), self.optimizer.rule, self.optimizer.coef, self._fgrad
        out: list = []
        try:
            while len(out) < n:
                for _ in range(min(64, n - len(out))):
                    g, c = fgrad(*xs), coef(t)
                    new = [rule(c, g[j], xs[j], slots[j]) for j in range(dim)]
                    xs, slots = [x for x, _ in new], [s for _, s in new]
                    t += 1
                    out.append(xs)
                if not all(math.isfinite(x) for x in xs):
                    self.finished = True
                    break
        except (ArithmeticError, ValueError):
            self._t, self._xs, self._slots = t, xs, slots
            self._to_arrays()  # go on with numpy from the step before
        else:
            self._t, self._xs, self._slots = t, xs, slots
        return np.array(out, dtype=float).reshape(len(out), self.problem.dim)

    # -- arrays
    def _take_arrays(self, n: int) -> np.ndarray:
        out = np.empty((n, self.problem.dim))
        grad, update, batches = self.problem.grad, self.optimizer.update, self.batches
        theta, state = self._theta, self._state
        done = 0
        with np.errstate(all="ignore"):
            while done < n:
                m = min(64, n - done)
                for i in range(done, done + m):
                    g = grad(theta) if batches is None else grad(theta, next(batches))
                    theta, state = update(g, state, theta)
                    out[i] = theta
                done += m
                if not np.isfinite(theta).all():
                    self.finished = True
                    break
        self._theta, self._state = theta, state
        return out[:done]


class Record:
    """What is kept of a long loop run: every iterate up to `dense` steps, then checkpoints.

    Beyond `dense` steps (DENSE) only a copy of the loop every `stride` steps (STRIDE) is kept,
    and the rows of the last pieces computed, so memory does not grow with the run: a later step
    is found again by resuming the loop from the checkpoint before it (at most `stride` steps,
    the same numbers).
    """

    def __init__(self, problem: Problem, loop: Loop, theta0: np.ndarray, steps: int):
        self.problem, self.steps, self.dense, self.stride = problem, steps, DENSE, STRIDE
        self._params = np.empty((1 + min(steps, 1023), problem.dim))
        self._losses = np.empty(len(self._params))
        self._params[0] = theta0
        with np.errstate(all="ignore"):
            self._losses[0] = problem.loss(theta0)
        self.n = 0  # steps computed (and finite)
        self._checkpoints: dict[int, Loop] = {}
        self._recent: list[tuple[int, np.ndarray, np.ndarray]] = []  # the last pieces past `dense`
        self._replayed: tuple[int, np.ndarray, np.ndarray] | None = None

    def add(self, chunk: np.ndarray, losses: np.ndarray, loop: Loop) -> None:
        """The next rows (steps n+1 ..), computed by `loop`, which now stands after them."""
        start, end = self.n + 1, self.n + len(chunk)
        upto = max(0, min(end, self.dense) - start + 1)  # how many go into the dense arrays
        if upto:
            self._grow(start + upto)
            self._params[start : start + upto] = chunk[:upto]
            self._losses[start : start + upto] = losses[:upto]
        if upto < len(chunk):
            self._recent.append((start + upto, chunk[upto:], losses[upto:]))
            while sum(len(p) for _, p, _ in self._recent) > self.dense:  # keep about `dense` rows
                self._recent.pop(0)
        self.n = end
        if end >= self.dense and not end % self.stride:
            self._checkpoints[end] = loop.copy()

    def _grow(self, end: int) -> None:
        if end > len(self._params):  # by doubling (amortised O(1) per step)
            size = min(self.steps + 1, self.dense + 1, max(end, 2 * len(self._params)))
            for name in ("_params", "_losses"):
                old = getattr(self, name)
                new = np.empty((size, *old.shape[1:]))
                new[: self.n + 1] = old[: self.n + 1]
                setattr(self, name, new)

    def rows(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """(θ_a..θ_{b-1}, losses) for a < b ≤ n + 1: from the arrays, the last piece, or a replay."""
        if b <= self.dense + 1:
            return self._params[a:b], self._losses[a:b]
        if a <= self.dense:
            head, tail = self.rows(a, self.dense + 1), self.rows(self.dense + 1, b)
            return np.concatenate([head[0], tail[0]]), np.concatenate([head[1], tail[1]])
        pieces = [p for p in self._recent if p[0] + len(p[1]) > a and p[0] < b]
        if pieces and pieces[0][0] <= a and pieces[-1][0] + len(pieces[-1][1]) >= b \
                and all(p[0] + len(p[1]) == q[0] for p, q in zip(pieces, pieces[1:])):
            params = np.concatenate([p[1] for p in pieces]) if len(pieces) > 1 else pieces[0][1]
            losses = np.concatenate([p[2] for p in pieces]) if len(pieces) > 1 else pieces[0][2]
            first = pieces[0][0]
            return params[a - first : b - first], losses[a - first : b - first]
        if self._replayed is not None:
            first, params, losses = self._replayed
            if first <= a and b <= first + len(params):
                return params[a - first : b - first], losses[a - first : b - first]
        return self._replay(a, b)

    def _replay(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        at = max(c for c in self._checkpoints if c < a)  # there is one at `dense`
        loop = self._checkpoints[at].copy()
        with np.errstate(all="ignore"):
            params = loop.take(b - 1 - at)
            losses = self.problem.losses(params)
        params, losses = params[a - at - 1 :], losses[a - at - 1 :]
        self._replayed = (a, params, losses)
        return params, losses
