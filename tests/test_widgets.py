"""Explorers driven in the kernel: set a control, check `.current` and the drawn artists."""

import matplotlib

matplotlib.use("Agg")

import html  # noqa: E402
import io  # noqa: E402
import warnings  # noqa: E402

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gdlab as gd  # noqa: E402
from gdlab import widgets  # noqa: E402
from gdlab.explorers.controls import snap_lr  # noqa: E402
from gdlab.explorers.pixels import fast_png  # noqa: E402

pytestmark = pytest.mark.usefixtures("default_display")

def _ends(widget):
    """The two extreme values a control can take."""
    if isinstance(widget, W.SelectionSlider):
        return [widget.options[0][1], widget.options[-1][1]]
    if isinstance(widget, (W.Dropdown, W.ToggleButtons, W.RadioButtons)):
        return [opt[1] if isinstance(opt, tuple) else opt for opt in widget.options]
    if hasattr(widget, "min") and hasattr(widget, "max"):
        return [widget.min, widget.max]
    return []


def _drive_extremes(ex):
    """Every control to both ends of its range, warnings as errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, widget in ex.controls.items():
            if name == "play":
                continue
            for value in _ends(widget):
                widget.value = value
                assert ex.current["step"] == ex.controls["steps"].value
                assert np.all(np.isfinite(ex.current["theta"]))
        ex.figure.canvas.draw()


def _assert_play_linked(ex):
    steps, play = ex.controls["steps"], ex.controls["play"]
    links = [ln for ln in ex.links if isinstance(ln, W.widgets.widget_link.Link)]
    assert any(ln.source == (play, "value") and ln.target == (steps, "index") for ln in links)
    assert play.max == len(steps.options) - 1


# --- regression explorer ------------------------------------------------------------------------


def _plain_gd_on_mse(data, lr, steps, ks):
    """θ ← θ − lr·∇L for L = mean((w·x + b − y)²), step by step in plain floats: {k: (w, b)}."""
    sxx, sx, sxy, sy = (float(np.mean(v)) for v in (data.x * data.x, data.x, data.x * data.y, data.y))
    w = b = 0.0
    out = {}
    for k in range(steps + 1):
        if k in ks:
            out[k] = np.array([w, b])
        gw, gb = 2.0 * (w * sxx + b * sx - sxy), 2.0 * (w * sx + b - sy)
        w, b = w - lr * gw, b - lr * gb
    return out


def test_regression_matches_plain_gradient_descent(data):
    ex = widgets.regression_explorer(data, lr=0.005, steps=200, theta0=(0.0, 0.0))
    lr = ex.controls["lr"].value
    assert lr == pytest.approx(0.005, rel=0.012)  # snapped to the slider's 0.01-decade grid
    ks = (0, 1, 7, 200, 5000, 100_000)
    ref = _plain_gd_on_mse(data, lr, 100_000, set(ks))
    A = np.column_stack([data.x, np.ones_like(data.x)])
    star = np.linalg.lstsq(A, data.y, rcond=None)[0]
    for k in ks:
        ex.controls["steps"].value = k
        theta = ref[k]
        loss = float(np.mean((theta[0] * data.x + theta[1] - data.y) ** 2))
        cur = ex.current
        assert cur["step"] == k
        np.testing.assert_allclose(cur["theta"], theta, rtol=1e-12, atol=1e-12)
        assert cur["loss"] == pytest.approx(loss, rel=1e-12)
        assert (cur["w"], cur["b"]) == pytest.approx(tuple(theta), rel=1e-12, abs=1e-12)
        assert cur["gap"] == pytest.approx(np.linalg.norm(theta - star))
        # The fitted line is w·x + b for that theta; the path stands for k + 1 iterates, is drawn
        # with no more than a few vertices per pixel column, and ends at theta.
        xs, ys = ex._fit.fit.get_data()
        np.testing.assert_allclose(ys, theta[0] * np.asarray(xs) + theta[1], rtol=1e-12, atol=1e-12)
        px, py = ex._con.path.get_data()
        assert cur["path_length"] == k + 1 and len(px) == cur["path_vertices"]
        assert len(px) <= 4 * ex._con.path.axes.bbox.width
        if k:
            np.testing.assert_allclose([px[-1], py[-1]], theta, rtol=1e-9, atol=1e-12)
        assert ex._curve.marker.get_xdata()[0] == k
        assert cur["message"] == "" and cur["diverged_at"] is None


def test_regression_matches_run_for_momentum_and_adam(data):
    ex = widgets.regression_explorer(data, lr=0.002, steps=300, optimizer="momentum",
                                     theta0=(0.0, 0.0))
    lr = ex.controls["lr"].value
    ref = gd.run(gd.LinearRegression(data), gd.sgd(lr, momentum=0.9), [0.0, 0.0], 300)
    np.testing.assert_allclose(ex.current["theta"], ref.params[300])
    assert ex.current["loss"] == pytest.approx(ref.losses[300])
    ex.controls["optimizer"].value = "adam"
    ex.controls["lr"].value = snap_lr(0.03)
    ex.controls["w0"].value = 1.0
    lr = ex.controls["lr"].value
    ref = gd.run(gd.LinearRegression(data), gd.adam(lr), [1.0, 0.0], 300)
    np.testing.assert_allclose(ex.current["theta"], ref.params[300])
    assert ex.current["path_length"] == 301


def test_regression_start_point_moves_path(data):
    ex = widgets.regression_explorer(data, steps=0)
    ex.controls["w0"].value = ex.controls["w0"].max
    ex.controls["b0"].value = ex.controls["b0"].min
    start = [ex.controls["w0"].value, ex.controls["b0"].value]
    np.testing.assert_allclose(ex.current["theta"], start, atol=1e-9)
    np.testing.assert_allclose(np.ravel(ex._con.start.get_data()), start, atol=1e-9)


def test_regression_diverging_lr_says_so(data):
    ex = widgets.regression_explorer(data, steps=10, theta0=(0.0, 0.0))
    limit = gd.LinearRegression(data).lr_limit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex.controls["lr"].value = snap_lr(limit * 1.2)
        assert ex.current["diverged_at"] is not None
        msg = ex.current["message"]
        assert "GD, lr = " in msg and "diverging" in msg and f"{limit:.4g}" in msg
        assert ex.current["zone"] == "diverging" and ex.current["lr_limit"] == pytest.approx(limit)
        ex.controls["steps"].value = 100_000
        assert ex.current["step"] == 100_000
        assert np.all(np.isfinite(ex.current["theta"]))
        ref = gd.exact_trajectory(gd.LinearRegression(data), ex.controls["lr"].value, [0, 0], 100_000)
        assert ex.current["diverged_at"] == ref.diverged_at
        # Axes keep their range: no runaway.
        assert ex._con.path.axes.get_xlim() == pytest.approx(ex.bounds[0])
        ex.figure.canvas.draw()
        ex.controls["lr"].value = snap_lr(limit * 0.3)
        assert ex.current["message"] == "" and ex.current["diverged_at"] is None


def test_regression_lr_range_spans_the_limit(data):
    ex = widgets.regression_explorer(data)
    s = ex.controls["lr"]
    limit = ex.lr_limit
    assert s.options[0][1] < limit / 100 and s.options[-1][1] > 2 * limit
    assert ex.current["lr"] < limit / 2  # the default is stable
    steps = ex.controls["steps"]
    assert steps.options[0][1] == 0 and steps.options[-1][1] >= 100_000
    assert len(steps.options) <= 150  # Play runs through a bounded number of frames


def test_regression_extremes_raise_nothing(data):
    ex = widgets.regression_explorer(data, max_steps=20_000)
    _drive_extremes(ex)


def test_regression_play_linked(data):
    ex = widgets.regression_explorer(data)
    _assert_play_linked(ex)


def test_regression_slider_values_on_grid(data):
    ex = widgets.regression_explorer(data, lr=0.00123456)
    s = ex.controls["lr"]
    assert s.value == snap_lr(s.value) == 0.00123 and s.value in [v for _, v in s.options]
    assert s.options[s.index][0] == "0.00123"  # the label is the value, written out exactly
    for name in ("w0", "b0"):
        sl = ex.controls[name]
        for v in (sl.value, sl.min, sl.max):
            assert abs(v / sl.step - round(v / sl.step)) < 1e-6


def _displayed(obj, monkeypatch) -> list:
    """What IPython shows for `obj` as a cell's last value: the objects passed to display()."""
    import IPython.display
    from IPython.core.formatters import DisplayFormatter

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    assert DisplayFormatter().format(obj) == ({}, {})  # nothing but what it displayed itself
    return shown


