"""Readouts show the step whose values they print, step 0 is θ₀ exactly, sliders land on the values
the prose names, and no floating-point noise reaches the screen."""

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gdlab as gd  # noqa: E402
from gdlab import widgets  # noqa: E402
from gdlab.explorers.controls import snap_lr  # noqa: E402
from gdlab.optimizers import OPTIMIZERS  # noqa: E402

pytestmark = pytest.mark.usefixtures("default_display")

def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def test_a_diverged_run_says_which_step_it_shows(data):
    ex = widgets.regression_explorer(data, steps=100_000)
    ex.controls["lr"].value = snap_lr(1.5 * ex.lr_limit)
    cur = ex.current
    n = cur["diverged_at"]
    assert n is not None and cur["step"] == 100_000 and cur["step_shown"] == n - 1
    text = _text(ex._readout.value)
    assert f"diverged at step {n:,}; showing step {n - 1:,}" in text.lower()
    start = [ex.controls["w0"].value, ex.controls["b0"].value]  # the explorer's own start
    ref = gd.exact_trajectory(ex.problem, ex.controls["lr"].value, start, n).at(n - 1)[0]
    np.testing.assert_allclose(cur["theta"], ref, rtol=1e-9)
    assert f"w = {gd.explorers.readout.fmt(ref[0])}" in text
    assert ex._curve.marker.get_xdata()[0] == n - 1  # the marker sits at the step shown
    assert f"step k = {n - 1:,}" in ex._status.get_text()
    # Before the overflow nothing is said about it.
    ex.controls["steps"].value = 10
    assert ex.current["step_shown"] == 10 and "showing step" not in ex.current["message"]
    ex.close()


def test_diverged_runs_in_the_race_and_in_one_dimension_say_it_too():
    ex = widgets.optimizer_race("bowl", optimizers=("gd", "adam"), steps=1000)
    ex.controls["lr_gd"].value = ex.controls["lr_gd"].options[-1][1]
    gd_run = ex.current["runs"]["gd"]
    n = gd_run["diverged_at"]
    assert gd_run["step_shown"] == n - 1 and ex.current["runs"]["adam"]["step_shown"] == 1000
    assert f"at step {n - 1:,}" in _text(ex._readout.value)
    assert f"showing step {n - 1:,}" in ex.current["message"]
    ex.close()
    one = widgets.descent_1d_explorer("double well", x0=2.0, lr=0.3, steps=100)
    cur = one.current
    assert cur["diverged_at"] is not None and cur["step_shown"] == cur["diverged_at"] - 1
    assert f"showing step {cur['diverged_at'] - 1}" in cur["message"]
    one.close()


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_step_0_is_the_start_exactly(data, optimizer):
    ex = widgets.regression_explorer(data, steps=0, optimizer=optimizer, theta0=(0.5, -1.0))
    assert ex.current["theta"].tolist() == [0.5, -1.0]
    text = _text(ex._readout.value)
    assert "w = 0.5000" in text and "b = -1.0000" in text and "e-1" not in text
    ex.controls["w0"].value = 0.0
    assert ex.current["theta"].tolist() == [0.0, -1.0] and "w = 0.0000" in _text(ex._readout.value)
    assert "w = 0.0000" in ex._status.get_text()
    ex.controls["b0"].value = 0.0  # the start, where θ* + (θ₀ − θ*) once gave w = −2.2e−16
    assert ex.current["theta"].tolist() == [0.0, 0.0]
    ex.close()


def test_no_rounding_noise_on_screen_at_convergence(data):
    # Momentum at 1.5× GD's limit: converged to within 2e-15 of least squares, not to 0.
    lr = snap_lr(1.5 * gd.LinearRegression(data).lr_limit())
    ex = widgets.regression_explorer(data, lr=lr, optimizer="momentum", steps=100_000)
    assert 0 < ex.current["gap"] < 1e-12  # converged to the last bits...
    text = _text(ex._readout.value)
    assert "gap to least squares = 0.0000" in text and "e-1" not in text  # ...and said as 0
    ex.close()


def test_sliders_land_on_the_values_the_prose_names(data):
    # 01: "set lr to 0.5"; 07: lr=0.05, 0.02, 0.002; 06: GD's 0.0182, 0.039 and the limit 0.04.
    one = widgets.descent_1d_explorer("parabola")
    lr = one.controls["lr"]
    for v in (0.5, 1.0, 0.98):
        lr.value = v
        assert one.current["lr"] == v and lr.options[lr.index][0] == f"{v:g}"
    one.close()
    well = widgets.descent_1d_explorer("double well", x0=1.5, lr=0.05, steps=60)
    assert well.current["lr"] == 0.05 and well.controls["lr"].value == 0.05
    for v in (0.02, 0.002):
        well.controls["lr"].value = v
        assert well.current["lr"] == v
    well.close()
    race = widgets.optimizer_race(gd.Bowl(condition=50, angle=30), optimizers=("gd", "momentum"),
                                  theta0=(-2.5, 2.0), steps=200)
    for v in (0.0182, 0.039, 0.04):
        race.controls["lr_gd"].value = v
        assert race.current["runs"]["gd"]["lr"] == v
    assert race.current["runs"]["gd"]["zone"] == "on the limit"  # 0.04 is 2/λ_max exactly
    race.controls["lr_gd"].value = 0.035  # between two values: the nearest, as a browser snaps
    assert race.current["runs"]["gd"]["lr"] == 0.0347
    with pytest.raises(Exception, match="between"):
        race.controls["lr_gd"].value = 10.0
    race.close()


