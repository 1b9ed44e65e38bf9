"""Loss functions to descend: linear and logistic regression on data, and the 1-D and 2-D test functions.

Every problem has `.dim`, `.loss(theta)` and `.grad(theta)`; theta is a 1-D array, (w, b) for
the regressions, (x,) or (x, y) for the test functions. Quadratic problems (`is_quadratic`)
also have `.hessian()`, `.solve()` (the stationary point) and `.lr_limit()`.
"""

from __future__ import annotations

import numpy as np

from . import _checks as check
from .data import Dataset


class Problem:
    """What `run` needs: `dim`, `loss(theta)`, `grad(theta)`; plus a name and a plot box."""

    dim: int = 2
    name: str = "problem"
    is_quadratic: bool = False
    #: ((lo, hi), ...) per coordinate: a box where the interesting part of the loss lies.
    bounds: tuple[tuple[float, float], ...] = ((-2.0, 2.0), (-2.0, 2.0))
    #: Known minima, for markers on plots.
    minima: tuple[tuple[float, ...], ...] = ()

    def loss(self, theta: np.ndarray) -> float:
        raise NotImplementedError

    def grad(self, theta: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def losses(self, params: np.ndarray) -> np.ndarray:
        """The loss at each row of `params` (shape (K, dim)); subclasses vectorise it."""
        return np.array([self.loss(p) for p in params], dtype=float)

    def theta(self, theta: object, name: str = "theta") -> np.ndarray:
        return check.vector(name, theta, self.dim)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Function(Problem):
    """A closed-form test function f(x) or f(x, y), written once for scalars and grids alike."""

    def f(self, *coords: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def df(self, *coords: np.ndarray) -> tuple[np.ndarray, ...]:
        raise NotImplementedError

    def loss(self, theta: np.ndarray) -> float:
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (self.dim,):
            self.theta(theta)
        return float(self.f(*theta))

    def grad(self, theta: np.ndarray) -> np.ndarray:
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (self.dim,):
            self.theta(theta)
        return np.array(self.df(*theta), dtype=float)

    def losses(self, params: np.ndarray) -> np.ndarray:
        params = np.asarray(params, dtype=float)
        return np.asarray(self.f(*params.T), dtype=float) * np.ones(len(params))

    def loss_grid(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """f over the grid xs × ys, shape (len(ys), len(xs)) as contour() expects."""
        if self.dim != 2:
            raise TypeError(f"loss_grid needs a 2-D problem, got {self!r}")
        X, Y = np.meshgrid(np.asarray(xs, float), np.asarray(ys, float))
        with np.errstate(all="ignore"):
            return self.f(X, Y)


# --- quadratics ---------------------------------------------------------------------------------


class Quadratic(Function):
    """f(θ) = f* + ½ (θ − θ*)ᵀ H (θ − θ*) for a symmetric H; gradient H (θ − θ*)."""

    is_quadratic = True

    def __init__(self, hessian: object, center: object = None, minimum: float = 0.0, name: str = "quadratic"):
        H = np.array(hessian, dtype=float)
        if H.ndim != 2 or H.shape[0] != H.shape[1] or H.shape[0] < 1:
            raise ValueError(f"hessian must be a square matrix, got shape {H.shape}")
        if not np.all(np.isfinite(H)) or not np.allclose(H, H.T):
            raise ValueError(f"hessian must be finite and symmetric, got {H.tolist()}")
        if np.any(np.abs(np.linalg.eigvalsh(H)) < 1e-12 * max(1.0, np.abs(H).max())):
            raise ValueError(f"hessian must be invertible, got {H.tolist()}")
        self.dim = H.shape[0]
        self._H = H
        self._center = np.zeros(self.dim) if center is None else check.vector("center", center, self.dim)
        self._minimum = check.finite("minimum", minimum)
        self.name = name
        self.minima = (tuple(self._center),) if np.all(np.linalg.eigvalsh(H) > 0) else ()
        half = 2.0 * max(1.0, float(np.abs(self._center).max()))
        self.bounds = tuple((c - half, c + half) for c in self._center)

    def f(self, *coords: np.ndarray) -> np.ndarray:
        d = [c - c0 for c, c0 in zip(coords, self._center)]
        total = self._minimum
        for i in range(self.dim):
            for j in range(self.dim):
                total = total + 0.5 * self._H[i, j] * d[i] * d[j]
        return total

    def df(self, *coords: np.ndarray) -> tuple[np.ndarray, ...]:
        d = [c - c0 for c, c0 in zip(coords, self._center)]
        return tuple(sum(self._H[i, j] * d[j] for j in range(self.dim)) for i in range(self.dim))

    def grad(self, theta: np.ndarray) -> np.ndarray:
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (self.dim,):
            self.theta(theta)
        return self._H @ (theta - self._center)

    def hessian(self) -> np.ndarray:
        return self._H.copy()

    def solve(self) -> np.ndarray:
        """The stationary point θ* (the minimum when H is positive definite)."""
        return self._center.copy()

    def min_loss(self) -> float:
        return self._minimum

    def lr_limit(self) -> float:
        """2 / λ_max: plain GD converges for 0 < lr < lr_limit (on a convex quadratic)."""
        return 2.0 / float(np.max(np.abs(np.linalg.eigvalsh(self._H))))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(hessian={self._H.tolist()}, center={self._center.tolist()})"


class Parabola(Quadratic):
    """f(x) = a·(x − c)²: f′(x) = 2a(x − c), f″ = 2a, so plain GD is stable for lr < 2/f″ = 1/a."""

    def __init__(self, a: float = 1.0, c: float = 0.0):
        a = check.positive("a", a)
        c = check.finite("c", c)
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

    def __init__(self, condition: float = 20.0, angle: float = 30.0):
        condition = check.positive("condition", condition)
        if condition < 1:
            raise ValueError(f"condition must be >= 1, got {condition!r}")
        angle = check.finite("angle", angle)
        t = np.deg2rad(angle)
        R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
        H = R @ np.diag([condition, 1.0]) @ R.T
        super().__init__(0.5 * (H + H.T), name=f"bowl, condition number {condition:g}")
        self.condition, self.angle = condition, angle
        self.bounds = ((-3.0, 3.0), (-3.0, 3.0))

    def __repr__(self) -> str:
        return f"Bowl(condition={self.condition!r}, angle={self.angle!r})"


# --- non-convex test functions ---------------------------------------------------------------------


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
        self.a = check.finite("a", a)
        self.b = check.positive("b", b)
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


# --- regressions on data --------------------------------------------------------------------------


class DataProblem(Problem):
    """A loss that is a mean over data points: `loss(theta, idx)` and `grad(theta, idx)` take a batch."""

    def __init__(self, data: Dataset):
        if not isinstance(data, Dataset):
            raise TypeError(f"data must be a gdlab Dataset, got {type(data).__name__}")
        self.data = data
        self.x, self.y = data.x, data.y
        self.n = len(data)

    def predict(self, theta: np.ndarray, x: np.ndarray | None = None) -> np.ndarray:
        """w·x + b at the data's x (or the given x)."""
        w, b = self.theta(theta)
        return w * (self.x if x is None else np.asarray(x, dtype=float)) + b


class LinearRegression(DataProblem):
    """Mean squared error of the line y = w·x + b over the data, a quadratic in θ = (w, b).

    L(w, b) = (1/N) Σ (w·x_i + b − y_i)²
    ∇L = (2/N) Σ r_i·(x_i, 1) with r_i = w·x_i + b − y_i;  H = (2/N) Σ (x_i, 1)ᵀ(x_i, 1).

    Because L is quadratic, the full-data loss and gradient are evaluated exactly as
    L* + ½(θ − θ*)ᵀH(θ − θ*) and H(θ − θ*) around the least-squares θ*: O(1) per step
    whatever N is. A mini-batch (`idx`) is evaluated from its residuals.
    """

    is_quadratic = True
    name = "linear regression (MSE)"

    def __init__(self, data: Dataset):
        super().__init__(data)
        if np.ptp(self.x) == 0:
            raise ValueError(
                f"data.x is constant (every x = {self.x[0]!r}): the least-squares (w, b) is not unique"
            )
        A = np.column_stack([self.x, np.ones(self.n)])
        self._A = A
        self._H = 2.0 / self.n * (A.T @ A)
        self._star = np.linalg.lstsq(A, self.y, rcond=None)[0]
        r = A @ self._star - self.y
        self._min = float(np.mean(r * r))
        self._H_star = self._H @ self._star
        w, b = self._star
        span_w = max(abs(w), 1.0) * 1.6
        span_b = max(abs(b), float(np.ptp(self.y)) / 2, 1.0) * 1.6
        self.bounds = ((w - span_w, w + span_w), (b - span_b, b + span_b))
        self.minima = (tuple(self._star),)

    def loss(self, theta: np.ndarray, idx: np.ndarray | None = None) -> float:
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (2,):
            theta = self.theta(theta)
        if idx is not None:
            r = theta[0] * self.x[idx] + theta[1] - self.y[idx]
            return float(np.mean(r * r))
        d = theta - self._star
        return self._min + 0.5 * float(d @ self._H @ d)

    def grad(self, theta: np.ndarray, idx: np.ndarray | None = None) -> np.ndarray:
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (2,):
            theta = self.theta(theta)
        if idx is not None:
            x = self.x[idx]
            r = theta[0] * x + theta[1] - self.y[idx]
            return np.array([2.0 * np.mean(r * x), 2.0 * np.mean(r)])
        return self._H @ theta - self._H_star

    def losses(self, params: np.ndarray) -> np.ndarray:
        d = np.asarray(params, dtype=float) - self._star
        return self._min + 0.5 * np.sum((d @ self._H) * d, axis=1)

    def residual_loss(self, theta: np.ndarray) -> float:
        """The MSE summed point by point, as the definition reads (for checking the fast form)."""
        r = self.predict(theta) - self.y
        return float(np.mean(r * r))

    def loss_grid(self, ws: np.ndarray, bs: np.ndarray) -> np.ndarray:
        """L over the grid ws × bs, shape (len(bs), len(ws)), in O(grid) whatever N is."""
        W, B = np.meshgrid(np.asarray(ws, float) - self._star[0], np.asarray(bs, float) - self._star[1])
        H = self._H
        with np.errstate(all="ignore"):
            return self._min + 0.5 * (H[0, 0] * W * W + 2.0 * H[0, 1] * W * B + H[1, 1] * B * B)

    def hessian(self) -> np.ndarray:
        return self._H.copy()

    def solve(self) -> np.ndarray:
        """The least-squares (w, b): the exact minimiser of the MSE."""
        return self._star.copy()

    def min_loss(self) -> float:
        return self._min

    def lr_limit(self) -> float:
        """2 / λ_max of the Hessian: plain GD converges for 0 < lr < lr_limit and diverges above."""
        return 2.0 / float(np.linalg.eigvalsh(self._H)[-1])

    def condition_number(self) -> float:
        ev = np.linalg.eigvalsh(self._H)
        return float(ev[-1] / ev[0])

    def __repr__(self) -> str:
        return f"LinearRegression({self.n} points)"


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), written as ½(1 + tanh(z/2)) so that it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


class LogisticRegression(DataProblem):
    """Mean binary cross-entropy of p = σ(w·x + b) against labels y ∈ {0, 1}.

    L(w, b) = (1/N) Σ [log(1 + e^(z_i)) − y_i·z_i], z_i = w·x_i + b   (stable for any |z|)
    ∇L = (1/N) Σ (σ(z_i) − y_i)·(x_i, 1)
    """

    name = "logistic regression (cross-entropy)"

    def __init__(self, data: Dataset):
        super().__init__(data)
        bad = np.flatnonzero((self.y != 0) & (self.y != 1))
        if bad.size:
            raise ValueError(f"data.y must be labels 0 or 1, got {self.y[bad[0]]!r} at index {bad[0]}")
        scale = 4.0 / max(float(np.ptp(self.x)), 1e-12) * 3
        mid = float(np.mean(self.x))
        self.bounds = ((-scale, scale), (-scale * max(abs(mid), 1.0) - 3, scale * max(abs(mid), 1.0) + 3))

    def _z(self, theta: np.ndarray, idx: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (2,):
            theta = self.theta(theta)
        x = self.x if idx is None else self.x[idx]
        y = self.y if idx is None else self.y[idx]
        return theta[0] * x + theta[1], x, y

    def loss(self, theta: np.ndarray, idx: np.ndarray | None = None) -> float:
        z, _, y = self._z(theta, idx)
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    def grad(self, theta: np.ndarray, idx: np.ndarray | None = None) -> np.ndarray:
        z, x, y = self._z(theta, idx)
        r = sigmoid(z) - y
        return np.array([np.mean(r * x), np.mean(r)])

    def loss_grid(self, ws: np.ndarray, bs: np.ndarray) -> np.ndarray:
        """L over the grid ws × bs, shape (len(bs), len(ws))."""
        W, B = np.meshgrid(np.asarray(ws, float), np.asarray(bs, float))
        z = W[..., None] * self.x + B[..., None]
        return np.mean(np.logaddexp(0.0, z) - self.y * z, axis=-1)

    def losses(self, params: np.ndarray) -> np.ndarray:
        params = np.asarray(params, dtype=float)
        out = np.empty(len(params))
        chunk = max(1, 2_000_000 // self.n)  # bound the (K, N) temporary
        for i in range(0, len(params), chunk):
            p = params[i : i + chunk]
            z = p[:, :1] * self.x + p[:, 1:]
            out[i : i + chunk] = np.mean(np.logaddexp(0.0, z) - self.y * z, axis=1)
        return out

    def predict_proba(self, theta: np.ndarray, x: np.ndarray | None = None) -> np.ndarray:
        """σ(w·x + b): the model's probability that y = 1."""
        return sigmoid(self.predict(theta, x))

    def accuracy(self, theta: np.ndarray) -> float:
        return float(np.mean((self.predict(theta) > 0) == (self.y == 1)))

    def __repr__(self) -> str:
        return f"LogisticRegression({self.n} points)"
