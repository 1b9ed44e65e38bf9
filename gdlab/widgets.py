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
import struct
import warnings
import zlib
from collections.abc import Callable, Sequence
from contextlib import contextmanager

import ipywidgets as W
import numpy as np

from . import _checks as check
from . import plots
from .data import Dataset, make_logistic_data
from .environment import display_mode
from .optimizers import OPTIMIZERS, make_optimizer, optimizer_name, sgd
from .problems import (
    Bowl,
    DoubleWell,
    Function,
    Himmelblau,
    LinearRegression,
    LogisticRegression,
    Parabola,
    Problem,
    Rosenbrock,
    Saddle,
)
from .running import Run, run
from .schedules import inverse_time_decay

__all__ = [
    "Descent1DExplorer", "Explorer", "LogisticExplorer", "MinibatchExplorer", "OptimizerRace",
    "PathExplorer", "RegressionExplorer", "Run", "descent_1d_explorer", "logistic_explorer",
    "minibatch_explorer", "optimizer_race", "regression_explorer", "step_grid",
]

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


#: The widest an explorer's figure is drawn on screen, in pixels.
_MAX_FIGURE_PX = 1000


def _label(name: str) -> str:
    return OPTIMIZERS[name].label


def _curve(run_: Run) -> tuple[np.ndarray, np.ndarray]:
    """(steps, losses) sampled for a loss curve over the known part of a run."""
    ks = _curve_grid(run_.last)
    return ks, run_.states(ks)[1]


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
        self._quiet = False
        self._step_override: int | None = None
        self._exporting = False

    # -- construction helpers
    def _figure(self, nrows: int, ncols: int, figsize: tuple[float, float], **kw):
        with warnings.catch_warnings():
            # ipympl's toolbar passes traitlets an argument it does not know; harmless, not ours.
            warnings.filterwarnings("ignore", category=DeprecationWarning,
                                    message=".*unrecognized arguments.*")
            # At most ~1000 px wide on screen: a notebook column on a 1280-pixel projector is
            # about 1100 px, and a wider canvas cuts off its last panel. Type scales with it. Set
            # at creation, so that ipympl's scaling for high-density screens keeps it.
            dpi = min(100.0, _MAX_FIGURE_PX / figsize[0])
            fig, axes = plots.subplots(nrows, ncols, figsize=figsize, dpi=dpi,
                                       pyplot=self.display == "live", **kw)
        if self.display == "live":
            canvas = fig.canvas
            for name, value in (("header_visible", False), ("footer_visible", False),
                                ("toolbar_visible", False), ("resizable", False)):
                if hasattr(canvas, name):
                    setattr(canvas, name, value)
            _speed_up_frames(canvas)
            if hasattr(canvas, "on_msg"):
                canvas.on_msg(self._on_front_end_message)
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
            if self._quiet:  # the explorer is adjusting its own controls (see `_adjust`)
                return
            # A slider position never raises or warns into the notebook: numpy warnings are
            # silenced here and divergence is reported in words by the explorer itself.
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                if name in self._slow:
                    self._recompute()
                self._redraw()
            self._refresh()

        return handler

    @contextmanager
    def _adjust(self):
        """Change controls from inside an update without triggering further updates."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    # -- subclass hooks
    def _recompute(self) -> None:
        raise NotImplementedError

    def _redraw(self) -> None:
        raise NotImplementedError

    @property
    def step(self) -> int:
        """The step k on screen: the `steps` slider's value (or a frame of `gd.animate`)."""
        if self._step_override is not None:
            return self._step_override
        return int(self.controls["steps"].value)

    @property
    def step_grid(self) -> list[int]:
        """The step counts the `steps` slider offers."""
        return list(self._grid)

    def show_step(self, k: int | None) -> None:
        """Draw step k without touching the controls (None: back to the slider's step).

        Used by `gd.animate` to render frames; the widgets keep what the reader set.
        """
        self._step_override = None if k is None else check.integer("k", k, 0, self._grid[-1])
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            self._redraw()

    # -- drawing
    def _on_front_end_message(self, widget, content, buffers) -> None:
        # A browser view that (re)connects, or resizes its canvas, starts from a blank canvas:
        # its next frame must be a full image, not a diff against pixels it never received.
        # (Runs after ipympl's own handler for the same message.)
        if isinstance(content, dict) and content.get("type") in ("initialized", "refresh", "resize"):
            self._stale = True
            self._refresh()

    def _on_draw(self, event) -> None:
        # After a full draw (ours, or one the front end asked for after a resize): save the
        # background and put the moving artists on top of it.
        canvas = self.figure.canvas
        if self._exporting or not hasattr(canvas, "copy_from_bbox"):
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
        canvas = self.figure.canvas
        if self._background is None:
            canvas.draw()
        return fast_png(np.asarray(canvas.buffer_rgba()))

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


def _short(message: str, width: int = 95) -> str:
    """One line of a message for the figure itself."""
    return message if len(message) <= width else message[: width - 1].rstrip() + "…"


def fast_png(rgba: np.ndarray, level: int = 1) -> bytes:
    """An RGBA image (h, w, 4) as PNG bytes: no row filters, fast run-length deflate.

    About 4x faster than Pillow's default on a figure-sized frame, which matters when every
    slider step sends one.
    """
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    h, w, _ = rgba.shape
    raw = np.empty((h, w * 4 + 1), dtype=np.uint8)
    raw[:, 0] = 0  # filter type "none" for every row
    raw[:, 1:] = rgba.reshape(h, w * 4)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)
    # Run-length matching suits frames that are mostly one colour (or, for diffs, zeros).
    packer = zlib.compressobj(level, zlib.DEFLATED, 15, 9, zlib.Z_RLE)
    body = packer.compress(raw.tobytes()) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body)
            + chunk(b"IEND", b""))


