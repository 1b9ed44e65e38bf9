"""Explorers and figures fit the room: the column's width, type sizes, projector mode, classroom controls.

Kernel side: the panels' arrangement for the width the browser reports, the type sizes that
result, reset, Space (the sensor's message), projector mode, the 1-D explorer's words, the 3-D
surface and the animation's frames. The browser side (every canvas inside its cell at two
window sizes) is tests/browser/test_room.py.
"""

import io
import re

import ipywidgets as W
import matplotlib
import numpy as np
import pytest
from PIL import Image

matplotlib.use("Agg")

import gdlab as gd  # noqa: E402
from gdlab import widgets  # noqa: E402
from gdlab.environment import projector_mode, set_projector  # noqa: E402
from gdlab.explorers.column import FIGURE_DPI, PROJECTOR_SCALE, arrange, explorer_style, stylesheet  # noqa: E402
from gdlab.explorers.readout import readout_html  # noqa: E402
from gdlab.explorers.wrapping import MARGIN_PT, wrapped  # noqa: E402
from gdlab.plots.landscape import lattice  # noqa: E402

# JupyterLab with the file browser open at 1280×800, the same at 125% zoom, a narrow window.
COLUMNS = (1130, 848, 592, 420)


@pytest.fixture(autouse=True)
def _normal_mode(monkeypatch):
    monkeypatch.delenv("GDLAB_PROJECTOR", raising=False)
    monkeypatch.delenv("GDLAB_DISPLAY", raising=False)
    set_projector(None)
    yield
    set_projector(None)
    gd.set_language(None)


def _explorers():
    data = gd.make_linear_data(seed=0)
    return {
        "regression": lambda: widgets.regression_explorer(data, display="static"),
        "descent_1d": lambda: widgets.descent_1d_explorer("double well", display="static"),
        "race": lambda: widgets.optimizer_race("rosenbrock", ("gd", "momentum", "adam"), steps=50,
                                               display="static"),
        "race_regression": lambda: widgets.optimizer_race(data, ("gd", "adam"), steps=50, display="static"),
        "minibatch": lambda: widgets.minibatch_explorer(data, steps=50, display="static"),
        "logistic": lambda: widgets.logistic_explorer(steps=50, display="static"),
        "gradient_check": lambda: widgets.gradient_check_explorer(display="static"),
    }


def _css_px(fig) -> float:
    return fig.get_dpi() / fig.canvas.device_pixel_ratio / 72.0


def _apart(a, b) -> bool:
    return a.x1 <= b.x0 + 1 or b.x1 <= a.x0 + 1 or a.y1 <= b.y0 + 1 or b.y1 <= a.y0 + 1


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("projector", [False, True], ids=["normal", "projector"])
@pytest.mark.parametrize("name", list(_explorers()))
def test_every_explorer_fits_every_column_and_keeps_its_type(name, projector, language):
    """Nothing of a panel leaves the figure, at any column down to a phone's 300 px: its title
    and key wrap (or a formula's title takes 13-point type) rather than run into the next panel."""
    set_projector(projector)
    gd.set_language(language)
    ex = _explorers()[name]()
    ex.widget  # noqa: B018 - the box with its sensor
    for width in (*COLUMNS, 360, 300):
        ex._on_column_width({"new": width})
        fig = ex.figure
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        fig_w, fig_h = fig.bbox.width, fig.bbox.height
        assert fig_w <= width + 0.5, (name, width, fig_w)
        boxes, titles = [], []
        for ax in ex._panels:
            tight = ax.get_tightbbox(renderer)  # ticks, labels and title included
            assert tight.x0 >= -1 and tight.x1 <= fig_w + 1, (name, width, ax.get_title(), tight)
            assert tight.y0 >= -1 and tight.y1 <= fig_h + 1, (name, width, ax.get_title(), tight)
            boxes.append(ax.get_window_extent(renderer))
            titles.append(ax.title.get_window_extent(renderer))
            assert ax.title.get_fontsize() >= 13, (name, width, ax.get_title())
            for label in ax.get_xticklabels() + ax.get_yticklabels():
                assert label.get_fontsize() * _css_px(fig) >= 12.0, (name, label)
            key = ax.get_legend()
            if key is not None:  # a key inside its panel
                box = key.get_window_extent(renderer)
                assert box.x0 >= boxes[-1].x0 - 1 and box.x1 <= boxes[-1].x1 + 1, (name, width, box)
        for i, a in enumerate(boxes):  # panels, and their titles, never overlap
            for b in boxes[i + 1:]:
                assert _apart(a, b), (name, width)
            for j, t in enumerate(titles):
                apart = i == j or (_apart(a, t) and _apart(titles[i], t))
                assert apart, (name, width, ex._panels[j].get_title())
        for legend in fig.legends:  # a legend under the panels fits the width too
            box = legend.get_window_extent(renderer)
            assert box.x0 >= -1 and box.x1 <= fig_w + 1, (name, width, box)
    ex.close()


