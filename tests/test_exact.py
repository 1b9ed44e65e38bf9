
import numpy as np
import pytest

import gdlab as gd


def _close(a, b):
    scale = max(1.0, float(np.abs(b).max()))
    return np.allclose(a, b, rtol=1e-10, atol=1e-10 * scale)


@pytest.mark.parametrize(
    "problem, theta0",
    [
        (gd.LinearRegression(gd.make_linear_data(n=100, seed=0)), [0.0, 0.0]),
        (gd.LinearRegression(gd.seed_points(0)), [0.0, 0.0]),
        (gd.LinearRegression(gd.make_linear_data(n=30, seed=5).standardized()), [3.0, -2.0]),
        (gd.Bowl(condition=30.0, angle=20.0), [2.0, 1.0]),
        (gd.Parabola(a=3.0, c=-1.0), [2.0]),
        (gd.Quadratic([[4.0, 1.0], [1.0, -1.0]]), [0.5, 0.01]),  # a saddle: one mode grows
    ],
)
@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.95, 1.05])
def test_closed_form_equals_the_iteration(problem, theta0, fraction):
    lr = fraction * problem.lr_limit()
    steps = 3000
    exact = gd.exact_trajectory(problem, lr, theta0, steps)
    it = gd.run(problem, gd.sgd(lr), theta0, steps)
    if it.diverged_at is None:
        assert exact.diverged_at is None
        assert exact.params.shape == it.params.shape
    else:
        # Both overflow near 1e308, where rounding may move the first non-finite step by one.
        assert exact.diverged_at is not None and abs(exact.diverged_at - it.diverged_at) <= 1
    n = min(len(exact.losses), len(it.losses))
    assert _close(exact.params[:n], it.params[:n])
    assert _close(exact.losses[:n], it.losses[:n])


def test_seed_task_final_state_matches_run():
    problem = gd.LinearRegression(gd.seed_points(0))
    exact = gd.exact_trajectory(problem, 1e-4, [0, 0], 100_000)
    it = gd.run(problem, gd.sgd(1e-4), [0, 0], 100_000)
    assert _close(exact.final_params, it.final_params)
    # and the seed's defect: 100,000 steps stop short of the exact answer
    assert np.linalg.norm(exact.final_params - problem.solve()) > 1e-3


def test_any_single_step_including_a_million():
    problem = gd.Parabola(a=1.0)
    ex = gd.exact_trajectory(problem, 0.1, [2.0], 10**6)
    theta, loss = ex.at(10**6)
    assert theta[0] == 2.0 * 0.8**1_000_000 and loss == pytest.approx(theta[0] ** 2)
    assert ex.at(3)[0][0] == pytest.approx(2.0 * 0.8**3, rel=1e-15)
    assert "_all" not in ex.__dict__  # .at() never built the full trajectory


def test_at_k_a_million_on_regression_is_at_the_optimum():
    problem = gd.LinearRegression(gd.make_linear_data(seed=0))
    ex = gd.exact_trajectory(problem, 0.5 * problem.lr_limit(), [0, 0], 10**6)
    assert np.allclose(ex.at(10**6)[0], problem.solve(), rtol=1e-9)


def test_diverged_at_is_found_without_the_full_trajectory():
    problem = gd.LinearRegression(gd.make_linear_data(seed=0))
    ex = gd.exact_trajectory(problem, 2.0 * problem.lr_limit(), [0, 0], 10**6)
    assert ex.diverged_at is not None and ex.diverged_at < 2000
    assert "_all" not in ex.__dict__
    theta, loss = ex.at(10**6)  # clamps to the last finite state
    assert np.isfinite(loss) and np.all(np.isfinite(theta))
    assert gd.run(problem, gd.sgd(2.0 * problem.lr_limit()), [0, 0], 3000).diverged_at == ex.diverged_at


def test_to_trajectory():
    problem = gd.Bowl()
    traj = gd.exact_trajectory(problem, 0.05, [1, 1], 10).to_trajectory()
    assert isinstance(traj, gd.Trajectory) and traj.params.shape == (11, 2)


def test_states_and_upto_agree_with_at():
    problem = gd.LinearRegression(gd.make_linear_data(seed=2))
    ex = gd.exact_trajectory(problem, 0.7 * problem.lr_limit(), [0, 5], 5000)
    params, losses = ex.upto(3000)
    assert params.shape == (3001, 2) and losses.shape == (3001,)
    ks = np.array([0, 1, 17, 999, 3000])
    s_params, s_losses = ex.states(ks)
    for i, k in enumerate(ks):
        theta, loss = ex.at(int(k))
        assert _close(params[k], theta) and _close(s_params[i], theta)
        assert losses[k] == pytest.approx(loss, rel=1e-12) and s_losses[i] == pytest.approx(loss, rel=1e-12)
