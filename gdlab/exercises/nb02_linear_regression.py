"""The exercises of notebooks/02_linear_regression.ipynb (its cells state the prompts).

The MSE of a line, L(w, b) = (1/N)·Σ (w·x_i + b − y_i)², on the course data, and the seed
listing's run: 100,000 plain GD steps at lr = 1e-4 from (0, 0) on its 16 points.
"""

from __future__ import annotations

import numpy as np

from ..data import Dataset, seed_points
from ..exact import exact_trajectory
from ..i18n import lazy
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
    lazy("Subtract the two equations {y1:g} = w·{x1:g} + b and {y2:g} = w·{x2:g} + b to get w, then put "
         "w back into one of them.", y1=Y1, x1=X1, y2=Y2, x2=X2),
    kind="vector",
    answer_format=lazy("a list [w, b]"),
    mistakes=[swapped(_line_through, lazy("gdlab always writes [w, b], slope first"))],
    explain=lazy("w = ({y2:g} − {y1:g})/({x2:g} − {x1:g}) = {w:g} and b = {y1:g} − {w:g}·{x1:g} = "
                 "{b:g}. With noisy data no line passes through every point, hence a loss to minimise.",
                 y2=Y2, y1=Y1, x2=X2, x1=X1, w=_W, b=_B),
)

register(
    "02.2",
    _grad_at_zero,
    lazy("At (0, 0) every residual is r_i = −y_i, so ∂L/∂w = (2/N)·Σ r_i·x_i and ∂L/∂b = (2/N)·Σ r_i. "
         "With numpy: `(2 * -data.y * data.x).mean()`."),
    kind="vector",
    answer_format=lazy("a list [dL/dw, dL/db]"),
    default_data=course_data,
    mistakes=[
        scaled(_grad_at_zero, 0.5, lazy("Half of the right answer: the derivative of r² is 2r.")),
        negated(_grad_at_zero, lazy("The sign is flipped: the residual is w·x + b − y, which is −y at "
                                    "(0, 0).")),
        swapped(_grad_at_zero, "[∂L/∂w, ∂L/∂b]"),
        (lambda d: _grad_at_zero(d) * len(d), lazy("That is the gradient of the sum; the MSE divides by "
                                                   "N.")),
    ],
    explain=lazy("Both partial derivatives are negative: increasing w or b lowers the loss, so the "
                 "first step moves up and to the right."),
)

register(
    "02.3",
    _least_squares,
    lazy("Build `problem = gd.LinearRegression(data)` and look for the method that solves it exactly, "
         "or use `np.polyfit(data.x, data.y, 1)`."),
    kind="vector",
    rtol=1e-4,
    atol=1e-4,
    answer_format=lazy("a list [w, b]"),
    default_data=course_data,
    mistakes=[
        (lambda d: np.array([d.true_w, d.true_b]),
         lazy("Those are the true w and b that made the data. The noise moves the best fit away from "
              "them.")),
        swapped(_least_squares, "[w, b]"),
    ],
    explain=lazy("Least squares lands near the true line but not on it: the noise tilts it a little."),
)

register(
    "02.4",
    _b_short,
    lazy("`gd.exact_trajectory(problem, {listing_lr}, [0, 0], {listing_steps:_}).at({listing_steps:_})` "
         "gives (θ, loss) after the run in one call, with `problem = gd.LinearRegression(data)`; θ is "
         "(w, b). Compare θ[1] with `problem.solve()[1]`.", listing_lr=sci(LISTING_LR),
         listing_steps=LISTING_STEPS),
    rtol=1e-2,
    default_data=_listing_points,
    mistakes=[negated(_b_short, lazy("Right size, wrong sign: b* − b, and b stops below b*."))],
    explain=lazy("b still climbs when the loop ends: along b the loss is so flat that lr {listing_lr} "
                 "barely moves it.", listing_lr=sci(LISTING_LR)),
)

register(
    "02.5",
    _largest_residual,
    lazy("Fit the least-squares line to the 16 points and look at y − (w·x + b). Are the points on a "
         "line?"),
    atol=1e-9,
    default_data=_listing_points,
    explain=lazy("Zero (to rounding): the listing adds one shared noise value to every point, so they "
                 "lie exactly on a line and there is nothing approximate to solve."),
)
