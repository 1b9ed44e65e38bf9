"""Learning-rate sweeps for plain gradient descent on a quadratic, from the closed form.

On L(θ) = L* + ½(θ − θ*)ᵀH(θ − θ*), with H = Q diag(λ) Qᵀ and d = Qᵀ(θ₀ − θ*), plain GD
multiplies the i-th coordinate of θ − θ* by c_i = 1 − lr·λ_i at every step, so

    L(θ_k) − L* = ½ Σ_i λ_i c_i^(2k) d_i²      and      ‖θ_k − θ*‖² = Σ_i c_i^(2k) d_i².

Both never increase when every |c_i| ≤ 1 and grow without bound otherwise. The worst case over
starting points shrinks the distance by ρ = max_i |c_i| per step, which is smallest at
lr = 2/(λ_min + λ_max). A sweep over hundreds of learning rates costs milliseconds.

    >>> import gdlab as gd
    >>> problem = gd.LinearRegression(gd.make_linear_data(seed=0))
    >>> s = gd.sweeps.lr_sweep(problem, steps=1000)
    >>> bool(s.best_lr < s.lr_limit)
    True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import _checks as check
from .problems import Problem

#: Steps searched by `steps_to_converge` before giving up (returns None).
MAX_STEPS = 10**12


@dataclass(frozen=True)
class Sweep:
    """Plain GD at each learning rate of `lrs`, from `theta0`.

    gap[i]: L(θ_steps) − L* (inf once it overflows).
    steps_needed[i]: the first k with ‖θ_k − θ*‖ ≤ rtol·‖θ₀ − θ*‖ from this theta0 (-1: never).
    worst_case_steps[i]: the same from the worst starting point, ⌈log(rtol)/log ρ⌉ (-1: never).
    contraction[i]: ρ = max_i |1 − lr·λ_i|, the worst-case shrink factor per step.
    lr_limit = 2/λ_max; best_lr = 2/(λ_min + λ_max), where ρ is smallest.
    """

    lrs: np.ndarray
    gap: np.ndarray
    steps_needed: np.ndarray
    worst_case_steps: np.ndarray
    contraction: np.ndarray
    steps: int
    rtol: float
    lr_limit: float
    best_lr: float
    initial_gap: float


def _modes(problem: Problem, theta0: object) -> tuple[np.ndarray, np.ndarray]:
    """(λ, d²): the Hessian's eigenvalues and the squared coordinates of θ₀ − θ* along them."""
    if not isinstance(problem, Problem) or not problem.is_quadratic:
        raise TypeError(
            "a learning-rate sweep needs a quadratic problem (LinearRegression, Quadratic, "
            f"Parabola, Bowl), got {problem!r}"
        )
    theta0 = check.vector("theta0", theta0, problem.dim)
    eig, Q = np.linalg.eigh(problem.hessian())
    if np.any(eig <= 0):
        raise ValueError(f"the problem must be convex (positive curvatures), got {eig.tolist()}")
    d = Q.T @ (theta0 - problem.solve())
    return eig, d * d


def _lrs(lrs: object) -> np.ndarray:
    try:
        arr = np.array(lrs, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise TypeError(f"lrs must be a sequence of learning rates, got {lrs!r}") from None
    if arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"lrs must be positive finite numbers, got {lrs!r}")
    return arr


def gap_after(problem: Problem, lrs: object, steps: int, theta0: object = (0.0, 0.0)) -> np.ndarray:
    """L(θ_steps) − L* of plain GD from theta0 at each learning rate (inf where it overflows)."""
    eig, d2 = _modes(problem, theta0)
    lrs = _lrs(lrs)
    steps = check.integer("steps", steps, minimum=0)
    c = 1.0 - lrs[:, None] * eig
    with np.errstate(all="ignore"):
        gap = 0.5 * np.sum(eig * d2 * np.power(c * c, float(steps)), axis=1)
    return np.where(np.isfinite(gap), gap, np.inf)


