"""The tiny autograd: each operation against central differences; the regressions' gradients."""

import math

import numpy as np
import pytest

import gdlab as gd
from gdlab.autograd import Value, gradient, graph
from gdlab.numeric import central_difference

# (name, function written once for Values and floats alike, point)
FUNCTIONS = [
    ("add", lambda a, b: a + b + 2.0, (1.5, -0.5)),
    ("sub", lambda a, b: a - b - 2.0 - (3.0 - a), (1.5, -0.5)),
    ("mul", lambda a, b: a * b * 3.0, (1.5, -0.5)),
    ("div", lambda a, b: a / b + 1.0 / a, (1.5, -0.5)),
    ("pow", lambda a, b: a**3 + b**-2 + a**0.5, (1.5, -0.5)),
    ("neg", lambda a, b: -a * b, (1.5, -0.5)),
    ("exp", lambda a, b: _exp(a * b), (0.7, -1.3)),
    ("log", lambda a, b: _log(a * a + b), (0.7, 1.3)),
    ("tanh", lambda a, b: _tanh(a - b), (0.7, 0.2)),
    ("sigmoid", lambda a, b: _sigmoid(a * b), (0.7, -2.0)),
    ("relu", lambda a, b: _relu(a) * _relu(b) + _relu(-a), (0.7, 1.3)),
    ("reuse", lambda a, b: a * a * a + a * b, (0.7, 1.3)),
]


def _exp(v):
    return v.exp() if isinstance(v, Value) else math.exp(v)


def _log(v):
    return v.log() if isinstance(v, Value) else math.log(v)


def _tanh(v):
    return v.tanh() if isinstance(v, Value) else math.tanh(v)


def _sigmoid(v):
    return v.sigmoid() if isinstance(v, Value) else 1.0 / (1.0 + math.exp(-v))


def _relu(v):
    return v.relu() if isinstance(v, Value) else max(0.0, v)


@pytest.mark.parametrize("name, f, point", FUNCTIONS, ids=[f[0] for f in FUNCTIONS])
def test_operation_values_and_gradients(name, f, point):
    out = f(Value(point[0]), Value(point[1]))
    assert out.data == pytest.approx(f(*point), rel=1e-12)
    auto = gradient(lambda t: f(t[0], t[1]), point)
    numeric = central_difference(lambda t: f(t[0], t[1]), np.array(point))
    np.testing.assert_allclose(auto, numeric, rtol=1e-7, atol=1e-9)


def test_the_docstring_example():
    w, b = Value(2.0), Value(1.0)
    loss = (w * 3.0 + b - 4.0) ** 2
    loss.backward()
    assert (loss.data, w.grad, b.grad) == (9.0, 18.0, 6.0)


def _mse(t, data):
    return sum((t[0] * x + t[1] - y) ** 2 for x, y in zip(data.x, data.y, strict=True)) / len(data)


@pytest.mark.parametrize("theta", [[0.0, 0.0], [1.477, 0.089], [-2.0, 3.5]])
def test_reproduces_the_linear_regression_gradient(theta):
    data = gd.make_linear_data(seed=0)
    problem = gd.LinearRegression(data)
    np.testing.assert_allclose(
        gradient(lambda t: _mse(t, data), theta), problem.grad(np.array(theta)), rtol=1e-10
    )


def test_reproduces_the_linear_regression_loss():
    data = gd.make_linear_data(n=20, seed=1)
    w, b = Value(0.5), Value(-0.25)
    assert _mse([w, b], data).data == pytest.approx(
        gd.LinearRegression(data).loss(np.array([0.5, -0.25]))
    )


def test_reproduces_the_logistic_regression_gradient():
    data = gd.make_logistic_data(n=50, seed=2)
    problem = gd.LogisticRegression(data)

    def cross_entropy(t):
        total = 0.0
        for x, y in zip(data.x, data.y, strict=True):
            p = (t[0] * x + t[1]).sigmoid()
            total = total - (y * p.log() + (1.0 - y) * (1.0 - p).log())
        return total / len(data)

    theta = [0.8, -0.3]
    np.testing.assert_allclose(
        gradient(cross_entropy, theta), problem.grad(np.array(theta)), rtol=1e-9
    )


def test_a_long_sum_does_not_hit_the_recursion_limit():
    xs = [Value(1.0) for _ in range(5000)]
    total = sum(x * x for x in xs)
    total.backward()
    assert total.data == 5000.0 and all(x.grad == 2.0 for x in xs)


def test_numpy_numbers_on_the_left():
    w = Value(2.0)
    out = np.float64(3.0) * w + np.float64(1.0)
    assert isinstance(out, Value) and out.data == 7.0
    out.backward()
    assert w.grad == 3.0


def test_gradients_accumulate_over_backward_calls_like_pytorch():
    w = Value(3.0)
    (w * w).backward()
    (w * 2.0).backward()
    assert w.grad == 6.0 + 2.0


def test_topological_order_puts_inputs_first():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    d = c + a
    order = d.topological_order()
    assert order[-1] is d
    assert order.index(a) < order.index(c) and order.index(b) < order.index(c) < order.index(d)
    assert len(order) == 4
    d.backward()
    text = graph(d)
    assert text.count("\n") == 3 and "a" in text and "×" in text


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: Value("3"), TypeError, "data must be a real number"),
        (lambda: Value(True), TypeError, "data"),
        (lambda: Value(2.0) ** Value(2.0), TypeError, "exponent"),
        (lambda: Value(-1.0).log(), ValueError, "positive"),
        (lambda: gradient(lambda t: 3.0, [1.0]), TypeError, "must return a Value"),
        (lambda: gradient(lambda t: t[0], []), ValueError, "theta"),
        (lambda: gradient(lambda t: t[0], ["a"]), TypeError, "theta"),
    ],
)
def test_bad_input_names_the_problem(call, error, words):
    with pytest.raises(error, match=words):
        call()
