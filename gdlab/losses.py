"""Loss functions of a prediction and a target, with their gradients with respect to the prediction.

Each loss takes `pred` and `target` (numbers or arrays of the same shape) and a `reduction`,
as torch.nn.functional does: "mean" (the default) averages the per-point losses, "sum" adds
them, "none" returns them point by point. Its `_grad` partner returns ∂loss/∂pred with the
shape of `pred`: for "mean" that is the per-point derivative divided by N.

    >>> import numpy as np
    >>> mse(np.array([1.0, 3.0]), np.array([0.0, 0.0]))
    5.0
    >>> mse_grad(np.array([1.0, 3.0]), np.array([0.0, 0.0]))
    array([1., 3.])

The chain rule then gives any model's gradient: for ŷ = w·x + b, ∂L/∂w = Σ ∂L/∂ŷ_i · x_i and
∂L/∂b = Σ ∂L/∂ŷ_i (`chain_linear`).
"""

from __future__ import annotations

import numpy as np

from . import _checks as check
from .problems import sigmoid

REDUCTIONS = ("mean", "sum", "none")


# --- regression losses: of the residual r = pred − target ---------------------------------------


def mse(pred: object, target: object, reduction: str = "mean") -> float | np.ndarray:
    """Mean squared error: ℓ = (ŷ − y)²."""
    p, y = _pair(pred, target)
    return _reduce((p - y) ** 2, reduction)


def mse_grad(pred: object, target: object, reduction: str = "mean") -> np.ndarray:
    """∂/∂ŷ of `mse`: 2(ŷ − y) per point."""
    p, y = _pair(pred, target)
    return _scale(2.0 * (p - y), reduction)


def mae(pred: object, target: object, reduction: str = "mean") -> float | np.ndarray:
    """Mean absolute error: ℓ = |ŷ − y|."""
    p, y = _pair(pred, target)
    return _reduce(np.abs(p - y), reduction)


def mae_grad(pred: object, target: object, reduction: str = "mean") -> np.ndarray:
    """∂/∂ŷ of `mae`: sign(ŷ − y) per point, 0 where ŷ = y (as torch's L1 loss)."""
    p, y = _pair(pred, target)
    return _scale(np.sign(p - y), reduction)


def huber(
    pred: object, target: object, delta: float = 1.0, reduction: str = "mean"
) -> float | np.ndarray:
    """Huber loss (torch's HuberLoss): ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond; r = ŷ − y.

    Quadratic near the target like MSE, linear far from it like MAE, so outliers pull with a
    force of at most δ.
    """
    p, y = _pair(pred, target)
    delta = check.positive("delta", delta)
    a = np.abs(p - y)
    return _reduce(np.where(a <= delta, 0.5 * a * a, delta * (a - 0.5 * delta)), reduction)


def huber_grad(
    pred: object, target: object, delta: float = 1.0, reduction: str = "mean"
) -> np.ndarray:
    """∂/∂ŷ of `huber`: r clipped to [−δ, δ] per point."""
    p, y = _pair(pred, target)
    delta = check.positive("delta", delta)
    return _scale(np.clip(p - y, -delta, delta), reduction)


# --- classification losses: a probability (or a logit) against a label in [0, 1] ----------------


def binary_cross_entropy(
    prob: object, target: object, reduction: str = "mean"
) -> float | np.ndarray:
    """Binary cross-entropy of a probability p = P(y = 1): ℓ = −[y·log p + (1 − y)·log(1 − p)].

    As torch's binary_cross_entropy, each log is clamped at −100, so p = 0 or 1 gives a large
    finite loss rather than infinity.
    """
    p, y = _pair(prob, target, "prob")
    _probabilities(p, y)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100.0)
        log_q = np.maximum(np.log1p(-p), -100.0)
    return _reduce(-(y * log_p + (1.0 - y) * log_q), reduction)


def binary_cross_entropy_grad(prob: object, target: object, reduction: str = "mean") -> np.ndarray:
    """∂/∂p of `binary_cross_entropy`: (p − y) / (p(1 − p)) per point (p kept off 0 and 1)."""
    p, y = _pair(prob, target, "prob")
    _probabilities(p, y)
    q = np.clip(p, 1e-12, 1.0 - 1e-12)
    return _scale((p - y) / (q * (1.0 - q)), reduction)


def binary_cross_entropy_with_logits(
    logit: object, target: object, reduction: str = "mean"
) -> float | np.ndarray:
    """Cross-entropy of p = σ(z) written in the logit z, without overflow: ℓ = log(1 + eᶻ) − y·z."""
    z, y = _pair(logit, target, "logit")
    _labels(y)
    return _reduce(np.logaddexp(0.0, z) - y * z, reduction)


def binary_cross_entropy_with_logits_grad(
    logit: object, target: object, reduction: str = "mean"
) -> np.ndarray:
    """∂/∂z of the cross-entropy with logits: σ(z) − y per point, never vanishing while wrong."""
    z, y = _pair(logit, target, "logit")
    _labels(y)
    return _scale(sigmoid(z) - y, reduction)


# --- putting a loss under a model ----------------------------------------------------------------


def chain_linear(dloss_dpred: object, x: object) -> np.ndarray:
    """The chain rule through ŷ = w·x + b: (∂L/∂w, ∂L/∂b) = (Σ gᵢ·xᵢ, Σ gᵢ) for gᵢ = ∂L/∂ŷᵢ."""
    g, x = _pair(dloss_dpred, x, "dloss_dpred", "x")
    return np.array([float(np.sum(g * x)), float(np.sum(g))])


#: name → (loss, gradient) for the regression losses, in the order the notebooks plot them.
REGRESSION = {"MSE": (mse, mse_grad), "MAE": (mae, mae_grad), "Huber": (huber, huber_grad)}


# --- helpers -------------------------------------------------------------------------------------


def _pair(
    a: object, b: object, a_name: str = "pred", b_name: str = "target"
) -> tuple[np.ndarray, np.ndarray]:
    arrays = []
    for name, value in ((a_name, a), (b_name, b)):
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(
                f"{name} must be a number or an array of numbers, got {value!r:.60}"
            ) from None
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite, got {value!r:.60}")
        arrays.append(arr)
    if arrays[0].shape != arrays[1].shape:
        raise ValueError(
            f"{a_name} and {b_name} must have the same shape, "
            f"got {arrays[0].shape} and {arrays[1].shape}"
        )
    return arrays[0], arrays[1]


def _check_reduction(reduction: object) -> str:
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")
    return reduction  # type: ignore[return-value]


def _reduce(per_point: np.ndarray, reduction: str) -> float | np.ndarray:
    reduction = _check_reduction(reduction)
    if reduction == "none":
        return per_point
    total = float(np.sum(per_point))
    return total / max(per_point.size, 1) if reduction == "mean" else total


def _scale(per_point: np.ndarray, reduction: str) -> np.ndarray:
    reduction = _check_reduction(reduction)
    if reduction == "mean":
        return per_point / max(per_point.size, 1)
    return per_point


def _labels(y: np.ndarray) -> None:
    if np.any((y < 0) | (y > 1)):
        raise ValueError(f"target must be labels in [0, 1], got values from {y.min()} to {y.max()}")


def _probabilities(p: np.ndarray, y: np.ndarray) -> None:
    if np.any((p < 0) | (p > 1)):
        raise ValueError(
            f"prob must be probabilities in [0, 1], got values from {p.min()} to {p.max()} "
            "(pass logits to binary_cross_entropy_with_logits)"
        )
    _labels(y)
