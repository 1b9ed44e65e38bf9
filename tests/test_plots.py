"""gdlab.plots: each function draws what it says on the axes it is given and returns its artists."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gdlab as gd  # noqa: E402
from gdlab import plots  # noqa: E402


@pytest.fixture
def data():
    return gd.make_linear_data(n=40, seed=1)


def test_data_fit_line_is_w_x_plus_b(data):
    fig, ax = plots.subplots()
    art = plots.data_fit(ax, data, [2.0, -1.0])
    xs, ys = art.fit.get_data()
    np.testing.assert_allclose(ys, 2.0 * np.asarray(xs) - 1.0)
    ws, bs = gd.LinearRegression(data).solve()
    lx, ly = art.least_squares.get_data()
    np.testing.assert_allclose(ly, ws * np.asarray(lx) + bs)
    tx, ty = art.true.get_data()
    np.testing.assert_allclose(ty, data.true_w * np.asarray(tx) + data.true_b)
    assert ax.get_xlabel() and ax.get_ylabel()


def test_loss_contours_path_and_markers(data):
    problem = gd.LinearRegression(data)
    traj = gd.exact_trajectory(problem, 0.3 * problem.lr_limit(), [0.0, 0.0], 50)
    fig, ax = plots.subplots()
    art = plots.loss_contours(ax, problem, traj.params)
    x, y = art.path.get_data()
    # What the panel can show of the path: some of its points, in order, from θ_0 to θ_50.
    drawn = np.column_stack([x, y])
    rows = [int(np.flatnonzero(np.isclose(traj.params, p, rtol=1e-12, atol=1e-12).all(axis=1))[0])
            for p in drawn]
    assert rows[0] == 0 and rows[-1] == 50 and rows == sorted(rows) and len(rows) < 51
    np.testing.assert_allclose(np.ravel(art.current.get_data()), traj.params[-1])
    np.testing.assert_allclose(np.ravel(art.start.get_data()), [0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(np.ravel(art.optimum.get_data()), problem.solve())
    np.testing.assert_allclose(np.ravel(art.true.get_data()), [data.true_w, data.true_b])
    assert (ax.get_xlim(), ax.get_ylim()) == (problem.bounds[0], problem.bounds[1])


def test_diverging_path_keeps_axes(data):
    problem = gd.LinearRegression(data)
    traj = gd.exact_trajectory(problem, 1.5 * problem.lr_limit(), [0.0, 0.0], 3000)
    assert traj.diverged_at is not None
    fig, ax = plots.subplots()
    art = plots.loss_contours(ax, problem, traj.params)
    assert ax.get_xlim() == problem.bounds[0]
    # Drawn to the edge of the view (rows of NaN cut the line), the exit marked on the edge.
    line = np.column_stack(art.path.get_data())
    line = line[~np.isnan(line[:, 0])]
    (w0, w1), (b0, b1) = problem.bounds
    assert len(line) and (line[:, 0] >= w0 - 1e-9).all() and (line[:, 0] <= w1 + 1e-9).all()
    assert (line[:, 1] >= b0 - 1e-9).all() and (line[:, 1] <= b1 + 1e-9).all()
    x, y = np.ravel(art.exit.get_data())
    assert min(abs(x - w0), abs(x - w1), abs(y - b0), abs(y - b1)) < 1e-9
    assert len(art.current.get_xdata()) == 0  # θ_3000 is far outside: not drawn
    fig.canvas.draw()


def test_loss_curve_marker_and_log_axes():
    losses = np.geomspace(100.0, 1.0, 1001)
    fig, ax = plots.subplots()
    art = plots.loss_curve(ax, losses, k=10, min_loss=0.5)
    assert ax.get_yscale() == "log" and ax.get_xscale() == "symlog"
    np.testing.assert_allclose(np.ravel(art.marker.get_data()), [10, losses[10]])
    assert len(art.done.get_xdata()) == 11
    lo, hi = ax.get_ylim()
    assert lo <= 0.5 and hi >= 100.0


def _inside_axes(line) -> bool:
    """The marker of this line, as drawn (its centre and radius), lies within its axes."""
    line.figure.draw_without_rendering()
    box, ax_box = line.get_window_extent(), line.axes.bbox
    return ax_box.x0 <= box.x0 and box.x1 <= ax_box.x1


# At step 0 and at the last step the marker shows whole, not cut in half by the axes' edge.
@pytest.mark.parametrize("xlog", [False, True])
@pytest.mark.parametrize("at", ["first", "last"])
def test_loss_curve_marker_shows_whole_at_either_end(xlog, at):
    losses = np.geomspace(100.0, 1.0, 100_001 if xlog else 51)
    k = 0 if at == "first" else len(losses) - 1
    fig, ax = plots.subplots()
    art = plots.loss_curve(ax, losses, k=k, xlog=xlog)
    assert _inside_axes(art.marker)
    # A little room, not more: the edge is within two marker radii of the marker's centre.
    radius = art.marker.get_markersize() / 2 * fig.dpi / 72
    centre = ax.transData.transform((k, losses[k]))[0]
    assert min(centre - ax.bbox.x0, ax.bbox.x1 - centre) < 2 * radius


@pytest.mark.parametrize("at", ["first", "last"])
def test_race_rings_show_whole_at_either_end(at):
    ex = gd.widgets.optimizer_race("bowl", optimizers=("gd", "momentum", "adam"), steps=1000,
                                   display="static")
    ex.controls["steps"].value = 0 if at == "first" else 1000
    rings = [cv.marker for cv in ex._curves.values()]
    assert all(len(r.get_xdata()) == 1 for r in rings)
    assert all(_inside_axes(r) for r in rings)
    ex.close()


def test_descent_1d_dots_show_whole_at_either_end():
    ex = gd.widgets.descent_1d_explorer(steps=100, max_steps=100, display="static")
    dots = ex._xs_line
    ys = np.asarray(dots.get_ydata())
    assert len(ys) == 101
    for k in (0, 100):  # the dot of that step alone, as drawn
        dots.set_data([k], [ys[k]])
        assert _inside_axes(dots)
    ex.close()


def test_function_1d_staircase():
    problem = gd.Parabola()
    traj = gd.run(problem, gd.sgd(0.3), [2.0], 5)
    fig, ax = plots.subplots()
    art = plots.function_1d(ax, problem, traj.params)
    x, fx = art.points.get_data()
    np.testing.assert_allclose(x, traj.params[:, 0])
    np.testing.assert_allclose(fx, traj.params[:, 0] ** 2)
    assert len(art.path.get_xdata()) == 2 * 6 - 1


def test_surface_3d(data):
    fig, ax = plots.subplots(projection="3d")
    problem = gd.LinearRegression(data)
    surf, line = plots.loss_surface(ax, problem, [[0.0, 0.0], [1.0, 0.0]], grid=20)
    assert line is not None and len(line.get_data_3d()[0]) == 2
    fig.canvas.draw()


def test_basins_himmelblau_finds_each_minimum():
    fig, ax = plots.subplots()
    res = plots.basins(ax, gd.Himmelblau(), gd.sgd(0.01), 200, grid=8)
    assert res.labels.shape == (8, 8)
    # Starts near each corner of the box end in the minimum of that quadrant.
    assert set(np.unique(res.labels)) >= {0, 1, 2, 3}


# Exactly on the limit the stiffest mode bounces for ever: oscillating, not (yet) diverging.
@pytest.mark.parametrize("lr, zone", [(0.1, "stable"), (0.6, "oscillating"), (1.0, "oscillating"),
                                      (1.0001, "diverging"), (5.0, "diverging")])
def test_lr_zone(lr, zone):
    assert plots.lr_zone(lr, 1.0) == zone


def test_lr_zones_draws_three_zones():
    fig, ax = plots.subplots()
    out = plots.lr_zones(ax, 0.01, lr=0.003)
    assert len(out["zones"]) == 3 and ax.get_xscale() == "log"
    assert out["lr"].get_xdata()[0] == pytest.approx(0.003)


def test_logistic_boundary():
    data = gd.make_logistic_data(seed=0)
    fig, ax = plots.subplots()
    art = plots.logistic_fit(ax, data, [2.0, -1.0])
    assert art.boundary.get_xdata()[0] == pytest.approx(0.5)


@pytest.mark.parametrize(
    "call, exc, words",
    [
        (lambda ax, d: plots.data_fit("ax", d), TypeError, "ax"),
        (lambda ax, d: plots.data_fit(ax, [1, 2]), TypeError, "data"),
        (lambda ax, d: plots.data_fit(ax, d, [1.0]), ValueError, "theta"),
        (lambda ax, d: plots.loss_contours(ax, gd.Parabola()), TypeError, "problem"),
        (lambda ax, d: plots.loss_contours(ax, gd.LinearRegression(d), [[1, 2, 3]]), ValueError, "path"),
        (lambda ax, d: plots.loss_curve(ax, []), ValueError, "losses"),
        (lambda ax, d: plots.lr_zones(ax, -1.0), ValueError, "lr_limit"),
        (lambda ax, d: plots.basins(ax, gd.Himmelblau(), "gd", 10), TypeError, "optimizer"),
        (lambda ax, d: plots.subplots(0), ValueError, "nrows"),
    ],
)
def test_bad_input_names_the_argument(data, call, exc, words):
    fig, ax = plots.subplots()
    with pytest.raises(exc, match=words):
        call(ax, data)


def test_no_plt_show(monkeypatch, data):
    import matplotlib.pyplot as plt

    def boom(*a, **k):
        raise AssertionError("plt.show called")

    monkeypatch.setattr(plt, "show", boom)
    fig, ax = plots.subplots()
    plots.data_fit(ax, data)
    plots.loss_curve(ax, [3.0, 2.0, 1.0])


def test_lr_zones_axis_includes_the_marked_rate():
    fig, ax = plots.subplots()
    plots.lr_zones(ax, 0.013, lr=1e-4)
    lo, hi = ax.get_xlim()
    assert lo < 1e-4 / 1.5 and hi == pytest.approx(0.013 * 4)


# A slow monotone run is "still moving", not "bounces"; a two-point cycle is "bounces".
@pytest.mark.parametrize("lr, x0, word", [(0.01, -0.5, "still moving"), (0.15, 2.0, "bounces"),
                                          (0.05, 2.0, "settles")])
def test_lr_regimes_1d_titles(lr, x0, word):
    fig, ax = plots.subplots()
    plots.lr_regimes_1d([ax], gd.DoubleWell(), [lr], x0=x0, steps=30)
    assert word in ax.get_title()


def test_clamp_keeps_inside_and_pulls_in_far_values():
    out = plots.clamp(np.array([0.25, 1e200, -1e200, np.nan]), 0.0, 1.0)
    assert out[0] == 0.25 and np.isfinite(out).all()
    assert out[1] > 1.0 and out[2] < 0.0 and out[3] > 1.0


def test_style_and_subplots_are_the_functions_not_the_submodule():
    # gdlab/plots/style.py shares its name with the function it defines.
    with plots.style():
        fig, ax = plots.subplots()
    assert ax.spines["top"].get_visible() is False
