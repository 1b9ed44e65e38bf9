"""What the learning rate does to plain GD. On a quadratic each step multiplies the distance to the
minimum along an eigenvector of the Hessian by c = 1 − lr·λ, so with lr_limit = 2/λ_max a run is
stable (every c ≥ 0) up to lr_limit/2, oscillating (the stiffest c in [−1, 0)) up to lr_limit, and
diverging (|c| > 1) beyond: `lr_zone` names the zone of a rate, `lr_zones` draws the three on a log
axis, and `lr_regimes_1d` shows one run per rate on a 1-D function.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from .. import _checks as check
from ..i18n import _
from ..optimizers import sgd
from ..problems import Function
from ..running import run
from .base import checked_ax
from .one_d import StepArtists, function_1d
from .style import COLORS, ZONE_ALPHA, ZONES, style


def lr_zone(lr: float, lr_limit: float) -> str:
    """'stable', 'oscillating' or 'diverging': plain GD on a quadratic with 2/λ_max = lr_limit.

    Below lr_limit/2 every mode shrinks without changing sign; between lr_limit/2 and
    lr_limit the stiffest mode flips sign each step but shrinks (exactly at lr_limit it bounces
    between two points for ever); above lr_limit it grows.
    """
    lr = check.positive("lr", lr)
    lr_limit = check.positive("lr_limit", lr_limit)
    if lr > lr_limit:
        return "diverging"
    return "oscillating" if lr > lr_limit / 2 else "stable"


def zone_name(zone: str) -> str:
    """A zone's name as the course shows it ('stable', 'oscillating', 'on the limit', 'diverging')."""
    names = {"stable": _("stable"), "oscillating": _("oscillating"), "on the limit": _("on the limit"),
             "diverging": _("diverging")}
    return names[zone]


def lr_zones(ax: Axes, lr_limit: float, *, lr: float | None = None,
             lr_range: tuple[float, float] | None = None) -> dict:
    """The learning-rate axis (log scale) split into stable / oscillating / diverging zones.

    lr_limit = 2/λ_max; a vertical line marks `lr` if given. Without `lr_range` the axis runs
    from lr_limit/100 to 4·lr_limit, widened to keep `lr` at least a factor 2 inside either
    edge. Returns {"zones": [...], "limit": line, "lr": line or None}.
    """
    ax = checked_ax(ax)
    lr_limit = check.positive("lr_limit", lr_limit)
    if lr is not None:
        lr = check.positive("lr", lr)
    if lr_range is None:
        lo, hi = lr_limit / 100, lr_limit * 4
        if lr is not None:
            lo, hi = min(lo, lr / 2), max(hi, lr * 2)
    else:
        lo, hi = lr_range
    lo, hi = check.positive("lr_range[0]", lo), check.positive("lr_range[1]", hi)
    if not lo < hi:
        raise ValueError(f"lr_range must have low < high, got {lr_range!r}")
    edges = [(lo, lr_limit / 2, "stable"), (lr_limit / 2, lr_limit, "oscillating"),
             (lr_limit, hi, "diverging")]
    zones = []
    with style():
        for a, b, name in edges:
            if b > a:
                zones.append(ax.axvspan(a, b, color=ZONES[name], alpha=ZONE_ALPHA, lw=0))
                mid = np.sqrt(max(a, lo) * min(b, hi))
                # A zone narrower than a fifth of the axis gets its label upright.
                narrow = np.log(min(b, hi) / max(a, lo)) < 0.2 * np.log(hi / lo)
                ax.text(mid, 0.5, zone_name(name), ha="center", va="center", fontsize=13,
                        transform=ax.get_xaxis_transform(), rotation=90 if narrow else 0)
        limit = ax.axvline(lr_limit, color="black", lw=2)
        ax.text(lr_limit, 1.02, f"2/λ_max = {lr_limit:.3g}", ha="center", va="bottom",
                transform=ax.get_xaxis_transform(), fontsize=12)
        mark = None
        if lr is not None:
            mark = ax.axvline(lr, color=COLORS["black"], lw=3, ls="--")
        ax.set_xscale("log")
        ax.set_xlim(lo, hi)
        ax.set_yticks([])
        ax.grid(False)
        ax.set_xlabel(_("learning rate lr"))
    return {"zones": zones, "limit": limit, "lr": mark}


def lr_regimes_1d(axes: object, problem: Function, lrs: list[float], x0: float, *,
                  steps: int = 8) -> list[StepArtists]:
    """One panel per learning rate: `steps` updates of plain GD on a 1-D function from x0.

    On a quadratic each title gives the factor c = 1 − lr·f″ by which every step multiplies
    the distance x − x* (0 < c < 1 creeps, c < 0 flips side, |c| > 1 diverges); on any other
    function it says where the run ends.
    """
    if not isinstance(problem, Function) or problem.dim != 1:
        raise TypeError(f"problem must be a 1-D gdlab function, got {problem!r}")
    axes = list(np.ravel(np.asarray(axes, dtype=object)))
    lrs = [check.positive("lr", lr) for lr in lrs]
    if len(axes) != len(lrs):
        raise ValueError(f"need one ax per learning rate, got {len(axes)} axes and {len(lrs)} lrs")
    steps = check.integer("steps", steps, 1, 10_000)
    x0 = check.finite("x0", x0)
    out = []
    for ax, lr in zip(axes, lrs):
        traj = run(problem, sgd(lr), [x0], steps)
        xs = traj.params[:, 0]
        artists = function_1d(ax, problem, xs)
        ax.get_legend().remove()
        if problem.is_quadratic:
            c = 1.0 - lr * float(problem.hessian()[0, 0])
            title = f"lr = {lr:g}:  1 − lr·f″ = {c:+.2f}\n{_regime(c)}"
        elif traj.diverged_at is not None:
            title = _("lr = {lr:g}\ndiverges (overflow at step {step})").format(lr=lr, step=traj.diverged_at)
        elif abs(xs[-1] - xs[-2]) < 1e-6:
            title = _("lr = {lr:g}\nsettles at x = {x:.3f}").format(lr=lr, x=xs[-1])
        elif len(xs) >= 3 and (xs[-1] - xs[-2]) * (xs[-2] - xs[-3]) < 0:
            title = _("lr = {lr:g}\nbounces: {a:.3f} ↔ {b:.3f}").format(lr=lr, a=xs[-2], b=xs[-1])
        else:
            title = _("lr = {lr:g}\nstill moving: x = {x:.3f}").format(lr=lr, x=xs[-1])
        with style():
            ax.set_title(title, fontsize=13)
        out.append(artists)
    return out


def _regime(c: float) -> str:
    if abs(c) >= 1.0:
        return _("diverges") if abs(c) > 1.0 else _("bounces forever")
    if c >= 0.5:
        return _("slow: creeps in from one side")
    if c >= 0.0:
        return _("fast: lands near the minimum")
    return _("oscillates, but converges")
