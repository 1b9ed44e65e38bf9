"""Figures for the course: each function draws on an `ax`, returns its artists, never calls plt.show().

Made for a projector: large fonts, thick lines, the Okabe–Ito colour-blind-safe palette
(`COLORS`), labelled axes. The explorers in `gdlab.widgets` build their panels with these
functions once and then move the returned artists in place.

    import matplotlib.pyplot as plt
    import gdlab as gd
    data = gd.make_linear_data(seed=0)
    problem = gd.LinearRegression(data)
    traj = gd.exact_trajectory(problem, 0.005, [0.0, 0.0], 200)
    fig, (ax1, ax2) = gd.plots.subplots(1, 2)
    gd.plots.data_fit(ax1, data, traj.final_params)
    gd.plots.loss_contours(ax2, problem, traj.params)
"""

from __future__ import annotations

from typing import NamedTuple

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import _checks as check
from .data import Dataset
from .optimizers import OPTIMIZERS, Optimizer
from .problems import DataProblem, Function, LinearRegression, LogisticRegression, Problem
from .running import run

#: The Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
COLORS = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
#: What each colour means across the course, so a colour keeps its meaning from figure to figure.
ROLE = {
    "data": COLORS["grey"],
    "fit": COLORS["vermillion"],
    "path": COLORS["vermillion"],
    "true": COLORS["black"],
    "optimum": COLORS["blue"],
    "start": COLORS["green"],
    "loss": COLORS["blue"],
    "stable": COLORS["green"],
    "oscillating": COLORS["orange"],
    "diverging": COLORS["vermillion"],
}
#: Colours for series in order, where a series has no colour of its own.
SERIES = [COLORS[c] for c in ("vermillion", "blue", "green", "orange", "purple", "sky", "black")]
#: Each optimizer keeps its colour in every race and comparison of the course (from the registry).
OPTIMIZER_COLORS = {name: COLORS[k.color] for name, k in OPTIMIZERS.items()}

#: rcParams for a projector: large type, thick lines, no top/right spines.
PROJECTOR = {
    "font.size": 14,
    "axes.titlesize": 15,
    "axes.labelsize": 14,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "lines.linewidth": 2.5,
    "lines.markersize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.prop_cycle": mpl.cycler(color=SERIES),
}

_BIG = 1e6  # how far past an axis box a drawn point may go before it is clamped (see `_clamp`)


def style() -> mpl.rc_context:
    """A context in which new figures and artists get the projector style.

    >>> with gd.plots.style():
    ...     fig, ax = gd.plots.subplots()
    """
    return mpl.rc_context(PROJECTOR)


def subplots(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] | None = None,
             projection: str | None = None, pyplot: bool = False,
             dpi: float | None = None) -> tuple[Figure, object]:
    """A projector-styled figure and its axes, like plt.subplots.

    With `pyplot=False` (the default) the figure is not registered with pyplot, so the inline
    backend does not show it by itself at the end of a cell and it is freed with its last
    reference. Explorers in live mode pass `pyplot=True` to get ipympl's interactive canvas.
    """
    nrows = check.integer("nrows", nrows, 1, 6)
    ncols = check.integer("ncols", ncols, 1, 6)
    if figsize is None:
        figsize = (5.2 * ncols, 4.4 * nrows)
    with style():
        if pyplot:
            import matplotlib.pyplot as plt

            with plt.ioff():
                fig = plt.figure(figsize=figsize, dpi=dpi)
        else:
            fig = Figure(figsize=figsize, dpi=dpi)
        kw = {} if projection is None else {"projection": projection}
        axes = fig.subplots(nrows, ncols, squeeze=True, subplot_kw=kw)
    return fig, axes


# --- helpers ----------------------------------------------------------------------------------


def _ax(ax: object) -> Axes:
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    return ax


