"""What every plot function shares: it takes a matplotlib Axes (`checked_ax`) and paths as (K, dim)
arrays (`checked_path`), and it draws values far outside the axes clamped into a large finite box
(`clamp`, `clamp_path`): a diverging run's 1e200 becomes a point a million axis spans away, so its
line still leaves the plot in the right direction and Agg's coordinates stay finite.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from .. import _checks as check

_BIG = 1e6  # how far past an axis box a drawn point may go before it is clamped (see `clamp`)


def checked_ax(ax: object) -> Axes:
    """`ax` itself if it is a matplotlib Axes; a TypeError naming `ax` otherwise."""
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    return ax


def checked_path(name: str, path: object, dim: int) -> np.ndarray | None:
    """`path` as a float array of shape (K, dim), K ≥ 1 (a 1-D array is a column when dim = 1);
    None stays None. The errors name the argument `name`."""
    if path is None:
        return None
    arr = check.numbers_array(name, path)  # finite numbers only: a NaN point cannot be drawn
    if arr.ndim == 1 and dim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[1] != dim or len(arr) == 0:
        raise ValueError(f"{name} must have shape (K, {dim}) with K >= 1, got shape {arr.shape}")
    return arr


def clamp(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Values far outside [lo, hi] pulled in to a large finite box: keeps Agg's coordinates sane.

    Points inside the box are untouched; a diverging run's 1e200 becomes a point far off the
    axes, so the line still leaves the plot in the right direction.
    """
    span = max(hi - lo, 1e-12)
    with np.errstate(all="ignore"):
        out = np.clip(values, lo - _BIG * span, hi + _BIG * span)
    return np.nan_to_num(out, nan=hi + _BIG * span)


def clamp_path(path: np.ndarray, bounds: tuple[tuple[float, float], ...]) -> np.ndarray:
    """`path` (K, dim) with each coordinate clamped to a large box around `bounds` (for drawing)."""
    out = np.empty_like(path, dtype=float)
    for i, (lo, hi) in enumerate(bounds):
        out[:, i] = clamp(path[:, i], lo, hi)
    return out
