"""Losses on data: the mean squared error of a line (a quadratic) and logistic regression's cross-entropy.

Both are means over data points, so `loss(theta, idx)` and `grad(theta, idx)` also take a
mini-batch of indices (what `run(..., batch_size=...)` uses); theta is (w, b).
"""

from __future__ import annotations

import numpy as np

from .. import _checks as check
from ..data import Dataset
from .base import Problem
from .quadratic import QuadraticForm


class DataProblem(Problem):
    """A loss that is a mean over data points: `loss(theta, idx)` and `grad(theta, idx)` take a batch."""

    def __init__(self, data: Dataset):
        if not isinstance(data, Dataset):
            raise TypeError(f"data must be a gdlab Dataset, got {type(data).__name__}")
        self.data = data
        self.x, self.y = data.x, data.y
        self.n = len(data)

    def _batch(self, idx: object) -> np.ndarray:
        """A mini-batch: indices into the data (what `run` passes goes straight through)."""
        if isinstance(idx, np.ndarray) and idx.dtype.kind in "iu":
            return idx
        arr = np.asarray(idx) if not isinstance(idx, (str, bytes)) else np.asarray([])
        if arr.dtype.kind not in "iu" or arr.ndim != 1 or arr.size == 0:
            raise TypeError(f"idx must be a 1-D array of point indices, got {check.show(idx)}")
        if arr.min() < 0 or arr.max() >= self.n:
            raise ValueError(f"idx must be indices in 0..{self.n - 1}, got {check.show(idx)}")
        return arr

    def _grid(self, ws: object, bs: object) -> tuple[np.ndarray, np.ndarray]:
        return check.numbers_array("ws", ws), check.numbers_array("bs", bs)

    def predict(self, theta: np.ndarray, x: np.ndarray | None = None) -> np.ndarray:
        """w·x + b at the data's x (or the given x)."""
        w, b = self.theta(theta)
        return w * (self.x if x is None else check.numbers_array("x", x)) + b