def _in_boxes(box):
    return [box, *(w for child in getattr(box, "children", ()) for w in _in_boxes(child))]


def test_regression_displays_static_and_live(data, monkeypatch):
    from PIL import Image

    ex = widgets.regression_explorer(data, display="static")
    shown = _displayed(ex, monkeypatch)
    # One widget, the explorer's layout, holding every control, the figure and the readout.
    assert len(shown) == 1 and shown[0] is ex.widget and isinstance(shown[0], W.Box)
    inside = _in_boxes(shown[0])
    for name, control in ex.controls.items():
        assert any(w is control for w in inside), name
    image = ex._canvas.image
    assert any(w is image for w in inside) and any(w is ex._readout for w in inside)
    with Image.open(io.BytesIO(image.value)) as im:  # the figure, as drawn now (opaque: RGB)
        assert im.size == tuple(int(v) for v in ex.figure.bbox.size)
        np.testing.assert_array_equal(np.asarray(im.convert("RGBA")),
                                      np.asarray(ex.figure.canvas.buffer_rgba()))
    assert "<b>k</b> = 1,000" in ex._readout.value
    before = image.value
    ex.controls["steps"].value = 0
    assert image.value != before and "<b>k</b> = 0<" in ex._readout.value
    monkeypatch.setenv("GDLAB_DISPLAY", "static")
    assert widgets.regression_explorer(data).display == "static"
    monkeypatch.setenv("GDLAB_DISPLAY", "sideways")
    with pytest.raises(ValueError, match="GDLAB_DISPLAY"):
        widgets.regression_explorer(data)


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"data": [1, 2]}, TypeError, "data"),
        ({"lr": -1.0}, ValueError, "lr"),
        ({"lr": "big"}, TypeError, "lr"),
        ({"steps": 10**7}, ValueError, "steps"),
        ({"steps": 2.5}, TypeError, "steps"),
        ({"theta0": (1.0,)}, ValueError, "theta0"),
        ({"optimizer": "sgdx"}, ValueError, "optimizer"),
        ({"max_steps": 0}, ValueError, "max_steps"),
        ({"display": "tv"}, ValueError, "display"),
    ],
)
def test_regression_bad_input(data, kwargs, exc, words):
    kwargs = {"data": data, **kwargs}
    with pytest.raises(exc, match=words):
        widgets.regression_explorer(**kwargs)


