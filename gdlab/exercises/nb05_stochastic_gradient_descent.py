"""The exercises of notebooks/05_stochastic_gradient_descent.ipynb (its cells state the prompts).

Epochs of mini-batches, inverse-time decay lr_t = lr/(1 + decay·t), and the noise floor of
constant-rate SGD on the course data with x standardised, the problem the notebook runs.
"""

from __future__ import annotations

import math

import numpy as np

from ..data import Dataset
from ..optimizers import make_optimizer
from ..problems import LinearRegression
from ..running import run
from ..schedules import inverse_time_decay
from .checker import register
from .common import course_data

BATCH = 8  # exercise 1: mini-batches of 8
LR0, DECAY, T = 0.1, 0.02, 200  # exercise 2: inverse_time_decay(0.1, decay=0.02) at t = 200
# Exercise 3 repeats the notebook's constant-rate runs (lr 0.1 and 0.01) with lr 0.05: batch
# size 1, 3000 steps, seed 0, from (0, 0); L − L* averaged over the last 500 steps.
LR, NOTEBOOK_LRS, STEPS, SEED, LAST = 0.05, (0.1, 0.01), 3000, 0, 500


def _sgd_floor(lr: float, last: int = LAST) -> float:
    """mean(L(θ_k) − L*) over the last `last` iterates of the run at `lr`."""
    problem = LinearRegression(course_data().standardized())
    traj = run(problem, make_optimizer("gd", lr), [0.0, 0.0], STEPS, batch_size=1, seed=SEED)
    return float(np.mean(traj.losses[-last:]) - problem.min_loss())


def _steps_per_epoch(data: Dataset) -> int:
    return math.ceil(len(data) / BATCH)


_FULL, _LEFT = divmod(len(course_data()), BATCH)
_RATE = inverse_time_decay(LR0, decay=DECAY)(T)

register(
    "05.1",
    _steps_per_epoch,
    f"An epoch visits every point once, {BATCH} at a time. What happens to the points left over?",
    kind="integer",
    default_data=course_data,
    mistakes=[
        (lambda d: len(d) // BATCH, f"Close: {_FULL} batches of {BATCH} leave {_LEFT} points, and "
                                    f"those {_LEFT} make one more (smaller) step."),
        (lambda d: len(d) * BATCH, f"That multiplies; an epoch is N points shared out {BATCH} per "
                                   "step."),
    ],
    explain=f"⌈{_FULL * BATCH + _LEFT}/{BATCH}⌉ = {_FULL + 1}: {_FULL} batches of {BATCH} and a "
            f"last one of {_LEFT}. Every epoch costs N point-gradients, whatever the batch size.",
)

register(
    "05.2",
    lambda _: inverse_time_decay(LR0, decay=DECAY)(T),
    f"lr_t = lr / (1 + decay·t): put in t = {T}.",
    mistakes=[
        (lambda _: LR0 / (DECAY * T), "Keep the 1 in 1 + decay·t: it is what makes lr_0 = lr."),
        (lambda _: LR0 * (1 - DECAY) ** T, "That is exponential decay; inverse-time decay divides "
                                           "by 1 + decay·t."),
    ],
    explain=f"{LR0:g}/(1 + {DECAY * T:g}) = {_RATE:g}: {_RATE / LR0:.0%} of the start after {T} "
            "updates, and still shrinking, slower and slower.",
)

register(
    "05.3",
    lambda _: _sgd_floor(LR),
    f"`traj = gd.run(problem, gd.sgd({LR}), [0.0, 0.0], {STEPS}, batch_size=1, seed={SEED})` on "
    f"the notebook's `problem` (x standardised), then `np.mean(traj.losses[-{LAST}:]) - "
    "problem.min_loss()`.",
    rtol=1e-2,
    mistakes=[
        *[(lambda _, lr=lr: _sgd_floor(lr), f"That is the floor of the notebook's run with lr = "
                                            f"{lr}; run it with lr = {LR}.")
          for lr in NOTEBOOK_LRS],
        (lambda _: _sgd_floor(LR, last=1), f"That is the gap at the last step alone, which jumps "
                                           f"about; average the last {LAST}."),
    ],
    explain=f"Between the floors of {max(NOTEBOOK_LRS)} and {min(NOTEBOOK_LRS)}: the cloud SGD "
            "hovers in shrinks roughly in proportion to lr, and no constant rate makes it vanish.",
)
