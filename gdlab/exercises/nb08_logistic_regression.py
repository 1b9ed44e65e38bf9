"""The exercises of notebooks/08_logistic_regression.ipynb, whose cells state the prompts."""

from __future__ import annotations

import math

import numpy as np

from ..data import Dataset, make_logistic_data
from ..problems import LogisticRegression
from .checker import register


def _logistic_course_data() -> Dataset:
    """The labels notebook 08 uses: 100 points with P(y = 1) = σ(2x − 1), seed 0."""

    return make_logistic_data(n=100, w=2.0, b=-1.0, seed=0)


_W08, _B08 = 3.0, -6.0  # the model of exercises 08.1 and 08.2


def _sigmoid(z: float) -> float:
    return float(0.5 * (1.0 + math.tanh(0.5 * z)))


register(
    "08.1",
    lambda _: _sigmoid(_W08 * 1.5 + _B08),
    "First z = w·x + b, then squash it: σ(z) = 1/(1 + e^(−z)) (`gd.sigmoid(z)`).",
    rtol=1e-3,
    mistakes=[
        (lambda _: _W08 * 1.5 + _B08, "That is z = w·x + b, a score on the whole real line; σ "
                                    "squashes it into (0, 1)."),
        (lambda _: 1.0 - _sigmoid(_W08 * 1.5 + _B08), "That is P(y = 0); σ(z) is the probability of y = 1."),
    ],
    explain="σ(−1.5) ≈ 0.18: x = 1.5 lies half a unit short of the boundary at x = 2, on the "
            "y = 0 side.",
)

register(
    "08.2",
    lambda _: -_B08 / _W08,
    "σ(z) = 0.5 exactly when z = 0: solve w·x + b = 0.",
    mistakes=[(lambda _: _B08 / _W08, "Check the sign: 3x − 6 = 0.")],
    explain="x = −b/w = 2. Gradient descent moves this point (and sharpens the curve around it) "
            "as it changes w and b.",
)


def _logistic_grad_at_zero(data: Dataset) -> np.ndarray:

    return LogisticRegression(data).grad(np.zeros(2))


register(
    "08.3",
    _logistic_grad_at_zero,
    "At (0, 0) every p_i = σ(0) = 0.5, and ∇L = (1/N)·Σ (p_i − y_i)·(x_i, 1). With numpy: "
    "`((0.5 - data.y) * data.x).mean()`.",
    kind="vector",
    rtol=1e-3,
    atol=1e-9,
    answer_format="a list [dL/dw, dL/db]",
    default_data=_logistic_course_data,
    mistakes=[
        (lambda d: 2 * _logistic_grad_at_zero(d), "Twice the answer: that factor 2 belongs to the "
                                                   "MSE's r²; the cross-entropy has none."),
        (lambda d: -_logistic_grad_at_zero(d), "The sign is flipped: the gradient has p − y, not "
                                               "y − p."),
        (lambda d: _logistic_grad_at_zero(d)[::-1], "Right numbers, wrong order: [∂L/∂w, ∂L/∂b]."),
    ],
    explain="The same form as linear regression's gradient, with p − y in place of the residual: "
            "that is why cross-entropy is the natural loss for a sigmoid.",
)


def _first_perfect_step(_: object) -> int:
    """The first step at which GD (lr 1) classifies all of notebook 08's separable points right."""
    import gdlab as gd

    sep = gd.make_logistic_data(n=40, separable=True, seed=0)
    problem = gd.LogisticRegression(sep)
    traj = gd.run(problem, gd.sgd(1.0), [0.0, 0.0], 1000)
    return next(k for k, theta in enumerate(traj.params) if problem.accuracy(theta) == 1.0)


register(
    "08.4",
    _first_perfect_step,
    "`gd.LogisticRegression(separable).accuracy(theta)` is the share classified correctly; look "
    "for the first k where it is 1.0 in `traj.params[k]`.",
    kind="integer",
    atol=0.0,
    explain="From then on every point is on the right side of the boundary, yet the loss keeps "
            "falling and w keeps growing: the model only grows more certain of what it already "
            "gets right.",
)