def test_while_playing_the_readout_describes_the_frame_drawn(data):
    ex = widgets.optimizer_race("bowl", optimizers=("gd", "momentum", "adam"), steps=0)
    steps = ex.controls["steps"]
    for i in range(0, len(steps.options), 7):  # what Play does: move the slider's index
        steps.index = i
        k = steps.value
        assert ex.current["step"] == k
        assert f"<b>k</b> = {k:,}<" in ex._readout.value
        for name in ("gd", "momentum", "adam"):
            shown = ex.current["runs"][name]["step_shown"]
            assert ex._curves[name].marker.get_xdata()[0] == shown
            ring = np.ravel(ex._paths[name][1].get_data())
            np.testing.assert_allclose(ring, ex.current["runs"][name]["theta"], rtol=1e-12)
    ex.close()


# --- notebook 09: the finite-difference explorer ---------------------------------------------------


def test_gradient_check_explorer_draws_the_errors_and_where_they_meet():
    ex = widgets.gradient_check_explorer("sin x", x=1.0, h=1e-5)
    fwd, cen = gd.numeric.step_errors(np.sin, 1.0, np.cos(1.0), ex.hs)
    np.testing.assert_allclose(ex._fwd.get_ydata(), np.maximum(fwd, 1e-18))
    np.testing.assert_allclose(ex._cen.get_ydata(), np.maximum(cen, 1e-18))
    cur = ex.current
    assert cur["exact"] == np.cos(1.0) and cur["h"] == 1e-5
    assert cur["central_error"] == abs(gd.numeric.central_difference(np.sin, 1.0, 1e-5) - np.cos(1.0))
    h_fwd, h_cen = cur["best_h"]
    assert 1e-8 < h_fwd < 1e-7 and 3e-6 < h_cen < 3e-5  # √ε and ∛ε, scaled by f and its derivatives
    best = ex.hs[np.argmin(cen)]
    assert abs(np.log10(best / h_cen)) < 1.0  # the measured best step is near where the lines meet
    ex.controls["h"].value = 1e-2
    assert ex.current["regime"] == ("truncation", "truncation")
    ex.controls["h"].value = 1e-12
    assert ex.current["regime"] == ("round-off", "round-off")
    ex.controls["function"].value = "x³"
    ex.controls["x"].value = 2.0
    assert ex.current["exact"] == 12.0 and "x³" in ex._ax.get_title()
    assert "<b>h</b> = 1e-12<" in ex._readout.value
    with pytest.raises(ValueError, match="function"):
        widgets.gradient_check_explorer("tan x")
    with pytest.raises(ValueError, match="h"):
        widgets.gradient_check_explorer(h=1.0)
    ex.close()


def _to_polyline_px(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    """The distance (pixels) of each point to the polyline `line` (both in screen pixels)."""
    a, b = line[:-1], line[1:]
    d = b - a
    t = np.clip(np.einsum("pij,ij->pi", points[:, None] - a[None], d) / np.maximum((d**2).sum(1), 1e-12),
                0, 1)
    near = a[None] + t[..., None] * d[None]
    return np.sqrt(((points[:, None] - near) ** 2).sum(-1)).min(axis=1)


def test_a_zigzag_is_drawn_as_two_rails_with_a_break_between():
    data = gd.make_linear_data(seed=0)
    limit = gd.LinearRegression(data).lr_limit()
    ex = widgets.regression_explorer(data, lr=0.95 * limit, steps=200, theta0=(0.0, 10.0))
    assert ex.current["rails"] and ex._rails_note.get_visible()
    xy = np.column_stack([np.asarray(v, dtype=float) for v in ex._con.path.get_data()])
    (w_lo, w_hi), (b_lo, b_hi) = ex.bounds
    ok = ~np.isnan(xy[:, 0])
    assert np.all((xy[ok, 0] >= w_lo) & (xy[ok, 0] <= w_hi) & (xy[ok, 1] >= b_lo) & (xy[ok, 1] <= b_hi))
    # Every vertex and every drawn segment lies on the rail of the even iterates or of the odd
    # ones (within a pixel): no segment crosses the valley from one rail to the other.
    to_px = ex._con.path.axes.transData.transform
    path = ex.run.path(200)
    even, odd = to_px(path[0::2]), to_px(path[1::2])
    px = to_px(np.where(ok[:, None], xy, 0.0))
    segments = ok[1:] & ok[:-1]
    for points in (px[ok], (px[1:][segments] + px[:-1][segments]) / 2):
        assert np.all(np.minimum(_to_polyline_px(points, even), _to_polyline_px(points, odd)) <= 1.5)
    assert {tuple(np.round(p, 6)) for p in (px[ok][0], px[ok][-1])} >= {tuple(np.round(even[0], 6))}
    assert np.isnan(xy[:, 0]).sum() >= 1 and len(xy) <= 4 * ex._con.path.axes.bbox.width
    ex.controls["lr"].value = snap_lr(0.3 * limit)
    assert not ex.current["rails"] and not ex._rails_note.get_visible()
    ex.close()


def test_a_message_for_the_figure_is_cut_only_between_sentences():
    from gdlab.explorers.readout import short
    two = "The first sentence is here. A second one, 2.5 times longer than the first one."
    assert short(two, 200) == two
    assert short(two, 60) == "The first sentence is here."  # not at "2." inside the number
    assert short(two, 20) == "The first sentence…"  # a first sentence too long alone
    # A Chinese character takes two columns, as wide as two Latin letters.
    zh = "第一句在这里。第二句稍微长一点。"
    assert short(zh, 32) == zh and short(zh, 31) == "第一句在这里。"
    assert short("一二三四五六七八九十", 9) == "一二三四…"
