"""gdlab: an interactive course on gradient descent.

    import gdlab as gd
    data = gd.make_linear_data(seed=0)
    problem = gd.LinearRegression(data)
    traj = gd.run(problem, gd.sgd(1e-3), [0.0, 0.0], steps=1000)

The numeric core imports only numpy; `gd.plots`, `gd.explorers` (also `gd.widgets`),
`gd.animate` and `gd.exercises` (matplotlib, ipywidgets) are imported on first use.
"""

from __future__ import annotations

import importlib

from .csv_data import load_csv
from .data import Dataset, make_linear_data, make_logistic_data, seed_points
from .datasets import Digits, load_digits
from .exact import ExactTrajectory, exact_trajectory
from .i18n import language, set_language
from .optimizers import Optimizer, adagrad, adam, rmsprop, sgd
from .problems import (
    Bowl,
    DoubleWell,
    Function,
    Himmelblau,
    LinearRegression,
    LogisticRegression,
    Parabola,
    Problem,
    Quadratic,
    Rosenbrock,
    Saddle,
    SoftmaxRegression,
    sigmoid,
)
from .running import Trajectory, run
from .schedules import Schedule, exponential_decay, inverse_time_decay, step_decay

__version__ = "0.1.0"

__all__ = [
    "Bowl", "Dataset", "Digits", "DoubleWell", "ExactTrajectory", "Function", "Himmelblau",
    "LinearRegression", "LogisticRegression", "Optimizer", "Parabola", "Problem", "Quadratic",
    "Rosenbrock", "Saddle", "Schedule", "SoftmaxRegression", "Trajectory", "adagrad", "adam",
    "exact_trajectory", "exponential_decay", "inverse_time_decay", "language", "load_csv", "load_digits",
    "make_linear_data", "make_logistic_data", "rmsprop", "run", "seed_points", "set_language", "sgd",
    "sigmoid",
    "step_decay",
]

_LAZY_MODULES = {
    "plots", "explorers", "widgets", "animation", "exercises", "environment", "autograd", "losses",
    "numeric", "sweeps", "classroom",
}
_LAZY_NAMES = {"animate": "animation", "check_environment": "environment", "projector": "classroom"}


def __getattr__(name: str):
    # Keeps `import gdlab` (and `python -m gdlab`) free of matplotlib and ipywidgets.
    if name in _LAZY_MODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _LAZY_NAMES:
        return getattr(importlib.import_module(f".{_LAZY_NAMES[name]}", __name__), name)
    raise AttributeError(f"module 'gdlab' has no attribute {name!r}")


def __dir__() -> list[str]:
    # Tab completion lists what `__getattr__` loads on first use, too.
    return sorted({*globals(), *_LAZY_MODULES, *_LAZY_NAMES})
