"""The logistic explorer: GD on the cross-entropy; the probability curve and boundary move with k."""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import _checks as check
from ..data import Dataset, make_logistic_data
from ..optimizers import sgd
from ..problems import LogisticRegression
from ..running import Run, check_start, run
from .controls import lr_slider, step_grid
from .paths import PathExplorer

__all__ = ["LogisticExplorer", "logistic_explorer"]


class LogisticExplorer(PathExplorer):
    """Logistic regression by gradient descent on the cross-entropy.

        ex = gd.widgets.logistic_explorer(gd.make_logistic_data(seed=0), lr=0.5, steps=300)

    `data` defaults to gd.make_logistic_data(seed=0). Controls: lr, steps, play. Panels: the
    labels with σ(w·x + b) and the boundary x = −b/w at step k, the path on the loss contours,
    the loss curve. `.current` also has w, b, boundary and accuracy.
    """

    def __init__(self, data: Dataset | None = None, *, lr: float = 0.5, steps: int = 300,
                 theta0: object = (0.0, 0.0), max_steps: int | None = None,
                 display: str | None = None):
        data = make_logistic_data(seed=0) if data is None else data
        if not isinstance(data, Dataset):
            raise TypeError(f"data must be a gdlab Dataset, got {type(data).__name__}")
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
        self._lr_range = (min(lr, self.lr_limit / 100), max(lr, self.lr_limit * 30))
        self.controls["lr"] = lr_slider("learning rate lr", lr, *self._lr_range)
        self._steps_controls(step_grid(self.max_steps, include=(steps,)), steps, interval=40)
        self._slow = {"lr"}
        self._readout = W.HTML()
        self._setup(problem, [("gd", "gradient descent")], "logistic", theta0, None,
                    "cross-entropy loss (log)")
        self._start()

    def _run_key(self, name: str) -> object:
        return self.controls["lr"].value

    def _make_run(self, name: str, theta0: np.ndarray) -> Run:
        return Run(self.problem, sgd(float(self.controls["lr"].value)), theta0, self.max_steps,
                   first=0)

    def _extra_current(self) -> None:
        theta = self.current["theta"]
        w, b = float(theta[0]), float(theta[1])
        self.current.update(w=w, b=b, boundary=(-b / w if w != 0 else None),
                            accuracy=self.problem.accuracy(theta))

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        return W.VBox([W.HBox([c["lr"]]), W.HBox([c["steps"], c["play"]]), figure, self._readout])


logistic_explorer = LogisticExplorer
