"""Optimizers against an independent transcription of torch.optim's documented algorithms."""

import math

import numpy as np
import pytest

import gdlab as gd

# --- the reference: torch.optim's documentation pseudo-code, one coordinate at a time -----------


def reference_sgd(grad, theta, steps, lr, momentum=0.0, nesterov=False):
    theta = [float(v) for v in theta]
    b = None
    out = [list(theta)]
    for t in range(1, steps + 1):
        g = [float(v) for v in grad(np.array(theta))]
        if momentum != 0:
            b = list(g) if t == 1 else [momentum * bi + gi for bi, gi in zip(b, g)]
            g = [gi + momentum * bi for gi, bi in zip(g, b)] if nesterov else list(b)
        theta = [th - lr * gi for th, gi in zip(theta, g)]
        out.append(list(theta))
    return np.array(out)


def reference_adagrad(grad, theta, steps, lr=0.01, eps=1e-10):
    theta = [float(v) for v in theta]
    s = [0.0] * len(theta)
    out = [list(theta)]
    for _ in range(steps):
        g = [float(v) for v in grad(np.array(theta))]
        s = [si + gi * gi for si, gi in zip(s, g)]
        theta = [th - lr * gi / (math.sqrt(si) + eps) for th, gi, si in zip(theta, g, s)]
        out.append(list(theta))
    return np.array(out)


def reference_rmsprop(grad, theta, steps, lr=0.01, alpha=0.99, eps=1e-8, momentum=0.0):
    theta = [float(v) for v in theta]
    v = [0.0] * len(theta)
    b = [0.0] * len(theta)
    out = [list(theta)]
    for _ in range(steps):
        g = [float(x) for x in grad(np.array(theta))]
        v = [alpha * vi + (1 - alpha) * gi * gi for vi, gi in zip(v, g)]
        if momentum > 0:
            b = [momentum * bi + gi / (math.sqrt(vi) + eps) for bi, gi, vi in zip(b, g, v)]
            theta = [th - lr * bi for th, bi in zip(theta, b)]
        else:
            theta = [th - lr * gi / (math.sqrt(vi) + eps) for th, gi, vi in zip(theta, g, v)]
        out.append(list(theta))
    return np.array(out)


