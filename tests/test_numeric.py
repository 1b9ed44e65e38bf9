"""Finite differences: their orders of accuracy, shapes, the gradient check, and bad input."""

import math

import numpy as np
import pytest

import gdlab as gd
from gdlab.numeric import central_difference, forward_difference, gradient_check, step_errors


def test_scalar_derivatives():
    assert forward_difference(math.sin, 1.0) == pytest.approx(math.cos(1.0), abs=1e-7)
    assert central_difference(math.sin, 1.0) == pytest.approx(math.cos(1.0), abs=1e-10)
    assert isinstance(central_difference(math.exp, 0.5), float)


def test_orders_of_accuracy():
    # Forward: error ∝ h; central: error ∝ h². Halving h halves one and quarters the other.
    f, x, exact = np.exp, 1.0, np.exp(1.0)
    fwd = [abs(forward_difference(f, x, h) - exact) for h in (1e-3, 5e-4)]
    cen = [abs(central_difference(f, x, h) - exact) for h in (1e-2, 5e-3)]
    assert fwd[0] / fwd[1] == pytest.approx(2.0, rel=0.01)
    assert cen[0] / cen[1] == pytest.approx(4.0, rel=0.01)


def test_step_size_trade_off_has_a_sweet_spot():
    hs = np.logspace(-14, -1, 27)
    fwd, cen = step_errors(np.sin, 1.0, np.cos(1.0), hs)
    assert fwd.shape == cen.shape == hs.shape
    # Both errors are large at the smallest h (rounding) and at the largest (truncation)...
    for err in (fwd, cen):
        best = int(np.argmin(err))
        assert 0 < best < len(hs) - 1
        assert err[0] > 100 * err[best] and err[-1] > 100 * err[best]
    # ...and the central difference's best is better, at a larger h.
    assert cen.min() < fwd.min() / 10
    assert hs[np.argmin(cen)] > hs[np.argmin(fwd)]


def test_gradient_and_jacobian_shapes():
    g = central_difference(lambda v: v[0] ** 2 + 3 * v[1], np.array([2.0, 5.0]))
    assert g.shape == (2,)
    np.testing.assert_allclose(g, [4.0, 3.0], rtol=1e-8)
    J = central_difference(lambda v: np.array([v[0] * v[1], v[0] + v[1], v[1] ** 2]), [1.0, 2.0])
    assert J.shape == (3, 2)
    np.testing.assert_allclose(J, [[2.0, 1.0], [1.0, 1.0], [0.0, 4.0]], atol=1e-8)
    # A vector function of a number: its derivative, one entry per output.
    d = central_difference(lambda t: np.array([t, t**2]), 3.0)
    np.testing.assert_allclose(d, [1.0, 6.0], rtol=1e-8)


def test_x_is_not_mutated():
    x = np.array([1.0, 2.0])
    forward_difference(lambda v: float(v @ v), x)
    central_difference(lambda v: float(v @ v), x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


PROBLEMS = [
    (gd.LinearRegression(gd.make_linear_data(seed=0)), [0.3, -0.7]),
    (gd.LogisticRegression(gd.make_logistic_data(seed=0)), [0.5, 0.2]),
    (gd.Rosenbrock(), [-1.2, 1.0]),
    (gd.Himmelblau(), [1.0, -2.0]),
    (gd.Saddle(), [0.4, 0.3]),
    (gd.Bowl(condition=20), [1.0, 2.0]),
    (gd.DoubleWell(), [0.7]),
]


@pytest.mark.parametrize("problem, theta", PROBLEMS, ids=lambda p: repr(p)[:30])
def test_gdlab_gradients_pass_the_check(problem, theta):
    result = gradient_check(problem.loss, problem.grad, np.array(theta))
    assert result.ok, str(result)
    assert result.relative_error < 1e-7


def test_a_wrong_gradient_fails_the_check():
    result = gradient_check(lambda v: float(v @ v), lambda v: v, np.array([1.0, 2.0]))
    assert not result.ok
    assert result.relative_error == pytest.approx(0.5, rel=1e-6)
    assert "DISAGREE" in str(result)


def test_check_on_a_number():
    result = gradient_check(lambda x: x**3, lambda x: 3 * x**2, 2.0)
    assert result.ok and result.analytic.shape == (1,)


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: central_difference(math.sin, 1.0, h=0), ValueError, "h must be positive"),
        (lambda: central_difference(math.sin, "x"), TypeError, "x must be"),
        (lambda: central_difference(math.sin, float("nan")), ValueError, "x must be finite"),
        (lambda: central_difference(3.0, 1.0), TypeError, "f must be a function"),
        (lambda: forward_difference(lambda v: v[0], np.zeros((2, 2))), ValueError, "1-D"),
        (
            lambda: gradient_check(lambda v: v[0], lambda v: [1.0, 2.0, 3.0], [1.0, 2.0]),
            ValueError,
            "shape",
        ),
        (lambda: step_errors(math.sin, 1.0, 0.5, [1e-3, -1.0]), ValueError, "hs"),
    ],
)
def test_bad_input_names_the_argument(call, error, words):
    with pytest.raises(error, match=words):
        call()
