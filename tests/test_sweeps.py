"""Learning-rate sweeps from the closed form agree with running gradient descent step by step."""

import numpy as np
import pytest

import gdlab as gd
from gdlab import sweeps

DATA = gd.make_linear_data(n=40, seed=3)
PROBLEM = gd.LinearRegression(DATA)
THETA0 = [0.0, 0.0]


def test_gap_after_matches_run():
    lrs = [1e-4, 3e-3, 0.5 * PROBLEM.lr_limit(), 0.99 * PROBLEM.lr_limit()]
    gaps = sweeps.gap_after(PROBLEM, lrs, 500, THETA0)
    for lr, gap in zip(lrs, gaps):
        traj = gd.run(PROBLEM, gd.sgd(lr), THETA0, steps=500)
        assert gap == pytest.approx(traj.final_loss - PROBLEM.min_loss(), rel=1e-6, abs=1e-12)


def test_gap_past_the_limit_grows_and_overflows_to_inf():
    gaps = sweeps.gap_after(PROBLEM, [1.05 * PROBLEM.lr_limit()], 10, THETA0)
    start = PROBLEM.loss(THETA0) - PROBLEM.min_loss()
    assert gaps[0] > start
    assert sweeps.gap_after(PROBLEM, [3 * PROBLEM.lr_limit()], 10**6, THETA0)[0] == np.inf


@pytest.mark.parametrize("frac", [0.05, 0.5, 0.9, 0.999])
def test_steps_to_converge_is_the_first_step_within_tolerance(frac):
    lr = frac * PROBLEM.lr_limit()
    rtol = 1e-3
    k = sweeps.steps_to_converge(PROBLEM, lr, THETA0, rtol=rtol)
    traj = gd.run(PROBLEM, gd.sgd(lr), THETA0, steps=k)
    dist = np.linalg.norm(traj.params - PROBLEM.solve(), axis=1)
    assert dist[k] <= rtol * dist[0]
    assert dist[k - 1] > rtol * dist[0]


def test_no_convergence_at_or_past_the_limit():
    assert sweeps.steps_to_converge(PROBLEM, 1.01 * PROBLEM.lr_limit()) is None
    assert sweeps.worst_case_steps(PROBLEM, 1.01 * PROBLEM.lr_limit()) is None


def test_starting_at_the_optimum_needs_no_steps():
    assert sweeps.steps_to_converge(PROBLEM, 1e-3, PROBLEM.solve()) == 0


def test_best_fixed_rate_minimises_the_worst_case():
    ev = np.linalg.eigvalsh(PROBLEM.hessian())
    best = 2 / (ev[0] + ev[1])
    rho = sweeps.contraction(PROBLEM, best)
    assert rho == pytest.approx((ev[1] - ev[0]) / (ev[1] + ev[0]))
    for lr in np.linspace(0.2, 1.99, 50) / ev[1]:
        assert sweeps.contraction(PROBLEM, lr) >= rho - 1e-12
    k = sweeps.worst_case_steps(PROBLEM, best, rtol=1e-6)
    assert rho**k <= 1e-6 < rho ** (k - 1)


def test_worst_case_bounds_every_start():
    lr, rtol = 0.7 * PROBLEM.lr_limit(), 1e-4
    worst = sweeps.worst_case_steps(PROBLEM, lr, rtol)
    rng = np.random.default_rng(0)
    for _ in range(20):
        start = PROBLEM.solve() + rng.normal(size=2) * 5
        assert sweeps.steps_to_converge(PROBLEM, lr, start, rtol) <= worst


def test_lr_sweep_fields_and_default_grid():
    s = sweeps.lr_sweep(PROBLEM, steps=200)
    n = len(s.lrs)
    assert s.gap.shape == s.steps_needed.shape == s.worst_case_steps.shape == (n,)
    assert s.lr_limit == pytest.approx(PROBLEM.lr_limit())
    assert s.best_lr in s.lrs and s.lr_limit in s.lrs
    assert np.all(s.steps_needed[s.lrs > s.lr_limit] == -1)
    ok = s.worst_case_steps > 0
    fewest = s.worst_case_steps[ok].min()
    assert fewest == sweeps.worst_case_steps(PROBLEM, s.best_lr, s.rtol)
    assert np.all(s.contraction >= sweeps.contraction(PROBLEM, s.best_lr) - 1e-12)


def test_plot_sweep_returns_artists():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = sweeps.lr_sweep(PROBLEM, steps=200)
    art = sweeps.plot_sweep(s)
    x, _ = art["gap"].get_data()
    assert len(x) == len(s.lrs)
    assert len(art["limit"]) == 2
    plt.close("all")


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: sweeps.lr_sweep(gd.Rosenbrock()), "quadratic"),
        (lambda: sweeps.gap_after(PROBLEM, [0.1, -1.0], 10), "lrs"),
        (lambda: sweeps.gap_after(PROBLEM, "fast", 10), "lrs"),
        (lambda: sweeps.steps_to_converge(PROBLEM, 0.0), "lr"),
        (lambda: sweeps.steps_to_converge(PROBLEM, 1e-3, [1.0]), "theta0"),
        (lambda: sweeps.lr_sweep(PROBLEM, steps=1.5), "steps"),
    ],
)
def test_bad_arguments_name_themselves(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()
