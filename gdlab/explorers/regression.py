"""The regression explorer, the centrepiece: fit y = w·x + b by gradient descent and watch it move."""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import _checks as check
from .. import plots
from ..data import Dataset
from ..optimizers import OPTIMIZERS, make_optimizer, optimizer_name
from ..problems import LinearRegression
from ..running import Run, check_start
from .base import Explorer, left_view_text, panel_title
from .controls import float_slider, lr_slider, optimizer_dropdown, slider_step, step_grid
from .readout import fmt, readout_html, zone_bar
from .tracks import Track

__all__ = ["RegressionExplorer", "regression_explorer"]


class RegressionExplorer(Explorer):
    """Linear regression by gradient descent: the fitted line, the path on the loss contours, the loss curve.

        ex = gd.widgets.regression_explorer(gd.make_linear_data(seed=0))

    Controls: `lr` (log scale, from lr_limit/2000 to 3·lr_limit, with its stable / oscillating /
    diverging zone shown), `steps` (the step k shown, 0 .. max_steps), `play`, `optimizer`,
    and the start `w0`, `b0`. Panels: the line at step k with the true and least-squares lines,
    the path on the loss contours up to k, the loss curve with a marker at k.

    lr=None picks 0.45·lr_limit (stable, no oscillation); steps=None picks 1000.
    `.current` has step, theta, w, b, loss, gap (distance to least squares), lr, diverged_at,
    message. `display` forces 'live' or 'static' (default: see gdlab.environment).
    """

    def __init__(self, data: Dataset, *, lr: float | None = None, steps: int | None = None,
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
        check_start(problem, theta0)
        lr = (limit * 0.45) if lr is None else check.positive("lr", lr)
        default_steps = min(self.max_steps, 1000)
        steps = default_steps if steps is None else check.integer("steps", steps, 0, self.max_steps)
        (w_lo, w_hi), (b_lo, b_hi) = problem.bounds
        # Widen the view to include the start (the sliders must be able to show it).
        w_lo, w_hi = min(w_lo, theta0[0]), max(w_hi, theta0[0])
        b_lo, b_hi = min(b_lo, theta0[1]), max(b_hi, theta0[1])
        self.bounds = ((w_lo, w_hi), (b_lo, b_hi))

        self._lr_range = (limit / 2000, limit * 3)
        self.controls["lr"] = lr_slider("learning rate lr", lr, *self._lr_range, name="lr")
        self._steps_controls(step_grid(self.max_steps, include=(steps,)), steps, interval=40)
        self.controls["optimizer"] = optimizer_dropdown(optimizer)
        self.controls["w0"] = float_slider("start w₀", theta0[0], w_lo, w_hi, slider_step(w_lo, w_hi))
        self.controls["b0"] = float_slider("start b₀", theta0[1], b_lo, b_hi, slider_step(b_lo, b_hi))
        self._slow = {"lr", "optimizer", "w0", "b0"}
        self._readout = W.HTML()
        self._zones = W.HTML()
        self._build()
        self._start()

    def _build(self) -> None:
        fig, (ax_fit, ax_con, ax_loss) = self._figure(1, 3, (13.0, 5.6))
        self._fit = plots.data_fit(ax_fit, self.data)
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
        min_loss = self.problem.min_loss()
        self._curve = plots.loss_curve(ax_loss, [1.0, 1.0], steps=[0, self.max_steps], min_loss=min_loss,
                                       xlog=self.max_steps > 200, ylabel="loss L (MSE, log scale)")
        panel_title(ax_fit, "the line at step k")
        panel_title(ax_con, "the path on the loss surface")
        panel_title(ax_loss, "the loss, step by step")
        self._status = self._status_text(ax_fit, 0.99, fontsize=15)
        self._alert = self._status_text(ax_fit, 0.93, fontsize=14, color=plots.ROLE["diverging"],
                                        fontweight="bold")
        # The loss axis is fixed once (from the highest loss any start on the sliders can have),
        # so changing lr or the start never changes the background.
        (w_lo, w_hi), (b_lo, b_hi) = self.bounds
        corners = np.array([[w_lo, b_lo], [w_lo, b_hi], [w_hi, b_lo], [w_hi, b_hi]])
        top = float(self.problem.losses(corners).max())
        plots.set_loss_ylim(ax_loss, np.array([top, min_loss]), min_loss)
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
        self.run = Run(self.problem, opt, theta0, self.max_steps, first=0)
        # Computed and drawn in pieces as far as it is looked at (see Explorer._tracks).
        self.track = Track(self.run, path_ax=self._con.path.axes, view=self.bounds,
                           loss_ax=self._curve.curve.axes)
        # Re-running a long non-closed-form run per slider tick would lag: update on release.
        for name in ("lr", "w0", "b0"):
            c[name].continuous_update = self.run.closed_form
        self._zones.value = zone_bar(*self._lr_range, self.lr_limit, self.lr)

    def _message(self, k: int) -> tuple[str, str]:
        """(the message in words for the readout, a one-line version for the figure)."""
        run_, limit, lr = self.run, self.lr_limit, self.lr
        past = self.optimizer_name == "gd" and lr > limit
        if run_.diverged_at is None and not past:
            return "", ""
        if past:
            head = (f"Diverging: lr = {lr:.3g} is past the stability limit 2/λ_max = {limit:.4g}, "
                    "so every step overshoots the minimum by more than the last")
            short = f"Diverging: lr = {lr:.3g} is past the limit 2/λ_max = {limit:.4g}"
        else:
            head = short = f"Diverging: {OPTIMIZERS[self.optimizer_name].label} with lr = {lr:.3g} blows up"
        if run_.diverged_at is not None:
            head += f"; the numbers overflowed at step {run_.diverged_at:,}"
            short += f" (overflow at step {run_.diverged_at:,})"
            if k > run_.last:
                head += f", so step {run_.last:,} (the last finite one) is shown"
        return head + ".", short

    def _tracks(self) -> list[Track]:
        return [self.track]

    def _redraw(self) -> None:
        k = self.step
        run_, track = self.run, self.track
        theta, loss = run_.at(k)
        plots.set_fit(self._fit, theta, self._fit_ylim)
        drawn = plots.set_path(self._con, track.path(k), self.bounds)
        ks, losses = track.loss_curve()
        self._curve.curve.set_data(ks, losses)
        plots.set_curve(self._curve, ks, losses, track.step(k), at=loss)
        star = self.problem.solve()
        gap = float(np.linalg.norm(theta - star))
        message, short = self._message(k)
        message = " ".join(filter(None, [message, left_view_text("The path", drawn)]))
        self.current = {
            "step": k, "theta": theta, "w": float(theta[0]), "b": float(theta[1]), "loss": loss,
            "gap": gap, "lr": self.lr, "lr_limit": self.lr_limit,
            "zone": plots.lr_zone(self.lr, self.lr_limit),
            "optimizer": self.optimizer_name, "diverged_at": run_.diverged_at, "message": message,
            "path_length": drawn.points, "path_vertices": len(drawn.line),
            "left_view_at": drawn.left_view_at, **self._pending(),
        }
        self._status.set_text(
            f"{OPTIMIZERS[self.optimizer_name].label}, lr = {self.lr:.3g}   step k = {k:,}   "
            f"w = {fmt(theta[0])}   b = {fmt(theta[1])}   loss = {fmt(loss)}")
        self._alert.set_text(short)
        self._readout.value = readout_html(
            [("k", f"{k:,}"), ("w", fmt(theta[0])), ("b", fmt(theta[1])), ("loss", fmt(loss)),
             ("gap to least squares", fmt(gap))],
            message,
            note=f"least squares: w = {star[0]:.4f}, b = {star[1]:.4f}, loss = {self.problem.min_loss():.4f}",
        )

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        row1 = W.HBox([W.VBox([c["lr"], self._zones]), c["optimizer"]])
        row2 = W.HBox([c["steps"], c["play"]])
        row3 = W.HBox([c["w0"], c["b0"]])
        return W.VBox([row1, row2, row3, figure, self._readout])


regression_explorer = RegressionExplorer