# --- 1-D explorer ---------------------------------------------------------------------------------


def test_descent_1d_table_and_path_match_run():
    ex = widgets.descent_1d_explorer(steps=5)
    lr = ex.controls["lr"].value
    x0 = ex.controls["x0"].value
    ref = gd.run(gd.Parabola(), gd.sgd(lr), [x0], 5)
    np.testing.assert_allclose(ex.current["theta"], ref.params[5], rtol=1e-12)
    rows = ex.current["rows"]
    assert [r[0] for r in rows] == [0, 1, 2, 3, 4]
    for n, x, g, step, nxt in rows:
        assert x == pytest.approx(ref.params[n, 0])
        assert g == pytest.approx(2 * x)  # f(x) = x², f'(x) = 2x
        assert step == pytest.approx(lr * g)
        assert nxt == pytest.approx(x - lr * g)
    assert "lr·f′(x<sub" in ex._table.value and "x_" not in ex._table.value
    px, _ = ex._steps_art.points.get_data()
    np.testing.assert_allclose(px, ref.params[:, 0], rtol=1e-12)


def test_descent_1d_double_well_and_momentum():
    ex = widgets.descent_1d_explorer("double well", x0=2.0, steps=20, optimizer="momentum")
    lr = ex.controls["lr"].value
    mu = ex.controls["momentum"].value
    ref = gd.run(gd.DoubleWell(), gd.sgd(lr, momentum=mu), [2.0], 20)
    np.testing.assert_allclose(ex.current["theta"], ref.params[20])
    assert ex.current["loss"] == pytest.approx(ref.losses[20])
    assert "n+1</sub> − x<sub" in ex._table.value  # the real step, not lr·f′


