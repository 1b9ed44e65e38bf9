"""`PathExplorer`: several runs on one 2-D loss, side by side, drawn and read out the same way.

The paths on the loss contours, the loss curves, and optionally the data with each run's
fitted line ("line") or probability curve ("logistic"). The race, mini-batch and logistic
explorers are subclasses: they list their series as (name, label) and say how to make each
run; this class does the drawing, the readout and `.current`.
"""

from __future__ import annotations

import numpy as np

from .. import plots
from ..i18n import _, sentences
from ..optimizers import OPTIMIZERS
from ..plots.learning_rate import zone_name
from ..problems import Problem
from ..running import Run
from .base import Explorer
from .readout import fmt, left_view_text, readout_html, short, step_shown
from .stability import Stability, assess
from .tracks import Track
from .wrapping import panel_title

__all__ = ["PathExplorer"]

_LEGEND = {"framealpha": 0.9, "fontsize": 11, "borderpad": 0.3, "labelspacing": 0.25}


class PathExplorer(Explorer):
    """Runs on one 2-D loss, side by side: paths on the contours, loss curves, optionally the data.

    Subclasses call `_setup(...)` from `__init__` and implement `_make_run(name, theta0)` → Run
    and `_run_key(name)` → anything that changes when the run must be recomputed.
    """

    #: The start sliders' names, for explorers that have them; others set `_theta0_fixed`.
    _start_names: tuple[str, str] | None = None

    def _setup(self, problem: Problem, series: list[tuple[str, str]], data_panel: str | None,
               theta0: np.ndarray, floor: float | None, loss_label: str) -> None:
        self.problem = problem
        self.series = series
        self._readout.add_class("gdlab-readout-rows")  # one line per run, side by side where they fit
        self._keys: dict[str, object] = {}
        self.runs: dict[str, Run] = {}
        self.tracks: dict[str, Track] = {}
        self._stabilities: dict[str, Stability] = {}
        self._stab_keys: dict[str, object] = {}
        self._colors = {name: self._series_color(name, i) for i, (name, _) in enumerate(series)}
        self._floor = floor
        self._data_panel = data_panel
        ncols = 3 if data_panel else 2
        fig, axes = self._figure(ncols)
        axes = list(axes)
        ax_data = axes.pop(0) if data_panel else None
        ax_con, ax_loss = axes
        self._paths_panel(ax_con, problem, series)
        self._loss_panel(ax_loss, problem, series, floor, loss_label)
        self._lines = {}
        if data_panel == "line":
            self._line_panel(ax_data, problem, series)
        elif data_panel == "logistic":
            self._logit = plots.logistic_fit(ax_data, problem.data, theta0, color=self._colors[series[0][0]])
            self._lines[series[0][0]] = self._logit.proba
            panel_title(ax_data, _("probability and boundary at step k"))
        for name, _label in series:
            line, cur = self._paths[name]
            cv = self._curves[name]
            self._animate(line, cur, self._exits[name], cv.curve, cv.done, cv.marker, self._lines.get(name))
        self._rails_note = plots.rails_note(ax_con)
        self._animate(self._con.start, self._rails_note)
        if data_panel == "logistic":
            self._animate(self._logit.boundary)
        anchor = ax_data if ax_data is not None else ax_con
        self._status = self._status_text(anchor, 0.99, fontsize=15)
        self._alert = self._status_text(anchor, 0.93, fontsize=14, color=plots.ROLE["diverging"],
                                        fontweight="bold")

    def _paths_panel(self, ax, problem: Problem, series: list[tuple[str, str]]) -> None:
        first, first_label = series[0]
        self._con = plots.loss_contours(ax, problem, bounds=self.bounds, color=self._colors[first],
                                        label=first_label)
        self._paths = {first: (self._con.path, self._con.current)}
        self._exits = {first: self._con.exit}  # where each path left the view
        with plots.style():
            for i, (name, label) in enumerate(series[1:], start=1):
                c = self._colors[name]
                (line,) = ax.plot([], [], color=c, lw=2.2, zorder=4, label=label)
                # Hollow rings of growing size: runs that end on one point nest, none hides another.
                (cur,) = ax.plot([], [], **plots.ring(i, c))
                self._paths[name] = (line, cur)
                self._exits[name] = plots.exit_marker(ax, c)
        # Markers here; which colour is which optimizer is told once, on the loss panel.
        marks = [a for a in (self._con.start, self._con.optimum, self._con.true) if a is not None]
        ax.legend(handles=marks, loc="upper right", handlelength=1.2, **_LEGEND)
        panel_title(ax, _("paths on the loss surface"))

    def _loss_panel(self, ax, problem: Problem, series: list[tuple[str, str]], floor: float | None,
                    loss_label: str) -> None:
        # Log scale of L − floor (or of L), fixed limits so the background never changes.
        xs, ys = np.linspace(*self.bounds[0], 60), np.linspace(*self.bounds[1], 60)
        grid_loss = self._excess(problem.loss_grid(xs, ys))
        top = float(np.nanmax(grid_loss[np.isfinite(grid_loss)])) * 3.0
        bottom = top * 1e-10 if floor is not None else float(np.nanmin(grid_loss)) / 3.0
        self._curves = {}
        with plots.style():
            for i, (name, label) in enumerate(series):
                c = self._colors[name]
                (faint,) = ax.plot([], [], color=c, lw=2, alpha=0.3, zorder=2)
                (done,) = ax.plot([], [], color=c, lw=3, zorder=3, label=label)
                (mark,) = ax.plot([], [], **{**plots.ring(i, c), "ms": 11 + 4 * i, "zorder": 5})
                self._curves[name] = plots.CurveArtists(faint, done, mark, None)
            ax.set_yscale("log")
            if self.max_steps > 200:
                plots.symlog_steps(ax)
            plots.set_step_xlim(ax, self.max_steps, [c.marker for c in self._curves.values()])
            ax.set_ylim(max(bottom, 1e-300), top)
            ax.set_xlabel(_("step k"))
            ax.set_ylabel(loss_label)
            ax.legend(loc="lower left", handlelength=1.2, **_LEGEND)
            panel_title(ax, _("the loss, step by step"))

    def _line_panel(self, ax, problem: Problem, series: list[tuple[str, str]]) -> None:
        first = series[0][0]
        self._fit = plots.data_fit(ax, problem.data)
        self._fit_ylim = ax.get_ylim()
        self._fit.fit.set_color(self._colors[first])
        refs = [a for a in (self._fit.points, self._fit.true, self._fit.least_squares) if a]
        ax.legend(handles=refs, loc="upper left", handlelength=1.5, **_LEGEND)
        self._lines[first] = self._fit.fit
        with plots.style():
            for name, _label in series[1:]:
                (ln,) = ax.plot(self._fit.fit.get_xdata(), [np.nan, np.nan], lw=3,
                                color=self._colors[name], zorder=4)
                self._lines[name] = ln
        panel_title(ax, _("the fitted lines at step k"))

    def _excess(self, losses: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            out = np.asarray(losses, dtype=float)
            return out if self._floor is None else np.maximum(out - self._floor, 1e-300)

    def _theta0(self) -> np.ndarray:
        if self._start_names is None:
            return self._theta0_fixed
        a, b = self._start_names
        return np.array([self.controls[a].value, self.controls[b].value], dtype=float)

    def _series_color(self, name: str, i: int) -> str:
        """A series' colour: its optimizer's, else the i-th of the series colours."""
        return plots.OPTIMIZER_COLORS[name] if name in OPTIMIZERS else plots.SERIES[i % len(plots.SERIES)]

    def _recolour(self, name: str, color: str) -> None:
        """Give series `name` another colour (its lines, rings and its key on the loss panel)."""
        if self._colors.get(name) == color:
            return
        self._colors[name] = color
        line, cur = self._paths[name]
        cv = self._curves[name]
        for art in (line, cv.curve, cv.done, self._lines.get(name), self._exits[name]):
            if art is not None:
                art.set_color(color)
        cur.set_markeredgecolor(color)
        cv.marker.set_markeredgecolor(color)
        ax = cv.done.axes
        with plots.style():
            ax.legend(loc="lower left", handlelength=1.2, **_LEGEND)
        self._canvas.invalidate()

    # -- subclass hooks
    def _make_run(self, name: str, theta0: np.ndarray) -> Run:
        raise NotImplementedError

    def _run_key(self, name: str) -> object:
        raise NotImplementedError

    def _series_message(self, name: str, label: str, note: str = "") -> str:
        """What is said about one run: its indicator when it does not converge, and the step shown."""
        st = self.stability_of(name)
        words = st.words if st.zone in ("diverging", "on the limit") else ""
        return sentences(words, _("{optimizer}: {note}.").format(optimizer=label, note=note) if note else "")

    def stability_of(self, name: str) -> Stability:
        """The indicator of run `name`, for the run as far as it is known."""
        r = self.runs[name]
        known = r if r.closed_form else r.head()
        key = (id(r), r.last)
        if self._stab_keys.get(name) != key:
            params = None if r.closed_form else known.params
            losses = None if r.closed_form else known.losses
            noisy = r.batch_size is not None and r.batch_size < getattr(self.problem, "n", 0)
            label = dict(self.series)[name]
            self._stabilities[name] = assess(self.problem, r.optimizer, params, losses, r.diverged_at,
                                             label=label, noisy=noisy)
            self._stab_keys[name] = key
        return self._stabilities[name]

    def _extra_current(self) -> None:
        """Subclasses add their own entries to `.current`."""

    def _extra_readout(self) -> str:
        """Subclasses add their own lines (HTML) under the readout."""
        return ""

    def _lr_of(self, name: str) -> float:
        """The learning rate of series `name`: by default the explorer's one `lr` slider."""
        return float(self.controls["lr"].value)

    # -- updates
    def _tracks(self) -> list[Track]:
        return [self.tracks[name] for name, _ in self.series]

    def _recompute(self) -> None:
        theta0 = self._theta0()
        for name, _label in self.series:
            key = (self._run_key(name), tuple(theta0))
            if self._keys.get(name) != key:
                self.runs[name] = self._make_run(name, theta0)
                self._keys[name] = key
                # Computed and drawn in pieces as far as it is looked at (see Explorer._tracks).
                self.tracks[name] = Track(self.runs[name], path_ax=self._con.path.axes, view=self.bounds,
                                          loss_ax=self._curves[name].curve.axes, loss_of=self._excess)
        expensive = not all(r.closed_form for r in self.runs.values())
        for name, ctl in self.controls.items():
            if name in self._slow and hasattr(ctl, "continuous_update") and name != "optimizer":
                ctl.continuous_update = not expensive or self.max_steps <= 2000

    def _redraw(self) -> None:
        k = self.step
        runs = {}
        messages = []
        railed = False
        for name, label in self.series:
            r, track = self.runs[name], self.tracks[name]
            theta, loss = r.at(k)
            shown, note = step_shown(k, r.diverged_at)
            st = self.stability_of(name)
            line, cur = self._paths[name]
            drawn = track.path(k)
            plots.show_path(line, cur, self._exits[name], drawn, self.bounds)
            railed = track.railed(k) or railed
            if name == self.series[0][0]:
                self._con.start.set_data(drawn.start[:1], drawn.start[1:2])
            cv = self._curves[name]
            cv.curve.set_data(*track.loss_curve())
            cv.done.set_data(*track.loss_curve(k, at=loss))
            cv.marker.set_data([track.step(k)], self._excess(np.array([loss])))
            if self._data_panel == "line":
                xs = self._lines[name].get_xdata()
                with np.errstate(all="ignore"):
                    self._lines[name].set_ydata(plots.clamp(theta[0] * np.asarray(xs) + theta[1],
                                                             *self._fit_ylim))
            elif self._data_panel == "logistic":
                plots.set_logistic(self._logit, self.problem, theta)
            msg = self._series_message(name, label, note)
            msg = sentences(msg, left_view_text(drawn, label))
            if msg:
                messages.append(msg)
            runs[name] = {"label": label, "theta": theta, "loss": loss, "diverged_at": r.diverged_at,
                          "step_shown": shown, "message": msg, "lr": self._lr_of(name),
                          "path_length": drawn.points, "path_vertices": len(drawn.line),
                          "left_view_at": drawn.left_view_at, "zone": st.zone, "stability": st,
                          "lr_limit": st.limit}
        self._rails_note.set_visible(railed)
        main = runs[self.series[0][0]]
        message = sentences(*messages)
        self.current = {"step": k, "step_shown": main["step_shown"], "theta": main["theta"],
                        "loss": main["loss"], "lr": main["lr"], "diverged_at": main["diverged_at"],
                        "zone": main["zone"], "stability": main["stability"], "message": message,
                        "runs": runs, "left_view_at": main["left_view_at"], **self._pending()}
        self._extra_current()
        status = _("step k = {step:,}").format(step=k)
        if len(self.series) <= 3:
            status += "   " + "   ".join(
                _("{optimizer}: loss {loss}").format(optimizer=lab, loss=fmt(runs[n]["loss"]))
                + (_(" (step {step:,})").format(step=runs[n]["step_shown"])
                   if runs[n]["step_shown"] != k else "")
                for n, lab in self.series)
        self._status.set_text(status)
        self._alert.set_text(short(messages[0]) if messages else "")
        scale = max(float(np.abs(np.asarray(b, dtype=float)).max()) for b in self.bounds)

        def row(n: str, lab: str) -> str:
            c = runs[n]
            at = "" if c["step_shown"] == k else _(" at step {step:,}").format(step=c["step_shown"])
            src = _("theory") if c["stability"].source == "theory" else _("measured")
            return readout_html([(lab, _("({w}, {b}), loss {loss}{at}; {zone} ({source})").format(
                w=fmt(c["theta"][0], scale), b=fmt(c["theta"][1], scale), loss=fmt(c["loss"]), at=at,
                zone=zone_name(c["zone"]), source=src))])

        self._readout.value = readout_html([("k", f"{k:,}")], message) + "".join(
            row(n, lab) for n, lab in self.series) + self._extra_readout()
