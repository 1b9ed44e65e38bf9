"""Explorers: sliders wired to figures whose panels move together as you drag.

    import gdlab as gd
    ex = gd.widgets.regression_explorer(gd.make_linear_data(seed=0))
    ex                                   # last expression of a cell: shows controls and figure
    ex.controls["lr"].value = 0.012      # code can drive it too
    ex.current["loss"], ex.current["message"]

Every explorer shares one base, `Explorer`: `.controls` (its ipywidgets by name), `.figure`
(the matplotlib Figure), `.current` (what is on screen: step, theta, loss, lr, diverged_at,
message), `.links` (the front-end links, Play → steps), `.widget` (the whole layout).

How it stays fast: a run is computed once per change of learning rate, optimizer or start
(in closed form for plain GD on a quadratic, `gd.exact_trajectory`; otherwise `gd.run`,
extended on demand), the loss surface is computed once, and a change of the step k only
moves artists (`set_data`) and asks the canvas to redraw (`draw_idle`).

The step slider `steps` is a SelectionSlider over a grid of step counts: every step up to 20,
then 12 values per decade (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9 × 10ⁿ). Its `.value` is the
step k (set it to any value on the grid); the Play button is linked to its `.index` in the
front end, so a 100,000-step run plays through ~90 frames in a few seconds.

Display: live ipympl canvas or static PNG frames, see `gdlab.environment`.
"""

from __future__ import annotations

import html
import io
import math
import warnings
from collections.abc import Callable, Sequence
from contextlib import contextmanager

import ipywidgets as W
import numpy as np

from . import _checks as check
from . import plots
from .data import Dataset
from .environment import display_mode
from .exact import exact_trajectory
from .optimizers import Optimizer, adagrad, adam, rmsprop, sgd
from .problems import (
    LinearRegression,
    Problem,
)
from .running import run
from .schedules import inverse_time_decay

__all__ = ["Explorer", "RegressionExplorer", "Run", "regression_explorer", "step_grid"]

OPTIMIZER_NAMES = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
_MANTISSAS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)
_LR_STEP = 0.01  # log10 step of every learning-rate slider: values stay exactly on the grid


# --- grids --------------------------------------------------------------------------------------


def step_grid(max_steps: int, dense: int = 20, include: Sequence[int] = ()) -> list[int]:
    """The step counts a `steps` slider offers: 0..dense, then 12 per decade up to max_steps.

    >>> step_grid(1000)[:3], step_grid(1000)[-4:]
    ([0, 1, 2], [700, 800, 900, 1000])
    """
    max_steps = check.integer("max_steps", max_steps, 1)
    dense = check.integer("dense", dense, 0)
    values = set(range(min(dense, max_steps) + 1))
    scale = 1
    while scale <= max_steps:
        for m in _MANTISSAS:
            v = int(round(m * scale))
            if v <= max_steps:
                values.add(v)
        scale *= 10
    values.add(max_steps)
    values.update(int(v) for v in include if 0 <= v <= max_steps)
    return sorted(values)


def _curve_grid(max_steps: int, n: int = 400) -> np.ndarray:
    """Steps at which a loss curve is sampled: every step to 100, then log-spaced."""
    dense = np.arange(min(max_steps, 100) + 1)
    if max_steps <= 100:
        return dense
    tail = np.unique(np.round(np.geomspace(100, max_steps, n)).astype(int))
    return np.union1d(dense, tail)


def _lr_grid_value(exponent: float) -> float:
    return float(10.0 ** round(exponent, 2))


def _lr_slider(description: str, value: float, lo: float, hi: float,
               continuous: bool = True) -> W.FloatLogSlider:
    """A log10 slider from lo to hi whose value sits exactly on its 0.01-decade grid."""
    emin = math.floor(math.log10(lo) / _LR_STEP) * _LR_STEP
    emax = math.ceil(math.log10(hi) / _LR_STEP) * _LR_STEP
    e = min(max(math.log10(value), emin), emax)
    e = round(round(e / _LR_STEP) * _LR_STEP, 2)
    return W.FloatLogSlider(
        value=_lr_grid_value(e), base=10, min=round(emin, 2), max=round(emax, 2), step=_LR_STEP,
        description=description, readout_format=".3g", continuous_update=continuous,
        style={"description_width": "initial"}, layout=W.Layout(width="420px"),
    )


