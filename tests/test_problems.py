import numpy as np
import pytest

import gdlab as gd

DATA = gd.make_linear_data(n=40, seed=0)
LOGISTIC = gd.make_logistic_data(n=60, seed=1)

PROBLEMS = {
    "linear": (gd.LinearRegression(DATA), [0.3, -0.7]),
    "logistic": (gd.LogisticRegression(LOGISTIC), [0.8, -0.4]),
    "parabola": (gd.Parabola(a=1.5, c=0.5), [2.0]),
    "double well": (gd.DoubleWell(), [0.4]),
    "bowl": (gd.Bowl(condition=25.0, angle=30.0), [1.0, -2.0]),
    "quadratic": (gd.Quadratic([[3.0, 1.0], [1.0, 2.0]], center=[1.0, -1.0], minimum=0.5), [0.0, 0.5]),
    "rosenbrock": (gd.Rosenbrock(), [-1.2, 1.0]),
    "himmelblau": (gd.Himmelblau(), [0.5, -1.5]),
    "saddle": (gd.Saddle(), [0.3, 0.2]),
}


def central_difference(f, theta, h=1e-6):
    theta = np.asarray(theta, float)
    out = np.empty_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h
        out[i] = (f(theta + e) - f(theta - e)) / (2 * h)
    return out


