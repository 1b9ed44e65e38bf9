"""The plumbing of gdlab.optimizers' update rules, which are written once for numpy arrays and floats.

Each optimizer states its rule as `coef(t)` (the scalars of update t) and an elementwise
`rule(coef(t), g, theta, slots)`; `gdlab.optimizers._optimizer` makes the array `update` from them, and
`gdlab.stepping` applies the same rule to plain floats (traced into one loop by gdlab.fused, which
follows the numpy branches, or one coordinate at a time). The helpers take arrays or floats
(floats stay floats, with the same IEEE results numpy gives). The rules write √x as
`_fsqrt(x) if type(x) is float else np.sqrt(x)`, and num/denom and lerp inline, because a
Python call per coordinate and step would cost more than the arithmetic it does.
"""

from __future__ import annotations

import array
import math
from collections.abc import Callable
from itertools import repeat
from typing import Any

import numpy as np

from .schedules import Schedule

_fsqrt = math.sqrt


def _rate(lr: float | Schedule) -> Callable[[int], float]:
    """The learning rate of update t = 0, 1, ...: lr (`vectorised`: for any t), or the Schedule's lr(t)."""
    if isinstance(lr, Schedule):
        return lr

    def rate(t):
        return lr

    rate.vectorised = True
    return rate


def _power(b: float, k):
    """b ** k for an int k, or for each of an array of ints k: the C library's pow, whichever.

    CPython's `b ** k` and math.pow both hand a finite base and exponent to libm's pow (for
    0 ≤ b < 1; `b ** k` returns 0.0 itself for b = 0, as pow does); numpy's power may use SIMD
    code that differs from it in the last bit.
    """
    if isinstance(k, np.ndarray):
        return np.fromiter(map(math.pow, repeat(b, len(k)), k.astype(float).tolist()), float, len(k))
    return b ** k


def _sqrt(x):
    return _fsqrt(x) if type(x) is float else np.sqrt(x)


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


#: The coefficients of a vectorised coef with a `key` are kept for its first TABLE steps, for
#: the last TABLES keys used (Adam's: up to 2 MB each), since every run starts at t = 0 and
#: 1 − β^(t+1) costs a pow per step.
TABLE, TABLES = 1 << 17, 8
_tables: dict = {}  # key -> (steps, columns), the most recently used last


def coefficients(coef, ncoef: int, t: int, n: int) -> list:
    """coef(t), ..., coef(t + n − 1) as one sequence of floats per scalar of coef (ncoef of them, or 1)."""
    if not getattr(coef, "vectorised", False):
        rows = list(map(coef, range(t, t + n)))
        return list(zip(*rows)) if ncoef else [rows]
    key = getattr(coef, "key", None)
    if key is None or t + n > TABLE:  # these steps only
        return [c if isinstance(c, array.array) else [c] * n for c in _columns(coef, ncoef, t, n)]
    have, cols = _tables.pop(key, (0, None))
    if t + n > have:
        more = _columns(coef, ncoef, have, t + n - have)
        if cols is None:
            cols = more
        else:
            for a, b in zip(cols, more):
                if isinstance(a, array.array):
                    a.extend(b)  # (the table's own arrays: what was handed out are copies)
        have = t + n if any(isinstance(c, array.array) for c in cols) else TABLE
    _tables[key] = (have, cols)
    while len(_tables) > TABLES:
        del _tables[next(iter(_tables))]
    return [c[t : t + n] if isinstance(c, array.array) else [c] * n for c in cols]


def _columns(coef, ncoef: int, t: int, n: int) -> list:
    """coef for steps t..t+n−1 at once: each scalar as an array.array of floats, or one value for all."""
    c = coef(np.arange(t, t + n))
    return [array.array("d", col.astype(float).tobytes()) if isinstance(col, np.ndarray) else col
            for col in (c if ncoef else (c,))]
