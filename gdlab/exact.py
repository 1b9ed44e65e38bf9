"""Plain gradient descent on a quadratic in closed form, through the Hessian's eigendecomposition.

On L(θ) = L* + ½(θ − θ*)ᵀH(θ − θ*) the update θ ← θ − lr·H(θ − θ*) gives

    θ_k = θ* + (I − lr·H)^k (θ_0 − θ*) = θ* + Q diag((1 − lr·λ_i)^k) Qᵀ (θ_0 − θ*),

so any single step costs O(1) in k, and all of them one vectorised power.
"""

from __future__ import annotations

import math
from functools import cached_property

import numpy as np

from . import _checks as check
from .problems import Problem
from .running import Trajectory, check_start


class ExactTrajectory(Trajectory):
    """The iterates of plain GD on a quadratic, computed on demand.

    `at(k)` and `states(ks)` are O(1) per step; `params`, `losses` (all steps) are computed
    once on first use, and `path(k)` grows a cached prefix by doubling; `diverged_at` matches
    `run`: the first step whose loss or parameters overflow.
    """

    closed_form = True

    def __init__(self, problem: Problem, lr: float, theta0: np.ndarray, steps: int):
        self.problem, self.lr, self.steps = problem, lr, steps
        self.theta0 = theta0
        self._star = problem.solve()
        self._min = problem.min_loss()
        self._eig, self._Q = np.linalg.eigh(problem.hessian())
        self._d0 = self._Q.T @ (theta0 - self._star)
        self._c = 1.0 - lr * self._eig  # each eigen-direction is multiplied by c_i per step
        self._prefix = np.empty((0, problem.dim))
        self._loss0 = problem.loss(theta0)

    def _states(self, ks: np.ndarray, powers: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        with np.errstate(all="ignore"):
            if powers is None:
                powers = np.power(self._c, np.asarray(ks, dtype=float)[..., None])
            modes = powers * self._d0
            params = self._star + modes @ self._Q.T
            losses = self._min + (modes * modes) @ (0.5 * self._eig)
        start = np.asarray(ks) == 0
        if start.ndim == 0:  # step 0 is θ₀ itself, not θ* + Q Qᵀ(θ₀ − θ*) with its rounding
            return (self.theta0.copy(), self._loss0) if start else (params, losses)
        if start.any():
            params[start], losses[start] = self.theta0, self._loss0
        return params, losses

    def upto(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(θ_0..θ_n, L(θ_0)..L(θ_n)) by products rather than powers: 100,001 steps in a few ms."""
        n = check.integer("n", n, 0, self.steps)
        check.memory("steps", n, 4 * 8.0 * (n + 1) * (len(self._c) + 1),
                     "look up single steps with .at(k) or .states(ks) instead of every iterate")
        return self._states(np.arange(n + 1), self._powers_upto(n + 1))

    def _powers_upto(self, n: int, block: int = 512) -> np.ndarray:
        """c_i^k for k = 0..n-1 as products, not pow calls: c^(jB + r) = (c^B)^j · c^r.

        Two short cumulative products keep the relative error below ~1e-13 and run several
        times faster than np.power over every k.
        """
        c, dim = self._c, len(self._c)
        with np.errstate(all="ignore"):
            small = np.cumprod(np.vstack([np.ones(dim), np.tile(c, (block - 1, 1))]), axis=0)
            blocks = -(-n // block)
            big = np.cumprod(np.vstack([np.ones(dim), np.tile(c**block, (blocks - 1, 1))]), axis=0)
            return (big[:, None, :] * small[None, :, :]).reshape(-1, dim)[:n]

    def path(self, k: int) -> np.ndarray:
        k = min(check.integer("k", k, 0, self.steps), self.last)
        if k >= len(self._prefix):
            self._prefix = self.upto(min(self.last, max(k, 2 * len(self._prefix), 256)))[0]
        return self._prefix[: k + 1]

    def _finite(self, k: int) -> bool:
        theta, loss = self._states(np.asarray(k))
        return bool(math.isfinite(float(loss)) and np.isfinite(theta).all())

    @cached_property
    def diverged_at(self) -> int | None:
        # Once a growing mode overflows it stays overflowed, so bisect in O(log steps).
        if self._finite(self.steps):
            return None
        lo, hi = 0, self.steps  # finite at lo, not at hi
        if not self._finite(0):
            return 0
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if self._finite(mid) else (lo, mid)
        return hi

    @cached_property
    def _all(self) -> tuple[np.ndarray, np.ndarray]:
        return self.upto(self.last)

    @property
    def params(self) -> np.ndarray:
        return self._all[0]

    @property
    def losses(self) -> np.ndarray:
        return self._all[1]

    def to_trajectory(self) -> Trajectory:
        """The same iterates as a recorded `Trajectory` (arrays in memory)."""
        return Trajectory(self.params, self.losses, self.steps, self.diverged_at)

    def __repr__(self) -> str:
        return f"ExactTrajectory({self.problem!r}, lr={self.lr!r}, steps={self.steps})"


def exact_trajectory(problem: Problem, lr: float, theta0: object, steps: int) -> ExactTrajectory:
    """Plain full-batch GD on a quadratic problem in closed form, equal to `run(problem, sgd(lr), ...)`.

    >>> import gdlab as gd
    >>> gd.exact_trajectory(gd.Parabola(), 0.1, [2.0], 10**6).at(3)[0].round(4).tolist()
    [1.024]
    """
    if not isinstance(problem, Problem) or not problem.is_quadratic:
        raise TypeError(
            "exact_trajectory needs a quadratic problem (LinearRegression, Quadratic, Parabola, Bowl), "
            f"got {problem!r}"
        )
    lr = check.positive("lr", lr)
    theta0 = check.vector("theta0", theta0, problem.dim)
    steps = check.integer("steps", steps, minimum=0)
    check_start(problem, theta0)
    check.finite_result("lr", lr * float(np.abs(problem.hessian()).max()), "lr·λ_max")
    return ExactTrajectory(problem, lr, theta0, steps)
