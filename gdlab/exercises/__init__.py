"""Exercises checked on the spot: `gd.exercises.check("01.2", answer)` says right, or gives a hint.

The prompts are in the notebooks; this package holds what checks the answers. `checker` is the
machinery (an `Exercise`, its registration, reading an answer, the `Feedback`), and each
notebook's exercises are in one module named after it, `nb01_update_rule` for
notebooks/01_update_rule.ipynb and so on, which computes every expected answer from the same
gdlab objects and data the notebook uses. Importing this package registers them all.
"""

from . import (  # noqa: F401 - imported to register their exercises
    nb00_start_here,
    nb01_update_rule,
    nb02_linear_regression,
    nb03_loss_surface,
    nb04_learning_rate,
    nb05_stochastic_gradient_descent,
    nb06_optimizers,
    nb07_non_convex,
    nb08_logistic_regression,
    nb09_gradients_autograd,
    nb10_handwritten_digits,
)
from .checker import KINDS, Exercise, Feedback, available, check, get, register, solution
from .common import course_data

__all__ = ["KINDS", "Exercise", "Feedback", "available", "check", "course_data", "get", "register",
           "solution"]
