"""The exercises of notebooks/02_linear_regression.ipynb (its cells state the prompts).

The MSE of a line, L(w, b) = (1/N)·Σ (w·x_i + b − y_i)², on the course data, and the seed
listing's run: 100,000 plain GD steps at lr = 1e-4 from (0, 0) on its 16 points.
"""

from __future__ import annotations

import numpy as np

from ..data import Dataset, seed_points
from ..exact import exact_trajectory
from ..problems import LinearRegression
from .checker import register
from .common import course_data, negated, scaled, sci, swapped

(X1, Y1), (X2, Y2) = TWO_POINTS = ((1.0, 3.5), (4.0, 9.5))  # exercise 1's two points (x, y)
LISTING_LR, LISTING_STEPS = 1e-4, 100_000  # the seed listing's run, which exercise 4 repeats
LISTING_SEED = 5  # exercises 4 and 5 make the listing's points with gd.seed_points(seed=5)


def _line_through(_: object) -> np.ndarray:
    """(w, b) of the line through the two points: solve w·x_i + b = y_i."""
    x, y = np.array(TWO_POINTS).T
    return np.linalg.solve(np.column_stack([x, np.ones(2)]), y)


def _grad_at_zero(data: Dataset) -> np.ndarray:
    """∇L(0, 0) = (2/N)·Σ (−y_i)·(x_i, 1)."""
    return LinearRegression(data).grad(np.zeros(2))


def _least_squares(data: Dataset) -> np.ndarray:
    return LinearRegression(data).solve()


def _listing_points() -> Dataset:
    return seed_points(seed=LISTING_SEED)


def _b_short(data: Dataset) -> float:
    """b* − b after the listing's run, in closed form."""
    problem = LinearRegression(data)
    theta, _ = exact_trajectory(problem, LISTING_LR, [0.0, 0.0], LISTING_STEPS).at(LISTING_STEPS)
    return float(problem.solve()[1] - theta[1])


def _largest_residual(data: Dataset) -> float:
    """max_i |y_i − (w*·x_i + b*)| for the least-squares line."""
    problem = LinearRegression(data)
    return float(np.max(np.abs(problem.predict(problem.solve()) - data.y)))


_W, _B = _line_through(None)

register(
    "02.1",
    _line_through,
    f"Subtract the two equations {Y1:g} = w·{X1:g} + b and {Y2:g} = w·{X2:g} + b to get w, then "
    "put w back into one of them.",
    kind="vector",
    answer_format="a list [w, b]",
    mistakes=[swapped(_line_through, "gdlab always writes [w, b], slope first")],
    explain=f"w = ({Y2:g} − {Y1:g})/({X2:g} − {X1:g}) = {_W:g} and b = {Y1:g} − {_W:g}·{X1:g} = "
            f"{_B:g}. With noisy data no line passes through every point, hence a loss to minimise.",
)

register(
    "02.2",
    _grad_at_zero,
    "At (0, 0) every residual is r_i = −y_i, so ∂L/∂w = (2/N)·Σ r_i·x_i and ∂L/∂b = (2/N)·Σ r_i. "
    "With numpy: `(2 * -data.y * data.x).mean()`.",
    kind="vector",
    answer_format="a list [dL/dw, dL/db]",
    default_data=course_data,
    mistakes=[
        scaled(_grad_at_zero, 0.5, "Half of the right answer: the derivative of r² is 2r."),
        negated(_grad_at_zero, "The sign is flipped: the residual is w·x + b − y, which is −y at "
                               "(0, 0)."),
        swapped(_grad_at_zero, "[∂L/∂w, ∂L/∂b]"),
        (lambda d: _grad_at_zero(d) * len(d), "That is the gradient of the sum; the MSE divides "
                                              "by N."),
    ],
    explain="Both partial derivatives are negative: increasing w or b lowers the loss, so the "
            "first step moves up and to the right.",
)

register(
    "02.3",
    _least_squares,
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
        swapped(_least_squares, "[w, b]"),
    ],
    explain="Least squares lands near the true line but not on it: the noise tilts it a little.",
)

register(
    "02.4",
    _b_short,
    f"`gd.exact_trajectory(problem, {sci(LISTING_LR)}, [0, 0], {LISTING_STEPS:_}).at({LISTING_STEPS:_})` "
    "gives (θ, loss) after the run in one call, with `problem = gd.LinearRegression(data)`; θ is "
    "(w, b). Compare θ[1] with `problem.solve()[1]`.",
    rtol=1e-2,
    default_data=_listing_points,
    mistakes=[negated(_b_short, "Right size, wrong sign: b* − b, and b stops below b*.")],
    explain=f"b still climbs when the loop ends: along b the loss is so flat that lr {sci(LISTING_LR)} "
            "barely moves it.",
)

register(
    "02.5",
    _largest_residual,
    "Fit the least-squares line to the 16 points and look at y − (w·x + b). Are the points on a "
    "line?",
    atol=1e-9,
    default_data=_listing_points,
    explain="Zero (to rounding): the listing adds one shared noise value to every point, so they "
            "lie exactly on a line and there is nothing approximate to solve.",
)