@pytest.mark.parametrize("name", PROBLEMS)
def test_gradient_matches_central_differences(name):
    problem, theta = PROBLEMS[name]
    g = problem.grad(theta)
    assert g.shape == (problem.dim,)
    assert np.allclose(g, central_difference(problem.loss, theta), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", PROBLEMS)
def test_losses_vectorised_equal_loss_row_by_row(name):
    problem, theta = PROBLEMS[name]
    rows = np.asarray(theta) + np.random.default_rng(0).normal(size=(7, problem.dim))
    assert np.allclose(problem.losses(rows), [problem.loss(r) for r in rows], rtol=1e-12)


@pytest.mark.parametrize("name", [n for n in PROBLEMS if PROBLEMS[n][0].dim == 2])
def test_loss_grid_matches_loss(name):
    problem, _ = PROBLEMS[name]
    ws, bs = np.linspace(-1, 2, 5), np.linspace(-2, 1, 4)
    grid = problem.loss_grid(ws, bs)
    assert grid.shape == (4, 5)
    assert grid[2, 3] == pytest.approx(problem.loss([ws[3], bs[2]]), rel=1e-12)


def test_linear_regression_fast_form_is_the_mse():
    problem = gd.LinearRegression(DATA)
    for theta in ([0.0, 0.0], [1.477, 0.089], [-3.0, 10.0]):
        r = theta[0] * DATA.x + theta[1] - DATA.y
        assert problem.loss(theta) == pytest.approx(np.mean(r**2), rel=1e-12)
        assert problem.residual_loss(theta) == pytest.approx(np.mean(r**2), rel=1e-12)
        assert np.allclose(problem.grad(theta), [2 * np.mean(r * DATA.x), 2 * np.mean(r)], rtol=1e-10)


def test_linear_regression_batch_gradient_uses_only_the_batch():
    problem = gd.LinearRegression(DATA)
    idx = np.array([3, 7, 11])
    theta = np.array([0.5, 0.5])
    r = theta[0] * DATA.x[idx] + theta[1] - DATA.y[idx]
    assert np.allclose(problem.grad(theta, idx), [2 * np.mean(r * DATA.x[idx]), 2 * np.mean(r)])
    assert problem.loss(theta, idx) == pytest.approx(np.mean(r**2))


def test_linear_regression_solve_hessian_and_limit():
    problem = gd.LinearRegression(DATA)
    A = np.column_stack([DATA.x, np.ones(len(DATA))])
    assert np.allclose(problem.solve(), np.linalg.solve(A.T @ A, A.T @ DATA.y))
    assert np.allclose(problem.hessian(), 2 / len(DATA) * A.T @ A)
    assert np.allclose(problem.grad(problem.solve()), 0, atol=1e-10)
    lam = np.linalg.eigvalsh(problem.hessian())
    assert problem.lr_limit() == pytest.approx(2 / lam[-1])
    assert problem.condition_number() == pytest.approx(lam[-1] / lam[0])


def test_logistic_loss_is_stable_for_huge_scores():
    data = gd.Dataset([-1.0, 1.0], [0.0, 1.0])
    problem = gd.LogisticRegression(data)
    big = [1e6, 0.0]  # z = ±1e6, all points classified right: loss ≈ 0, not nan
    assert problem.loss(big) == pytest.approx(0.0, abs=1e-12)
    wrong = [-1e6, 0.0]
    assert problem.loss(wrong) == pytest.approx(1e6)
    assert np.all(np.isfinite(problem.grad(wrong)))
    assert np.allclose(gd.sigmoid(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.5, 1.0])


def test_logistic_regression_helpers():
    data = gd.Dataset([-2.0, -1.0, 0.5, 1.0, 3.0], [0.0, 1.0, 0.0, 1.0, 1.0])
    problem = gd.LogisticRegression(data)
    # σ(2x − 1) by hand: 1/(1 + e^(−z)) at z = −5, −3, 0, 1, 5.
    z = np.array([-5.0, -3.0, 0.0, 1.0, 5.0])
    np.testing.assert_allclose(problem.predict_proba([2.0, -1.0]), 1.0 / (1.0 + np.exp(-z)), rtol=1e-14)
    # Predicted 1 where z > 0 (x = 1, 3; z = 0 at x = 0.5 predicts 0): wrong only on x = −1.
    assert problem.accuracy([2.0, -1.0]) == pytest.approx(4 / 5)
    # z = −2x + 1 predicts 1 at x = −2, −1 only: right on x = −1 and x = 0.5.
    assert problem.accuracy([-2.0, 1.0]) == pytest.approx(2 / 5)


def test_known_minima_are_stationary():
    for problem in (gd.DoubleWell(), gd.Rosenbrock(), gd.Himmelblau(), gd.Saddle(), gd.Bowl()):
        for m in problem.minima:
            assert np.allclose(problem.grad(m), 0, atol=1e-4), (problem, m)


def test_parabola_limit_is_two_over_second_derivative():
    p = gd.Parabola(a=2.5)
    assert p.lr_limit() == pytest.approx(2 / (2 * 2.5))
    assert p.grad([1.0])[0] == pytest.approx(5.0)


# --- the contract every problem keeps: min_loss() and lr_limit() ----------------------------------------


def test_lr_limit_of_a_non_quadratic_is_two_over_the_curvature_at_its_stiffest_minimum():
    # Rosenbrock at (1, 1): H = [[802, -400], [-400, 200]] by hand; λ_max from trace and determinant.
    trace, det = 1002.0, 802.0 * 200.0 - 400.0**2
    lam = (trace + np.sqrt(trace**2 - 4 * det)) / 2
    assert gd.Rosenbrock().lr_limit() == pytest.approx(2 / lam, rel=1e-6)
    # Double well: f″(x) = 12x² − 6, stiffest at the deep minimum x ≈ −1.30.
    x = min(np.roots([4.0, 0.0, -6.0, 1.0]).real)
    assert gd.DoubleWell().lr_limit() == pytest.approx(2 / (12 * x**2 - 6), rel=1e-6)


def test_min_loss_is_the_lowest_known_minimum_or_none():
    assert gd.Rosenbrock().min_loss() == 0.0
    x = min(np.roots([4.0, 0.0, -6.0, 1.0]).real)
    assert gd.DoubleWell().min_loss() == pytest.approx(x**4 - 3 * x**2 + x)
    assert gd.Saddle().min_loss() == pytest.approx(-0.25)
    assert gd.LogisticRegression(LOGISTIC).min_loss() is None


def test_linear_regression_and_quadratic_share_one_limit_formula():
    data = gd.make_linear_data(n=30, seed=2)
    A = np.column_stack([data.x, np.ones(30)])
    H = 2 / 30 * A.T @ A
    assert gd.LinearRegression(data).lr_limit() == pytest.approx(2 / np.linalg.eigvalsh(H)[-1], rel=1e-12)
    assert gd.Quadratic(H).lr_limit() == pytest.approx(2 / np.linalg.eigvalsh(H)[-1], rel=1e-12)
    assert gd.Quadratic([[4.0, 0.0], [0.0, -1.0]]).lr_limit() == pytest.approx(0.5)  # |λ|_max of a saddle
