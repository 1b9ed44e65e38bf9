"""Softmax regression: ten classes instead of two, on the handwritten digits.

Logistic regression (notebook 08) scores one class with w·x + b; softmax regression scores
each of the ten digits with its own row of weights and turns the ten scores into
probabilities. Same mean-over-data shape as the other data problems, so `run` (mini-batches
included) and every optimizer work on it unchanged.
"""

from __future__ import annotations

import numpy as np

from ..datasets.digits import SIDE, Digits
from .regression import DataProblem


def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """log softmax along `axis`, z − log Σ e^z, computed as z − m − log Σ e^(z − m) with m = max z.

    Subtracting the largest score first keeps every exponent ≤ 0, so nothing overflows, and
    the log of the sum is at least 0 (the largest term is e⁰ = 1): finite whenever the scores
    differ by less than the largest float, 1.8e308 (±1e300 do); beyond, −inf and no warning.

    >>> log_softmax(np.array([1e300, -1e300, 0.0])).tolist()
    [0.0, -2e+300, -1e+300]
    """
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):  # only |z| > 1e308 overflows: → inf, not a warning
        shifted = z - z.max(axis=axis, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _cross_entropies(z: np.ndarray, y: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """log Σ_c e^(z_c) − z_y for scores z of shape (K, 10, n) (overwritten), labels y (n,): (K, n)."""
    with np.errstate(over="ignore", invalid="ignore"):
        picked = z[:, y, rows]
        m = z.max(axis=1)
        z -= m[:, None, :]
        np.exp(z, out=z)
        lse = np.log(z.sum(axis=1))
        lse += m
        lse -= picked
    return lse


class SoftmaxRegression(DataProblem):
    """Mean cross-entropy of softmax(W·x + b) against labels 0..9: 64 inputs + bias → 10 classes.

    θ has 650 entries: the 10 × 64 weights W row by row, then the 10 biases b, so
    θ[64·c + j] = W[c, j] (class c, pixel j of the image read row by row) and θ[640 + c] = b[c].
    `unpack(θ)` gives (W, b), `pack(W, b)` gives θ, `weights(θ)` the rows of W as 8×8 images.

    z_i = W x_i + b,   p_i = softmax(z_i),   L(θ) = (1/N) Σ_i [log Σ_c e^(z_ic) − z_(i,y_i)]
    ∇_W L = (1/N) Σ_i (p_i − e_(y_i)) x_iᵀ,   ∇_b L = (1/N) Σ_i (p_i − e_(y_i))

    (e_y is the one-hot vector of label y; with two classes this is logistic regression.) Both
    subtract each image's largest score before exponentiating (see `log_softmax`), so scores
    such as ±1e300 give a finite loss and gradient and no warning. `loss(θ, idx)` and
    `grad(θ, idx)` use the examples at `idx` only.

    >>> train, test = gd.load_digits().split()
    >>> problem = gd.SoftmaxRegression(train)
    >>> problem.dim, round(problem.loss(np.zeros(650)), 4)   # uniform guesses: log 10
    (650, 2.3026)
    """

    name = "softmax regression (cross-entropy)"
    bounds = ()  # no plot box: the loss lives in 650 dimensions
    minima = ()

    def __init__(self, data: Digits):
        if not isinstance(data, Digits):
            raise TypeError(f"data must be handwritten digits from gd.load_digits(), "
                            f"got {type(data).__name__}")
        self.data = data
        self.X, self.labels = data.X, data.labels
        self.n = len(data)
        self.classes, self.features = data.n_classes, self.X.shape[1]
        self.dim = self.classes * (self.features + 1)
        self._rows = np.arange(self.n)
        self._XT = np.ascontiguousarray(self.X.T)  # (64, N): W @ Xᵀ is faster from contiguous rows
        self._onehot = np.zeros((self.classes, self.n))
        self._onehot[self.labels, self._rows] = 1.0

    # --- θ and the model ------------------------------------------------------------------------

    def unpack(self, theta: object) -> tuple[np.ndarray, np.ndarray]:
        """(W, b): the weights (10, 64) and the biases (10,) in θ (views, not copies)."""
        theta = self._point(theta)
        k = self.classes * self.features
        return theta[:k].reshape(self.classes, self.features), theta[k:]

    def pack(self, W: object, b: object) -> np.ndarray:
        """θ from the weights W (10, 64) and the biases b (10,): the inverse of `unpack`."""
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
        if W.shape != (self.classes, self.features) or b.shape != (self.classes,):
            raise ValueError(f"W must have shape ({self.classes}, {self.features}) and b ({self.classes},), "
                             f"got {W.shape} and {b.shape}")
        return self.theta(np.concatenate([W.ravel(), b]))

    def weights(self, theta: object) -> np.ndarray:
        """Each class's weights as an 8×8 image, shape (10, 8, 8): what the model looks for."""
        return self.unpack(theta)[0].reshape(self.classes, SIDE, SIDE).copy()

    def scores(self, theta: object, X: object = None) -> np.ndarray:
        """The ten scores z = W·x + b of each image, shape (n, 10) (default: the training images)."""
        W, b = self.unpack(theta)
        return (W @ self._inputs(X).T + b[:, None]).T

    def probabilities(self, theta: object, X: object = None) -> np.ndarray:
        """softmax(z): each image's probability of being each digit, shape (n, 10); rows sum to 1."""
        return np.exp(log_softmax(self.scores(theta, X), axis=1))

    def predict(self, theta: object, X: object = None) -> np.ndarray:
        """The digit with the highest score for each image (default: the training images)."""
        return np.argmax(self.scores(theta, X), axis=1)

    def accuracy(self, theta: object, data: Digits | None = None) -> float:
        """The share of `data` (default: the training data) whose digit is predicted right."""
        data = self.data if data is None else data
        if not isinstance(data, Digits):
            raise TypeError(f"data must be handwritten digits (such as the test part), "
                            f"got {type(data).__name__}")
        return float(np.mean(self.predict(theta, data.X) == data.labels))

    def _inputs(self, X: object) -> np.ndarray:
        if X is None:
            return self.X
        if isinstance(X, Digits):
            return X.X
        X = np.asarray(X, dtype=float)
        if X.ndim == 3 and X.shape[1:] == (SIDE, SIDE):
            raise ValueError("X must be images flattened to rows of 64 pixels in [0, 1] "
                             "(use digits.X, not digits.images)")
        if X.ndim != 2 or X.shape[1] != self.features:
            raise ValueError(f"X must have shape (n, {self.features}), got {X.shape}")
        return X

    # --- loss and gradient ------------------------------------------------------------------------

    def loss(self, theta: np.ndarray, idx: np.ndarray | None = None) -> float:
        XT, y, rows = self._batch(idx)
        W, b = self.unpack(theta)
        z = (W @ XT)[None]
        z += b[None, :, None]
        return float(np.mean(_cross_entropies(z, y, rows)))

    def grad(self, theta: np.ndarray, idx: np.ndarray | None = None) -> np.ndarray:
        XT, y, rows = self._batch(idx)
        W, b = self.unpack(theta)
        # Scores as (10, n), class by class: the reductions over the ten classes then run along
        # contiguous rows of n, many times faster than over the short last axis of (n, 10).
        r = W @ XT
        r += b[:, None]
        with np.errstate(over="ignore"):  # only scores beyond ±1e308 overflow here (to −inf: e⁻ᶦⁿᶠ = 0)
            r -= r.max(axis=0)
        np.exp(r, out=r)
        r /= r.sum(axis=0)  # p_i by columns; then p_i − e_(y_i)
        if idx is None:
            r -= self._onehot
        else:
            r[y, rows] -= 1.0
        out = np.empty(self.dim)
        k = self.classes * self.features
        out[:k] = (r @ XT.T).ravel()
        out[k:] = r.sum(axis=1)
        out /= len(y)
        return out

    def losses(self, params: np.ndarray) -> np.ndarray:
        """L at each row of `params` (K, 650), 64 rows per matrix product."""
        params = np.asarray(params, dtype=float)
        out = np.empty(len(params))
        k, c = self.classes * self.features, self.classes
        # (64, 10, N) temporaries, ~7 MB for N = 1347. Fewer, larger products than 16 rows at a
        # time cost ~10% alone but halve the time where a multi-threaded BLAS shares busy cores.
        for i in range(0, len(params), 64):
            p = params[i : i + 64]
            z = (p[:, :k].reshape(len(p) * c, self.features) @ self._XT).reshape(len(p), c, self.n)
            z += p[:, k:, None]
            out[i : i + 64] = np.mean(_cross_entropies(z, self.labels, self._rows), axis=1)
        return out

    def _batch(self, idx: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(Xᵀ, labels, 0..n−1) of the batch: pixels by rows of images, as the products want them."""
        if idx is None:
            return self._XT, self.labels, self._rows
        return self.X[idx].T, self.labels[idx], np.arange(len(idx))

    # --- the contract: min_loss, lr_limit -----------------------------------------------------------

    def min_loss(self) -> None:
        """None: no closed form gives the lowest loss. (Where a linear rule classifies every
        training image right, there is no minimum at all: the loss falls towards 0 as θ grows.)"""
        return None

    def lr_limit(self) -> float:
        """4/λ_max of mean(a aᵀ) with a = (x, 1): below it plain GD is stable from any θ.

        The Hessian is H = (1/N) Σ_i (a_i a_iᵀ) ⊗ S_i with S_i = diag(p_i) − p_i p_iᵀ. For a
        unit vector u, uᵀS_i u is the variance of u's entries under p_i, at most
        (max u − min u)²/4 ≤ ½; so H ⪯ ½ (AᵀA/N) ⊗ I everywhere, λ_max(H) ≤ ½ λ_max(AᵀA/N),
        and GD on this convex loss lowers it at every step for lr < 2/λ_max(H). The bound is
        the softmax version of logistic regression's 8/λ_max (there σ′ ≤ ¼ in place of ½).
        """
        A = np.column_stack([self.X, np.ones(self.n)])
        return 4.0 / float(np.linalg.eigvalsh(A.T @ A / self.n)[-1])

    def __repr__(self) -> str:
        return f"SoftmaxRegression({self.n} images, {self.classes} classes)"
