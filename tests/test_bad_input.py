"""The bad-input table: every bad argument gets one clear error, and no warning ever escapes.

Each API case asserts the exception type and that the message names the argument and shows
the value; each CSV case that the message names the file and the line; each CLI case that the
process prints one line to stderr, nothing to stdout, no traceback, and exits with status 2.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import gdlab as gd

DATA = gd.make_linear_data(n=20, seed=0)
LIN = gd.LinearRegression(DATA)
LOG = gd.LogisticRegression(gd.make_logistic_data(n=20, seed=0))
NAN, INF = float("nan"), float("inf")

CASES: list[tuple[str, object, type, list[str]]] = []


def case(name, call, error, *words):
    CASES.append((name, call, error, list(words)))


# --- optimizers: every factory, every kind of bad learning rate ----------------------------------------
for opt in (gd.sgd, gd.adagrad, gd.rmsprop, gd.adam):
    for bad, error, shown in [(0, ValueError, "0"), (-0.1, ValueError, "-0.1"), (NAN, ValueError, "nan"),
                              (INF, ValueError, "inf"), ("0.1", TypeError, "'0.1'"), (None, TypeError, "None"),
                              (True, TypeError, "True"), ([0.1], TypeError, "[0.1]"), (1 + 2j, TypeError, "(1+2j)")]:
        case(f"{opt.__name__}-lr-{shown}", lambda opt=opt, bad=bad: opt(bad), error, "lr", shown)
for bad, error in [(1.0, ValueError), (-0.5, ValueError), (NAN, ValueError), ("0.9", TypeError), (None, TypeError)]:
    case(f"sgd-momentum-{bad!r}", lambda bad=bad: gd.sgd(0.1, momentum=bad), error, "momentum", repr(bad))
    case(f"rmsprop-momentum-{bad!r}", lambda bad=bad: gd.rmsprop(momentum=bad), error, "momentum", repr(bad))
    case(f"rmsprop-alpha-{bad!r}", lambda bad=bad: gd.rmsprop(alpha=bad), error, "alpha", repr(bad))
    case(f"adam-beta1-{bad!r}", lambda bad=bad: gd.adam(betas=(bad, 0.999)), error, "betas[0]", repr(bad))
    case(f"adam-beta2-{bad!r}", lambda bad=bad: gd.adam(betas=(0.9, bad)), error, "betas[1]", repr(bad))
for bad, error in [(-1e-8, ValueError), (NAN, ValueError), ("1e-8", TypeError)]:
    for opt in (gd.adagrad, gd.rmsprop, gd.adam):
        case(f"{opt.__name__}-eps-{bad!r}", lambda opt=opt, bad=bad: opt(eps=bad), error, "eps", repr(bad))
case("nesterov-no-momentum", lambda: gd.sgd(0.1, nesterov=True), ValueError, "nesterov", "momentum")
case("nesterov-str", lambda: gd.sgd(0.1, momentum=0.9, nesterov="yes"), TypeError, "nesterov", "'yes'")
case("betas-scalar", lambda: gd.adam(betas=0.9), TypeError, "betas", "0.9")
case("betas-three", lambda: gd.adam(betas=(0.9, 0.9, 0.9)), TypeError, "betas")
case("optimizer-name", lambda: gd.optimizers.make_optimizer("lbfgs", 0.1), ValueError, "optimizer", "'lbfgs'")
case("optimizer-name-type", lambda: gd.optimizers.make_optimizer(3, 0.1), TypeError, "optimizer", "3")

# --- schedules ------------------------------------------------------------------------------------------
case("step_size-0", lambda: gd.step_decay(0.1, step_size=0), ValueError, "step_size", "0")
case("step_size-float", lambda: gd.step_decay(0.1, step_size=2.5), TypeError, "step_size", "2.5")
case("gamma-1.5", lambda: gd.exponential_decay(0.1, gamma=1.5), ValueError, "gamma", "1.5")
case("decay-neg", lambda: gd.inverse_time_decay(0.1, decay=-1), ValueError, "decay", "-1")
case("schedule-lr", lambda: gd.step_decay(-1.0), ValueError, "lr", "-1.0")

# --- data ------------------------------------------------------------------------------------------------
for bad, error, shown in [("abc", TypeError, "'abc'"), (1.5, TypeError, "1.5"), (-1, ValueError, "-1"),
                          (2**40, ValueError, "1,099,511,627,776"), (True, TypeError, "True")]:
    case(f"linear-seed-{shown}", lambda bad=bad: gd.make_linear_data(seed=bad), error, "seed", shown)
    case(f"logistic-seed-{shown}", lambda bad=bad: gd.make_logistic_data(seed=bad), error, "seed", shown)
    case(f"seed_points-{shown}", lambda bad=bad: gd.seed_points(seed=bad), error, "seed", shown)
    case(f"run-seed-{shown}", lambda bad=bad: gd.run(LIN, gd.sgd(0.01), [0, 0], 5, seed=bad), error, "seed", shown)
for arg, bad, error, shown in [
    ("n", 1, ValueError, "1"), ("n", 10.0, TypeError, "10.0"), ("n", "5", TypeError, "'5'"),
    ("n", 10**9, ValueError, "1,000,000,000"), ("w", NAN, ValueError, "nan"), ("w", 1e308, ValueError, "overflow"),
    ("w", "1", TypeError, "'1'"), ("b", INF, ValueError, "inf"), ("b", "x", TypeError, "'x'"),
    ("noise_std", -2, ValueError, "-2"), ("noise_std", 1e308, ValueError, "overflow"),
    ("noise_mean", NAN, ValueError, "nan"), ("x_range", (5, 1), ValueError, "(5, 1)"),
    ("x_range", 3, TypeError, "3"), ("x_range", (-1e308, 1e308), ValueError, "overflow"),
    ("x_range", ("a", 1), TypeError, "'a'"),
]:
    case(f"linear-{arg}-{shown}", lambda arg=arg, bad=bad: gd.make_linear_data(**{arg: bad}), error, arg, shown)
case("logistic-separable", lambda: gd.make_logistic_data(separable="no"), TypeError, "separable", "'no'")
case("logistic-w-huge", lambda: gd.make_logistic_data(w=1e308, x_range=(-3e10, 3e10)), ValueError, "w", "overflow")
case("logistic-n", lambda: gd.make_logistic_data(n=0), ValueError, "n", "0")
case("dataset-nan-x", lambda: gd.Dataset([1.0, NAN], [1.0, 2.0]), ValueError, "x", "nan", "index 1")
case("dataset-inf-y", lambda: gd.Dataset([1.0, 2.0], [1.0, INF]), ValueError, "y", "inf", "index 1")
case("dataset-lengths", lambda: gd.Dataset([1.0, 2.0, 3.0], [1.0, 2.0]), ValueError, "x and y", "3", "2")
case("dataset-empty", lambda: gd.Dataset([], []), ValueError, "x", "empty")
case("dataset-2d", lambda: gd.Dataset([[1.0]], [[1.0]]), ValueError, "x", "1-D")
case("dataset-strings", lambda: gd.Dataset(["1", "2"], [1.0, 2.0]), TypeError, "x", "'1'")
case("dataset-bools", lambda: gd.Dataset([True, False], [1.0, 2.0]), TypeError, "x", "True")
case("dataset-true_w", lambda: gd.Dataset([1, 2], [1, 2], true_w="abc"), TypeError, "true_w", "'abc'")
case("dataset-true_b", lambda: gd.Dataset([1, 2], [1, 2], true_b=NAN), ValueError, "true_b", "nan")
case("dataset-name", lambda: gd.Dataset([1, 2], [1, 2], name=3), TypeError, "name", "3")
case("dataset-none", lambda: gd.Dataset(None, [1.0]), TypeError, "x", "None")
case("standardized-constant", lambda: gd.Dataset([1, 1], [1, 2]).standardized(), ValueError, "x", "constant")

# --- problems --------------------------------------------------------------------------------------------
case("linreg-list", lambda: gd.LinearRegression([1, 2, 3]), TypeError, "data", "list")
case("linreg-constant-x", lambda: gd.LinearRegression(gd.Dataset([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])),
     ValueError, "data.x", "constant", "2.0")
case("linreg-huge-x", lambda: gd.LinearRegression(gd.Dataset([0.0, 2e200], [1.0, 2.0])), ValueError, "data.x",
     "2e+200")
case("linreg-huge-y", lambda: gd.LinearRegression(gd.make_linear_data(w=1e200)), ValueError, "data.y", "rescale")
case("logreg-labels", lambda: gd.LogisticRegression(gd.Dataset([0.0, 1.0, 2.0], [0.0, 1.0, 2.0])),
     ValueError, "data.y", "2.0", "index 2")
case("logreg-str", lambda: gd.LogisticRegression("data"), TypeError, "data", "str")
for arg, bad, error, shown in [("a", 0, ValueError, "0"), ("a", -1, ValueError, "-1"), ("a", 1e308, ValueError, "1e+308"),
                               ("a", "2", TypeError, "'2'"), ("c", NAN, ValueError, "nan"), ("c", 1e300, ValueError, "1e+300")]:
    case(f"parabola-{arg}-{shown}", lambda arg=arg, bad=bad: gd.Parabola(**{arg: bad}), error, arg, shown)
for arg, bad, error, shown in [("condition", 0.5, ValueError, "0.5"), ("condition", 1e308, ValueError, "1e+308"),
                               ("condition", "x", TypeError, "'x'"), ("angle", INF, ValueError, "inf")]:
    case(f"bowl-{arg}-{shown}", lambda arg=arg, bad=bad: gd.Bowl(**{arg: bad}), error, arg, shown)
for arg, bad, error, shown in [("a", 1e200, ValueError, "1e+200"), ("b", 0, ValueError, "0"), ("b", -5, ValueError, "-5"),
                               ("a", "1", TypeError, "'1'"), ("b", NAN, ValueError, "nan")]:
    case(f"rosenbrock-{arg}-{shown}", lambda arg=arg, bad=bad: gd.Rosenbrock(**{arg: bad}), error, arg, shown)
case("quadratic-str", lambda: gd.Quadratic("ab"), TypeError, "hessian", "'ab'")
case("quadratic-shape", lambda: gd.Quadratic([[1.0, 2.0]]), ValueError, "hessian", "square")
case("quadratic-asym", lambda: gd.Quadratic([[1.0, 2.0], [0.0, 1.0]]), ValueError, "hessian", "symmetric")
case("quadratic-singular", lambda: gd.Quadratic([[1.0, 1.0], [1.0, 1.0]]), ValueError, "hessian", "invertible")
case("quadratic-huge", lambda: gd.Quadratic([[1e300, 0], [0, 1]]), ValueError, "hessian", "1e+300")
case("quadratic-center", lambda: gd.Quadratic([[1.0]], center=[NAN]), ValueError, "center", "nan")
case("quadratic-name", lambda: gd.Quadratic([[1.0]], name=5), TypeError, "name", "5")
for problem, dim in [(LIN, 2), (LOG, 2), (gd.Parabola(), 1), (gd.Rosenbrock(), 2), (gd.DoubleWell(), 1),
                     (gd.Bowl(), 2), (gd.Himmelblau(), 2), (gd.Saddle(), 2)]:
    label = type(problem).__name__
    for method in ("loss", "grad"):
        for bad, error, shown in [("ab", TypeError, "'ab'"), ([1.0] * (dim + 1), ValueError, f"({dim + 1},)"),
                                  ([NAN] * dim, ValueError, "nan"), (None, TypeError, "None")]:
            case(f"{label}-{method}-{shown}", lambda p=problem, m=method, bad=bad: getattr(p, m)(bad), error,
                 "theta", shown)
case("linreg-idx-str", lambda: LIN.grad([0.0, 0.0], idx="a"), TypeError, "idx", "'a'")
case("linreg-idx-range", lambda: LIN.loss([0.0, 0.0], idx=[0, 99]), ValueError, "idx", "0..19")
case("logreg-idx-range", lambda: LOG.grad([0.0, 0.0], idx=[-1]), ValueError, "idx", "[-1]")
case("losses-str", lambda: LIN.losses("abc"), TypeError, "params", "'abc'")
case("losses-shape", lambda: LIN.losses(np.zeros((3, 3))), ValueError, "params", "(3, 3)")
case("loss_grid-str", lambda: LIN.loss_grid("a", [1.0]), TypeError, "ws", "'a'")
case("loss_grid-fn-str", lambda: gd.Rosenbrock().loss_grid([1.0], "b"), TypeError, "ys", "'b'")
case("predict-x", lambda: LIN.predict([1.0, 2.0], x="a"), TypeError, "x", "'a'")
case("sigmoid-str", lambda: gd.sigmoid("a"), TypeError, "z", "'a'")
case("sigmoid-none", lambda: gd.sigmoid(None), TypeError, "z", "None")
case("sigmoid-nan", lambda: gd.sigmoid([0.0, NAN]), ValueError, "z", "nan")
case("hessian_at-str", lambda: gd.Rosenbrock().hessian_at("x"), TypeError, "theta", "'x'")

# --- running and the closed form ----------------------------------------------------------------------------
for bad, error, shown in [(-1, ValueError, "-1"), (2.5, TypeError, "2.5"), ("5", TypeError, "'5'"),
                          (10**12, ValueError, "1,000,000,000,000"), (10**30, ValueError, "GiB")]:
    case(f"run-steps-{shown}", lambda bad=bad: gd.run(LIN, gd.adam(0.1), [0, 0], bad), error, "steps", shown)
for bad, error, shown in [([0, 0, 0], ValueError, "(3,)"), ([0, NAN], ValueError, "nan"), (["0", "0"], TypeError, "'0'"),
                          ("00", TypeError, "'00'"), (None, TypeError, "None"), ([True, False], TypeError, "True")]:
    case(f"run-theta0-{shown}", lambda bad=bad: gd.run(LIN, gd.sgd(0.1), bad, 5), error, "theta0", shown)
    case(f"exact-theta0-{shown}", lambda bad=bad: gd.exact_trajectory(LIN, 0.1, bad, 5), error, "theta0", shown)
case("run-optimizer", lambda: gd.run(LIN, "sgd", [0, 0], 5), TypeError, "optimizer", "str")
case("run-problem", lambda: gd.run("problem", gd.sgd(0.1), [0, 0], 5), TypeError, "problem", "str")
case("run-batch-0", lambda: gd.run(LIN, gd.sgd(0.1), [0, 0], 5, batch_size=0), ValueError, "batch_size", "0")
case("run-batch-21", lambda: gd.run(LIN, gd.sgd(0.1), [0, 0], 5, batch_size=21), ValueError, "batch_size", "21")
case("run-batch-float", lambda: gd.run(LIN, gd.sgd(0.1), [0, 0], 5, batch_size=2.0), TypeError, "batch_size", "2.0")
case("run-batch-rosen", lambda: gd.run(gd.Rosenbrock(), gd.sgd(0.1), [0, 0], 5, batch_size=2), TypeError,
     "batch_size", "Rosenbrock")
case("run-far-start", lambda: gd.run(gd.Rosenbrock(), gd.sgd(0.1), [1e100, 0], 5), ValueError, "theta0", "1e+100")
case("run-progress", lambda: gd.run(LIN, gd.sgd(0.1), [0, 0], 5, progress=3), TypeError, "progress", "3")
case("exact-rosen", lambda: gd.exact_trajectory(gd.Rosenbrock(), 0.1, [0, 0], 5), TypeError, "quadratic",
     "Rosenbrock")
case("exact-lr-0", lambda: gd.exact_trajectory(LIN, 0.0, [0, 0], 5), ValueError, "lr", "0.0")
case("exact-lr-huge", lambda: gd.exact_trajectory(LIN, 1e308, [0, 0], 5), ValueError, "lr", "overflow")
case("exact-steps", lambda: gd.exact_trajectory(LIN, 0.1, [0, 0], -3), ValueError, "steps", "-3")
case("exact-params-huge", lambda: gd.exact_trajectory(LIN, 0.01, [0, 0], 10**12).params, ValueError, "steps",
     "1,000,000,000,000")
EXACT = gd.exact_trajectory(LIN, 0.01, [0, 0], 10)
RUN = gd.run(LIN, gd.adam(0.1), [0, 0], 10)
for traj, label in [(EXACT, "exact"), (RUN, "run")]:
    case(f"{label}-states-nan", lambda t=traj: t.states([NAN]), ValueError, "ks", "nan")
    case(f"{label}-states-range", lambda t=traj: t.states([-1, 10**6]), ValueError, "ks", "0..10")
    case(f"{label}-states-str", lambda t=traj: t.states("a"), ValueError, "ks", "'a'")
    case(f"{label}-at-neg", lambda t=traj: t.at(-1), ValueError, "k", "-1")
    case(f"{label}-at-past", lambda t=traj: t.at(11), ValueError, "k", "11")
    case(f"{label}-at-float", lambda t=traj: t.at(1.0), TypeError, "k", "1.0")
    case(f"{label}-path-past", lambda t=traj: t.path(99), ValueError, "k", "99")


def _no_warnings(call):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with pytest.raises(Exception) as info:
            call()
    assert not seen, [str(w.message) for w in seen]
    return info


@pytest.mark.parametrize("call, error, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_api_names_the_argument_and_the_value(call, error, words):
    info = _no_warnings(call)
    assert info.type is error, (info.type, str(info.value))
    for word in words:
        assert word in str(info.value), (word, str(info.value))


# --- no error: the edges that are results, not mistakes --------------------------------------------------------


@pytest.mark.parametrize("opt", [gd.adam(0.1, eps=0.0), gd.adagrad(0.1, eps=0.0), gd.rmsprop(0.1, eps=0.0)],
                         ids=["adam", "adagrad", "rmsprop"])
def test_eps_zero_at_the_minimum_is_not_divergence(opt):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = gd.run(gd.Bowl(), opt, [0.0, 0.0], 20)
    assert traj.diverged_at is None and np.array_equal(traj.final_params, [0.0, 0.0])


def test_divergence_is_a_result_with_finite_values_and_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = gd.run(LIN, gd.sgd(1e308), [0.0, 0.0], 10)
    assert traj.diverged_at == 1 and traj.last == 0 and np.isfinite(traj.final_loss)


# --- CSV files: the file, the line, what to do -------------------------------------------------------------------

CSV_CASES = [
    ("missing", None, ["nope.csv", "no such file"]),
    ("empty", b"\n\n", ["empty"]),
    ("header-only", b"x,y\n", ["no data rows"]),
    ("text-cell", b"x,y\n1,2\n2,3\n3,abc\n", ["line 4", "column 'y'", "'abc'"]),
    ("nan-cell", b"x,y\n1,2\nnan,3\n", ["line 3", "column 'x'", "'nan'"]),
    ("inf-cell", b"x,y\n1,2\n2,inf\n", ["line 3", "'inf'"]),
    ("huge-cell", b"x,y\n1,2\n1e400,3\n", ["line 3", "'1e400'"]),
    ("missing-column", b"hours,y\n1,2\n", ["column 'x'", "['hours', 'y']"]),
    ("bare-three", b"1,2,3\n4,5,6\n", ["line 1", "exactly two columns"]),
    ("short-row", b"x,y\n1,2\n3\n", ["line 3", "1 cell", "2"]),
    ("long-row", b"x,y\n1,2\n3,4,5\n", ["line 3", "3 cells"]),
    ("underscore", b"x,y\n1,2\n1_000,3\n", ["line 3", "'1_000'", "without '_'"]),
    ("hex", b"x,y\n0x10,3\n", ["line 2", "'0x10'"]),
    ("semicolons", b"x;y\n1;2\n", ["line 1", "semicolons"]),
    ("bare-semicolons", b"1;2\n3;4\n", ["line 1", "semicolons"]),
    ("tabs", b"x\ty\n1\t2\n", ["line 1", "tabs"]),
    ("latin1", "x,y\n1,2\n# caf\u00e9\n".encode("latin-1"), ["line 3", "UTF-8", "Latin-1"]),
    ("utf16", "x,y\n1,2\n".encode("utf-16"), ["UTF-16", "UTF-8"]),
    ("quoted-newline", b'x,y\n1,2\n"3\n",oops\n', ["line 3", "'oops'"]),
    ("oversized", b"x,y\n1,2\n" + b"9" * 200_000 + b",1\n", ["line 3"]),
    ("long-cell", b"x,y\n1,2\n" + b"1" * 5000 + b",1\n", ["line 3", "5,000 characters"]),
    ("constant-x", b"x,y\n3,1\n3,2\n", None),  # loads; the regression refuses it (below)
]


def _write(tmp_path, content):
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("content, words", [c[1:] for c in CSV_CASES if c[2]], ids=[c[0] for c in CSV_CASES if c[2]])
def test_csv_error_names_the_file_and_the_line(tmp_path, content, words):
    path = tmp_path / "nope.csv" if content is None else _write(tmp_path, content)
    info = _no_warnings(lambda: gd.load_csv(path))
    assert info.type is ValueError
    assert path.name in str(info.value) and "\n" not in str(info.value)
    for word in words:
        assert word in str(info.value), (word, str(info.value))


@pytest.mark.parametrize("bad, error, words", [
    (123, TypeError, ["path", "123"]), (None, TypeError, ["path", "None"]), ("", ValueError, ["path", "empty"]),
])
def test_csv_path_argument(bad, error, words):
    info = _no_warnings(lambda: gd.load_csv(bad))
    assert info.type is error and all(w in str(info.value) for w in words)


def test_csv_directory_says_it_is_a_directory(tmp_path):
    info = _no_warnings(lambda: gd.load_csv(tmp_path))
    assert "is a directory" in str(info.value)


@pytest.mark.parametrize("content, expected", [
    (b"\xef\xbb\xbfx,y\n1,2\n3,4\n", [[1, 3], [2, 4]]),  # UTF-8 with a byte-order mark
    (b"y,name,x\n2,a,1\n4,b,3\n", [[1, 3], [2, 4]]),  # a text column beside the numbers
    (b'x,y\n"1","2"\n\n3,4\n', [[1, 3], [2, 4]]),  # quotes and a blank line
    (b"1,2\n3,4\n", [[1, 3], [2, 4]]),  # no header
])
def test_csv_that_is_fine_loads(tmp_path, content, expected):
    data = gd.load_csv(_write(tmp_path, content))
    assert data.x.tolist() == expected[0] and data.y.tolist() == expected[1]


# --- the command line: one line, exit 2 -------------------------------------------------------------------------

CLI_CASES = [
    (["--lr", "0"], "lr"), (["--lr", "nan"], "lr"), (["--lr", "abc"], "--lr"), (["--lr", "-1"], "lr"),
    (["--lr", "1e308"], "lr"), (["--steps", "-1"], "steps"), (["--steps", "2.5"], "--steps"),
    (["--steps", "1000000000000", "--optimizer", "adam"], "steps"), (["--n", "1"], "n must be >= 2"),
    (["--n", "1000000000"], "n = 1,000,000,000"), (["--noise-std", "-2"], "noise_std"),
    (["--noise-std", "1e308"], "noise_std"), (["--seed", "-1"], "seed"), (["--seed", "x"], "--seed"),
    (["--batch-size", "0"], "batch_size"), (["--batch-size", "101"], "batch_size"),
    (["--optimizer", "lbfgs"], "--optimizer"), (["--optimizer", "sgd"], "--optimizer"),
    (["--csv", "does-not-exist.csv"], "no such file"), (["--csv", ""], "--csv"), (["--csv", "."], "directory"),
    (["--bogus"], "--bogus"), (["--json", "--lr", "0"], "lr"),
]


@pytest.mark.parametrize("args, words", CLI_CASES, ids=[" ".join(a) for a, _ in CLI_CASES])
def test_cli_prints_one_line_and_exits_2(cli, args, words):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        code, out, err = cli(*args)
    assert code == 2 and out == "" and not seen
    assert err.count("\n") == 1 and err.startswith("gdlab: error: ") and words in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize("content, words", [
    (b"x,y\n1,2\n2,oops\n", "line 3"), (b"a,b\n1,2\n", "column 'x'"), (b"x,y\n3,1\n3,2\n", "constant"),
    (b"x,y\n0,1\n1e200,2\n", "data.x"), (b"", "empty"), (b"x;y\n1;2\n", "semicolons"),
])
def test_cli_bad_csv(cli, tmp_path, content, words):
    code, out, err = cli("--csv", str(_write(tmp_path, content)))
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err, err


# --- exercises: any answer gets words, bad keys and meaningless data get a clear message ----------------------

EXERCISE_ANSWERS = ["0.5", "abc", "", [1, 2, 3], (1,), {}, {"a": 1}, set(), True, None, ..., 1 + 2j, 10**400,
                    float("nan"), float("inf"), np.array([[1.0, 2.0]]), print, object(), b"1", [None], ["a", "b"]]


@pytest.mark.parametrize("key", ["01.1", "02.3", "03.1", "06.2", "07.1", "08.3", "09.2"])
@pytest.mark.parametrize("answer", EXERCISE_ANSWERS, ids=[f"answer{i}" for i in range(len(EXERCISE_ANSWERS))])
def test_exercise_answers_of_any_type_get_words(key, answer):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        feedback = gd.exercises.check(key, answer)
    assert not seen and feedback.status in ("wrong", "malformed", "unanswered") and feedback.message


@pytest.mark.parametrize("key, error, words", [
    (["01.1"], TypeError, ["key", "['01.1']"]), ({}, TypeError, ["key", "{}"]), (1.2, TypeError, ["key", "1.2"]),
    ("1.2", ValueError, ["'1.2'", "did you mean '01.2'"]), ("99.9", ValueError, ["'99.9'"]),
])
def test_exercise_keys(key, error, words):
    info = _no_warnings(lambda: gd.exercises.check(key, 1.0))
    assert info.type is error and all(w in str(info.value) for w in words), str(info.value)


@pytest.mark.parametrize("key, data, words", [
    ("02.2", gd.Dataset([2.0, 2.0, 2.0], [1.0, 2.0, 3.0]), "constant"),
    ("03.1", gd.Dataset([2.0, 2.0, 2.0], [1.0, 2.0, 3.0]), "constant"),
    ("08.3", gd.make_linear_data(n=10, seed=0), "labels 0 or 1"),
])
def test_data_that_makes_an_exercise_meaningless_is_refused_in_words(key, data, words):
    feedback = gd.exercises.check(key, 1.0, data=data)
    assert feedback.status == "malformed" and words in feedback.message and "np.float64" not in feedback.message


# --- explorers: what the reader asks for is on a slider, or refused with the slider's range -------------------

W = gd.widgets
EXPLORER_CASES = [
    ("regression-theta0-overflow", lambda: W.regression_explorer(DATA, theta0=(1e300, 1e300)), ValueError, ["theta0", "1e+300"]),
    ("regression-lr-tiny", lambda: W.regression_explorer(DATA, lr=5e-324), ValueError, ["lr", "between", "5e-324"]),
    ("regression-lr-huge", lambda: W.regression_explorer(DATA, lr=1e308), ValueError, ["lr", "between", "1e+308"]),
    ("regression-optimizer", lambda: W.regression_explorer(DATA, optimizer="sgd"), ValueError, ["optimizer", "'sgd'"]),
    ("regression-steps", lambda: W.regression_explorer(DATA, steps=10**9), ValueError, ["steps"]),
    ("regression-data", lambda: W.regression_explorer([1, 2]), TypeError, ["data", "list"]),
    ("race-lrs-huge", lambda: W.optimizer_race(lrs={"gd": 1e308}), ValueError, ["lrs['gd']", "1e+308"]),
    ("race-lrs-tiny", lambda: W.optimizer_race(lrs={"gd": 5e-324}), ValueError, ["lrs['gd']", "5e-324"]),
    ("race-lrs-name", lambda: W.optimizer_race(lrs={"sgd": 0.1}), ValueError, ["lrs", "sgd"]),
    ("race-problem", lambda: W.optimizer_race("bowlx"), ValueError, ["problem", "'bowlx'"]),
    ("race-optimizers-str", lambda: W.optimizer_race(optimizers="adam"), TypeError, ["optimizers", "'adam'"]),
    ("race-theta0-far", lambda: W.optimizer_race("rosenbrock", theta0=(1e100, 0.0)), ValueError, ["theta0", "1e+100"]),
    ("minibatch-decay", lambda: W.minibatch_explorer(DATA, decay=1e308), ValueError, ["decay", "1e+308"]),
    ("minibatch-lr", lambda: W.minibatch_explorer(DATA, lr=1e308), ValueError, ["lr", "between", "1e+308"]),
    ("minibatch-batch", lambda: W.minibatch_explorer(DATA, batch_size=0), ValueError, ["batch_size", "0"]),
    ("minibatch-seed", lambda: W.minibatch_explorer(DATA, seed="x"), TypeError, ["seed", "'x'"]),
    ("descent-x0-overflow", lambda: W.descent_1d_explorer(x0=1e300), ValueError, ["x0", "1e+300"]),
    ("descent-lr", lambda: W.descent_1d_explorer(lr=100), ValueError, ["lr", "between", "100"]),
    ("descent-function", lambda: W.descent_1d_explorer("cubic"), ValueError, ["function", "'cubic'"]),
    ("logistic-lr", lambda: W.logistic_explorer(lr=1e308), ValueError, ["lr", "1e+308"]),
    ("logistic-data", lambda: W.logistic_explorer(DATA), ValueError, ["data.y", "labels"]),
]


@pytest.mark.parametrize("call, error, words", [c[1:] for c in EXPLORER_CASES], ids=[c[0] for c in EXPLORER_CASES])
def test_explorer_arguments(call, error, words):
    info = _no_warnings(call)
    assert info.type is error and all(w in str(info.value) for w in words), str(info.value)
