"""The exercises of notebooks/09_gradients_autograd.ipynb (its cells state the prompts).

Finite differences, forward (f(x + h) − f(x))/h and central (f(x + h) − f(x − h))/(2h), and
their best step; Huber's gradient; a partial derivative by gdlab's autograd.
"""

from __future__ import annotations

import math

import numpy as np

from .. import autograd, losses, numeric
from .checker import register
from .common import show

CUBE_X, CUBE_H = 2.0, 0.1  # exercise 1: f(x) = x³ at x = 2, where f′(2) = 12, with h = 0.1
CUBE_SLOPE = 3 * CUBE_X**2
STEPS = {"a": "1e-3", "b": "1e-5", "c": "1e-7", "d": "1e-9"}  # exercise 2's options
FREQUENCY = 100.0  # exercise 2: f(x) = sin(100x) at x = 1
PREDICTIONS, DELTA = (3.0, 0.5, -4.0), 1.0  # exercise 3: Huber, δ = 1, every target 0
A, B = 0.0, 3.0  # exercise 4: f(a, b) = a·b + exp(a) at (0, 3)


def _cube_error(difference) -> float:
    """|difference − f′(2)| for f(x) = x³ at CUBE_X with step CUBE_H."""
    return abs(difference(lambda x: x**3, CUBE_X, h=CUBE_H) - CUBE_SLOPE)


def _best_step(_: object) -> str:
    """The option with the smallest central-difference error for sin(100x) at x = 1."""
    hs = [float(v) for v in STEPS.values()]
    _, central = numeric.step_errors(lambda x: np.sin(FREQUENCY * x), 1.0,
                                     FREQUENCY * math.cos(FREQUENCY), hs)
    return list(STEPS)[int(np.argmin(central))]


def _huber_gradient(_: object) -> np.ndarray:
    return losses.huber_grad(np.array(PREDICTIONS), np.zeros(len(PREDICTIONS)), delta=DELTA,
                             reduction="none")


def _autograd_partial(_: object) -> float:
    """∂f/∂a by backpropagation."""
    return float(autograd.gradient(lambda t: t[0] * t[1] + t[0].exp(), [A, B])[0])


register(
    "09.1",
    lambda _: _cube_error(numeric.central_difference),
    f"Compute (f({CUBE_X + CUBE_H:g}) − f({CUBE_X - CUBE_H:g}))/(2·{CUBE_H:g}), or use "
    f"`gd.numeric.central_difference(f, {CUBE_X}, h={CUBE_H})`.",
    mistakes=[
        (lambda _: _cube_error(numeric.forward_difference),
         f"That is the forward difference's error; the central one uses f({CUBE_X:g} + h) and "
         f"f({CUBE_X:g} − h)."),
    ],
    explain=f"Exactly h² = {CUBE_H**2:g} (the error is h²·f‴/6 and f‴ = 6), where forward "
            f"differences are off by {_cube_error(numeric.forward_difference):.2g}.",
)

register(
    "09.2",
    _best_step,
    "The best h balances truncation, about h²·|f‴|/6, against rounding, about 1e-16·|f|/h. For "
    "sin(100x), f‴ is a million times larger than for sin x; or try them all with "
    "`gd.numeric.step_errors`.",
    kind="choice",
    choices=STEPS,
    mistakes=[
        (lambda _: "b", "1e-5 suits sin x. sin(100x) curves a hundred times faster, so truncation "
                        "is a million times larger at the same h: the best h is smaller."),
        (lambda _: "a", "At h = 1e-3 the truncation error of sin(100x) is huge: 100h = 0.1 is not "
                        "small."),
        (lambda _: "d", "At h = 1e-9 rounding already dominates: 1e-16/1e-9 = 1e-7, larger than "
                        "the truncation there."),
    ],
    explain="About 1e-7: balancing h²·10⁶/6 against 1e-16/h gives h³ ≈ 6e-22, h ≈ 1e-7. The "
            "best step depends on how fast the function bends: h is a trade-off, not a constant.",
)

register(
    "09.3",
    _huber_gradient,
    "Inside |r| ≤ δ Huber is ½r², whose derivative is r; outside it is linear with slope ±δ.",
    kind="vector",
    rtol=1e-6,
    answer_format="a list of three numbers",
    mistakes=[
        (lambda _: 2 * np.array(PREDICTIONS), "That is the MSE's gradient 2r; Huber's is r clipped "
                                              "to [−δ, δ]."),
        (lambda _: np.array(PREDICTIONS), "That is r, the gradient of ½r² everywhere; Huber clips "
                                          "it at ±δ."),
    ],
    explain=f"[{', '.join(show(g) for g in _huber_gradient(None))}]: a far-off point pulls no "
            "harder than δ, so one outlier cannot drag the fit away as it does under MSE.",
)

register(
    "09.4",
    _autograd_partial,
    "∂(a·b)/∂a = b and ∂(exp a)/∂a = exp a; a's gradient is the sum over both paths.",
    mistakes=[
        (lambda _: B, "That is the a·b path only; exp(a) also depends on a."),
        (lambda _: math.exp(A), "That is the exp(a) path only; a·b also depends on a."),
    ],
    explain=f"b + eᵃ = {B:g} + {math.exp(A):g} = {B + math.exp(A):g}: backward() adds up the "
            "contributions of every path from f back to a.",
)