def _snap_lr(value: float) -> float:
    """The grid value nearest to `value` (what a FloatLogSlider with our step would show)."""
    return _lr_grid_value(round(math.log10(value) / _LR_STEP) * _LR_STEP)


def _float_slider(description: str, value: float, lo: float, hi: float, step: float) -> W.FloatSlider:
    """A FloatSlider whose value, min and max are exactly on its step grid (see the notes' pitfall)."""
    decimals = max(0, -int(math.floor(math.log10(step))) + 1)
    n_lo, n_hi = math.floor(lo / step), math.ceil(hi / step)
    n = min(max(round(value / step), n_lo), n_hi)
    return W.FloatSlider(
        value=round(n * step, decimals), min=round(n_lo * step, decimals),
        max=round(n_hi * step, decimals), step=step, description=description,
        readout_format=f".{decimals}f", continuous_update=True,
        style={"description_width": "initial"}, layout=W.Layout(width="300px"),
    )


# --- optimizers by name ---------------------------------------------------------------------------

_DEFAULT_LR_FACTOR = {"gd": 0.45, "momentum": 0.1, "nesterov": 0.1, "adagrad": None, "rmsprop": None,
                      "adam": None}


def make_optimizer(name: str, lr: float, momentum: float = 0.9, decay: float = 0.0) -> Optimizer:
    """An optimizer by its course name: gd, momentum, nesterov, adagrad, rmsprop, adam."""
    if name not in OPTIMIZER_NAMES:
        raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZER_NAMES)}; got {name!r}")
    rate = inverse_time_decay(lr, decay) if decay > 0 else lr
    if name == "gd":
        return sgd(rate)
    if name == "momentum":
        return sgd(rate, momentum=momentum)
    if name == "nesterov":
        return sgd(rate, momentum=momentum, nesterov=True)
    if name == "adagrad":
        return adagrad(rate)
    if name == "rmsprop":
        return rmsprop(rate)
    return adam(rate)


def _optimizer_name(name: object, argname: str = "optimizer") -> str:
    if not isinstance(name, str):
        raise TypeError(f"{argname} must be a name such as 'gd' or 'adam', got {name!r}")
    if name not in OPTIMIZER_NAMES:
        raise ValueError(f"{argname} must be one of {', '.join(OPTIMIZER_NAMES)}; got {name!r}")
    return name


_NICE = {"gd": "GD", "momentum": "Momentum", "nesterov": "Nesterov", "adagrad": "AdaGrad",
         "rmsprop": "RMSProp", "adam": "Adam"}


# --- runs -----------------------------------------------------------------------------------------


