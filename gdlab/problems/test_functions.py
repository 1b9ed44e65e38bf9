"""Non-convex test functions: a 1-D double well, Rosenbrock's valley, Himmelblau's four minima, a saddle.

Each is a `Function` written once for scalars and grids (`f`, `df`), so the same code gives a
loss, a gradient and a contour grid. Their minima are listed for plot markers and `lr_limit`.
"""

from __future__ import annotations

import numpy as np

from .. import _checks as check
from .base import Function


class DoubleWell(Function):
    """f(x) = x⁴ − 3x² + x: a deep minimum near x = −1.30, a shallow one near x = 1.13, a hump between."""

    dim = 1
    name = "f(x) = x⁴ − 3x² + x"
    bounds = ((-2.2, 2.2),)
    # The roots of f′(x) = 4x³ − 6x + 1 are the two minima and the hump (a maximum) between.
    _stationary = np.sort(np.roots([4.0, 0.0, -6.0, 1.0]).real)
    minima = ((float(_stationary[0]),), (float(_stationary[2]),))
    maximum = float(_stationary[1])

    def f(self, x: np.ndarray) -> np.ndarray:
        return x**4 - 3.0 * x**2 + x

    def df(self, x: np.ndarray) -> tuple[np.ndarray]:
        return (4.0 * x**3 - 6.0 * x + 1.0,)


class Rosenbrock(Function):
    """f(x, y) = (a − x)² + b(y − x²)²: a curved valley with its minimum at (a, a²)."""

    name = "Rosenbrock"

    def __init__(self, a: float = 1.0, b: float = 100.0):
        self.a = check.in_range("a", a, -1e50, 1e50)  # the valley's floor y = x² must stay finite
        self.b = check.in_range("b", b, 1e-12, 1e50)
        self.minima = ((self.a, self.a**2),)
        self.bounds = ((-2.0, 2.0), (-1.0, 3.0))

    def f(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return (self.a - x) ** 2 + self.b * (y - x**2) ** 2

    def df(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (-2.0 * (self.a - x) - 4.0 * self.b * x * (y - x**2), 2.0 * self.b * (y - x**2))

    def __repr__(self) -> str:
        return f"Rosenbrock(a={self.a!r}, b={self.b!r})"


class Himmelblau(Function):
    """f(x, y) = (x² + y − 11)² + (x + y² − 7)²: four minima, all with f = 0."""

    name = "Himmelblau"
    bounds = ((-5.0, 5.0), (-5.0, 5.0))
    minima = ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126))

    def f(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return (x**2 + y - 11.0) ** 2 + (x + y**2 - 7.0) ** 2

    def df(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        u, v = x**2 + y - 11.0, x + y**2 - 7.0
        return (4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v)


class Saddle(Function):
    """f(x, y) = x² + y⁴/4 − y²/2: a saddle at the origin between minima at (0, ±1)."""

    name = "saddle"
    bounds = ((-1.5, 1.5), (-1.6, 1.6))
    minima = ((0.0, 1.0), (0.0, -1.0))

    def f(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return x**2 + 0.25 * y**4 - 0.5 * y**2

    def df(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (2.0 * x, y**3 - y)