def test_descent_1d_switch_function_resets_ranges():
    ex = widgets.descent_1d_explorer()
    ex.controls["function"].value = "double well"
    lo, hi = gd.DoubleWell().bounds[0]
    x0 = ex.controls["x0"]
    assert x0.min == pytest.approx(lo, abs=x0.step) and x0.max == pytest.approx(hi, abs=x0.step)
    assert ex.current["function"] == "double well"
    ref = gd.run(gd.DoubleWell(), gd.sgd(ex.controls["lr"].value), [x0.value], ex.step)
    np.testing.assert_allclose(ex.current["theta"], ref.params[-1])


def test_descent_1d_diverging_lr():
    ex = widgets.descent_1d_explorer(steps=30)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lr = ex.controls["lr"]
        lr.value = lr.options[-1][1]
        # 3 × the parabola's limit 2/f'' = 1, rounded up onto the slider's grid: 10^0.48.
        assert ex.current["lr"] == pytest.approx(3.02, abs=1e-3)
        # x_n = 2.5·(1 − 2·lr)ⁿ: far out of the plot at n = 30, yet finite (no overflow to report).
        assert ex.current["diverged_at"] is None and abs(ex.current["x"]) > 1e20
        assert ex.current["message"] == (
            "GD, lr = 3.02: diverging: lr·f″ = 6.04 > 2, so the steepest direction grows 5.04× per step. "
            "Limit 2/f″ = 1 (theory). x has left the plot; the right panel shows its distance to the "
            "minimum on a log scale.")
        assert ex.current["log_view"] and ex._ax_x.get_yscale() == "log"
        assert "<b>n</b> = 30<" in ex._readout.value
        assert html.escape(ex.current["message"]) in ex._readout.value
        ex.figure.canvas.draw()


def test_descent_1d_custom_problem_and_extremes():
    ex = widgets.descent_1d_explorer(gd.Parabola(a=2.0, c=1.0), steps=3)
    assert ex.controls["function"].value == gd.Parabola(a=2.0, c=1.0).name
    _drive_extremes(ex)
    _assert_play_linked(ex)


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [({"function": "cubic"}, ValueError, "function"), ({"function": gd.Himmelblau()}, TypeError, "function"),
     ({"x0": float("nan")}, ValueError, "x0"), ({"steps": -1}, ValueError, "steps"),
     ({"lr": 0}, ValueError, "lr"), ({"optimizer": 3}, TypeError, "optimizer")],
)
def test_descent_1d_bad_input(kwargs, exc, words):
    with pytest.raises(exc, match=words):
        widgets.descent_1d_explorer(**kwargs)


# --- optimizer race ---------------------------------------------------------------------------------


@pytest.mark.parametrize("problem", ["bowl", "rosenbrock", "himmelblau", "saddle"])
def test_race_matches_run(problem):
    ex = widgets.optimizer_race(problem, optimizers=("gd", "nesterov", "adam"), steps=50)
    p = ex.problem
    theta0 = [ex.controls["x0"].value, ex.controls["y0"].value]
    mu = ex.controls["momentum"].value
    b1 = ex.controls["beta1"].value
    refs = {
        "gd": gd.sgd(ex.controls["lr_gd"].value),
        "nesterov": gd.sgd(ex.controls["lr_nesterov"].value, momentum=mu, nesterov=True),
        "adam": gd.adam(ex.controls["lr_adam"].value, betas=(b1, 0.999)),
    }
    for name, opt in refs.items():
        ref = gd.run(p, opt, theta0, 50)
        cur = ex.current["runs"][name]
        np.testing.assert_allclose(cur["theta"], ref.at(50)[0], rtol=1e-9, atol=1e-12)
        assert cur["diverged_at"] == ref.diverged_at
        assert cur["path_length"] == min(50, ref.last) + 1
    np.testing.assert_allclose(ex.current["theta"], ex.current["runs"]["gd"]["theta"])