class Run:
    """One optimizer run on one problem, computed as far as it is looked at.

    Plain full-batch GD on a quadratic uses the closed form (any step in O(1)); everything
    else uses `gd.run`, recomputed to twice the length when a later step is asked for (a run
    of k steps is a prefix of any longer run with the same seed).
    """

    def __init__(self, problem: Problem, optimizer: Optimizer, theta0: np.ndarray, max_steps: int,
                 batch_size: int | None = None, seed: int | None = None, min_steps: int = 1000):
        self.problem, self.optimizer, self.theta0 = problem, optimizer, theta0
        self.max_steps, self.batch_size, self.seed = max_steps, batch_size, seed
        hp = optimizer.hyperparams
        self.exact = (
            problem.is_quadratic and batch_size is None and optimizer.name == "sgd"
            and hp["momentum"] == 0 and isinstance(hp["lr"], float)
        )
        self._traj = None
        self._params = np.empty((0, problem.dim))
        self._computed = -1
        if self.exact:
            self._traj = exact_trajectory(problem, hp["lr"], theta0, max_steps)
            self._curve_k = _curve_grid(self.last)
            self._curve_loss = self._traj._state(self._curve_k)[1]
        else:
            self._extend(min(max_steps, min_steps))

    # The run as far as it is known.
    def _extend(self, k: int) -> None:
        if self.exact or k <= self._computed:
            return
        n = min(self.max_steps, max(k, 2 * self._computed))
        traj = run(self.problem, self.optimizer, self.theta0, n, batch_size=self.batch_size,
                   seed=self.seed)
        self._traj, self._computed = traj, n
        self._params = traj.params
        self._curve_k = _curve_grid(traj.last)
        self._curve_loss = traj.losses[self._curve_k]

    @property
    def diverged_at(self) -> int | None:
        return self._traj.diverged_at

    @property
    def last(self) -> int:
        """The last finite step known (for the exact run: of the whole run)."""
        return self._traj.last

    def at(self, k: int) -> tuple[np.ndarray, float]:
        """(θ_k, L(θ_k)); past a divergence, the last finite iterate (as Trajectory.at)."""
        self._extend(k)
        if self.exact:
            return self._traj.at(k)
        kk = min(k, self._traj.last)
        return self._traj.params[kk].copy(), float(self._traj.losses[kk])

    def path(self, k: int) -> np.ndarray:
        """θ_0 .. θ_k (fewer when the run diverged before k): shape (min(k, last) + 1, dim)."""
        self._extend(k)
        kk = min(k, self.last)
        if self.exact and kk >= len(self._params):
            self._params = self._exact_params(min(self.last, max(kk, 2 * len(self._params), 256)))
        return self._params[: kk + 1]

    def _exact_params(self, n: int) -> np.ndarray:
        """θ_0..θ_n of the closed form, by doubling: c^(m..2m−1) = c^(0..m−1)·c^m.

        Multiplications instead of one power per step: 100,000 iterates in about a
        millisecond, each within a few ulps of `ExactTrajectory.at`.
        """
        t = self._traj
        c = t._c
        powers = np.ones((1, c.size))
        with np.errstate(all="ignore"):
            while len(powers) < n + 1:
                powers = np.concatenate([powers, powers * np.power(c, len(powers))])
            return t._star + (powers[: n + 1] * t._d0) @ t._Q.T

    def curve(self) -> tuple[np.ndarray, np.ndarray]:
        """(steps, losses) sampled for a loss curve over the known part of the run."""
        return self._curve_k, self._curve_loss


# --- the base explorer ------------------------------------------------------------------------------


