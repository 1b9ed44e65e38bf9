import warnings

import numpy as np
import pytest

import gdlab as gd

DATA = gd.make_linear_data(n=40, seed=3)
PROBLEM = gd.LinearRegression(DATA)


def test_trajectory_shapes_and_first_row():
    traj = gd.run(PROBLEM, gd.sgd(1e-3), [0.5, -0.5], steps=25)
    assert traj.params.shape == (26, 2) and traj.losses.shape == (26,)
    assert traj.params[0].tolist() == [0.5, -0.5]
    assert traj.losses[0] == pytest.approx(PROBLEM.loss([0.5, -0.5]))
    assert traj.diverged_at is None and traj.steps == 25 and traj.last == 25


def test_each_row_is_one_update_of_the_previous():
    traj = gd.run(PROBLEM, gd.sgd(2e-3), [0.0, 0.0], steps=10)
    for k in range(10):
        expected = traj.params[k] - 2e-3 * PROBLEM.grad(traj.params[k])
        assert np.allclose(traj.params[k + 1], expected, rtol=1e-14)
        assert traj.losses[k] == pytest.approx(PROBLEM.loss(traj.params[k]), rel=1e-12)


def test_zero_steps():
    traj = gd.run(PROBLEM, gd.adam(), [1.0, 1.0], steps=0)
    assert traj.params.shape == (1, 2) and traj.diverged_at is None


def test_theta0_is_not_mutated():
    theta0 = np.array([0.0, 0.0])
    gd.run(PROBLEM, gd.sgd(1e-3, momentum=0.9), theta0, steps=20)
    assert theta0.tolist() == [0.0, 0.0]


def test_divergence_is_a_result_not_a_crash():
    lr = 1.5 * PROBLEM.lr_limit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = gd.run(PROBLEM, gd.sgd(lr), [0.0, 0.0], steps=5000)
    assert traj.diverged_at is not None and 0 < traj.diverged_at < 5000
    assert len(traj.params) == traj.diverged_at == len(traj.losses)
    assert np.all(np.isfinite(traj.params)) and np.all(np.isfinite(traj.losses))
    # The first dropped step really is non-finite: one more update from the last kept state overflows.
    theta, loss = traj.at(5000)
    assert np.array_equal(theta, traj.params[-1]) and loss == traj.losses[-1]
    with np.errstate(all="ignore"):
        nxt = theta - lr * PROBLEM.grad(theta)
        assert not (np.isfinite(PROBLEM.loss(nxt)) and np.isfinite(nxt).all())


@pytest.mark.parametrize("opt", [gd.sgd(10.0), gd.sgd(1.0, momentum=0.99), gd.adam(1e3), gd.rmsprop(1e3)])
def test_huge_rates_on_rosenbrock_emit_no_warnings(opt):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = gd.run(gd.Rosenbrock(), opt, [-1.2, 1.0], steps=300)
    assert np.all(np.isfinite(traj.losses))


def test_minibatch_is_seeded_and_reproducible():
    a = gd.run(PROBLEM, gd.sgd(1e-3), [0, 0], steps=50, batch_size=8, seed=1)
    b = gd.run(PROBLEM, gd.sgd(1e-3), [0, 0], steps=50, batch_size=8, seed=1)
    c = gd.run(PROBLEM, gd.sgd(1e-3), [0, 0], steps=50, batch_size=8, seed=2)
    assert np.array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)


def test_minibatch_steps_use_the_shuffled_batches_of_each_epoch():
    n, size, lr = len(DATA), 16, 1e-3
    traj = gd.run(PROBLEM, gd.sgd(lr), [0.0, 0.0], steps=6, batch_size=size, seed=9)
    rng = np.random.default_rng(9)
    theta = np.zeros(2)
    batches = []
    while len(batches) < 6:
        order = rng.permutation(n)
        batches += [order[i : i + size] for i in range(0, n, size)]
    for k in range(6):
        theta = theta - lr * PROBLEM.grad(theta, batches[k])
        assert np.allclose(traj.params[k + 1], theta, rtol=1e-14)
    assert [len(b) for b in batches[:3]] == [16, 16, 8]  # the last batch of an epoch is smaller


def test_full_batch_size_equals_full_batch_run():
    full = gd.run(PROBLEM, gd.sgd(1e-3), [0, 0], steps=30)
    batch = gd.run(PROBLEM, gd.sgd(1e-3), [0, 0], steps=30, batch_size=len(DATA), seed=0)
    assert np.allclose(full.params, batch.params, rtol=1e-10)


def test_minibatch_on_logistic_regression():
    problem = gd.LogisticRegression(gd.make_logistic_data(n=80, seed=0))
    traj = gd.run(problem, gd.sgd(0.5), [0, 0], steps=400, batch_size=10, seed=0)
    assert traj.final_loss < traj.losses[0]


