"""The fused float loop (gdlab.fused) gives exactly the array path's numbers, whatever happens on the way."""

from dataclasses import dataclass

import numpy as np
import pytest

import gdlab as gd
from gdlab import _elementwise
from gdlab.optimizers import Optimizer
from gdlab.stepping import Loop

REGRESSION = gd.LinearRegression(gd.make_linear_data(n=100, seed=0))
LIMIT = REGRESSION.lr_limit()


@dataclass(frozen=True)
class Jump(gd.Schedule):
    """A learner's own schedule that raises lr (a warm-up): a fixed point at one lr is not at the next."""

    at: int = 5000
    factor: float = 10.0

    def __call__(self, t: int) -> float:
        return self.initial * (self.factor if t >= self.at else 1.0)


# Every optimizer, eps = 0 where there is an eps, every schedule, and learning rates that diverge.
CASES = {
    "gd": gd.sgd(0.45 * LIMIT),
    "momentum": gd.sgd(0.1 * LIMIT, momentum=0.9),
    "nesterov": gd.sgd(0.1 * LIMIT, momentum=0.9, nesterov=True),
    "adagrad": gd.adagrad(0.5),
    "adagrad eps 0": gd.adagrad(0.5, eps=0.0),
    "rmsprop": gd.rmsprop(0.01),
    "rmsprop momentum": gd.rmsprop(0.01, momentum=0.5),
    "rmsprop eps 0": gd.rmsprop(0.01, eps=0.0),
    "adam": gd.adam(0.05),
    "adam eps 0": gd.adam(0.05, eps=0.0),
    "adam betas": gd.adam(0.05, betas=(0.5, 0.9)),
    "gd step decay": gd.sgd(gd.step_decay(0.9 * LIMIT, step_size=300, gamma=0.7)),
    "momentum exponential": gd.sgd(gd.exponential_decay(0.1 * LIMIT, 0.999), momentum=0.9),
    "adagrad exponential": gd.adagrad(gd.exponential_decay(0.5, 0.9995)),
    "rmsprop step decay": gd.rmsprop(gd.step_decay(0.01, step_size=500), momentum=0.3),
    "adam inverse time": gd.adam(gd.inverse_time_decay(0.05, 0.01)),
    "adam eps 0 scheduled": gd.adam(gd.exponential_decay(0.05, 0.999), eps=0.0),
    "adagrad lr raised": gd.adagrad(Jump(0.5)),
    "momentum lr raised": gd.sgd(Jump(0.05 * LIMIT, factor=15.0), momentum=0.5),
    "gd diverging": gd.sgd(3 * LIMIT),
    "momentum diverging": gd.sgd(2 * LIMIT, momentum=0.9),
    "nesterov diverging": gd.sgd(2.5 * LIMIT, momentum=0.5, nesterov=True),
    "adam huge lr": gd.adam(1e6),
}
SURFACES = {
    "regression": (REGRESSION, [0.0, 0.0]),  # the gradient Hθ − c written inline (2 parameters)
    "parabola": (gd.Parabola(2.0, 1.0), [3.0]),  # inline, 1 parameter
    "quadratic 3": (gd.Quadratic([[3.0, 0.5, 0.0], [0.5, 1.0, 0.2], [0.0, 0.2, 0.5]]), [1.0, -2.0, 0.5]),
    "rosenbrock": (gd.Rosenbrock(), [-1.2, 1.0]),  # float_grad has x**2: it overflows when diverging
    "double well": (gd.DoubleWell(), [2.0]),
}


def _rule_steps(monkeypatch) -> list:
    """Counts the steps done one coordinate at a time (not by the fused loop)."""
    done, original = [], Loop._take_rule

    def counted(self, n):
        rows = original(self, n)
        done.append(len(rows))
        return rows

    monkeypatch.setattr(Loop, "_take_rule", counted)
    return done


def _up_to_first_non_finite(rows: np.ndarray) -> np.ndarray:
    bad = np.flatnonzero(~np.isfinite(rows).all(axis=1))
    return rows if not bad.size else rows[: bad[0] + 1]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("case", CASES)
def test_the_fused_loop_gives_the_array_paths_iterates_exactly(case, surface, monkeypatch):
    problem, theta0 = SURFACES[surface]
    opt = CASES[case]
    rule_steps = _rule_steps(monkeypatch)
    fused = Loop(problem, opt, np.array(theta0, dtype=float))
    arrays = Loop(problem, opt._replace(rule=None), np.array(theta0, dtype=float))
    assert fused._fused is not None and not arrays.floats
    for n in (1, 100, 4096, 37, 2000):  # pieces not on the 64-step checks, as explorers ask for them
        a, b = fused.take(n), arrays.take(n)
        if not (fused.finished or arrays.finished):
            np.testing.assert_array_equal(a, b)
            assert fused.step == arrays.step
            continue
        # A diverging run: the same iterates, up to the same check (every 64 steps of a piece),
        # where both stop. After a float operation raised, the loop goes on in numpy and checks
        # 64 steps from there: the same iterates up to the first non-finite one, maybe more after.
        assert fused.finished and arrays.finished
        if fused.floats:
            np.testing.assert_array_equal(a, b)
        else:
            np.testing.assert_array_equal(_up_to_first_non_finite(a), _up_to_first_non_finite(b))
            assert len(_up_to_first_non_finite(a)) < len(a)
        return
    copies = fused.copy(), arrays.copy()  # a checkpoint resumes with the same numbers
    np.testing.assert_array_equal(fused.take(3000), arrays.take(3000))
    np.testing.assert_array_equal(copies[0].take(3000), copies[1].take(3000))
    if fused.floats:
        # The fused loop did the work: at most one 64-step piece (momentum's first) rule by rule.
        assert sum(rule_steps) <= 64