def test_race_one_slider_changes_one_run():
    ex = widgets.optimizer_race("bowl", steps=100)
    before = {n: r["theta"].copy() for n, r in ex.current["runs"].items()}
    old_runs = dict(ex.runs)
    s = ex.controls["lr_adam"]
    s.value = snap_lr(s.value * 2)
    assert ex.runs["gd"] is old_runs["gd"] and ex.runs["adam"] is not old_runs["adam"]
    np.testing.assert_allclose(ex.current["runs"]["gd"]["theta"], before["gd"])
    assert not np.allclose(ex.current["runs"]["adam"]["theta"], before["adam"])


def test_race_on_regression_draws_fitted_lines(data):
    ex = widgets.optimizer_race(data, optimizers=("gd", "momentum"), steps=40)
    assert {"w0", "b0", "lr_gd", "lr_momentum", "momentum"} <= set(ex.controls)
    for name in ("gd", "momentum"):
        w, b = ex.current["runs"][name]["theta"]
        xs, ys = ex._lines[name].get_data()
        np.testing.assert_allclose(ys, w * np.asarray(xs) + b, rtol=1e-9)


def test_race_diverging_gd_says_so():
    ex = widgets.optimizer_race("bowl", optimizers=("gd", "adam"), steps=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = ex.controls["lr_gd"]
        s.value = s.options[-1][1]
        cur = ex.current["runs"]["gd"]
        assert cur["diverged_at"] is not None and cur["zone"] == "diverging"
        assert "GD, lr = " in ex.current["message"] and f"{ex.lr_limit:.4g}" in ex.current["message"]
        assert f"showing step {cur['diverged_at'] - 1:,}" in ex.current["message"]
        assert cur["step_shown"] == cur["diverged_at"] - 1
        assert ex.current["runs"]["adam"]["diverged_at"] is None


def test_race_extremes_and_play():
    ex = widgets.optimizer_race("himmelblau", optimizers=("gd", "momentum", "nesterov", "adagrad",
                                                          "rmsprop", "adam"), steps=20, max_steps=300)
    _drive_extremes(ex)
    _assert_play_linked(ex)


def test_race_colours_belong_to_the_optimizer_not_the_position():
    a = widgets.optimizer_race("bowl", optimizers=("gd", "momentum", "adam"), steps=10)
    b = widgets.optimizer_race("bowl", optimizers=("adam", "momentum"), steps=10)
    for name in ("momentum", "adam"):
        assert a._paths[name][0].get_color() == b._paths[name][0].get_color()
    assert a._paths["gd"][0].get_color() != a._paths["adam"][0].get_color()


def test_race_start_is_not_rounded_onto_a_ridge():
    ex = widgets.optimizer_race("saddle", optimizers=("gd",), theta0=(1.2, 0.001), steps=10)
    assert ex.controls["y0"].value == pytest.approx(0.001)
    assert ex.current["runs"]["gd"]["theta"][1] != 0.0


def test_race_on_a_problem_object_starts_away_from_its_minimum():
    ex = widgets.optimizer_race(gd.Bowl(condition=10.0), steps=50)
    start = np.array([ex.controls["x0"].value, ex.controls["y0"].value])
    assert np.linalg.norm(start - ex.problem.solve()) > 1.0
    first = ex.current["runs"]["gd"]
    assert first["loss"] < ex.problem.loss(start)  # something actually moved
    other = widgets.optimizer_race(gd.Rosenbrock(a=1.0, b=50.0), steps=5)
    assert not np.allclose([other.controls["x0"].value, other.controls["y0"].value], other.problem.minima[0])


def test_race_learning_rates_by_name():
    ex = widgets.optimizer_race("rosenbrock", optimizers=("gd", "adam"), lrs={"gd": 1e-3, "adam": 0.01},
                                steps=30)
    assert ex.controls["lr_gd"].value == pytest.approx(1e-3)
    assert ex.controls["lr_adam"].value == pytest.approx(0.01)
    theta0 = [ex.controls["x0"].value, ex.controls["y0"].value]
    ref = gd.run(ex.problem, gd.sgd(1e-3), theta0, 30)
    np.testing.assert_allclose(ex.current["runs"]["gd"]["theta"], ref.final_params, rtol=1e-9)


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [({"problem": "moon"}, ValueError, "problem"), ({"problem": gd.Parabola()}, TypeError, "problem"),
     ({"lrs": {"sgd": 0.1}}, ValueError, "lrs"), ({"lrs": {"gd": -1.0}}, ValueError, "lrs"),
     ({"lrs": [0.1]}, TypeError, "lrs"),
     ({"optimizers": "adam"}, TypeError, "optimizers"),
     ({"optimizers": ("gd", "gd")}, ValueError, "optimizers"),
     ({"optimizers": ("gd", "lion")}, ValueError, "optimizers"), ({"theta0": "origin"}, TypeError, "theta0"),
     ({"steps": 1.5}, TypeError, "steps"), ({"momentum": 1.0}, ValueError, "momentum")],
)
def test_race_bad_input(kwargs, exc, words):
    with pytest.raises(exc, match=words):
        widgets.optimizer_race(**kwargs)


