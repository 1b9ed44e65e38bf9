"""The exercises of notebooks/01_update_rule.ipynb, whose cells state the prompts."""

from __future__ import annotations

import numpy as np

from ..problems import Parabola
from .checker import register

_P01 = Parabola(a=3.0, c=1.0)  # f(x) = 3(x − 1)², f′(x) = 6(x − 1), f″ = 6


def _one_step(problem: Parabola, x0: float, lr: float) -> float:
    return float(x0 - lr * problem.grad(np.array([x0]))[0])


register(
    "01.1",
    lambda _: _one_step(_P01, 4.0, 0.1),
    "x₁ = x₀ − lr·f′(x₀), and f′(x) = 2·3·(x − 1).",
    mistakes=[
        (lambda _: 4.0 - 0.1 * 3.0 * (4.0 - 1.0), "The derivative of 3(x − 1)² is 6(x − 1), not "
                                                  "3(x − 1)."),
        (lambda _: 4.0 + 0.1 * 6.0 * (4.0 - 1.0), "Gradient descent steps against the slope: x₀ "
                                                  "minus lr·f′(x₀)."),
    ],
    explain="x₁ = 4 − 0.1·6·(4 − 1) = 2.2: one step covered 1.8 of the 3 units to the minimum at "
            "x = 1.",
)

register(
    "01.2",
    lambda _: _P01.lr_limit(),
    "Each step multiplies the distance to the minimum by (1 − lr·f″). When does |1 − lr·f″| "
    "exceed 1?",
    mistakes=[
        (lambda _: 2.0 / 3.0, "Close: the boundary is 2/f″, and f″ of 3(x − 1)² is 6, not 3."),
        (lambda _: 1.0 / 6.0, "That is the rate that lands on the minimum in one step (1/f″); "
                              "the boundary of divergence is twice as large."),
    ],
    explain="2/f″ = 2/6 = 1/3: above it |1 − lr·6| > 1 and every step overshoots further.",
)

_LRS_01_3 = {"a": "0.05", "b": "0.15", "c": "0.25", "d": "0.4"}


def _oscillating_but_converging(_: object) -> str:
    f2 = float(_P01.hessian()[0, 0])
    hits = [k for k, v in _LRS_01_3.items() if -1.0 < 1.0 - float(v) * f2 < 0.0]
    return hits[0]


register(
    "01.3",
    _oscillating_but_converging,
    "Compute the factor 1 − lr·f″ for each: a negative factor flips the side every step; its size "
    "says "
    "whether the jumps shrink.",
    kind="choice",
    choices=_LRS_01_3,
    mistakes=[
        (lambda _: "a", "With 0.05 the factor 1 − 0.05·6 = 0.7 is positive: x creeps in from one "
                        "side."),
        (lambda _: "b", "With 0.15 the factor 1 − 0.15·6 = 0.1 is positive: x approaches from one "
                        "side, fast."),
        (lambda _: "d", "With 0.4 the factor 1 − 0.4·6 = −1.4: the jumps grow, so x diverges."),
    ],
    explain="1 − 0.25·6 = −0.5: each step flips x to the other side at half the distance.",
)

register(
    "01.4",
    lambda _: 1.0 / float(_P01.hessian()[0, 0]),
    "You want x₁ = 1 whatever x₀ is: make the factor 1 − lr·f″ zero.",
    mistakes=[(lambda _: 1.0 / 3.0, "That is the boundary of divergence; the one-step rate is "
                                    "half of it.")],
    explain="lr = 1/f″ = 1/6: on a parabola this is Newton's method, and it needs to know f″.",
)
