"""The exercises of notebooks/04_learning_rate.ipynb, whose cells state the prompts."""

from __future__ import annotations

import math

from ..data import Dataset, make_linear_data
from ..schedules import exponential_decay, step_decay
from .checker import register
from .common import course_data, eigenvalues

register(
    "04.1",
    lambda data: 2.0 / eigenvalues(data)[-1],
    "2 divided by the largest eigenvalue of the Hessian.",
    rtol=5e-3,  # three significant figures, as the notebooks print it (0.0131), are enough
    default_data=course_data,
    mistakes=[
        (lambda d: 2.0 / eigenvalues(d)[0], "That uses the smallest eigenvalue; the steepest direction "
                                     "sets the limit."),
        (lambda d: 1.0 / eigenvalues(d)[-1], "Close: the limit is 2/λ_max, not 1/λ_max."),
    ],
    explain="Every rate below it converges; the article's 1e-4 is more than a hundred times "
            "smaller.",
)

register(
    "04.2",
    lambda data: 2.0 / (eigenvalues(data)[0] + eigenvalues(data)[-1]),
    "Balance the two factors |1 − lr·λ_min| and |1 − lr·λ_max| so that they are equal.",
    rtol=1e-3,
    default_data=course_data,
    mistakes=[
        (lambda d: 2.0 / eigenvalues(d)[-1], "That is the stability limit: there the steep direction "
                                      "does not shrink at all."),
        (lambda d: 1.0 / eigenvalues(d)[-1], "1/λ_max kills the steep direction in one step but leaves "
                                      "the slow one "
                                      "slower than it needs to be."),
    ],
    explain="2/(λ_min + λ_max): just below the stability limit, because λ_min is tiny here.",
)

register(
    "04.3",
    lambda data: ((eigenvalues(data)[-1] - eigenvalues(data)[0])
                  / (eigenvalues(data)[-1] + eigenvalues(data)[0])),
    "Put lr = 2/(λ_min + λ_max) into |1 − lr·λ_min|; write it with the condition number κ.",
    rtol=1e-4,
    default_data=course_data,
    explain="(κ − 1)/(κ + 1), close to 1 when κ is large: that is why ill-conditioned problems "
            "are slow.",
)


def _small_data() -> Dataset:
    """What exercise 4 of the notebook passes: 20 points instead of the course's 100."""
    return make_linear_data(n=20, seed=0)


def _steps_to_shrink(data: Dataset) -> int:
    ev = eigenvalues(data)
    rho = (ev[-1] - ev[0]) / (ev[-1] + ev[0])
    return int(math.ceil(math.log(1e-6) / math.log(rho)))


register(
    "04.4",
    _steps_to_shrink,
    "You need ρᵏ ≤ 1e-6 with ρ the factor of the previous exercise: k = log(1e-6)/log(ρ), rounded "
    "up.",
    kind="integer",
    atol=1.0,
    default_data=_small_data,
    explain="About two thousand steps; with standardised x (κ = 1) it would be one.",
)

register(
    "04.5",
    lambda _: step_decay(0.01, step_size=100, gamma=0.5)(250),
    "The rate halves after every 100 updates: count how many halvings have happened by update 250.",
    mistakes=[
        (lambda _: 0.01 * 0.5**2.5, "Step decay halves in whole steps: ⌊250/100⌋ = 2 halvings, "
                                    "not 2.5."),
        (lambda _: exponential_decay(0.01, gamma=0.5)(250), "That is exponential decay per update; "
                                                            "step decay halves only every 100 "
                                                                "updates."),
    ],
    explain="0.01 · 0.5² = 0.0025: two halvings, at updates 100 and 200.",
)
