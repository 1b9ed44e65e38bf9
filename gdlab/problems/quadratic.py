"""Quadratic losses: L(θ) = L* + ½(θ − θ*)ᵀH(θ − θ*), whose Hessian H is the same everywhere.

Plain GD on such a loss multiplies each eigen-direction of H by (1 − lr·λᵢ) per step, so it
converges exactly when 0 < lr < 2/λ_max (`lr_limit`), and `gd.exact_trajectory` gives any
step in closed form. `QuadraticForm` holds that shared maths; `Quadratic`, `Parabola`, `Bowl`
and `LinearRegression` are built on it.
"""

from __future__ import annotations

import numpy as np

from .. import _checks as check
from ..i18n import _
from .base import Function, Problem


class QuadraticForm(Problem):
    """The maths every quadratic loss shares, from its Hessian H, its stationary point θ* and L*.

    L(θ) = L* + ½(θ − θ*)ᵀH(θ − θ*),  ∇L = H(θ − θ*): O(1) per evaluation whatever made H.
    """

    is_quadratic = True

    def _set_form(self, H: np.ndarray, star: np.ndarray, minimum: float) -> None:
        self._H, self._star, self._min = H, star, float(minimum)
        self._H_star = H @ star
        self._eig = np.linalg.eigvalsh(H)
        self._fgrad = _linear_in_floats(H, self._H_star) if len(star) <= 4 else None

    def loss(self, theta: np.ndarray) -> float:
        d = self._point(theta) - self._star
        return self._min + 0.5 * float(d @ self._H @ d)

    def grad(self, theta: np.ndarray) -> np.ndarray:
        if self._fgrad is not None:  # the same arithmetic as float_grad, to the last bit
            return np.array(self._fgrad(*self._point(theta).tolist()))
        return self._H @ self._point(theta) - self._H_star

    def float_grad(self):
        return self._fgrad

    def linear_gradient(self):
        # Must stay the arithmetic of _linear_in_floats (gdlab.fused writes it out inline for dim <= 2).
        return (self._H.tolist(), self._H_star.tolist()) if self._fgrad is not None else None

    def losses(self, params: np.ndarray) -> np.ndarray:
        d = self._params(params) - self._star
        return self._min + 0.5 * np.sum((d @ self._H) * d, axis=1)

    def hessian(self) -> np.ndarray:
        return self._H.copy()

    def hessian_at(self, theta: object) -> np.ndarray:
        return self.hessian()

    def solve(self) -> np.ndarray:
        """The stationary point θ* (the minimum when H is positive definite)."""
        return self._star.copy()

    def min_loss(self) -> float:
        return self._min

    def lr_limit(self) -> float:
        """2/λ_max: plain GD converges for 0 < lr < lr_limit and diverges above."""
        return 2.0 / float(np.max(np.abs(self._eig)))

    def condition_number(self) -> float:
        """λ_max/λ_min: how much narrower the valley is in one direction than in the other."""
        ev = np.abs(self._eig)
        return float(ev.max() / ev.min())


def _linear_in_floats(H: np.ndarray, c: np.ndarray):
    """g(θ) = Hθ − c on plain floats, each component summed left to right.

    numpy's H @ θ goes through BLAS, whose fused multiply-adds round differently; written out,
    the array gradient and the float one are the same numbers.
    """
    h, c = H.tolist(), c.tolist()
    if len(c) == 1:
        (h00,), (c0,) = h[0], c
        return lambda x: (h00 * x - c0,)
    if len(c) == 2:
        (h00, h01), (h10, h11) = h
        c0, c1 = c
        return lambda w, b: (h00 * w + h01 * b - c0, h10 * w + h11 * b - c1)
    return lambda *x: tuple(sum(hij * xj for hij, xj in zip(row, x)) - ci for row, ci in zip(h, c))