def _path(name: str, path: object, dim: int) -> np.ndarray | None:
    if path is None:
        return None
    try:
        arr = np.array(path, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of shape (K, {dim}), got {type(path).__name__}") from None
    if arr.ndim == 1 and dim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[1] != dim or len(arr) == 0:
        raise ValueError(f"{name} must have shape (K, {dim}) with K >= 1, got shape {arr.shape}")
    return arr


def _clamp(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Values far outside [lo, hi] pulled in to a large finite box: keeps Agg's coordinates sane.

    Points inside the box are untouched; a diverging run's 1e200 becomes a point far off the
    axes, so the line still leaves the plot in the right direction.
    """
    span = max(hi - lo, 1e-12)
    with np.errstate(all="ignore"):
        out = np.clip(values, lo - _BIG * span, hi + _BIG * span)
    return np.nan_to_num(out, nan=hi + _BIG * span)


def clamp_path(path: np.ndarray, bounds: tuple[tuple[float, float], ...]) -> np.ndarray:
    """`path` (K, dim) with each coordinate clamped to a large box around `bounds` (for drawing)."""
    out = np.empty_like(path, dtype=float)
    for i, (lo, hi) in enumerate(bounds):
        out[:, i] = _clamp(path[:, i], lo, hi)
    return out


def _grid(bounds: tuple[tuple[float, float], ...], n: int) -> tuple[np.ndarray, np.ndarray]:
    (x0, x1), (y0, y1) = bounds
    return np.linspace(x0, x1, n), np.linspace(y0, y1, n)


def param_names(problem: Problem) -> tuple[str, str]:
    """Axis labels for a 2-D parameter space: (w, b) for regressions, (x, y) for test functions."""
    if isinstance(problem, DataProblem):
        return "slope w", "intercept b"
    return "x", "y"


def loss_levels(values: np.ndarray, floor: float | None = None, n: int = 12) -> np.ndarray:
    """Contour levels spaced geometrically above the minimum: even spacing in log(L − L_min)."""
    finite = values[np.isfinite(values)]
    lo = float(finite.min()) if floor is None else float(floor)
    hi = float(np.percentile(finite, 95))
    top = max(hi - lo, 1e-12)
    return lo + np.geomspace(top * 1e-4, top, n)


# --- regression -------------------------------------------------------------------------------


class FitArtists(NamedTuple):
    points: object
    fit: object
    true: object | None
    least_squares: object | None


def data_fit(ax: Axes, data: Dataset, theta: object = None, *, true_line: bool = True,
             least_squares: bool = True, xlabel: str = "x", ylabel: str = "y",
             point_size: float = 30.0, fit_width: float = 3.5) -> FitArtists:
    """The data, the line y = w·x + b for `theta`, and the true and least-squares lines.

    The fitted line is `FitArtists.fit`; its y data are always w·x + b at two x values
    spanning the data, so `fit.set_ydata(w * fit.get_xdata() + b)` moves it. The points are
    drawn on top and the dashed least-squares line above the fit, so a fit that lies on the
    points or on least squares hides neither. `point_size` is the scatter size in pt²,
    `fit_width` the fitted line's width in pt.
    """
    ax = _ax(ax)
    if not isinstance(data, Dataset):
        raise TypeError(f"data must be a gdlab Dataset, got {type(data).__name__}")
    problem = LinearRegression(data)
    theta = problem.solve() if theta is None else check.vector("theta", theta, 2)
    point_size = check.positive("point_size", point_size)
    fit_width = check.positive("fit_width", fit_width)
    x0, x1 = float(data.x.min()), float(data.x.max())
    pad = 0.05 * (x1 - x0)
    xs = np.array([x0 - pad, x1 + pad])
    with style():
        points = ax.scatter(data.x, data.y, s=point_size, color=ROLE["data"], alpha=0.8,
                            label="data", zorder=6, edgecolors="none")
        true = None
        if true_line and data.true_w is not None and data.true_b is not None:
            (true,) = ax.plot(xs, data.true_w * xs + data.true_b, color=ROLE["true"], ls=":", lw=2,
                              label=f"true line y = {data.true_w:g}x + {data.true_b:g}", zorder=4)
        ls_line = None
        if least_squares:
            ws, bs = problem.solve()
            (ls_line,) = ax.plot(xs, ws * xs + bs, color=ROLE["optimum"], ls="--", lw=2,
                                 label="least squares", zorder=5)
        (fit,) = ax.plot(xs, theta[0] * xs + theta[1], color=ROLE["fit"], lw=fit_width,
                         label="gradient descent", zorder=3)
        y0, y1 = float(data.y.min()), float(data.y.max())
        ypad = 0.1 * max(y1 - y0, 1e-9)
        ax.set_xlim(xs[0], xs[1])
        ax.set_ylim(y0 - ypad, y1 + ypad)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.legend(loc="upper left", framealpha=0.9, fontsize=11, handlelength=1.5, borderpad=0.3,
                  labelspacing=0.25)
    return FitArtists(points, fit, true, ls_line)


def set_fit(artists: FitArtists, theta: np.ndarray, ylim: tuple[float, float]) -> None:
    """Move the fitted line to `theta`; a wild line stays a (clamped) line, never a runaway axis."""
    xs = artists.fit.get_xdata()
    w, b = float(theta[0]), float(theta[1])
    with np.errstate(all="ignore"):
        ys = w * np.asarray(xs, dtype=float) + b
    artists.fit.set_ydata(_clamp(ys, *ylim))


class ContourArtists(NamedTuple):
    contours: object
    path: object
    start: object
    current: object
    optimum: object | None
    true: object | None


def loss_contours(ax: Axes, problem: Problem, path: object = None, *, grid: int = 120,
                  bounds: tuple[tuple[float, float], ...] | None = None, levels: int = 12,
                  true_theta: object = None, color: str | None = None,
                  label: str | None = "descent path") -> ContourArtists:
    """Contours of a 2-D loss with the descent `path` (K, 2), and markers for start, current,
    the optimum (least squares for a regression, known minima otherwise) and the true parameters.

    The levels are spaced geometrically above the minimum so the narrow valley of an
    ill-conditioned problem shows. The axes keep `bounds` whatever the path does.
    """
    ax = _ax(ax)
    if not isinstance(problem, Problem) or problem.dim != 2:
        raise TypeError(f"problem must be a 2-D gdlab problem, got {problem!r}")
    grid = check.integer("grid", grid, 10, 1000)
    levels = check.integer("levels", levels, 2, 100)
    bounds = problem.bounds if bounds is None else bounds
    path = _path("path", path, 2)
    xs, ys = _grid(bounds, grid)
    Z = problem.loss_grid(xs, ys)
    floor = problem.min_loss()
    if problem.minima and floor is None:
        floor = min(problem.loss(np.array(m)) for m in problem.minima)
    if floor is not None and floor > float(np.nanmin(Z)):
        floor = None  # a saddle or a problem whose minimum is outside the box
    color = ROLE["path"] if color is None else color
    xname, yname = param_names(problem)
    with style():
        cs = ax.contour(xs, ys, Z, levels=loss_levels(Z, floor, levels), cmap="viridis",
                        linewidths=1.3, alpha=0.75, zorder=1)
        if path is None:
            path = np.empty((0, 2))
        drawn = clamp_path(path, bounds)
        (line,) = ax.plot(drawn[:, 0], drawn[:, 1], color=color, lw=2.2, zorder=4, label=label,
                          solid_joinstyle="round")
        first = drawn[:1] if len(drawn) else np.full((1, 2), np.nan)
        last = drawn[-1:] if len(drawn) else np.full((1, 2), np.nan)
        (start,) = ax.plot(first[:, 0], first[:, 1], "o", color=ROLE["start"], mec="white",
                           mew=1.5, ms=11, zorder=5, label="start")
        # A ring, not a disc: at the end of a run it sits on the optimum, which must stay visible.
        (current,) = ax.plot(last[:, 0], last[:, 1], "o", color=color, mfc="none", mec=color,
                             mew=3, ms=17, zorder=7, label="current")
        optimum = None
        if problem.minima:
            mins = np.array(problem.minima, dtype=float)
            opt_label = "least squares" if isinstance(problem, LinearRegression) else "minimum"
            (optimum,) = ax.plot(mins[:, 0], mins[:, 1], "*", color=ROLE["optimum"], ms=22,
                                 mec="white", mew=1.2, zorder=6, label=opt_label)
        true = None
        if true_theta is None and isinstance(problem, DataProblem):
            d = problem.data
            if d.true_w is not None and d.true_b is not None:
                true_theta = (d.true_w, d.true_b)
        if true_theta is not None:
            t = check.vector("true_theta", true_theta, 2)
            (true,) = ax.plot([t[0]], [t[1]], "P", color=ROLE["true"], ms=10, mec="white",
                              mew=1.2, zorder=6, label="true (w, b)")
        ax.set_xlim(*bounds[0])
        ax.set_ylim(*bounds[1])
        ax.set_xlabel(xname)
        ax.set_ylabel(yname)
    return ContourArtists(cs, line, start, current, optimum, true)


def set_path(artists: ContourArtists, path: np.ndarray, bounds: tuple[tuple[float, float], ...]) -> None:
    """Show `path` (K, 2) and move the start and current markers to its ends."""
    drawn = clamp_path(path, bounds)
    artists.path.set_data(drawn[:, 0], drawn[:, 1])
    artists.start.set_data(drawn[:1, 0], drawn[:1, 1])
    artists.current.set_data(drawn[-1:, 0], drawn[-1:, 1])


def loss_surface(ax: Axes, problem: Problem, path: object = None, *, grid: int = 60,
                 bounds: tuple[tuple[float, float], ...] | None = None, log: bool = False) -> tuple:
    """A 3-D surface of a 2-D loss (ax must be a 3-D axes), with the path riding on it.

    Returns (surface, path_line). With `log=True` the height is log10(L − L_min + 1e-3), which
    shows the valley floor of an ill-conditioned problem.
    """
    ax = _ax(ax)
    if getattr(ax, "name", "") != "3d":
        raise TypeError("ax must be a 3-D axes (projection='3d')")
    if not isinstance(problem, Problem) or problem.dim != 2:
        raise TypeError(f"problem must be a 2-D gdlab problem, got {problem!r}")
    grid = check.integer("grid", grid, 5, 400)
    bounds = problem.bounds if bounds is None else bounds
    path = _path("path", path, 2)
    xs, ys = _grid(bounds, grid)
    X, Y = np.meshgrid(xs, ys)
    Z = problem.loss_grid(xs, ys)
    base = float(np.nanmin(Z))

    def height(z: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.log10(z - base + 1e-3) if log else z

    xname, yname = param_names(problem)
    with style():
        surf = ax.plot_surface(X, Y, height(Z), cmap="viridis", alpha=0.75, linewidth=0,
                               antialiased=True, rcount=grid, ccount=grid)
        line = None
        if path is not None:
            inside = np.all([(path[:, i] >= lo) & (path[:, i] <= hi)
                             for i, (lo, hi) in enumerate(bounds)], axis=0)
            p = path[inside]
            (line,) = ax.plot(p[:, 0], p[:, 1], height(problem.losses(p)), color=ROLE["path"],
                              lw=2.5, zorder=10)
        ax.set_xlabel(xname, labelpad=10)
        ax.set_ylabel(yname, labelpad=10)
        ax.set_zlabel("log10(L − min + 0.001)" if log else "loss L", labelpad=10)
    return surf, line


class CurveArtists(NamedTuple):
    curve: object
    done: object
    marker: object
    floor: object | None


def loss_curve(ax: Axes, losses: object, *, steps: object = None, k: int | None = None,
               min_loss: float | None = None, log: bool = True, xlog: bool | None = None,
               color: str | None = None, label: str | None = None,
               ylabel: str = "loss L") -> CurveArtists:
    """The loss against the step k: the whole run faint, the part up to k bold, a marker at k.

    `steps` gives the step of each loss (default 0, 1, 2, ...). `log` puts the loss on a log
    axis; `xlog` (default: when the run is longer than 200 steps) puts k on a symlog axis so
    the first steps and the 100,000th are both visible. `min_loss` draws a dashed floor.
    """
    ax = _ax(ax)
    y = check.data_array("losses", np.asarray(losses, dtype=float).ravel()) if np.size(losses) else None
    if y is None:
        raise ValueError("losses is empty")
    x = np.arange(len(y), dtype=float) if steps is None else np.asarray(steps, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"steps must match losses, got {x.shape} and {y.shape}")
    k = int(x[-1]) if k is None else check.integer("k", k, 0)
    color = ROLE["loss"] if color is None else color
    xlog = bool(x[-1] > 200) if xlog is None else bool(xlog)
    with style():
        (curve,) = ax.plot(x, y, color=color, lw=2, alpha=0.3, zorder=2)
        upto = x <= k
        (done,) = ax.plot(x[upto], y[upto], color=color, lw=3, zorder=3, label=label)
        at = np.interp(k, x, y)
        (marker,) = ax.plot([k], [at], "o", color=color, mec="black", mew=1.5, ms=12, zorder=5)
        floor = None
        if min_loss is not None:
            floor = ax.axhline(check.finite("min_loss", min_loss), color=ROLE["optimum"], ls="--",
                               lw=1.8, label="minimum", zorder=1)
        if log:
            ax.set_yscale("log")
        if xlog:
            ax.set_xscale("symlog", linthresh=1.0, linscale=0.4)
        ax.set_xlim(0, max(float(x[-1]), 1.0))
        set_loss_ylim(ax, y, min_loss, log)
        ax.set_xlabel("step k")
        ax.set_ylabel(ylabel)
    return CurveArtists(curve, done, marker, floor)


def set_loss_ylim(ax: Axes, losses: np.ndarray, min_loss: float | None, log: bool = True) -> None:
    """Y limits that keep a loss curve readable: from just under its lowest value to a few
    times its start; a diverging curve leaves through the top instead of stretching the axis."""
    finite = losses[np.isfinite(losses)]
    start = float(finite[0]) if finite.size else 1.0
    lowest = float(finite.min()) if finite.size else start
    if min_loss is not None:
        lowest = min(lowest, float(min_loss))
    if log:
        top = max(start, lowest) * 20.0
        bottom = max(lowest / 3.0, top * 1e-12, 1e-300) if lowest > 0 else top * 1e-12
        ax.set_ylim(bottom, top)
    else:
        top = max(start, lowest)
        pad = 0.1 * max(top - lowest, 1e-9)
        ax.set_ylim(lowest - pad, top + 4 * pad)


def set_curve(artists: CurveArtists, steps: np.ndarray, losses: np.ndarray, k: int,
              at: float | None = None) -> None:
    """Move the bold part and the marker to step k (`at`: the loss at k, when known exactly)."""
    upto = int(np.searchsorted(steps, k, side="right"))
    ys = _clamp(losses, 1e-300, 1e300)
    artists.done.set_data(steps[:upto], ys[:upto])
    value = np.interp(k, steps, ys) if at is None else at
    artists.marker.set_data([k], [min(max(value, 1e-300), 1e300)])


# --- one dimension ----------------------------------------------------------------------------


class StepArtists(NamedTuple):
    curve: object
    path: object
    points: object
    current: object


def function_1d(ax: Axes, problem: Problem, xs: object = None, *, bounds: tuple[float, float] | None = None,
                n: int = 400) -> StepArtists:
    """f(x) with the descent steps x_0, x_1, ... drawn as a zig-zag on the curve and dots at each x_n."""
    ax = _ax(ax)
    if not isinstance(problem, Function) or problem.dim != 1:
        raise TypeError(f"problem must be a 1-D gdlab function, got {problem!r}")
    lo, hi = problem.bounds[0] if bounds is None else bounds
    grid = np.linspace(lo, hi, n)
    fx = np.asarray(problem.f(grid), dtype=float)
    path = _path("xs", xs, 1)
    with style():
        (curve,) = ax.plot(grid, fx, color=COLORS["blue"], lw=3, zorder=2, label=problem.name)
        (line,) = ax.plot([], [], color=ROLE["path"], lw=1.8, alpha=0.8, zorder=3)
        (points,) = ax.plot([], [], "o", color=ROLE["path"], ms=8, mec="white", zorder=4,
                            label="x₀, x₁, …")
        (current,) = ax.plot([], [], "o", color=ROLE["path"], mec="black", mew=1.5, ms=14, zorder=5,
                             label="current x")
        ax.set_xlim(lo, hi)
        pad = 0.08 * float(np.ptp(fx))
        ax.set_ylim(float(fx.min()) - pad, float(fx.max()) + pad)
        ax.set_xlabel("x")
        ax.set_ylabel("f(x)")
        ax.legend(loc="upper center", framealpha=0.9)
    artists = StepArtists(curve, line, points, current)
    if path is not None:
        set_steps_1d(artists, problem, path[:, 0])
    return artists


def set_steps_1d(artists: StepArtists, problem: Function, xs: np.ndarray) -> None:
    """Show the iterates `xs`: dots on the curve and the staircase x_n → x_{n+1} between them."""
    ax = artists.curve.axes
    lo, hi = ax.get_xlim()
    x = _clamp(np.asarray(xs, dtype=float), lo, hi)
    with np.errstate(all="ignore"):
        fx = _clamp(np.asarray(problem.f(x), dtype=float) * np.ones_like(x), *ax.get_ylim())
    # The staircase: along the curve's height at x_n over to x_{n+1}, then onto the curve.
    zx = np.repeat(x, 2)[1:]
    zy = np.repeat(fx, 2)[:-1]
    artists.path.set_data(zx, zy)
    artists.points.set_data(x, fx)
    artists.current.set_data(x[-1:], fx[-1:])


# --- non-convex maps, learning-rate zones -------------------------------------------------------


class BasinResult(NamedTuple):
    image: object
    labels: np.ndarray
    minima: np.ndarray


def basin_labels(problem: Problem, optimizer: Optimizer, steps: int, grid: int = 40,
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
    xs, ys = _grid(bounds, grid)
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


def basins(ax: Axes, problem: Problem, optimizer: Optimizer, steps: int, grid: int = 40,
           bounds: tuple[tuple[float, float], ...] | None = None) -> BasinResult:
    """A map of which start point ends in which minimum (e.g. Himmelblau's four).

    Each start on a grid×grid lattice is run for `steps` updates; its square is coloured by
    the minimum it ends nearest to, white where the run diverged or went nowhere. Cost:
    grid² runs, so keep grid·grid·steps modest (40·40·200 takes a few seconds).
    """
    ax = _ax(ax)
    xs, ys, labels, minima = basin_labels(problem, optimizer, steps, grid, bounds)
    from matplotlib.colors import ListedColormap

    colors = ["#FFFFFF"] + [SERIES[i % len(SERIES)] for i in range(len(minima))]
    cmap = ListedColormap(colors)
    xname, yname = param_names(problem)
    with style():
        image = ax.imshow(labels + 1, origin="lower", cmap=cmap, vmin=-0.5, vmax=len(minima) + 0.5,
                          extent=(xs[0], xs[-1], ys[0], ys[-1]), aspect="auto", alpha=0.55,
                          interpolation="nearest")
        for i, m in enumerate(minima):
            ax.plot([m[0]], [m[1]], "*", color=SERIES[i % len(SERIES)], mec="black", ms=22,
                    label=f"minimum ({m[0]:.2f}, {m[1]:.2f})")
        if isinstance(problem, Function):
            Z = problem.loss_grid(xs, ys)
            ax.contour(xs, ys, Z, levels=loss_levels(Z, 0.0 if problem.minima else None, 10),
                       colors="black", linewidths=0.8, alpha=0.5)
        ax.set_xlim(xs[0], xs[-1])
        ax.set_ylim(ys[0], ys[-1])
        ax.set_xlabel(xname)
        ax.set_ylabel(yname)
        ax.set_title(f"where each start ends: {optimizer.label}, {steps} steps")
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), framealpha=0.9)
    return BasinResult(image, labels, minima)


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


def lr_zones(ax: Axes, lr_limit: float, lr: float | None = None,
             lr_range: tuple[float, float] | None = None) -> dict:
    """The learning-rate axis (log scale) split into stable / oscillating / diverging zones.

    lr_limit = 2/λ_max; a vertical line marks `lr` if given. Without `lr_range` the axis runs
    from lr_limit/100 to 4·lr_limit, widened to keep `lr` at least a factor 2 inside either
    edge. Returns {"zones": [...], "limit": line, "lr": line or None}.
    """
    ax = _ax(ax)
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
                zones.append(ax.axvspan(a, b, color=ROLE[name], alpha=0.35, lw=0))
                mid = np.sqrt(max(a, lo) * min(b, hi))
                # A zone narrower than a fifth of the axis gets its label upright.
                narrow = np.log(min(b, hi) / max(a, lo)) < 0.2 * np.log(hi / lo)
                ax.text(mid, 0.5, name, ha="center", va="center", fontsize=13,
                        transform=ax.get_xaxis_transform(), rotation=90 if narrow else 0)
        limit = ax.axvline(lr_limit, color="black", lw=2)
        ax.text(lr_limit, 1.02, f"2/λ_max = {lr_limit:.3g}", ha="center", va="bottom",
                transform=ax.get_xaxis_transform(), fontsize=12)
        mark = None
        if lr is not None:
            mark = ax.axvline(lr, color=COLORS["blue"], lw=3, ls="--")
        ax.set_xscale("log")
        ax.set_xlim(lo, hi)
        ax.set_yticks([])
        ax.grid(False)
        ax.set_xlabel("learning rate lr")
    return {"zones": zones, "limit": limit, "lr": mark}


# --- logistic regression ------------------------------------------------------------------------


class LogisticArtists(NamedTuple):
    points: object
    proba: object
    boundary: object


def logistic_fit(ax: Axes, data: Dataset, theta: object = None) -> LogisticArtists:
    """Labels 0/1 against x, the model's probability σ(w·x + b) and its decision boundary x = −b/w."""
    ax = _ax(ax)
    problem = LogisticRegression(data)
    theta = np.zeros(2) if theta is None else check.vector("theta", theta, 2)
    x0, x1 = float(data.x.min()), float(data.x.max())
    pad = 0.05 * (x1 - x0)
    grid = np.linspace(x0 - pad, x1 + pad, 200)
    with style():
        colors = np.where(data.y == 1, COLORS["blue"], COLORS["orange"])
        points = ax.scatter(data.x, data.y, c=colors, s=40, alpha=0.8, zorder=3, edgecolors="none")
        (proba,) = ax.plot(grid, problem.predict_proba(theta, grid), color=ROLE["fit"], lw=3.5,
                           zorder=4, label="σ(w·x + b)")
        boundary = ax.axvline(x0 - 10 * (x1 - x0), color="black", ls="--", lw=2,
                              label="boundary")
        ax.axhline(0.5, color=COLORS["grey"], lw=1, ls=":")
        ax.set_xlim(grid[0], grid[-1])
        ax.set_ylim(-0.08, 1.08)
        ax.set_xlabel("x")
        ax.set_ylabel("label y / P(y = 1)")
        ax.legend(loc="center left", framealpha=0.9, fontsize=11, handlelength=1.5)
    artists = LogisticArtists(points, proba, boundary)
    set_logistic(artists, problem, theta)
    return artists


def set_logistic(artists: LogisticArtists, problem: LogisticRegression, theta: np.ndarray) -> None:
    """Move the probability curve and the boundary (drawn off-axes when w = 0: no boundary)."""
    grid = artists.proba.get_xdata()
    artists.proba.set_ydata(problem.predict_proba(theta, grid))
    w, b = float(theta[0]), float(theta[1])
    lo, hi = artists.proba.axes.get_xlim()
    with np.errstate(all="ignore"):
        x = -b / w if w != 0 else np.inf
    x = float(_clamp(np.array([x]), lo, hi)[0]) if np.isfinite(x) else hi + 10 * (hi - lo)
    artists.boundary.set_xdata([x, x])


# --- figures for notebooks 05–09 ---------------------------------------------------------------


_CLOUDS = [COLORS["sky"], COLORS["green"], COLORS["blue"], COLORS["purple"]]


def batch_gradients(ax: Axes, problem: DataProblem, theta: object,
                    batch_sizes: object = (1, 10, 50), *, draws: int = 200,
                    seed: int | None = 0) -> dict:
    """Mini-batch gradients at θ: one cloud of points per batch size, around the full gradient.

    Each of `draws` batches per size is drawn without replacement, as one step of `gd.run`
    sees it. Every cloud is centred on the full gradient (a star); its spread shrinks like
    1/√(batch size). Later (larger) batches are drawn darker and on top, so the smallest
    cloud stays visible on a projector.
    """
    ax = _ax(ax)
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
                                      zorder=2 + i, label=f"batch size {size}")
        (star,) = ax.plot([full[0]], [full[1]], "*", color=ROLE["fit"], mec="black", ms=17,
                          label="full gradient (all points)", zorder=10)
        ax.axhline(0, color="black", lw=1, zorder=1)
        ax.axvline(0, color="black", lw=1, zorder=1)
        ax.set_xlabel(f"∂L/∂{xname}")
        ax.set_ylabel(f"∂L/∂{yname}")
        ax.set_title(f"mini-batch gradients at θ = ({theta[0]:.3g}, {theta[1]:.3g})")
        ax.legend(framealpha=0.9, loc="best")
    return {"clouds": clouds, "full": star}


def loss_gaps(ax: Axes, runs: dict, min_loss: float, *, per_step: dict | None = None,
              xlabel: str = "step k", window: int = 1) -> dict:
    """L(θ_k) − L* on a log axis for several runs ({label: Trajectory}), one colour each.

    `per_step` ({label: x per step}) changes the x axis, e.g. to epochs (batch size / N per
    step). `window` > 1 draws each noisy run faintly and, bold over it, its geometric mean over
    `window` consecutive steps, so the level a noisy run hovers at can be read off.
    """
    ax = _ax(ax)
    min_loss = check.finite("min_loss", min_loss)
    window = check.integer("window", window, 1)
    lines = {}
    with style():
        for i, (label, traj) in enumerate(runs.items()):
            color = SERIES[i % len(SERIES)]
            gap = np.maximum(np.asarray(traj.losses, dtype=float) - min_loss, 1e-300)
            x = np.arange(len(gap)) * (1.0 if per_step is None else float(per_step[label]))
            thin = max(1, len(gap) // 1000)  # a noisy trace is texture: 1000 points suffice
            if window == 1 or len(gap) < 2 * window:
                (lines[label],) = ax.plot(x[::thin], gap[::thin], lw=1.8, color=color, label=label)
                continue
            ax.plot(x[::thin], gap[::thin], lw=0.8, alpha=0.25, color=color)
            smooth = np.exp(np.convolve(np.log(gap), np.ones(window) / window, mode="valid"))
            (lines[label],) = ax.plot(x[window - 1:][::thin], smooth[::thin], lw=2.8, color=color,
                                      label=label)
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("L(θ_k) − L*")
        ax.legend(framealpha=0.9)
    return lines


def start_to_end_1d(ax: Axes, problem: Function, optimizer: Optimizer, steps: int, *,
                    n: int = 161) -> dict:
    """For a 1-D function: where each start x₀ ends after `steps` updates, against x₀.

    Flat stretches of the result are basins. A dashed line marks each minimum; with two
    minima they are named deep and shallow by their f.
    """
    ax = _ax(ax)
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
        (points,) = ax.plot(starts, ends, "o", ms=4, color=ROLE["path"], label="where x₀ ends")
        mins = sorted(float(m[0]) for m in problem.minima)
        depth = {m: float(problem.loss(np.array([m]))) for m in mins}
        names = {}
        if len(mins) == 2 and depth[mins[0]] != depth[mins[1]]:
            deep = min(mins, key=depth.get)
            names = {m: "deep" if m == deep else "shallow" for m in mins}
        for j, m in enumerate(mins):
            ax.axhline(m, color=ROLE["optimum"], ls="--", lw=1.5)
            # Inside the band between the minima, so the label never leaves the axes.
            below = j == len(mins) - 1 and len(mins) > 1
            ax.annotate(f"{names.get(m, 'minimum')} minimum x = {m:.2f}", (0.5, m),
                        xycoords=("axes fraction", "data"), xytext=(0, -6 if below else 6),
                        textcoords="offset points", ha="center",
                        va="top" if below else "bottom", color=ROLE["optimum"], fontsize=12,
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none",
                              "alpha": 0.85})
        ax.set_xlabel("start x₀")
        ax.set_ylabel(f"x after {steps} steps")
        ax.set_xlim(lo, hi)
        ax.set_title(optimizer.label)
    return {"points": points, "starts": starts, "ends": ends}


def sigmoid_curves(ax: Axes, params: object = ((1.0, 0.0), (3.0, 0.0), (1.0, -2.0)), *,
                   x_range: tuple[float, float] = (-6.0, 6.0)) -> list:
    """σ(w·x + b) for each (w, b) in `params`: w sets the steepness, −b/w the midpoint."""
    from .problems import sigmoid

    ax = _ax(ax)
    x = np.linspace(*x_range, 300)
    lines = []
    with style():
        for i, (w, b) in enumerate(params):
            (line,) = ax.plot(x, sigmoid(w * x + b), color=SERIES[i % len(SERIES)],
                              label=f"w = {w:g}, b = {b:g}")
            lines.append(line)
        ax.axhline(0.5, color=COLORS["grey"], lw=1, ls=":")
        ax.set_ylim(-0.05, 1.05)
        ax.set_xlabel("x")
        ax.set_ylabel("σ(w·x + b)")
        ax.legend(framealpha=0.9, loc="center right")
    return lines


def sigmoid_losses(ax_loss: Axes, ax_grad: Axes, *,
                   z_range: tuple[float, float] = (-8.0, 8.0)) -> dict:
    """For a point with label y = 1, as a function of its score z = w·x + b: the cross-entropy
    and the squared error of σ(z) (left) and their derivatives with respect to z (right)."""
    from . import losses
    from .problems import sigmoid

    ax_loss, ax_grad = _ax(ax_loss), _ax(ax_grad)
    z = np.linspace(*z_range, 400)
    y = np.ones_like(z)
    p = sigmoid(z)
    ce = losses.binary_cross_entropy_with_logits(z, y, reduction="none")
    ce_grad = losses.binary_cross_entropy_with_logits_grad(z, y, reduction="none")
    se = losses.mse(p, y, reduction="none")
    se_grad = losses.mse_grad(p, y, reduction="none") * p * (1.0 - p)  # chain rule through σ
    out = {}
    with style():
        (out["ce"],) = ax_loss.plot(z, ce, color=SERIES[0], label="cross-entropy −log σ(z)")
        (out["se"],) = ax_loss.plot(z, se, color=SERIES[1], label="squared error (σ(z) − 1)²")
        (out["ce_grad"],) = ax_grad.plot(z, ce_grad, color=SERIES[0],
                                         label="cross-entropy: σ(z) − 1")
        (out["se_grad"],) = ax_grad.plot(z, se_grad, color=SERIES[1],
                                         label="squared error: 2(σ − 1)·σ(1 − σ)")
        for ax, title in ((ax_loss, "loss of one point with y = 1"),
                          (ax_grad, "its slope ∂loss/∂z (z < 0: confidently wrong)")):
            ax.axvline(0, color=COLORS["grey"], lw=1, ls=":")
            ax.set_xlabel("score z = w·x + b")
            ax.set_title(title)
        ax_loss.legend(framealpha=0.9, loc="upper right")
        # The slopes lie in [−1, 0]: room below −1 keeps the key off both curves.
        ax_grad.set_ylim(-1.5, 0.08)
        ax_grad.legend(framealpha=0.9, loc="lower right")
        ax_loss.set_ylim(-0.2, min(float(ce.max()), 8.0))
    return out


def loss_shapes(ax_loss: Axes, ax_grad: Axes, *, delta: float = 1.0,
                r_range: tuple[float, float] = (-3.0, 3.0)) -> dict:
    """MSE, MAE and Huber(δ) of one point against its residual r = ŷ − y (left), and their
    gradients with respect to ŷ (right).

    MAE is dashed over a wider Huber line: for |r| > δ their gradients coincide, and both stay
    visible there."""
    from . import losses

    ax_loss, ax_grad = _ax(ax_loss), _ax(ax_grad)
    r = np.linspace(*r_range, 601)
    zero = np.zeros_like(r)
    look = {"MAE": {"ls": (0, (4, 2.5)), "lw": 2.5, "zorder": 4},
            "Huber": {"lw": 5.5, "alpha": 0.75, "zorder": 3}}
    out = {}
    with style():
        for i, (name, (loss, grad)) in enumerate(losses.REGRESSION.items()):
            kw = {"delta": delta} if name == "Huber" else {}
            label = f"Huber, δ = {delta:g}" if name == "Huber" else name
            style_kw = look.get(name, {})
            (out[name],) = ax_loss.plot(r, loss(r, zero, reduction="none", **kw), color=SERIES[i],
                                        label=label, **style_kw)
            (out[name + " grad"],) = ax_grad.plot(r, grad(r, zero, reduction="none", **kw),
                                                  color=SERIES[i], label=label, **style_kw)
        ax_loss.set_ylim(-0.2, 0.6 * r_range[1] ** 2 + 0.5)
        for ax, title, ylabel in ((ax_loss, "loss of one point", "ℓ(r)"),
                                  (ax_grad, "its gradient", "∂ℓ/∂ŷ")):
            ax.set_xlabel("residual r = ŷ − y")
            ax.set_ylabel(ylabel)
            ax.set_title(title)
            ax.legend(framealpha=0.9, loc="upper center")
    return out


def step_size_tradeoff(ax: Axes, hs: object, forward: object, central: object) -> dict:
    """The error of forward and central differences against the step h, on log–log axes, with
    guide lines of slope 1 and 2 (truncation) and −1 (rounding, ε/h)."""
    ax = _ax(ax)
    hs = check.data_array("hs", hs)
    forward, central = check.data_array("forward", forward), check.data_array("central", central)
    eps = np.finfo(float).eps
    out = {}
    with style():
        (out["forward"],) = ax.loglog(hs, np.maximum(forward, 1e-18), "o-", color=SERIES[0],
                                      label="forward (f(x+h) − f(x))/h")
        (out["central"],) = ax.loglog(hs, np.maximum(central, 1e-18), "o-", color=SERIES[1],
                                      label="central (f(x+h) − f(x−h))/2h")
        (out["rounding"],) = ax.loglog(hs, eps / hs, ls=":", color=COLORS["grey"], lw=2,
                                       label="rounding ε/h")
        for i, err in enumerate((forward, central)):
            best = int(np.argmin(err))
            ax.plot([hs[best]], [max(err[best], 1e-18)], "o", ms=16, mfc="none", mec=SERIES[i],
                    mew=2.5)
        ax.set_xlabel("step h")
        ax.set_ylabel("|numeric − exact|")
        ax.set_ylim(1e-13, 10.0)
        ax.legend(framealpha=0.9, loc="upper center")
    return out


# --- figures for notebooks 00–04 ----------------------------------------------------------------


def lr_regimes_1d(axes: object, problem: Function, lrs: list[float], x0: float,
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
        traj = run(problem, _sgd(lr), [x0], steps)
        xs = traj.params[:, 0]
        artists = function_1d(ax, problem, xs)
        ax.get_legend().remove()
        if problem.is_quadratic:
            c = 1.0 - lr * float(problem.hessian()[0, 0])
            title = f"lr = {lr:g}:  1 − lr·f″ = {c:+.2f}\n{_regime(c)}"
        elif traj.diverged_at is not None:
            title = f"lr = {lr:g}\ndiverges (overflow at step {traj.diverged_at})"
        elif abs(xs[-1] - xs[-2]) < 1e-6:
            title = f"lr = {lr:g}\nsettles at x = {xs[-1]:.3f}"
        elif len(xs) >= 3 and (xs[-1] - xs[-2]) * (xs[-2] - xs[-3]) < 0:
            title = f"lr = {lr:g}\nbounces: {xs[-2]:.3f} ↔ {xs[-1]:.3f}"
        else:
            title = f"lr = {lr:g}\nstill moving: x = {xs[-1]:.3f}"
        with style():
            ax.set_title(title, fontsize=13)
        out.append(artists)
    return out


def _regime(c: float) -> str:
    if abs(c) >= 1.0:
        return "diverges" if abs(c) > 1.0 else "bounces forever"
    if c >= 0.5:
        return "slow: creeps in from one side"
    if c >= 0.0:
        return "fast: lands near the minimum"
    return "oscillates, but converges"


def distance_traces(ax: Axes, params: object, target: object, *, names: tuple[str, ...] = ("w", "b"),
                    steps: object = None) -> list:
    """|θ_k − θ*| for each coordinate against the step k, on log axes: which one is still far.

    `params` (K, dim) are the iterates, `target` θ* (e.g. the least-squares (w, b)).
    """
    ax = _ax(ax)
    params = np.asarray(params, dtype=float)
    if params.ndim != 2:
        raise ValueError(f"params must have shape (K, dim), got {params.shape}")
    target = check.vector("target", target, params.shape[1])
    k = np.arange(len(params)) if steps is None else np.asarray(steps, dtype=float)
    lines = []
    with style():
        for i in range(params.shape[1]):
            dist = np.abs(params[:, i] - target[i])
            (line,) = ax.plot(k, np.maximum(dist, 1e-300), color=SERIES[i % len(SERIES)],
                              label=f"|{names[i]} − {names[i]}*|")
            lines.append(line)
        ax.set_yscale("log")
        if k[-1] > 200:
            ax.set_xscale("symlog", linthresh=1.0, linscale=0.4)
        ax.set_xlim(0, max(float(k[-1]), 1.0))
        dist = np.abs(params - target)[np.isfinite(params).all(axis=1)]
        top = float(dist.max(initial=1e-300))
        low = float(dist[dist > 0].min(initial=top))
        # Down to the smallest distance reached, but no lower than rounding level.
        ax.set_ylim(bottom=max(0.3 * low, 1e-16 * top, 1e-300), top=2 * top)
        ax.set_xlabel("step k")
        ax.set_ylabel("distance to the optimum")
        ax.legend(loc="lower left", framealpha=0.9)
    return lines


def lr_schedules(ax: Axes, schedules: dict, steps: int) -> list:
    """The learning rate of each update t = 0 .. steps−1, for {label: Schedule or number}."""
    ax = _ax(ax)
    steps = check.integer("steps", steps, 1)
    t = np.arange(steps)
    lines = []
    with style():
        for i, (label, lr) in enumerate(schedules.items()):
            values = np.array([lr(int(s)) for s in t]) if callable(lr) else np.full(steps, float(lr))
            (line,) = ax.plot(t, values, color=SERIES[i % len(SERIES)], label=str(label))
            lines.append(line)
        ax.set_yscale("log")
        ax.set_xlabel("update t")
        ax.set_ylabel("learning rate")
        ax.legend(loc="lower left", framealpha=0.9)
    return lines


def _sgd(lr: float) -> Optimizer:
    from .optimizers import sgd

    return sgd(lr)
