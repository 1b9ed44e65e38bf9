"""The digits explorer driven in the kernel: set a control, compare `.current` and the artists with a run.

Every reference below is a `gd.run` without `record=` (every iterate kept), θ_k read from
it and the loss, accuracy, templates and readings recomputed from θ_k with the problem's own
methods, independently of the explorer's vectorised evaluation at the grid steps.
"""

import asyncio
import functools
import gc
import re
import threading
import warnings
import weakref
from pathlib import Path

import ipywidgets as W
import nbformat
import numpy as np
import pytest

import gdlab as gd
from gdlab import widgets
from gdlab.explorers import digits as digits_module
from gdlab.explorers import digits_runs
from gdlab.explorers.controls import LrSlider, snap_lr
from gdlab.optimizers import OPTIMIZERS, make_optimizer
from gdlab.plots.digits import _mosaic

TRAIN, TEST = gd.load_digits().split(test_fraction=0.25, seed=0)
PROBLEM = gd.SoftmaxRegression(TRAIN)
TEST_PROBLEM = gd.SoftmaxRegression(TEST)
PER_EPOCH = -(-len(TRAIN) // 32)  # 43
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "10_handwritten_digits.ipynb"


@pytest.fixture(autouse=True)
def _static_display(monkeypatch):
    monkeypatch.setenv("GDLAB_DISPLAY", "static")


def _reference(name="adam", lr=0.01, batch_size=32, epochs=4):
    steps = epochs * -(-len(TRAIN) // batch_size)
    return gd.run(PROBLEM, make_optimizer(name, lr), np.zeros(650), steps, batch_size=batch_size, seed=0)


def _assert_shows(ex, ref, k):
    """The explorer at step k shows exactly what θ_k of the plain run `ref` gives."""
    ex.controls["steps"].value = k
    cur = ex.current
    theta = ref.params[k]
    assert cur["step"] == cur["step_shown"] == k
    np.testing.assert_array_equal(cur["theta"], theta)
    assert cur["loss"] == pytest.approx(ref.losses[k], rel=1e-12)
    assert cur["loss"] == pytest.approx(PROBLEM.loss(theta), rel=1e-10)
    assert cur["test_loss"] == pytest.approx(TEST_PROBLEM.loss(theta), rel=1e-10)
    assert cur["train_accuracy"] == PROBLEM.accuracy(theta)
    assert cur["test_accuracy"] == PROBLEM.accuracy(theta, TEST)
    # The templates are the ten rows of W at step k, on one symmetric colour scale.
    weights = PROBLEM.weights(theta)
    image = ex._templates.image
    np.testing.assert_array_equal(np.ma.filled(image.get_array(), np.nan), _mosaic(weights, 5))
    top = np.abs(weights).max() or 1.0  # at θ = 0 all are 0: any scale shows them white
    assert image.get_clim() == pytest.approx((-top, top))
    # The held-out digits, read by θ_k: captions, colours and frames.
    examples = ex._examples
    predicted = PROBLEM.predict(theta, examples.X)
    for text, frame, label, guess in zip(ex._gallery.labels, ex._gallery.frames, examples.labels, predicted):
        assert text.get_text() == (str(guess) if guess == label else f"{label}→{guess}")
        assert frame.get_visible() == (guess != label)
    np.testing.assert_array_equal(cur["predicted"], predicted)
    # The markers sit at step k's epoch on every curve.
    epoch = k / cur["steps_per_epoch"]
    for kind, part, value in (("loss", "train", cur["loss"]), ("loss", "test", cur["test_loss"]),
                              ("accuracy", "train", cur["train_accuracy"]),
                              ("accuracy", "test", cur["test_accuracy"])):
        xs, ys = ex._lines[kind, part, "at"].get_data()
        assert (xs[0], ys[0]) == pytest.approx((epoch, value))
        assert ex._lines[kind, "k"].get_xdata()[0] == pytest.approx(epoch)


# --- controls and what they show --------------------------------------------------------------------


def test_controls_are_named_and_play_runs_through_the_quarter_epochs():
    ex = widgets.digits_explorer(TRAIN, TEST, epochs=2)
    c = ex.controls
    assert set(c) == {"lr", "steps", "play", "speed", "batch_size", "optimizer"}
    assert isinstance(c["lr"], LrSlider) and c["lr"].value == pytest.approx(0.01)
    assert [v for _, v in c["optimizer"].options] == list(OPTIMIZERS) and c["optimizer"].value == "adam"
    assert c["batch_size"].value == 32 and c["batch_size"].options[-1][1] == len(TRAIN)
    grid = [v for _, v in c["steps"].options]
    assert grid == [round(q * PER_EPOCH / 4) for q in range(9)] == ex.step_grid
    assert c["steps"].value == grid[-1]  # the trained model first
    links = [ln for ln in ex.links if isinstance(ln, W.widgets.widget_link.Link)]
    assert any(ln.source == (c["play"], "value") and ln.target == (c["steps"], "index") for ln in links)
    assert c["play"].max == len(grid) - 1
    ex.close()


def test_the_step_shows_that_step_of_a_plain_run():
    ex = widgets.digits_explorer(TRAIN, TEST, epochs=4)
    ref = _reference()
    for k in (0, 11, 43, 86, 161, 172, 54):
        _assert_shows(ex, ref, k)
    # The curves are the values at every quarter epoch.
    grid = np.array(ex.step_grid)
    xs, ys = ex._lines["accuracy", "test"].get_data()
    np.testing.assert_allclose(xs, grid / PER_EPOCH)
    assert list(ys) == [PROBLEM.accuracy(ref.params[k], TEST) for k in grid]
    xs, ys = ex._lines["loss", "test"].get_data()
    np.testing.assert_allclose(ys, [TEST_PROBLEM.loss(ref.params[k]) for k in grid], rtol=1e-10)
    ex.close()


def test_lr_optimizer_and_batch_size_each_show_their_own_run():
    ex = widgets.digits_explorer(TRAIN, TEST, epochs=4, steps=86)
    ex.controls["lr"].value = snap_lr(0.001)
    assert ex.current["lr"] == 0.001
    _assert_shows(ex, _reference(lr=0.001), 86)
    ex.controls["optimizer"].value = "momentum"
    assert ex.current["optimizer"] == "momentum"
    _assert_shows(ex, _reference("momentum", lr=0.001), 172)
    # Another batch size: another step grid; the slider stays at the same epoch.
    ex.controls["steps"].value = 86  # epoch 2
    ex.controls["batch_size"].value = 64
    per = -(-len(TRAIN) // 64)
    assert ex.current["steps_per_epoch"] == per == 22
    assert ex.step_grid == [round(q * per / 4) for q in range(17)]
    assert ex.controls["steps"].value == 44 and ex.controls["play"].max == 16
    _assert_shows(ex, _reference("momentum", lr=0.001, batch_size=64), 44)
    _assert_shows(ex, _reference("momentum", lr=0.001, batch_size=64), 88)
    ex.close()


def test_the_articles_lr_reads_the_held_out_digits_as_the_notebook_prints():
    ex = widgets.digits_explorer(TRAIN, TEST)  # lr 0.01, Adam, batches of 32, 30 epochs
    ref = gd.run(PROBLEM, gd.adam(0.01), np.zeros(650), 30 * PER_EPOCH, batch_size=32, seed=0)
    cur = ex.current
    assert cur["step"] == 1290 and cur["epoch"] == 30
    np.testing.assert_array_equal(cur["theta"], ref.final_params)
    assert cur["test_accuracy"] == PROBLEM.accuracy(ref.final_params, TEST) >= 0.95
    assert f"{cur['test_accuracy']:.1%}" == "96.0%"  # the number notebook 10 prints
    assert "<b>held-out right</b> = 96.0%" in ex._readout.value
    assert cur["message"] == ""
    # The "Try this" under the explorer in notebook 10: its numbers are what the explorer shows.
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    at = [i for i, c in enumerate(cells) if c.source == "gd.widgets.digits_explorer(train, test)"]
    assert len(at) == 1 and cells[at[0]].cell_type == "code"
    words = " ".join(cells[at[0] + 1].source.split())
    assert words.startswith("**Try this.** Set lr to 0.001")
    first = ex.result.grid[np.argmax(ex.result.test_accuracy >= 0.913)]
    ex.controls["lr"].value = 0.001
    slow = ex.current
    said = (f"at the last step, {slow['step']:,}, the training loss is {slow['loss']:.4f} instead of "
            f"{cur['loss']:.4f} and {slow['test_accuracy']:.1%} of the held-out digits are right, a share "
            f"that lr 0.01 passes at step {first}, in its fourth epoch")
    assert said in words and int(first / PER_EPOCH) + 1 == 4
    wrong = [int(d) for d, p in zip(ex._examples.labels, slow["predicted"]) if d != p]
    assert wrong == [int(d) for d, p in zip(ex._examples.labels, cur["predicted"]) if d != p] == [5]
    ex.close()


# --- words ---------------------------------------------------------------------------------------------


def test_a_diverging_run_says_where_and_which_step_it_shows():
    # Nothing on the real digits diverges (the slopes are bounded, see notebook 10), so these
    # images are scaled by 4e153: plain GD's second step then overflows the scores.
    huge = gd.Digits(TRAIN.images * 4e153, TRAIN.labels, TRAIN.index)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex = widgets.digits_explorer(huge, TEST, optimizer="gd", epochs=2)
        ref = gd.run(gd.SoftmaxRegression(huge), gd.sgd(0.01), np.zeros(650), 86, batch_size=32, seed=0)
        assert ref.diverged_at == 2
        cur = ex.current
        assert cur["diverged_at"] == 2 and cur["step"] == 86 and cur["step_shown"] == 1
        assert "diverged at step 2; showing step 1" in cur["message"]
        assert cur["message"] in ex._readout.value
        np.testing.assert_array_equal(cur["theta"], ref.params[1])
        assert np.isfinite(cur["theta"]).all() and np.isfinite(cur["test_loss"])
        ex.controls["steps"].value = 0
        assert ex.current["step_shown"] == 0 and "diverges later, at step 2" in ex.current["message"]
        ex.figure.canvas.draw()
    ex.close()


def test_jitter_at_a_large_lr_is_said_with_its_numbers_and_never_at_the_articles():
    ex = widgets.digits_explorer(TRAIN, TEST, epochs=30, lr=10.0)
    r = ex.result
    said = [k for k in ex.step_grid if digits_runs.run_message(r, k, k)]
    assert said, "Adam at lr 10 jumps about (notebook 10) but nothing was said"
    k = said[-1]
    ex.controls["steps"].value = k
    msg = ex.current["message"]
    assert msg.startswith("Jitter:") and "大的抖动" in msg
    # The numbers said are the run's: a loss, and a later one in the same epoch over twice as high.
    m = re.search(r"rose from (\S+) \(step ([\d,]+)\) to (\S+) \(step ([\d,]+)\)", msg)
    lo, i, hi, j = float(m[1]), int(m[2].replace(",", "")), float(m[3]), int(m[4].replace(",", ""))
    assert k - PER_EPOCH <= i < j <= k
    assert (lo, hi) == pytest.approx((r.losses[i], r.losses[j]), rel=5e-3) and hi / lo > 2
    for name in ("gd", "momentum", "adam"):
        ex.controls["lr"].value = 0.01
        ex.controls["optimizer"].value = name
        assert not [k for k in ex.step_grid if digits_runs.run_message(ex.result, k, k)], name
    ex.close()


# --- cost --------------------------------------------------------------------------------------------


def test_a_control_change_costs_at_most_one_run_and_a_setting_seen_before_none(monkeypatch):
    calls = []

    def counting(*args, **kwargs):
        calls.append(kwargs.get("record"))
        return real(*args, **kwargs)

    real = digits_runs.run
    monkeypatch.setattr(digits_runs, "run", counting)
    ex = widgets.digits_explorer(TRAIN, TEST, epochs=2)
    assert len(calls) == 1
    np.testing.assert_array_equal(calls[0], ex.step_grid)  # θ kept on the step grid only
    assert ex.result.thetas.shape == (len(ex.step_grid), 650)
    for k in ex.step_grid:
        ex.controls["steps"].value = k
    assert len(calls) == 1
    ex.controls["lr"].value = snap_lr(0.003)
    ex.controls["optimizer"].value = "gd"
    ex.controls["batch_size"].value = 128
    assert len(calls) == 4
    ex.controls["batch_size"].value = 32
    ex.controls["optimizer"].value = "adam"
    ex.controls["lr"].value = 0.01  # back to the first setting: cached
    assert len(calls) == 4
    for lr in (0.02, 0.03, 0.04, 0.05, 0.06, 0.07):  # more settings than the cache keeps
        ex.controls["lr"].value = snap_lr(lr)
    assert len(calls) == 10 and len(ex._runs.cache) == digits_module.CACHED
    ex.controls["lr"].value = 0.01  # the oldest, dropped
    assert len(calls) == 11
    ex.close()


def _in_own_loop(make_coroutine):
    """Run a coroutine on a fresh event loop in a thread of its own, as a kernel's loop would
    serve the explorer (this thread may already have a loop marked running: Playwright's)."""
    out = {}

    def main():
        try:
            out["value"] = asyncio.run(make_coroutine())
        except BaseException as err:  # re-raised in the test's thread
            out["error"] = err

    worker = threading.Thread(target=main)
    worker.start()
    worker.join(120)
    if "error" in out:
        raise out["error"]
    return out.get("value")


def test_in_a_kernel_a_new_setting_is_computed_in_the_background_with_progress(monkeypatch):
    monkeypatch.setattr(digits_module, "in_kernel", lambda: True)
    threads = []

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    real = digits_runs.run
    monkeypatch.setattr(digits_runs, "run", recording)
    ex = widgets.digits_explorer(TRAIN, TEST, epochs=4)
    assert threads == [threading.main_thread()]  # the first run: while the cell runs
    first = ex.current["theta"].copy()

    async def drive():
        ex.controls["lr"].value = snap_lr(0.002)
        assert ex.current["computing"] == "Adam, lr = 0.002, batch 32"
        assert ex.current["lr"] == 0.01 and ex._progress.layout.visibility == "visible"
        assert ex._progress.max == int(4 * PER_EPOCH * 1.1)  # the run's steps, then its evaluation
        ex.controls["steps"].value = 43  # the step slider still moves, over the run shown
        assert ex.current["step"] == 43 and ex.current["lr"] == 0.01
        ex.controls["lr"].value = snap_lr(0.003)  # replaces the run under way
        job = ex._runs.job
        while ex._runs.job is not None:
            await asyncio.sleep(0.05)
        return job

    job = _in_own_loop(drive)
    assert not job.alive()
    assert len(threads) == 3 and all(t is not threading.main_thread() for t in threads[1:])
    assert threads[1] is threads[2]  # one worker thread for every run (no malloc arena per run)
    assert ex.current["computing"] is None and ex._progress.layout.visibility == "hidden"
    assert ex.current["lr"] == snap_lr(0.003) and ex.current["step"] == 43
    assert (snap_lr(0.002), "adam", 32) not in ex._runs.cache  # cancelled, never finished
    _assert_shows(ex, _reference(lr=snap_lr(0.003)), 43)
    assert not np.array_equal(first, ex.current["theta"])

    async def then_wait():
        ex.controls["optimizer"].value = "rmsprop"
        ex.wait()
    _in_own_loop(then_wait)
    assert ex.current["optimizer"] == "rmsprop" and ex.current["computing"] is None
    ex.close()


def _registry() -> set:
    """The ids of every open widget (ipywidgets' registry, deprecated as an attribute in 8.1)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return set(W.Widget.widgets)


def test_close_releases_every_widget_and_the_figure():
    before = _registry()
    ex = widgets.digits_explorer(TRAIN, TEST, epochs=1)
    assert ex.widget is not None  # the layout, as when it is displayed
    ex.controls["lr"].value = snap_lr(0.02)
    mine = _registry() - before
    assert len(mine) > 10
    figure = weakref.ref(ex.figure)
    ex.close()
    assert not _registry() & mine
    del ex
    gc.collect()
    assert figure() is None


def test_close_during_a_background_run_stops_it(monkeypatch):
    monkeypatch.setattr(digits_module, "in_kernel", lambda: True)
    ex = widgets.digits_explorer(TRAIN, TEST, epochs=2)
    figure = weakref.ref(ex.figure)

    async def drive(ex):
        ex.controls["batch_size"].value = 8
        job = ex._runs.job
        ex.close()
        job.join(30)
        await asyncio.sleep(0.25)  # the event loop's poll finds the explorer closed
        return job

    job = _in_own_loop(functools.partial(drive, ex))
    assert job.cancelled and job.result is None and not job.alive()
    del ex
    gc.collect()
    assert figure() is None


# --- the figure and bad input ------------------------------------------------------------------------


def test_fits_a_projector_column_with_type_of_12_pixels_or_more():
    ex = widgets.digits_explorer(TRAIN, TEST, epochs=1)
    fig = ex.figure
    width, height = fig.get_size_inches() * fig.get_dpi()
    assert width <= 1000 + 1e-6 and height <= 800  # two rows of two panels
    fig.canvas.draw()
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
             if t.get_text() and t.get_visible()]
    assert len(texts) > 20
    for t in texts:
        assert t.get_fontsize() * fig.get_dpi() / 72 >= 12, (t.get_text(), t.get_fontsize())
    ex.close()


def test_every_control_at_both_ends_raises_nothing():
    ex = widgets.digits_explorer(TRAIN, TEST, epochs=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lr = ex.controls["lr"]
        for value in (lr.options[0][1], lr.options[-1][1]):
            lr.value = value
            for bs in (8, len(TRAIN)):
                ex.controls["batch_size"].value = bs
                for k in (ex.step_grid[0], ex.step_grid[-1]):
                    ex.controls["steps"].value = k
                    assert np.isfinite(ex.current["theta"]).all() and np.isfinite(ex.current["test_loss"])
        ex.figure.canvas.draw()
    ex.close()


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [({"train": TRAIN.images}, TypeError, "train"), ({"test": [1, 2]}, TypeError, "test"),
     ({"test": TEST.subset([])}, ValueError, "test"),
     ({"lr": 1e3}, ValueError, "lr"), ({"lr": -1.0}, ValueError, "lr"), ({"lr": "big"}, TypeError, "lr"),
     ({"batch_size": 1}, ValueError, "batch_size=1 with epochs=30 makes 40,410 steps"),
     ({"optimizer": "sgdx"}, ValueError, "optimizer"), ({"batch_size": 0}, ValueError, "batch_size"),
     ({"batch_size": len(TRAIN) + 1}, ValueError, "batch_size"), ({"epochs": 0}, ValueError, "epochs"),
     ({"steps": 12}, ValueError, "steps"), ({"steps": 2.5}, TypeError, "steps"),
     ({"display": "tv"}, ValueError, "display")],
)
def test_bad_input_names_the_argument(kwargs, exc, words):
    kwargs = {"train": TRAIN, "test": TEST, **kwargs}
    with pytest.raises(exc, match=words):
        widgets.digits_explorer(kwargs.pop("train"), kwargs.pop("test"), **kwargs)


def test_reset_brings_back_every_control_and_the_starting_step():
    ex = widgets.digits_explorer(TRAIN, TEST, epochs=2)
    start = {name: ex.controls[name].value for name in ("lr", "optimizer", "batch_size", "steps", "speed")}
    shown = ex.current["theta"].copy()
    ex.controls["batch_size"].value = 128  # another grid of steps
    ex.controls["optimizer"].value = "gd"
    ex.controls["lr"].value = snap_lr(0.1)
    ex.controls["steps"].value = ex.step_grid[1]
    ex.controls["speed"].value = ex.controls["speed"].options[0][1]
    assert ex.controls["steps"].value != start["steps"]
    ex._reset_button.click()
    assert {name: ex.controls[name].value for name in start} == start
    assert ex.current["step"] == start["steps"] and ex.current["batch_size"] == start["batch_size"]
    np.testing.assert_array_equal(ex.current["theta"], shown)
    ex.close()
