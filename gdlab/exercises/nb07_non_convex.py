"""The exercises of notebooks/07_non_convex.ipynb (its cells state the prompts).

The double well f(x) = x⁴ − 3x² + x (`gd.DoubleWell`), whose minima and hump the notebook
prints, and the saddle f(x, y) = x² + y⁴/4 − y²/2 (`gd.Saddle`).
"""

from __future__ import annotations

import math

import numpy as np

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
    f"Gradient descent only ever goes downhill. Is f′({WELL_X0:g}) positive or negative, and which "
    "valley lies that way?",
    rtol=5e-3,
    mistakes=[
        (lambda _: DEEP, f"That is the deeper minimum, on the other side of the hump at "
                         f"x ≈ {HUMP:.2f}. From {WELL_X0:g} the slope points the other way."),
    ],
    explain=f"x ≈ {SHALLOW:.2f}, the shallow minimum: the deep one at x ≈ {show(DEEP, '.2f')} is "
            "never seen, because the hump lies between.",
)

register(
    "07.2",
    lambda _: _limit_at(SHALLOW),
    "Notebook 01: on a parabola GD is stable for lr < 2/f″. Here f″(x) = 12x² − 6; put in the "
    "minimum's x.",
    rtol=0.025,  # two significant figures (0.21) are enough for a value read off a formula
    mistakes=[
        (lambda _: _limit_at(SHALLOW) / 2, "That is 1/f″, the rate that lands in one step; the "
                                           "limit of stability is 2/f″."),
        (lambda _: 2.0 / _limit_at(SHALLOW), "That is f″ itself; the limit is 2/f″."),
        (lambda _: _limit_at(DEEP), f"That is the limit at the deep minimum (x ≈ "
                                    f"{show(DEEP, '.2f')}), which is stiffer; the question asks "
                                    "about the shallow one."),
    ],
    explain=f"2/f″({SHALLOW:.3f}) ≈ {_limit_at(SHALLOW):.3f}. The explorer's lr zones use the "
            f"stiffer deep minimum, 2/f″ ≈ {_limit_at(DEEP):.3f}; between the two limits GD can "
            "settle in the shallow valley but never in the deep one.",
)

register(
    "07.3",
    _saddle_hessian_eigenvalues,
    "At (0, 0) the Hessian is diagonal: differentiate twice in x, then twice in y and put y = 0.",
    kind="vector",
    rtol=1e-4,
    atol=1e-6,
    answer_format="a list [λ_min, λ_max]",
    mistakes=[
        swapped(_saddle_hessian_eigenvalues, "give the smallest first"),
        (lambda _: np.abs(_saddle_hessian_eigenvalues(None)), "One of them is negative: along y "
                                                              "the origin is the top of a hill "
                                                              "(−y²/2)."),
    ],
    explain="−1 and 2: a valley along x and a hill along y. One negative eigenvalue makes a "
            "saddle; the gradient is zero there, yet it is no minimum.",
)

register(
    "07.4",
    lambda _: _escape_step(ASKED_Y0),
    f"Near the saddle each step multiplies y by (1 + lr) = {1 + SADDLE_LR:g}: every factor 1000 "
    f"closer to the ridge costs the same number of extra steps, log 1000/log {1 + SADDLE_LR:g}. "
    f"Add them to the step for y₀ = {sci(TABLE_Y0)}, the first k with `traj.losses[k] < {AWAY}` in "
    f"`traj = gd.run(gd.Saddle(), gd.sgd({SADDLE_LR}), [{SADDLE_X0}, {sci(TABLE_Y0)}], 400)`.",
    kind="integer",
    atol=2.0,
    mistakes=[(lambda _: 1000 * _escape_step(TABLE_Y0), "It is not proportional: y grows by a "
                                                        "factor each step, so every factor 1000 "
                                                        "adds a fixed number of steps.")],
    explain=f"About {_EXTRA:.0f} more steps than for {sci(TABLE_Y0)} (log 1000 / log "
            f"{1 + SADDLE_LR:g} ≈ {_EXTRA:.1f}): the closer the start to the ridge, the longer it "
            "dwells, but only logarithmically.",
)
