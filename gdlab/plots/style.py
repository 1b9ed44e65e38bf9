"""The course's look, in one place: the Okabe–Ito palette `COLORS`, one colour per optimizer
(`OPTIMIZER_COLORS`, keys from the registry), per batch size (`batch_color`) and per series
(`SERIES`); the stability zones' colours (`ZONES`); what the roles look like (`ROLE` colours and
`MARKERS`: roles are told apart by shape and black/white outlines, so that the colours go to the
series); the contour colour map (`CONTOUR_CMAP`); and the projector rcParams `PROJECTOR` (large
type, thick lines, no top or right spines) that `style()` applies and `subplots()` builds figures
with.

Every pair of optimizer colours and every pair of zone colours stays apart under normal vision
and simulated deuteranopia and protanopia (tests/test_palette.py measures it in CAM02-UCS).
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from .. import _checks as check
from ..optimizers import OPTIMIZERS
from . import fonts

COLORS = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
#: Each optimizer keeps its colour in every race, explorer and figure of the course (from the registry).
OPTIMIZER_COLORS = {name: COLORS[k.color] for name, k in OPTIMIZERS.items()}
#: The stability zones, as drawn (opaque): sky, yellow and vermillion stay apart for every
#: common colour vision, unlike orange and vermillion. "on the limit" is a black line.
ZONES = {
    "stable": COLORS["sky"],
    "oscillating": COLORS["yellow"],
    "diverging": COLORS["vermillion"],
    "on the limit": COLORS["black"],
}
#: The zones' opacity where figures shade them behind text (the bar draws them opaque).
ZONE_ALPHA = 0.75
#: What each role's colour is. Roles are black, white and grey with their own marker shapes
#: (`MARKERS`); a single run is drawn in plain GD's colour.
ROLE = {
    "data": COLORS["grey"],
    "fit": OPTIMIZER_COLORS["gd"],
    "path": OPTIMIZER_COLORS["gd"],
    "loss": OPTIMIZER_COLORS["gd"],
    "curve": COLORS["black"],
    "true": COLORS["black"],
    "optimum": COLORS["black"],
    "start": COLORS["black"],
    "warning": COLORS["vermillion"],
    **ZONES,
}
#: Marker styles of the roles (matplotlib `plot` keywords). The optimum is a white star drawn
#: above everything, the current point a hollow ring around it, so neither hides the other.
MARKERS = {
    "start": {"marker": "s", "mfc": "white", "mec": "black", "mew": 1.8, "ms": 10, "ls": "none",
              "zorder": 8},
    "optimum": {"marker": "*", "mfc": "white", "mec": "black", "mew": 1.4, "ms": 15, "ls": "none",
                "zorder": 9},
    "true": {"marker": "P", "mfc": "black", "mec": "white", "mew": 1.0, "ms": 11, "ls": "none",
             "zorder": 8},
}
#: Colours for series in order, where a series has no colour of its own: each next colour is
#: the one farthest from those before it, for every common colour vision.
SERIES = [COLORS[c] for c in ("blue", "orange", "sky", "green", "vermillion", "purple", "black")]
#: The two classes of a yes-or-no problem (drawn as triangles and circles as well).
CLASS_COLORS = {1: COLORS["orange"], 0: COLORS["grey"]}
#: The loss contours' colour map: viridis without its palest yellow, which vanishes on white.
CONTOUR_CMAP = ListedColormap(mpl.colormaps["viridis"](np.linspace(0.0, 0.8, 256)), name="gdlab_contours")


def ring(i: int = 0, color: str | None = None) -> dict:
    """A hollow current-point marker; the i-th series' ring is larger, so rings on one point nest."""
    i = check.integer("i", i, 0, 20)
    kw = {"marker": "o", "mfc": "none", "mew": 2.6, "ms": 18 + 5 * i, "ls": "none", "zorder": 7}
    if color is not None:
        kw["mec"] = color
    return kw


def batch_color(size: int, n: int) -> str:
    """One colour per kind of batch: the full batch is plain GD's colour; 1, 2–19 and 20+ points
    get their own (so batch sizes 1, 10 and 50 never share a colour)."""
    size = check.integer("size", size, 1)
    n = check.integer("n", n, 1)
    if size >= n:
        return OPTIMIZER_COLORS["gd"]
    if size == 1:
        return COLORS["orange"]
    return COLORS["green"] if size < 20 else COLORS["purple"]


#: rcParams for a projector: large type, thick lines, no top/right spines.
PROJECTOR = {
    "font.size": 14,
    "axes.titlesize": 15,
    "axes.labelsize": 14,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "lines.linewidth": 2.5,
    "lines.markersize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.prop_cycle": mpl.cycler(color=SERIES),
}


#: How much larger figures are drawn in projector mode (gd.projector(), $GDLAB_PROJECTOR).
PROJECTOR_DPI_SCALE = 1.35


def style() -> mpl.rc_context:
    """A context in which new figures and artists get the projector style.

    In projector mode figures get 1.35 times the dpi: the same picture, larger on the page.
    When the course speaks Chinese, text falls back to the CJK font shipped in gdlab (`fonts`).

    >>> with gd.plots.style():
    ...     fig, ax = gd.plots.subplots()
    """
    from ..environment import projector_mode

    rc = {**PROJECTOR, **fonts.rc()}  # Chinese: the shipped CJK font after DejaVu Sans
    if projector_mode():
        dpi = PROJECTOR["figure.dpi"] * PROJECTOR_DPI_SCALE
        rc = {**rc, "figure.dpi": dpi, "savefig.dpi": dpi}
    return mpl.rc_context(rc)


def subplots(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] | None = None,
             projection: str | None = None, pyplot: bool = False,
             dpi: float | None = None, layout: str | None = "constrained") -> tuple[Figure, object]:
    """A projector-styled figure and its axes, like plt.subplots.

    With `pyplot=False` (the default) the figure is not registered with pyplot, so the inline
    backend does not show it by itself at the end of a cell and it is freed with its last
    reference. Explorers in live mode pass `pyplot=True` to get ipympl's interactive canvas.
    `layout="constrained"` keeps labels and titles of neighbouring panels apart at any size
    (explorers pass None: they place their panels themselves). The default size, 5.2 × 4.4
    inches a panel, suits one or two panels across; a notebook column holds about 9 inches at
    100 dpi, so wider figures are shown scaled down, type and all.
    """
    nrows = check.integer("nrows", nrows, 1, 6)
    ncols = check.integer("ncols", ncols, 1, 6)
    if figsize is None:
        figsize = (5.2 * ncols, 4.4 * nrows)
    with style():
        if pyplot:
            import matplotlib.pyplot as plt

            with plt.ioff():
                fig = plt.figure(figsize=figsize, dpi=dpi, layout=layout)
        else:
            fig = Figure(figsize=figsize, dpi=dpi, layout=layout)
        kw = {} if projection is None else {"projection": projection}
        axes = fig.subplots(nrows, ncols, squeeze=True, subplot_kw=kw)
    return fig, axes