def test_a_title_wraps_only_where_it_must_and_on_even_lines():
    set_projector(True)
    ex = widgets.logistic_explorer(steps=50, display="static")
    ex.widget  # noqa: B018
    title = ex._panels[0].title
    ex._on_column_width({"new": 300})
    lines = title.get_text().split("\n")
    assert len(lines) == 3 and " ".join(lines) == "probability and boundary at step k"
    renderer = ex.figure.canvas.get_renderer()
    widths = [renderer.get_text_width_height_descent(line, title.get_fontproperties(), False)[0]
              for line in lines]
    assert min(widths) > 0.5 * max(widths), lines  # not a last word alone ("… at step" / "k")
    assert ex._arrangement.title_lines == 3
    ex._on_column_width({"new": 1130})  # three panels side by side, each 262 px wide
    assert title.get_text() == "probability and\nboundary at step k" and ex._arrangement.title_lines == 2
    set_projector(False)
    normal = widgets.logistic_explorer(steps=50, display="static")
    normal.widget  # noqa: B018
    normal._on_column_width({"new": 1130})
    assert normal._panels[0].get_title() == "probability and boundary at step k"
    assert normal._arrangement.title_lines == 1
    ex.close()
    normal.close()


def test_a_line_never_breaks_beside_an_equals_sign():
    """The gradient check's title wraps in a projector's narrow column between words, not
    inside "x = 1" or "f′(x) = 0.540302"; a word too long alone still keeps a line of its own."""
    set_projector(True)
    ex = widgets.gradient_check_explorer(display="static")
    ex.widget  # noqa: B018
    ex._on_column_width({"new": 420})
    lines = ex._panels[0].get_title().split("\n")
    assert len(lines) > 1 and " ".join(lines) == "f(x) = sin x at x = 1: f′(x) = 0.540302", lines
    for line in lines:
        assert not line.endswith(("=", "≈")) and not line.startswith(("=", "≈")), lines
    ex.close()
    assert wrapped("a = b c", lambda line: len(line) <= 1) == ["a = b", "c"]
    assert wrapped("lr ≈ 0.1 or lr = 2", lambda line: len(line) <= 8) == ["lr ≈ 0.1", "or", "lr = 2"]


def test_a_title_changed_later_gets_the_room_it_takes():
    """The 1-D explorer's step panel changes its title for the log view; the gradient check's
    title says x: the rows above the panels grow or shrink with it."""
    set_projector(True)
    ex = widgets.descent_1d_explorer("double well", steps=10, display="static")
    ex.widget  # noqa: B018
    ex._on_column_width({"new": 300})
    before = ex._arrangement.title_lines
    ex.controls["lr"].index = len(ex.controls["lr"].options) - 1  # past the limit: the log view
    assert ex._log_view
    assert ex._ax_x.get_title().count("\n") + 1 == ex._arrangement.title_lines > before
    ex.figure.canvas.draw()
    tight = ex._ax_x.get_tightbbox(ex.figure.canvas.get_renderer())
    assert tight.y1 <= ex.figure.bbox.height + 1 and tight.x1 <= ex.figure.bbox.width + 1
    ex.close()