def _speed_up_frames(canvas) -> None:
    """Make ipympl send each frame whole, encoded with `fast_png` instead of Pillow's default.

    ipympl sends a redraw as a PNG of the pixels that changed (matplotlib's `get_diff_image`),
    which leaves a view blank if it missed the frame the diff is against; and encoding with
    Pillow cost more than drawing the frame. This replaces the method on this one canvas, and
    leaves the canvas alone if its internals are not the ones this was written against.
    """
    needed = ("_png_is_old", "_force_full", "_last_buff", "set_image_mode", "get_renderer")
    if not all(hasattr(canvas, n) for n in needed):
        return

    def get_diff_image():
        if not canvas._png_is_old:
            return None
        pixels = np.asarray(canvas.get_renderer().buffer_rgba())
        buff = pixels.view(np.uint32).squeeze(2)
        # Always the whole frame, never a diff against the previous one: a browser view that
        # missed a frame (it connected late, re-rendered, was resized) would otherwise paint
        # the changes onto a blank canvas and stay blank. Seen in JupyterLab under load.
        canvas.set_image_mode("full")
        output = buff
        canvas._last_buff = buff.copy()
        canvas._force_full = False
        canvas._png_is_old = False
        return fast_png(output.view(dtype=np.uint8).reshape((*output.shape, 4)))

    canvas.get_diff_image = get_diff_image


