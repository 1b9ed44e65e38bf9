"""The exercises of notebooks/07_non_convex.ipynb, whose cells state the prompts."""

from __future__ import annotations

import numpy as np

from .checker import register


def _double_well_end(_: object) -> float:
    import gdlab as gd

    return float(gd.run(gd.DoubleWell(), gd.sgd(0.05), [0.3], 200).final_params[0])


def _shallow_limit(which: int = 1) -> float:
    """2/f″ at a minimum of f(x) = x⁴ − 3x² + x (0: the deep one, 1: the shallow one)."""
    import gdlab as gd

    well = gd.DoubleWell()
    x = np.array(well.minima[which], dtype=float)
    curvature = gd.numeric.central_difference(lambda v: well.grad(v)[0], x)[0]
    return float(2.0 / curvature)

register(
    "07.1",
    _double_well_end,
    "Gradient descent only ever goes downhill. Is f′(0.3) positive or negative, and which valley "
    "lies that way?",
    rtol=5e-3,
    mistakes=[
        (lambda _: -1.3008, "That is the deeper minimum, on the other side of the hump at "
                            "x ≈ 0.17. From 0.3 the slope points the other way."),
    ],
    explain="x ≈ 1.13, the shallow minimum: the deep one at x ≈ −1.30 is never seen, because the "
            "hump lies between.",
)

register(
    "07.2",
    lambda _: _shallow_limit(1),
    "Notebook 01: on a parabola GD is stable for lr < 2/f″. Here f″(x) = 12x² − 6; put in the "
    "minimum's x.",
    rtol=0.025,  # two significant figures (0.21) are enough for a value read off a formula
    mistakes=[
        (lambda _: _shallow_limit(1) / 2, "That is 1/f″, the rate that lands in one step; the limit "
                                          "of stability is 2/f″."),
        (lambda _: 2.0 / _shallow_limit(1), "That is f″ itself; the limit is 2/f″."),
        (lambda _: _shallow_limit(0), "That is the limit at the deep minimum (x ≈ −1.30), which is "
                                      "stiffer; the question asks about the shallow one."),
    ],
    explain="2/f″(1.131) ≈ 0.214. The explorer's lr zones use the stiffer deep minimum, 2/f″ ≈ "
            "0.140; between the two limits GD can settle in the shallow valley but never in the "
            "deep one.",
)


def _saddle_hessian_eigenvalues(_: object) -> np.ndarray:
    import gdlab as gd

    H = gd.numeric.central_difference(gd.Saddle().grad, [0.0, 0.0])
    return np.linalg.eigvalsh(0.5 * (H + H.T))


register(
    "07.3",
    _saddle_hessian_eigenvalues,
    "At (0, 0) the Hessian is diagonal: differentiate twice in x, then twice in y and put y = 0.",
    kind="vector",
    rtol=1e-4,
    atol=1e-6,
    answer_format="a list [λ_min, λ_max]",
    mistakes=[
        (lambda _: np.array([2.0, -1.0]), "Right numbers; give the smallest first."),
        (lambda _: np.array([1.0, 2.0]), "One of them is negative: along y the origin is the top of "
                                         "a hill (−y²/2)."),
    ],
    explain="−1 and 2: a valley along x and a hill along y. One negative eigenvalue makes a saddle; "
            "the gradient is zero there, yet it is no minimum.",
)


def _escape_step(y0: float) -> int:
    """The first step at which GD (lr 0.1) from (1.2, y0) has loss below −0.2: away from the saddle."""
    import gdlab as gd

    traj = gd.run(gd.Saddle(), gd.sgd(0.1), [1.2, y0], 600)
    return int(np.flatnonzero(traj.losses < -0.2)[0])


register(
    "07.4",
    lambda _: _escape_step(1e-12),
    "Near the saddle each step multiplies y by (1 + lr) = 1.1: every factor 1000 closer to the "
    "ridge costs the same number of extra steps. Read that number off the table.",
    kind="integer",
    atol=2.0,
    mistakes=[(lambda _: 1000 * _escape_step(1e-9), "It is not proportional: y grows by a factor "
                                                    "each step, so every factor 1000 adds a fixed "
                                                    "number of steps.")],
    explain="About 72 more steps than for 1e-9 (log 1000 / log 1.1 ≈ 72.5): the closer the start "
            "to the ridge, the longer it dwells, but only logarithmically.",
)
