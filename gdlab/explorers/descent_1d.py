"""The update rule x_{n+1} = x_n − lr·f′(x_n) on a curve, one step at a time, with a table of the steps."""

from __future__ import annotations

import html

import ipywidgets as W
import numpy as np

from .. import _checks as check
from .. import plots
from ..optimizers import OPTIMIZERS, make_optimizer, optimizer_name
from ..problems import DoubleWell, Function, Parabola
from ..running import Run, check_start
from .base import Explorer, panel_title
from .column import row
from .controls import (
    close_widgets,
    float_slider,
    lr_slider,
    optimizer_dropdown,
    slider_step,
    snap_lr,
    step_grid,
)
from .readout import fmt, readout_html, zone_bar

__all__ = ["Descent1DExplorer", "descent_1d_explorer"]

_FUNCTIONS = {"parabola": Parabola, "double well": DoubleWell}
_START = {"parabola": 2.5, "double well": 2.0}
_SUB = "<sub style='font-size:0.95em'>"  # subscripts at 15 px, not the browser's 13
_X_N, _X_NEXT = f"x{_SUB}n</sub>", f"x{_SUB}n+1</sub>"


class Descent1DExplorer(Explorer):
    """Gradient descent on f(x), step by step: the staircase on the curve and a table of steps.

        ex = gd.widgets.descent_1d_explorer("double well", x0=1.5, lr=0.05, steps=60)

    `function` is "parabola" (f = x²), "double well" (x⁴ − 3x² + x) or any 1-D gdlab problem.
    Controls: function, x0, lr (log scale, zones from 2/f″ at the minimum), steps, play,
    optimizer, momentum. Under the figure: n, x_n, f′(x_n), lr·f′(x_n), x_{n+1} for each step.
    """

    max_rows = 12

    def __init__(self, function: object = "parabola", *, x0: float | None = None, lr: float | None = None,
                 steps: int = 10, optimizer: str = "gd", max_steps: int = 100,
                 display: str | None = None):
        super().__init__(display)
        self._problems: dict[str, Function] = {}
        if isinstance(function, str):
            if function not in _FUNCTIONS:
                raise ValueError(f"function must be one of {', '.join(map(repr, _FUNCTIONS))} or a "
                                 f"1-D gdlab problem; got {function!r}")
            name = function
        elif isinstance(function, Function) and function.dim == 1:
            name = function.name
            self._problems[name] = function
        else:
            raise TypeError(f"function must be 'parabola', 'double well' or a 1-D gdlab problem, "
                            f"got {function!r}")
        for key, cls in _FUNCTIONS.items():
            self._problems.setdefault(key, cls())
        optimizer = optimizer_name(optimizer)
        self.max_steps = check.integer("max_steps", max_steps, 1, 1000)
        steps = check.integer("steps", steps, 0, self.max_steps)
        if x0 is not None:
            x0 = check.finite("x0", x0)
        if lr is not None:
            lr = check.positive("lr", lr)
        self.controls["function"] = W.Dropdown(options=list(self._problems), value=name,
                                               description="function", layout=W.Layout(width="300px"))
        self.controls["x0"] = W.FloatSlider(description="start x₀")
        self.controls["lr"] = lr_slider("learning rate lr", 0.1, 1e-3, 1.0)
        self._steps_controls(step_grid(self.max_steps, dense=self.max_steps), steps, interval=400)
        self.controls["optimizer"] = optimizer_dropdown(optimizer)
        self.controls["momentum"] = float_slider("momentum μ", 0.9, 0.0, 0.99, 0.01)
        self._slow = {"function", "x0", "lr", "optimizer", "momentum"}
        self._table = W.HTML()
        self._readout = W.HTML()
        self._zones = W.HTML()
        fig, (ax_f, ax_x) = self._figure(2)
        self._ax_f, self._ax_x = ax_f, ax_x
        self._function_name = None
        self._setup_function(self._problems[name], x0, lr)
        self._start()

    def _setup_function(self, problem: Function, x0: float | None, lr: float | None) -> None:
        """Draw a (new) function and reset the start and lr sliders to its ranges."""
        self.problem = problem
        self.lr_limit = problem.lr_limit()
        lo, hi = problem.bounds[0]
        name = self.controls["function"].value
        x0 = _START.get(name, lo + 0.9 * (hi - lo)) if x0 is None else x0
        check_start(problem, np.array([x0]), "x0")
        lo, hi = min(lo, x0), max(hi, x0)
        self.bounds = (lo, hi)
        lr = snap_lr(0.3 * self.lr_limit) if lr is None else lr
        self._lr_range = (self.lr_limit / 100, self.lr_limit * 3)
        new_x0 = float_slider("start x₀", x0, lo, hi, slider_step(lo, hi))
        new_lr = lr_slider("learning rate lr", lr, *self._lr_range, name="lr")
        with self._adjust():
            for ctl, new in ((self.controls["x0"], new_x0), (self.controls["lr"], new_lr)):
                # Widen first so that the value is never outside [min, max] on the way.
                ctl.min, ctl.max = min(ctl.min, new.min), max(ctl.max, new.max)
                ctl.step = new.step
                ctl.value = new.value
                ctl.min, ctl.max = new.min, new.max
                ctl.readout_format = new.readout_format
        close_widgets([new_x0, new_lr])  # they only carried the new ranges
        with plots.style():  # clear() re-creates ticks from the rcParams in force
            for ax in (self._ax_f, self._ax_x):
                ax.clear()
        self._canvas.forget_moving()
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
            ax.set_ylabel("xₙ")
            panel_title(ax, "xₙ by step (dashed: minima)")
        panel_title(self._ax_f, problem.name)
        self._status = self._status_text(self._ax_f, 0.99, fontsize=15)
        self._alert = self._status_text(self._ax_f, 0.925, fontsize=14,
                                        color=plots.ROLE["diverging"], fontweight="bold")
        a = self._steps_art
        self._animate(a.path, a.points, a.current, self._xs_line)
        self._function_name = name
        if self._arrangement is not None:  # clear() forgot the tick sizes: arrange again
            self._arrange()

    def _recompute(self) -> None:
        c = self.controls
        if c["function"].value != self._function_name:
            self._setup_function(self._problems[c["function"].value], None, None)
        self.lr = float(c["lr"].value)
        self.optimizer_name = c["optimizer"].value
        opt = make_optimizer(self.optimizer_name, self.lr, momentum=float(c["momentum"].value))
        self.run = Run(self.problem, opt, np.array([c["x0"].value]), self.max_steps)
        self._zones.value = zone_bar(*self._lr_range, self.lr_limit, self.lr, limit_name="2/f″")
        # μ means something only to momentum and Nesterov: greyed out for the others.
        c["momentum"].disabled = self.optimizer_name not in ("momentum", "nesterov")

    def _rows(self, xs: np.ndarray) -> list[tuple[int, float, float, float, float]]:
        """(n, x_n, f′(x_n), lr·f′(x_n), x_{n+1}) for each step shown."""
        with np.errstate(all="ignore"):
            g = np.asarray(self.problem.df(xs[:-1]), dtype=float).reshape(-1)
        return [(n, float(xs[n]), float(g[n]), float(self.lr * g[n]), float(xs[n + 1]))
                for n in range(len(xs) - 1)]

    def _table_html(self, rows: list) -> str:
        if not rows:
            return "<div style='font-size:0.95em'>Step 0: no update yet. Move the step slider.</div>"
        plain = self.optimizer_name == "gd"
        # Subscripts as HTML: the table is read, not typeset (x<sub>n+1</sub>, not x_{n+1}).
        head = ["n", _X_N, f"f′({_X_N})", f"lr·f′({_X_N})", _X_NEXT]
        head += [] if plain else [f"{_X_NEXT} − {_X_N}"]
        shown = rows if len(rows) <= self.max_rows else rows[:4] + [None] + rows[-(self.max_rows - 5):]
        body = []
        for r in shown:
            if r is None:
                body.append(f"<tr><td colspan='{len(head)}' style='text-align:center'>⋮</td></tr>")
                continue
            n, x, g, step, nxt = r
            cells = [str(n), fmt(x), fmt(g), fmt(step), fmt(nxt)] + ([] if plain else [fmt(nxt - x)])
            body.append("<tr>" + "".join(f"<td style='padding:2px 12px;text-align:right'>{v}</td>"
                                         for v in cells) + "</tr>")
        label = OPTIMIZERS[self.optimizer_name].label
        rule = (f"{_X_NEXT} = {_X_N} − lr·f′({_X_N})" if plain else
                f"{html.escape(label)}: the step is not lr·f′({_X_N}); the last column shows it")
        th = "".join(f"<th style='padding:2px 12px;text-align:right'>{h}</th>" for h in head)
        return (f"<div style='font-size:1em;font-family:monospace'><div>{rule}</div>"
                f"<table style='border-collapse:collapse'><tr>{th}</tr>{''.join(body)}</table></div>")

    def _message(self, xs: np.ndarray) -> str:
        run_, lr, limit = self.run, self.lr, self.lr_limit
        plain_quadratic = self.optimizer_name == "gd" and self.problem.is_quadratic
        if run_.diverged_at is not None:
            return (f"Diverged: x overflowed at step {run_.diverged_at:,}; lr = {lr:.3g} is far "
                    f"past 2/f″ = {limit:.3g} at the minimum.")
        if not (self.bounds[0] <= xs[-1] <= self.bounds[1]) and lr > limit:
            return (f"Diverging: lr = {lr:.3g} is past the limit 2/f″(x*) = {limit:.3g}; "
                    "each step overshoots further and x has left the plot.")
        if plain_quadratic and lr > limit:
            return (f"Diverging: lr = {lr:.3g} is past the limit 2/f″ = {limit:.3g}; "
                    "each step overshoots further.")
        if plain_quadratic and lr == limit:
            return (f"On the limit: lr = 2/f″ = {limit:.3g} exactly, so every step lands "
                    "as far on the other side: x bounces between two points for ever.")
        return ""

    def _redraw(self) -> None:
        k = self.step
        run_ = self.run
        theta, loss = run_.at(k)
        xs = run_.path(k)[:, 0]
        plots.set_steps_1d(self._steps_art, self.problem, xs)
        self._xs_line.set_data(np.arange(len(xs)), plots.clamp(xs, *self.bounds))
        message = self._message(xs)
        self.current = {
            "step": k, "theta": theta, "x": float(theta[0]), "loss": loss, "lr": self.lr,
            "lr_limit": self.lr_limit, "optimizer": self.optimizer_name,
            "function": self.controls["function"].value, "diverged_at": run_.diverged_at,
            "message": message, "rows": self._rows(xs),
        }
        self._status.set_text(f"{OPTIMIZERS[self.optimizer_name].label}, lr = {self.lr:.3g}   step n = {k}   "
                              f"x = {fmt(theta[0])}   f(x) = {fmt(loss)}")
        self._alert.set_text(message.split(";")[0])
        self._table.value = self._table_html(self.current["rows"])
        self._readout.value = readout_html(
            [("n", str(k)), ("xₙ", fmt(theta[0])), ("f(xₙ)", fmt(loss))], message)

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        return W.VBox([
            row(c["function"], c["optimizer"], c["momentum"]),
            row(W.VBox([c["lr"], self._zones]), c["x0"]),
            self._step_row(),
            figure, self._readout, self._table,
        ])


descent_1d_explorer = Descent1DExplorer