def test_panels_go_on_rows_when_the_column_narrows():
    ex = widgets.regression_explorer(gd.make_linear_data(seed=0), display="static")
    shapes = {}
    for width in (1130, 848, 592, 420):
        ex._on_column_width({"new": width})
        shapes[width] = (ex._arrangement.ncols, ex._arrangement.nrows)
    assert shapes == {1130: (3, 1), 848: (3, 1), 592: (2, 2), 420: (1, 3)}
    assert ex._arrangement.width_px == 420 and ex.figure.bbox.width == pytest.approx(420, abs=1)
    # Wider than the largest figure: the figure stays at its largest, it does not stretch.
    ex._on_column_width({"new": 2400})
    assert ex.figure.bbox.width == pytest.approx(1000, abs=1)


def test_a_width_change_redraws_the_static_frame_at_the_new_size():
    import io

    from PIL import Image

    ex = widgets.descent_1d_explorer(display="static")
    image = ex.widget and ex._canvas.image
    ex._on_column_width({"new": 500})
    with Image.open(io.BytesIO(image.value)) as im:
        assert im.size[0] == 500


def test_arrange_counts_css_pixels_on_a_dense_screen():
    fig, axes = gd.plots.subplots(1, 3, dpi=FIGURE_DPI, layout=None)
    arrangement = arrange(fig, list(axes), 848)
    assert arrangement.width_px == 848 and fig.bbox.width == pytest.approx(848, abs=1)


def test_the_explorer_box_has_its_stylesheet_and_sensor():
    ex = widgets.descent_1d_explorer(display="static")
    box = ex.widget
    assert "gdlab-explorer" in box._dom_classes and "gdlab-projector" not in box._dom_classes
    sensor = box.children[-1]
    assert ex._sensor is sensor and sensor.width == 0  # until the browser says
    assert ".gdlab-explorer" in sensor._css and "--jp-widgets-font-size: 16px" in sensor._css
    sensor.width = 500
    assert ex._arrangement.width_px == 500


def test_control_type_is_at_least_15_px():
    for scale in (1.0, PROJECTOR_SCALE):
        sizes = {k: int(v[:-2]) for k, v in explorer_style(scale).items() if "font" in k or "readout" in k}
        assert min(sizes.values()) >= 15 * scale, sizes
    css = stylesheet(1.0)
    assert ".widget-label" in css and ".widget-readout" in css and ".jupyter-button" in css


def _smallest_px(html: str, base: float = 16.0) -> float:
    """The smallest type in readout HTML whose sizes are in em of the readout's 16 px."""
    # A subscript without a size of its own would be the browser's 0.83 em: 13 px.
    assert html.count("<sub") == html.count("<sub style='font-size:0.95em'>"), html
    sizes = [float(v) * (base if unit == "em" else 1.0)
             for v, unit in re.findall(r"font-size:\s*([\d.]+)(px|em)", html)]
    return min(sizes)


def test_readouts_are_at_least_15_px():
    assert _smallest_px(readout_html([("k", "1")], "a message", note="a note")) >= 15
    for lr in (0.01, 1.0):  # a theory bar (plain GD on a parabola) and a measured one (Adam)
        for name in ("gd", "adam"):
            ex = widgets.descent_1d_explorer(lr=lr, optimizer=name, steps=5, display="static")
            assert _smallest_px(ex._zones.value) >= 15, (name, lr)
            ex.close()
    ex = widgets.descent_1d_explorer(steps=5, display="static")
    assert _smallest_px(ex._table.value) >= 15 and _smallest_px(ex._zones.value) >= 15