# --- mini-batch explorer ------------------------------------------------------------------------------


def test_minibatch_matches_run(data):
    ex = widgets.minibatch_explorer(data, batch_size=7, seed=3, steps=150, decay=0.01)
    lr = ex.controls["lr"].value
    decay = ex.controls["decay"].value
    p = gd.LinearRegression(data)
    ref = gd.run(p, gd.sgd(gd.inverse_time_decay(lr, decay)), [0.0, 0.0], 150, batch_size=7, seed=3)
    np.testing.assert_allclose(ex.current["theta"], ref.params[150])
    assert ex.current["loss"] == pytest.approx(ref.losses[150])
    full = gd.exact_trajectory(p, lr, [0.0, 0.0], 150).at(150)[0]
    np.testing.assert_allclose(ex.current["runs"]["full"]["theta"], full, rtol=1e-9)
    assert ex.current["runs"]["minibatch"]["path_length"] == 151
    ex.controls["seed"].value = 4
    ref4 = gd.run(p, gd.sgd(gd.inverse_time_decay(lr, decay)), [0.0, 0.0], 150, batch_size=7, seed=4)
    np.testing.assert_allclose(ex.current["theta"], ref4.params[150])
    ex.controls["batch_size"].value = len(data)  # one batch is the full data: plain GD, decayed
    refn = gd.run(p, gd.sgd(gd.inverse_time_decay(lr, decay)), [0.0, 0.0], 150)
    np.testing.assert_allclose(ex.current["theta"], refn.params[150], rtol=1e-9)


def test_minibatch_extremes_and_play(data):
    ex = widgets.minibatch_explorer(data, max_steps=500)
    _drive_extremes(ex)
    _assert_play_linked(ex)
    assert {"batch_size", "seed", "lr", "steps", "play", "decay"} <= set(ex.controls)


def test_minibatch_diverging(data):
    ex = widgets.minibatch_explorer(data, steps=2000)
    ex.controls["lr"].value = snap_lr(2 * ex.lr_limit)
    assert ex.current["runs"]["full"]["diverged_at"] is not None
    full = ex.current["runs"]["full"]
    assert full["zone"] == "diverging" and "full-batch GD, lr = " in ex.current["message"]
    assert f"full-batch GD: diverged at step {full['diverged_at']:,}" in ex.current["message"]


def test_minibatch_bad_input(data):
    with pytest.raises(ValueError, match="batch_size"):
        widgets.minibatch_explorer(data, batch_size=0)
    with pytest.raises(ValueError, match="batch_size"):
        widgets.minibatch_explorer(data, batch_size=len(data) + 1)
    with pytest.raises(ValueError, match="decay"):
        widgets.minibatch_explorer(data, decay=-0.1)
    with pytest.raises(TypeError, match="seed"):
        widgets.minibatch_explorer(data, seed="a")


# --- logistic explorer -------------------------------------------------------------------------------