def _title(ax, text: str) -> None:
    ax.set_title(text, fontsize=plots.PROJECTOR["axes.titlesize"])


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
    segs = [(0, a, "stable"), (a, b, "oscillating"), (b, 100, "diverging")]
    # Colours only in the bar: the oscillating zone is too narrow to hold its name, so the
    # names go in a key underneath.
    bars = "".join(
        f"<div style='position:absolute;left:{s}%;width:{e - s}%;height:100%;"
        f"background:{plots.ROLE[n]};opacity:0.6'></div>"
        for s, e, n in segs if e > s
    )
    mark = (f"<div style='position:absolute;left:calc({pos(lr)}% - 2px);width:4px;height:100%;"
            "background:#000'></div>")
    key = "".join(
        f"<span style='margin-right:14px'><span style='display:inline-block;width:12px;height:12px;"
        f"background:{plots.ROLE[n]};opacity:0.6;margin-right:4px'></span>{n}</span>"
        for _, _, n in segs
    )
    zone = plots.lr_zone(lr, limit)
    return (
        "<div style='margin-left:110px;white-space:nowrap'>"
        f"<div style='position:relative;width:300px;height:18px;border:1px solid #999'>{bars}{mark}"
        "</div>"
        f"<div style='font-size:13px;margin-top:2px'>{key}</div>"
        f"<div style='font-size:14px'>lr = {lr:.3g} is <b>{zone}</b>; limit 2/λ_max = {limit:.4g}"
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
        optimizer = optimizer_name(optimizer)
        theta0 = check.vector("theta0", theta0, 2)
        lr = (limit * 0.45) if lr is None else check.positive("lr", lr)
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
            options=[(_label(n), n) for n in OPTIMIZERS], value=optimizer,
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
        fig, (ax_fit, ax_con, ax_loss) = self._figure(1, 3, (13.0, 5.6))
        d = self.data
        self._fit = plots.data_fit(ax_fit, d)
        self._fit_ylim = ax_fit.get_ylim()
        self._con = plots.loss_contours(ax_con, self.problem, bounds=self.bounds)
        # One legend row under the panels: inside them it would hide the data or the path.
        handles, labels = [], []
        for ax in (ax_fit, ax_con):
            h, lab = ax.get_legend_handles_labels()
            handles += h
            labels += lab
            if ax.get_legend() is not None:
                ax.get_legend().remove()
        fig.legend(handles, labels, loc="lower center", ncol=5, frameon=False, fontsize=12,
                   handlelength=1.6, columnspacing=1.4)
        self._curve = plots.loss_curve(ax_loss, [1.0, 1.0], steps=[0, self.max_steps],
                                       min_loss=self.problem.min_loss(), xlog=self.max_steps > 200,
                                       ylabel="loss L (MSE, log scale)")
        _title(ax_fit, "the line at step k")
        _title(ax_con, "the path on the loss surface")
        _title(ax_loss, "the loss, step by step")
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
        fig.subplots_adjust(left=0.065, right=0.99, bottom=0.25, top=0.92, wspace=0.32)
        self._export_top = 0.83

    def _recompute(self) -> None:
        c = self.controls
        self.lr = float(c["lr"].value)
        self.optimizer_name = c["optimizer"].value
        theta0 = np.array([c["w0"].value, c["b0"].value], dtype=float)
        opt = make_optimizer(self.optimizer_name, self.lr)
        self.run = Run(self.problem, opt, theta0, self.max_steps)
        # Re-running a long non-closed-form run per slider tick would lag: update on release.
        for name in ("lr", "w0", "b0"):
            c[name].continuous_update = self.run.closed_form
        ks, losses = _curve(self.run)
        self._curve.curve.set_data(ks, plots.clamp(losses, 1e-300, 1e300))
        self._zones.value = _zone_bar(*self._lr_range, self.lr_limit, self.lr)

    def _message(self, k: int) -> tuple[str, str]:
        """(the message in words for the readout, a one-line version for the figure)."""
        run_, limit, lr = self.run, self.lr_limit, self.lr
        name = _label(self.optimizer_name)
        past = self.optimizer_name == "gd" and lr > limit
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
        ks, losses = _curve(run_)
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
            f"{_label(self.optimizer_name)}, lr = {self.lr:.3g}   step k = {k:,}   "
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


# --- shared helpers for the other explorers ---------------------------------------------------------


def _slider_step(lo: float, hi: float, n: int = 200) -> float:
    return 10.0 ** math.floor(math.log10((hi - lo) / n))


_FUNCTIONS_1D = {"parabola": Parabola, "double well": DoubleWell}
_START_1D = {"parabola": 2.5, "double well": 2.0}


# --- one dimension -------------------------------------------------------------------------------------


class Descent1DExplorer(Explorer):
    """The update rule x_{n+1} = x_n − lr·f′(x_n) on a curve, one step at a time, with a table."""

    title = "gradient descent in one dimension"
    max_rows = 12

    def __init__(self, function: object = "parabola", x0: float | None = None, lr: float | None = None,
                 steps: int = 10, optimizer: str = "gd", max_steps: int = 100,
                 display: str | None = None):
        super().__init__(display)
        self._problems: dict[str, Function] = {}
        if isinstance(function, str):
            if function not in _FUNCTIONS_1D:
                raise ValueError(f"function must be one of {', '.join(map(repr, _FUNCTIONS_1D))} or a "
                                 f"1-D gdlab problem; got {function!r}")
            name = function
        elif isinstance(function, Function) and function.dim == 1:
            name = function.name
            self._problems[name] = function
        else:
            raise TypeError(f"function must be 'parabola', 'double well' or a 1-D gdlab problem, "
                            f"got {function!r}")
        for key, cls in _FUNCTIONS_1D.items():
            self._problems.setdefault(key, cls())
        optimizer = optimizer_name(optimizer)
        self.max_steps = check.integer("max_steps", max_steps, 1, 1000)
        steps = check.integer("steps", steps, 0, self.max_steps)
        problem = self._problems[name]
        if x0 is not None:
            x0 = check.finite("x0", x0)
        if lr is not None:
            lr = check.positive("lr", lr)
        self.controls["function"] = W.Dropdown(options=list(self._problems), value=name,
                                               description="function", layout=W.Layout(width="300px"))
        self.controls["x0"] = W.FloatSlider(description="start x₀")
        self.controls["lr"] = _lr_slider("learning rate lr", 0.1, 1e-3, 1.0)
        self._steps_controls(step_grid(self.max_steps, dense=self.max_steps), steps, interval=400)
        self.controls["optimizer"] = W.Dropdown(
            options=[(_label(n), n) for n in OPTIMIZERS], value=optimizer,
            description="optimizer", layout=W.Layout(width="240px"))
        self.controls["momentum"] = _float_slider("momentum μ", 0.9, 0.0, 0.99, 0.01)
        self._slow = {"function", "x0", "lr", "optimizer", "momentum"}
        self._table = W.HTML()
        self._readout = W.HTML()
        self._zones = W.HTML()
        fig, (ax_f, ax_x) = self._figure(1, 2, (12.0, 4.8))
        self._ax_f, self._ax_x = ax_f, ax_x
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.25)
        self._export_top = 0.8
        self._function_name = None
        self._setup_function(problem, x0, lr)
        self._start()

    def _setup_function(self, problem: Function, x0: float | None, lr: float | None) -> None:
        """Draw a (new) function and reset the start and lr sliders to its ranges."""
        self.problem = problem
        self.lr_limit = problem.lr_limit()
        lo, hi = problem.bounds[0]
        name = self.controls["function"].value
        x0 = _START_1D.get(name, lo + 0.9 * (hi - lo)) if x0 is None else x0
        lo, hi = min(lo, x0), max(hi, x0)
        self.bounds = (lo, hi)
        lr = _snap_lr(0.3 * self.lr_limit) if lr is None else lr
        self._lr_range = (self.lr_limit / 100, self.lr_limit * 3)
        new_x0 = _float_slider("start x₀", x0, lo, hi, _slider_step(lo, hi))
        new_lr = _lr_slider("learning rate lr", lr, *self._lr_range)
        with self._adjust():
            for ctl, new in ((self.controls["x0"], new_x0), (self.controls["lr"], new_lr)):
                # Widen first so that the value is never outside [min, max] on the way.
                ctl.min, ctl.max = min(ctl.min, new.min), max(ctl.max, new.max)
                ctl.step = new.step
                ctl.value = new.value
                ctl.min, ctl.max = new.min, new.max
                ctl.readout_format = new.readout_format
        with plots.style():  # clear() re-creates ticks from the rcParams in force
            for ax in (self._ax_f, self._ax_x):
                ax.clear()
        self._animated.clear()
        self._export_texts.clear()
        self._steps_art = plots.function_1d(self._ax_f, problem, bounds=self.bounds)
        ax = self._ax_x
        with plots.style():
            for m in problem.minima:
                ax.axhline(m[0], color=plots.ROLE["optimum"], ls="--", lw=1.8)
            (self._xs_line,) = ax.plot([], [], "-o", color=plots.ROLE["path"], ms=6, lw=2)
            ax.set_xlim(-0.5, self.max_steps + 0.5)
            ax.set_ylim(*self.bounds)
            ax.set_xlabel("step n")
            ax.set_ylabel("x_n")
            _title(ax, "x_n, step by step (dashed: minima)")
        _title(self._ax_f, problem.name)
        self._status = self._status_text(self._ax_f, 0.99, fontsize=15)
        self._alert = self._status_text(self._ax_f, 0.925, fontsize=14,
                                        color=plots.ROLE["diverging"], fontweight="bold")
        a = self._steps_art
        self._animate(a.path, a.points, a.current, self._xs_line)
        self._function_name = name
        self._stale = True

    def _recompute(self) -> None:
        c = self.controls
        if c["function"].value != self._function_name:
            self._setup_function(self._problems[c["function"].value], None, None)
        self.lr = float(c["lr"].value)
        self.optimizer_name = c["optimizer"].value
        opt = make_optimizer(self.optimizer_name, self.lr, momentum=float(c["momentum"].value))
        self.run = Run(self.problem, opt, np.array([c["x0"].value]), self.max_steps)
        self._zones.value = _zone_bar(*self._lr_range, self.lr_limit, self.lr)

    def _rows(self, xs: np.ndarray) -> list[tuple[int, float, float, float, float]]:
        """(n, x_n, f′(x_n), lr·f′(x_n), x_{n+1}) for each step shown."""
        with np.errstate(all="ignore"):
            g = np.asarray(self.problem.df(xs[:-1]), dtype=float).reshape(-1)
        return [(n, float(xs[n]), float(g[n]), float(self.lr * g[n]), float(xs[n + 1]))
                for n in range(len(xs) - 1)]

    def _table_html(self, rows: list) -> str:
        if not rows:
            return "<div style='font-size:15px'>Step 0: no update yet. Move the step slider.</div>"
        plain = self.optimizer_name == "gd"
        head = ["n", "x_n", "f′(x_n)", "lr·f′(x_n)", "x_{n+1}"] + ([] if plain else ["x_{n+1} − x_n"])
        shown = rows if len(rows) <= self.max_rows else rows[:4] + [None] + rows[-(self.max_rows - 5):]
        body = []
        for r in shown:
            if r is None:
                body.append(f"<tr><td colspan='{len(head)}' style='text-align:center'>⋮</td></tr>")
                continue
            n, x, g, step, nxt = r
            cells = [str(n), _fmt(x), _fmt(g), _fmt(step), _fmt(nxt)] + ([] if plain else [_fmt(nxt - x)])
            body.append("<tr>" + "".join(f"<td style='padding:2px 12px;text-align:right'>{v}</td>"
                                         for v in cells) + "</tr>")
        rule = ("x_{n+1} = x_n − lr·f′(x_n)" if plain else
                f"{_label(self.optimizer_name)}: the step is not lr·f′(x_n); the last column shows it")
        th = "".join(f"<th style='padding:2px 12px;text-align:right'>{h}</th>" for h in head)
        return (f"<div style='font-size:15px;font-family:monospace'><div>{html.escape(rule)}</div>"
                f"<table style='border-collapse:collapse'><tr>{th}</tr>{''.join(body)}</table></div>")

    def _redraw(self) -> None:
        k = self.step
        run_ = self.run
        theta, loss = run_.at(k)
        xs = run_.path(k)[:, 0]
        plots.set_steps_1d(self._steps_art, self.problem, xs)
        ys = plots.clamp(xs, *self.bounds)
        self._xs_line.set_data(np.arange(len(xs)), ys)
        message = ""
        if run_.diverged_at is not None:
            message = (f"Diverged: x overflowed at step {run_.diverged_at:,}; lr = {self.lr:.3g} is far "
                       f"past 2/f″ = {self.lr_limit:.3g} at the minimum.")
        elif not (self.bounds[0] <= xs[-1] <= self.bounds[1]) and self.lr > self.lr_limit:
            message = (f"Diverging: lr = {self.lr:.3g} is past the limit 2/f″(x*) = {self.lr_limit:.3g}; "
                       "each step overshoots further and x has left the plot.")
        elif self.optimizer_name == "gd" and self.problem.is_quadratic and self.lr > self.lr_limit:
            message = (f"Diverging: lr = {self.lr:.3g} is past the limit 2/f″ = {self.lr_limit:.3g}; "
                       "each step overshoots further.")
        elif self.optimizer_name == "gd" and self.problem.is_quadratic and self.lr == self.lr_limit:
            message = (f"On the limit: lr = 2/f″ = {self.lr_limit:.3g} exactly, so every step lands "
                       "as far on the other side: x bounces between two points for ever.")
        self.current = {
            "step": k, "theta": theta, "x": float(theta[0]), "loss": loss, "lr": self.lr,
            "lr_limit": self.lr_limit, "optimizer": self.optimizer_name,
            "function": self.controls["function"].value, "diverged_at": run_.diverged_at,
            "message": message, "rows": self._rows(xs),
        }
        self._status.set_text(f"{_label(self.optimizer_name)}, lr = {self.lr:.3g}   step n = {k}   "
                              f"x = {_fmt(theta[0])}   f(x) = {_fmt(loss)}")
        self._alert.set_text(message.split(";")[0])
        self._table.value = self._table_html(self.current["rows"])
        self._readout.value = _readout_html(
            [("n", str(k)), ("x_n", _fmt(theta[0])), ("f(x_n)", _fmt(loss))], message)

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        return W.VBox([
            W.HBox([c["function"], c["optimizer"], c["momentum"]]),
            W.HBox([W.VBox([c["lr"], self._zones]), c["x0"]]),
            W.HBox([c["steps"], c["play"]]),
            figure, self._readout, self._table,
        ])