def test_space_toggles_play_and_reset_restores_every_control():
    ex = widgets.regression_explorer(gd.make_linear_data(seed=0), display="static")
    box = ex.widget
    play = ex.controls["play"]
    ex._on_sensor_message(ex._sensor, {"event": "space"}, [])
    assert play.playing is True
    ex._on_sensor_message(ex._sensor, {"event": "space"}, [])
    assert play.playing is False
    ex._on_sensor_message(ex._sensor, {"event": "other"}, [])
    assert play.playing is False
    start = {name: c.value for name, c in ex.controls.items() if name != "play"}
    before = dict(ex.current)
    ex.controls["optimizer"].value = "adam"
    ex.controls["lr"].value = ex.controls["lr"].options[-1][1]
    ex.controls["steps"].value = 5
    ex.controls["w0"].value = 1.0
    ex.controls["b0"].value = -3.0
    play.playing = True
    buttons = [w for w in _in_boxes(box) if isinstance(w, W.Button) and w.description == "reset"]
    assert len(buttons) == 1
    buttons[0].click()
    assert {name: c.value for name, c in ex.controls.items() if name != "play"} == start
    assert play.playing is False
    np.testing.assert_array_equal(ex.current["theta"], before["theta"])
    assert ex.current["step"] == before["step"]


def test_reset_of_the_1d_explorer_brings_its_function_and_start_back():
    ex = widgets.descent_1d_explorer("parabola", x0=1.5, lr=0.2, steps=7, display="static")
    start = {name: c.value for name, c in ex.controls.items() if name != "play"}
    ex.controls["function"].value = "double well"
    ex.controls["optimizer"].value = "momentum"
    ex.reset()
    assert {name: c.value for name, c in ex.controls.items() if name != "play"} == start
    assert ex.current["function"] == "parabola" and ex.current["x"] == pytest.approx(
        gd.run(gd.Parabola(), gd.sgd(ex.controls["lr"].value), [1.5], 7).params[-1, 0])


def test_stop_says_it_goes_back_to_step_0():
    ex = widgets.minibatch_explorer(gd.make_linear_data(seed=0), steps=20, display="static")
    texts = [w.value for w in _in_boxes(ex.widget) if isinstance(w, W.HTML)]
    assert any("■" in t and "step 0" in t for t in texts)
    assert "back to step 0" in ex.controls["play"].tooltip and "Space" in ex.controls["play"].tooltip


def _in_boxes(box):
    return [box, *(w for child in getattr(box, "children", ()) for w in _in_boxes(child))]


def test_projector_mode_enlarges_figures_controls_and_page(monkeypatch):
    normal = widgets.descent_1d_explorer(display="static")
    assert not projector_mode()
    page = gd.projector()
    assert projector_mode() and "--jp-content-font-size1" in page._css
    big = widgets.descent_1d_explorer(display="static")
    assert big.figure.get_dpi() == pytest.approx(normal.figure.get_dpi() * PROJECTOR_SCALE)
    assert "gdlab-projector" in big.widget._dom_classes
    assert "--jp-content-font-size1" in big._sensor._css  # Voila's page, through the sensor
    fig, _ = gd.plots.subplots()
    assert fig.get_dpi() == pytest.approx(135)
    assert gd.projector(False) is None and not projector_mode()
    fig, _ = gd.plots.subplots()
    assert fig.get_dpi() == pytest.approx(100)
    monkeypatch.setenv("GDLAB_PROJECTOR", "1")
    set_projector(None)
    assert projector_mode()
    monkeypatch.setenv("GDLAB_PROJECTOR", "loud")
    with pytest.raises(ValueError, match="GDLAB_PROJECTOR"):
        projector_mode()
    with pytest.raises(TypeError, match="on"):
        set_projector("yes")


def test_tools_present_turns_projector_mode_on():
    from pathlib import Path

    source = (Path(__file__).parents[1] / "tools" / "serve").read_text()
    assert 'env.setdefault("GDLAB_PROJECTOR", "1")' in source


def test_the_1d_explorer_speaks_of_f_second_and_greys_out_mu():
    ex = widgets.descent_1d_explorer("parabola", steps=3, display="static")
    assert "2/f″" in ex._zones.value and "λ" not in ex._zones.value
    assert ex.controls["momentum"].disabled
    assert "n+1</sub>" in ex._table.value and "x_{" not in ex._table.value
    ex.controls["optimizer"].value = "momentum"
    assert not ex.controls["momentum"].disabled
    ex.controls["optimizer"].value = "adam"
    assert ex.controls["momentum"].disabled


