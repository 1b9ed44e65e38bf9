"""Explorers with bounded cost: what they draw, what they compute per change, and what they leave behind.

Counted, never timed: vertices handed to matplotlib, steps computed before a change draws,
widgets in ipywidgets' registry, Figures alive (weak references), Python memory allocated.
"""

import matplotlib

matplotlib.use("Agg")

import asyncio  # noqa: E402
import gc  # noqa: E402
import html  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tracemalloc  # noqa: E402
import warnings  # noqa: E402
import weakref  # noqa: E402

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scripts import run_live  # noqa: E402

import gdlab as gd  # noqa: E402
from gdlab import widgets  # noqa: E402
from gdlab.explorers.controls import snap_lr  # noqa: E402

DATA = gd.make_linear_data(seed=0)


@pytest.fixture(autouse=True)
def _static_display(monkeypatch):
    # Static frames in this process, whatever backend another test module left behind.
    monkeypatch.setenv("GDLAB_DISPLAY", "static")


def _registry() -> dict:
    """ipywidgets' registry of open widgets (model id → widget)."""
    return W.widgets.widget._instances


def _builders():
    return {
        "regression": lambda: widgets.regression_explorer(DATA),
        "race": lambda: widgets.optimizer_race("rosenbrock", ("gd", "momentum", "adam"), steps=100),
        "race on data": lambda: widgets.optimizer_race(DATA, ("gd", "adam"), steps=100),
        "minibatch": lambda: widgets.minibatch_explorer(DATA, steps=100),
        "logistic": lambda: widgets.logistic_explorer(steps=100),
        "1-D": lambda: widgets.descent_1d_explorer("double well"),
    }


# --- what is drawn --------------------------------------------------------------------------------


def _vertex_counts(ex) -> list[tuple[str, int, float]]:
    """(which line, vertices, width of its panel in pixels) for every path and loss curve drawn."""
    out = []
    for art in ex.moving_artists:
        if hasattr(art, "get_xdata") and art.axes is not None:
            out.append((art.get_label(), len(art.get_xdata()), art.axes.bbox.width))
    return out


def _ends(widget) -> list:
    """The smallest and the largest value a control offers."""
    if isinstance(widget, W.SelectionSlider):
        return [widget.options[0][1], widget.options[-1][1]]
    if isinstance(widget, W.FloatLogSlider):
        return [widget.base**widget.min, widget.base**widget.max]
    return [widget.min, widget.max]


def _assert_few_vertices(ex, where: str) -> None:
    for label, n, width in _vertex_counts(ex):
        assert n <= 4 * width + 8, f"{where}: {label!r} has {n} vertices on a {width:.0f}-pixel panel"


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam", "rmsprop"])
def test_the_regression_explorer_draws_a_few_vertices_per_pixel_at_every_lr_and_the_last_step(optimizer):
    ex = widgets.regression_explorer(DATA, optimizer=optimizer)
    ex.controls["steps"].value = ex.step_grid[-1]
    lr = ex.controls["lr"]
    limit = ex.lr_limit
    lo, hi = _ends(lr)
    positions = [lo, snap_lr(0.999 * limit), snap_lr(1.0036 * limit), snap_lr(1.5 * limit), hi]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for value in positions:
            lr.value = value
            assert ex.current["step"] == 100_000
            _assert_few_vertices(ex, f"{optimizer} at lr {value:.4g}")
            ex.figure.canvas.draw()


def test_past_the_limit_the_path_is_cut_where_it_left_the_view_and_it_says_so():
    ex = widgets.regression_explorer(DATA, steps=100_000)
    ex.controls["lr"].value = 0.013182567385564075  # one tick past the limit, as notebook 02 asks
    cur = ex.current
    assert cur["diverged_at"] is not None and cur["left_view_at"] is not None
    assert cur["left_view_at"] < cur["diverged_at"]
    assert f"left the view at step {cur['left_view_at']:,}" in cur["message"]
    assert cur["message"] in html.unescape(ex._readout.value)
    x, y = np.ravel(ex._con.exit.get_data())
    (w0, w1), (b0, b1) = ex.bounds
    assert min(abs(x - w0), abs(x - w1), abs(y - b0), abs(y - b1)) < 1e-9  # on the edge
    assert cur["path_vertices"] <= 4 * ex._con.path.axes.bbox.width
    ex.controls["lr"].value = snap_lr(0.3 * ex.lr_limit)  # back in the stable zone: no marker
    assert ex.current["left_view_at"] is None and len(ex._con.exit.get_xdata()) == 0


