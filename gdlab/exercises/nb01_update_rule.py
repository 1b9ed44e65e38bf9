"""The exercises of notebooks/01_update_rule.ipynb (its cells state the prompts): one parabola.

All four are about f(x) = a(x − c)² with a = 3, c = 1, so f′(x) = 6(x − 1) and f″ = 6: each
gradient step multiplies the distance to the minimum by 1 − lr·f″.
"""

from __future__ import annotations

from ..i18n import lazy
from ..problems import Parabola
from .checker import register
from .common import show

A, MINIMUM = 3.0, 1.0
F = Parabola(a=A, c=MINIMUM)  # the notebook's f(x) = 3(x − 1)²
F2 = float(F.hessian()[0, 0])  # f″ = 2a
X0, LR = 4.0, 0.1  # exercise 1: one step from x₀ = 4 with lr = 0.1
RATES = {"a": "0.05", "b": "0.15", "c": "0.25", "d": "0.4"}  # exercise 3's options


def _step(x0: float, lr: float) -> float:
    """x₁ = x₀ − lr·f′(x₀)."""
    return float(x0 - lr * F.grad([x0])[0])


def _factor(label: str) -> float:
    """1 − lr·f″ for option `label` of exercise 3."""
    return 1.0 - float(RATES[label]) * F2


def _oscillating_but_converging(_: object) -> str:
    """The option whose factor lies in (−1, 0): x flips side every step, at a shrinking distance."""
    return next(label for label in RATES if -1.0 < _factor(label) < 0.0)


def _what_it_does(label: str) -> str:
    q, lr = _factor(label), RATES[label]
    factor = lazy("With {lr} the factor 1 − {lr}·{f2:g} = {q}", lr=lr, f2=F2, q=show(q, '.2g'))
    if q >= 0:
        return (lazy("{factor} is positive: x keeps {q:.0%} of its distance each step and never crosses "
                     "the minimum.", factor=factor, q=q))
    if q < -1:
        return lazy("{factor}: the jumps grow, so x diverges.", factor=factor)
    return lazy("{factor}: x changes side, at a shrinking distance.", factor=factor)


_X1 = _step(X0, LR)
_RIGHT = _oscillating_but_converging(None)

register(
    "01.1",
    lambda _: _step(X0, LR),
    lazy("x₁ = x₀ − lr·f′(x₀), and f′(x) = 2·{a:g}·(x − {minimum:g}).", a=A, minimum=MINIMUM),
    mistakes=[
        (lambda _: X0 - LR * A * (X0 - MINIMUM),
         lazy("The derivative of {a:g}(x − {minimum:g})² is {f2:g}(x − {minimum:g}), not {a:g}(x − "
              "{minimum:g}).", a=A, minimum=MINIMUM, f2=F2)),
        (lambda _: X0 + LR * F2 * (X0 - MINIMUM),
         lazy("Gradient descent steps against the slope: x₀ minus lr·f′(x₀).")),
    ],
    explain=lazy("x₁ = {x0:g} − {lr:g}·{f2:g}·({x0:g} − {minimum:g}) = {x1:g}: one step covered "
                 "{covered:g} of the {distance:g} units to the minimum at x = {minimum:g}.", x0=X0, lr=LR,
                 f2=F2, minimum=MINIMUM, x1=_X1, covered=X0 - _X1, distance=X0 - MINIMUM),
)

register(
    "01.2",
    lambda _: F.lr_limit(),
    lazy("Each step multiplies the distance to the minimum by (1 − lr·f″). When does |1 − lr·f″| exceed "
         "1?"),
    mistakes=[
        (lambda _: 2.0 / A, lazy("Close: the boundary is 2/f″, and f″ of {a:g}(x − {minimum:g})² is "
                                 "{f2:g}, not {a:g}.", a=A, minimum=MINIMUM, f2=F2)),
        (lambda _: 1.0 / F2, lazy("That is the rate that lands on the minimum in one step (1/f″); the "
                                  "boundary of divergence is twice as large.")),
    ],
    explain=lazy("2/f″ = 2/{f2:g} = 1/{half_f2:g}: above it |1 − lr·{f2:g}| > 1 and every step overshoots "
                 "further.", f2=F2, half_f2=F2 / 2),
)

register(
    "01.3",
    _oscillating_but_converging,
    lazy("Compute the factor 1 − lr·f″ for each: a negative factor flips the side every step; its size "
         "says whether the jumps shrink."),
    kind="choice",
    choices=RATES,
    mistakes=[(lambda _, label=label: label, _what_it_does(label)) for label in RATES
              if label != _RIGHT],
    explain=lazy("1 − {lr}·{f2:g} = {factor}: each step flips x to the other side "
                 "at {size:g} times the distance.", lr=RATES[_RIGHT], f2=F2,
                 factor=show(_factor(_RIGHT)), size=abs(_factor(_RIGHT))),
)

register(
    "01.4",
    lambda _: 1.0 / F2,
    lazy("You want x₁ = {minimum:g} whatever x₀ is: make the factor 1 − lr·f″ zero.", minimum=MINIMUM),
    mistakes=[(lambda _: F.lr_limit(), lazy("That is the boundary of divergence; the one-step rate is "
                                            "half of it."))],
    explain=lazy("lr = 1/f″ = 1/{f2:g}: on a parabola this is Newton's method, and it needs to know f″.",
                 f2=F2),
)
