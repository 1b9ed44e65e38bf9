"""Descent on a 1-D function, drawn on its curve: f(x) with dots at x₀, x₁, … and the staircase from
each x_n to x_{n+1} = x_n − lr·f′(x_n), along the height f(x_n) and then onto the curve
(`function_1d`, moved by `set_steps_1d`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.axes import Axes

from ..i18n import _
from ..problems import Function
from .base import checked_ax, checked_path, clamp
from .style import ROLE, style


class StepArtists(NamedTuple):
    curve: object
    path: object
    points: object
    current: object


def function_1d(ax: Axes, problem: Function, xs: object = None, *, bounds: tuple[float, float] | None = None,
                n: int = 400) -> StepArtists:
    """f(x) with the descent steps x_0, x_1, ... drawn as a zig-zag on the curve and dots at each x_n."""
    ax = checked_ax(ax)
    if not isinstance(problem, Function) or problem.dim != 1:
        raise TypeError(f"problem must be a 1-D gdlab function, got {problem!r}")
    lo, hi = problem.bounds[0] if bounds is None else bounds
    grid = np.linspace(lo, hi, n)
    fx = np.asarray(problem.f(grid), dtype=float)
    path = checked_path("xs", xs, 1)
    with style():
        (curve,) = ax.plot(grid, fx, color=ROLE["curve"], lw=2.5, zorder=2, label=problem.shown_name())
        (line,) = ax.plot([], [], color=ROLE["path"], lw=1.8, alpha=0.8, zorder=3)
        (points,) = ax.plot([], [], "o", color=ROLE["path"], ms=8, mec="white", zorder=4,
                            label="x₀, x₁, …")
        (current,) = ax.plot([], [], "o", color=ROLE["path"], mec="black", mew=1.5, ms=14, zorder=5,
                             label=_("current x"))
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
    x = clamp(np.asarray(xs, dtype=float), lo, hi)
    with np.errstate(all="ignore"):
        fx = clamp(np.asarray(problem.f(x), dtype=float) * np.ones_like(x), *ax.get_ylim())
    # The staircase: along the curve's height at x_n over to x_{n+1}, then onto the curve.
    zx = np.repeat(x, 2)[1:]
    zy = np.repeat(fx, 2)[:-1]
    artists.path.set_data(zx, zy)
    artists.points.set_data(x, fx)
    artists.current.set_data(x[-1:], fx[-1:])