def test_regression_starts_off_the_valley_axis():
    ex = widgets.regression_explorer(gd.make_linear_data(seed=0), steps=50, display="static")
    path = ex.run.path(50)
    # Not one straight hop: the path turns (the valley), its direction changes by > 30°.
    d0, d1 = path[1] - path[0], path[-1] - path[10]
    cos = d0 @ d1 / np.linalg.norm(d0) / np.linalg.norm(d1)
    assert cos < np.cos(np.radians(30)), cos


def test_log_surface_has_no_spike_and_the_path_rides_on_it():
    problem = gd.LinearRegression(gd.make_linear_data(seed=0))
    path = gd.exact_trajectory(problem, 0.006, [0.0, 10.0], steps=1000).params
    fig, ax = gd.plots.subplots(projection="3d")
    _, line = gd.plots.loss_surface(ax, problem, path, grid=40, log=True)
    xs, ys = lattice(problem.bounds, 40)
    excess = np.sort((problem.loss_grid(xs, ys) - problem.min_loss()).ravel())
    eps = excess[4]
    surface = np.log10(excess + eps)  # the surface's heights, lowest first
    heights = np.asarray(line.get_data_3d()[2])
    assert heights.min() >= surface[0] - 0.05, (heights.min(), surface[0])  # was 2 decades below
    assert surface[5] - surface[0] < 0.5  # the lowest grid points make no spike (was 1.1 decades)


def test_animation_frames_have_readable_type():
    ex = widgets.regression_explorer(gd.make_linear_data(seed=0), display="static")
    anim = gd.animate(ex, frames=3)
    assert anim.frames[0].shape[1] == 800
    assert anim.dpi * 12 / 72 >= 12  # 12-point ticks at >= 12 px in the frames
    assert "max-width: 100%" in anim.to_jshtml()
    assert gd.animate(ex, frames=3, width=600).frames[0].shape[1] == 600
    with pytest.raises(ValueError, match="width"):
        gd.animate(ex, width=50)
    gd.projector()
    big = widgets.regression_explorer(gd.make_linear_data(seed=0), display="static")
    assert gd.animate(big, frames=2).dpi == pytest.approx(FIGURE_DPI * PROJECTOR_SCALE)


def _whole(line) -> bool:
    """The line's markers, as drawn with their edge, lie within its axes (not cut by its left or
    right edge; matplotlib's extent of a line counts the markers' size, not their edge)."""
    line.figure.draw_without_rendering()
    box, ax_box = line.get_window_extent(), line.axes.bbox
    edge = line.get_markeredgewidth() / 2 * line.figure.dpi / 72 - 0.01  # (rounding: the room is exact)
    return ax_box.x0 <= box.x0 - edge and box.x1 + edge <= ax_box.x1


def _step_markers(name: str):
    """An explorer with a step axis, and a function giving its markers at the first or last step."""
    data = gd.make_linear_data(seed=0)
    if name == "regression":
        ex = widgets.regression_explorer(data, display="static")
        return ex, lambda: [ex._curve.marker]
    if name in ("race", "race_regression"):
        problem = "bowl" if name == "race" else data
        ex = widgets.optimizer_race(problem, ("gd", "momentum", "adam"), steps=1000, display="static")
        return ex, lambda: [c.marker for c in ex._curves.values()]
    if name == "digits":
        train, test = gd.load_digits().split(test_fraction=0.25, seed=0)
        ex = widgets.digits_explorer(train, test, epochs=2, display="static")
        return ex, lambda: [ex._lines[kind, part, "at"] for kind in ("loss", "accuracy")
                            for part in ("train", "test")]
    ex = widgets.descent_1d_explorer(steps=100, max_steps=100, display="static")

    def last_dot():  # the dot of the step shown, alone, as drawn
        dots = ex._xs_line
        k = ex.controls["steps"].value
        dots.set_data([k], [np.asarray(dots.get_ydata())[k]])
        return [dots]
    return ex, last_dot


