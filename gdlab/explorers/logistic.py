"""The logistic explorer: GD on the cross-entropy; the probability curve and boundary move with k."""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import _checks as check
from ..data import Dataset, make_logistic_data
from ..i18n import _, sentences
from ..optimizers import OPTIMIZERS, sgd
from ..problems import LogisticRegression
from ..running import Run, check_start, run
from .column import row
from .controls import lr_slider, step_grid
from .paths import PathExplorer
from .readout import fmt, readout_html
from .stability import settle_point

__all__ = ["LogisticExplorer", "logistic_explorer"]


class LogisticExplorer(PathExplorer):
    """Logistic regression by gradient descent on the cross-entropy.

        ex = gd.widgets.logistic_explorer(gd.make_logistic_data(seed=0), lr=0.5, steps=300)

    `data` defaults to gd.make_logistic_data(seed=0). Controls: lr, steps, play. Panels: the
    labels with σ(w·x + b) and the boundary x = −b/w at step k, the path on the loss contours,
    the loss curve. The contours mark the loss minimiser θ* (none for separable classes), the
    readout gives the boundary at step k and where it settles. `.current` also has w, b,
    boundary, accuracy, minimiser and settles_at.
    """

    def __init__(self, data: Dataset | None = None, *, lr: float = 0.5, steps: int = 300,
                 theta0: object = (0.0, 0.0), max_steps: int | None = None,
                 display: str | None = None):
        data = make_logistic_data(seed=0) if data is None else data
        if not isinstance(data, Dataset):
            raise TypeError(_("data must be a gdlab Dataset, got {type}").format(type=type(data).__name__))
        super().__init__(display)
        problem = LogisticRegression(data)
        lr = check.in_range("lr", lr, 1e-12, 1e12)
        steps = check.integer("steps", steps, 0, 1_000_000)
        self.max_steps = (max(2000, steps) if max_steps is None
                          else check.integer("max_steps", max_steps, max(1, steps), 1_000_000))
        theta0 = check.vector("theta0", theta0, 2)
        check_start(problem, theta0)
        self.lr_limit = problem.lr_limit()
        # The view must hold where a long run goes (the data may put the optimum far out).
        far = run(problem, sgd(0.5 * self.lr_limit), theta0, 3000).final_params
        (w_lo, w_hi), (b_lo, b_hi) = problem.bounds
        pts = np.array([[w_lo, b_lo], [w_hi, b_hi], theta0, far])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        pad = 0.15 * (hi - lo)
        self.bounds = ((lo[0] - pad[0], hi[0] + pad[0]), (lo[1] - pad[1], hi[1] + pad[1]))
        self._theta0_fixed = theta0
        # The loss minimiser θ* (Newton's method from the end of that run), when there is one:
        # separable classes have none (w grows for ever).
        star = settle_point(problem, np.array([far]))
        with np.errstate(all="ignore"):
            if star is not None and not np.linalg.norm(problem.grad(star)) < 1e-9:
                star = None
        self.minimiser = star
        if star is not None:
            problem.minima = (tuple(float(v) for v in star),)  # marked on the contours
            self.minimiser_limit = 2.0 / float(np.linalg.eigvalsh(problem.hessian_at(star))[-1])
        else:
            self.minimiser_limit = None
        self._lr_range = (min(lr, self.lr_limit / 100), max(lr, self.lr_limit * 30))
        self.controls["lr"] = lr_slider(_("learning rate lr"), lr, *self._lr_range)
        self._steps_controls(step_grid(self.max_steps, include=(steps,)), steps)
        self._slow = {"lr"}
        self._readout = W.HTML()
        self._setup(problem, [("gd", OPTIMIZERS["gd"].label)], "logistic", theta0, None,
                    _("cross-entropy loss (log)"))
        self._start()

    def _run_key(self, name: str) -> object:
        return self.controls["lr"].value

    def _make_run(self, name: str, theta0: np.ndarray) -> Run:
        return Run(self.problem, sgd(float(self.controls["lr"].value)), theta0, self.max_steps,
                   first=0)

    def _series_message(self, name: str, label: str, note: str = "") -> str:
        msg = super()._series_message(name, label, note)
        lr, limit = float(self.controls["lr"].value), self.minimiser_limit
        if self._unstable():
            st = self.stability_of(name)
            said = msg if st.words in msg else sentences(st.words, msg)
            msg = _("Unstable: lr = {lr:g} is past 2/λ_max at the loss minimiser, {limit:.4g} (theory), so "
                    "the path cannot settle there; the cross-entropy's gradient is bounded, so it never "
                    "overflows and jumps about instead. {said}").format(lr=lr, limit=limit, said=said).strip()
        return msg

    def _unstable(self) -> bool:
        limit = self.minimiser_limit
        return limit is not None and float(self.controls["lr"].value) > limit

    def _extra_current(self) -> None:
        theta = self.current["theta"]
        w, b = float(theta[0]), float(theta[1])
        star = self.minimiser
        self.current.update(w=w, b=b, boundary=(-b / w if w != 0 else None),
                            accuracy=self.problem.accuracy(theta),
                            minimiser=None if star is None else star.copy(),
                            settles_at=None if star is None else float(-star[1] / star[0]))

    def _extra_readout(self) -> str:
        c = self.current
        rows = [(_("boundary x = −b/w"), _("none (w = 0)") if c["boundary"] is None else fmt(c["boundary"])),
                (_("accuracy"), f"{c['accuracy']:.0%}")]
        if c["settles_at"] is None:
            note = _("No loss minimiser: the classes are separable, so w grows for ever and the boundary "
                     "keeps moving.")
        else:
            star = c["minimiser"]
            note = (_("The loss minimiser θ* = ({w:.4f}, {b:.4f}) (the star on the contours) has its "
                      "boundary at x = {x:.4f}: but at this lr the run cannot settle there.")
                    if self._unstable() else
                    _("The loss minimiser θ* = ({w:.4f}, {b:.4f}) (the star on the contours) has its "
                      "boundary at x = {x:.4f}: that is where the boundary settles.")).format(
                w=star[0], b=star[1], x=c["settles_at"])
        return readout_html(rows, note=note)

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        return W.VBox([row(c["lr"]), self._step_row(), figure, self._readout])


logistic_explorer = LogisticExplorer