class LinearRegression(QuadraticForm, DataProblem):
    """Mean squared error of the line y = w·x + b over the data, a quadratic in θ = (w, b).

    L(w, b) = (1/N) Σ (w·x_i + b − y_i)²
    ∇L = (2/N) Σ r_i·(x_i, 1) with r_i = w·x_i + b − y_i;  H = (2/N) Σ (x_i, 1)ᵀ(x_i, 1).

    Because L is quadratic, the full-data loss and gradient are evaluated exactly as
    L* + ½(θ − θ*)ᵀH(θ − θ*) and H(θ − θ*) around the least-squares θ*: O(1) per step
    whatever N is. A mini-batch (`idx`) is evaluated from its residuals.
    """

    name = "linear regression (MSE)"

    def __init__(self, data: Dataset):
        super().__init__(data)
        if np.ptp(self.x) == 0:
            raise ValueError(
                f"data.x is constant (every x = {check.show(self.x[0])}): "
                "the least-squares (w, b) is not unique"
            )
        for name, v in (("data.x", self.x), ("data.y", self.y)):
            if np.abs(v).max() > 1e100:  # x² and y² enter the loss: beyond this they overflow
                raise ValueError(f"{name} has values up to {np.abs(v).max():g}; at most 1e100 can be "
                                 "squared safely: rescale the data (e.g. Dataset.standardized())")
        A = np.column_stack([self.x, np.ones(self.n)])
        star = np.linalg.lstsq(A, self.y, rcond=None)[0]
        r = A @ star - self.y
        self._set_form(2.0 / self.n * (A.T @ A), star, float(np.mean(r * r)))
        w, b = star
        span_w = max(abs(w), 1.0) * 1.6
        span_b = max(abs(b), float(np.ptp(self.y)) / 2, 1.0) * 1.6
        self.bounds = ((w - span_w, w + span_w), (b - span_b, b + span_b))
        self.minima = (tuple(star),)

    def loss(self, theta: np.ndarray, idx: np.ndarray | None = None) -> float:
        if idx is None:
            return super().loss(theta)
        theta, idx = self._point(theta), self._batch(idx)
        r = theta[0] * self.x[idx] + theta[1] - self.y[idx]
        return float(np.mean(r * r))

    def grad(self, theta: np.ndarray, idx: np.ndarray | None = None) -> np.ndarray:
        if idx is None:
            return super().grad(theta)
        theta, idx = self._point(theta), self._batch(idx)
        x = self.x[idx]
        r = theta[0] * x + theta[1] - self.y[idx]
        return np.array([2.0 * np.mean(r * x), 2.0 * np.mean(r)])

    def residual_loss(self, theta: np.ndarray) -> float:
        """The MSE summed point by point, as the definition reads (for checking the fast form)."""
        r = self.predict(theta) - self.y
        return float(np.mean(r * r))

    def loss_grid(self, ws: np.ndarray, bs: np.ndarray) -> np.ndarray:
        """L over the grid ws × bs, shape (len(bs), len(ws)), in O(grid) whatever N is."""
        ws, bs = self._grid(ws, bs)
        W, B = np.meshgrid(ws - self._star[0], bs - self._star[1])
        H = self._H
        with np.errstate(all="ignore"):
            return self._min + 0.5 * (H[0, 0] * W * W + 2.0 * H[0, 1] * W * B + H[1, 1] * B * B)

    def __repr__(self) -> str:
        return f"LinearRegression({self.n} points)"


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), written as ½(1 + tanh(z/2)) so that it never overflows."""
    return _sigmoid(check.numbers_array("z", z))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


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
            raise ValueError(f"data.y must be labels 0 or 1, got {check.show(self.y[bad[0]])} "
                             f"at index {bad[0]}")
        scale = 4.0 / max(float(np.ptp(self.x)), 1e-12) * 3
        mid = float(np.mean(self.x))
        self.bounds = ((-scale, scale), (-scale * max(abs(mid), 1.0) - 3, scale * max(abs(mid), 1.0) + 3))

    def _z(self, theta: np.ndarray, idx: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        theta = self._point(theta)
        if idx is not None:
            idx = self._batch(idx)
        x = self.x if idx is None else self.x[idx]
        y = self.y if idx is None else self.y[idx]
        return theta[0] * x + theta[1], x, y

    def loss(self, theta: np.ndarray, idx: np.ndarray | None = None) -> float:
        z, _, y = self._z(theta, idx)
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    def grad(self, theta: np.ndarray, idx: np.ndarray | None = None) -> np.ndarray:
        z, x, y = self._z(theta, idx)
        r = _sigmoid(z) - y
        return np.array([np.mean(r * x), np.mean(r)])

    def loss_grid(self, ws: np.ndarray, bs: np.ndarray) -> np.ndarray:
        """L over the grid ws × bs, shape (len(bs), len(ws))."""
        W, B = np.meshgrid(*self._grid(ws, bs))
        z = W[..., None] * self.x + B[..., None]
        return np.mean(np.logaddexp(0.0, z) - self.y * z, axis=-1)

    def losses(self, params: np.ndarray) -> np.ndarray:
        params = self._params(params)
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

    def lr_limit(self) -> float:
        """8/λ_max of mean((x, 1)ᵀ(x, 1)): cross-entropy's Hessian is at most ¼ of that matrix,
        so below this rate plain GD is stable everywhere, not only near the minimum."""
        A = np.column_stack([self.x, np.ones(self.n)])
        return 8.0 / float(np.linalg.eigvalsh(A.T @ A / self.n)[-1])

    def accuracy(self, theta: np.ndarray) -> float:
        return float(np.mean((self.predict(theta) > 0) == (self.y == 1)))

    def __repr__(self) -> str:
        return f"LogisticRegression({self.n} points)"
