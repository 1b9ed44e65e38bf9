"""Lines cut down to what a panel can show (gdlab.plots.decimate): vertex counts, and within a pixel."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import gdlab as gd  # noqa: E402
from gdlab.plots.decimate import CurveColumns, PathSketch, decimate_curve, decimate_path  # noqa: E402

W, H = 250, 240  # about the regression explorer's contour panel on screen
PROBLEM = gd.LinearRegression(gd.make_linear_data(seed=0))
LIMIT = PROBLEM.lr_limit()


def _gd(factor: float, steps: int) -> np.ndarray:
    return gd.exact_trajectory(PROBLEM, factor * LIMIT, [0.0, 0.0], steps).path(steps)


def _raster(line: np.ndarray, view, size=(W, H)) -> np.ndarray:
    """The pixels a 1-pixel line covers on a panel of `size` showing `view` (Agg, no antialiasing)."""
    fig = Figure(figsize=(size[0] / 100, size[1] / 100), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_axis_off()
    ax.set_xlim(*view[0])
    ax.set_ylim(*view[1])
    ax.plot(line[:, 0], line[:, 1], color="k", lw=0.72, antialiased=False, solid_capstyle="butt")
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., 0] < 128


def _grow(mask: np.ndarray) -> np.ndarray:
    """The mask and every pixel next to it (one pixel in any direction)."""
    out = mask.copy()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            out |= np.roll(np.roll(mask, dy, 0), dx, 1)
    return out


def _within_a_pixel(full: np.ndarray, drawn: np.ndarray, view) -> None:
    a, b = _raster(full, view), _raster(drawn, view)
    assert a.sum() > 50  # something was drawn at all
    assert not (a & ~_grow(b)).any(), f"{(a & ~_grow(b)).sum()} pixels of the full line are missing"
    assert not (b & ~_grow(a)).any(), f"{(b & ~_grow(a)).sum()} pixels drawn that the full line has not"


@pytest.mark.parametrize("factor, steps", [(0.999, 100_000), (0.45, 100_000), (1.0036, 100_000)],
                         ids=["zig-zag at 0.999 of the limit", "smooth", "diverging past the limit"])
def test_a_100000_step_path_has_a_few_vertices_per_pixel_column(factor, steps):
    path = _gd(factor, steps)
    drawn = decimate_path(path, PROBLEM.bounds, (W, H))
    assert len(drawn.line) <= 4 * W
    assert drawn.points == len(path)
    np.testing.assert_array_equal(drawn.start, path[0])
    np.testing.assert_array_equal(drawn.current, path[-1])


@pytest.mark.parametrize("factor, steps", [(0.999, 100_000), (0.9, 20_000), (1.0036, 3000)])
def test_the_drawn_path_is_within_a_pixel_of_the_full_one(factor, steps):
    path = _gd(factor, steps)
    _within_a_pixel(path, decimate_path(path, PROBLEM.bounds, (W, H)).line, PROBLEM.bounds)


CASES = {
    "adam on rosenbrock": (gd.Rosenbrock(), gd.adam(0.05), [-1.5, 2.0], None),
    "heavy momentum spiral": (gd.Bowl(condition=20), gd.sgd(0.01, momentum=0.99), [-2.5, 2.0], None),
    "sgd with one point per batch": (PROBLEM, gd.sgd(0.3 * LIMIT), [0.0, 0.0], 1),
    "rmsprop on himmelblau": (gd.Himmelblau(), gd.rmsprop(0.3), [0.0, 0.0], None),
}


@pytest.mark.parametrize("case", CASES)
def test_other_paths_are_within_a_pixel_and_bounded(case):
    problem, opt, theta0, batch = CASES[case]
    path = gd.run(problem, opt, theta0, 20_000, batch_size=batch, seed=0).params
    drawn = decimate_path(path, problem.bounds, (W, H))
    assert len(drawn.line) <= 4 * (W + H)
    _within_a_pixel(path, drawn.line, problem.bounds)


def test_a_path_that_leaves_the_view_is_cut_at_the_edge_and_says_where():
    path = _gd(1.0036, 100_000)
    (w0, w1), (b0, b1) = view = PROBLEM.bounds
    outside = ~((path[:, 0] >= w0) & (path[:, 0] <= w1) & (path[:, 1] >= b0) & (path[:, 1] <= b1))
    first = int(np.flatnonzero(outside)[0])
    drawn = decimate_path(path, view, (W, H))
    assert drawn.left_view_at == first
    # The exit point is on the edge of the view, on the segment from the last step inside.
    x, y = drawn.exit_point
    assert (min(abs(x - w0), abs(x - w1)) / (w1 - w0) < 1e-9
            or min(abs(y - b0), abs(y - b1)) / (b1 - b0) < 1e-9)
    a, b = path[first - 1], path[first]
    t = (drawn.exit_point - a) / (b - a)
    assert t[0] == pytest.approx(t[1], rel=1e-6) and 0 <= t[0] <= 1
    # Nothing drawn outside the view.
    line = drawn.line[~np.isnan(drawn.line[:, 0])]
    eps = 1e-9 * (w1 - w0)
    assert (line[:, 0] >= w0 - eps).all() and (line[:, 0] <= w1 + eps).all()
    # Before that step the path has not left yet.
    sketch = PathSketch(view, (W, H))
    sketch.add(path)
    assert sketch.upto(first - 1, path[first - 1]).left_view_at is None
    assert sketch.upto(first, path[first]).left_view_at == first


def test_fed_in_pieces_the_sketch_is_the_one_shot_one_and_any_prefix_is_that_prefix_drawn():
    path = _gd(0.999, 30_000)
    sketch = PathSketch(PROBLEM.bounds, (W, H))
    for i in range(0, len(path), 4096):
        sketch.add(path[i : i + 4096])
    whole = decimate_path(path, PROBLEM.bounds, (W, H))
    np.testing.assert_array_equal(sketch.upto(30_000, path[-1]).line, whole.line)
    for k in (0, 1, 7, 100, 5000, 29_999):
        drawn = sketch.upto(k, path[k])
        assert drawn.points == k + 1
        np.testing.assert_array_equal(drawn.current, path[k])
        if k >= 100:
            _within_a_pixel(path[: k + 1], drawn.line, PROBLEM.bounds)


def test_a_noisy_path_that_fills_an_area_is_kept_to_the_budget():
    rng = np.random.default_rng(0)
    walk = np.cumsum(rng.normal(scale=0.05, size=(100_000, 2)), axis=0)
    walk = walk - walk.mean(axis=0)
    sketch = PathSketch(((-3, 3), (-3, 3)), (W, H), budget=1500)
    sketch.add(walk)
    assert sketch.vertices <= 1500 and sketch.cell > 1.0


def test_curve_columns_keep_each_pixel_columns_extremes_in_order():
    x = np.arange(100_001, dtype=float)
    y = 1.0 + np.sin(x / 7.0) * np.exp(-x / 30_000)  # an oscillating loss, far more points than pixels

    def to_pixels(v):
        return v / 100_000 * W

    xs, ys = decimate_curve(x, y, to_pixels)
    assert len(xs) <= 4 * (W + 1)
    cols = np.floor(to_pixels(x)).astype(int)
    kept_cols = np.floor(to_pixels(xs)).astype(int)
    for c in (0, 17, 120, W - 1):
        mine = ys[kept_cols == c]
        assert mine.min() == y[cols == c].min() and mine.max() == y[cols == c].max()
    assert np.all(np.diff(xs) > 0)
    columns = CurveColumns(to_pixels)
    for i in range(0, len(x), 3000):
        columns.add(x[i : i + 3000], y[i : i + 3000])
    np.testing.assert_array_equal(columns.upto()[0], xs)
    cx, cy = columns.upto(50_000, at=y[50_000])
    assert cx[-1] == 50_000 and cy[-1] == y[50_000] and (cx <= 50_000).all()
