"""The exercises of notebooks/09_gradients_autograd.ipynb, whose cells state the prompts."""

from __future__ import annotations

import math

import numpy as np

from .checker import register


def _cube_error(method: str) -> float:
    """|difference − 12| for f(x) = x³ at x = 2 with h = 0.1."""
    from .. import numeric

    diff = numeric.central_difference if method == "central" else numeric.forward_difference
    return abs(diff(lambda x: x**3, 2.0, h=0.1) - 12.0)


def _huber_gradient() -> np.ndarray:
    from .. import losses

    return losses.huber_grad(np.array([3.0, 0.5, -4.0]), np.zeros(3), delta=1.0, reduction="none")


def _autograd_partial() -> float:
    """∂f/∂a of f(a, b) = a·b + exp(a) at (0, 3), by gdlab's autograd."""
    from .. import autograd

    return float(autograd.gradient(lambda t: t[0] * t[1] + t[0].exp(), [0.0, 3.0])[0])


register(
    "09.1",
    lambda _: _cube_error("central"),
    "Compute (f(2.1) − f(1.9))/(2·0.1), or use `gd.numeric.central_difference(f, 2.0, h=0.1)`.",
    rtol=1e-3,
    mistakes=[
        (lambda _: _cube_error("forward"),
         "That is the forward difference's error; the central one uses f(2 + h) and f(2 − h)."),
    ],
    explain="Exactly h² = 0.01 (the error is h²·f‴/6 and f‴ = 6), where forward differences are "
            "off by 0.61.",
)


_HS_09_2 = {"a": "1e-3", "b": "1e-5", "c": "1e-7", "d": "1e-9"}


def _best_h(_: object) -> str:
    """Which step of `_HS_09_2` gives the smallest central-difference error for sin(100x) at 1."""
    from .. import numeric

    hs = [float(v) for v in _HS_09_2.values()]
    _, central = numeric.step_errors(lambda x: np.sin(100.0 * x), 1.0, 100.0 * math.cos(100.0), hs)
    return list(_HS_09_2)[int(np.argmin(central))]


register(
    "09.2",
    _best_h,
    "The best h balances truncation, about h²·|f‴|/6, against rounding, about 1e-16·|f|/h. For "
    "sin(100x), f‴ is a million times larger than for sin x; or try them all with "
    "`gd.numeric.step_errors`.",
    kind="choice",
    choices=_HS_09_2,
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
    lambda _: _huber_gradient(),
    "Inside |r| ≤ δ Huber is ½r², whose derivative is r; outside it is linear with slope ±δ.",
    kind="vector",
    rtol=1e-6,
    answer_format="a list of three numbers",
    mistakes=[
        (lambda _: np.array([6.0, 1.0, -8.0]), "That is the MSE's gradient 2r; Huber's is r "
                                              "clipped to [−δ, δ]."),
        (lambda _: np.array([3.0, 0.5, -4.0]), "That is r, the gradient of ½r² everywhere; Huber "
                                              "clips it at ±δ."),
    ],
    explain="[1, 0.5, −1]: a far-off point pulls no harder than δ, so one outlier cannot drag the "
            "fit away as it does under MSE.",
)

register(
    "09.4",
    lambda _: _autograd_partial(),
    "∂(a·b)/∂a = b and ∂(exp a)/∂a = exp a; a's gradient is the sum over both paths.",
    mistakes=[
        (lambda _: 3.0, "That is the a·b path only; exp(a) also depends on a."),
        (lambda _: 1.0, "That is the exp(a) path only; a·b also depends on a."),
    ],
    explain="b + eᵃ = 3 + 1 = 4: backward() adds up the contributions of every path from f back "
            "to a.",
)
