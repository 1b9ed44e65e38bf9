"""What the exercises of several notebooks share: the course data, and the common slips.

A slip is a (wrong answer as a function of the data, hint) pair for `register(mistakes=...)`,
made here from the exercise's own solution so that it follows the data as the answer does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..data import Dataset, make_linear_data
from ..i18n import lazy
from ..problems import LinearRegression

Answer = Callable[[Dataset | None], Any]
Slip = tuple[Answer, str]


def course_data() -> Dataset:
    """The series' data set: 100 points from y = 1.477x + 0.089 + N(0.01, 1) noise, seed 0."""
    return make_linear_data(seed=0)


def eigenvalues(data: Dataset) -> np.ndarray:
    """λ_min, λ_max of the MSE's Hessian H = (2/N)·Σ (x_i, 1)ᵀ(x_i, 1) for `data`."""
    return np.linalg.eigvalsh(LinearRegression(data).hessian())


def show(value: float, spec: str = "g") -> str:
    """A number for a message, with a typographic minus (−1.4, not -1.4)."""
    return format(value, spec).replace("-", "−")


def sci(value: float) -> str:
    """A power of ten as the notebooks write it: 1e-4, not 0.0001 or 1e-04."""
    return f"{value:.0e}".replace("e-0", "e-").replace("e+0", "e")


def swapped(answer: Answer, order: str) -> Slip:
    """The right pair in the wrong order; `order` says the right one, e.g. "[w, b]"."""
    return (lambda data: np.asarray(answer(data))[::-1], lazy("Right numbers, wrong order: {order}.",
                                                              order=order))


def negated(answer: Answer, hint: str) -> Slip:
    """The right size with the wrong sign."""
    return (lambda data: -np.asarray(answer(data)), hint)


def scaled(answer: Answer, factor: float, hint: str) -> Slip:
    """The right answer times `factor`: a factor 2 dropped or added, a sum for a mean."""
    return (lambda data: factor * np.asarray(answer(data)), hint)