def test_logistic_matches_run_and_moves_boundary():
    ex = widgets.logistic_explorer(steps=300)
    data = gd.make_logistic_data(seed=0)
    lr = ex.controls["lr"].value
    ref = gd.run(gd.LogisticRegression(data), gd.sgd(lr), [0.0, 0.0], 300)
    np.testing.assert_allclose(ex.current["theta"], ref.params[300])
    assert ex.current["loss"] == pytest.approx(ref.losses[300])
    w, b = ref.params[300]
    assert ex._logit.boundary.get_xdata()[0] == pytest.approx(-b / w)
    xs, ps = ex._logit.proba.get_data()
    np.testing.assert_allclose(ps, gd.sigmoid(w * np.asarray(xs) + b))
    ex.controls["steps"].value = 10
    assert ex._logit.boundary.get_xdata()[0] != pytest.approx(-b / w)
    assert ex.current["accuracy"] == gd.LogisticRegression(data).accuracy(ex.current["theta"])


def test_logistic_extremes_and_play():
    ex = widgets.logistic_explorer(gd.make_logistic_data(seed=2, separable=True), max_steps=500)
    _drive_extremes(ex)
    _assert_play_linked(ex)


def test_logistic_bad_input():
    with pytest.raises(ValueError, match="data.y"):
        widgets.logistic_explorer(gd.make_linear_data(seed=0))
    with pytest.raises(ValueError, match="lr"):
        widgets.logistic_explorer(lr=-1)


# --- environment ---------------------------------------------------------------------------------------


def test_check_environment_reports_in_words(monkeypatch):
    from gdlab import environment

    report = gd.check_environment()
    assert report.widgets_ok is True  # ipywidgets is installed here
    assert report.ipympl_ok is True
    assert report.interactive_backend is False  # tests run on Agg
    assert report.display == "static" and not report.ok
    assert "%matplotlib widget" in report.advice
    html = report._repr_html_()
    assert "✘" in html and "✔" in html and "static" in html
    assert "ipywidgets" in str(report)
    monkeypatch.setattr(environment, "_backend", lambda: "module://ipympl.backend_nbagg")
    live = gd.check_environment()
    assert live.interactive_backend and live.display == "live" and live.ok
    assert "%matplotlib widget" not in live.advice


def test_display_mode_override(monkeypatch):
    from gdlab.environment import display_mode

    assert display_mode() == "static"
    monkeypatch.setenv("GDLAB_DISPLAY", "live")
    assert display_mode() == "live"
    assert display_mode("static") == "static"
    monkeypatch.setenv("GDLAB_DISPLAY", "Static ")
    assert display_mode() == "static"
    monkeypatch.setenv("GDLAB_DISPLAY", "3d")
    with pytest.raises(ValueError, match="GDLAB_DISPLAY"):
        display_mode()
    report = gd.check_environment()
    assert report.display == "static" and "GDLAB_DISPLAY" in report.advice
    with pytest.raises(ValueError, match="display"):
        display_mode("tv")


# --- live mode (ipympl) and frame encoding -----------------------------------------------------------


def test_fast_png_roundtrip():
    from PIL import Image

    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, size=(31, 47, 4), dtype=np.uint8)
    with Image.open(io.BytesIO(fast_png(img))) as im:
        np.testing.assert_array_equal(np.asarray(im), img)


_LIVE_SCRIPT = r"""
import io, warnings
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
import numpy as np
from PIL import Image
import gdlab as gd
ex = gd.widgets.regression_explorer(gd.make_linear_data(seed=0))
assert ex.display == "live", ex.display
canvas = ex.figure.canvas
assert ex.widget.children[3] is canvas
sent = []
canvas.send_binary = sent.append
for msg in ({"type": "initialized"}, {"type": "refresh"}, {"type": "draw"}):
    canvas._handle_message(canvas, msg, [])
with warnings.catch_warnings():
    warnings.simplefilter("error")
    n = len(sent)
    ex.controls["steps"].value = 10
    assert len(sent) == n + 1, "one frame per change"
    # Whole frames, never diffs: a view that missed a frame must not stay blank.
    assert canvas._image_mode == "full"
    with Image.open(io.BytesIO(sent[-1])) as im:
        assert im.size == tuple(int(v) for v in ex.figure.bbox.size)
        frame = np.asarray(im.convert("RGBA"))
    assert (frame[..., 3] == 255).all()
    np.testing.assert_array_equal(frame, np.asarray(canvas.get_renderer().buffer_rgba()))
    ex.controls["lr"].value = ex.controls["lr"].options[-1][1]
    assert "diverging" in ex.current["message"]
print("LIVE OK")
"""