@pytest.fixture(params=[(name, projector) for projector in (False, True)
                        for name in ("regression", "race", "race_regression", "descent_1d", "digits")],
                ids=lambda p: p[0] + ("-projector" if p[1] else ""))
def step_explorer(request):
    """(name, explorer, its markers) for an explorer with a step axis, on screen or projector."""
    name, projector = request.param
    set_projector(projector)
    ex, markers = _step_markers(name)
    ex.widget  # noqa: B018 - the box with its sensor
    yield name, ex, markers
    ex.close()


# The room at the ends of a step axis is in pixels: it is given again when the panels are laid
# out for the column, so a marker at the first or last step shows whole at every width.
def test_step_markers_show_whole_at_either_end_for_every_column(step_explorer):
    name, ex, markers = step_explorer
    steps = ex.controls["steps"]
    for width in (*COLUMNS, 300):
        ex._on_column_width({"new": width})
        for k in (steps.options[0], steps.options[-1]) if steps.options else (steps.min, steps.max):
            steps.value = k[1] if isinstance(k, tuple) else k
            assert all(_whole(m) for m in markers()), (name, width, k)


# Tick labels are read on a projector from the back of the room: two that touch read as one
# number ("0" and "10⁰" at the start of a symlog step axis ran together as "010⁰").
def test_tick_labels_never_touch_in_any_column(step_explorer):
    name, ex, _markers = step_explorer
    for width in (*COLUMNS, 300):
        ex._on_column_width({"new": width})
        fig = ex.figure
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for ax in ex._panels:
            for axis in (ax.xaxis, ax.yaxis):
                labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
                boxes = [t.get_window_extent(renderer) for t in labels]
                for i, a in enumerate(boxes):
                    for j, b in enumerate(boxes[i + 1:], i + 1):
                        gap = max(b.x0 - a.x1, a.x0 - b.x1, b.y0 - a.y1, a.y0 - b.y1)
                        assert gap >= 2, (name, width, ax.get_title(), labels[i].get_text(),
                                          labels[j].get_text(), gap)


# Far past the limit the fitted line is too steep to draw, and the panel says so in a box with
# w and b: the box wraps inside the panel, however narrow the column makes it.
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_note_of_a_line_too_steep_to_draw_stays_inside_its_panel(language):
    gd.set_language(language)
    ex = widgets.regression_explorer(gd.make_linear_data(seed=0), display="static")
    ex.widget  # noqa: B018 - the box with its sensor
    ex.controls["lr"].index = len(ex.controls["lr"].options) - 1
    ex.controls["steps"].value = 3
    note, ax = ex._fit_note, ex._panels[0]
    assert note.get_visible() and "w = " in note.get_text(), note.get_text()
    for width in (*COLUMNS, 300):
        ex._on_column_width({"new": width})
        ex.figure.canvas.draw()
        renderer = ex.figure.canvas.get_renderer()
        box, panel = note.get_bbox_patch().get_window_extent(renderer), ax.get_window_extent(renderer)
        assert panel.x0 <= box.x0 and box.x1 <= panel.x1, (language, width, box, panel)
        assert panel.y0 <= box.y0 and box.y1 <= panel.y1, (language, width, box, panel)
    ex.close()


def _diverging(name: str):
    """An explorer at a learning rate past its limit, at a late step: its readout at its longest."""
    data = gd.make_linear_data(seed=0)
    ex = {"regression": lambda: widgets.regression_explorer(data, display="static"),
          "descent_1d": lambda: widgets.descent_1d_explorer("double well", display="static"),
          "race": lambda: widgets.optimizer_race(data, ("gd", "momentum", "adam"), steps=1000,
                                                 display="static"),
          "minibatch": lambda: widgets.minibatch_explorer(data, steps=50, display="static"),
          "logistic": lambda: widgets.logistic_explorer(steps=50, display="static")}[name]()
    ex.widget  # noqa: B018 - the box with its sensor
    if "lr" in ex.controls:
        ex.controls["lr"].index = len(ex.controls["lr"].options) - 1
    ex.controls["steps"].index = len(ex.controls["steps"].options) - 1
    return ex