def descent_1d_explorer(function: object = "parabola", x0: float | None = None,
                        lr: float | None = None, steps: int = 10, optimizer: str = "gd",
                        max_steps: int = 100, display: str | None = None) -> Descent1DExplorer:
    """Gradient descent on f(x), step by step: the staircase on the curve and a table of steps.

    `function` is "parabola" (f = x²), "double well" (x⁴ − 3x² + x) or any 1-D gdlab problem.
    Controls: function, x0, lr (log scale, zones from 2/f″ at the minimum), steps, play,
    optimizer, momentum. Under the figure: n, x_n, f′(x_n), lr·f′(x_n), x_{n+1} for each step.
    """
    return Descent1DExplorer(function, x0=x0, lr=lr, steps=steps, optimizer=optimizer,
                             max_steps=max_steps, display=display)


# --- several runs on one 2-D loss ---------------------------------------------------------------------


class PathExplorer(Explorer):
    """Runs on one 2-D loss, side by side: paths on the contours, loss curves, and optionally
    the data with each run's fitted line ("line") or probability curve ("logistic").

    Subclasses list their series as (name, label) and say how to make each run
    (`_make_run(name, theta0)` → Run, `_run_key(name)` → anything that changes when the run
    must be recomputed); this class does the drawing, the readout and `.current`.
    """

    def _setup(self, problem: Problem, series: list[tuple[str, str]], data_panel: str | None,
               theta0: np.ndarray, floor: float | None, loss_label: str) -> None:
        self.problem = problem
        self.series = series
        self._keys: dict[str, object] = {}
        self.runs: dict[str, Run] = {}
        self._colors = {name: (plots.COLORS[OPTIMIZERS[name].color] if name in OPTIMIZERS
                               else plots.SERIES[i % len(plots.SERIES)])
                        for i, (name, _) in enumerate(series)}
        self._floor = floor
        ncols = 3 if data_panel else 2
        fig, axes = self._figure(1, ncols, (13.0 if ncols == 3 else 11.0, 5.0))
        axes = list(axes)
        ax_data = axes.pop(0) if data_panel else None
        ax_con, ax_loss = axes
        first, first_label = series[0]
        self._con = plots.loss_contours(ax_con, problem, bounds=self.bounds,
                                        color=self._colors[first], label=first_label)
        self._paths = {first: (self._con.path, self._con.current)}
        with plots.style():
            for name, label in series[1:]:
                c = self._colors[name]
                (line,) = ax_con.plot([], [], color=c, lw=2.2, zorder=4, label=label)
                (cur,) = ax_con.plot([], [], "o", color=c, mec="black", mew=1.5, ms=12, zorder=6)
                self._paths[name] = (line, cur)
        # Markers here; which colour is which optimizer is told once, on the loss panel.
        marks = [a for a in (self._con.start, self._con.optimum, self._con.true) if a is not None]
        ax_con.legend(handles=marks, loc="upper right", framealpha=0.9, fontsize=11,
                      handlelength=1.2, borderpad=0.3, labelspacing=0.25)
        _title(ax_con, "paths on the loss surface")
        # Loss panel: log scale of L − floor (or of L), fixed limits so the background never changes.
        xs, ys = np.linspace(*self.bounds[0], 60), np.linspace(*self.bounds[1], 60)
        grid_loss = self._excess(problem.loss_grid(xs, ys))
        top = float(np.nanmax(grid_loss[np.isfinite(grid_loss)])) * 3.0
        bottom = top * 1e-10 if floor is not None else float(np.nanmin(grid_loss)) / 3.0
        self._curves = {}
        with plots.style():
            for name, label in series:
                c = self._colors[name]
                (faint,) = ax_loss.plot([], [], color=c, lw=2, alpha=0.3, zorder=2)
                (done,) = ax_loss.plot([], [], color=c, lw=3, zorder=3, label=label)
                (mark,) = ax_loss.plot([], [], "o", color=c, mec="black", mew=1.5, ms=11, zorder=5)
                self._curves[name] = plots.CurveArtists(faint, done, mark, None)
            ax_loss.set_yscale("log")
            if self.max_steps > 200:
                ax_loss.set_xscale("symlog", linthresh=1.0, linscale=0.4)
            ax_loss.set_xlim(0, self.max_steps)
            ax_loss.set_ylim(max(bottom, 1e-300), top)
            ax_loss.set_xlabel("step k")
            ax_loss.set_ylabel(loss_label)
            ax_loss.legend(loc="lower left", framealpha=0.9, fontsize=11, handlelength=1.2,
                           borderpad=0.3, labelspacing=0.25)
            _title(ax_loss, "the loss, step by step")
        self._data_panel = data_panel
        self._lines = {}
        if data_panel == "line":
            self._fit = plots.data_fit(ax_data, problem.data)
            self._fit_ylim = ax_data.get_ylim()
            self._fit.fit.set_color(self._colors[first])
            refs = [a for a in (self._fit.points, self._fit.true, self._fit.least_squares) if a]
            ax_data.legend(handles=refs, loc="upper left", framealpha=0.9, fontsize=11,
                           handlelength=1.5, borderpad=0.3, labelspacing=0.25)
            self._lines[first] = self._fit.fit
            with plots.style():
                for name, _ in series[1:]:
                    (ln,) = ax_data.plot(self._fit.fit.get_xdata(), [np.nan, np.nan], lw=3,
                                         color=self._colors[name], zorder=4)
                    self._lines[name] = ln
            _title(ax_data, "the fitted lines at step k")
        elif data_panel == "logistic":
            self._logit = plots.logistic_fit(ax_data, problem.data, theta0)
            self._lines[first] = self._logit.proba
            _title(ax_data, "probability and boundary at step k")
        for name, _ in series:
            line, cur = self._paths[name]
            cv = self._curves[name]
            self._animate(line, cur, cv.curve, cv.done, cv.marker, self._lines.get(name))
        self._animate(self._con.start)
        if data_panel == "logistic":
            self._animate(self._logit.boundary)
        anchor = ax_data if ax_data is not None else ax_con
        self._status = self._status_text(anchor, 0.99, fontsize=15)
        self._alert = self._status_text(anchor, 0.93, fontsize=14, color=plots.ROLE["diverging"],
                                        fontweight="bold")
        fig.subplots_adjust(left=0.065 if ncols == 3 else 0.08, right=0.98, bottom=0.12, top=0.91,
                            wspace=0.32)
        self._export_top = 0.81

    def _excess(self, losses: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            out = np.asarray(losses, dtype=float)
            return out if self._floor is None else np.maximum(out - self._floor, 1e-300)

    #: The start sliders' names, for explorers that have them; others set `_theta0_fixed`.
    _start_names: tuple[str, str] | None = None

    def _theta0(self) -> np.ndarray:
        if self._start_names is None:
            return self._theta0_fixed
        a, b = self._start_names
        return np.array([self.controls[a].value, self.controls[b].value], dtype=float)

    def _make_run(self, name: str, theta0: np.ndarray) -> Run:
        raise NotImplementedError

    def _run_key(self, name: str) -> object:
        raise NotImplementedError

    def _recompute(self) -> None:
        theta0 = self._theta0()
        for name, _ in self.series:
            key = (self._run_key(name), tuple(theta0))
            if self._keys.get(name) != key:
                self.runs[name] = self._make_run(name, theta0)
                self._keys[name] = key
                ks, losses = _curve(self.runs[name])
                self._curves[name].curve.set_data(ks, self._excess(losses))
        expensive = not all(r.closed_form for r in self.runs.values())
        for name, ctl in self.controls.items():
            if name in self._slow and hasattr(ctl, "continuous_update") and name not in ("optimizer",):
                ctl.continuous_update = not expensive or self.max_steps <= 2000

    def _series_message(self, name: str, label: str) -> str:
        r = self.runs[name]
        if r.diverged_at is not None:
            return f"{label} diverged: the numbers overflowed at step {r.diverged_at:,}."
        return ""

    def _redraw(self) -> None:
        k = self.step
        runs = {}
        messages = []
        for name, label in self.series:
            r = self.runs[name]
            theta, loss = r.at(k)
            path = r.path(k)
            line, cur = self._paths[name]
            drawn = plots.clamp_path(path, self.bounds)
            line.set_data(drawn[:, 0], drawn[:, 1])
            cur.set_data(drawn[-1:, 0], drawn[-1:, 1])
            if name == self.series[0][0]:
                self._con.start.set_data(drawn[:1, 0], drawn[:1, 1])
            ks, losses = _curve(r)
            cv = self._curves[name]
            upto = int(np.searchsorted(ks, k, side="right"))
            cv.done.set_data(ks[:upto], self._excess(losses[:upto]))
            cv.marker.set_data([min(k, r.last)], self._excess(np.array([loss])))
            if self._data_panel == "line":
                xs = self._lines[name].get_xdata()
                with np.errstate(all="ignore"):
                    self._lines[name].set_ydata(plots.clamp(theta[0] * np.asarray(xs) + theta[1],
                                                             *self._fit_ylim))
            elif self._data_panel == "logistic":
                plots.set_logistic(self._logit, self.problem, theta)
            msg = self._series_message(name, label)
            if msg:
                messages.append(msg)
            runs[name] = {"label": label, "theta": theta, "loss": loss, "diverged_at": r.diverged_at,
                          "message": msg, "lr": self._lr_of(name), "path_length": len(path)}
        main = runs[self.series[0][0]]
        message = " ".join(messages)
        self.current = {"step": k, "theta": main["theta"], "loss": main["loss"], "lr": main["lr"],
                        "diverged_at": main["diverged_at"], "message": message, "runs": runs}
        self._extra_current()
        status = f"step k = {k:,}"
        if len(self.series) <= 3:
            status += "   " + "   ".join(f"{lab}: loss {_fmt(runs[n]['loss'])}" for n, lab in self.series)
        self._status.set_text(status)
        self._alert.set_text(_short(messages[0]) if messages else "")
        rows = [(f"{lab} θ", f"({_fmt(runs[n]['theta'][0])}, {_fmt(runs[n]['theta'][1])})")
                for n, lab in self.series]
        self._readout.value = _readout_html([("k", f"{k:,}")], message) + "".join(
            _readout_html([(lab, f"({_fmt(runs[n]['theta'][0])}, {_fmt(runs[n]['theta'][1])}), "
                                 f"loss {_fmt(runs[n]['loss'])}")]) for n, lab in self.series)
        del rows

    def _extra_current(self) -> None:
        """Subclasses add their own entries to `.current`."""

    def _lr_of(self, name: str) -> float:
        """The learning rate of series `name`: by default the explorer's one `lr` slider."""
        return float(self.controls["lr"].value)


_RACE_PROBLEMS = {"bowl": Bowl, "rosenbrock": Rosenbrock, "himmelblau": Himmelblau, "saddle": Saddle}
_RACE_START = {"bowl": (-2.5, 2.0), "rosenbrock": (-1.5, 2.0), "himmelblau": (0.0, 0.0),
               "saddle": (1.2, 0.01)}


def _default_lr(name: str, limit: float, span: float) -> float:
    """A learning rate that makes each optimizer do something sensible on a problem."""
    if name == "gd":
        return 0.45 * limit
    if name in ("momentum", "nesterov"):
        return 0.1 * limit
    return {"adagrad": span / 5, "rmsprop": span / 150, "adam": span / 50}[name]


class OptimizerRace(PathExplorer):
    """Several optimizers from one start on one surface (or the regression), same steps."""

    title = "optimizer race"

    def __init__(self, problem: object = "bowl", optimizers: Sequence[str] = ("gd", "momentum", "adam"),
                 theta0: object = None, steps: int = 200, max_steps: int | None = None,
                 momentum: float = 0.9, lrs: dict[str, float] | None = None,
                 display: str | None = None):
        super().__init__(display)
        regression = isinstance(problem, Dataset)
        key = None
        if isinstance(problem, str):
            if problem not in _RACE_PROBLEMS:
                raise ValueError(f"problem must be one of {', '.join(map(repr, _RACE_PROBLEMS))}, a "
                                 f"2-D gdlab problem or a Dataset; got {problem!r}")
            key, problem = problem, _RACE_PROBLEMS[problem]()
        elif regression:
            problem = LinearRegression(problem)
        elif not (isinstance(problem, Problem) and problem.dim == 2):
            raise TypeError(f"problem must be a name, a 2-D gdlab problem or a Dataset; got {problem!r}")
        if isinstance(optimizers, str) or not isinstance(optimizers, Sequence):
            raise TypeError(f"optimizers must be a list of names such as ('gd', 'adam'), got {optimizers!r}")
        names = [optimizer_name(n, "optimizers") for n in optimizers]
        if not names or len(set(names)) != len(names):
            raise ValueError(f"optimizers must be one or more different names, got {optimizers!r}")
        steps = check.integer("steps", steps, 0, 1_000_000)
        self.max_steps = (max(1000, steps) if max_steps is None
                          else check.integer("max_steps", max_steps, max(1, steps), 1_000_000))
        momentum = check.unit_interval("momentum", momentum)
        if lrs is None:
            lrs = {}
        if not isinstance(lrs, dict):
            raise TypeError(f"lrs must be a dict such as {{'gd': 0.01}}, got {lrs!r}")
        unknown = set(lrs) - set(names)
        if unknown:
            raise ValueError(f"lrs names {sorted(unknown)} that are not racing; racing: {names}")
        lrs = {n: check.positive(f"lrs[{n!r}]", v) for n, v in lrs.items()}
        if key is None and not regression:
            # A problem passed as an object starts where its named twin would (its minimum at
            # the origin would leave nothing to race), or off-centre in its box.
            key = next((k for k, make in _RACE_PROBLEMS.items() if type(problem) is make), None)
        if theta0 is None:
            if key is not None:
                theta0 = _RACE_START[key]
            elif regression:
                theta0 = (0.0, 0.0)
            else:
                theta0 = tuple(lo + f * (hi - lo) for (lo, hi), f in zip(problem.bounds, (0.15, 0.85)))
        theta0 = check.vector("theta0", theta0, 2)
        (x_lo, x_hi), (y_lo, y_hi) = problem.bounds
        self.bounds = ((min(x_lo, theta0[0]), max(x_hi, theta0[0])),
                       (min(y_lo, theta0[1]), max(y_hi, theta0[1])))
        self.lr_limit = problem.lr_limit()
        span = min(hi - lo for lo, hi in self.bounds)
        for name in names:
            lr = lrs.get(name) or _default_lr(name, self.lr_limit, span)
            self.controls[f"lr_{name}"] = _lr_slider(f"lr {_label(name)}", lr, lr / 100, lr * 30)
        if {"momentum", "nesterov"} & set(names):
            self.controls["momentum"] = _float_slider("momentum μ", momentum, 0.0, 0.99, 0.01)
        if "adam" in names:
            self.controls["beta1"] = _float_slider("Adam β₁", 0.9, 0.0, 0.99, 0.01)
        self._start_names = ("w0", "b0") if regression else ("x0", "y0")
        labels = ("start w₀", "start b₀") if regression else ("start x₀", "start y₀")
        for cname, v, (lo, hi), label in zip(self._start_names, theta0, self.bounds, labels):
            # A fine grid: a start such as y₀ = 0.001 beside a saddle's ridge must stay off it.
            self.controls[cname] = _float_slider(label, v, lo, hi, _slider_step(lo, hi, n=2000))
        self._steps_controls(step_grid(self.max_steps, include=(steps,)), steps, interval=80)
        self._slow = set(self.controls) - {"steps", "play"}
        self._names = names
        self._readout = W.HTML()
        floor = problem.min_loss()
        self._setup(problem, [(n, _label(n)) for n in names], "line" if regression else None,
                    theta0, floor, "loss above the minimum (log)" if floor is not None else "loss (log)")
        self._start()

    def _lr_of(self, name: str) -> float:
        return float(self.controls[f"lr_{name}"].value)

    def _hyper(self, name: str) -> dict:
        c = self.controls
        if name in ("momentum", "nesterov"):
            return {"momentum": float(c["momentum"].value)}
        if name == "adam":
            return {"beta1": float(c["beta1"].value)}
        return {}

    def _run_key(self, name: str) -> object:
        return (self._lr_of(name), tuple(sorted(self._hyper(name).items())))

    def _make_run(self, name: str, theta0: np.ndarray) -> Run:
        lr, hp = self._lr_of(name), self._hyper(name)
        opt = make_optimizer(name, lr, momentum=hp.get("momentum", 0.9),
                             betas=(hp.get("beta1", 0.9), 0.999))
        return Run(self.problem, opt, theta0, self.max_steps, first=self.max_steps)

    def _series_message(self, name: str, label: str) -> str:
        msg = super()._series_message(name, label)
        if name == "gd" and self.problem.is_quadratic and self._lr_of("gd") > self.lr_limit:
            r = self.runs[name]
            where = f" (overflow at step {r.diverged_at:,})" if r.diverged_at is not None else ""
            return (f"GD diverges: lr = {self._lr_of('gd'):.3g} is past 2/λ_max = "
                    f"{self.lr_limit:.4g}{where}.")
        return msg

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        lrs = [c[f"lr_{n}"] for n in self._names]
        hyper = [c[n] for n in ("momentum", "beta1") if n in c]
        starts = [c[n] for n in self._start_names]
        return W.VBox([
            W.HBox([c["steps"], c["play"]]),
            W.HBox([W.VBox(lrs), W.VBox(hyper + starts)]),
            figure, self._readout,
        ])


def optimizer_race(problem: object = "bowl", optimizers: Sequence[str] = ("gd", "momentum", "adam"),
                   theta0: object = None, steps: int = 200, max_steps: int | None = None,
                   momentum: float = 0.9, lrs: dict[str, float] | None = None,
                   display: str | None = None) -> OptimizerRace:
    """Optimizers racing from one start: their paths on one surface and their loss curves.

    `problem`: "bowl", "rosenbrock", "himmelblau", "saddle", a 2-D gdlab problem, or a Dataset
    (the regression: then the fitted lines are shown too). `optimizers` from gd, momentum,
    nesterov, adagrad, rmsprop, adam. Controls: steps, play, lr_<name> per optimizer, momentum
    (μ, when momentum or nesterov races), beta1 (when adam races), and the start (x0, y0; w0, b0
    for a regression). `lrs` sets starting learning rates by name, e.g. {"gd": 0.01}; the others
    get a rate chosen for the problem. `.current["runs"][name]` has each one's theta, loss,
    diverged_at.
    """
    return OptimizerRace(problem, optimizers, theta0=theta0, steps=steps, max_steps=max_steps,
                         momentum=momentum, lrs=lrs, display=display)


class MinibatchExplorer(PathExplorer):
    """Mini-batch SGD on the regression beside full-batch GD at the same learning rate."""

    title = "mini-batch gradient descent"

    def __init__(self, data: Dataset, batch_size: int = 10, seed: int = 0, lr: float | None = None,
                 steps: int = 200, decay: float = 0.0, theta0: object = (0.0, 0.0),
                 max_steps: int | None = None, display: str | None = None):
        if not isinstance(data, Dataset):
            raise TypeError(f"data must be a gdlab Dataset, got {type(data).__name__}")
        super().__init__(display)
        problem = LinearRegression(data)
        batch_size = check.integer("batch_size", batch_size, 1, len(data))
        seed = check.integer("seed", seed, 0, 999)
        steps = check.integer("steps", steps, 0, 1_000_000)
        self.max_steps = (max(2000, steps) if max_steps is None
                          else check.integer("max_steps", max_steps, max(1, steps), 1_000_000))
        decay = check.non_negative("decay", decay)
        theta0 = check.vector("theta0", theta0, 2)
        self.lr_limit = limit = problem.lr_limit()
        lr = 0.2 * limit if lr is None else check.positive("lr", lr)
        self.bounds = problem.bounds
        self.controls["batch_size"] = W.IntSlider(value=batch_size, min=1, max=len(data),
                                                  description="batch size",
                                                  style={"description_width": "initial"})
        self.controls["seed"] = W.IntSlider(value=seed, min=0, max=max(99, seed), description="seed",
                                            style={"description_width": "initial"})
        self._lr_range = (limit / 1000, limit * 3)
        self.controls["lr"] = _lr_slider("learning rate lr", lr, *self._lr_range)
        self.controls["decay"] = _float_slider("decay (lr/(1+decay·t))", decay, 0.0, max(0.1, decay), 0.001)
        self._steps_controls(step_grid(self.max_steps, include=(steps,)), steps, interval=80)
        self._theta0_fixed = theta0
        self._slow = {"batch_size", "seed", "lr", "decay"}
        self._readout = W.HTML()
        self._zones = W.HTML()
        self._setup(problem, [("minibatch", "mini-batch SGD"), ("full", "full-batch GD")], "line",
                    theta0, problem.min_loss(), "loss above least squares (log)")
        self._start()

    def _run_key(self, name: str) -> object:
        c = self.controls
        if name == "full":
            return (c["lr"].value,)
        return (c["lr"].value, c["batch_size"].value, c["seed"].value, c["decay"].value)

    def _make_run(self, name: str, theta0: np.ndarray) -> Run:
        c = self.controls
        lr = float(c["lr"].value)
        if name == "full":
            return Run(self.problem, sgd(lr), theta0, self.max_steps)
        decay = float(c["decay"].value)
        opt = sgd(inverse_time_decay(lr, decay) if decay > 0 else lr)
        return Run(self.problem, opt, theta0, self.max_steps, batch_size=int(c["batch_size"].value),
                   seed=int(c["seed"].value), first=self.max_steps)

    def _recompute(self) -> None:
        super()._recompute()
        self._zones.value = _zone_bar(*self._lr_range, self.lr_limit, float(self.controls["lr"].value))

    def _series_message(self, name: str, label: str) -> str:
        msg = super()._series_message(name, label)
        lr = float(self.controls["lr"].value)
        if name == "full" and lr > self.lr_limit:
            r = self.runs[name]
            where = f" (overflow at step {r.diverged_at:,})" if r.diverged_at is not None else ""
            return (f"Full-batch GD diverges: lr = {lr:.3g} is past 2/λ_max = {self.lr_limit:.4g}"
                    f"{where}.")
        return msg

    def _extra_current(self) -> None:
        c = self.controls
        self.current.update(batch_size=int(c["batch_size"].value), seed=int(c["seed"].value),
                            decay=float(c["decay"].value),
                            gap=float(np.linalg.norm(self.current["theta"] - self.problem.solve())))

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        return W.VBox([
            W.HBox([W.VBox([c["lr"], self._zones]), W.VBox([c["batch_size"], c["seed"]])]),
            W.HBox([c["steps"], c["play"], c["decay"]]),
            figure, self._readout,
        ])


def minibatch_explorer(data: Dataset, batch_size: int = 10, seed: int = 0, lr: float | None = None,
                       steps: int = 200, decay: float = 0.0, theta0: object = (0.0, 0.0),
                       max_steps: int | None = None, display: str | None = None) -> MinibatchExplorer:
    """Mini-batch SGD on the regression, with full-batch GD at the same lr for reference.

    Controls: batch_size, seed (the shuffling), lr (default 0.2·lr_limit), decay (an
    inverse-time schedule lr/(1 + decay·t); 0 = constant), steps, play. With a constant lr the
    mini-batch path keeps jittering around the least-squares point; decay lets it settle.
    """
    return MinibatchExplorer(data, batch_size=batch_size, seed=seed, lr=lr, steps=steps, decay=decay,
                             theta0=theta0, max_steps=max_steps, display=display)


class LogisticExplorer(PathExplorer):
    """Logistic regression by gradient descent: the probability curve and boundary move with k."""

    title = "logistic regression by gradient descent"

    def __init__(self, data: Dataset | None = None, lr: float = 0.5, steps: int = 300,
                 theta0: object = (0.0, 0.0), max_steps: int | None = None,
                 display: str | None = None):
        data = make_logistic_data(seed=0) if data is None else data
        if not isinstance(data, Dataset):
            raise TypeError(f"data must be a gdlab Dataset, got {type(data).__name__}")
        super().__init__(display)
        problem = LogisticRegression(data)
        lr = check.positive("lr", lr)
        steps = check.integer("steps", steps, 0, 1_000_000)
        self.max_steps = (max(2000, steps) if max_steps is None
                          else check.integer("max_steps", max_steps, max(1, steps), 1_000_000))
        theta0 = check.vector("theta0", theta0, 2)
        # Cross-entropy's Hessian is at most ¼·mean((x,1)(x,1)ᵀ): below 2/λ_max of that, GD is safe.
        A = np.column_stack([problem.x, np.ones(problem.n)])
        self.lr_limit = 8.0 / float(np.linalg.eigvalsh(A.T @ A / problem.n)[-1])
        # The view must hold where a long run goes (the data may put the optimum far out).
        far = run(problem, sgd(0.5 * self.lr_limit), theta0, 3000).final_params
        (w_lo, w_hi), (b_lo, b_hi) = problem.bounds
        pts = np.array([[w_lo, b_lo], [w_hi, b_hi], theta0, far])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        pad = 0.15 * (hi - lo)
        self.bounds = ((lo[0] - pad[0], hi[0] + pad[0]), (lo[1] - pad[1], hi[1] + pad[1]))
        self._theta0_fixed = theta0
        self._lr_range = (min(lr, self.lr_limit / 100), max(lr, self.lr_limit * 30))
        self.controls["lr"] = _lr_slider("learning rate lr", lr, *self._lr_range)
        self._steps_controls(step_grid(self.max_steps, include=(steps,)), steps, interval=80)
        self._slow = {"lr"}
        self._readout = W.HTML()
        self._setup(problem, [("gd", "gradient descent")], "logistic", theta0, None,
                    "cross-entropy loss (log)")
        self._start()

    def _run_key(self, name: str) -> object:
        return self.controls["lr"].value

    def _make_run(self, name: str, theta0: np.ndarray) -> Run:
        return Run(self.problem, sgd(float(self.controls["lr"].value)), theta0, self.max_steps,
                   first=self.max_steps)

    def _extra_current(self) -> None:
        theta = self.current["theta"]
        w, b = float(theta[0]), float(theta[1])
        self.current.update(w=w, b=b, boundary=(-b / w if w != 0 else None),
                            accuracy=self.problem.accuracy(theta))

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        return W.VBox([W.HBox([c["lr"]]), W.HBox([c["steps"], c["play"]]), figure, self._readout])


def logistic_explorer(data: Dataset | None = None, lr: float = 0.5, steps: int = 300,
                      theta0: object = (0.0, 0.0), max_steps: int | None = None,
                      display: str | None = None) -> LogisticExplorer:
    """Logistic regression by gradient descent on the cross-entropy.

    `data` defaults to gd.make_logistic_data(seed=0). Controls: lr, steps, play. Panels: the
    labels with σ(w·x + b) and the boundary x = −b/w at step k, the path on the loss contours,
    the loss curve. `.current` also has w, b, boundary and accuracy.
    """
    return LogisticExplorer(data, lr=lr, steps=steps, theta0=theta0, max_steps=max_steps,
                            display=display)
