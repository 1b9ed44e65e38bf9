"""The exercises of notebooks/05_stochastic_gradient_descent.ipynb (its cells state the prompts).

Epochs of mini-batches, inverse-time decay lr_t = lr/(1 + decay·t), and the noise floor of
constant-rate SGD on the course data with x standardised, the problem the notebook runs.
"""

from __future__ import annotations

import math

import numpy as np

from ..data import Dataset
from ..i18n import lazy
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
    lazy("An epoch visits every point once, {batch} at a time. What happens to the points left over?",
         batch=BATCH),
    kind="integer",
    default_data=course_data,
    mistakes=[
        (lambda d: len(d) // BATCH, lazy("Close: {full} batches of {batch} leave {left} points, and "
                                         "those {left} make one more (smaller) step.", full=_FULL,
                                         batch=BATCH, left=_LEFT)),
        (lambda d: len(d) * BATCH, lazy("That multiplies; an epoch is N points shared out {batch} per "
                                        "step.", batch=BATCH)),
    ],
    explain=lazy("⌈{n}/{batch}⌉ = {batches}: {full} batches of {batch} and a last one of "
                 "{left}. Every epoch costs N point-gradients, whatever the batch size.",
                 n=_FULL * BATCH + _LEFT, batch=BATCH, batches=_FULL + 1, full=_FULL,
                 left=_LEFT),
)

register(
    "05.2",
    lambda _: inverse_time_decay(LR0, decay=DECAY)(T),
    lazy("lr_t = lr / (1 + decay·t): put in t = {t}.", t=T),
    mistakes=[
        (lambda _: LR0 / (DECAY * T), lazy("Keep the 1 in 1 + decay·t: it is what makes lr_0 = lr.")),
        (lambda _: LR0 * (1 - DECAY) ** T, lazy("That is exponential decay; inverse-time decay divides "
                                                "by 1 + decay·t.")),
    ],
    explain=lazy("{lr0:g}/(1 + {decay_t:g}) = {rate:g}: {share:.0%} of the start after {t} updates, "
                 "and still shrinking, slower and slower.", lr0=LR0, decay_t=DECAY * T, rate=_RATE,
                 share=_RATE / LR0, t=T),
)

register(
    "05.3",
    lambda _: _sgd_floor(LR),
    lazy("`traj = gd.run(problem, gd.sgd({lr}), [0.0, 0.0], {steps}, batch_size=1, seed={seed})` on the "
         "notebook's `problem` (x standardised), then `np.mean(traj.losses[-{last}:]) - "
         "problem.min_loss()`.", lr=LR, steps=STEPS, seed=SEED, last=LAST),
    rtol=1e-2,
    mistakes=[
        *[(lambda _, lr=lr: _sgd_floor(lr), lazy("That is the floor of the notebook's run with lr = "
                                                 "{lr}; run it with lr = {lr2}.", lr=lr, lr2=LR))
          for lr in NOTEBOOK_LRS],
        (lambda _: _sgd_floor(LR, last=1), lazy("That is the gap at the last step alone, which jumps "
                                                "about; average the last {last}.", last=LAST)),
    ],
    explain=lazy("Between the floors of {max_notebook_lrs} and {min_notebook_lrs}: the cloud SGD hovers "
                 "in shrinks roughly in proportion to lr, and no constant rate makes it vanish.",
                 max_notebook_lrs=max(NOTEBOOK_LRS), min_notebook_lrs=min(NOTEBOOK_LRS)),
)
