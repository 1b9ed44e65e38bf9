"""Quantities against the step k: the loss of a run, faint in full and bold up to a marker at k
(`loss_curve`, moved by `set_curve`, its y limits by `set_loss_ylim`, its x limits with room
for the marker at both ends by `set_step_xlim`, given again for a new width by
`refit_step_xlims`; a long run's steps on a symlog axis by `symlog_steps`), the gap
L(θ_k) − L* of several runs on a log axis (`loss_gaps`), the distance |θ_k − θ*| of each
coordinate (`distance_traces`), and the learning rate of each update under a schedule
(`lr_schedules`).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import SymmetricalLogLocator

from .. import _checks as check
from ..i18n import _
from .base import checked_ax, clamp
from .decimate import decimate_curve, x_pixels
from .style import ROLE, SERIES, style


class CurveArtists(NamedTuple):
    curve: object
    done: object
    marker: object
    floor: object | None


def loss_curve(ax: Axes, losses: object, *, steps: object = None, k: int | None = None,
               min_loss: float | None = None, log: bool = True, xlog: bool | None = None,
               color: str | None = None, label: str | None = None,
               ylabel: str | None = None) -> CurveArtists:
    """The loss against the step k: the whole run faint, the part up to k bold, a marker at k.

    `steps` gives the step of each loss (default 0, 1, 2, ...). `log` puts the loss on a log
    axis; `xlog` (default: when the run is longer than 200 steps) puts k on a symlog axis so
    the first steps and the 100,000th are both visible. `min_loss` draws a dashed floor.
    """
    ax = checked_ax(ax)
    ylabel = _("loss L") if ylabel is None else ylabel
    y = check.data_array("losses", check.numbers_array("losses", losses).ravel())
    x = np.arange(len(y), dtype=float) if steps is None else check.numbers_array("steps", steps)
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
                               lw=1.8, label=_("minimum"), zorder=1)
        if log:
            ax.set_yscale("log")
        if xlog:
            symlog_steps(ax)
        set_step_xlim(ax, max(float(x[-1]), 1.0), [marker])
        set_loss_ylim(ax, y, min_loss, log=log)
        ax.set_xlabel(_("step k"))
        ax.set_ylabel(ylabel)
        # As many points as the panel shows (each pixel column's extremes), now that x is fixed.
        to_px = x_pixels(ax)
        curve.set_data(*decimate_curve(x, y, to_px))
        done.set_data(*decimate_curve(x[upto], y[upto], to_px))
    return CurveArtists(curve, done, marker, floor)


def set_loss_ylim(ax: Axes, losses: np.ndarray, min_loss: float | None, *,
                  log: bool = True) -> None:
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


class _Decades(SymmetricalLogLocator):
    """0 and a symlog axis's decades, every one where the panel is wide enough for their labels
    ("10⁵" is about 1.7 em), else every second or third (0, 10², 10⁴) rather than touching."""

    def tick_values(self, vmin, vmax):
        ticks = super().tick_values(vmin, vmax)
        if self.axis is None or self.axis.axes is None:
            return ticks
        (x10, _), (x100, _) = self.axis.axes.transData.transform([(10.0, 0.0), (100.0, 0.0)])
        decade = abs(x100 - x10)  # px
        size = self.axis.majorTicks[0].label1.get_fontsize() * self.axis.axes.figure.dpi / 72
        stride = max(1, math.ceil(2.2 * size / max(decade, 1e-9)))
        if stride == 1:
            return ticks
        powers = np.log10(np.abs(np.where(ticks == 0, 1.0, ticks)))
        keep = (ticks == 0) | ((np.round(powers) % stride == 0) & (powers >= stride))
        return ticks[keep]


def symlog_steps(ax: Axes) -> None:
    """Steps on a symlog x axis: linear from 0 to 1, then a decade for each factor of 10. From
    0 to 1 is as wide as a decade, so the labels 0 and 10⁰ have a decade's room (at 0.4 of one
    they ran together, "010⁰", on columns 592-848 px wide), and a narrow panel labels fewer
    decades rather than let them touch."""
    ax.set_xscale("symlog", linthresh=1.0, linscale=1.0)
    ax.xaxis.set_major_locator(_Decades(ax.xaxis.get_transform()))


def set_step_xlim(ax: Axes, last: float, markers: list) -> None:
    """Steps 0..last across `ax`, with room at each end for the largest of these lines' markers
    (its radius and edge, in the axis's own scale, linear or symlog), so that a marker at step 0
    or at the last step shows whole rather than cut in half by the axes' edge.

    The room is in pixels of the axes' width now: `refit_step_xlims` gives it again once the
    axes has another width (an explorer's panels laid out for the column)."""
    ax._gdlab_step_xlim = (last, tuple(markers))  # on the axes: released with its figure
    room_pt = max((m.get_markersize() + m.get_markeredgewidth()) / 2 for m in markers)
    ax.set_xlim(0.0, last)
    scale = ax.xaxis.get_transform()
    t0, t1 = scale.transform(np.array([0.0, last]))
    room = room_pt * ax.figure.dpi / 72.0
    pad = room * (t1 - t0) / max(float(ax.bbox.width) - 2.0 * room, 1.0)
    lo, hi = scale.inverted().transform(np.array([t0 - pad, t1 + pad]))
    ax.set_xlim(float(lo), float(hi))


def refit_step_xlims(axes: list) -> None:
    """`set_step_xlim` again, for the axes' width now, on those of `axes` it was used on."""
    for ax in axes:
        asked = getattr(ax, "_gdlab_step_xlim", None)
        if asked is not None and all(m.axes is ax for m in asked[1]):  # not since cleared
            set_step_xlim(ax, *asked)


def set_curve(artists: CurveArtists, steps: np.ndarray, losses: np.ndarray, k: int, *,
              at: float | None = None) -> None:
    """Move the bold part and the marker to step k (`at`: the loss at k, when known exactly)."""
    upto = int(np.searchsorted(steps, k, side="right"))
    ys = clamp(losses, 1e-300, 1e300)
    value = min(max(np.interp(k, steps, ys) if at is None else at, 1e-300), 1e300)
    xs, done = decimate_curve(steps[:upto], ys[:upto], x_pixels(artists.done.axes))
    if at is not None and (not len(xs) or xs[-1] < k):  # the bold part ends at the marker
        xs, done = np.append(xs, k), np.append(done, value)
    artists.done.set_data(xs, done)
    artists.marker.set_data([k], [value])


def loss_gaps(ax: Axes, runs: dict, min_loss: float, *, per_step: dict | None = None,
              xlabel: str | None = None, window: int = 1) -> dict:
    """L(θ_k) − L* on a log axis for several runs ({label: Trajectory}), one colour each.

    `per_step` ({label: x per step}) changes the x axis, e.g. to epochs (batch size / N per
    step). `window` > 1 draws each noisy run faintly and, bold over it, its geometric mean over
    `window` consecutive steps, so the level a noisy run hovers at can be read off.
    """
    ax = checked_ax(ax)
    min_loss = check.finite("min_loss", min_loss)
    window = check.integer("window", window, 1)
    lines = {}
    with style():
        for i, (label, traj) in enumerate(runs.items()):
            color = SERIES[i % len(SERIES)]
            gap = np.maximum(np.asarray(traj.losses, dtype=float) - min_loss, 1e-300)
            x = np.arange(len(gap)) * (1.0 if per_step is None else float(per_step[label]))
            to_px = x_pixels(ax, float(x[0]), float(max(x[-1], x[0] + 1)))  # each pixel column's extremes
            if window == 1 or len(gap) < 2 * window:
                (lines[label],) = ax.plot(*decimate_curve(x, gap, to_px), lw=1.8, color=color, label=label)
                continue
            ax.plot(*decimate_curve(x, gap, to_px), lw=0.8, alpha=0.25, color=color)
            smooth = np.exp(np.convolve(np.log(gap), np.ones(window) / window, mode="valid"))
            (lines[label],) = ax.plot(*decimate_curve(x[window - 1:], smooth, to_px), lw=2.8, color=color,
                                      label=label)
        ax.set_yscale("log")
        ax.set_xlabel(_("step k") if xlabel is None else xlabel)
        ax.set_ylabel("L(θ_k) − L*")
        ax.legend(framealpha=0.9)
    return lines


def distance_traces(ax: Axes, params: object, target: object, *, names: tuple[str, ...] = ("w", "b"),
                    steps: object = None) -> list:
    """|θ_k − θ*| for each coordinate against the step k, on log axes: which one is still far.

    `params` (K, dim) are the iterates, `target` θ* (e.g. the least-squares (w, b)).
    """
    ax = checked_ax(ax)
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
            symlog_steps(ax)
        ax.set_xlim(0, max(float(k[-1]), 1.0))
        dist = np.abs(params - target)[np.isfinite(params).all(axis=1)]
        top = float(dist.max(initial=1e-300))
        low = float(dist[dist > 0].min(initial=top))
        # Down to the smallest distance reached, but no lower than rounding level.
        ax.set_ylim(bottom=max(0.3 * low, 1e-16 * top, 1e-300), top=2 * top)
        ax.set_xlabel(_("step k"))
        ax.set_ylabel(_("distance to the optimum"))
        ax.legend(loc="lower left", framealpha=0.9)
        to_px = x_pixels(ax)
        for line in lines:
            line.set_data(*decimate_curve(*line.get_data(), to_px))
    return lines


def lr_schedules(ax: Axes, schedules: dict, steps: int) -> list:
    """The learning rate of each update t = 0 .. steps−1, for {label: Schedule or number}."""
    ax = checked_ax(ax)
    steps = check.integer("steps", steps, 1)
    t = np.arange(steps)
    lines = []
    with style():
        for i, (label, lr) in enumerate(schedules.items()):
            values = np.array([lr(int(s)) for s in t]) if callable(lr) else np.full(steps, float(lr))
            (line,) = ax.plot(t, values, color=SERIES[i % len(SERIES)], label=str(label))
            lines.append(line)
        ax.set_yscale("log")
        ax.set_xlabel(_("update t"))
        ax.set_ylabel(_("learning rate"))
        ax.legend(loc="lower left", framealpha=0.9)
    return lines
