"""The exercises of notebooks/06_optimizers.ipynb, whose cells state the prompts."""

from __future__ import annotations

import numpy as np

from .checker import register


def _momentum_gain(_: object) -> float:
    """Step length of SGD with momentum 0.9 after 500 equal gradients, per lr·g."""
    import gdlab as gd

    opt = gd.sgd(1.0, momentum=0.9)
    theta, state, g = np.zeros(1), opt.init(np.zeros(1)), np.ones(1)
    for _ in range(500):
        new, state = opt.update(g, state, theta)
        step, theta = float(theta[0] - new[0]), new
    return step


register(
    "06.1",
    _momentum_gain,
    "The buffer is u = g + μ·g + μ²·g + … once it has filled up. Sum the geometric series.",
    rtol=1e-3,
    mistakes=[
        (lambda _: 0.9, "0.9 is the share of the old buffer kept each step; add up g + 0.9g + "
                        "0.81g + …"),
        (lambda _: 1.9, "That counts the last two gradients only; the buffer remembers all of "
                        "them, fading by 0.9 each step."),
    ],
    explain="1/(1 − μ) = 10: along a steady slope momentum is ten times faster; across a valley "
            "the gradients alternate in sign and cancel in the buffer.",
)


def _adam_first_step(_: object) -> np.ndarray:
    import gdlab as gd

    opt = gd.adam(0.01)
    theta0 = np.zeros(2)
    theta1, _ = opt.update(np.array([300.0, -0.002]), opt.init(theta0), theta0)
    return theta1 - theta0


register(
    "06.2",
    _adam_first_step,
    "On the first step m̂ = g and v̂ = g² (that is what the bias correction is for), so the step "
    "is lr·g/(√(g²) + ε) per coordinate.",
    kind="vector",
    rtol=1e-3,
    answer_format="a list [Δθ₁, Δθ₂]",
    mistakes=[
        (lambda _: -0.01 * np.array([300.0, -0.002]), "That is plain gradient descent's step. Adam "
                                                      "divides m̂ by √v̂, coordinate by coordinate."),
        (lambda _: -_adam_first_step(None), "Right size, wrong sign: Adam steps against the "
                                            "gradient."),
    ],
    explain="Both coordinates move by lr = 0.01, one down and one up: Adam's first step ignores "
            "the gradient's size and keeps only its sign.",
)


def _adagrad_step(_: object) -> float:
    import gdlab as gd

    opt = gd.adagrad(0.5)
    theta, state = np.zeros(1), opt.init(np.zeros(1))
    for _ in range(100):
        new, state = opt.update(np.array([4.0]), state, theta)
        step, theta = float(theta[0] - new[0]), new
    return step


register(
    "06.3",
    _adagrad_step,
    "After t updates the sum of squares is s = t·g², and the step is lr·g/√s.",
    rtol=1e-3,
    mistakes=[
        (lambda _: 0.5, "That is the first step. AdaGrad's sum s only grows, so its steps shrink."),
        (lambda _: 0.5 / 100, "AdaGrad divides by the square root of the sum: √(100·g²) = 10·g."),
        (lambda _: 2.0 / 10, "Divide by √s = √(100·16) = 40, not by 10: s sums g², not 1."),
    ],
    explain="lr/√t = 0.05: AdaGrad's rate decays like 1/√t on its own, which helps with rare "
            "features and hurts on long runs.",
)
