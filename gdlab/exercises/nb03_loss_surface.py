"""The exercises of notebooks/03_loss_surface.ipynb, whose cells state the prompts."""

from __future__ import annotations

import numpy as np

from ..data import Dataset
from ..problems import LinearRegression
from .checker import register
from .common import course_data

register(
    "03.1",
    lambda data: LinearRegression(data).condition_number(),
    "`np.linalg.eigvalsh(problem.hessian())` gives the two eigenvalues, smallest first.",
    rtol=1e-2,
    default_data=course_data,
    mistakes=[(lambda d: float(np.sqrt(LinearRegression(d).condition_number())),
               "That is the square root; the condition number is the ratio of the eigenvalues "
               "themselves.")],
    explain="Hundreds: the bowl is hundreds of times steeper across the valley than along it.",
)

register(
    "03.2",
    lambda data: LinearRegression(data.standardized()).condition_number(),
    "Standardised x has mean 0 and variance 1. Write the Hessian 2·[[mean(x²), mean(x)], "
    "[mean(x), 1]] "
    "with those numbers.",
    rtol=1e-3,
    default_data=course_data,
    explain="Exactly 1: the contours are circles, and every direction is equally steep.",
)


def _slow_direction(data: Dataset) -> str:
    _, vecs = np.linalg.eigh(LinearRegression(data).hessian())
    slow = vecs[:, 0]
    return "b" if abs(slow[1]) > abs(slow[0]) else "w"


register(
    "03.3",
    _slow_direction,
    "Find the eigenvector of the smallest eigenvalue (`np.linalg.eigh` returns them as columns): "
    "which "
    "of its two entries, (w, b), is larger?",
    kind="choice",
    choices={"w": "w", "b": "b"},
    default_data=course_data,
    explain="The slow direction points almost along b: x is large (up to 15), so the loss is "
            "steep in "
            "w and flat in b.",
)

register(
    "03.4",
    lambda data: LinearRegression(data).hessian(),
    "Differentiate (2/N)·Σ r_i·(x_i, 1) once more: H = (2/N)·Σ (x_i, 1)ᵀ(x_i, 1), so H_ww = "
    "2·mean(x²).",
    kind="vector",
    rtol=1e-4,
    answer_format="a 2×2 list of lists",
    default_data=course_data,
    mistakes=[(lambda d: LinearRegression(d).hessian() / 2, "Half of the right answer: keep the 2 "
        "from r².")],
    explain="H_bb = 2 whatever the data; H_ww = 2·mean(x²) grows with the square of the x values.",
)
