"""A model against its data: the line y = w·x + b over the points, with the true and least-squares
lines (`data_fit`, moved by `set_fit`); the logistic model's probability σ(w·x + b), where
σ(z) = 1/(1 + e^−z), over the labels 0/1, with its decision boundary x = −b/w (`logistic_fit`,
moved by `set_logistic`); and σ(w·x + b) for a few (w, b) (`sigmoid_curves`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.axes import Axes

from .. import _checks as check
from ..data import Dataset
from ..i18n import _
from ..problems import LinearRegression, LogisticRegression, sigmoid
from .base import checked_ax, clamp
from .style import CLASS_COLORS, COLORS, ROLE, SERIES, style


class FitArtists(NamedTuple):
    points: object
    fit: object
    true: object | None
    least_squares: object | None


def data_fit(ax: Axes, data: Dataset, theta: object = None, *, true_line: bool = True,
             least_squares: bool = True, xlabel: str = "x", ylabel: str = "y",
             point_size: float = 30.0, fit_width: float = 3.5, label: str | None = None,
             color: str | None = None) -> FitArtists:
    """The data, the line y = w·x + b for `theta`, and the true and least-squares lines.

    The fitted line is `FitArtists.fit`; its y data are always w·x + b at two x values
    spanning the data, so `fit.set_ydata(w * fit.get_xdata() + b)` moves it. The points are
    drawn on top and the dashed least-squares line above the fit, so a fit that lies on the
    points or on least squares hides neither. `point_size` is the scatter size in pt²,
    `fit_width` the fitted line's width in pt; `label` and `color` those of the fitted line
    (default: plain GD's colour; `label` default: "gradient descent").
    """
    ax = checked_ax(ax)
    label = _("gradient descent") if label is None else label
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
                            label=_("data"), zorder=6, edgecolors="none")
        true = None
        if true_line and data.true_w is not None and data.true_b is not None:
            (true,) = ax.plot(xs, data.true_w * xs + data.true_b, color=ROLE["true"], ls=":", lw=2,
                              label=_("true line y = {w:g}x + {b:g}").format(w=data.true_w, b=data.true_b),
                              zorder=4)
        ls_line = None
        if least_squares:
            ws, bs = problem.solve()
            (ls_line,) = ax.plot(xs, ws * xs + bs, color=ROLE["optimum"], ls="--", lw=2,
                                 label=_("least squares"), zorder=5)
        (fit,) = ax.plot(xs, theta[0] * xs + theta[1], color=ROLE["fit"] if color is None else color,
                         lw=fit_width, label=label, zorder=3)
        y0, y1 = float(data.y.min()), float(data.y.max())
        ypad = 0.1 * max(y1 - y0, 1e-9)
        ax.set_xlim(xs[0], xs[1])
        ax.set_ylim(y0 - ypad, y1 + ypad)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.legend(loc="upper left", framealpha=0.9, fontsize=11, handlelength=1.5, borderpad=0.3,
                  labelspacing=0.25)
    return FitArtists(points, fit, true, ls_line)


def set_fit(artists: FitArtists, theta: np.ndarray, ylim: tuple[float, float]) -> str:
    """Move the fitted line to `theta`. A line that misses the panel, or crosses it so steeply
    that it would look vertical, is hidden, and the returned note says so ('' otherwise)."""
    xs = np.asarray(artists.fit.get_xdata(), dtype=float)
    w, b = float(theta[0]), float(theta[1])
    with np.errstate(all="ignore"):
        ys = w * xs + b
    artists.fit.set_ydata(clamp(ys, *ylim))
    lo, hi = ylim
    steep = abs(w) * (xs[-1] - xs[0]) > 30.0 * (hi - lo)  # crosses the panel in < 1/30 of its width
    missing = bool((ys.max() < lo) or (ys.min() > hi))
    artists.fit.set_visible(not (steep or missing) and bool(np.all(np.isfinite(ys))))
    if artists.fit.get_visible():
        return ""
    if steep and not missing:
        return _("the line at this step is too steep to draw:\nw = {w:.3g}, b = {b:.3g}").format(w=w, b=b)
    return _("the line at this step is off the panel:\nw = {w:.3g}, b = {b:.3g}").format(w=w, b=b)


class LogisticArtists(NamedTuple):
    points: object
    proba: object
    boundary: object


def logistic_fit(ax: Axes, data: Dataset, theta: object = None, *,
                 color: str | None = None) -> LogisticArtists:
    """Labels 0/1 against x (a key names the classes), the model's probability σ(w·x + b) in
    `color` (default plain GD's) and its decision boundary x = −b/w."""
    ax = checked_ax(ax)
    problem = LogisticRegression(data)
    theta = np.zeros(2) if theta is None else check.vector("theta", theta, 2)
    x0, x1 = float(data.x.min()), float(data.x.max())
    pad = 0.05 * (x1 - x0)
    grid = np.linspace(x0 - pad, x1 + pad, 200)
    with style():
        # The two classes by shape and colour (orange triangles, grey circles), apart from the
        # model's curve in the optimizer's colour; the key names them.
        one = data.y == 1
        points = ax.scatter(data.x[one], data.y[one], marker="^", s=46, color=CLASS_COLORS[1], alpha=0.85,
                            zorder=3, edgecolors="black", linewidths=0.4,
                            label=_("class y = {y}").format(y=1))
        ax.scatter(data.x[~one], data.y[~one], marker="o", s=40, color=CLASS_COLORS[0], alpha=0.85,
                   zorder=3, edgecolors="black", linewidths=0.4,
                   label=_("class y = {y}").format(y=0))
        (proba,) = ax.plot(grid, problem.predict_proba(theta, grid), color=ROLE["fit"] if color is None
                           else color, lw=3.5, zorder=4, label="σ(w·x + b)")
        boundary = ax.axvline(x0 - 10 * (x1 - x0), color="black", ls="--", lw=2,
                              label=_("boundary x = −b/w"))
        ax.axhline(0.5, color=COLORS["grey"], lw=1, ls=":")
        ax.set_xlim(grid[0], grid[-1])
        ax.set_ylim(-0.08, 1.08)
        ax.set_xlabel("x")
        ax.set_ylabel(_("label y / P(y = 1)"))
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
    x = float(clamp(np.array([x]), lo, hi)[0]) if np.isfinite(x) else hi + 10 * (hi - lo)
    artists.boundary.set_xdata([x, x])


def sigmoid_curves(ax: Axes, *, params: object = ((1.0, 0.0), (3.0, 0.0), (1.0, -2.0)),
                   x_range: tuple[float, float] = (-6.0, 6.0)) -> list:
    """σ(w·x + b) for each (w, b) in `params`: w sets the steepness, −b/w the midpoint."""
    ax = checked_ax(ax)
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
