"""The exercises of notebooks/08_logistic_regression.ipynb (its cells state the prompts).

The model p = σ(w·x + b) with σ(z) = 1/(1 + e^(−z)), the cross-entropy's gradient
∇L = (1/N)·Σ (p_i − y_i)·(x_i, 1), and gradient descent on separable labels.
"""

from __future__ import annotations

import numpy as np

from ..data import Dataset, make_logistic_data
from ..i18n import lazy
from ..optimizers import make_optimizer
from ..problems import LogisticRegression, sigmoid
from ..running import run
from .checker import register
from .common import negated, scaled, show, swapped

W, B, X = 3.0, -6.0, 1.5  # exercises 1 and 2: the model w = 3, b = −6; exercise 1 asks at x = 1.5
SEPARABLE_N, SEPARABLE_LR = 40, 1.0  # exercise 4: the notebook's 40 separable points, lr = 1


def _labels() -> Dataset:
    """The notebook's `data`: 100 points with P(y = 1) = σ(2x − 1), seed 0."""
    return make_logistic_data(n=100, w=2.0, b=-1.0, seed=0)


def _p(_: object) -> float:
    return float(sigmoid(W * X + B))


def _grad_at_zero(data: Dataset) -> np.ndarray:
    """∇L(0, 0) = (1/N)·Σ (0.5 − y_i)·(x_i, 1), since every p_i = σ(0) = 0.5."""
    return LogisticRegression(data).grad(np.zeros(2))


def _first_perfect_step(_: object) -> int:
    """The first step at which GD from (0, 0) classifies all the separable points right."""
    problem = LogisticRegression(make_logistic_data(n=SEPARABLE_N, separable=True, seed=0))
    traj = run(problem, make_optimizer("gd", SEPARABLE_LR), [0.0, 0.0], 1000)
    return next(k for k, theta in enumerate(traj.params) if problem.accuracy(theta) == 1.0)


_Z, _BOUNDARY = W * X + B, -B / W

register(
    "08.1",
    _p,
    lazy("First z = w·x + b, then squash it: σ(z) = 1/(1 + e^(−z)) (`gd.sigmoid(z)`)."),
    mistakes=[
        (lambda _: _Z, lazy("That is z = w·x + b, a score on the whole real line; σ squashes it into "
                            "(0, 1).")),
        (lambda _: 1.0 - _p(None), lazy("That is P(y = 0); σ(z) is the probability of y = 1.")),
    ],
    explain=lazy("σ({z}) ≈ {p:.2f}: x = {x:g} lies {short:g} short of the boundary at x = "
                 "{boundary:g}, on the y = 0 side.", z=show(_Z), p=_p(None), x=X,
                 short=_BOUNDARY - X, boundary=_BOUNDARY),
)

register(
    "08.2",
    lambda _: -B / W,
    lazy("σ(z) = 0.5 exactly when z = 0: solve w·x + b = 0."),
    mistakes=[(lambda _: B / W, lazy("Check the sign: {w:g}x {sign} {b:g} = 0.", w=W,
                                     sign='−' if B < 0 else '+', b=abs(B)))],
    explain=lazy("x = −b/w = {boundary:g}. Gradient descent moves this point (and sharpens the curve "
                 "around it) as it changes w and b.", boundary=_BOUNDARY),
)

register(
    "08.3",
    _grad_at_zero,
    lazy("At (0, 0) every p_i = σ(0) = 0.5, and ∇L = (1/N)·Σ (p_i − y_i)·(x_i, 1). With numpy: `((0.5 - "
         "data.y) * data.x).mean()`."),
    kind="vector",
    atol=1e-9,
    answer_format=lazy("a list [dL/dw, dL/db]"),
    default_data=_labels,
    mistakes=[
        scaled(_grad_at_zero, 2.0, lazy("Twice the answer: that factor 2 belongs to the MSE's r²; the "
                                        "cross-entropy has none.")),
        negated(_grad_at_zero, lazy("The sign is flipped: the gradient has p − y, not y − p.")),
        swapped(_grad_at_zero, "[∂L/∂w, ∂L/∂b]"),
    ],
    explain=lazy("The same form as linear regression's gradient, with p − y in place of the residual: "
                 "that is why cross-entropy is the natural loss for a sigmoid."),
)

register(
    "08.4",
    _first_perfect_step,
    lazy("Run `traj = gd.run(gd.LogisticRegression(separable), gd.sgd({separable_lr}), [0.0, 0.0], "
         "1000)`; `gd.LogisticRegression(separable).accuracy(theta)` is the share classified correctly: "
         "look for the first k where it is 1.0 for `traj.params[k]`.", separable_lr=SEPARABLE_LR),
    kind="integer",
    explain=lazy("From then on every point is on the right side of the boundary, yet the loss keeps "
                 "falling and w keeps growing: the model only grows more certain of what it already "
                 "gets right."),
)