@pytest.mark.parametrize("name", list(_builders()))
def test_every_explorer_at_its_extremes_draws_a_few_vertices_per_pixel(name):
    ex = _builders()[name]()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for cname, widget in ex.controls.items():
            if cname in ("play", "speed", "steps") or not (hasattr(widget, "max") or cname == "lr"):
                continue
            for value in _ends(widget):
                widget.value = value
                ex.controls["steps"].value = ex.step_grid[-1]
                _assert_few_vertices(ex, f"{name}, {cname} = {value}")


# --- what a change computes -----------------------------------------------------------------------


@pytest.mark.parametrize("cost", [1e-7, 2e-6, 4e-5, 3e-4])
def test_a_track_keeps_its_deadline_whatever_a_step_costs(monkeypatch, cost):
    # On a clock that only the steps move (each costs `cost` seconds), a track given 0.08 s
    # computes no further than the deadline, but for its first piece (its cost not yet
    # measured), and gets near it.
    from types import SimpleNamespace

    from gdlab.explorers import tracks
    from gdlab.running import Run

    clock = [0.0]
    monkeypatch.setattr(tracks, "time", SimpleNamespace(perf_counter=lambda: clock[0]))
    ex = widgets.logistic_explorer(steps=0)
    run = Run(ex.problem, gd.adam(0.1), [0.0, 0.0], 100_000, first=0)
    real = run.iterates

    def iterates(a, b):
        out = real(a, b)
        clock[0] += cost * len(out[0])
        return out

    run.iterates = iterates
    track = tracks.Track(run, path_ax=ex._con.path.axes, view=ex.bounds,
                         loss_ax=ex._curves["gd"].curve.axes)
    budget = 0.08
    track.advance(100_000, budget)
    assert clock[0] <= budget + tracks.FIRST_PIECE * cost + 1e-12, f"{track.fed:,} steps at {cost:g} s"
    assert track.fed >= min(100_001, 0.9 * budget / cost)
    ex.close()


def test_in_a_kernel_a_long_run_is_computed_in_pieces_with_progress_shown(kernel_loop):
    async def drive():
        ex = widgets.regression_explorer(DATA, max_steps=300_000, optimizer="adam")
        assert ex.widget is not None  # shown: the progress bar is beside Play
        ex.controls["steps"].value = 300_000
        # Within its budget (0.08 s) the change got nowhere near 300,000 Adam steps (about 0.5 s
        # even on a fast machine): it shows how far it got.
        cur = dict(ex.current)
        assert cur["step"] < 300_000 and cur["pending_step"] == 300_000
        assert ex.run.computed < 300_000
        assert ex._computing.layout.visibility == "visible" and 0 < ex._computing.value < 1
        assert ex._computing in ex.widget.children[1].children  # in the row of Play
        theta, loss = ex.run.at(cur["step"])
        np.testing.assert_array_equal(cur["theta"], theta)  # what is said is what is shown
        while ex._worker.busy:
            await asyncio.sleep(0)
        assert ex.current["step"] == 300_000 and "pending_step" not in ex.current
        assert ex._computing.layout.visibility == "hidden"
        ref = gd.run(gd.LinearRegression(DATA), gd.adam(ex.controls["lr"].value),
                     [ex.controls["w0"].value, ex.controls["b0"].value], 300_000)
        np.testing.assert_array_equal(ex.current["theta"], ref.params[-1])
        ex.close()

    kernel_loop(drive)


def test_in_a_kernel_a_new_change_drops_the_old_runs_work(kernel_loop):
    async def drive():
        ex = widgets.regression_explorer(DATA, max_steps=300_000, optimizer="adam", steps=300_000)
        old = ex.run
        ex.controls["lr"].value = snap_lr(ex.controls["lr"].value * 2)
        while ex._worker.busy:
            await asyncio.sleep(0)
        assert old.computed < 300_000  # nobody computed the abandoned run any further
        assert ex.run.computed == 300_000
        ex.close()

    kernel_loop(drive)


