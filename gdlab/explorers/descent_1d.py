"""The update rule x_{n+1} = x_n − lr·f′(x_n) on a curve, one step at a time, with a table of the steps."""

from __future__ import annotations

import html

import ipywidgets as W
import numpy as np

from .. import _checks as check
from .. import plots
from ..i18n import _, sentence, sentences
from ..optimizers import OPTIMIZERS, make_optimizer, optimizer_name
from ..problems import DoubleWell, Function, Parabola, problem_label
from ..running import Run, check_start, run
from .base import Explorer
from .column import row
from .controls import (
    close_widgets,
    covering,
    float_slider,
    lr_slider,
    optimizer_dropdown,
    slider_step,
    snap_lr,
    step_grid,
)
from .readout import fmt, readout_html, short, step_shown, zone_bar
from .stability import assess
from .wrapping import fit_legend, panel_title

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
                say = _("function must be one of {names} or a 1-D gdlab problem; got {function!r}")
                raise ValueError(say.format(names=", ".join(map(repr, _FUNCTIONS)), function=function))
            name = function
        elif isinstance(function, Function) and function.dim == 1:
            name = function.name
            self._problems[name] = function
        else:
            raise TypeError(_("function must be 'parabola', 'double well' or a 1-D gdlab problem, "
                              "got {function!r}").format(function=function))
        for key, cls in _FUNCTIONS.items():
            self._problems.setdefault(key, cls())
        optimizer = optimizer_name(optimizer)
        self.max_steps = check.integer("max_steps", max_steps, 1, 1000)
        steps = check.integer("steps", steps, 0, self.max_steps)
        if x0 is not None:
            x0 = check.finite("x0", x0)
        if lr is not None:
            lr = check.positive("lr", lr)
        self.controls["function"] = W.Dropdown(options=[(problem_label(k), k) for k in self._problems],
            value=name, description=_("function"), layout=W.Layout(width="300px"))
        self.controls["x0"] = W.FloatSlider(description=_("start x₀"))
        self.controls["lr"] = lr_slider(_("learning rate lr"), 0.1, 1e-3, 1.0)
        self._steps_controls(step_grid(self.max_steps, dense=self.max_steps), steps, interval=400)
        self.controls["optimizer"] = optimizer_dropdown(optimizer)
        self.controls["momentum"] = float_slider(_("momentum μ"), 0.9, 0.0, 0.99, 0.01)
        self._slow = {"function", "x0", "lr", "optimizer", "momentum"}
        self._table, self._readout, self._zones = W.HTML(), W.HTML(), W.HTML()
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
        new_x0 = float_slider(_("start x₀"), x0, lo, hi, slider_step(lo, hi))
        self.bounds = covering(new_x0, lo, hi)
        new_lr = lr_slider(_("learning rate lr"), lr, *self._lr_range, name="lr")
        with self._adjust():
            ctl = self.controls["x0"]
            # Widen first so that the value is never outside [min, max] on the way.
            ctl.min, ctl.max = min(ctl.min, new_x0.min), max(ctl.max, new_x0.max)
            ctl.step = new_x0.step
            ctl.value = new_x0.value
            ctl.min, ctl.max = new_x0.min, new_x0.max
            ctl.readout_format = new_x0.readout_format
            self.controls["lr"].options = new_lr.options
            self.controls["lr"].value = new_lr.value
        close_widgets([new_x0, new_lr])  # they only carried the new ranges
        with plots.style():  # clear() re-creates ticks from the rcParams in force
            for ax in (self._ax_f, self._ax_x):
                ax.clear()
        self._canvas.forget_moving()
        self._export_texts.clear()
        self._steps_art = plots.function_1d(self._ax_f, problem, bounds=self.bounds)
        ax = self._ax_x
        with plots.style():
            self._minima_lines = [ax.axhline(m[0], color=plots.ROLE["optimum"], ls="--", lw=1.8)
                                  for m in problem.minima]
            (self._xs_line,) = ax.plot([], [], "-o", color=plots.ROLE["path"], ms=6, lw=2)
            plots.set_step_xlim(ax, self.max_steps, [self._xs_line])
            ax.set_xlabel(_("step n"))
        self._log_view = None
        self._set_view(False)
        panel_title(self._ax_f, problem.shown_name())
        self._status = self._status_text(self._ax_f, 0.99, fontsize=15)
        self._alert = self._status_text(self._ax_f, 0.925, fontsize=14,
                                        color=plots.ROLE["warning"], fontweight="bold")
        a = self._steps_art
        self._animate(a.path, a.points, a.current, self._xs_line)
        self._function_name = name
        if self._arrangement is not None:  # clear() forgot the tick sizes: arrange again
            self._arrange_soon()
        self._colour = None

    def _set_view(self, log: bool) -> None:
        """x_n on a linear axis, or |x_n − x*| on a log axis when the run zig-zags densely or leaves
        the plot (a linear axis would show a solid block of lines)."""
        if log == self._log_view:
            return
        ax, span = self._ax_x, self.bounds[1] - self.bounds[0]
        with plots.style():
            if log:
                ax.set_yscale("log")
                ax.set_ylim(1e-16 * span, 1e16 * span)
                ax.set_ylabel("|xₙ − x*| (log)")
                self._title_changed(panel_title(ax, _("distance to the minimum x* (log view)")))
            else:
                ax.set_yscale("linear")
                ax.set_ylim(*self.bounds)
                ax.set_ylabel("xₙ")
                self._title_changed(panel_title(ax, _("xₙ by step (dashed: minima)")))
        for line in self._minima_lines:
            line.set_visible(not log)
        self._log_view = log
        self._canvas.invalidate()

    def _recompute(self) -> None:
        c = self.controls
        if c["function"].value != self._function_name:
            self._setup_function(self._problems[c["function"].value], None, None)
        self.lr = float(c["lr"].value)
        self.optimizer_name = c["optimizer"].value
        opt = make_optimizer(self.optimizer_name, self.lr, momentum=float(c["momentum"].value))
        x0 = np.array([c["x0"].value])
        self.run = Run(self.problem, opt, x0, self.max_steps)
        known = self.run.known
        xs = known.params[:, 0]
        longer = None
        local = self.optimizer_name in ("gd", "momentum", "nesterov") and not self.problem.is_quadratic
        if local and known.diverged_at is None and abs(xs[-1] - xs[-2]) > 1e-9 * (1 + abs(xs[-1])):
            # Not settled within the steps shown: where it settles decides which minimum's
            # curvature applies, so run the same descent further (cheap in one dimension).
            longer = run(self.problem, opt, x0, 2_000).params
        self.stability = assess(self.problem, opt, known.params, known.losses, known.diverged_at,
                                label=OPTIMIZERS[self.optimizer_name].label, longer=longer)
        self._zones.value = zone_bar(self.stability, *self._lr_range, self.lr)
        # μ means something only to momentum and Nesterov: greyed out for the others.
        c["momentum"].disabled = self.optimizer_name not in ("momentum", "nesterov")
        self._star = self._minimum_near(xs[-1] if longer is None else longer[-1, 0])
        # A barcode on a linear axis: x jumps from side to side, far from x*, 12 times in a row.
        d = xs - self._star
        wide = np.abs(d[1:]) > 0.02 * (self.bounds[1] - self.bounds[0])
        flips = np.concatenate([[0], ((np.sign(d[1:]) != np.sign(d[:-1])) & wide).astype(int), [0]])
        edges = np.flatnonzero(np.diff(flips))
        zigzag = edges.size > 0 and int(np.max(edges[1::2] - edges[0::2])) >= 12
        left = known.diverged_at is not None or not np.all((xs >= self.bounds[0]) & (xs <= self.bounds[1]))
        self._set_view(left or zigzag)
        colour = plots.OPTIMIZER_COLORS[self.optimizer_name]
        if colour != self._colour:
            a = self._steps_art
            for art in (a.path, a.points, a.current, self._xs_line):
                art.set_color(colour)
            a.points.set_markeredgecolor("white")
            a.current.set_markeredgecolor("black")
            with plots.style():  # the key shows the new colour
                self._ax_f.legend(loc="upper center", framealpha=0.9)
                fit_legend(self._ax_f)
            self._canvas.invalidate()
            self._colour = colour

    def _minimum_near(self, x: float) -> float:
        """The known minimum nearest x (x itself when none is known)."""
        mins = [m[0] for m in self.problem.minima]
        if not mins or not np.isfinite(x):
            return float(mins[0]) if mins else 0.0
        return float(min(mins, key=lambda m: abs(m - x)))

    def _rows(self, xs: np.ndarray) -> list[tuple[int, float, float, float, float]]:
        """(n, x_n, f′(x_n), lr·f′(x_n), x_{n+1}) for each step shown."""
        with np.errstate(all="ignore"):
            g = np.asarray(self.problem.df(xs[:-1]), dtype=float).reshape(-1)
        return [(n, float(xs[n]), float(g[n]), float(self.lr * g[n]), float(xs[n + 1]))
                for n in range(len(xs) - 1)]

    def _table_html(self, rows: list) -> str:
        if not rows:
            say = html.escape(_("Step 0: no update yet. Move the step slider."))
            return f"<div style='font-size:0.95em'>{say}</div>"
        plain = self.optimizer_name == "gd"
        # Subscripts as HTML: the table is read, not typeset (x<sub>n+1</sub>, not x_{n+1}).
        head = ["n", _X_N, f"f′({_X_N})", f"lr·f′({_X_N})", _X_NEXT]
        head += [] if plain else [f"{_X_NEXT} − {_X_N}"]
        shown = rows if len(rows) <= self.max_rows else rows[:4] + [None] + rows[-(self.max_rows - 5):]
        gap = f"<tr><td colspan='{len(head)}' style='text-align:center'>⋮</td></tr>"  # rows left out
        td = "<td style='padding:2px 12px;text-align:right'>{}</td>".format
        body = []
        for r in shown:  # (n, x, f′(x), lr·f′(x), next x), and the step itself for other optimizers
            cells = [] if r is None else [str(r[0]), *map(fmt, r[1:])] + ([] if plain else [fmt(r[4] - r[1])])
            body.append(gap if r is None else "<tr>" + "".join(map(td, cells)) + "</tr>")
        say = _("{optimizer}: the step is not lr·f′({x_n}); the last column shows it")
        rule = f"{_X_NEXT} = {_X_N} − lr·f′({_X_N})" if plain else say.format(
            optimizer=html.escape(OPTIMIZERS[self.optimizer_name].label), x_n=_X_N)
        th = "".join(f"<th style='padding:2px 12px;text-align:right'>{h}</th>" for h in head)
        return (f"<div style='font-size:1em;font-family:monospace'><div>{rule}</div>"
                f"<table style='border-collapse:collapse'><tr>{th}</tr>{''.join(body)}</table></div>")

    def _message(self, xs: np.ndarray, note: str) -> str:
        """The indicator's words when the run does not converge, where x went, and the step shown."""
        st = self.stability
        out = [st.words] if st.zone in ("diverging", "on the limit") else []
        if not (self.bounds[0] <= xs[-1] <= self.bounds[1]):
            out.append(_("x has left the plot; the right panel shows its distance to the minimum on a "
                         "log scale."))
        if note:
            out.append(sentence(note))
        return sentences(*out)

    def _redraw(self) -> None:
        k = self.step
        run_ = self.run
        theta, loss = run_.at(k)
        xs = run_.path(k)[:, 0]
        shown, note = step_shown(k, run_.diverged_at)
        plots.set_steps_1d(self._steps_art, self.problem, xs)
        n = np.arange(len(xs))
        if self._log_view:
            span = self.bounds[1] - self.bounds[0]
            self._xs_line.set_data(n, plots.clamp(np.maximum(np.abs(xs - self._star), 1e-16 * span),
                                                  1e-16 * span, 1e16 * span))
        else:
            self._xs_line.set_data(n, plots.clamp(xs, *self.bounds))
        message = self._message(xs, note)
        scale = max(abs(self.bounds[0]), abs(self.bounds[1]))
        st = self.stability
        self.current = {
            "step": k, "step_shown": shown, "theta": theta, "x": float(theta[0]), "loss": loss,
            "lr": self.lr, "lr_limit": st.limit, "zone": st.zone, "stability": st,
            "optimizer": self.optimizer_name, "function": self.controls["function"].value,
            "diverged_at": run_.diverged_at, "message": message, "rows": self._rows(xs),
            "log_view": bool(self._log_view),
        }
        label = OPTIMIZERS[self.optimizer_name].label
        self._status.set_text(_("{optimizer}, lr = {lr:g}   step n = {step}   x = {x}   f(x) = {f}").format(
            optimizer=label, lr=self.lr, step=shown, x=fmt(theta[0], scale), f=fmt(loss)))
        self._alert.set_text(short(note or message.split(";")[0]))
        self._table.value = self._table_html(self.current["rows"])
        rows = [("n", str(k))] + ([(_("shown"), _("step {step}").format(step=shown))] if note else [])
        self._readout.value = readout_html(
            rows + [("xₙ", fmt(theta[0], scale)), ("f(xₙ)", fmt(loss))], message)

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        return W.VBox([
            row(c["function"], c["optimizer"], c["momentum"]),
            row(W.VBox([c["lr"], self._zones]), c["x0"]),
            self._step_row(),
            figure, self._readout, self._table,
        ])


descent_1d_explorer = Descent1DExplorer