def test_run_on_one_dimensional_functions():
    traj = gd.run(gd.DoubleWell(), gd.sgd(0.05), [2.0], steps=200)
    assert traj.params.shape == (201, 1)
    assert traj.final_params[0] == pytest.approx(gd.DoubleWell().minima[1][0], abs=1e-6)
    left = gd.run(gd.DoubleWell(), gd.sgd(0.05), [-0.5], steps=200)
    assert left.final_params[0] == pytest.approx(gd.DoubleWell().minima[0][0], abs=1e-6)


# --- the one trajectory interface -------------------------------------------------------------------


def _by_hand(lr, theta0, steps):
    """Plain GD on PROBLEM written out: θ ← θ − lr·(2/N) Σ r_i (x_i, 1)."""
    x, y = DATA.x, DATA.y
    theta, out = np.array(theta0, dtype=float), [np.array(theta0, dtype=float)]
    for _ in range(steps):
        r = theta[0] * x + theta[1] - y
        theta = theta - lr * np.array([2 * np.mean(r * x), 2 * np.mean(r)])
        out.append(theta)
    return np.array(out)


@pytest.mark.parametrize("make", [
    lambda: gd.run(PROBLEM, gd.sgd(2e-3), [1.0, -1.0], 300),
    lambda: gd.exact_trajectory(PROBLEM, 2e-3, [1.0, -1.0], 300),
    lambda: gd.running.Run(PROBLEM, gd.sgd(2e-3), [1.0, -1.0], 300, first=7),
    lambda: gd.running.Run(PROBLEM, gd.sgd(gd.step_decay(2e-3, step_size=10**6)), [1.0, -1.0], 300, first=7),
], ids=["run", "exact", "run-closed", "run-loop"])
def test_every_trajectory_answers_the_same_questions(make):
    traj, expected = make(), _by_hand(2e-3, [1.0, -1.0], 300)
    theta, loss = traj.at(123)
    np.testing.assert_allclose(theta, expected[123], rtol=1e-10)
    assert loss == pytest.approx(np.mean((theta[0] * DATA.x + theta[1] - DATA.y) ** 2), rel=1e-10)
    params, losses = traj.states([0, 5, 300])
    np.testing.assert_allclose(params, expected[[0, 5, 300]], rtol=1e-10)
    assert traj.path(40).shape == (41, 2)
    np.testing.assert_allclose(traj.path(40), expected[:41], rtol=1e-10)
    np.testing.assert_allclose(traj.params, expected, rtol=1e-10)
    assert traj.last == 300 and traj.diverged_at is None and traj.steps == 300
    np.testing.assert_allclose(traj.final_params, expected[-1], rtol=1e-10)
    with pytest.raises(ValueError, match="ks"):
        traj.states([-1, 2])
    with pytest.raises(ValueError, match="ks"):
        traj.states([301])


def test_trajectory_chooses_the_closed_form_only_for_plain_full_batch_gd_on_a_quadratic():
    assert gd.running.trajectory(PROBLEM, gd.sgd(1e-3), [0, 0], 10).closed_form
    for opt, kw in [(gd.sgd(1e-3, momentum=0.9), {}), (gd.adam(0.1), {}), (gd.sgd(1e-3), {"batch_size": 5}),
                    (gd.sgd(gd.inverse_time_decay(1e-3, decay=0.1)), {})]:
        assert not gd.running.trajectory(PROBLEM, opt, [0, 0], 10, **kw).closed_form
    assert not gd.running.trajectory(gd.Rosenbrock(), gd.sgd(1e-3), [0, 0], 10).closed_form


def test_a_run_is_computed_only_as_far_as_it_is_looked_at():
    r = gd.running.Run(PROBLEM, gd.adam(0.05), [0.0, 0.0], 10_000, first=100)
    assert r.known.steps == 100
    r.at(150)
    assert r.known.steps == 200  # doubled, not run to the end
    r.path(5000)
    assert r.known.steps == 5000
    full = gd.run(PROBLEM, gd.adam(0.05), [0.0, 0.0], 10_000)
    np.testing.assert_array_equal(r.at(9_999)[0], full.params[9_999])


def test_past_a_divergence_every_trajectory_shows_the_last_finite_step():
    lr = 1.5 * PROBLEM.lr_limit()
    for traj in (gd.run(PROBLEM, gd.sgd(lr), [0.0, 0.0], 5000),
                 gd.exact_trajectory(PROBLEM, lr, [0.0, 0.0], 5000)):
        d = traj.diverged_at
        assert d is not None and traj.last == d - 1
        assert np.array_equal(traj.at(5000)[0], traj.at(d - 1)[0])
        assert np.isfinite(traj.states([5000])[0]).all()
        assert len(traj.path(5000)) == d


