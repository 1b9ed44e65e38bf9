"""The exercises of notebooks/04_learning_rate.ipynb (its cells state the prompts).

Plain GD on the MSE shrinks the distance to the optimum along each eigenvector of H by
|1 − lr·λ| per step: stable for lr < 2/λ_max, fastest at lr = 2/(λ_min + λ_max), where the
worst factor is ρ = (κ − 1)/(κ + 1). Then a step-decay schedule.
"""

from __future__ import annotations

import math

from ..data import Dataset, make_linear_data
from ..i18n import lazy
from ..schedules import exponential_decay, step_decay
from .checker import register
from .common import course_data, eigenvalues, sci

SHRINK = 1e-6  # exercise 4: "a million times closer to the optimum"
SMALL_N = 20  # exercise 4 passes gd.make_linear_data(n=20, seed=0)
LR0, STEP_SIZE, GAMMA, T = 0.01, 100, 0.5, 250  # exercise 5: step_decay(0.01, 100, 0.5) at t = 250


def _limit(data: Dataset) -> float:
    """2/λ_max."""
    return 2.0 / eigenvalues(data)[-1]


def _best_rate(data: Dataset) -> float:
    """2/(λ_min + λ_max)."""
    lo, hi = eigenvalues(data)
    return 2.0 / (lo + hi)


def _worst_factor(data: Dataset) -> float:
    """|1 − lr·λ_min| at the best rate: (λ_max − λ_min)/(λ_max + λ_min) = (κ − 1)/(κ + 1)."""
    lo, hi = eigenvalues(data)
    return (hi - lo) / (hi + lo)


def _small_data() -> Dataset:
    return make_linear_data(n=SMALL_N, seed=0)


def _steps_to_shrink(data: Dataset) -> int:
    """The least k with ρᵏ ≤ SHRINK."""
    return int(math.ceil(math.log(SHRINK) / math.log(_worst_factor(data))))


_HALVINGS = T // STEP_SIZE
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

register(
    "04.1",
    _limit,
    lazy("2 divided by the largest eigenvalue of the Hessian."),
    rtol=5e-3,  # three significant figures, as the notebooks print it (0.0131), are enough
    default_data=course_data,
    mistakes=[
        (lambda d: 2.0 / eigenvalues(d)[0], lazy("That uses the smallest eigenvalue; the steepest "
                                                 "direction sets the limit.")),
        (lambda d: _limit(d) / 2, lazy("Close: the limit is 2/λ_max, not 1/λ_max.")),
    ],
    explain=lazy("Every rate below it converges; the article's 1e-4 is more than a hundred times "
                 "smaller."),
)

register(
    "04.2",
    _best_rate,
    lazy("Balance the two factors |1 − lr·λ_min| and |1 − lr·λ_max| so that they are equal."),
    default_data=course_data,
    mistakes=[
        (_limit, lazy("That is the stability limit: there the steep direction does not shrink at all.")),
        (lambda d: _limit(d) / 2, lazy("1/λ_max kills the steep direction in one step but leaves the "
                                       "slow one slower than it needs to be.")),
    ],
    explain=lazy("2/(λ_min + λ_max): just below the stability limit, because λ_min is tiny here."),
)

register(
    "04.3",
    _worst_factor,
    lazy("Put lr = 2/(λ_min + λ_max) into |1 − lr·λ_min|; write it with the condition number κ."),
    rtol=1e-4,
    default_data=course_data,
    explain=lazy("(κ − 1)/(κ + 1), close to 1 when κ is large: that is why ill-conditioned problems are "
                 "slow."),
)

register(
    "04.4",
    _steps_to_shrink,
    lazy("At the best rate the distance shrinks at worst by ρ = (κ − 1)/(κ + 1) per step, with κ from "
         "this data set's Hessian. You need ρᵏ ≤ {shrink}: k = log({shrink})/log(ρ), rounded up.",
         shrink=sci(SHRINK)),
    kind="integer",
    atol=1.0,
    default_data=_small_data,
    explain=lazy("About two thousand steps; with standardised x (κ = 1) it would be one."),
)

register(
    "04.5",
    lambda _: step_decay(LR0, step_size=STEP_SIZE, gamma=GAMMA)(T),
    lazy("The rate is multiplied by {gamma:g} after every {step_size} updates: count how many times "
         "that has happened by update {t}.", gamma=GAMMA, step_size=STEP_SIZE, t=T),
    mistakes=[
        (lambda _: LR0 * GAMMA ** (T / STEP_SIZE),
         lazy("Step decay changes in whole steps: ⌊{t}/{step_size}⌋ = {halvings} of them, not "
              "{ratio:g}.", t=T, step_size=STEP_SIZE, halvings=_HALVINGS, ratio=T / STEP_SIZE)),
        (lambda _: exponential_decay(LR0, gamma=GAMMA)(T),
         lazy("That is exponential decay per update; step decay changes only every {step_size} updates.",
              step_size=STEP_SIZE)),
    ],
    explain=lazy("{lr0:g}·{gamma:g}{power} = {rate:g}: the rate "
                 "changed {halvings} times, at updates {updates}.", lr0=LR0, gamma=GAMMA,
                 power=str(_HALVINGS).translate(_SUPERSCRIPT),
                 rate=step_decay(LR0, STEP_SIZE, GAMMA)(T), halvings=_HALVINGS,
                 updates=', '.join(str(STEP_SIZE * k) for k in range(1, _HALVINGS + 1))),
)