class Explorer:
    """Controls, a figure whose artists move in place, `.current`, and the display machinery.

    Subclasses build their controls and figure in `__init__` and then call `_start()`; they
    implement `_recompute()` (a control that changes the run changed) and `_redraw()` (show
    step k of the current runs; must only move artists). `_slow` names the controls that
    trigger `_recompute`; every other control triggers only `_redraw`.

    Drawing is blitted: the artists that move (`_animate(...)`) are drawn on top of a saved
    background (axes, ticks, contours, data), so a frame costs a few artists, not the figure.
    A subclass that changes the background (new axis limits, a new function) sets
    `self._stale = True` and gets one full redraw.
    """

    title = "explorer"

    def __init__(self, display: str | None = None):
        self.controls: dict[str, W.Widget] = {}
        self.current: dict = {}
        self.links: list = []
        self.display = display_mode(display)
        self._slow: set[str] = set()
        self._shown = False
        self._widget = None
        self._image = None
        self._animated: list = []
        self._export_texts: list = []
        self._export_top: float | None = None
        self._background = None
        self._stale = True

    # -- construction helpers
    def _figure(self, nrows: int, ncols: int, figsize: tuple[float, float], **kw):
        fig, axes = plots.subplots(nrows, ncols, figsize=figsize, pyplot=self.display == "live", **kw)
        if self.display == "live":
            canvas = fig.canvas
            for name, value in (("header_visible", False), ("footer_visible", False),
                                ("toolbar_visible", False), ("resizable", False)):
                if hasattr(canvas, name):
                    setattr(canvas, name, value)
        else:
            from matplotlib.backends.backend_agg import FigureCanvasAgg

            FigureCanvasAgg(fig)
        fig.canvas.mpl_connect("draw_event", self._on_draw)
        self.figure = fig
        return fig, axes

    def _animate(self, *artists) -> None:
        """Mark artists as moving: drawn every frame over the saved background, in this order."""
        for a in artists:
            if a is not None:
                a.set_animated(True)
                self._animated.append(a)

    def _status_text(self, ax, y: float, **kw):
        """A line of text at height y (figure coordinates) that moves with the frames.

        It belongs to an axes (not the figure) so that savefig includes it although it is
        animated.
        """
        with plots.style():
            text = ax.text(0.5, y, "", transform=self.figure.transFigure, ha="center", va="top",
                           clip_on=False, **kw)
        # Rendering text costs more than all the lines of a frame, and the readout under the
        # figure says the same, so it is shown only in exported frames (png(), gd.animate).
        text.set_visible(False)
        self._animate(text)
        self._export_texts.append(text)
        return text

    @contextmanager
    def exporting(self):
        """Within this context the figure carries its own readout (for PNGs and animations)."""
        fig = self.figure
        top = fig.subplotpars.top
        for t in self._export_texts:
            t.set_visible(True)
        if self._export_top is not None:
            fig.subplots_adjust(top=self._export_top)  # room for the readout lines
        try:
            yield fig
        finally:
            for t in self._export_texts:
                t.set_visible(False)
            if self._export_top is not None:
                fig.subplots_adjust(top=top)
            self._stale = True
            self._refresh()

    def _steps_controls(self, grid: list[int], value: int, interval: int = 60) -> None:
        options = [(f"{k:,}", k) for k in grid]
        steps = W.SelectionSlider(options=options, value=value, description="step k",
                                  continuous_update=True, style={"description_width": "initial"},
                                  layout=W.Layout(width="420px"))
        play = W.Play(value=steps.index, min=0, max=len(grid) - 1, step=1, interval=interval,
                      description="play", show_repeat=False)
        self.controls["steps"] = steps
        self.controls["play"] = play
        # Linked in the front end: Play advances the slider's index without a kernel round trip
        # per frame; the slider's value (k) reaches the kernel and moves the figure.
        self.links.append(W.jslink((play, "value"), (steps, "index")))
        self._grid = grid

    def _start(self) -> None:
        for name, widget in self.controls.items():
            if name == "play":
                continue
            widget.observe(self._on_change(name), names="value")
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            self._recompute()
            self._redraw()
        self._refresh()

    def _on_change(self, name: str) -> Callable:
        def handler(change: dict) -> None:
            # A slider position never raises or warns into the notebook: numpy warnings are
            # silenced here and divergence is reported in words by the explorer itself.
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                if name in self._slow:
                    self._recompute()
                self._redraw()
            self._refresh()

        return handler

    # -- subclass hooks
    def _recompute(self) -> None:
        raise NotImplementedError

    def _redraw(self) -> None:
        raise NotImplementedError

    @property
    def step(self) -> int:
        return int(self.controls["steps"].value)

    # -- drawing
    def _on_draw(self, event) -> None:
        # After a full draw (ours, or one the front end asked for after a resize): save the
        # background and put the moving artists on top of it.
        canvas = self.figure.canvas
        if not hasattr(canvas, "copy_from_bbox"):
            return
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self._draw_animated()

    def _draw_animated(self) -> None:
        for a in self._animated:
            self.figure.draw_artist(a)

    def _refresh(self) -> None:
        """Show the current state: blit the moving artists, or one full redraw when needed."""
        canvas = self.figure.canvas
        if self._stale or self._background is None:
            self._stale = False
            if self.display == "live":
                canvas.draw_idle()
            else:
                canvas.draw()
        else:
            canvas.restore_region(self._background)
            self._draw_animated()
            canvas.blit(self.figure.bbox)
        if self.display == "static" and self._shown and self._image is not None:
            self._image.value = self._encode()

    def _encode(self) -> bytes:
        """The canvas as drawn now, as PNG bytes (fast: no re-render, light compression)."""
        from PIL import Image

        canvas = self.figure.canvas
        if self._background is None:
            canvas.draw()
        buf = np.asarray(canvas.buffer_rgba())
        out = io.BytesIO()
        Image.fromarray(buf[..., :3]).save(out, format="png", compress_level=1)
        return out.getvalue()

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes (a full render, as savefig makes it)."""
        buf = io.BytesIO()
        with self.exporting():
            self.figure.savefig(buf, format="png")
        return buf.getvalue()

    def _figure_widget(self) -> W.Widget:
        if self.display == "live":
            return self.figure.canvas
        self._image = W.Image(value=self._encode(), format="png",
                              layout=W.Layout(max_width="100%", height="auto"))
        return self._image

    def _layout(self, figure: W.Widget) -> W.Widget:
        raise NotImplementedError

    @property
    def widget(self) -> W.Widget:
        """The whole explorer (controls, figure, readout) as one ipywidgets box."""
        if self._widget is None:
            self._shown = True
            self._widget = self._layout(self._figure_widget())
        return self._widget

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    def close(self) -> None:
        """Close the widgets and release the figure."""
        for link in self.links:
            link.close()
        for widget in self.controls.values():
            widget.close()
        if self._widget is not None:
            self._widget.close()
        if self.display == "live":
            import matplotlib.pyplot as plt

            plt.close(self.figure)

    def __repr__(self) -> str:
        c = self.current
        return f"<{type(self).__name__}: step {c.get('step')}, loss {c.get('loss')!r}>"


def _readout_html(rows: list[tuple[str, str]], message: str = "", note: str = "") -> str:
    cells = "".join(
        f"<span style='margin-right:22px'><b>{html.escape(k)}</b> = {html.escape(v)}</span>"
        for k, v in rows
    )
    out = f"<div style='font-size:16px;font-family:monospace'>{cells}</div>"
    if note:
        out += f"<div style='font-size:15px;color:#444'>{html.escape(note)}</div>"
    if message:
        out += (f"<div style='font-size:16px;color:#D55E00;font-weight:bold'>"
                f"{html.escape(message)}</div>")
    return out


def _fmt(x: float) -> str:
    if not math.isfinite(x):
        return str(x)
    if x != 0 and (abs(x) >= 1e5 or abs(x) < 1e-3):
        return f"{x:.3e}"
    return f"{x:.4f}"


def _zone_bar(lo: float, hi: float, limit: float, lr: float) -> str:
    """An HTML strip under the lr slider: stable / oscillating / diverging, in log scale."""
    llo, lhi = math.log10(lo), math.log10(hi)

    def pos(v: float) -> float:
        return 100.0 * (min(max(math.log10(v), llo), lhi) - llo) / (lhi - llo)

    a, b = pos(limit / 2), pos(limit)
    segs = [(0, a, plots.ROLE["stable"], "stable"), (a, b, plots.ROLE["oscillating"], "oscillating"),
            (b, 100, plots.ROLE["diverging"], "diverging")]
    bars = "".join(
        f"<div style='position:absolute;left:{s}%;width:{e - s}%;height:100%;background:{c};"
        f"opacity:0.55;font-size:12px;text-align:center;overflow:hidden;color:#000'>{n}</div>"
        for s, e, c, n in segs if e > s
    )
    mark = (f"<div style='position:absolute;left:calc({pos(lr)}% - 2px);width:4px;height:100%;"
            "background:#000'></div>")
    zone = plots.lr_zone(lr, limit)
    return (
        "<div style='width:300px;margin-left:110px'>"
        f"<div style='position:relative;height:18px;border:1px solid #999'>{bars}{mark}</div>"
        f"<div style='font-size:13px'>lr = {lr:.3g} is <b>{zone}</b>; limit 2/λ_max = {limit:.4g}"
        "</div></div>"
    )


# --- regression ------------------------------------------------------------------------------------


class RegressionExplorer(Explorer):
    """Linear regression by gradient descent: fitted line, path on the loss contours, loss curve."""

    title = "linear regression by gradient descent"

    def __init__(self, data: Dataset, lr: float | None = None, steps: int | None = None,
                 theta0: object = (0.0, 0.0), optimizer: str = "gd", max_steps: int = 100_000,
                 display: str | None = None):
        if not isinstance(data, Dataset):
            raise TypeError(f"data must be a gdlab Dataset, got {type(data).__name__}")
        super().__init__(display)
        self.data = data
        self.problem = problem = LinearRegression(data)
        self.max_steps = check.integer("max_steps", max_steps, 1, 10_000_000)
        self.lr_limit = limit = problem.lr_limit()
        optimizer = _optimizer_name(optimizer)
        theta0 = check.vector("theta0", theta0, 2)
        lr = (limit * _DEFAULT_LR_FACTOR["gd"]) if lr is None else check.positive("lr", lr)
        default_steps = min(self.max_steps, 1000)
        steps = default_steps if steps is None else check.integer("steps", steps, 0, self.max_steps)
        self.bounds = problem.bounds
        (w_lo, w_hi), (b_lo, b_hi) = self.bounds
        if not (w_lo <= theta0[0] <= w_hi and b_lo <= theta0[1] <= b_hi):
            # Widen the view to include the start (the sliders must be able to show it).
            w_lo, w_hi = min(w_lo, theta0[0]), max(w_hi, theta0[0])
            b_lo, b_hi = min(b_lo, theta0[1]), max(b_hi, theta0[1])
            self.bounds = ((w_lo, w_hi), (b_lo, b_hi))

        self._lr_range = (limit / 2000, limit * 3)
        self.controls["lr"] = _lr_slider("learning rate lr", lr, *self._lr_range)
        self._steps_controls(step_grid(self.max_steps, include=(steps,)), steps, interval=60)
        self.controls["optimizer"] = W.Dropdown(
            options=[(_NICE[n], n) for n in OPTIMIZER_NAMES], value=optimizer,
            description="optimizer", layout=W.Layout(width="240px"))
        w_step = 10 ** math.floor(math.log10((w_hi - w_lo) / 200))
        b_step = 10 ** math.floor(math.log10((b_hi - b_lo) / 200))
        self.controls["w0"] = _float_slider("start w₀", theta0[0], w_lo, w_hi, w_step)
        self.controls["b0"] = _float_slider("start b₀", theta0[1], b_lo, b_hi, b_step)
        self._slow = {"lr", "optimizer", "w0", "b0"}
        self._readout = W.HTML()
        self._zones = W.HTML()
        self._build()
        self._start()

    def _build(self) -> None:
        fig, (ax_fit, ax_con, ax_loss) = self._figure(1, 3, (13.0, 5.0))
        d = self.data
        self._fit = plots.data_fit(ax_fit, d)
        self._fit_ylim = ax_fit.get_ylim()
        self._con = plots.loss_contours(ax_con, self.problem, bounds=self.bounds)
        ax_con.legend(loc="upper right", framealpha=0.9, fontsize=11, handlelength=1.2,
                      borderpad=0.3, labelspacing=0.25)
        self._curve = plots.loss_curve(ax_loss, [1.0, 1.0], steps=[0, self.max_steps],
                                       min_loss=self.problem.min_loss(), xlog=self.max_steps > 200,
                                       ylabel="loss L (MSE, log scale)")
        ax_fit.set_title("the line at step k")
        ax_con.set_title("the path on the loss surface")
        ax_loss.set_title("the loss, step by step")
        self._status = self._status_text(ax_fit, 0.99, fontsize=15)
        self._alert = self._status_text(ax_fit, 0.93, fontsize=14, color=plots.ROLE["diverging"],
                                        fontweight="bold")
        # The loss axis is fixed once (from the highest loss any start on the sliders can have),
        # so changing lr or the start never changes the background.
        (w_lo, w_hi), (b_lo, b_hi) = self.bounds
        corners = np.array([[w_lo, b_lo], [w_lo, b_hi], [w_hi, b_lo], [w_hi, b_hi]])
        top = float(self.problem.losses(corners).max())
        plots.set_loss_ylim(ax_loss, np.array([top, self.problem.min_loss()]), self.problem.min_loss())
        self._animate(self._fit.fit, self._con.path, self._con.start, self._con.current,
                      self._curve.curve, self._curve.done, self._curve.marker)
        fig.subplots_adjust(left=0.065, right=0.99, bottom=0.12, top=0.91, wspace=0.32)
        self._export_top = 0.81

    def _recompute(self) -> None:
        c = self.controls
        self.lr = float(c["lr"].value)
        self.optimizer_name = c["optimizer"].value
        theta0 = np.array([c["w0"].value, c["b0"].value], dtype=float)
        opt = make_optimizer(self.optimizer_name, self.lr)
        self.run = Run(self.problem, opt, theta0, self.max_steps)
        # Re-running a long non-closed-form run per slider tick would lag: update on release.
        for name in ("lr", "w0", "b0"):
            c[name].continuous_update = self.run.exact
        ks, losses = self.run.curve()
        self._curve.curve.set_data(ks, plots._clamp(losses, 1e-300, 1e300))
        self._zones.value = _zone_bar(*self._lr_range, self.lr_limit, self.lr)

    def _message(self, k: int) -> tuple[str, str]:
        """(the message in words for the readout, a one-line version for the figure)."""
        run_, limit, lr = self.run, self.lr_limit, self.lr
        name = _NICE[self.optimizer_name]
        past = self.optimizer_name == "gd" and lr >= limit
        if run_.diverged_at is None and not past:
            return "", ""
        if past:
            head = (f"Diverging: lr = {lr:.3g} is past the stability limit 2/λ_max = {limit:.4g}, "
                    "so every step overshoots the minimum by more than the last")
            short = f"Diverging: lr = {lr:.3g} is past the limit 2/λ_max = {limit:.4g}"
        else:
            head = f"Diverging: {name} with lr = {lr:.3g} blows up"
            short = head
        if run_.diverged_at is not None:
            head += f"; the numbers overflowed at step {run_.diverged_at:,}"
            short += f" (overflow at step {run_.diverged_at:,})"
            if k > run_.last:
                head += f", so step {run_.last:,} (the last finite one) is shown"
        return head + ".", short

    def _redraw(self) -> None:
        k = self.step
        run_ = self.run
        theta, loss = run_.at(k)
        path = run_.path(k)
        plots.set_fit(self._fit, theta, self._fit_ylim)
        plots.set_path(self._con, path, self.bounds)
        ks, losses = run_.curve()
        plots.set_curve(self._curve, ks, losses, min(k, run_.last), at=loss)
        star = self.problem.solve()
        gap = float(np.linalg.norm(theta - star))
        message, short = self._message(k)
        zone = plots.lr_zone(self.lr, self.lr_limit)
        self.current = {
            "step": k, "theta": theta, "w": float(theta[0]), "b": float(theta[1]), "loss": loss,
            "gap": gap, "lr": self.lr, "lr_limit": self.lr_limit, "zone": zone,
            "optimizer": self.optimizer_name, "diverged_at": run_.diverged_at, "message": message,
            "path_length": len(path),
        }
        self._status.set_text(
            f"{_NICE[self.optimizer_name]}, lr = {self.lr:.3g}   step k = {k:,}   "
            f"w = {_fmt(theta[0])}   b = {_fmt(theta[1])}   loss = {_fmt(loss)}")
        self._alert.set_text(short)
        self._readout.value = _readout_html(
            [("k", f"{k:,}"), ("w", _fmt(theta[0])), ("b", _fmt(theta[1])), ("loss", _fmt(loss)),
             ("gap to least squares", _fmt(gap))],
            message,
            note=f"least squares: w = {star[0]:.4f}, b = {star[1]:.4f}, loss = {self.problem.min_loss():.4f}",
        )

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        row1 = W.HBox([W.VBox([c["lr"], self._zones]), c["optimizer"]])
        row2 = W.HBox([c["steps"], c["play"]])
        row3 = W.HBox([c["w0"], c["b0"]])
        return W.VBox([row1, row2, row3, figure, self._readout])


def regression_explorer(data: Dataset, lr: float | None = None, steps: int | None = None,
                        theta0: object = (0.0, 0.0), optimizer: str = "gd",
                        max_steps: int = 100_000, display: str | None = None) -> RegressionExplorer:
    """The centrepiece: fit y = w·x + b to `data` by gradient descent and watch it move.

    Controls: `lr` (log scale, from lr_limit/2000 to 3·lr_limit, with its stable / oscillating /
    diverging zone shown), `steps` (the step k shown, 0 .. max_steps), `play`, `optimizer`,
    and the start `w0`, `b0`. Panels: the line at step k with the true and least-squares lines,
    the path on the loss contours up to k, the loss curve with a marker at k.

    lr=None picks 0.45·lr_limit (stable, no oscillation); steps=None picks 1000.
    `.current` has step, theta, w, b, loss, gap (distance to least squares), lr, diverged_at,
    message. `display` forces 'live' or 'static' (default: see gdlab.environment).
    """
    return RegressionExplorer(data, lr=lr, steps=steps, theta0=theta0, optimizer=optimizer,
                              max_steps=max_steps, display=display)