class Quadratic(QuadraticForm, Function):
    """f(θ) = f* + ½ (θ − θ*)ᵀ H (θ − θ*) for a symmetric H; gradient H (θ − θ*)."""

    def __init__(self, hessian: object, *, center: object = None, minimum: float = 0.0,
                 name: str = "quadratic"):
        H = check.numbers_array("hessian", hessian)
        if H.ndim != 2 or H.shape[0] != H.shape[1] or H.shape[0] < 1:
            raise ValueError(f"hessian must be a square matrix, got shape {H.shape}")
        if np.abs(H).max() > 1e150:
            raise ValueError(f"hessian entries must be at most 1e150 in size, got {np.abs(H).max():g}")
        if not np.all(np.isfinite(H)) or not np.allclose(H, H.T):
            raise ValueError(f"hessian must be finite and symmetric, got {H.tolist()}")
        if np.any(np.abs(np.linalg.eigvalsh(H)) < 1e-12 * max(1.0, np.abs(H).max())):
            raise ValueError(f"hessian must be invertible, got {H.tolist()}")
        self.dim = H.shape[0]
        center = np.zeros(self.dim) if center is None else check.vector("center", center, self.dim)
        if np.abs(center).max() > 1e150:
            raise ValueError(f"center must be at most 1e150 in size, got {center.tolist()}")
        self._set_form(H, center, check.finite("minimum", minimum))
        self.name = check.text("name", name)
        self.minima = (tuple(center),) if np.all(self._eig > 0) else ()
        half = 2.0 * max(1.0, float(np.abs(center).max()))
        self.bounds = tuple((c - half, c + half) for c in center)

    def f(self, *coords: np.ndarray) -> np.ndarray:
        d = [c - c0 for c, c0 in zip(coords, self._star)]
        total = self._min
        for i in range(self.dim):
            for j in range(self.dim):
                total = total + 0.5 * self._H[i, j] * d[i] * d[j]
        return total

    def df(self, *coords: np.ndarray) -> tuple[np.ndarray, ...]:
        d = [c - c0 for c, c0 in zip(coords, self._star)]
        return tuple(sum(self._H[i, j] * d[j] for j in range(self.dim)) for i in range(self.dim))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(hessian={self._H.tolist()}, center={self._star.tolist()})"


class Parabola(Quadratic):
    """f(x) = a·(x − c)²: f′(x) = 2a(x − c), f″ = 2a, so plain GD is stable for lr < 2/f″ = 1/a."""

    def __init__(self, a: float = 1.0, c: float = 0.0):  # positional, as f(x) = a(x − c)² reads
        a = check.positive("a", a)
        c = check.finite("c", c)
        if a > 1e150:
            raise ValueError(f"a must be at most 1e150 (f″ = 2a and lr·f″ must stay finite), got {a!r}")
        if abs(c) > 1e150:
            raise ValueError(f"c must be between -1e150 and 1e150, got {c!r}")
        coef = "" if a == 1 else f"{a:g}"
        shift = f"(x − {c:g})" if c > 0 else f"(x + {-c:g})"
        name = f"f(x) = {coef}{shift}²" if c else f"f(x) = {coef}x²"
        super().__init__([[2.0 * a]], center=[c], name=name)
        self.a, self.c = a, c
        self.bounds = ((c - 3.0, c + 3.0),)

    def __repr__(self) -> str:
        return f"Parabola(a={self.a!r}, c={self.c!r})"


class Bowl(Quadratic):
    """An ill-conditioned 2-D bowl: curvatures 1 and `condition`, axes turned by `angle` degrees.

    f(θ) = ½ θᵀ R diag(condition, 1) Rᵀ θ. The larger the condition number, the narrower the
    valley and the slower plain GD crawls along it.
    """

    def __init__(self, condition: float = 20.0, *, angle: float = 30.0):
        condition = check.positive("condition", condition)
        if not 1 <= condition <= 1e12:
            raise ValueError(f"condition must be between 1 and 1e12, got {condition!r}")
        angle = check.finite("angle", angle)
        t = np.deg2rad(angle)
        R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
        H = R @ np.diag([condition, 1.0]) @ R.T
        super().__init__(0.5 * (H + H.T), name=f"bowl, condition number {condition:g}")
        self.condition, self.angle = condition, angle
        self.bounds = ((-3.0, 3.0), (-3.0, 3.0))

    def shown_name(self) -> str:
        return _("bowl, condition number {condition:g}").format(condition=self.condition)

    def __repr__(self) -> str:
        return f"Bowl(condition={self.condition!r}, angle={self.angle!r})"
