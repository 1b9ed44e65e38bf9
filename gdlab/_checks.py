"""The one validation layer: every public function checks its arguments here.

Each check returns the clean value or raises TypeError (wrong kind) or ValueError (right kind,
wrong value) with a message that names the argument and shows the value. Besides types and
ranges it checks sizes against a memory budget (`MEMORY_BUDGET`, refused before allocating)
and values that are finite but overflow later (`finite_result`, checked where they start).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .i18n import _

#: The most memory one run, closed form, data set or explorer may allocate, in bytes.
MEMORY_BUDGET = 1 << 30
#: Seeds accepted by numpy's generators and RandomState alike.
SEED_MAX = 2**32 - 1


def show(value: object) -> str:
    """A short repr of `value` for a message (numpy scalars shown as plain numbers)."""
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_show = show


def real(name: str, value: object) -> float:
    """`value` as a float; TypeError unless it is a real number (bools are not)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(_("{name} must be a real number, got {value}").format(name=name, value=show(value)))
    return float(value)


def finite(name: str, value: object) -> float:
    out = real(name, value)
    if not math.isfinite(out):
        raise ValueError(_("{name} must be finite, got {value}").format(name=name, value=show(value)))
    return out


def positive(name: str, value: object) -> float:
    """A finite number > 0 (learning rates, scales)."""
    out = finite(name, value)
    if out <= 0:
        raise ValueError(_("{name} must be positive, got {value}").format(name=name, value=show(value)))
    return out


def non_negative(name: str, value: object) -> float:
    out = finite(name, value)
    if out < 0:
        raise ValueError(_("{name} must be >= 0, got {value}").format(name=name, value=show(value)))
    return out


def unit_interval(name: str, value: object) -> float:
    """A number in [0, 1): decay rates such as momentum and Adam's betas."""
    out = finite(name, value)
    if not 0.0 <= out < 1.0:
        raise ValueError(_("{name} must be in [0, 1), got {value}").format(name=name, value=show(value)))
    return out


def in_range(name: str, value: object, lo: float, hi: float) -> float:
    """A finite number in [lo, hi]: a control's range, stated in the message when missed."""
    out = finite(name, value)
    if not lo <= out <= hi:
        raise ValueError(_("{name} must be between {lo:.4g} and {hi:.4g}, got {value}").format(
            name=name, lo=lo, hi=hi, value=show(value)))
    return out


def integer(name: str, value: object, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number in [minimum, maximum]; floats such as 10.0 are refused, not rounded."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(_("{name} must be an integer, got {value}").format(name=name, value=show(value)))
    out = int(value)
    if out < minimum:
        raise ValueError(_("{name} must be >= {minimum}, got {got}").format(
            name=name, minimum=minimum, got=out))
    if maximum is not None and out > maximum:
        raise ValueError(_("{name} must be <= {maximum:,}, got {got:,}").format(
            name=name, maximum=maximum, got=out))
    return out


def boolean(name: str, value: object) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(_("{name} must be True or False, got {value}").format(name=name, value=show(value)))
    return bool(value)


def seed(name: str, value: object) -> int | None:
    """None (fresh randomness) or a whole number in 0..2**32 − 1."""
    if value is None:
        return None
    return integer(name, value, 0, SEED_MAX)


def optional_finite(name: str, value: object) -> float | None:
    return None if value is None else finite(name, value)


def text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(_("{name} must be a string, got {value}").format(name=name, value=show(value)))
    return value


def _numbers(name: str, value: object, what: str) -> np.ndarray:
    """`value` as a float array; strings, booleans and other objects are refused, not converted."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(_("{name} must be {what}, got {value}").format(
            name=name, what=what, value=show(value)))
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        if arr.dtype.kind != "O" or not all(
            isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) for v in arr.ravel()
        ):
            raise TypeError(_("{name} must be {what}, got {value}").format(
                name=name, what=what, value=show(value)))
    try:
        return np.array(arr, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(_("{name} must be {what}, got {value}").format(
            name=name, what=what, value=show(value))) from None


def vector(name: str, value: object, dim: int) -> np.ndarray:
    """A fresh float64 array of shape (dim,) with finite entries."""
    arr = _numbers(name, value, _("a sequence of {dim} numbers").format(dim=dim))
    if arr.ndim == 0 and dim == 1:
        arr = arr.reshape(1)
    if arr.shape != (dim,):
        raise ValueError(_("{name} must have {dim} entries (shape ({dim},)), got shape {shape}: "
                           "{value}").format(name=name, dim=dim, shape=arr.shape, value=show(value)))
    if not np.all(np.isfinite(arr)):
        raise ValueError(_("{name} must be finite, got {value}").format(name=name, value=show(value)))
    return arr


def data_array(name: str, value: object) -> np.ndarray:
    """A non-empty finite 1-D float array (a copy)."""
    arr = _numbers(name, value, _("a 1-D sequence of numbers"))
    if arr.ndim != 1:
        raise ValueError(_("{name} must be 1-D, got shape {shape}").format(name=name, shape=arr.shape))
    if arr.size == 0:
        raise ValueError(_("{name} is empty").format(name=name))
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise ValueError(_("{name} must be finite, got {value} at index {index}").format(
            name=name, value=show(arr[bad[0]]), index=bad[0]))
    return arr


def numbers_array(name: str, value: object) -> np.ndarray:
    """Any array of finite numbers (a copy), for functions that take numbers of any shape."""
    arr = _numbers(name, value, _("a number or an array of numbers"))
    if not np.all(np.isfinite(arr)):
        raise ValueError(_("{name} must be finite, got {value}").format(name=name, value=show(value)))
    return arr


def memory(name: str, value: int, nbytes: float, instead: str) -> None:
    """Refuse, before allocating, what would take more than MEMORY_BUDGET bytes."""
    if nbytes > MEMORY_BUDGET:
        raise ValueError(_("{name} = {value:,} would need {gib:,.1f} GiB, more than the {budget:.0f} GiB "
                           "gdlab allows; {instead}").format(name=name, value=value, gib=nbytes / 2**30,
                                                            budget=MEMORY_BUDGET / 2**30, instead=instead))


def finite_result(name: str, value: object, what: str) -> None:
    """ValueError naming the argument `name` when `what` computed from it is not finite."""
    with np.errstate(all="ignore"):
        ok = bool(np.all(np.isfinite(np.asarray(value, dtype=float))))
    if not ok:
        raise ValueError(_("{name} is too large: {what} overflows (is not finite); use smaller "
                           "values").format(name=name, what=what))
