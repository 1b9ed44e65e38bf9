"""Where each start ends: run one optimizer from every start on a lattice and colour the start by the
minimum the run ends nearest to (`basin_labels`, `basins`: Himmelblau's four basins), or, on a 1-D
function, plot the end point against the start x₀ (`start_to_end_1d`), whose flat stretches are the
basins.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap

from .. import _checks as check
from ..i18n import _, ngettext
from ..optimizers import Optimizer
from ..problems import Function, Problem
from ..running import run
from .base import checked_ax
from .landscape import lattice, loss_levels, param_names
from .style import ROLE, SERIES, style


class BasinResult(NamedTuple):
    image: object
    labels: np.ndarray
    minima: np.ndarray


def basin_labels(problem: Problem, optimizer: Optimizer, steps: int, *, grid: int = 40,
                 bounds: tuple[tuple[float, float], ...] | None = None) -> tuple[np.ndarray, ...]:
    """For each start on a grid×grid lattice, the index of the minimum the run ends nearest to
    (−1: diverged or ended far from every minimum). Returns (xs, ys, labels, minima)."""
    if not isinstance(problem, Problem) or problem.dim != 2:
        raise TypeError(f"problem must be a 2-D gdlab problem, got {problem!r}")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be made by gd.sgd, gd.adam, ..., got {type(optimizer).__name__}")
    if not problem.minima:
        raise ValueError(f"problem {problem!r} has no known minima to colour basins by")
    steps = check.integer("steps", steps, 1, 100_000)
    grid = check.integer("grid", grid, 2, 400)
    bounds = problem.bounds if bounds is None else bounds
    xs, ys = lattice(bounds, grid)
    minima = np.array(problem.minima, dtype=float)
    scale = max(hi - lo for lo, hi in bounds)
    labels = np.full((grid, grid), -1, dtype=int)
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            traj = run(problem, optimizer, [x, y], steps)
            if traj.diverged_at is not None:
                continue
            d = np.linalg.norm(minima - traj.final_params, axis=1)
            nearest = int(np.argmin(d))
            if d[nearest] < 0.05 * scale:
                labels[i, j] = nearest
    return xs, ys, labels, minima


def basins(ax: Axes, problem: Problem, optimizer: Optimizer, steps: int, *, grid: int = 40,
           bounds: tuple[tuple[float, float], ...] | None = None) -> BasinResult:
    """A map of which start point ends in which minimum (e.g. Himmelblau's four).

    Each start on a grid×grid lattice is run for `steps` updates; its square is coloured by
    the minimum it ends nearest to, white where the run diverged or went nowhere. Cost:
    grid² runs, so keep grid·grid·steps modest (40·40·200 takes a few seconds).
    """
    ax = checked_ax(ax)
    xs, ys, labels, minima = basin_labels(problem, optimizer, steps, grid=grid, bounds=bounds)
    colors = ["#FFFFFF"] + [SERIES[i % len(SERIES)] for i in range(len(minima))]
    cmap = ListedColormap(colors)
    xname, yname = param_names(problem)
    with style():
        image = ax.imshow(labels + 1, origin="lower", cmap=cmap, vmin=-0.5, vmax=len(minima) + 0.5,
                          extent=(xs[0], xs[-1], ys[0], ys[-1]), aspect="auto", alpha=0.55,
                          interpolation="nearest")
        for i, m in enumerate(minima):
            ax.plot([m[0]], [m[1]], "*", color=SERIES[i % len(SERIES)], mec="black", ms=22,
                    label=_("minimum ({x:.2f}, {y:.2f})").format(x=m[0], y=m[1]))
        if isinstance(problem, Function):
            Z = problem.loss_grid(xs, ys)
            ax.contour(xs, ys, Z, levels=loss_levels(Z, floor=problem.min_loss(), n=10),
                       colors="black", linewidths=0.8, alpha=0.5)
        ax.set_xlim(xs[0], xs[-1])
        ax.set_ylim(ys[0], ys[-1])
        ax.set_xlabel(xname)
        ax.set_ylabel(yname)
        ax.set_title(_("where each start ends: {optimizer}, {steps} steps").format(
            optimizer=optimizer.label, steps=steps))
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), framealpha=0.9)
    return BasinResult(image, labels, minima)


def start_to_end_1d(ax: Axes, problem: Function, optimizer: Optimizer, steps: int, *,
                    n: int = 161) -> dict:
    """For a 1-D function: where each start x₀ ends after `steps` updates, against x₀.

    Flat stretches of the result are basins. A dashed line marks each minimum; with two
    minima they are named deep and shallow by their f.
    """
    ax = checked_ax(ax)
    if not isinstance(problem, Function) or problem.dim != 1:
        raise TypeError(f"problem must be a 1-D gdlab function, got {problem!r}")
    steps = check.integer("steps", steps, 1, 100_000)
    n = check.integer("n", n, 2, 2000)
    lo, hi = problem.bounds[0]
    starts = np.linspace(lo, hi, n)
    ends = np.full(n, np.nan)
    for i, x0 in enumerate(starts):
        traj = run(problem, optimizer, [x0], steps)
        if traj.diverged_at is None:
            ends[i] = traj.final_params[0]
    with style():
        (points,) = ax.plot(starts, ends, "o", ms=4, color=ROLE["path"], label=_("where x₀ ends"))
        mins = sorted(float(m[0]) for m in problem.minima)
        depth = {m: float(problem.loss(np.array([m]))) for m in mins}
        names = {}
        if len(mins) == 2 and depth[mins[0]] != depth[mins[1]]:
            deep = min(mins, key=depth.get)
            names = {m: _("deep minimum x = {x:.2f}") if m == deep else _("shallow minimum x = {x:.2f}")
                     for m in mins}
        for j, m in enumerate(mins):
            ax.axhline(m, color=ROLE["optimum"], ls="--", lw=1.5)
            # Inside the band between the minima, so the label never leaves the axes.
            below = j == len(mins) - 1 and len(mins) > 1
            ax.annotate(names.get(m, _("minimum x = {x:.2f}")).format(x=m), (0.5, m),
                        xycoords=("axes fraction", "data"), xytext=(0, -6 if below else 6),
                        textcoords="offset points", ha="center",
                        va="top" if below else "bottom", color=ROLE["optimum"], fontsize=12,
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none",
                              "alpha": 0.85})
        ax.set_xlabel(_("start x₀"))
        ax.set_ylabel(ngettext("x after {steps} step", "x after {steps} steps", steps).format(steps=steps))
        ax.set_xlim(lo, hi)
        ax.set_title(optimizer.label)
    return {"points": points, "starts": starts, "ends": ends}
