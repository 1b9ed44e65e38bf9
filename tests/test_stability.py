"""The stability indicator against the runs: every explorer, every optimizer it offers, its lr range.

What a run does is decided here from its trajectory alone, run again with `gd.run`:
- diverging: it overflowed, or its last loss is above its first;
- on the limit: along the steepest direction it bounces at a constant size (|d| neither
  shrinks nor grows by 10% over the second half, and the step flips sign most of the time);
- oscillating: the step along the steepest direction changes sign (steps above 1e-9 of the
  largest); for a claim made from the curvature at a minimum, only steps within 1e-3 of it;
- stable: otherwise.
"""

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gdlab as gd  # noqa: E402
from gdlab import widgets  # noqa: E402
from gdlab.explorers.stability import iteration_matrix, thresholds  # noqa: E402
from gdlab.optimizers import OPTIMIZERS, make_optimizer  # noqa: E402

N_LR = 20


pytestmark = pytest.mark.usefixtures("default_display")

# --- the theory, derived once more from the iteration matrices ------------------------------------


@pytest.mark.parametrize("kind, mu", [("gd", 0.0)] + [(k, mu) for k in ("momentum", "nesterov")
                                                       for mu in (0.3, 0.5, 0.9, 0.99)])
def test_thresholds_are_where_the_eigenvalues_say(kind, mu):
    osc, lim = thresholds(kind, mu)

    def radius(a):
        return np.abs(np.linalg.eigvals(iteration_matrix(kind, a, mu))).max()

    def flips(a):  # complex or negative eigenvalues: the steps change sign
        ev = np.linalg.eigvals(iteration_matrix(kind, a, mu))
        return bool(np.any(np.abs(ev.imag) > 1e-12) or np.any(ev.real < -1e-12))

    assert radius(lim * (1 - 1e-6)) < 1 < radius(lim * (1 + 1e-6))
    assert radius(lim) == pytest.approx(1.0, abs=1e-9)
    assert not flips(osc * (1 - 1e-6)) and flips(osc * (1 + 1e-6))
    assert all(radius(a) < 1 for a in np.linspace(1e-6, lim, 400)[:-1])
    if kind == "gd":
        assert (osc, lim) == (1.0, 2.0)
    elif kind == "momentum":
        assert lim == pytest.approx(2 * (1 + mu))
    else:
        assert lim == pytest.approx(2 * (1 + mu) / (1 + 2 * mu))


# --- what a run does -------------------------------------------------------------------------------


def _steepest(problem, point):
    H = np.atleast_2d(problem.hessian_at(point))
    lam, Q = np.linalg.eigh(H)
    return Q[:, int(np.argmax(np.abs(lam)))]