# --- record: keeping θ at chosen steps only -------------------------------------------------------


def test_record_keeps_the_asked_steps_and_the_last_and_every_loss():
    full = gd.run(PROBLEM, gd.sgd(1e-3, momentum=0.9), [1.0, -1.0], 700)
    kept = gd.run(PROBLEM, gd.sgd(1e-3, momentum=0.9), [1.0, -1.0], 700, record=[0, 5, 300, 699])
    assert kept.recorded_steps.tolist() == [0, 5, 300, 699, 700]
    assert kept.params.shape == (5, 2)
    np.testing.assert_array_equal(kept.params, full.params[[0, 5, 300, 699, 700]])
    np.testing.assert_array_equal(kept.losses, full.losses)  # every step's loss, whatever is kept
    theta, loss = kept.at(300)
    assert np.array_equal(theta, full.params[300]) and loss == full.losses[300]
    params, losses = kept.states([700, 0, 5])
    np.testing.assert_array_equal(params, full.params[[700, 0, 5]])
    np.testing.assert_array_equal(kept.path(300), full.params[[0, 5, 300]])
    np.testing.assert_array_equal(kept.final_params, full.final_params)
    np.testing.assert_array_equal(full.recorded_steps, np.arange(701))


def test_a_step_that_was_not_recorded_is_refused_by_name():
    kept = gd.run(PROBLEM, gd.adam(0.05), [0.0, 0.0], 100, record=range(0, 101, 10))
    with pytest.raises(ValueError, match="step 7 was not recorded"):
        kept.at(7)
    with pytest.raises(ValueError, match="step 15 was not recorded"):
        kept.states([10, 15, 20])
    assert kept.at(100)[0].tolist() == gd.run(PROBLEM, gd.adam(0.05), [0.0, 0.0], 100).params[100].tolist()


def test_record_nothing_keeps_only_the_final_iterate():
    kept = gd.run(PROBLEM, gd.sgd(1e-3), [0.0, 0.0], 50, record=[])
    assert kept.recorded_steps.tolist() == [50] and kept.params.shape == (1, 2)
    assert len(kept.losses) == 51


@pytest.mark.parametrize("factor", [1.5, 1.02])  # diverges in the first block, and after many blocks
def test_divergence_with_record_matches_the_full_run(factor):
    lr = factor * PROBLEM.lr_limit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        full = gd.run(PROBLEM, gd.sgd(lr), [0.0, 0.0], 40_000)
        kept = gd.run(PROBLEM, gd.sgd(lr), [0.0, 0.0], 40_000, record=range(0, 40_001, 1000))
    d = full.diverged_at
    assert d is not None and kept.diverged_at == d
    assert (d > 1000) == (factor < 1.5)
    np.testing.assert_array_equal(kept.losses, full.losses)
    assert kept.recorded_steps[-1] == d - 1  # the last finite iterate is kept
    np.testing.assert_array_equal(kept.at(40_000)[0], full.params[d - 1])
    np.testing.assert_array_equal(kept.states([0])[0], full.params[[0]])


def test_record_bounds_memory_for_long_runs_of_many_parameters():
    import tracemalloc

    class Bowl650(gd.Problem):
        dim = 650

        def loss(self, theta):
            return 0.5 * float(theta @ theta)

        def grad(self, theta):
            return theta

        def losses(self, params):
            return 0.5 * np.einsum("ij,ij->i", params, params)

    tracemalloc.start()
    traj = gd.run(Bowl650(), gd.sgd(1e-4), np.ones(650), 20_000, record=range(0, 20_001, 1000))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert traj.params.shape == (21, 650) and traj.losses.shape == (20_001,)
    assert peak < 8e6  # every iterate would be 20,001 × 650 × 8 B = 104 MB
    assert traj.at(20_000)[0][0] == pytest.approx((1 - 1e-4) ** 20_000, rel=1e-9)


@pytest.mark.parametrize("bad, error", [
    ([3, 2], ValueError), ([0, 0], ValueError), ([-1, 4], ValueError), ([0, 101], ValueError),
    ([0.5, 2], TypeError), ("every", TypeError), (5, TypeError), ([[1, 2]], TypeError),
])
def test_record_must_be_increasing_steps_in_range(bad, error):
    with pytest.raises(error, match="record"):
        gd.run(PROBLEM, gd.sgd(1e-3), [0.0, 0.0], 100, record=bad)


