"""The exercises of notebooks/03_loss_surface.ipynb (its cells state the prompts).

The MSE's Hessian H = (2/N)·Σ (x_i, 1)ᵀ(x_i, 1) on the course data: its eigenvalues, its
condition number κ = λ_max/λ_min, and what standardising x does to them.
"""

from __future__ import annotations

import numpy as np

from ..data import Dataset
from ..i18n import lazy
from ..problems import LinearRegression
from .checker import register
from .common import course_data, scaled


def _condition_number(data: Dataset) -> float:
    return LinearRegression(data).condition_number()


def _slow_direction(data: Dataset) -> str:
    """The larger entry, 'w' or 'b', of the eigenvector of the smallest eigenvalue."""
    _, vecs = np.linalg.eigh(LinearRegression(data).hessian())
    slow = vecs[:, 0]
    return "b" if abs(slow[1]) > abs(slow[0]) else "w"


def _hessian(data: Dataset) -> np.ndarray:
    return LinearRegression(data).hessian()


register(
    "03.1",
    _condition_number,
    lazy("`np.linalg.eigvalsh(problem.hessian())` gives the two eigenvalues, smallest first."),
    rtol=1e-2,
    default_data=course_data,
    mistakes=[(lambda d: float(np.sqrt(_condition_number(d))),
               lazy("That is the square root; the condition number is the ratio of the eigenvalues "
                    "themselves."))],
    explain=lazy("Hundreds: the bowl is hundreds of times steeper across the valley than along it."),
)

register(
    "03.2",
    lambda data: _condition_number(data.standardized()),
    lazy("Standardised x has mean 0 and variance 1. Write the Hessian 2·[[mean(x²), mean(x)], [mean(x), "
         "1]] with those numbers."),
    default_data=course_data,
    explain=lazy("Exactly 1: the contours are circles, and every direction is equally steep."),
)

register(
    "03.3",
    _slow_direction,
    lazy("Find the eigenvector of the smallest eigenvalue (`np.linalg.eigh` returns them as columns): "
         "which of its two entries, (w, b), is larger?"),
    kind="choice",
    choices={"w": "w", "b": "b"},
    default_data=course_data,
    explain=lazy("The slow direction points almost along b: x is large (up to 15), so the loss is steep "
                 "in w and flat in b."),
)

register(
    "03.4",
    _hessian,
    lazy("Differentiate (2/N)·Σ r_i·(x_i, 1) once more: H = (2/N)·Σ (x_i, 1)ᵀ(x_i, 1), so H_ww = "
         "2·mean(x²)."),
    kind="vector",
    rtol=1e-4,
    answer_format=lazy("a 2×2 list of lists"),
    default_data=course_data,
    mistakes=[scaled(_hessian, 0.5, lazy("Half of the right answer: keep the 2 from r²."))],
    explain=lazy("H_bb = 2 whatever the data; H_ww = 2·mean(x²) grows with the square of the x values."),
)
