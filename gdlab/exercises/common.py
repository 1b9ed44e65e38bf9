"""What the exercises of several notebooks share: the course data and its Hessian's eigenvalues."""

from __future__ import annotations

import numpy as np

from ..data import Dataset, make_linear_data
from ..problems import LinearRegression


def course_data() -> Dataset:
    """The series' data set: 100 points from y = 1.477x + 0.089 + N(0.01, 1) noise, seed 0."""
    return make_linear_data(seed=0)


def eigenvalues(data: Dataset) -> np.ndarray:
    return np.linalg.eigvalsh(LinearRegression(data).hessian())
