"""The loss over a 2-D parameter space: contour lines with the descent path and markers for its
start, its current point, the optimum and the true parameters (`loss_contours`, moved by
`set_path`; a long path is cut down to what the panel can show and clipped at the view, with a
marker where it left: `gdlab.plots.decimate`; a dense zig-zag is drawn as its two rails,
`zigzag_from`, `zigzag_rails`, `rails_note`), and a 3-D surface with the path riding on it
(`loss_surface`). The contour levels are L_min + top·10^(−4 … 0), evenly spaced in
log(L − L_min) up to top = L₉₅ − L_min (`loss_levels`), so the narrow valley of an
ill-conditioned problem shows.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.axes import Axes

from .. import _checks as check
from ..i18n import _
from ..problems import DataProblem, LinearRegression, Problem
from .base import checked_ax, checked_path
from .decimate import DrawnPath, decimate_path, panel_pixels
from .style import CONTOUR_CMAP, MARKERS, ROLE, ring, style


def lattice(bounds: tuple[tuple[float, float], ...], n: int) -> tuple[np.ndarray, np.ndarray]:
    """n evenly spaced values along each of the two axes of `bounds`: (xs, ys)."""
    (x0, x1), (y0, y1) = bounds
    return np.linspace(x0, x1, n), np.linspace(y0, y1, n)


def param_names(problem: Problem) -> tuple[str, str]:
    """Axis labels for a 2-D parameter space: (w, b) for regressions, (x, y) for test functions."""
    if isinstance(problem, DataProblem):
        return _("slope w"), _("intercept b")
    return "x", "y"


def loss_levels(values: np.ndarray, *, floor: float | None = None, n: int = 12) -> np.ndarray:
    """Contour levels spaced geometrically above the minimum: even spacing in log(L − L_min).

    L_min is `floor` (e.g. `problem.min_loss()`), unless it is None or above the lowest of
    `values` (a saddle, or a minimum outside the grid): then the lowest of `values`.
    """
    finite = values[np.isfinite(values)]
    lowest = float(finite.min())
    lo = lowest if floor is None or floor > lowest else float(floor)
    hi = float(np.percentile(finite, 95))
    top = max(hi - lo, 1e-12)
    return lo + np.geomspace(top * 1e-4, top, n)


class ContourArtists(NamedTuple):
    contours: object
    path: object
    start: object
    current: object
    optimum: object | None
    true: object | None
    exit: object | None = None  # where the path left the view (hidden while it has not)


def exit_marker(ax: Axes, color: str | None = None):
    """The marker of where a path left the view: a cross on the edge, drawn over it (not clipped)."""
    with style():
        (mark,) = ax.plot([], [], "X", color=ROLE["diverging"] if color is None else color, ms=16,
                          mec="white", mew=1.5, zorder=8, clip_on=False)
    mark.set_in_layout(False)  # an empty line's extent is a marker at the figure's corner
    return mark


def loss_contours(ax: Axes, problem: Problem, path: object = None, *, grid: int = 120,
                  bounds: tuple[tuple[float, float], ...] | None = None, levels: int = 12,
                  true_theta: object = None, color: str | None = None,
                  label: str | None = "") -> ContourArtists:
    """Contours of a 2-D loss with the descent `path` (K, 2), and markers for start, current,
    the optimum (least squares for a regression, known minima otherwise) and the true parameters.

    The levels are spaced geometrically above the minimum so the narrow valley of an
    ill-conditioned problem shows. The axes keep `bounds` whatever the path does. `label` ""
    (default) names the path "descent path".
    """
    ax = checked_ax(ax)
    label = _("descent path") if label == "" else label
    if not isinstance(problem, Problem) or problem.dim != 2:
        raise TypeError(f"problem must be a 2-D gdlab problem, got {problem!r}")
    grid = check.integer("grid", grid, 10, 1000)
    levels = check.integer("levels", levels, 2, 100)
    bounds = problem.bounds if bounds is None else bounds
    path = checked_path("path", path, 2)
    xs, ys = lattice(bounds, grid)
    Z = problem.loss_grid(xs, ys)
    color = ROLE["path"] if color is None else color
    xname, yname = param_names(problem)
    with style():
        cs = ax.contour(xs, ys, Z, levels=loss_levels(Z, floor=problem.min_loss(), n=levels),
                        cmap=CONTOUR_CMAP, linewidths=1.3, alpha=0.75, zorder=1)
        ax.set_xlim(*bounds[0])
        ax.set_ylim(*bounds[1])
        (line,) = ax.plot([], [], color=color, lw=2.2, zorder=4, label=label, solid_joinstyle="round")
        (start,) = ax.plot([], [], label=_("start"), **MARKERS["start"])
        # A hollow ring, with the optimum's star drawn above it: at the end of a run the two
        # sit on one point and both stay visible.
        (current,) = ax.plot([], [], label=_("current"), **ring(0, color))
        exit_ = exit_marker(ax)
        optimum = None
        if problem.minima:
            mins = np.array(problem.minima, dtype=float)
            opt_label = _("least squares") if isinstance(problem, LinearRegression) else _("minimum")
            (optimum,) = ax.plot(mins[:, 0], mins[:, 1], label=opt_label, **MARKERS["optimum"])
        true = None
        if true_theta is None and isinstance(problem, DataProblem):
            d = problem.data
            if d.true_w is not None and d.true_b is not None:
                true_theta = (d.true_w, d.true_b)
        if true_theta is not None:
            t = check.vector("true_theta", true_theta, 2)
            (true,) = ax.plot([t[0]], [t[1]], label=_("true (w, b)"), **MARKERS["true"])
        ax.set_xlim(*bounds[0])
        ax.set_ylim(*bounds[1])
        ax.set_xlabel(xname)
        ax.set_ylabel(yname)
    artists = ContourArtists(cs, line, start, current, optimum, true, exit_)
    if path is not None:
        set_path(artists, path, bounds)
    return artists


def set_path(artists: ContourArtists, path: np.ndarray | DrawnPath,
             bounds: tuple[tuple[float, float], ...]) -> DrawnPath:
    """Show `path` (K, 2) and move the start and current markers to its ends.

    The line gets no more vertices than its panel shows, clipped at `bounds` (the view); where
    the path left the view is marked. `path` may also be a `DrawnPath` made already (what
    explorers keep for a run being computed). Returns what is drawn.
    """
    if not isinstance(path, DrawnPath):
        path = decimate_path(path, bounds, panel_pixels(artists.path.axes))
    show_path(artists.path, artists.current, artists.exit, path, bounds)
    artists.start.set_data(path.start[:1], path.start[1:2])
    return path


def show_path(line, current, exit_, drawn: DrawnPath, bounds: tuple[tuple[float, float], ...]) -> None:
    """Move a path's line, its current marker and its exit marker (may be None) to `drawn`.

    The current marker is hidden while θ_k is outside the view (a diverging run's 1e200 is not
    handed to the renderer); the exit marker stays where the path first left.
    """
    line.set_data(drawn.line[:, 0], drawn.line[:, 1])
    (x0, x1), (y0, y1) = bounds
    x, y = drawn.current[0], drawn.current[1]
    if x0 <= x <= x1 and y0 <= y <= y1:
        current.set_data([x], [y])
    else:
        current.set_data([], [])
    if exit_ is not None:
        point = drawn.exit_point
        exit_.set_data(([point[0]], [point[1]]) if point is not None else ([], []))


def zigzag_from(path: np.ndarray, run: int = 20) -> int | None:
    """The first step k at which `path` has reversed direction `run` times in a row (else None).

    From there on a path is drawn as its two rails (`zigzag_rails`).
    """
    path = np.asarray(path, dtype=float)
    if len(path) < run + 2:
        return None
    s = np.diff(path, axis=0)
    with np.errstate(all="ignore"):
        back = np.einsum("ij,ij->i", s[1:], s[:-1]) < 0  # back[j]: step j+1 reverses step j
    full = np.flatnonzero(np.convolve(back, np.ones(run, dtype=int), mode="valid") == run)
    return int(full[0]) + run + 1 if full.size else None


def zigzag_rails(path: np.ndarray, run: int = 20) -> np.ndarray | None:
    """A path whose steps reverse direction `run` times in a row, drawn as its two rails.

    Near the stability limit each step crosses the valley, and a line through every iterate
    fills the funnel with a solid wedge. The even iterates θ₀, θ₂, … and the odd ones θ₁, θ₃, …
    each lie on one side and form two smooth curves; returned as one array, the two separated
    by a row of NaN (None when the path does not zig-zag like that).
    """
    path = np.asarray(path, dtype=float)
    if zigzag_from(path, run) is None:
        return None
    gap = np.full((1, path.shape[1]), np.nan)
    return np.vstack([path[0::2], gap, path[1::2]])


def rails_note(ax):
    """The note a paths panel shows while a zig-zag is drawn as two rails (hidden otherwise)."""
    with style():
        note = ax.text(0.02, 0.02, _("zig-zag: every second step joined"), transform=ax.transAxes,
                       fontsize=11, ha="left", va="bottom", zorder=10,
                       bbox={"fc": "white", "ec": "none", "alpha": 0.85})
    note.set_visible(False)
    return note


def loss_surface(ax: Axes, problem: Problem, path: object = None, *, grid: int = 60,
                 bounds: tuple[tuple[float, float], ...] | None = None, log: bool = False) -> tuple:
    """A 3-D surface of a 2-D loss (ax must be a 3-D axes), with the path riding on it.

    Returns (surface, path_line). With `log=True` the height is log10(L − L_min + ε), which
    shows the valley floor of an ill-conditioned problem. L_min is the problem's minimum (the
    lowest grid value if it has none) and ε the 5th-lowest L − L_min on the grid: so the grid
    points nearest the minimum make no deep spike, and the path, which goes on to L_min
    itself, ends on the floor of the surface instead of far below it. The path is drawn over
    the surface (it would otherwise be hidden wherever it touches it).
    """
    ax = checked_ax(ax)
    if ax.name != "3d":
        raise TypeError("ax must be a 3-D axes (projection='3d')")
    if not isinstance(problem, Problem) or problem.dim != 2:
        raise TypeError(f"problem must be a 2-D gdlab problem, got {problem!r}")
    grid = check.integer("grid", grid, 5, 400)
    bounds = problem.bounds if bounds is None else bounds
    path = checked_path("path", path, 2)
    xs, ys = lattice(bounds, grid)
    X, Y = np.meshgrid(xs, ys)
    Z = problem.loss_grid(xs, ys)
    finite = Z[np.isfinite(Z)]
    floor = problem.min_loss()
    base = float(finite.min()) if floor is None else min(float(floor), float(finite.min()))
    excess = np.sort(finite - base)
    eps = max(float(excess[min(4, excess.size - 1)]), 1e-12)  # the 5th-lowest on the grid

    def height(z: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.log10(np.maximum(z - base, 0.0) + eps) if log else z

    xname, yname = param_names(problem)
    with style():
        ax.computed_zorder = False  # the path over the surface, not sorted into it by depth
        surf = ax.plot_surface(X, Y, height(Z), cmap=CONTOUR_CMAP, alpha=0.75, linewidth=0,
                               antialiased=True, rcount=grid, ccount=grid, zorder=1)
        line = None
        if path is not None:
            inside = np.all([(path[:, i] >= lo) & (path[:, i] <= hi)
                             for i, (lo, hi) in enumerate(bounds)], axis=0)
            p = path[inside]
            (line,) = ax.plot(p[:, 0], p[:, 1], height(problem.losses(p)), color=ROLE["path"],
                              lw=2.5, zorder=10)
        ax.set_xlabel(xname, labelpad=10)
        ax.set_ylabel(yname, labelpad=10)
        ax.set_zlabel("log10(L − L_min + ε)" if log else _("loss L"), labelpad=10)
    return surf, line