def contraction(problem: Problem, lr: float) -> float:
    """ρ = max_i |1 − lr·λ_i|: the worst-case factor by which one step shrinks ‖θ − θ*‖."""
    eig, _ = _modes(problem, np.zeros(problem.dim))
    lr = check.positive("lr", lr)
    return float(np.max(np.abs(1.0 - lr * eig)))


def steps_to_converge(
    problem: Problem, lr: float, theta0: object = (0.0, 0.0), rtol: float = 1e-6
) -> int | None:
    """The first k with ‖θ_k − θ*‖ ≤ rtol·‖θ₀ − θ*‖ for plain GD at `lr`; None if never.

    Exact (a bisection on the closed form), whatever k is.
    """
    eig, d2 = _modes(problem, theta0)
    lr = check.positive("lr", lr)
    rtol = check.positive("rtol", rtol)
    return _steps(d2, (1.0 - lr * eig) ** 2, rtol)


def worst_case_steps(problem: Problem, lr: float, rtol: float = 1e-6) -> int | None:
    """⌈log(rtol)/log ρ⌉: steps that shrink ‖θ − θ*‖ by rtol from any start; None if ρ ≥ 1."""
    rho = contraction(problem, lr)
    rtol = check.positive("rtol", rtol)
    return _worst(rho, rtol)


def _worst(rho: float, rtol: float) -> int | None:
    if rtol >= 1.0 or rho == 0.0:
        return 0 if rtol >= 1.0 else 1
    if rho >= 1.0:
        return None
    return max(1, math.ceil(math.log(rtol) / math.log(rho) - 1e-9))


def _steps(weights: np.ndarray, rho2: np.ndarray, rtol: float) -> int | None:
    """First k with Σ w_i ρ2_i^k ≤ rtol²·Σ w_i (a squared distance shrinking rtol-fold)."""
    total = float(weights.sum())
    if total == 0.0:
        return 0
    target = rtol * rtol * total
    live = weights > 0
    w, r = weights[live], rho2[live]

    def dist2(k: int) -> float:
        with np.errstate(all="ignore"):
            return float(np.sum(w * r**k))

    if dist2(0) <= target:
        return 0
    if np.any(r >= 1.0):
        return None
    hi = 1
    while dist2(hi) > target:
        hi *= 2
        if hi > MAX_STEPS:
            return None
    lo = hi // 2  # dist2(lo) > target >= dist2(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if dist2(mid) > target else (lo, mid)
    return hi


def lr_sweep(
    problem: Problem,
    lrs: object = None,
    steps: int = 1000,
    theta0: object = (0.0, 0.0),
    rtol: float = 1e-6,
) -> Sweep:
    """Sweep plain GD over learning rates: the gap after `steps`, and the steps to converge.

    Default `lrs`: 300 rates spaced logarithmically from lr_limit/1000 to 1.3·lr_limit, 60 more
    just below the limit, and the best rate and the limit themselves.
    """
    eig, d2 = _modes(problem, theta0)
    limit = 2.0 / float(eig[-1])
    if lrs is None:
        best = 2.0 / float(eig[0] + eig[-1])
        lrs = np.unique(np.concatenate([
            np.geomspace(limit / 1000.0, 1.3 * limit, 300),
            np.linspace(0.95 * limit, limit, 60),  # the corner between the best rate and the limit
            [best, limit],
        ]))
    lrs = _lrs(lrs)
    steps = check.integer("steps", steps, minimum=0)
    rtol = check.positive("rtol", rtol)
    gap = gap_after(problem, lrs, steps, theta0)
    rho = np.max(np.abs(1.0 - lrs[:, None] * eig), axis=1)
    needed = [_steps(d2, (1.0 - lr * eig) ** 2, rtol) for lr in lrs]
    worst = [_worst(float(r), rtol) for r in rho]
    return Sweep(
        lrs=lrs,
        gap=gap,
        steps_needed=np.array([-1 if n is None else n for n in needed], dtype=np.int64),
        worst_case_steps=np.array([-1 if n is None else n for n in worst], dtype=np.int64),
        contraction=rho,
        steps=steps,
        rtol=rtol,
        lr_limit=limit,
        best_lr=2.0 / float(eig[0] + eig[-1]),
        initial_gap=float(0.5 * np.sum(eig * d2)),
    )


