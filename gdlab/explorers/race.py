"""The optimizer race: several optimizers from one start on one surface (or the regression), same steps."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as W
import numpy as np

from .. import _checks as check
from ..data import Dataset
from ..i18n import _
from ..optimizers import OPTIMIZERS, make_optimizer, optimizer_name
from ..problems import Bowl, Himmelblau, LinearRegression, Problem, Rosenbrock, Saddle
from ..running import Run, check_start
from .column import row
from .controls import covering, float_slider, lr_slider, slider_step, step_grid
from .paths import PathExplorer

__all__ = ["OptimizerRace", "optimizer_race"]

_PROBLEMS = {"bowl": Bowl, "rosenbrock": Rosenbrock, "himmelblau": Himmelblau, "saddle": Saddle}
_START = {"bowl": (-2.5, 2.0), "rosenbrock": (-1.5, 2.0), "himmelblau": (0.0, 0.0), "saddle": (1.2, 0.01)}


def _default_lr(name: str, limit: float, span: float) -> float:
    """A learning rate that makes each optimizer do something sensible on a problem."""
    if name == "gd":
        return 0.45 * limit
    if name in ("momentum", "nesterov"):
        return 0.1 * limit
    return {"adagrad": span / 5, "rmsprop": span / 150, "adam": span / 50}[name]


def _problem(problem: object) -> tuple[Problem, str | None]:
    """The problem to race on and the name of the surface it is (None for others)."""
    if isinstance(problem, str):
        if problem not in _PROBLEMS:
            raise ValueError(_("problem must be one of {names}, a 2-D gdlab problem or a Dataset; got "
                               "{problem!r}").format(names=", ".join(map(repr, _PROBLEMS)), problem=problem))
        return _PROBLEMS[problem](), problem
    if isinstance(problem, Dataset):
        return LinearRegression(problem), None
    if not (isinstance(problem, Problem) and problem.dim == 2):
        raise TypeError(_("problem must be a name, a 2-D gdlab problem or a Dataset; got {problem!r}").format(
            problem=problem))
    # A problem passed as an object starts where its named twin would (its minimum at the
    # origin would leave nothing to race).
    return problem, next((k for k, make in _PROBLEMS.items() if type(problem) is make), None)


def _lrs(lrs: object, names: list[str]) -> dict[str, float]:
    if lrs is None:
        return {}
    if not isinstance(lrs, dict):
        raise TypeError(_("lrs must be a dict such as {{'gd': 0.01}}, got {lrs!r}").format(lrs=lrs))
    unknown = set(lrs) - set(names)
    if unknown:
        raise ValueError(_("lrs names {unknown} that are not racing; racing: {names}").format(
            unknown=sorted(unknown), names=names))
    return {n: check.in_range(f"lrs[{n!r}]", v, 1e-12, 1e12) for n, v in lrs.items()}


class OptimizerRace(PathExplorer):
    """Optimizers racing from one start: their paths on one surface and their loss curves.

        ex = gd.widgets.optimizer_race("rosenbrock", ("gd", "momentum", "adam"), steps=1000)

    `problem`: "bowl", "rosenbrock", "himmelblau", "saddle", a 2-D gdlab problem, or a Dataset
    (the regression: then the fitted lines are shown too). `optimizers` from gd, momentum,
    nesterov, adagrad, rmsprop, adam. Controls: steps, play, lr_<name> per optimizer, momentum
    (μ, when momentum or nesterov races), beta1 (when adam races), and the start (x0, y0; w0, b0
    for a regression). `lrs` sets starting learning rates by name, e.g. {"gd": 0.01}; the others
    get a rate chosen for the problem. `.current["runs"][name]` has each one's theta, loss,
    diverged_at.
    """

    def __init__(self, problem: object = "bowl", optimizers: Sequence[str] = ("gd", "momentum", "adam"),
                 *, theta0: object = None, steps: int = 200, max_steps: int | None = None,
                 momentum: float = 0.9, lrs: dict[str, float] | None = None,
                 display: str | None = None):
        super().__init__(display)
        regression = isinstance(problem, Dataset)
        problem, key = _problem(problem)
        if isinstance(optimizers, str) or not isinstance(optimizers, Sequence):
            raise TypeError(_("optimizers must be a list of names such as ('gd', 'adam'), got "
                              "{optimizers!r}").format(optimizers=optimizers))
        names = [optimizer_name(n, "optimizers") for n in optimizers]
        if not names or len(set(names)) != len(names):
            raise ValueError(_("optimizers must be one or more different names, got {optimizers!r}").format(
                optimizers=optimizers))
        steps = check.integer("steps", steps, 0, 1_000_000)
        self.max_steps = (max(1000, steps) if max_steps is None
                          else check.integer("max_steps", max_steps, max(1, steps), 1_000_000))
        momentum = check.unit_interval("momentum", momentum)
        lrs = _lrs(lrs, names)
        if theta0 is None:
            if key is not None:
                theta0 = _START[key]
            elif regression:
                theta0 = (0.0, 0.0)
            else:  # off-centre in its box
                theta0 = tuple(lo + f * (hi - lo) for (lo, hi), f in zip(problem.bounds, (0.15, 0.85)))
        theta0 = check.vector("theta0", theta0, 2)
        check_start(problem, theta0)
        (x_lo, x_hi), (y_lo, y_hi) = problem.bounds
        self.bounds = ((min(x_lo, theta0[0]), max(x_hi, theta0[0])),
                       (min(y_lo, theta0[1]), max(y_hi, theta0[1])))
        self.lr_limit = problem.lr_limit()
        span = min(hi - lo for lo, hi in self.bounds)
        for name in names:
            lr = lrs.get(name) or _default_lr(name, self.lr_limit, span)
            self.controls[f"lr_{name}"] = lr_slider(f"lr {OPTIMIZERS[name].label}", lr, lr / 100, lr * 30)
        if {"momentum", "nesterov"} & set(names):
            self.controls["momentum"] = float_slider(_("momentum μ"), momentum, 0.0, 0.99, 0.01)
        if "adam" in names:
            self.controls["beta1"] = float_slider("Adam β₁", 0.9, 0.0, 0.99, 0.01)
        self._start_names = ("w0", "b0") if regression else ("x0", "y0")
        labels = (_("start w₀"), _("start b₀")) if regression else (_("start x₀"), _("start y₀"))
        for cname, v, (lo, hi), label in zip(self._start_names, theta0, self.bounds, labels):
            # A fine grid: a start such as y₀ = 0.001 beside a saddle's ridge must stay off it.
            self.controls[cname] = float_slider(label, v, lo, hi, slider_step(lo, hi, n=2000))
        self.bounds = tuple(covering(self.controls[c], *b) for c, b in zip(self._start_names, self.bounds))
        self._steps_controls(step_grid(self.max_steps, include=(steps,)), steps)
        self._slow = set(self.controls) - {"steps", "play", "speed"}
        self._names = names
        self._readout = W.HTML()
        floor = problem.min_loss()
        self._setup(problem, [(n, OPTIMIZERS[n].label) for n in names], "line" if regression else None,
                    theta0, floor,
                    _("loss above the minimum (log)") if floor is not None else _("loss (log)"))
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
        return Run(self.problem, opt, theta0, self.max_steps, first=0)

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        lrs = [c[f"lr_{n}"] for n in self._names]
        hyper = [c[n] for n in ("momentum", "beta1") if n in c]
        starts = [c[n] for n in self._start_names]
        return W.VBox([
            self._step_row(),
            row(W.VBox(lrs), W.VBox(hyper + starts)),
            figure, self._readout,
        ])


optimizer_race = OptimizerRace