def test_live_mode_sends_one_whole_frame_per_change():
    import subprocess
    import sys

    env = {**__import__("os").environ, "MPLBACKEND": ""}
    env.pop("GDLAB_DISPLAY", None)
    out = subprocess.run([sys.executable, "-c", _LIVE_SCRIPT], capture_output=True, text=True,
                         env=env, timeout=120)
    assert "LIVE OK" in out.stdout, out.stderr[-3000:]


def test_1d_exactly_on_the_limit_bounces_and_says_so():
    ex = widgets.descent_1d_explorer("parabola", x0=2.5, lr=1.0, steps=100)
    assert ex.controls["lr"].value == 1.0 == ex.lr_limit
    assert abs(ex.current["x"]) == pytest.approx(2.5)
    assert ex.current["diverged_at"] is None
    assert ex.current["zone"] == "on the limit" and "on the limit" in ex.current["message"]
    assert "diverging" not in ex.current["message"]
    ex.controls["lr"].value = snap_lr(1.02)
    assert ex.current["zone"] == "diverging" and "diverging" in ex.current["message"]


def test_explorer_figures_fit_a_projector_column():
    data = gd.make_linear_data(seed=0)
    for ex in (widgets.regression_explorer(data), widgets.optimizer_race(data, steps=10),
               widgets.descent_1d_explorer(), widgets.logistic_explorer(steps=10)):
        width, height = ex.figure.get_size_inches() * ex.figure.get_dpi()
        assert width <= 1000 + 1e-6 and height <= 600, (ex, width, height)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_regression_on_data_without_a_true_line(data, language):
    # Notebook 03's standardised data (and a learner's CSV) has no true (w, b): no legend entry
    # for one, in either language.
    gd.set_language(language)
    try:
        ex = widgets.regression_explorer(data.standardized(), display="static")
        labels = ex._legend[1]
        assert len(labels) == 5 and not any("(w, b) = (" in t for t in labels), labels
        ex.controls["lr"].value = _ends(ex.controls["lr"])[-1]
        ex.close()
    finally:
        gd.set_language(None)


# --- every start a start slider offers lies in the view ------------------------------------------
# The sliders' ends are rounded outwards to their step; the view covers them, so a start at a
# slider's end is drawn, and a run that starts there is not said to have "left the view".
def _start_explorers(data):
    yield widgets.regression_explorer(data, display="static"), ("w0", "b0")
    yield widgets.optimizer_race(data, display="static"), ("w0", "b0")
    yield widgets.optimizer_race("bowl", display="static"), ("x0", "y0")


def test_start_sliders_ends_lie_in_the_view(data):
    for ex, names in _start_explorers(data):
        for name, (lo, hi) in zip(names, ex.bounds):
            ctl = ex.controls[name]
            assert lo <= ctl.min and ctl.max <= hi, (type(ex).__name__, name, ctl.min, ctl.max, lo, hi)
        ex.close()
    ex = widgets.descent_1d_explorer(display="static")
    for function in [o[1] if isinstance(o, tuple) else o for o in ex.controls["function"].options]:
        ex.controls["function"].value = function
        lo, hi = ex.bounds
        assert lo <= ex.controls["x0"].min and ex.controls["x0"].max <= hi, (function, ex.bounds)
    ex.close()


def test_a_run_from_the_start_sliders_corner_has_not_left_the_view(data):
    ex = widgets.regression_explorer(data, display="static")
    c = ex.controls
    c["optimizer"].value = "momentum"
    c["lr"].value = c["lr"].options[0][1]  # the smallest: every step is tiny, and heads inwards
    c["w0"].value, c["b0"].value = c["w0"].max, c["b0"].max
    c["steps"].value = 2
    assert ex.current["left_view_at"] is None, ex.current["message"]
    assert "left the view" not in ex.current["message"]
    ex.close()
