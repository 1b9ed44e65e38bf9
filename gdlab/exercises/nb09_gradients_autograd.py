"""The exercises of notebooks/09_gradients_autograd.ipynb (its cells state the prompts).

Finite differences, forward (f(x + h) − f(x))/h and central (f(x + h) − f(x − h))/(2h), and
their best step; Huber's gradient; a partial derivative by gdlab's autograd.
"""

from __future__ import annotations

import math

import numpy as np

from .. import autograd, losses, numeric
from ..i18n import lazy
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
    lazy("Compute (f({x_plus_h:g}) − f({x_minus_h:g}))/(2·{cube_h:g}), or use "
         "`gd.numeric.central_difference(f, {cube_x}, h={cube_h})`.", x_plus_h=CUBE_X + CUBE_H,
         x_minus_h=CUBE_X - CUBE_H, cube_h=CUBE_H, cube_x=CUBE_X),
    mistakes=[
        (lambda _: _cube_error(numeric.forward_difference),
         lazy("That is the forward difference's error; the central one uses f({cube_x:g} + h) and "
              "f({cube_x:g} − h).", cube_x=CUBE_X)),
    ],
    explain=lazy("Exactly h² = {h_squared:g} (the error is h²·f‴/6 and f‴ = 6), where forward "
                 "differences are off by {forward_error:.2g}.", h_squared=CUBE_H ** 2,
                 forward_error=_cube_error(numeric.forward_difference)),
)

register(
    "09.2",
    _best_step,
    lazy("The best h balances truncation, about h²·|f‴|/6, against rounding, about 1e-16·|f|/h. For "
         "sin(100x), f‴ is a million times larger than for sin x; or try them all with "
         "`gd.numeric.step_errors`."),
    kind="choice",
    choices=STEPS,
    mistakes=[
        (lambda _: "b", lazy("1e-5 suits sin x. sin(100x) curves a hundred times faster, so truncation "
                             "is a million times larger at the same h: the best h is smaller.")),
        (lambda _: "a", lazy("At h = 1e-3 the truncation error of sin(100x) is huge: 100h = 0.1 is not "
                             "small.")),
        (lambda _: "d", lazy("At h = 1e-9 rounding already dominates: 1e-16/1e-9 = 1e-7, larger than "
                             "the truncation there.")),
    ],
    explain=lazy("About 1e-7: balancing h²·10⁶/6 against 1e-16/h gives h³ ≈ 6e-22, h ≈ 1e-7. The best "
                 "step depends on how fast the function bends: h is a trade-off, not a constant."),
)

register(
    "09.3",
    _huber_gradient,
    lazy("Inside |r| ≤ δ Huber is ½r², whose derivative is r; outside it is linear with slope ±δ."),
    kind="vector",
    rtol=1e-6,
    answer_format=lazy("a list of three numbers"),
    mistakes=[
        (lambda _: 2 * np.array(PREDICTIONS), lazy("That is the MSE's gradient 2r; Huber's is r clipped "
                                                   "to [−δ, δ].")),
        (lambda _: np.array(PREDICTIONS), lazy("That is r, the gradient of ½r² everywhere; Huber clips "
                                               "it at ±δ.")),
    ],
    explain=lazy("[{gradients}]: a far-off point pulls no harder than δ, so one outlier "
                 "cannot drag the fit away as it does under MSE.",
                 gradients=', '.join(show(g) for g in _huber_gradient(None))),
)

register(
    "09.4",
    _autograd_partial,
    lazy("∂(a·b)/∂a = b and ∂(exp a)/∂a = exp a; a's gradient is the sum over both paths."),
    mistakes=[
        (lambda _: B, lazy("That is the a·b path only; exp(a) also depends on a.")),
        (lambda _: math.exp(A), lazy("That is the exp(a) path only; a·b also depends on a.")),
    ],
    explain=lazy("b + eᵃ = {b:g} + {exp_a:g} = {total:g}: backward() adds up the "
                 "contributions of every path from f back to a.", b=B, exp_a=math.exp(A),
                 total=B + math.exp(A)),
)
