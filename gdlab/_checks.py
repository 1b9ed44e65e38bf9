"""Argument checks shared by every public function: each error names the argument and the value."""

from __future__ import annotations

import math
import numbers

import numpy as np


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def real(name: str, value: object) -> float:
    """`value` as a float; TypeError unless it is a real number (bools are not)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_show(value)}")
    return float(value)


def finite(name: str, value: object) -> float:
    out = real(name, value)
    if not math.isfinite(out):
        raise ValueError(f"{name} must be finite, got {_show(value)}")
    return out


def positive(name: str, value: object) -> float:
    """A finite number > 0 (learning rates, scales)."""
    out = finite(name, value)
    if out <= 0:
        raise ValueError(f"{name} must be positive, got {_show(value)}")
    return out


def non_negative(name: str, value: object) -> float:
    out = finite(name, value)
    if out < 0:
        raise ValueError(f"{name} must be >= 0, got {_show(value)}")
    return out


def unit_interval(name: str, value: object) -> float:
    """A number in [0, 1): decay rates such as momentum and Adam's betas."""
    out = finite(name, value)
    if not 0.0 <= out < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {_show(value)}")
    return out


def integer(name: str, value: object, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number in [minimum, maximum]; floats such as 10.0 are refused, not rounded."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_show(value)}")
    out = int(value)
    if out < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {out}")
    if maximum is not None and out > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {out}")
    return out


def vector(name: str, value: object, dim: int) -> np.ndarray:
    """A fresh float64 array of shape (dim,) with finite entries."""
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of {dim} numbers, got {_show(value)}") from None
    if arr.ndim == 0 and dim == 1:
        arr = arr.reshape(1)
    if arr.shape != (dim,):
        raise ValueError(
            f"{name} must have {dim} entries (shape ({dim},)), got shape {arr.shape}: {_show(value)}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {_show(value)}")
    return arr


def data_array(name: str, value: object) -> np.ndarray:
    """A non-empty finite 1-D float array (a copy)."""
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a 1-D sequence of numbers, got {_show(value)}") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise ValueError(f"{name} must be finite, got {arr[bad[0]]} at index {bad[0]}")
    return arr
