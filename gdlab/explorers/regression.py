"""The regression explorer, the centrepiece: fit y = w·x + b by gradient descent and watch it move."""

from __future__ import annotations

import ipywidgets as W
import numpy as np
from matplotlib.lines import Line2D

from .. import _checks as check
from .. import plots
from ..data import Dataset
from ..i18n import _, sentence, sentences
from ..optimizers import OPTIMIZERS, make_optimizer, optimizer_name
from ..problems import LinearRegression
from ..running import Run, check_start
from .base import Explorer
from .column import row
from .controls import covering, float_slider, lr_slider, optimizer_dropdown, slider_step, step_grid
from .readout import fmt, left_view_text, readout_html, short, step_shown, zone_bar
from .stability import Stability, assess
from .tracks import Track
from .wrapping import panel_note, panel_title

__all__ = ["RegressionExplorer", "regression_explorer"]


class RegressionExplorer(Explorer):
    """Linear regression by gradient descent: the fitted line, the path on the loss contours, the loss curve.

        ex = gd.widgets.regression_explorer(gd.make_linear_data(seed=0))

    Controls: `lr` (log scale, from lr_limit/2000 to 3·lr_limit, with its stable / oscillating /
    diverging zone shown), `steps` (the step k shown, 0 .. max_steps), `play`, `optimizer`,
    and the start `w0`, `b0`. Panels: the line at step k with the true and least-squares lines,
    the path on the loss contours up to k, the loss curve with a marker at k.

    lr=None picks 0.45·lr_limit (stable, no oscillation); steps=None picks 1000. The default start
    (w, b) = (0, 10), the flat line y = 10, is off the valley's axis, so the path shows the valley:
    down the steep wall along w, then slowly along the floor (from the article's (0, 0) the
    path is a single straight hop, as b* is near 0 for the article's data).
    `.current` has step (the slider's k), step_shown (the step whose values are shown: the last
    finite one once a run has overflowed), theta, w, b, loss, gap (distance to least squares),
    lr, lr_limit (the selected optimizer's limit, None where only the run can tell), zone and
    stability (`gdlab.explorers.stability`), diverged_at, message, path_length (iterates drawn),
path_vertices (vertices handed to matplotlib), left_view_at (the first step outside the view,
or None), rails (the path drawn as its two rails) and, while a long run is still computed,
pending_step (the step asked for). `display` forces 'live' or
    'static' (default: see gdlab.environment).
    """

    def __init__(self, data: Dataset, *, lr: float | None = None, steps: int | None = None,
                 theta0: object = (0.0, 10.0), optimizer: str = "gd", max_steps: int = 100_000,
                 display: str | None = None):
        if not isinstance(data, Dataset):
            raise TypeError(_("data must be a gdlab Dataset, got {type}").format(type=type(data).__name__))
        super().__init__(display)
        self.data = data
        self.problem = problem = LinearRegression(data)
        self.max_steps = check.integer("max_steps", max_steps, 1, 10_000_000)
        self.lr_limit = limit = problem.lr_limit()
        optimizer = optimizer_name(optimizer)
        theta0 = check.vector("theta0", theta0, 2)
        check_start(problem, theta0)
        lr = (limit * 0.45) if lr is None else check.positive("lr", lr)
        default_steps = min(self.max_steps, 1000)
        steps = default_steps if steps is None else check.integer("steps", steps, 0, self.max_steps)
        (w_lo, w_hi), (b_lo, b_hi) = problem.bounds
        # Widen the view to include the start, and every start the sliders offer (`covering`).
        w_lo, w_hi = min(w_lo, theta0[0]), max(w_hi, theta0[0])
        b_lo, b_hi = min(b_lo, theta0[1]), max(b_hi, theta0[1])

        self._lr_range = (limit / 2000, limit * 3)
        self.controls["lr"] = lr_slider(_("learning rate lr"), lr, *self._lr_range, name="lr")
        self._steps_controls(step_grid(self.max_steps, include=(steps,)), steps)
        self.controls["optimizer"] = optimizer_dropdown(optimizer)
        self.controls["w0"] = float_slider(_("start w₀"), theta0[0], w_lo, w_hi, slider_step(w_lo, w_hi))
        self.controls["b0"] = float_slider(_("start b₀"), theta0[1], b_lo, b_hi, slider_step(b_lo, b_hi))
        self.bounds = (covering(self.controls["w0"], w_lo, w_hi), covering(self.controls["b0"], b_lo, b_hi))
        self._slow = {"lr", "optimizer", "w0", "b0"}
        self._readout = W.HTML()
        self._zones = W.HTML()
        self._build()
        self._start()

    def _build(self) -> None:
        fig, (ax_fit, ax_con, ax_loss) = self._figure(3)
        self._fit = plots.data_fit(ax_fit, self.data)
        self._fit_ylim = ax_fit.get_ylim()
        self._con = plots.loss_contours(ax_con, self.problem, bounds=self.bounds)
        for ax in (ax_fit, ax_con):
            if ax.get_legend() is not None:
                ax.get_legend().remove()
        self._legend = None
        min_loss = self.problem.min_loss()
        self._curve = plots.loss_curve(ax_loss, [1.0, 1.0], steps=[0, self.max_steps], min_loss=min_loss,
                                       xlog=self.max_steps > 200, ylabel=_("loss L (MSE, log scale)"))
        panel_title(ax_fit, _("the line at step k"))
        panel_title(ax_con, _("the path on the loss surface"))
        panel_title(ax_loss, _("the loss, step by step"))
        self._status = self._status_text(ax_fit, 0.99, fontsize=15)
        self._alert = self._status_text(ax_fit, 0.93, fontsize=14, color=plots.ROLE["warning"],
                                        fontweight="bold")
        with plots.style():  # said in the panel when the line cannot be drawn (far past the limit)
            self._fit_note = panel_note(ax_fit, 0.5, 0.8, fontsize=11, zorder=10,
                                        bbox={"fc": "white", "ec": "#999", "alpha": 0.9})
        # The loss axis is fixed once (from the highest loss any start on the sliders can have),
        # so changing lr or the start never changes the background.
        (w_lo, w_hi), (b_lo, b_hi) = self.bounds
        corners = np.array([[w_lo, b_lo], [w_lo, b_hi], [w_hi, b_lo], [w_hi, b_hi]])
        top = float(self.problem.losses(corners).max())
        plots.set_loss_ylim(ax_loss, np.array([top, min_loss]), min_loss)
        self._rails_note = plots.rails_note(ax_con)
        self._animate(self._fit.fit, self._con.path, self._con.start, self._con.current,
                      self._curve.curve, self._curve.done, self._curve.marker, self._fit_note,
                      self._rails_note)

    def _dress(self) -> None:
        """Colour the moving artists and write the legend for the selected optimizer."""
        kind = OPTIMIZERS[self.optimizer_name]
        color = plots.OPTIMIZER_COLORS[self.optimizer_name]
        for art in (self._fit.fit, self._con.path, self._curve.curve, self._curve.done):
            art.set_color(color)
        self._con.current.set_markeredgecolor(color)
        self._curve.marker.set_markerfacecolor(color)
        d, f, c = self.data, self._fit, self._con
        # Stand-ins for the moving lines, which may be hidden at this step (too steep to draw).
        fit = Line2D([], [], color=color, lw=f.fit.get_linewidth())
        path = Line2D([], [], color=color, lw=c.path.get_linewidth())
        handles = [f.points, (f.true, c.true) if f.true is not None else None, (f.least_squares, c.optimum),
                   fit, path, c.start]
        true = None if f.true is None else _("true line (w, b) = ({w:g}, {b:g})").format(
            w=d.true_w, b=d.true_b)
        labels = [_("data"), true,
                  _("least squares"), _("{optimizer}: the line at step k").format(optimizer=kind.label),
                  _("{optimizer}: the path").format(optimizer=kind.label), _("start")]
        # Drawn under the panels, in as many columns as the column's width holds (Explorer._arrange).
        self._legend = ([h for h in handles if h is not None], [t for t in labels if t is not None])
        if self._arrangement is not None:
            self._arrange_soon()
        self._canvas.invalidate()

    def _recompute(self) -> None:
        c = self.controls
        self.lr = float(c["lr"].value)
        dress = getattr(self, "optimizer_name", None) != c["optimizer"].value
        self.optimizer_name = c["optimizer"].value
        theta0 = np.array([c["w0"].value, c["b0"].value], dtype=float)
        self.optimizer = make_optimizer(self.optimizer_name, self.lr)
        self.run = Run(self.problem, self.optimizer, theta0, self.max_steps, first=0)
        # Computed and drawn in pieces as far as it is looked at (see Explorer._tracks).
        self.track = Track(self.run, path_ax=self._con.path.axes, view=self.bounds,
                           loss_ax=self._curve.curve.axes)
        # Re-running a long non-closed-form run per slider tick would lag: update on release.
        for name in ("lr", "w0", "b0"):
            c[name].continuous_update = self.run.closed_form
        self._stability_key = None
        if dress:
            self._dress()

    def _stability(self) -> Stability:
        """The indicator for the run as far as it is known (recomputed when the run extends)."""
        known = self.run if self.run.closed_form else self.run.head()
        key = (id(self.run), self.run.last)
        if key != self._stability_key:
            params = None if self.run.closed_form else known.params
            losses = None if self.run.closed_form else known.losses
            self.stability = assess(self.problem, self.optimizer, params, losses, self.run.diverged_at,
                                    label=OPTIMIZERS[self.optimizer_name].label)
            self._zones.value = zone_bar(self.stability, *self._lr_range, self.lr)
            self._stability_key = key
        return self.stability

    def _message(self, st: Stability, note: str) -> str:
        """The message in words for the readout: what the indicator says when the run does not
        converge, and which step is shown."""
        if st.zone not in ("diverging", "on the limit") and not note:
            return ""
        words = st.words if st.zone in ("diverging", "on the limit") else ""
        return sentences(words, sentence(note) if note else "")

    def _tracks(self) -> list[Track]:
        return [self.track]

    def _redraw(self) -> None:
        k = self.step
        run_, track = self.run, self.track
        theta, loss = run_.at(k)
        st = self._stability()
        shown, note = step_shown(k, run_.diverged_at)
        line_note = plots.set_fit(self._fit, theta, self._fit_ylim)
        self._fit_note.set_text(line_note)
        self._fit_note.set_visible(bool(line_note))
        drawn = plots.set_path(self._con, track.path(k), self.bounds)
        rails = track.railed(k)
        self._rails_note.set_visible(rails)
        ks, losses = track.loss_curve()
        self._curve.curve.set_data(ks, losses)
        plots.set_curve(self._curve, ks, losses, shown, at=loss)
        star = self.problem.solve()
        gap = float(np.linalg.norm(theta - star))
        scale = float(np.abs(star).max())
        message = sentences(self._message(st, note), left_view_text(drawn))
        label = OPTIMIZERS[self.optimizer_name].label
        self.current = {
            "step": k, "step_shown": shown, "theta": theta, "w": float(theta[0]), "b": float(theta[1]),
            "loss": loss, "gap": gap, "lr": self.lr, "lr_limit": st.limit, "zone": st.zone,
            "stability": st, "optimizer": self.optimizer_name, "diverged_at": run_.diverged_at,
            "message": message, "path_length": drawn.points, "path_vertices": len(drawn.line),
            "left_view_at": drawn.left_view_at, "line_note": line_note, "rails": rails, **self._pending(),
        }
        self._status.set_text(_("{optimizer}, lr = {lr:.3g}   step k = {step:,}   w = {w}   b = {b}   "
                                "loss = {loss}").format(optimizer=label, lr=self.lr, step=shown,
                                                        w=fmt(theta[0], scale), b=fmt(theta[1], scale),
                                                        loss=fmt(loss)))
        self._alert.set_text(short(note or (st.words if st.zone == "diverging" else "")))
        rows = [("k", f"{k:,}")]
        if note:
            rows.append((_("shown"), _("step {step:,}").format(step=shown)))
        rows += [("w", fmt(theta[0], scale)), ("b", fmt(theta[1], scale)), (_("loss"), fmt(loss)),
                 (_("gap to least squares"), fmt(gap, scale))]
        self._readout.value = readout_html(
            rows, message,
            note=_("{optimizer}, lr = {lr:g}. Least squares: w = {w:.4f}, b = {b:.4f}, "
                   "loss = {loss:.4f}").format(optimizer=label, lr=self.lr, w=star[0], b=star[1],
                                               loss=self.problem.min_loss()),
        )

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        return W.VBox([row(W.VBox([c["lr"], self._zones]), c["optimizer"]), self._step_row(),
                       row(c["w0"], c["b0"]), figure, self._readout])


regression_explorer = RegressionExplorer
