"""Every bad input gets a ValueError or TypeError whose message names the argument and the value."""

import re

import numpy as np
import pytest

import gdlab as gd

DATA = gd.make_linear_data(n=20, seed=0)
LIN = gd.LinearRegression(DATA)

CASES = [
    # (call, error type, words the message must contain)
    (lambda: gd.sgd(0), ValueError, ["lr", "0"]),
    (lambda: gd.sgd(-0.1), ValueError, ["lr", "-0.1"]),
    (lambda: gd.sgd(float("nan")), ValueError, ["lr", "nan"]),
    (lambda: gd.adam(lr=float("inf")), ValueError, ["lr", "inf"]),
    (lambda: gd.sgd("0.1"), TypeError, ["lr", "'0.1'"]),
    (lambda: gd.sgd(0.1, momentum=1.0), ValueError, ["momentum", "1.0"]),
    (lambda: gd.sgd(0.1, nesterov=True), ValueError, ["nesterov", "momentum"]),
    (lambda: gd.adam(betas=(1.0, 0.999)), ValueError, ["betas[0]", "1.0"]),
    (lambda: gd.adam(betas=(0.9, -0.1)), ValueError, ["betas[1]", "-0.1"]),
    (lambda: gd.adam(betas=0.9), TypeError, ["betas", "0.9"]),
    (lambda: gd.rmsprop(alpha=1.5), ValueError, ["alpha", "1.5"]),
    (lambda: gd.adam(eps=-1e-8), ValueError, ["eps", "-1e-08"]),
    (lambda: gd.adagrad(eps=-1.0), ValueError, ["eps", "-1.0"]),
    (lambda: gd.step_decay(0.1, step_size=0), ValueError, ["step_size", "0"]),
    (lambda: gd.exponential_decay(0.1, gamma=1.5), ValueError, ["gamma", "1.5"]),
    (lambda: gd.run(LIN, gd.sgd(0.1), [0, 0], -1), ValueError, ["steps", "-1"]),
    (lambda: gd.run(LIN, gd.sgd(0.1), [0, 0], 2.5), TypeError, ["steps", "2.5"]),
    (lambda: gd.run(LIN, gd.sgd(0.1), [0, 0, 0], 5), ValueError, ["theta0", "2 entries", "(3,)"]),
    (lambda: gd.run(LIN, gd.sgd(0.1), [0, float("nan")], 5), ValueError, ["theta0", "nan"]),
    (lambda: gd.run(LIN, "sgd", [0, 0], 5), TypeError, ["optimizer", "str"]),
    (lambda: gd.run("problem", gd.sgd(0.1), [0, 0], 5), TypeError, ["problem", "str"]),
    (lambda: gd.run(LIN, gd.sgd(0.1), [0, 0], 5, batch_size=0), ValueError, ["batch_size", "0"]),
    (lambda: gd.run(LIN, gd.sgd(0.1), [0, 0], 5, batch_size=21), ValueError, ["batch_size", "21"]),
    (
        lambda: gd.run(gd.Rosenbrock(), gd.sgd(0.1), [0, 0], 5, batch_size=2),
        TypeError,
        ["batch_size", "Rosenbrock"],
    ),
    (lambda: gd.exact_trajectory(gd.Rosenbrock(), 0.1, [0, 0], 5), TypeError, ["quadratic", "Rosenbrock"]),
    (lambda: gd.exact_trajectory(LIN, 0.0, [0, 0], 5), ValueError, ["lr", "0.0"]),
    (lambda: gd.exact_trajectory(LIN, 0.1, [0, 0], -3), ValueError, ["steps", "-3"]),
    (lambda: gd.exact_trajectory(LIN, 0.1, [0], 3), ValueError, ["theta0", "(1,)"]),
    (lambda: gd.make_linear_data(n=1), ValueError, ["n", "1"]),
    (lambda: gd.make_linear_data(n=10.0), TypeError, ["n", "10.0"]),
    (lambda: gd.make_linear_data(noise_std=-1), ValueError, ["noise_std", "-1"]),
    (lambda: gd.make_linear_data(x_range=(5, 1)), ValueError, ["x_range", "(5, 1)"]),
    (lambda: gd.Dataset([1.0, np.nan], [1.0, 2.0]), ValueError, ["x", "nan", "index 1"]),
    (lambda: gd.Dataset([1.0, 2.0], [1.0, np.inf]), ValueError, ["y", "inf", "index 1"]),
    (lambda: gd.Dataset([1.0, 2.0, 3.0], [1.0, 2.0]), ValueError, ["x and y", "3", "2"]),
    (lambda: gd.Dataset([], []), ValueError, ["x", "empty"]),
    (
        lambda: gd.LinearRegression(gd.Dataset([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])),
        ValueError,
        ["data.x", "constant", "2.0"],
    ),
    (lambda: gd.LinearRegression([1, 2, 3]), TypeError, ["data", "list"]),
    (
        lambda: gd.LogisticRegression(gd.Dataset([0.0, 1.0, 2.0], [0.0, 1.0, 2.0])),
        ValueError,
        ["data.y", "2.0", "index 2"],
    ),
    (lambda: gd.Parabola(a=0), ValueError, ["a", "0"]),
    (lambda: gd.Bowl(condition=0.5), ValueError, ["condition", "0.5"]),
    (lambda: LIN.loss([1.0, 2.0, 3.0]), ValueError, ["theta", "(3,)"]),
]


@pytest.mark.parametrize("call, error, words", CASES, ids=[str(i) for i in range(len(CASES))])
def test_bad_input_names_argument_and_value(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value), (word, str(info.value))


def _csv(tmp_path, text):
    path = tmp_path / "data.csv"
    path.write_text(text)
    return path


def test_csv_missing(tmp_path):
    with pytest.raises(ValueError, match=re.escape("nope.csv") + ".*no such file"):
        gd.load_csv(tmp_path / "nope.csv")


def test_csv_empty(tmp_path):
    with pytest.raises(ValueError, match="empty"):
        gd.load_csv(_csv(tmp_path, "\n\n"))


def test_csv_header_only(tmp_path):
    with pytest.raises(ValueError, match="no data rows"):
        gd.load_csv(_csv(tmp_path, "x,y\n"))


def test_csv_non_numeric_cell_names_the_line(tmp_path):
    with pytest.raises(ValueError, match=r"line 4: column 'y' has non-numeric value 'abc'"):
        gd.load_csv(_csv(tmp_path, "x,y\n1,2\n2,3\n3,abc\n"))


def test_csv_nan_cell_names_the_line(tmp_path):
    with pytest.raises(ValueError, match=r"line 3: column 'x' has non-numeric value 'nan'"):
        gd.load_csv(_csv(tmp_path, "x,y\n1,2\nnan,3\n"))


def test_csv_missing_named_column(tmp_path):
    with pytest.raises(ValueError, match=r"column 'score' not in the header \['hours', 'y'\]"):
        gd.load_csv(_csv(tmp_path, "hours,y\n1,2\n"), x="hours", y="score")


def test_csv_bare_with_three_columns(tmp_path):
    with pytest.raises(ValueError, match="line 1.*exactly two columns"):
        gd.load_csv(_csv(tmp_path, "1,2,3\n4,5,6\n"))


def test_csv_short_row(tmp_path):
    with pytest.raises(ValueError, match=r"line 3: 1 cell where the first row has 2"):
        gd.load_csv(_csv(tmp_path, "x,y\n1,2\n3\n"))
