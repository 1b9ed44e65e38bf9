"""Explorers driven in the kernel: set a control, check `.current` and the drawn artists."""

import matplotlib

matplotlib.use("Agg")

import warnings  # noqa: E402

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gdlab as gd  # noqa: E402
from gdlab import widgets  # noqa: E402


@pytest.fixture(autouse=True)
def _static_display(monkeypatch):
    monkeypatch.delenv("GDLAB_DISPLAY", raising=False)


@pytest.fixture(scope="module")
def data():
    return gd.make_linear_data(seed=0)


def _ends(widget):
    """The two extreme values a control can take."""
    if isinstance(widget, W.SelectionSlider):
        return [widget.options[0][1], widget.options[-1][1]]
    if isinstance(widget, W.FloatLogSlider):
        return [widget.base**widget.min, widget.base**widget.max]
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


def test_regression_matches_exact_trajectory(data):
    ex = widgets.regression_explorer(data, lr=0.005, steps=200)
    problem = gd.LinearRegression(data)
    lr = ex.controls["lr"].value
    assert lr == pytest.approx(0.005, rel=0.012)  # snapped to the slider's 0.01-decade grid
    ref = gd.exact_trajectory(problem, lr, [0.0, 0.0], 100_000)
    for k in (0, 1, 7, 200, 5000, 100_000):
        ex.controls["steps"].value = k
        theta, loss = ref.at(k)
        cur = ex.current
        assert cur["step"] == k
        np.testing.assert_allclose(cur["theta"], theta, rtol=1e-12, atol=1e-12)
        assert cur["loss"] == pytest.approx(loss, rel=1e-12)
        assert (cur["w"], cur["b"]) == pytest.approx(tuple(theta), rel=1e-12)
        assert cur["gap"] == pytest.approx(np.linalg.norm(theta - problem.solve()))
        # The fitted line is w·x + b for that theta, the path has k + 1 points.
        xs, ys = ex._fit.fit.get_data()
        np.testing.assert_allclose(ys, theta[0] * np.asarray(xs) + theta[1], rtol=1e-12)
        px, py = ex._con.path.get_data()
        assert len(px) == k + 1
        np.testing.assert_allclose([px[-1], py[-1]], theta, rtol=1e-9, atol=1e-12)
        assert ex._curve.marker.get_xdata()[0] == k
        assert cur["message"] == "" and cur["diverged_at"] is None


def test_regression_matches_run_for_momentum_and_adam(data):
    ex = widgets.regression_explorer(data, lr=0.002, steps=300, optimizer="momentum")
    lr = ex.controls["lr"].value
    ref = gd.run(gd.LinearRegression(data), gd.sgd(lr, momentum=0.9), [0.0, 0.0], 300)
    np.testing.assert_allclose(ex.current["theta"], ref.params[300])
    assert ex.current["loss"] == pytest.approx(ref.losses[300])
    ex.controls["optimizer"].value = "adam"
    ex.controls["lr"].value = widgets._snap_lr(0.05)
    ex.controls["w0"].value = 1.0
    lr = ex.controls["lr"].value
    ref = gd.run(gd.LinearRegression(data), gd.adam(lr), [1.0, 0.0], 300)
    np.testing.assert_allclose(ex.current["theta"], ref.params[300])
    assert len(ex._con.path.get_xdata()) == 301


def test_regression_start_point_moves_path(data):
    ex = widgets.regression_explorer(data, steps=0)
    ex.controls["w0"].value = ex.controls["w0"].max
    ex.controls["b0"].value = ex.controls["b0"].min
    start = [ex.controls["w0"].value, ex.controls["b0"].value]
    np.testing.assert_allclose(ex.current["theta"], start, atol=1e-9)
    np.testing.assert_allclose(np.ravel(ex._con.start.get_data()), start, atol=1e-9)


def test_regression_diverging_lr_says_so(data):
    ex = widgets.regression_explorer(data, steps=10)
    limit = gd.LinearRegression(data).lr_limit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex.controls["lr"].value = widgets._snap_lr(limit * 1.2)
        assert ex.current["diverged_at"] is not None
        msg = ex.current["message"]
        assert "Diverging" in msg and f"{limit:.4g}" in msg
        ex.controls["steps"].value = 100_000
        assert ex.current["step"] == 100_000
        assert np.all(np.isfinite(ex.current["theta"]))
        ref = gd.exact_trajectory(gd.LinearRegression(data), ex.controls["lr"].value, [0, 0], 100_000)
        assert ex.current["diverged_at"] == ref.diverged_at
        # Axes keep their range: no runaway.
        assert ex._con.path.axes.get_xlim() == pytest.approx(ex.bounds[0])
        ex.figure.canvas.draw()
        ex.controls["lr"].value = widgets._snap_lr(limit * 0.3)
        assert ex.current["message"] == "" and ex.current["diverged_at"] is None


def test_regression_lr_range_spans_the_limit(data):
    ex = widgets.regression_explorer(data)
    s = ex.controls["lr"]
    limit = ex.lr_limit
    assert s.base**s.min < limit / 100 and s.base**s.max > 2 * limit
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
    e = np.log10(s.value)
    assert abs(e / s.step - round(e / s.step)) < 1e-9
    for name in ("w0", "b0"):
        sl = ex.controls[name]
        for v in (sl.value, sl.min, sl.max):
            assert abs(v / sl.step - round(v / sl.step)) < 1e-6


def test_regression_displays_static_and_live(data, monkeypatch):
    ex = widgets.regression_explorer(data, display="static")
    box = ex.widget
    assert isinstance(box, W.Box)
    assert isinstance(ex._image, W.Image) and ex._image.value[:4] == b"\x89PNG"
    before = ex._image.value
    ex.controls["steps"].value = 0
    assert ex._image.value != before
    assert hasattr(ex, "_ipython_display_")
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
