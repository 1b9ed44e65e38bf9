"""The exercises of notebooks/02_linear_regression.ipynb, whose cells state the prompts."""

from __future__ import annotations

import numpy as np

from ..data import Dataset, seed_points
from ..problems import LinearRegression
from .checker import register
from .common import course_data

_TWO_POINTS = np.array([[1.0, 3.5], [4.0, 9.5]])  # (x, y) rows


register(
    "02.1",
    lambda _: np.linalg.solve(np.column_stack([_TWO_POINTS[:, 0], np.ones(2)]), _TWO_POINTS[:, 1]),
    "Subtract the two equations 3.5 = w·1 + b and 9.5 = w·4 + b to get w, then put w back into "
    "one of them.",
    kind="vector",
    answer_format="a list [w, b]",
    mistakes=[(lambda _: np.linalg.solve(np.column_stack([_TWO_POINTS[:, 0], np.ones(2)]),
                                         _TWO_POINTS[:, 1])[::-1],
               "Right numbers, wrong order: gdlab always writes (w, b), slope first.")],
    explain="w = (9.5 − 3.5)/(4 − 1) = 2 and b = 3.5 − 2 = 1.5. With noisy data no line passes "
            "through every point, hence a loss to minimise.",
)


def _grad_at_zero(data: Dataset) -> np.ndarray:
    return LinearRegression(data).grad(np.zeros(2))


register(
    "02.2",
    _grad_at_zero,
    "At (0, 0) every residual is r_i = −y_i, so ∂L/∂w = (2/N)·Σ r_i·x_i and ∂L/∂b = (2/N)·Σ r_i. "
    "With numpy: `(2 * -data.y * data.x).mean()`.",
    kind="vector",
    answer_format="a list [dL/dw, dL/db]",
    default_data=course_data,
    mistakes=[
        (lambda d: _grad_at_zero(d) / 2, "Half of the right answer: the derivative of r² is 2r."),
        (lambda d: -_grad_at_zero(d), "The sign is flipped: the residual is w·x + b − y, which is "
                                      "−y at (0, 0)."),
        (lambda d: _grad_at_zero(d)[::-1], "Right numbers, wrong order: [∂L/∂w, ∂L/∂b]."),
        (lambda d: _grad_at_zero(d) * len(d), "That is the gradient of the sum; the MSE divides "
                                              "by N."),
    ],
    explain="Both partial derivatives are negative: increasing w or b lowers the loss, so the "
            "first "
            "step moves up and to the right.",
)

register(
    "02.3",
    lambda data: LinearRegression(data).solve(),
    "Build `problem = gd.LinearRegression(data)` and look for the method that solves it exactly, "
    "or use `np.polyfit(data.x, data.y, 1)`.",
    kind="vector",
    rtol=1e-4,
    atol=1e-4,
    answer_format="a list [w, b]",
    default_data=course_data,
    mistakes=[
        (lambda d: np.array([d.true_w, d.true_b]),
         "Those are the true w and b that made the data. The noise moves the best fit away from "
         "them."),
        (lambda d: LinearRegression(d).solve()[::-1], "Right numbers, wrong order: [w, b]."),
    ],
    explain="Least squares lands near the true line but not on it: the noise tilts it a little.",
)


def _seed_5_points() -> Dataset:
    """What exercises 4 and 5 of the notebook pass: the listing's 16 points, made with seed 5."""
    return seed_points(seed=5)


def _b_short(data: Dataset) -> float:
    """b* − b after the listing's run: 100,000 plain GD steps at lr 1e-4 from (0, 0)."""
    from ..exact import exact_trajectory

    problem = LinearRegression(data)
    theta, _ = exact_trajectory(problem, 1e-4, [0.0, 0.0], 100_000).at(100_000)
    return float(problem.solve()[1] - theta[1])


register(
    "02.4",
    _b_short,
    "`gd.exact_trajectory(problem, 1e-4, [0, 0], 100_000).at(100_000)` gives (θ, loss) after the "
    "run "
    "in one call; θ is (w, b). Compare θ[1] with `problem.solve()[1]`.",
    rtol=1e-2,
    default_data=_seed_5_points,
    mistakes=[(lambda d: -_b_short(d), "Right size, wrong sign: b* − b, and b stops below b*.")],
    explain="b still climbs when the loop ends: along b the loss is so flat that lr 1e-4 barely "
            "moves it.",
)

register(
    "02.5",
    lambda data: float(np.max(np.abs(LinearRegression(data).predict(LinearRegression(data).solve())
                                     - data.y))),
    "Fit the least-squares line to the 16 points and look at y − (w·x + b). Are the points on a "
    "line?",
    atol=1e-9,
    default_data=_seed_5_points,
    explain="Zero (to rounding): the listing adds one shared noise value to every point, so they "
            "lie "
            "exactly on a line and there is nothing approximate to solve.",
)
