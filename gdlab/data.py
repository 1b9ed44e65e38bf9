"""Data sets: the seed's linear model with per-point noise, the seed listing's 16 points, labelled points.

Files are read by `gdlab.csv_data.load_csv`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import _checks as check

TRUE_W = 1.477
TRUE_B = 0.089


@dataclass(frozen=True)
class Dataset:
    """Points (x_i, y_i) as read-only 1-D float arrays, with the true parameters when known."""

    x: np.ndarray
    y: np.ndarray
    true_w: float | None = None
    true_b: float | None = None
    name: str = field(default="data", compare=False)

    def __post_init__(self) -> None:
        x = check.data_array("x", self.x)
        y = check.data_array("y", self.y)
        object.__setattr__(self, "true_w", check.optional_finite("true_w", self.true_w))
        object.__setattr__(self, "true_b", check.optional_finite("true_b", self.true_b))
        object.__setattr__(self, "name", check.text("name", self.name))
        if x.shape != y.shape:
            raise ValueError(f"x and y must have the same length, got {x.size} and {y.size}")
        x.flags.writeable = False
        y.flags.writeable = False
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)

    def __len__(self) -> int:
        return int(self.x.size)

    def standardized(self) -> Dataset:
        """The same points with x rescaled to mean 0 and standard deviation 1 (feature scaling)."""
        sd = float(self.x.std())
        if sd == 0:
            raise ValueError("x is constant: it cannot be standardized")
        return Dataset((self.x - self.x.mean()) / sd, self.y, name=f"{self.name}, x standardized")


def make_linear_data(
    *,
    n: int = 100,
    w: float = TRUE_W,
    b: float = TRUE_B,
    noise_mean: float = 0.01,
    noise_std: float = 1.0,
    x_range: tuple[float, float] = (0.0, 15.0),
    seed: int | None = None,
) -> Dataset:
    """n points y_i = w·x_i + b + ε_i, ε_i ~ N(noise_mean, noise_std²) drawn per point.

    x is evenly spaced over `x_range`. This is the seed article's model with its defect fixed:
    the listing drew one ε and added it to every point.

    >>> data = make_linear_data(n=100, seed=0)
    >>> len(data), data.true_w
    (100, 1.477)
    """
    n = _size(n)
    w = check.finite("w", w)
    b = check.finite("b", b)
    noise_mean = check.finite("noise_mean", noise_mean)
    noise_std = check.non_negative("noise_std", noise_std)
    lo, hi = _range("x_range", x_range)
    rng = np.random.default_rng(check.seed("seed", seed))
    x = np.linspace(lo, hi, n)
    with np.errstate(all="ignore"):
        y = w * x + b + rng.normal(noise_mean, noise_std, size=n)
    for name, value in (("w", w), ("b", b), ("noise_mean", noise_mean), ("noise_std", noise_std)):
        if abs(value) > 1e150:
            check.finite_result(name, y, "y = w·x + b + noise")
    check.finite_result("x_range", y, "y = w·x + b + noise")
    return Dataset(x, y, true_w=w, true_b=b, name=f"{n} points, y = {w}x + {b} + noise")


def seed_points(seed: int | None = None) -> Dataset:
    """The 16 points the seed listing's `data()` makes after `np.random.seed(seed)`, bit for bit.

    Defect included: one noise value e is drawn and added to every point, so the points lie
    exactly on the line y = 1.477x + (0.089 + e).
    """
    # RandomState(seed) draws the same numbers as np.random.seed(seed) without touching the
    # global generator.
    e = np.random.RandomState(check.seed("seed", seed)).normal(0.01, 1, 1)
    points = [[x, (1.477 * x + 0.089 + e)[0]] for x in range(16)]
    arr = np.array(points)
    return Dataset(arr[:, 0], arr[:, 1], true_w=TRUE_W, true_b=TRUE_B, name="the seed listing's 16 points")


def make_logistic_data(
    *,
    n: int = 100,
    w: float = 2.0,
    b: float = -1.0,
    x_range: tuple[float, float] = (-3.0, 3.0),
    separable: bool = False,
    seed: int | None = None,
) -> Dataset:
    """n labels y_i ∈ {0, 1} with P(y_i = 1) = σ(w·x_i + b); `separable` labels by the sign instead.

    x is drawn uniformly over `x_range`, sorted.
    """
    n = _size(n)
    w = check.finite("w", w)
    b = check.finite("b", b)
    separable = check.boolean("separable", separable)
    lo, hi = _range("x_range", x_range)
    rng = np.random.default_rng(check.seed("seed", seed))
    x = np.sort(rng.uniform(lo, hi, size=n))
    with np.errstate(all="ignore"):
        z = w * x + b
    check.finite_result("w" if abs(w) >= abs(b) else "b", z, "the score w·x + b")
    if separable:
        y = (z > 0).astype(float)
    else:
        y = (rng.uniform(size=n) < 0.5 * (1.0 + np.tanh(0.5 * z))).astype(float)
    kind = "separable" if separable else "noisy"
    return Dataset(x, y, true_w=w, true_b=b, name=f"{n} {kind} labels, P(y=1) = σ({w}x + {b})")


def _size(n: object) -> int:
    n = check.integer("n", n, minimum=2)
    check.memory("n", n, 4 * 8.0 * n, "use fewer points")  # x, y and two temporaries
    return n


def _range(name: str, value: object) -> tuple[float, float]:
    try:
        lo, hi = value  # type: ignore[misc]
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair (low, high), got {value!r}") from None
    lo, hi = check.finite(f"{name}[0]", lo), check.finite(f"{name}[1]", hi)
    if not lo < hi:
        raise ValueError(f"{name} must have low < high, got {value!r}")
    check.finite_result(name, hi - lo, "its width high − low")
    return lo, hi
