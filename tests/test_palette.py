"""One colour-blind-safe palette: colours measured apart in CAM02-UCS, for normal vision and for
simulated deuteranopia and protanopia (colorspacious, severity 100); markers that never hide."""

import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

colorspacious = pytest.importorskip("colorspacious")

import gdlab as gd  # noqa: E402
from gdlab import plots  # noqa: E402
from gdlab.plots.style import ZONE_ALPHA  # noqa: E402

VISIONS = [None, "deuteranomaly", "protanomaly"]
#: The least CAM02-UCS distance between two optimizers' colours (measured: 14.0, GD's blue
#: against RMSProp's purple under protanopia) and between two zones (measured: 23.4 shaded,
#: 30.8 opaque, yellow against vermillion under deuteranopia).
MIN_OPTIMIZERS = 13.0
MIN_ZONES = 20.0


def _seen(color, vision, alpha=1.0):
    rgb = alpha * np.array(to_rgb(color)) + (1.0 - alpha) * np.ones(3)  # over a white page
    if vision is None:
        return rgb
    cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    return np.clip(colorspacious.cspace_convert(rgb, cvd, "sRGB1"), 0.0, 1.0)


def distances(colors: dict, alpha: float = 1.0) -> dict:
    """{(a, b, vision): ΔE} for every pair of named colours and every vision."""
    out = {}
    for (a, ca), (b, cb) in itertools.combinations(colors.items(), 2):
        for v in VISIONS:
            out[a, b, v] = float(colorspacious.deltaE(_seen(ca, v, alpha), _seen(cb, v, alpha),
                                                      input_space="sRGB1"))
    return out


def test_every_optimizer_has_its_own_colour_for_every_vision():
    colors = plots.OPTIMIZER_COLORS
    assert set(colors) == set(gd.optimizers.OPTIMIZERS) and len(set(colors.values())) == 6
    d = distances(colors)
    worst = min(d, key=d.get)
    assert d[worst] >= MIN_OPTIMIZERS, (worst, d[worst])
    # Roles are black, white and grey: no optimizer is drawn in them.
    assert not set(colors.values()) & {plots.COLORS["black"], plots.COLORS["grey"], "#FFFFFF"}


@pytest.mark.parametrize("alpha", [1.0, ZONE_ALPHA])
def test_zone_colours_stay_apart_under_colour_vision_deficiency(alpha):
    zones = {z: plots.ZONES[z] for z in ("stable", "oscillating", "diverging")}
    d = distances(zones, alpha)
    worst = min(d, key=d.get)
    assert d[worst] >= MIN_ZONES, (worst, d[worst])


def test_batch_sizes_and_classes_get_distinct_colours():
    n = 100
    batch = {size: plots.batch_color(size, n) for size in (1, 10, 50, n)}
    assert len(set(batch.values())) == 4
    assert batch[n] == plots.OPTIMIZER_COLORS["gd"]  # the full batch is plain GD
    d = distances({str(k): v for k, v in batch.items()})
    assert min(d.values()) >= MIN_OPTIMIZERS
    d = distances({"y=1": plots.CLASS_COLORS[1], "y=0": plots.CLASS_COLORS[0],
                   "model": plots.OPTIMIZER_COLORS["gd"]})
    assert min(d.values()) >= 20.0


def test_first_series_colours_are_far_apart():
    d = distances({str(i): c for i, c in enumerate(plots.SERIES[:4])})
    assert min(d.values()) >= 20.0


def test_contour_map_has_no_pale_yellow():
    from colorspacious import cspace_convert

    lightness = cspace_convert(plots.CONTOUR_CMAP(np.linspace(0, 1, 32))[:, :3], "sRGB1", "CAM02-UCS")[:, 0]
    assert lightness.max() < 80  # viridis' last yellow is J' ≈ 92, close to the white page


def test_markers_never_hide_each_other():
    ex = gd.widgets.optimizer_race("bowl", optimizers=("gd", "momentum", "adam"), steps=1000)
    rings = [ex._paths[n][1] for n in ("gd", "momentum", "adam")]
    assert all(r.get_markerfacecolor() == "none" for r in rings)
    sizes = [r.get_markersize() for r in rings]
    assert len(set(sizes)) == 3  # nested, not stacked
    star = ex._con.optimum
    assert star.get_zorder() > max(r.get_zorder() for r in rings)
    assert star.get_markersize() < min(sizes)  # inside the smallest ring
    start = ex._con.start
    assert start.get_marker() == "s" and to_rgb(start.get_markerfacecolor()) == (1.0, 1.0, 1.0)
    ex.close()
