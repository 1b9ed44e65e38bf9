"""The mini-batch explorer: mini-batch SGD on the regression beside full-batch GD at the same lr."""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import _checks as check
from .. import plots
from ..data import Dataset
from ..i18n import _
from ..optimizers import sgd
from ..problems import LinearRegression
from ..running import Run, check_start
from ..schedules import inverse_time_decay
from .column import row
from .controls import float_slider, lr_slider, step_grid
from .paths import PathExplorer
from .readout import zone_bar

__all__ = ["MinibatchExplorer", "minibatch_explorer"]


def _int_slider(description: str, value: int, lo: int, hi: int) -> W.IntSlider:
    return W.IntSlider(value=value, min=lo, max=hi, description=description,
                       style={"description_width": "initial"})


class MinibatchExplorer(PathExplorer):
    """Mini-batch SGD on the regression, with full-batch GD at the same lr for reference.

        ex = gd.widgets.minibatch_explorer(gd.make_linear_data(seed=0), batch_size=10)

    Controls: batch_size, seed (the shuffling), lr (default 0.2·lr_limit), decay (an
    inverse-time schedule lr/(1 + decay·t); 0 = constant), steps, play. With a constant lr the
    mini-batch path keeps jittering around the least-squares point; decay lets it settle.
    """

    def __init__(self, data: Dataset, *, batch_size: int = 10, seed: int = 0, lr: float | None = None,
                 steps: int = 200, decay: float = 0.0, theta0: object = (0.0, 0.0),
                 max_steps: int | None = None, display: str | None = None):
        if not isinstance(data, Dataset):
            raise TypeError(_("data must be a gdlab Dataset, got {type}").format(type=type(data).__name__))
        super().__init__(display)
        problem = LinearRegression(data)
        batch_size = check.integer("batch_size", batch_size, 1, len(data))
        seed = check.integer("seed", seed, 0, 999)
        steps = check.integer("steps", steps, 0, 1_000_000)
        self.max_steps = (max(2000, steps) if max_steps is None
                          else check.integer("max_steps", max_steps, max(1, steps), 1_000_000))
        decay = check.in_range("decay", decay, 0.0, 1.0)
        theta0 = check.vector("theta0", theta0, 2)
        check_start(problem, theta0)
        self.lr_limit = limit = problem.lr_limit()
        lr = 0.2 * limit if lr is None else check.positive("lr", lr)
        self.bounds = problem.bounds
        self.controls["batch_size"] = _int_slider(_("batch size"), batch_size, 1, len(data))
        self.controls["seed"] = _int_slider(_("seed"), seed, 0, max(99, seed))
        self._lr_range = (limit / 1000, limit * 3)
        self.controls["lr"] = lr_slider(_("learning rate lr"), lr, *self._lr_range, name="lr")
        self.controls["decay"] = float_slider(_("decay (lr/(1+decay·t))"), decay, 0.0, max(0.1, decay), 0.001,
                                              name="decay")
        self.controls["decay"].layout.width = "420px"  # room to drag after its long label
        self._steps_controls(step_grid(self.max_steps, include=(steps,)), steps)
        self._theta0_fixed = theta0
        self._slow = {"batch_size", "seed", "lr", "decay"}
        self._readout = W.HTML()
        self._zones = W.HTML()
        self._setup(problem, [("minibatch", _("mini-batch SGD")), ("full", _("full-batch GD"))], "line",
                    theta0, problem.min_loss(), _("loss above least squares (log)"))
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
                   seed=int(c["seed"].value), first=0)

    def _series_color(self, name: str, i: int) -> str:
        # Full-batch GD is plain GD; a mini-batch run has its batch size's colour.
        n = len(self.problem.data)
        return plots.batch_color(n if name == "full" else int(self.controls["batch_size"].value), n)

    def _recompute(self) -> None:
        super()._recompute()
        self._recolour("minibatch", self._series_color("minibatch", 0))
        # The bar is full-batch GD's (theory); the mini-batch run's own zone is in the readout.
        self._zones.value = zone_bar(self.stability_of("full"), *self._lr_range,
                                     float(self.controls["lr"].value))

    def _extra_current(self) -> None:
        c = self.controls
        self.current.update(batch_size=int(c["batch_size"].value), seed=int(c["seed"].value),
                            decay=float(c["decay"].value),
                            gap=float(np.linalg.norm(self.current["theta"] - self.problem.solve())))

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        return W.VBox([
            row(W.VBox([c["lr"], self._zones]), W.VBox([c["batch_size"], c["seed"]])),
            row(c["decay"]),
            self._step_row(),
            figure, self._readout,
        ])


minibatch_explorer = MinibatchExplorer