def plot_sweep(sweep: Sweep, axes: object = None) -> dict:
    """Two panels against lr (log axes): the loss gap after `steps`, and the steps to converge.

    Marks the stability limit 2/λ_max and the best fixed rate 2/(λ_min + λ_max). Returns the
    artists by name. `axes`: a pair of matplotlib Axes (default: a new figure).
    """
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
    ax_gap, ax_steps = axes
    art: dict = {}
    # Past the limit the gap explodes (up to inf): draw it just above the top of the axes, where
    # the curve leaves the plot, rather than at 1e300, which log axes cannot transform.
    top = 1e4 * max(sweep.initial_gap, 1e-300)
    shown = np.minimum(np.where(np.isfinite(sweep.gap), sweep.gap, np.inf), 10 * top)
    low = float(shown[shown > 0].min(initial=top))
    (art["gap"],) = ax_gap.loglog(sweep.lrs, np.maximum(shown, 1e-300), color="C0")
    ax_gap.set_ylim(max(0.3 * low, 1e-300), top)
    ax_gap.set_xlabel("learning rate")
    ax_gap.set_ylabel(f"L − L* after {sweep.steps:,} steps")
    ax_gap.set_title(f"Where {sweep.steps:,} steps get you")
    ok = sweep.steps_needed >= 0
    (art["steps"],) = ax_steps.loglog(
        sweep.lrs[ok], np.maximum(sweep.steps_needed[ok], 1), color="C0", label="from (0, 0)"
    )
    ok = sweep.worst_case_steps >= 0
    (art["worst"],) = ax_steps.loglog(
        sweep.lrs[ok], sweep.worst_case_steps[ok], color="C1", ls="-.", label="from the worst start"
    )
    ax_steps.set_xlabel("learning rate")
    ax_steps.set_ylabel(f"steps to get {1 / sweep.rtol:,.0f}× closer")
    # Just below the limit the steps needed shoot up without bound: let that leave the top.
    slowest = max(int(sweep.worst_case_steps[0]), int(sweep.steps_needed[0]), 1)
    ax_steps.set_ylim(top=30 * slowest)
    ax_steps.set_title("How long convergence takes")
    for ax in axes:
        art.setdefault("limit", []).append(
            ax.axvline(sweep.lr_limit, color="C3", ls="--", lw=2, zorder=3,
                       label=f"2/λ_max = {sweep.lr_limit:.4g}")
        )
        # Thick and solid under the dashed limit, and named on either side of it: on a badly
        # conditioned problem the two rates are a hair apart and would read as one line.
        art.setdefault("best", []).append(
            ax.axvline(sweep.best_lr, color="C2", ls="-", lw=4, alpha=0.8, zorder=2,
                       label=f"2/(λ_min + λ_max) = {sweep.best_lr:.4g}")
        )
        where = ax.get_xaxis_transform()
        art.setdefault("names", []).extend([
            ax.text(sweep.best_lr, 0.03, "best ", transform=where, ha="right", va="bottom",
                    color="C2", fontweight="bold"),
            ax.text(sweep.lr_limit, 0.03, " limit", transform=where, ha="left", va="bottom",
                    color="C3", fontweight="bold"),
        ])
        art.setdefault("diverging", []).append(
            ax.axvspan(sweep.lr_limit, sweep.lrs.max(), color="C3", alpha=0.12, lw=0)
        )
        ax.grid(True, which="major", alpha=0.3)
    ax_steps.legend(loc="upper right", fontsize=12)
    return art