# An exported frame carries its readout above the panels. Narrower than the readout (an
# animation 420 px wide, a projector's narrow column, a message in Chinese, which is twice as
# wide and has no spaces) the lines wrap inside the figure, one under the other, and the panels
# start below them: nothing runs off the figure's edges.
@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("projector", [False, True])
@pytest.mark.parametrize("name", ["regression", "descent_1d", "race", "minibatch", "logistic"])
def test_exported_readout_wraps_inside_the_figure_above_the_panels(name, projector, language):
    set_projector(projector)
    gd.set_language(language)
    ex = _diverging(name)
    for width in (300, 420, 600, 848):
        with ex.exporting(width) as fig:
            fig.canvas.draw()
            renderer = fig.canvas.get_renderer()
            margin = MARGIN_PT * fig.dpi / 72 / 2
            texts = [t for t in ex._export_texts if t.get_text()]
            assert texts, name
            boxes = [t.get_window_extent(renderer) for t in texts]
            for text, box in zip(texts, boxes):
                assert margin <= box.x0 and box.x1 <= fig.bbox.width - margin, (name, width, text.get_text())
            for upper, lower in zip(boxes, boxes[1:]):
                assert lower.y1 <= upper.y0 + 1, (name, width)
            for ax in ex._panels:  # titles and tick labels included
                assert ax.get_tightbbox(renderer).y1 <= boxes[-1].y0 + 1, (name, width, ax.get_title())
    ex.close()


# The exported frame says what the readout says, in whole sentences: the limit's sentence
# ("Limit 2/λ_max = 0.01314 (theory).") was cut off at 95 characters, mid-sentence.
@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_exported_frame_says_the_indicator_in_whole_sentences(language):
    gd.set_language(language)
    ex = widgets.regression_explorer(gd.make_linear_data(seed=0), display="static")
    ex.controls["lr"].index = len(ex.controls["lr"].options) - 1
    ex.controls["steps"].value = 3  # diverging, and not yet overflowed
    words = ex.current["stability"].words
    last = words.rstrip("。.").split("。" if language == "zh" else ". ")[-1]
    assert "2/λ_max" in last, words  # the limit, said last
    with ex.exporting(420):
        assert ex._alert.get_visible() and ex._alert.get_text() == words
    ex.close()


def test_an_animation_leaves_room_for_the_longest_readout_of_its_frames():
    ex = widgets.regression_explorer(gd.make_linear_data(seed=0), display="static")
    redraw = ex._redraw

    def late_message():  # a message in words that only later frames carry
        redraw()
        if ex.step >= 1000:
            ex._alert.set_text("a message in words that only the later frames of this run carry, "
                               "long enough to take two lines")

    ex._redraw = late_message
    ex.controls["steps"].value = 0
    anim = gd.animate(ex, frames=6, width=420, last_step=100_000)
    ex._on_column_width({"new": 420})
    heights = []
    for k in anim.steps:  # each frame's readout alone, exported at the same width
        ex.show_step(k)
        heights.append(np.asarray(Image.open(io.BytesIO(ex.png()))).shape[0])
    ex.show_step(None)
    assert heights[-1] > heights[0]  # the message takes lines of its own
    assert all(f.shape[:2] == (max(heights), 420) for f in anim.frames), (anim.frames[0].shape, heights)
    ex.close()


def test_an_interrupted_animation_leaves_the_explorer_at_the_sliders_step():
    ex = widgets.regression_explorer(gd.make_linear_data(seed=0), display="static")
    redraw = ex._redraw

    def interrupted():
        if ex.step > 1000:
            raise KeyboardInterrupt
        redraw()

    ex._redraw = interrupted
    with pytest.raises(KeyboardInterrupt):
        gd.animate(ex, frames=6, last_step=100_000).frames  # noqa: B018 - frames are drawn on first use
    ex._redraw = redraw
    assert ex.step == ex.controls["steps"].value == 1000
    ex.close()
