"""The plumbing of gdlab.optimizers' update rules, which are written once for numpy arrays and floats.

Each optimizer states its rule as `coef(t)` (the scalars of update t) and an elementwise
`rule(coef(t), g, theta, slots)`; `gdlab.optimizers._optimizer` makes the array `update` from them, and
`gdlab.stepping` applies the same rule to plain floats, one coordinate at a time. The helpers
take arrays or floats (floats stay floats, with the same IEEE results numpy gives). The rules
write √x as `_fsqrt(x) if type(x) is float else np.sqrt(x)`, and num/denom and lerp inline,
because a Python call per coordinate and step would cost more than the arithmetic it does.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .schedules import Schedule

_fsqrt = math.sqrt


def _rate(lr: float | Schedule) -> Callable[[int], float]:
    """The learning rate of update t = 0, 1, ...: lr itself, or the Schedule's lr(t)."""
    return lr if isinstance(lr, Schedule) else (lambda t: lr)


def _zeros(state: type) -> Callable[[np.ndarray], Any]:
    """The `init` of an optimizer whose state is (step 0, then arrays of zeros shaped like θ)."""

    def init(theta: np.ndarray):
        zeros = np.zeros_like(theta, dtype=float)
        return state(0, *[zeros] * (len(state._fields) - 1))

    return init


def _copy(x):
    return x.copy() if isinstance(x, np.ndarray) else x


def _ratio(num, denom, eps: float):
    """num / denom, where with eps = 0 a zero gradient over a zero average is a zero step, not 0/0."""
    if eps > 0:
        return num / denom
    if type(denom) is float:
        return num / denom if denom != 0 else 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom == 0, 0.0, num / denom)