def test_in_a_kernel_what_making_the_runs_costs_comes_out_of_a_changes_budget(kernel_loop, monkeypatch):
    # On a clock that only the steps (1e-5 s each) and making the runs (0.06 s) move, a change
    # computes what is left of its 0.08 s after making them: 0.02 s of steps, and the first piece.
    from types import SimpleNamespace

    from gdlab.explorers import background, tracks
    from gdlab.runs import Run

    clock = [0.0]
    fake = SimpleNamespace(perf_counter=lambda: clock[0])
    monkeypatch.setattr(tracks, "time", fake)
    monkeypatch.setattr(background, "time", fake)
    real = Run.iterates

    def iterates(self, a, b):
        out = real(self, a, b)
        clock[0] += 1e-5 * len(out[0])
        return out

    monkeypatch.setattr(Run, "iterates", iterates)

    async def drive():
        ex = widgets.regression_explorer(DATA, optimizer="adam", max_steps=100_000, steps=100_000)
        ex._worker.cancel()  # no work between frames: only what the change computes is counted
        making = ex._recompute

        def slow_recompute():
            making()
            clock[0] += 0.06

        ex._recompute = slow_recompute
        ex.controls["lr"].value = snap_lr(ex.controls["lr"].value / 2)
        left = background.CHANGE_BUDGET - 0.06
        assert ex.track.fed <= tracks.FIRST_PIECE + left / 1e-5 + 1, ex.track.fed
        ex.close()

    kernel_loop(drive)


def _full_draws(ex) -> list:
    """A list that grows by one at every full draw of the explorer's figure."""
    draws = []
    ex.figure.canvas.mpl_connect("draw_event", draws.append)
    return draws


@pytest.mark.parametrize("name", ["regression", "minibatch", "1-D"])
def test_in_a_kernel_a_change_that_needs_a_full_draw_leaves_it_to_a_piece_of_its_own(kernel_loop, name):
    changes = {"regression": ("optimizer", "adam"), "minibatch": ("batch_size", 1),
               "1-D": ("function", "parabola")}

    async def drive():
        errors = []
        asyncio.get_running_loop().set_exception_handler(lambda _loop, context: errors.append(context))
        ex = _builders()[name]()
        image = ex.widget and ex._canvas.image
        while ex._worker.busy:
            await asyncio.sleep(0)
        draws, before = _full_draws(ex), image.value
        legend = [t.get_text() for lg in ex.figure.legends for t in lg.get_texts()]
        control, value = changes[name]
        ex.controls[control].value = value
        assert draws == [] and image.value == before  # the change itself drew nothing whole
        assert ex.current["step"] == ex._target()  # but its readout and artists are the new ones
        # nor laid out a legend under the panels (trying its columns costs its text)
        assert [t.get_text() for lg in ex.figure.legends for t in lg.get_texts()] == legend
        while ex._worker.busy:
            await asyncio.sleep(0)
        assert len(draws) == 1 and image.value != before  # one full draw, between frames
        if name == "regression":  # with the legend of the new optimizer
            assert "Adam: the path" in [t.get_text() for t in ex.figure.legends[0].get_texts()]
        ex.controls["steps"].value = ex.step_grid[1]  # and then frames are blitted again
        while ex._worker.busy:
            await asyncio.sleep(0)
        assert len(draws) == 1
        assert not errors, errors[0].get("exception")  # no piece of work raised
        ex.close()

    kernel_loop(drive)


def test_play_has_a_speed_menu_that_sets_its_interval():
    ex = widgets.regression_explorer(DATA)
    play, speed = ex.controls["play"], ex.controls["speed"]
    assert play.interval == speed.value == 33  # 30 frames per second: 25 with room to spare
    labels = dict((v, k) for k, v in speed.options)
    assert labels[33] == "30 frames/s" and labels[40] == "25 frames/s" and 200 in labels
    speed.value = 200
    assert play.interval == 200
    assert speed in ex.widget.children[1].children


def _with_play():
    train, test = gd.load_digits().split(test_fraction=0.25, seed=0)
    return {**_builders(), "digits": lambda: widgets.digits_explorer(train, test, epochs=2)}


@pytest.mark.parametrize("name", list(_with_play()))
def test_every_explorer_with_play_has_a_labelled_speed_that_reset_restores(name):
    ex = _with_play()[name]()
    play, speed = ex.controls["play"], ex.controls["speed"]
    assert speed.description == "speed" and play.interval == speed.value
    default = speed.value
    boxes = [ex.widget]
    while boxes:  # shown, in the explorer's layout
        box = boxes.pop()
        if speed in getattr(box, "children", ()):
            break
        boxes += list(getattr(box, "children", ()))
    else:
        raise AssertionError("the speed menu is not in the explorer's layout")
    for value in {v for _, v in speed.options} - {default}:
        speed.value = value
        assert play.interval == value  # the player itself goes at that pace
    ex.reset()
    assert speed.value == default and play.interval == default
    ex.close()


