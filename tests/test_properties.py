"""Properties that hold for any data, learning rate and start (hypothesis)."""

import warnings

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

import gdlab as gd

seeds = st.integers(0, 2**32 - 1)
sizes = st.integers(2, 60)
starts = st.tuples(st.floats(-20, 20), st.floats(-20, 20))


def _problem(seed, n, spread):
    return gd.LinearRegression(gd.make_linear_data(n=n, x_range=(-spread, spread), seed=seed))


@given(seed=seeds, n=sizes, spread=st.floats(0.5, 20), fraction=st.floats(0.01, 0.99), start=starts)
def test_below_the_limit_plain_gd_never_increases_the_loss(seed, n, spread, fraction, start):
    problem = _problem(seed, n, spread)
    traj = gd.run(problem, gd.sgd(fraction * problem.lr_limit()), start, steps=300)
    assert traj.diverged_at is None
    increases = np.diff(traj.losses)
    assert np.all(increases <= 1e-12 * np.maximum(traj.losses[:-1], 1.0))


@given(seed=seeds, n=sizes, spread=st.floats(0.5, 20), fraction=st.floats(1.05, 50), start=starts)
def test_above_the_limit_plain_gd_diverges_or_the_loss_grows(seed, n, spread, fraction, start):
    problem = _problem(seed, n, spread)
    # The top eigen-direction must be excited for the instability to show.
    evals, evecs = np.linalg.eigh(problem.hessian())
    assume(abs(evecs[:, -1] @ (np.asarray(start) - problem.solve())) > 1e-3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = gd.run(problem, gd.sgd(fraction * problem.lr_limit()), start, steps=2000)
    assert traj.diverged_at is not None or traj.losses[-1] > traj.losses[0]


@given(seed=seeds, n=sizes, fraction=st.floats(0.01, 1.5), start=starts, steps=st.integers(0, 400))
def test_closed_form_equals_iteration(seed, n, fraction, start, steps):
    problem = _problem(seed, n, 5.0)
    lr = fraction * problem.lr_limit()
    exact = gd.exact_trajectory(problem, lr, start, steps)
    it = gd.run(problem, gd.sgd(lr), start, steps)
    m = min(len(exact.losses), len(it.losses))
    scale = max(1.0, float(np.abs(it.params[:m]).max()))
    assert np.allclose(exact.params[:m], it.params[:m], rtol=1e-9, atol=1e-9 * scale)
    k = np.random.default_rng(seed).integers(0, steps + 1)
    assert np.allclose(exact.at(k)[0], exact.params[min(k, exact.last)])


@given(seed=st.integers(0, 2**31 - 1))
def test_seed_points_lie_on_one_line(seed):
    data = gd.seed_points(seed)
    assert np.ptp(data.y - 1.477 * data.x) < 1e-12


@given(seed=seeds, n=st.integers(2, 40), start=starts)
def test_gd_at_any_stable_rate_reaches_least_squares(seed, n, start):
    problem = _problem(seed, n, 1.0)
    final = gd.exact_trajectory(problem, 0.9 * problem.lr_limit(), start, 10**7).final_params
    assume(problem.condition_number() < 1e5)
    assert np.allclose(final, problem.solve(), rtol=1e-6, atol=1e-6)
