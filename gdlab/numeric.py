"""Derivatives by finite differences, and a gradient check that compares them with a formula.

    forward:  f′(x) ≈ (f(x + h) − f(x)) / h          error ≈ h·f″/2        (first order)
    central:  f′(x) ≈ (f(x + h) − f(x − h)) / (2h)   error ≈ h²·f‴/6       (second order)

Both also suffer rounding: f is known to about ε·|f| (ε ≈ 2.2e-16), and dividing by h turns
that into an error of about ε·|f|/h. Too large an h truncates, too small an h rounds; the best
h is near √ε ≈ 1e-8 for forward and ∛ε ≈ 6e-6 for central differences.

For x a number, the functions return f′(x); for x a vector, the gradient (one difference per
coordinate); when f itself returns a vector, the Jacobian, one row per output.

    >>> round(central_difference(lambda x: x**3, 2.0), 6)
    12.0
    >>> central_difference(lambda v: v[0] * v[1], [3.0, 4.0]).round(6)
    array([4., 3.])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from . import _checks as check

FORWARD_H = 1e-8
CENTRAL_H = 1e-5


def forward_difference(f: Callable, x: object, h: float = FORWARD_H) -> float | np.ndarray:
    """(f(x + h·eᵢ) − f(x)) / h for each coordinate i: the slope of the chord to the right."""
    return _differences(f, x, h, central=False)


def central_difference(f: Callable, x: object, h: float = CENTRAL_H) -> float | np.ndarray:
    """(f(x + h·eᵢ) − f(x − h·eᵢ)) / (2h) for each coordinate i: the chord across x."""
    return _differences(f, x, h, central=True)


def step_errors(f: Callable, x: float, exact: float, hs: object) -> tuple[np.ndarray, np.ndarray]:
    """|forward − exact| and |central − exact| at each step size in `hs` (the trade-off)."""
    x = check.finite("x", x)
    exact = check.finite("exact", exact)
    hs = np.asarray(hs, dtype=float)
    if hs.ndim != 1 or hs.size == 0 or not np.all((hs > 0) & np.isfinite(hs)):
        raise ValueError(f"hs must be a 1-D array of positive step sizes, got {hs!r:.60}")
    fwd = np.array([abs(forward_difference(f, x, h) - exact) for h in hs])
    cen = np.array([abs(central_difference(f, x, h) - exact) for h in hs])
    return fwd, cen


class GradientCheck(NamedTuple):
    """The outcome of `gradient_check`: both gradients, how far apart they are, and the verdict."""

    analytic: np.ndarray
    numeric: np.ndarray
    max_abs_error: float
    relative_error: float
    ok: bool

    def __str__(self) -> str:
        verdict = "agree" if self.ok else "DISAGREE"
        return (
            f"analytic {np.array2string(self.analytic, precision=6)}, "
            f"numeric {np.array2string(self.numeric, precision=6)}: {verdict} "
            f"(relative error {self.relative_error:.1e})"
        )


def gradient_check(
    f: Callable, grad: Callable, x: object, h: float = CENTRAL_H, tol: float = 1e-6
) -> GradientCheck:
    """Compare `grad(x)` with the central difference of `f` at `x`.

    relative error = ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖, 1e-12); the check passes
    when it is at most `tol`. With central differences a correct formula typically gives 1e-9
    or less, and a wrong one 1e-2 or more.

    >>> gradient_check(lambda x: x**2, lambda x: 2 * x, 3.0).ok
    True
    """
    tol = check.positive("tol", tol)
    numeric = np.atleast_1d(np.asarray(central_difference(f, x, h), dtype=float))
    try:
        analytic = np.atleast_1d(np.asarray(grad(_point(x)), dtype=float))
    except (TypeError, ValueError) as err:
        raise TypeError(f"grad(x) must return numbers, got {err}") from None
    if analytic.shape != numeric.shape:
        raise ValueError(
            f"grad(x) has shape {analytic.shape} but the numeric gradient has shape {numeric.shape}"
        )
    diff = float(np.linalg.norm(analytic - numeric))
    scale = max(float(np.linalg.norm(analytic)), float(np.linalg.norm(numeric)), 1e-12)
    rel = diff / scale
    max_abs = float(np.max(np.abs(analytic - numeric))) if analytic.size else 0.0
    return GradientCheck(analytic, numeric, max_abs, rel, bool(rel <= tol))


# --- helpers -------------------------------------------------------------------------------------


def _point(x: object) -> float | np.ndarray:
    """x as a float, or as a fresh 1-D float array; anything else is an error naming `x`."""
    if np.ndim(x) == 0:
        return check.finite("x", x if not isinstance(x, np.generic) else x.item())
    try:
        arr = np.array(x, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"x must be a number or a 1-D sequence of numbers, got {x!r:.60}") from None
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"x must be a number or a non-empty 1-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"x must be finite, got {x!r:.60}")
    return arr


def _call(f: Callable, x: float | np.ndarray) -> np.ndarray:
    return np.asarray(f(x), dtype=float)


def _differences(f: Callable, x: object, h: float, central: bool) -> float | np.ndarray:
    if not callable(f):
        raise TypeError(f"f must be a function, got {type(f).__name__}")
    h = check.positive("h", h)
    x = _point(x)
    if isinstance(x, float):
        if central:
            d = (_call(f, x + h) - _call(f, x - h)) / (2.0 * h)
        else:
            d = (_call(f, x + h) - _call(f, x)) / h
        return float(d) if d.ndim == 0 else d
    columns = []
    f0 = None if central else _call(f, x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        if central:
            columns.append((_call(f, x + e) - _call(f, x - e)) / (2.0 * h))
        else:
            columns.append((_call(f, x + e) - f0) / h)
    # Gradient (n,) for a scalar f; Jacobian (m, n) for an f with m outputs.
    return np.stack(columns, axis=-1)