def behaviour(traj, problem, *, star=None, near=None):
    """What the run did, from its iterates only (see the module docstring)."""
    P, L = traj.params, traj.losses
    if traj.diverged_at is not None or L[-1] > L[0] + 1e-12 * abs(L[0]):
        return "diverging"
    v = _steepest(problem, P[-1] if star is None else star)
    steps = np.diff(P, axis=0) @ v
    steps = steps[np.abs(steps) > 1e-9 * np.abs(steps).max()] if steps.size else steps
    if near is not None:  # a claim about the approach to `star`: judge it there
        close = np.linalg.norm(P[:-1] - star, axis=1) < near
        steps = (np.diff(P, axis=0) @ v)[close & (np.abs(np.diff(P, axis=0) @ v) > 1e-9 * np.abs(
            np.diff(P, axis=0) @ v).max())]
    if star is not None and len(P) > 8:
        d = np.abs((P - star) @ v)
        half = d[len(d) // 2:]
        if half.min() > 1e-9 * d.max() and half.max() <= 1.1 * half.min():
            s = np.sign(np.diff(P[len(P) // 2:], axis=0) @ v)
            if np.mean(s[1:] != s[:-1]) > 0.4:
                return "on the limit"
    if steps.size == 0:
        return "stable"
    signs = np.sign(steps)
    return "oscillating" if np.any(signs[1:] != signs[:-1]) else "stable"


def _lr_positions(slider):
    values = [v for _, v in slider.options]
    idx = np.unique(np.linspace(0, len(values) - 1, N_LR).round().astype(int))
    return [values[i] for i in idx]


def _every_optimizer_and_lr(ex):
    """(optimizer, lr, the indicator) with the explorer set to each optimizer and lr position."""
    for name in OPTIMIZERS:
        ex.controls["optimizer"].value = name
        for lr in _lr_positions(ex.controls["lr"]):
            ex.controls["lr"].value = lr
            yield name, lr, ex.current["stability"]


class Tally:
    def __init__(self):
        self.rows = []

    def check(self, where, st, truth):
        self.rows.append((where, st.zone, truth, st.source))

    def assert_agree(self):
        wrong = [r for r in self.rows if r[1] != r[2]]
        assert not wrong, f"{len(wrong)} of {len(self.rows)} positions disagree: {wrong[:8]}"


def _judge(traj, problem, st, longer=None):
    """What the run did, judged as the claim is made: theory on a quadratic over the whole run;
    theory from the curvature at a minimum on the approach to it (`longer`: the same run taken
    further, when the steps shown do not reach it); a measured zone over the run shown."""
    if st.source == "theory" and problem.is_quadratic:
        return behaviour(traj, problem, star=np.array(problem.minima[0], dtype=float))
    if st.source == "theory":
        traj = longer if longer is not None else traj
        star = np.array([st.at]) if st.at is not None else None
        if star is None:
            star = gd.explorers.stability.settle_point(problem, traj.params)
        return behaviour(traj, problem, star=star, near=1e-3)
    return behaviour(traj, problem)


# --- the sweep, explorer by explorer ---------------------------------------------------------------


def test_regression_explorer_indicator_agrees_with_the_run():
    data = gd.make_linear_data(seed=0)
    ex = widgets.regression_explorer(data, max_steps=5_000, steps=5_000)
    tally = Tally()
    for name, lr, st in _every_optimizer_and_lr(ex):
        start = [ex.controls["w0"].value, ex.controls["b0"].value]  # the explorer's own start
        traj = gd.run(ex.problem, make_optimizer(name, lr), start, 5_000)
        tally.check((name, lr), st, _judge(traj, ex.problem, st))
        assert st.label == OPTIMIZERS[name].label and st.label in ex._zones.value
        assert (st.source == "theory") == (name in ("gd", "momentum", "nesterov"))
    ex.close()
    tally.assert_agree()
    assert len(tally.rows) >= 6 * N_LR - 6


@pytest.mark.parametrize("function, x0", [("parabola", 2.5), ("double well", 1.5)])
def test_descent_1d_indicator_agrees_with_the_run(function, x0):
    ex = widgets.descent_1d_explorer(function, x0=x0, steps=100)
    tally = Tally()
    for name, lr, st in _every_optimizer_and_lr(ex):
        opt = make_optimizer(name, lr, momentum=ex.controls["momentum"].value)
        traj = gd.run(ex.problem, opt, [x0], 100)
        longer = gd.run(ex.problem, opt, [x0], 2_000) if st.source == "theory" else None
        tally.check((name, lr), st, _judge(traj, ex.problem, st, longer))
    ex.close()
    tally.assert_agree()


@pytest.mark.parametrize("problem", ["bowl", "rosenbrock", "himmelblau", "saddle"])
def test_race_indicator_agrees_with_every_run(problem):
    names = tuple(OPTIMIZERS)
    ex = widgets.optimizer_race(problem, optimizers=names, steps=300, max_steps=300)
    theta0 = [ex.controls["x0"].value, ex.controls["y0"].value]
    tally = Tally()
    for name in names:
        slider = ex.controls[f"lr_{name}"]
        for lr in _lr_positions(slider)[::2]:
            slider.value = lr
            st = ex.current["runs"][name]["stability"]
            opt = make_optimizer(name, lr, momentum=ex.controls["momentum"].value,
                                 betas=(ex.controls["beta1"].value, 0.999))
            traj = gd.run(ex.problem, opt, theta0, 300)
            tally.check((name, lr), st, _judge(traj, ex.problem, st))
            if problem != "bowl":
                assert st.source == "measured" and st.limit is None
    ex.close()
    tally.assert_agree()


def test_minibatch_and_logistic_indicators_agree_with_their_runs():
    data = gd.make_linear_data(seed=0)
    ex = widgets.minibatch_explorer(data, max_steps=2000, steps=2000)
    p = gd.LinearRegression(data)
    tally = Tally()
    for lr in _lr_positions(ex.controls["lr"]):
        ex.controls["lr"].value = lr
        full = gd.run(p, gd.sgd(lr), [0.0, 0.0], 2000)
        mini = gd.run(p, gd.sgd(lr), [0.0, 0.0], 2000, batch_size=10, seed=0)
        for name, traj in (("full", full), ("minibatch", mini)):
            st = ex.current["runs"][name]["stability"]
            tally.check((name, lr), st, _judge(traj, p, st))
    ex.close()
    lg = widgets.logistic_explorer(max_steps=2000, steps=2000)
    for lr in _lr_positions(lg.controls["lr"]):
        lg.controls["lr"].value = lr
        st = lg.current["stability"]
        traj = gd.run(lg.problem, gd.sgd(lr), [0.0, 0.0], 2000)
        tally.check(("logistic", lr), st, _judge(traj, lg.problem, st))
    lg.close()
    tally.assert_agree()


# --- the cases the issue names ---------------------------------------------------------------------


def test_momentum_past_the_gd_limit_is_not_called_diverging():
    data = gd.make_linear_data(seed=0)
    ex = widgets.regression_explorer(data, optimizer="momentum", steps=100_000)
    lr = gd.explorers.controls.snap_lr(1.5 * ex.lr_limit)
    ex.controls["lr"].value = lr
    cur = ex.current
    assert cur["gap"] < 1e-12 and cur["zone"] == "oscillating"
    assert cur["lr_limit"] == pytest.approx(2 * 1.9 / np.linalg.eigvalsh(ex.problem.hessian())[-1])
    assert "2(1 + μ)/λ_max" in ex._zones.value and not re.search(r"[^)]2/λ_max", ex._zones.value)


def test_adam_is_named_and_no_gd_limit_is_claimed():
    data = gd.make_linear_data(seed=0)
    ex = widgets.regression_explorer(data, optimizer="adam", steps=1000)
    assert "Adam" in ex._zones.value and "measured" in ex._zones.value
    assert "2/λ_max" not in ex._zones.value and ex.current["lr_limit"] is None
    labels = list(ex._legend[1])  # the figure legend's entries, drawn under the panels
    assert any(t.startswith("Adam") for t in labels)
    assert not any("gradient descent" in t or t.startswith("GD") for t in labels)
    ex.controls["optimizer"].value = "gd"
    labels = list(ex._legend[1])
    assert any(t.startswith("GD") for t in labels) and not any(t.startswith("Adam") for t in labels)


def test_double_well_uses_the_minimum_the_run_approaches():
    ex = widgets.descent_1d_explorer("double well", x0=1.5, steps=100)
    ex.controls["lr"].value = gd.explorers.controls.snap_lr(0.158)
    shallow = max(m[0] for m in gd.DoubleWell().minima)
    assert ex.current["x"] == pytest.approx(shallow, abs=1e-6)
    st = ex.current["stability"]
    assert st.zone == "oscillating" and st.at == pytest.approx(shallow)
    assert st.limit == pytest.approx(2 / (12 * shallow**2 - 6))
