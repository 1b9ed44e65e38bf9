"""Loss functions to descend: each problem has `.dim`, `.loss(theta)`, `.grad(theta)`.

`base` holds the contract every problem keeps (`min_loss`, `lr_limit`); `quadratic` the losses
whose Hessian is constant (so plain GD has a closed form); `regression` the losses on data;
`test_functions` the non-convex 1-D and 2-D functions of notebooks 06 and 07; `softmax` the
ten-class model of the handwritten digits (notebook 10).
"""

from .base import Function, Problem, problem_label
from .quadratic import Bowl, Parabola, Quadratic, QuadraticForm
from .regression import DataProblem, LinearRegression, LogisticRegression, sigmoid
from .softmax import SoftmaxRegression, log_softmax
from .test_functions import DoubleWell, Himmelblau, Rosenbrock, Saddle

__all__ = [
    "Bowl", "DataProblem", "DoubleWell", "Function", "Himmelblau", "LinearRegression",
    "LogisticRegression", "Parabola", "Problem", "Quadratic", "QuadraticForm", "Rosenbrock",
    "Saddle", "SoftmaxRegression", "log_softmax", "problem_label", "sigmoid",
]