@pytest.mark.parametrize("name", list(_with_play()))
def test_in_a_kernel_play_draws_its_frames_ahead_without_an_error_on_the_loop(kernel_loop, name):
    # Play starts the work between frames (its frames drawn ahead) in every explorer, with runs
    # in pieces or without (the 1-D and digits explorers have none): nothing raises on the loop.
    async def drive():
        errors = []
        asyncio.get_running_loop().set_exception_handler(lambda _loop, context: errors.append(context))
        ex = _with_play()[name]()
        assert ex.widget is not None
        while ex._worker.busy:
            await asyncio.sleep(0)
        ex.controls["play"].playing = True
        while ex._worker.busy:
            await asyncio.sleep(0)
        assert errors == [] and ex._frames.missing() == [], errors
        ex.controls["play"].playing = False
        ex.close()

    kernel_loop(drive)


# --- what is left behind ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(_builders()))
def test_close_releases_the_figure_and_every_widget(name):
    gc.collect()
    before = set(_registry())
    kept, figures = [], []
    for _ in range(30 if name == "regression" else 3):
        ex = _builders()[name]()
        assert ex.widget is not None  # displayed: the layout, the image and the progress bar exist too
        ex.controls["steps"].value = ex.step_grid[len(ex.step_grid) // 2]
        figures.append(weakref.ref(ex.figure))
        ex.close()
        kept.append(ex)  # as IPython's Out would keep it
    gc.collect()
    assert set(_registry()) == before, f"{len(set(_registry()) - before)} widgets left open"
    assert not any(f() is not None for f in figures), "a closed explorer's Figure is still alive"
    assert kept[-1].current["step"] == kept[-1].current["step"]  # what it last showed is still there
    assert "closed" in repr(kept[-1])


def test_many_changes_allocate_no_lasting_python_memory():
    ex = widgets.regression_explorer(DATA, max_steps=20_000)
    c = ex.controls
    rng = np.random.default_rng(0)
    lrs = [v for _, v in c["lr"].options]
    grid = ex.step_grid

    def changes(n):
        for _ in range(n):
            if rng.random() < 0.5:
                c["lr"].value = lrs[rng.integers(len(lrs))]
            else:
                c["steps"].value = grid[rng.integers(len(grid))]
            if rng.random() < 0.1:  # a new start: a new run (plain GD, in closed form: cheap)
                c["w0"].value = round(float(rng.uniform(c["w0"].min, c["w0"].max)), 2)

    changes(150)  # caches and first draws (matplotlib's and the renderer's fill over the first hundred)
    gc.collect()
    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    changes(150)
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - start
    tracemalloc.stop()
    assert grown < 500_000, f"{grown:,} bytes more after 150 changes"


_CELLS = r"""
import gc, warnings, weakref
import ipywidgets as W
from IPython.core.interactiveshell import InteractiveShell
from matplotlib.figure import Figure
warnings.simplefilter("error", RuntimeWarning)  # matplotlib's 'More than 20 figures opened' is one
shell = InteractiveShell.instance()
shell.run_cell("import gdlab as gd\ndata = gd.make_linear_data(seed=0)", cell_id="setup").raise_error()
counts, figures = [], []
for i in range(30):
    r = shell.run_cell("gd.widgets.regression_explorer(data)", cell_id="the-explorer-cell")
    r.raise_error()
    figures.append(weakref.ref(r.result.figure))
    gc.collect()
    counts.append(len(W.widgets.widget._instances))
shell.run_cell("ex = gd.widgets.optimizer_race('bowl', steps=10)", cell_id="other").raise_error()
alive = [f for f in figures if f() is not None]
assert len(alive) == 1 and alive[0]() is figures[-1](), len(alive)
assert len(set(counts)) == 1, counts  # the same number of widgets after every re-run
n = len(W.widgets.widget._instances)
shell.run_cell("1 + 1", cell_id="the-explorer-cell").raise_error()  # that cell, now without one
gc.collect()
assert len(W.widgets.widget._instances) < n and figures[-1]() is None
assert shell.user_ns["ex"].controls  # another cell's explorer is left alone
assert sum(isinstance(o, Figure) for o in gc.get_objects()) == 1
print("CELLS OK", counts[0])
"""


@pytest.mark.parametrize("backend", ["agg", "module://ipympl.backend_nbagg"])
def test_rerunning_a_cell_releases_the_explorer_it_made_before(backend):
    env = {**os.environ, "MPLBACKEND": backend, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("GDLAB_DISPLAY", None)
    out = subprocess.run([sys.executable, "-c", _CELLS], capture_output=True, text=True, env=env,
                         timeout=300)
    assert "CELLS OK" in out.stdout, out.stdout[-2000:] + out.stderr[-3000:]


def test_in_a_kernel_the_step_sliders_frames_are_drawn_ahead_and_are_the_frames_drawn_on_demand(kernel_loop):
    from PIL import Image

    def pixels(png):
        import io

        with Image.open(io.BytesIO(png)) as im:
            return np.asarray(im.convert("RGB"))

    async def drive():
        ex = widgets.regression_explorer(DATA, optimizer="adam", max_steps=5000)
        image = ex.widget and ex._canvas.image
        while ex._worker.busy:
            await asyncio.sleep(0)
        assert ex._frames.missing() == ex.step_grid  # none drawn ahead before Play is pressed
        ex.controls["play"].playing = True  # as the browser says when Play is pressed
        while ex._worker.busy:
            await asyncio.sleep(0)
        ex.controls["play"].playing = False
        assert ex._frames.missing() == []  # every step of the slider has its frame
        kept = {}
        for k in ex.step_grid[::7]:
            ex.controls["steps"].value = k
            kept[k] = image.value
            assert ex.current["step"] == k and f"<b>k</b> = {k:,}<" in ex._readout.value
        ex._frames.clear()
        for k in kept:
            ex.controls["steps"].value = 0 if k else 1
            ex.controls["steps"].value = k  # drawn now, as without frames kept
            np.testing.assert_array_equal(pixels(image.value), pixels(kept[k]))
        ex.controls["lr"].value = snap_lr(ex.controls["lr"].value / 2)  # new runs: frames dropped
        assert ex._frames.get(ex.step) is None
        ex.close()

    kernel_loop(drive)


_LIVE_FRAMES = r"""
import asyncio, io, warnings
import numpy as np
from PIL import Image
import gdlab as gd
from gdlab.explorers import background
background.in_kernel = lambda: True  # as in a kernel: work between events on the running loop
warnings.simplefilter("ignore", DeprecationWarning)
def pixels(png):
    with Image.open(io.BytesIO(png)) as im:
        return np.asarray(im.convert("RGB"))
async def drive():
    ex = gd.widgets.regression_explorer(gd.make_linear_data(seed=0), optimizer="momentum", max_steps=5000)
    assert ex.display == "live" and ex.widget is not None
    canvas = ex.figure.canvas
    sent = []
    canvas.send_binary = sent.append
    for msg in ({"type": "initialized"}, {"type": "refresh"}, {"type": "draw"}):  # a browser view
        canvas._handle_message(canvas, msg, [])
    while ex._worker.busy:
        await asyncio.sleep(0)
    ex.controls["play"].playing = True
    while ex._worker.busy:
        await asyncio.sleep(0)
    ex.controls["play"].playing = False
    assert ex._frames.missing() == [], ex._frames.missing()
    kept = {}
    for k in ex.step_grid[::9]:
        n = len(sent)
        ex.controls["steps"].value = k
        assert len(sent) == n + 1  # one frame per change, the one kept
        kept[k] = sent[-1]
    ex._frames.clear()
    for k in kept:
        ex.controls["steps"].value = 0 if k else 1
        ex.controls["steps"].value = k
        assert (pixels(sent[-1]) == pixels(kept[k])).all(), k
    print("LIVE FRAMES OK")
asyncio.run(drive())
"""


def test_live_frames_drawn_ahead_are_sent_as_they_are_and_equal_the_frames_drawn_on_demand():
    run_live(_LIVE_FRAMES, "LIVE FRAMES OK")


def test_when_the_column_changes_the_panels_long_runs_are_drawn_again_for_their_new_size():
    from gdlab.plots.decimate import panel_pixels

    ex = widgets.regression_explorer(DATA, optimizer="adam", steps=100_000)
    ex.widget  # noqa: B018 - shown, with its sensor
    ax = ex._con.path.axes
    for width in (1200, 560):  # one row of panels, then panels on several rows
        ex._on_column_width({"new": width})
        assert ex.track.sketch.size == panel_pixels(ax)  # the vertex budget of the panel as it is now
        assert ex.current["step"] == 100_000 and ex.track.ready(100_000)
        assert ex.current["path_vertices"] <= 4 * ax.bbox.width + 8
    ex.close()
