"""The exercises of notebooks/05_stochastic_gradient_descent.ipynb, whose cells state the prompts."""

from __future__ import annotations

import math

import numpy as np

from ..data import Dataset
from ..problems import LinearRegression
from ..schedules import inverse_time_decay
from .checker import register
from .common import course_data


def _standardized_course_data() -> Dataset:
    """The course data with x standardised: what notebooks 05 and 06 run SGD on."""
    return course_data().standardized()
def _inverse_time_rate(t: int) -> float:

    return inverse_time_decay(0.1, decay=0.02)(t)


register(
    "05.1",
    lambda data: math.ceil(len(data) / 8),
    "An epoch visits every point once, 8 at a time. What happens to the points left over?",
    kind="integer",
    default_data=course_data,
    mistakes=[
        (lambda d: len(d) // 8, "Close: 12 batches of 8 leave 4 points, and those 4 make one more "
                                "(smaller) step."),
        (lambda d: len(d) * 8, "That multiplies; an epoch is N points shared out 8 per step."),
    ],
    explain="⌈100/8⌉ = 13: twelve batches of 8 and a last one of 4. Every epoch costs 100 "
            "point-gradients, whatever the batch size.",
)

register(
    "05.2",
    lambda _: _inverse_time_rate(200),
    "lr_t = lr / (1 + decay·t): put in t = 200.",
    mistakes=[
        (lambda _: 0.1 / (0.02 * 200), "Keep the 1 in 1 + decay·t: it is what makes lr_0 = lr."),
        (lambda _: 0.1 * (1 - 0.02) ** 200, "That is exponential decay; inverse-time decay divides "
                                            "by 1 + decay·t."),
    ],
    explain="0.1/(1 + 4) = 0.02: a fifth of the start after 200 updates, and still shrinking, "
            "slower and slower.",
)


def _sgd_floor(lr: float, last_only: bool = False) -> float:
    """L − L* of constant-rate SGD (batch size 1, 3000 steps, seed 0, from (0, 0)) on the
    standardised course data, averaged over the last 500 steps (or at the last step)."""
    import gdlab as gd

    problem = LinearRegression(_standardized_course_data())
    traj = gd.run(problem, gd.sgd(lr), [0.0, 0.0], 3000, batch_size=1, seed=0)
    losses = traj.losses[-1:] if last_only else traj.losses[-500:]
    return float(np.mean(losses) - problem.min_loss())


register(
    "05.3",
    lambda _: _sgd_floor(0.05),
    "Copy the run with `gd.sgd(0.1)` and change the rate; then `np.mean(traj.losses[-500:]) - "
    "problem.min_loss()`.",
    rtol=1e-2,
    mistakes=[
        (lambda _: _sgd_floor(0.1), "That is the floor of lr = 0.1, printed above; run it with "
                                    "lr = 0.05."),
        (lambda _: _sgd_floor(0.01), "That is the floor of lr = 0.01, printed above; run it with "
                                     "lr = 0.05."),
        (lambda _: _sgd_floor(0.05, last_only=True), "That is the gap at the last step alone, "
                                                     "which jumps about; average the last 500."),
    ],
    explain="Between the floors of 0.1 and 0.01: the cloud SGD hovers in shrinks roughly in "
            "proportion to lr, and no constant rate makes it vanish.",
)