def test_a_lazy_run_passes_record_on():
    r = gd.running.Run(PROBLEM, gd.adam(0.05), [0.0, 0.0], 5000, first=100, record=range(0, 5001, 50))
    assert r.recorded_steps.tolist() == list(range(0, 101, 50))
    theta = r.at(2500)[0]
    np.testing.assert_array_equal(theta, gd.run(PROBLEM, gd.adam(0.05), [0.0, 0.0], 5000).params[2500])
    assert 2500 in r.recorded_steps.tolist() and len(r.recorded_steps) <= 101
    with pytest.raises(ValueError, match="step 2501 was not recorded"):
        r.at(2501)


# --- the loop in floats (gdlab.stepping) ----------------------------------------------------------

FLOAT_CASES = {
    "gd": gd.sgd(2e-3),
    "momentum": gd.sgd(1e-3, momentum=0.9),
    "nesterov": gd.sgd(1e-3, momentum=0.8, nesterov=True),
    "adagrad": gd.adagrad(0.3),
    "adagrad eps 0": gd.adagrad(0.3, eps=0.0),
    "rmsprop": gd.rmsprop(0.01, momentum=0.5),
    "adam": gd.adam(0.05),
    "adam eps 0": gd.adam(0.05, eps=0.0),
    "scheduled": gd.sgd(gd.step_decay(2e-3, step_size=50)),
}


@pytest.mark.parametrize("surface", ["regression", "rosenbrock", "double well"])
@pytest.mark.parametrize("case", FLOAT_CASES)
def test_the_float_loop_gives_the_array_loops_numbers_exactly(case, surface):
    from gdlab.stepping import Loop

    problem, theta0 = {"regression": (PROBLEM, [1.0, -1.0]), "rosenbrock": (gd.Rosenbrock(), [-1.2, 1.0]),
                       "double well": (gd.DoubleWell(), [2.0])}[surface]
    opt = FLOAT_CASES[case]
    floats = Loop(problem, opt, np.array(theta0, dtype=float))
    arrays = Loop(problem, opt._replace(rule=None), np.array(theta0, dtype=float))
    assert floats.floats and not arrays.floats
    a, b = floats.take(700), arrays.take(700)
    assert floats.floats  # nothing made it fall back
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(floats.take(300), arrays.take(300))  # and it resumes where it was


def test_a_float_overflow_goes_on_in_numpy_and_diverges_as_numpy_does():
    from gdlab.stepping import Loop

    # Rosenbrock's gradient has x**2: in floats that raises OverflowError where numpy gives inf.
    opt = gd.sgd(0.01)
    floats = Loop(gd.Rosenbrock(), opt, np.array([-1.2, 1.0]))
    arrays = Loop(gd.Rosenbrock(), opt._replace(rule=None), np.array([-1.2, 1.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a, b = floats.take(500), arrays.take(500)
    assert not floats.floats and floats.finished and arrays.finished
    # The same iterates up to the first non-finite one (after it each stops at its next check).
    first = [int(np.flatnonzero(~np.isfinite(x).all(axis=1))[0]) for x in (a, b)]
    assert first[0] == first[1]
    np.testing.assert_array_equal(a[: first[0]], b[: first[0]])
    traj = gd.run(gd.Rosenbrock(), opt, [-1.2, 1.0], 500)
    assert traj.diverged_at is not None and len(traj.params) == traj.diverged_at


@pytest.mark.parametrize("opt, batch", [(gd.adam(0.05), None), (gd.sgd(1e-3, momentum=0.9), 7)],
                         ids=["adam", "minibatch momentum"])
def test_a_long_run_keeps_checkpoints_not_every_step_and_finds_any_step_again(monkeypatch, opt, batch):
    from gdlab import stepping

    monkeypatch.setattr(stepping, "DENSE", 1024)
    monkeypatch.setattr(stepping, "STRIDE", 64)
    full = gd.run(PROBLEM, opt, [1.0, -1.0], 5000, batch_size=batch, seed=3)
    r = gd.running.Run(PROBLEM, opt, [1.0, -1.0], 5000, batch_size=batch, seed=3, first=0)
    for a in range(0, 5001, 700):  # fed in pieces, as an explorer's track does
        params, losses = r.iterates(a, a + 700)
        np.testing.assert_array_equal(params, full.params[a : a + 700])
        np.testing.assert_array_equal(losses, full.losses[a : a + 700])
    assert r.done and r.computed == 5000
    assert r._record._params.shape[0] <= 1025  # nothing stored densely past 1,024 steps
    for k in (0, 1023, 1024, 1025, 1100, 3333, 4999, 5000):  # found again, by replay past 1,024
        theta, loss = r.at(k)
        np.testing.assert_array_equal(theta, full.params[k])
        assert loss == full.losses[k]
    params, losses = r.states([5, 2000, 4000])
    np.testing.assert_array_equal(params, full.params[[5, 2000, 4000]])
    np.testing.assert_array_equal(r.path(3000), full.params[:3001])