def reference_adam(grad, theta, steps, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    theta = [float(v) for v in theta]
    m = [0.0] * len(theta)
    v = [0.0] * len(theta)
    out = [list(theta)]
    for t in range(1, steps + 1):
        g = [float(x) for x in grad(np.array(theta))]
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
        m_hat = [mi / (1 - b1**t) for mi in m]
        v_hat = [vi / (1 - b2**t) for vi in v]
        theta = [th - lr * mh / (math.sqrt(vh) + eps) for th, mh, vh in zip(theta, m_hat, v_hat)]
        out.append(list(theta))
    return np.array(out)


CASES = {
    "sgd": (lambda: gd.sgd(1e-3), lambda g, t, n: reference_sgd(g, t, n, 1e-3)),
    "momentum": (lambda: gd.sgd(2e-4, momentum=0.9), lambda g, t, n: reference_sgd(g, t, n, 2e-4, 0.9)),
    "nesterov": (
        lambda: gd.sgd(2e-4, momentum=0.8, nesterov=True),
        lambda g, t, n: reference_sgd(g, t, n, 2e-4, 0.8, True),
    ),
    "adagrad": (lambda: gd.adagrad(), lambda g, t, n: reference_adagrad(g, t, n)),
    "adagrad lr": (lambda: gd.adagrad(0.3, eps=1e-6), lambda g, t, n: reference_adagrad(g, t, n, 0.3, 1e-6)),
    # Constant-rate RMSProp near an optimum hops chaotically (steps of ~lr whatever the gradient),
    # which amplifies the last bit of any two correct implementations; lr 1e-3 stays off that regime.
    "rmsprop": (lambda: gd.rmsprop(1e-3), lambda g, t, n: reference_rmsprop(g, t, n, 1e-3)),
    "rmsprop momentum": (
        lambda: gd.rmsprop(0.001, alpha=0.9, momentum=0.5),
        lambda g, t, n: reference_rmsprop(g, t, n, 0.001, 0.9, 1e-8, 0.5),
    ),
    "adam": (lambda: gd.adam(), lambda g, t, n: reference_adam(g, t, n)),
    # Adam at lr >= 0.01 hovering in a valley is chaotic too: it amplifies the last bit by which two
    # orders of the same arithmetic differ (gdlab follows torch's order, this reference the docs').
    "adam tuned": (
        lambda: gd.adam(0.005, betas=(0.8, 0.99), eps=1e-6),
        lambda g, t, n: reference_adam(g, t, n, 0.005, (0.8, 0.99), 1e-6),
    ),
}

SURFACES = {
    "bowl": (gd.Bowl(condition=20.0), [2.0, -1.5]),
    "rosenbrock": (gd.Rosenbrock(), [-1.2, 1.0]),
    "regression": (gd.LinearRegression(gd.make_linear_data(n=50, seed=0)), [0.0, 0.0]),
    "logistic": (gd.LogisticRegression(gd.make_logistic_data(n=50, seed=0)), [0.0, 0.0]),
}


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("case", CASES)
def test_matches_torch_documented_algorithm_for_1000_steps(case, surface):
    make, reference = CASES[case]
    problem, theta0 = SURFACES[surface]
    traj = gd.run(problem, make(), theta0, steps=1000)
    expected = reference(problem.grad, theta0, 1000)
    assert traj.diverged_at is None
    # Relative to the trajectory's scale: iterates that settle at 0 make a pointwise ratio meaningless.
    scale = np.abs(expected).max()
    np.testing.assert_allclose(traj.params, expected, rtol=1e-10, atol=1e-10 * scale)


def test_defaults_are_torch_defaults():
    assert gd.sgd().hyperparams == {"lr": 1e-3, "momentum": 0.0, "nesterov": False}
    assert gd.adagrad().hyperparams == {"lr": 0.01, "eps": 1e-10}
    assert gd.rmsprop().hyperparams == {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "momentum": 0.0}
    assert gd.adam().hyperparams == {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8}


def test_plain_sgd_is_the_update_rule_and_momentum_zero_is_plain_sgd():
    problem, theta0 = SURFACES["rosenbrock"]
    theta, by_hand = np.array(theta0, dtype=float), [np.array(theta0, dtype=float)]
    for _ in range(500):  # x_{n+1} = x_n − lr·f′(x_n), written out
        theta = theta - 1e-3 * problem.grad(theta)
        by_hand.append(theta)
    plain = gd.run(problem, gd.sgd(1e-3), theta0, 500)
    assert np.array_equal(plain.params, np.array(by_hand))
    # The momentum code path with a vanishing μ must give the same steps (b = g each step).
    tiny = gd.run(problem, gd.sgd(1e-3, momentum=1e-15), theta0, 500)
    np.testing.assert_allclose(tiny.params, plain.params, rtol=1e-12, atol=1e-12)


def test_rmsprop_momentum_zero_has_no_buffer_effect():
    problem, theta0 = SURFACES["bowl"]
    a = gd.run(problem, gd.rmsprop(0.01, momentum=0.0), theta0, 300)
    np.testing.assert_allclose(a.params, reference_rmsprop(problem.grad, theta0, 300, 0.01), rtol=1e-12)


@pytest.mark.parametrize("case", CASES)
def test_update_does_not_mutate_its_inputs(case):
    opt = CASES[case][0]()
    theta = np.array([1.0, -2.0])
    g = np.array([0.5, 0.25])
    state = opt.init(theta)
    for _ in range(3):
        theta_before, g_before = theta.copy(), g.copy()
        state_before = [np.copy(s) if isinstance(s, np.ndarray) else s for s in state]
        new_theta, new_state = opt.update(g, state, theta)
        assert np.array_equal(theta, theta_before) and np.array_equal(g, g_before)
        for s, before in zip(state, state_before):
            if isinstance(s, np.ndarray):
                assert np.array_equal(s, before)
        assert new_state.step == state.step + 1
        theta, state = new_theta, new_state


CONVERGING = {
    "gd": gd.sgd(0.05),
    "momentum": gd.sgd(0.02, momentum=0.9),
    "nesterov": gd.sgd(0.02, momentum=0.9, nesterov=True),
    "adagrad": gd.adagrad(0.5),
    "rmsprop": gd.rmsprop(0.01),
    "adam": gd.adam(0.05),
}
CONVEX = {
    "parabola": (gd.Parabola(a=2.0, c=1.0), [-2.0]),
    "bowl": (gd.Bowl(condition=8.0), [2.0, -1.5]),
    "scaled regression": (gd.LinearRegression(gd.make_linear_data(n=60, seed=1).standardized()), [0.0, 0.0]),
}


@pytest.mark.parametrize("problem_name", CONVEX)
@pytest.mark.parametrize("name", CONVERGING)
def test_converges_on_convex_problems(name, problem_name):
    problem, theta0 = CONVEX[problem_name]
    traj = gd.run(problem, CONVERGING[name], theta0, steps=3000)
    start_gap = np.linalg.norm(np.asarray(theta0) - problem.solve())
    gap = np.linalg.norm(traj.final_params - problem.solve())
    # Constant-rate RMSProp and Adam settle in a band of width ~lr around the optimum.
    tol = 0.05 if name in ("rmsprop", "adam") else 1e-6
    assert gap < tol * max(1.0, start_gap)
    assert traj.final_loss < traj.losses[0]


def test_schedules_follow_torch_schedulers():
    assert [gd.step_decay(1.0, step_size=2, gamma=0.5)(t) for t in range(5)] == [1, 1, 0.5, 0.5, 0.25]
    assert gd.exponential_decay(2.0, gamma=0.5)(3) == 0.25
    assert gd.inverse_time_decay(1.0, decay=0.5)(2) == 0.5


def test_sgd_with_a_schedule_uses_the_rate_of_each_step():
    problem = gd.Parabola()
    schedule = gd.step_decay(0.1, step_size=1, gamma=0.5)
    traj = gd.run(problem, gd.sgd(schedule), [1.0], steps=3)
    x, expected = 1.0, [1.0]
    for t in range(3):
        x = x - schedule(t) * 2 * x
        expected.append(x)
    np.testing.assert_allclose(traj.params.ravel(), expected, rtol=1e-15)


def test_labels_are_readable():
    assert gd.sgd(0.1).label == "GD lr=0.1"
    assert gd.sgd(0.1, momentum=0.9).label.startswith("Momentum")
    assert gd.adam(0.01).label == "Adam lr=0.01"