@pytest.mark.parametrize("case", CASES)
def test_run_gives_the_array_paths_trajectory_and_divergence(case):
    opt = CASES[case]
    for surface in ("regression", "rosenbrock"):
        problem, theta0 = SURFACES[surface]
        a = gd.run(problem, opt, theta0, 12_000)
        b = gd.run(problem, opt._replace(rule=None), theta0, 12_000)
        np.testing.assert_array_equal(a.params, b.params)
        np.testing.assert_array_equal(a.losses, b.losses)
        assert a.diverged_at == b.diverged_at
    if "diverging" in case:
        assert gd.run(REGRESSION, opt, [0.0, 0.0], 12_000).diverged_at is not None


def test_a_lazy_run_and_its_checkpoints_give_the_same_numbers(monkeypatch):
    from gdlab import stepping

    monkeypatch.setattr(stepping, "DENSE", 1024)
    monkeypatch.setattr(stepping, "STRIDE", 64)
    for opt in (CASES["adam"], CASES["momentum exponential"]):
        reference = gd.run(REGRESSION, opt._replace(rule=None), [1.0, -1.0], 6000)
        r = gd.running.Run(REGRESSION, opt, [1.0, -1.0], 6000, first=0)
        for a in (0, 5000, 1500, 3100, 200):  # forwards, then back (replayed from checkpoints)
            params, losses = r.iterates(a, a + 700)
            np.testing.assert_array_equal(params, reference.params[a : a + 700])
            # (L(θ_0) is computed on its own, by problem.loss, and may differ from run's in the last bit)
            np.testing.assert_array_equal(losses[a == 0 :], reference.losses[a + (a == 0) : a + 700])


@pytest.mark.parametrize("betas", [(0.9, 0.999), (0.0, 0.5), (0.5, 0.9999), (0.95, 0.99), (0.123, 0.987)])
def test_adams_coefficients_for_many_steps_at_once_are_those_of_each_step(betas):
    # numpy's power is not used: on AVX-512 it differs from libm's pow in the last bit for
    # thousands of these steps.
    coef = gd.adam(0.05, betas=betas).coef
    assert coef.vectorised
    steps = _elementwise.TABLE + 5000
    one_by_one = [coef(t) for t in range(steps)]
    at_once = coef(np.arange(steps))
    for i in range(2):
        np.testing.assert_array_equal(at_once[i], np.array([c[i] for c in one_by_one]))
    # and as the fused loop takes them: from the table kept, across its end, past it
    end = _elementwise.TABLE
    for t, n in ((0, 100), (60, 5000), (7, 4096), (end - 30, 100), (end + 9, 40)):
        cols = _elementwise.coefficients(coef, 2, t, n)
        assert [tuple(c) for c in zip(*cols)] == one_by_one[t : t + n]


def test_coefficient_tables_are_kept_by_key_and_only_equal_keys_share_one():
    first = gd.adam(0.05, betas=(0.8, 0.99)).coef
    _elementwise.coefficients(first, 2, 0, 3000)
    for coef in (gd.adam(0.05, betas=(0.8, 0.99)).coef, gd.adam(0.5, betas=(0.8, 0.99)).coef,
                 gd.adam(0.05, betas=(0.8, 0.999)).coef, gd.adam(0.05, betas=(0.7, 0.99)).coef):
        cols = _elementwise.coefficients(coef, 2, 100, 2000)
        assert [tuple(c) for c in zip(*cols)] == [coef(t) for t in range(100, 2100)]
    assert first.key in _elementwise._tables and len(_elementwise._tables) <= _elementwise.TABLES


def test_constant_and_scheduled_coefficients():
    for opt in (gd.sgd(0.1), gd.rmsprop(0.01), gd.adagrad(gd.step_decay(0.5, 10)),
                gd.adam(gd.exponential_decay(0.1))):
        ncoef = 2 if opt.name == "adam" else 0
        cols = _elementwise.coefficients(opt.coef, ncoef, 5, 300)
        rows = [tuple(c) for c in zip(*cols)] if ncoef else list(cols[0])
        assert rows == [opt.coef(t) for t in range(5, 305)]


def test_a_rule_that_cannot_be_traced_is_applied_coordinate_by_coordinate():
    from gdlab.fused import fuse
    from gdlab.optimizers import SGDState

    def leaky(rate, g, theta, slots):  # works on arrays and floats, not on the trace's symbols
        return theta - rate * np.maximum(g, 0.5 * g), slots

    def branching(rate, g, theta, slots):  # uses a value as True/False
        return (theta - rate * g if g else theta), slots

    def update(g, st, theta):
        return leaky(1e-3, g, theta, ())[0], SGDState(st.step + 1, None)

    opt = Optimizer(lambda theta: SGDState(0, None), update, "leaky", {"lr": 1e-3}, leaky, lambda t: 1e-3)
    assert fuse(REGRESSION, opt._replace(rule=branching), [(None,), (None,)]) is None
    loop = Loop(REGRESSION, opt, np.zeros(2))
    assert loop.floats and loop._fused is None
    reference = Loop(REGRESSION, opt._replace(rule=None), np.zeros(2))
    np.testing.assert_array_equal(loop.take(500), reference.take(500))
    assert loop.floats
