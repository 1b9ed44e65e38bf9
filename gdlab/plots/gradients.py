"""How close a gradient estimate is: mini-batch gradients scattered around the full gradient, their
spread shrinking like 1/√(batch size) (`batch_gradients`), and the error of finite differences
against the step h, O(h) for forward (f(x+h) − f(x))/h and O(h²) for central (f(x+h) − f(x−h))/2h
until rounding, about ε/h, takes over (`step_size_tradeoff`).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from .. import _checks as check
from ..i18n import _
from ..problems import DataProblem
from .base import checked_ax
from .landscape import param_names
from .style import COLORS, ROLE, SERIES, style

_CLOUDS = [COLORS["sky"], COLORS["green"], COLORS["blue"], COLORS["purple"]]


def batch_gradients(ax: Axes, problem: DataProblem, theta: object, *,
                    batch_sizes: object = (1, 10, 50), draws: int = 200,
                    seed: int | None = 0) -> dict:
    """Mini-batch gradients at θ: one cloud of points per batch size, around the full gradient.

    Each of `draws` batches per size is drawn without replacement, as one step of `gd.run`
    sees it. Every cloud is centred on the full gradient (a star); its spread shrinks like
    1/√(batch size). Later (larger) batches are drawn darker and on top, so the smallest
    cloud stays visible on a projector.
    """
    ax = checked_ax(ax)
    if not isinstance(problem, DataProblem):
        raise TypeError(f"problem must be a regression on data, got {problem!r}")
    theta = problem.theta(theta)
    sizes = [check.integer("batch_sizes[i]", b, 1, problem.n)
             for b in np.atleast_1d(batch_sizes).tolist()]
    draws = check.integer("draws", draws, 1, 100_000)
    rng = np.random.default_rng(seed)
    full = problem.grad(theta)
    xname, yname = param_names(problem)
    clouds = {}
    with style():
        for i, size in enumerate(sizes):
            g = np.array([problem.grad(theta, rng.choice(problem.n, size, replace=False))
                          for _ in range(draws)])
            alpha = 0.45 + 0.4 * i / max(len(sizes) - 1, 1)
            clouds[size] = ax.scatter(g[:, 0], g[:, 1], s=18 + 6 * i, alpha=alpha,
                                      edgecolors="none", color=_CLOUDS[i % len(_CLOUDS)],
                                      zorder=2 + i, label=_("batch size {size}").format(size=size))
        (star,) = ax.plot([full[0]], [full[1]], "*", color=ROLE["fit"], mec="black", ms=17,
                          label=_("full gradient (all points)"), zorder=10)
        ax.axhline(0, color="black", lw=1, zorder=1)
        ax.axvline(0, color="black", lw=1, zorder=1)
        ax.set_xlabel(f"∂L/∂{xname}")
        ax.set_ylabel(f"∂L/∂{yname}")
        ax.set_title(_("mini-batch gradients at θ = ({w:.3g}, {b:.3g})").format(w=theta[0], b=theta[1]))
        ax.legend(framealpha=0.9, loc="best")
    return {"clouds": clouds, "full": star}


def step_size_tradeoff(ax: Axes, hs: object, forward: object, central: object) -> dict:
    """The error of forward and central differences against the step h, on log–log axes, with
    the rounding guide ε/h and a ring at each method's best h."""
    ax = checked_ax(ax)
    hs = check.data_array("hs", hs)
    forward, central = check.data_array("forward", forward), check.data_array("central", central)
    eps = np.finfo(float).eps
    out = {}
    with style():
        (out["forward"],) = ax.loglog(hs, np.maximum(forward, 1e-18), "o-", color=SERIES[0],
                                      label=_("forward (f(x+h) − f(x))/h"))
        (out["central"],) = ax.loglog(hs, np.maximum(central, 1e-18), "o-", color=SERIES[1],
                                      label=_("central (f(x+h) − f(x−h))/2h"))
        (out["rounding"],) = ax.loglog(hs, eps / hs, ls=":", color=COLORS["grey"], lw=2,
                                       label=_("rounding ε/h"))
        for i, err in enumerate((forward, central)):
            best = int(np.argmin(err))
            ax.plot([hs[best]], [max(err[best], 1e-18)], "o", ms=16, mfc="none", mec=SERIES[i],
                    mew=2.5)
        ax.set_xlabel(_("step h"))
        ax.set_ylabel(_("|numeric − exact|"))
        ax.set_ylim(1e-13, 10.0)
        ax.legend(framealpha=0.9, loc="upper center")
    return out
