"""The exercises of notebooks/06_optimizers.ipynb (its cells state the prompts).

Each is one optimizer fed a constant gradient g, with PyTorch's update rules:
momentum u_k = μ·u_{k−1} + g, θ ← θ − lr·u_k; Adam's bias-corrected first step; AdaGrad's
θ ← θ − lr·g/(√s_k + ε) with s_k = k·g².
"""

from __future__ import annotations

import math

import numpy as np

from ..i18n import lazy
from ..optimizers import Optimizer, make_optimizer
from .checker import register
from .common import negated

MU, LONG_RUN = 0.9, 500  # exercise 1: momentum μ = 0.9, "in the long run" (500 steps is plenty)
ADAM_LR, ADAM_G = 0.01, (300.0, -0.002)  # exercise 2: Adam, lr = 0.01, g = (300, −0.002)
ADAGRAD_LR, ADAGRAD_G, ADAGRAD_K = 0.5, 4.0, 100  # exercise 3: lr = 0.5, g = 4, update 100


def _update(opt: Optimizer, g: object, k: int) -> np.ndarray:
    """θ_k − θ_{k−1}: the k-th update of `opt` from θ_0 = 0 when every gradient is `g`."""
    g = np.atleast_1d(np.asarray(g, dtype=float))
    theta, state = np.zeros_like(g), opt.init(np.zeros_like(g))
    for _ in range(k):
        previous = theta
        theta, state = opt.update(g, state, theta)
    return theta - previous


def _momentum_gain(_: object) -> float:
    """The long-run step of momentum with lr = 1 and g = 1: its length per lr·g."""
    return float(-_update(make_optimizer("momentum", 1.0, momentum=MU), 1.0, LONG_RUN)[0])


def _adam_first_step(_: object) -> np.ndarray:
    return _update(make_optimizer("adam", ADAM_LR), ADAM_G, 1)


def _adagrad_step(_: object) -> float:
    return float(-_update(make_optimizer("adagrad", ADAGRAD_LR), ADAGRAD_G, ADAGRAD_K)[0])


register(
    "06.1",
    _momentum_gain,
    lazy("The buffer is u = g + μ·g + μ²·g + … once it has filled up. Sum the geometric series."),
    mistakes=[
        (lambda _: MU, lazy("{mu:g} is the share of the old buffer kept each step; add up g + {mu:g}g + "
                            "{mu_squared:g}g + …", mu=MU, mu_squared=MU * MU)),
        (lambda _: 1 + MU, lazy("That counts the last two gradients only; the buffer remembers all of "
                                "them, fading by {mu:g} each step.", mu=MU)),
    ],
    explain=lazy("1/(1 − μ) = {gain:g}: along a steady slope momentum is {gain:g} times faster; "
                 "across a valley the gradients alternate in sign and cancel in the buffer.",
                 gain=1 / (1 - MU)),
)

register(
    "06.2",
    _adam_first_step,
    lazy("On the first step m̂ = g and v̂ = g² (that is what the bias correction is for), so the step "
         "is lr·g/(√(g²) + ε) per coordinate."),
    kind="vector",
    answer_format=lazy("a list [Δθ₁, Δθ₂]"),
    mistakes=[
        (lambda _: -ADAM_LR * np.array(ADAM_G), lazy("That is plain gradient descent's step. Adam "
                                                     "divides m̂ by √v̂, coordinate by coordinate.")),
        negated(_adam_first_step, lazy("Right size, wrong sign: Adam steps against the gradient.")),
    ],
    explain=lazy("Both coordinates move by lr = {adam_lr:g}, one down and one up: Adam's first step "
                 "ignores the gradient's size and keeps only its sign.", adam_lr=ADAM_LR),
)

register(
    "06.3",
    _adagrad_step,
    lazy("After t updates the sum of squares is s = t·g², and the step is lr·g/√s."),
    mistakes=[
        (lambda _: ADAGRAD_LR, lazy("That is the first step. AdaGrad's sum s only grows, so its steps "
                                    "shrink.")),
        (lambda _: ADAGRAD_LR / ADAGRAD_K,
         lazy("AdaGrad divides by the square root of the sum: √({adagrad_k}·g²) = "
              "{root_k:g}·g.", adagrad_k=ADAGRAD_K, root_k=math.sqrt(ADAGRAD_K))),
        (lambda _: ADAGRAD_LR * ADAGRAD_G / math.sqrt(ADAGRAD_K),
         lazy("Divide by √s = √({adagrad_k}·{g_squared:g}) = {root_s:g}, not by "
              "{root_k:g}: s sums g², not 1.", adagrad_k=ADAGRAD_K, g_squared=ADAGRAD_G ** 2,
              root_s=math.sqrt(ADAGRAD_K) * ADAGRAD_G,
              root_k=math.sqrt(ADAGRAD_K))),
    ],
    explain=lazy("lr/√t = {step:g}: AdaGrad's rate decays like 1/√t on its own, "
                 "which helps with rare features and hurts on long runs.",
                 step=ADAGRAD_LR / math.sqrt(ADAGRAD_K)),
)
