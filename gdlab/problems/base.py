"""What every problem is: `dim`, `loss(theta)`, `grad(theta)`, and the contract plots and explorers rely on.

Besides the loss and its gradient, every problem answers `min_loss()` (the lowest loss known,
or None) and `lr_limit()`: the largest learning rate for which plain GD settles at a minimum,
2/λ_max of the Hessian there. Near a minimum every smooth loss looks quadratic, so that is
exact for a quadratic and the local answer for anything else.
"""

from __future__ import annotations

import numpy as np

from .. import _checks as check
from ..i18n import _
from ..numeric import central_difference


def _names() -> dict[str, str]:
    return {"problem": _("problem"), "quadratic": _("quadratic"), "saddle": _("saddle"),
            "linear regression (MSE)": _("linear regression (MSE)"),
            "logistic regression (cross-entropy)": _("logistic regression (cross-entropy)"),
            "softmax regression (cross-entropy)": _("softmax regression (cross-entropy)"),
            "parabola": _("parabola"), "double well": _("double well")}


def problem_label(name: str) -> str:
    """A problem's name (or a menu's key for one) as the course shows it, in the language in use."""
    return _names().get(name, name)


class Problem:
    """What `run` needs: `dim`, `loss(theta)`, `grad(theta)`; plus a name and a plot box."""

    dim: int = 2
    name: str = "problem"
    is_quadratic: bool = False
    #: ((lo, hi), ...) per coordinate: a box where the interesting part of the loss lies.
    bounds: tuple[tuple[float, float], ...] = ((-2.0, 2.0), (-2.0, 2.0))
    #: Known minima, for markers on plots.
    minima: tuple[tuple[float, ...], ...] = ()

    def shown_name(self) -> str:
        """`name` as the course shows it, in the language in use."""
        return problem_label(self.name)

    def loss(self, theta: np.ndarray) -> float:
        raise NotImplementedError

    def grad(self, theta: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def float_grad(self):
        """The gradient as a function of `dim` plain floats giving a tuple of floats, or None.

        The loop of `gd.run` uses it on small full-batch problems (`gdlab.stepping`); it must
        give exactly the numbers `grad` gives. None (the default): no such form.
        """
        return None

    def linear_gradient(self):
        """(H, c) as nested lists of floats when the gradient is Hθ − c (a quadratic), else None."""
        return None

    def losses(self, params: np.ndarray) -> np.ndarray:
        """The loss at each row of `params` (shape (K, dim)); subclasses vectorise it."""
        return np.array([self.loss(p) for p in self._params(params)], dtype=float)

    def theta(self, theta: object, name: str = "theta") -> np.ndarray:
        return check.vector(name, theta, self.dim)

    def _point(self, theta: object) -> np.ndarray:
        # What `run` passes (a float array of the right shape) goes straight through, so that a
        # diverging run can still evaluate its last steps; anything else is checked in full.
        if isinstance(theta, np.ndarray) and theta.dtype == np.float64 and theta.shape == (self.dim,):
            return theta
        return self.theta(theta)

    def _params(self, params: object) -> np.ndarray:
        """Rows of parameters (K, dim): a float array from `run` goes straight through."""
        if isinstance(params, np.ndarray) and params.dtype == np.float64 and params.ndim == 2 \
                and params.shape[1] == self.dim:
            return params
        arr = check.numbers_array("params", params)
        if arr.ndim != 2 or arr.shape[1] != self.dim:
            raise ValueError(f"params must have shape (K, {self.dim}), got shape {arr.shape}")
        return arr

    def min_loss(self) -> float | None:
        """The lowest loss known: at the best of the known minima, or None when none is known."""
        if not self.minima:
            return None
        return min(self.loss(np.array(m, dtype=float)) for m in self.minima)

    def hessian_at(self, theta: object) -> np.ndarray:
        """The Hessian at `theta`, by central differences of the gradient (symmetrised)."""
        theta = self.theta(theta)
        h = 1e-5 * max(1.0, float(np.abs(theta).max()))
        H = np.atleast_2d(central_difference(self.grad, theta, h))
        return 0.5 * (H + H.T)

    def lr_limit(self) -> float:
        """2/λ_max for plain GD at the stiffest known minimum (the box centre if none is known)."""
        points = [np.array(m, dtype=float) for m in self.minima]
        if not points:
            points = [np.array([0.5 * (lo + hi) for lo, hi in self.bounds])]
        top = max(float(np.max(np.abs(np.linalg.eigvalsh(self.hessian_at(p))))) for p in points)
        return 2.0 / top if top > 0 else 1.0

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Function(Problem):
    """A closed-form test function f(x) or f(x, y), written once for scalars and grids alike."""

    def f(self, *coords: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def df(self, *coords: np.ndarray) -> tuple[np.ndarray, ...]:
        raise NotImplementedError

    def loss(self, theta: np.ndarray) -> float:
        return float(self.f(*self._point(theta)))

    def grad(self, theta: np.ndarray) -> np.ndarray:
        return np.array(self.df(*self._point(theta)), dtype=float)

    def float_grad(self):
        # f and df are written for scalars and grids alike, so on floats they stay in floats.
        return self.df

    def losses(self, params: np.ndarray) -> np.ndarray:
        params = self._params(params)
        return np.asarray(self.f(*params.T), dtype=float) * np.ones(len(params))

    def loss_grid(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """f over the grid xs × ys, shape (len(ys), len(xs)) as contour() expects."""
        if self.dim != 2:
            raise TypeError(f"loss_grid needs a 2-D problem, got {self!r}")
        X, Y = np.meshgrid(check.numbers_array("xs", xs), check.numbers_array("ys", ys))
        with np.errstate(all="ignore"):
            return self.f(X, Y)
