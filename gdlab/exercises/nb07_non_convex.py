"""The exercises of notebooks/07_non_convex.ipynb (its cells state the prompts).

The double well f(x) = x⁴ − 3x² + x (`gd.DoubleWell`), whose minima and hump the notebook
prints, and the saddle f(x, y) = x² + y⁴/4 − y²/2 (`gd.Saddle`).
"""

from __future__ import annotations

import math

import numpy as np

from ..i18n import lazy
from ..numeric import central_difference
from ..optimizers import make_optimizer
from ..problems import DoubleWell, Saddle
from ..running import run
from .checker import register
from .common import sci, show, swapped

WELL, SADDLE = DoubleWell(), Saddle()
(DEEP,), (SHALLOW,) = WELL.minima
HUMP = WELL.maximum
WELL_LR, WELL_STEPS, WELL_X0 = 0.05, 200, 0.3  # exercise 1: lr 0.05, 200 steps from x₀ = 0.3
# Exercise 4: GD at lr 0.1 from (1.2, y₀); "away" is the first loss below −0.2, as in the
# notebook's table, whose smallest y₀ is 1e-9; the exercise asks for y₀ = 1e-12.
SADDLE_LR, SADDLE_X0, AWAY, TABLE_Y0, ASKED_Y0 = 0.1, 1.2, -0.2, 1e-9, 1e-12


def _double_well_end(_: object) -> float:
    traj = run(WELL, make_optimizer("gd", WELL_LR), [WELL_X0], WELL_STEPS)
    return float(traj.final_params[0])


def _limit_at(x: float) -> float:
    """2/f″(x), with f″ the central difference of f′."""
    return float(2.0 / central_difference(lambda v: WELL.grad(v)[0], np.array([x]))[0])


def _saddle_hessian_eigenvalues(_: object) -> np.ndarray:
    H = central_difference(SADDLE.grad, [0.0, 0.0])
    return np.linalg.eigvalsh(0.5 * (H + H.T))


def _escape_step(y0: float) -> int:
    """The first step at which GD from (SADDLE_X0, y0) has loss below AWAY."""
    traj = run(SADDLE, make_optimizer("gd", SADDLE_LR), [SADDLE_X0, y0], 600)
    return int(np.flatnonzero(traj.losses < AWAY)[0])


_EXTRA = math.log(1000) / math.log(1 + SADDLE_LR)  # steps per factor 1000 closer to the ridge

register(
    "07.1",
    _double_well_end,
    lazy("Gradient descent only ever goes downhill. Is f′({well_x0:g}) positive or negative, and which "
         "valley lies that way?", well_x0=WELL_X0),
    rtol=5e-3,
    mistakes=[
        (lambda _: DEEP, lazy("That is the deeper minimum, on the other side of the hump at x ≈ "
                              "{hump:.2f}. From {well_x0:g} the slope points the other way.", hump=HUMP,
                              well_x0=WELL_X0)),
    ],
    explain=lazy("x ≈ {shallow:.2f}, the shallow minimum: the deep one at x ≈ {deep} is never seen, "
                 "because the hump lies between.", shallow=SHALLOW, deep=show(DEEP, '.2f')),
)

register(
    "07.2",
    lambda _: _limit_at(SHALLOW),
    lazy("Notebook 01: on a parabola GD is stable for lr < 2/f″. Here f″(x) = 12x² − 6; put in the "
         "minimum's x."),
    rtol=0.025,  # two significant figures (0.21) are enough for a value read off a formula
    mistakes=[
        (lambda _: _limit_at(SHALLOW) / 2, lazy("That is 1/f″, the rate that lands in one step; the "
                                                "limit of stability is 2/f″.")),
        (lambda _: 2.0 / _limit_at(SHALLOW), lazy("That is f″ itself; the limit is 2/f″.")),
        (lambda _: _limit_at(DEEP), lazy("That is the limit at the deep minimum (x ≈ {deep}), which is "
                                         "stiffer; the question asks about the shallow one.",
                                         deep=show(DEEP, '.2f'))),
    ],
    explain=lazy("2/f″({shallow:.3f}) ≈ {limit_at_shallow:.3f}. The explorer's lr zones use the stiffer "
                 "deep minimum, 2/f″ ≈ {limit_at_deep:.3f}; between the two limits GD can settle in the "
                 "shallow valley but never in the deep one.", shallow=SHALLOW,
                 limit_at_shallow=_limit_at(SHALLOW), limit_at_deep=_limit_at(DEEP)),
)

register(
    "07.3",
    _saddle_hessian_eigenvalues,
    lazy("At (0, 0) the Hessian is diagonal: differentiate twice in x, then twice in y and put y = 0."),
    kind="vector",
    rtol=1e-4,
    atol=1e-6,
    answer_format=lazy("a list [λ_min, λ_max]"),
    mistakes=[
        swapped(_saddle_hessian_eigenvalues, lazy("give the smallest first")),
        (lambda _: np.abs(_saddle_hessian_eigenvalues(None)), lazy("One of them is negative: along y "
                                                                   "the origin is the top of a hill "
                                                                   "(−y²/2).")),
    ],
    explain=lazy("−1 and 2: a valley along x and a hill along y. One negative eigenvalue makes a "
                 "saddle; the gradient is zero there, yet it is no minimum."),
)

register(
    "07.4",
    lambda _: _escape_step(ASKED_Y0),
    lazy("Near the saddle each step multiplies y by (1 + lr) = {factor:g}: every factor 1000 "
         "closer to the ridge costs the same number of extra steps, log 1000/log {factor:g}. Add "
         "them to the step for y₀ = {table_y0}, the first k with `traj.losses[k] < {away}` in `traj = "
         "gd.run(gd.Saddle(), gd.sgd({saddle_lr}), [{saddle_x0}, {table_y0}], 400)`.",
         factor=1 + SADDLE_LR, table_y0=sci(TABLE_Y0), away=AWAY, saddle_lr=SADDLE_LR,
         saddle_x0=SADDLE_X0),
    kind="integer",
    atol=2.0,
    mistakes=[(lambda _: 1000 * _escape_step(TABLE_Y0), lazy("It is not proportional: y grows by a "
                                                             "factor each step, so every factor 1000 "
                                                             "adds a fixed number of steps."))],
    explain=lazy("About {extra:.0f} more steps than for {table_y0} (log 1000 / log {factor:g} ≈ "
                 "{extra:.1f}): the closer the start to the ridge, the longer it dwells, but only "
                 "logarithmically.", extra=_EXTRA, table_y0=sci(TABLE_Y0), factor=1 + SADDLE_LR),
)
