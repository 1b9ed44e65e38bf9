"""Losses: values by hand, gradients against central differences, the chain rule."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gdlab as gd
from gdlab import losses
from gdlab.numeric import central_difference

PAIRS = [
    (losses.mse, losses.mse_grad),
    (losses.mae, losses.mae_grad),
    (losses.huber, losses.huber_grad),
]


def test_values_by_hand():
    pred, target = np.array([1.0, -2.0, 0.5]), np.array([0.0, 0.0, 0.0])
    assert losses.mse(pred, target) == pytest.approx((1 + 4 + 0.25) / 3)
    assert losses.mae(pred, target) == pytest.approx((1 + 2 + 0.5) / 3)
    # Huber with δ = 1: ½r² inside, |r| − ½ outside.
    assert losses.huber(pred, target) == pytest.approx((0.5 + 1.5 + 0.125) / 3)
    assert losses.huber(pred, target, delta=3.0) == pytest.approx(losses.mse(pred, target) / 2)


@pytest.mark.parametrize("reduction, expected", [("sum", 5.0), ("mean", 2.5)])
def test_reductions(reduction, expected):
    assert losses.mse(np.array([1.0, 2.0]), np.zeros(2), reduction=reduction) == pytest.approx(
        expected
    )


def test_reduction_none_is_per_point_and_shaped_like_pred():
    pred = np.array([1.0, -2.0, 3.0])
    out = losses.mae(pred, np.zeros(3), reduction="none")
    assert out.shape == (3,)
    np.testing.assert_allclose(out, [1.0, 2.0, 3.0])
    assert losses.mse_grad(pred, np.zeros(3)).shape == (3,)


@pytest.mark.parametrize("loss, grad", PAIRS, ids=["mse", "mae", "huber"])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_regression_gradients_match_central_differences(loss, grad, reduction):
    rng = np.random.default_rng(1)
    target = rng.normal(size=7)
    # Keep residuals away from the kinks of MAE (0) and Huber (±1).
    pred = target + rng.choice([-1, 1], size=7) * rng.uniform(0.1, 0.8, size=7)
    pred[:2] += np.sign(pred[:2] - target[:2]) * 2.0
    numeric = central_difference(lambda p: loss(p, target, reduction=reduction), pred)
    np.testing.assert_allclose(
        grad(pred, target, reduction=reduction), numeric, rtol=1e-6, atol=1e-9
    )


@settings(max_examples=50, deadline=None)
@given(arrays(float, 5, elements=st.floats(-50, 50)), arrays(float, 5, elements=st.floats(-50, 50)))
def test_mse_gradient_matches_central_differences_anywhere(pred, target):
    numeric = central_difference(lambda p: losses.mse(p, target), pred, h=1e-4)
    np.testing.assert_allclose(losses.mse_grad(pred, target), numeric, rtol=1e-6, atol=1e-6)


def test_huber_gradient_is_clipped_residual():
    r = np.array([-5.0, -0.3, 0.0, 0.3, 5.0])
    np.testing.assert_allclose(
        losses.huber_grad(r, np.zeros(5), delta=1.0, reduction="none"), [-1, -0.3, 0, 0.3, 1]
    )


def test_mae_gradient_is_zero_at_the_target():
    assert losses.mae_grad(np.array([2.0]), np.array([2.0]))[0] == 0.0


def test_cross_entropy_values():
    p, y = np.array([0.9, 0.2]), np.array([1.0, 0.0])
    assert losses.binary_cross_entropy(p, y) == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2)
    # Certainty that is wrong is large but finite (torch clamps each log at −100).
    assert losses.binary_cross_entropy(np.array([0.0]), np.array([1.0])) == pytest.approx(100.0)


def test_cross_entropy_gradient_matches_central_differences():
    p, y = np.array([0.9, 0.2, 0.5, 0.01]), np.array([1.0, 0.0, 1.0, 1.0])
    numeric = central_difference(lambda q: losses.binary_cross_entropy(q, y), p, h=1e-7)
    np.testing.assert_allclose(losses.binary_cross_entropy_grad(p, y), numeric, rtol=1e-5)


def test_cross_entropy_with_logits_is_cross_entropy_of_the_sigmoid():
    z, y = np.array([-3.0, -0.5, 0.0, 2.0, 4.0]), np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    p = gd.sigmoid(z)
    assert losses.binary_cross_entropy_with_logits(z, y) == pytest.approx(
        losses.binary_cross_entropy(p, y)
    )
    numeric = central_difference(lambda v: losses.binary_cross_entropy_with_logits(v, y), z)
    np.testing.assert_allclose(
        losses.binary_cross_entropy_with_logits_grad(z, y), numeric, rtol=1e-6
    )
    # ...and it stays finite where σ(z) rounds to 0 or 1.
    assert np.isfinite(
        losses.binary_cross_entropy_with_logits(np.array([-800.0, 800.0]), np.array([1.0, 0.0]))
    )


def test_chain_rule_gives_the_linear_regression_gradient():
    data = gd.make_linear_data(n=40, seed=3)
    problem = gd.LinearRegression(data)
    theta = np.array([0.4, -1.2])
    g = losses.chain_linear(losses.mse_grad(problem.predict(theta), data.y), data.x)
    np.testing.assert_allclose(g, problem.grad(theta), rtol=1e-12)
    assert losses.mse(problem.predict(theta), data.y) == pytest.approx(problem.loss(theta))


def test_chain_rule_gives_the_logistic_regression_gradient():
    data = gd.make_logistic_data(n=60, seed=4)
    problem = gd.LogisticRegression(data)
    theta = np.array([0.7, 0.3])
    z = problem.predict(theta)
    g = losses.chain_linear(losses.binary_cross_entropy_with_logits_grad(z, data.y), data.x)
    np.testing.assert_allclose(g, problem.grad(theta), rtol=1e-10)
    assert losses.binary_cross_entropy_with_logits(z, data.y) == pytest.approx(problem.loss(theta))


def test_inputs_are_not_mutated():
    pred, target = np.array([1.0, 2.0]), np.array([0.0, 5.0])
    before = pred.copy(), target.copy()
    for loss, grad in PAIRS:
        loss(pred, target)
        grad(pred, target)
    np.testing.assert_array_equal(pred, before[0])
    np.testing.assert_array_equal(target, before[1])


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: losses.mse([1.0, 2.0], [1.0]), ValueError, "same shape"),
        (lambda: losses.mse("a", 1.0), TypeError, "pred"),
        (lambda: losses.mae([1.0], [np.nan]), ValueError, "target must be finite"),
        (lambda: losses.mse([1.0], [1.0], reduction="avg"), ValueError, "reduction"),
        (lambda: losses.huber([1.0], [0.0], delta=0), ValueError, "delta"),
        (lambda: losses.binary_cross_entropy([1.5], [1.0]), ValueError, "prob"),
        (lambda: losses.binary_cross_entropy([0.5], [2.0]), ValueError, "target"),
        (lambda: losses.binary_cross_entropy_with_logits([0.5], [-1.0]), ValueError, "target"),
    ],
)
def test_bad_input_names_the_argument(call, error, words):
    with pytest.raises(error, match=words):
        call()
