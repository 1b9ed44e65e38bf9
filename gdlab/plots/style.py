"""The course's look, in one place: the Okabe–Ito palette `COLORS` (distinguishable with the common
colour-vision deficiencies), what each colour means from figure to figure (`ROLE`), the order of
colours for series without one of their own (`SERIES`), each optimizer's colour taken from the
registry (`OPTIMIZER_COLORS`), and the projector rcParams `PROJECTOR` (large type, thick lines, no
top or right spines) that `style()` applies and `subplots()` builds figures with.
"""

from __future__ import annotations

import matplotlib as mpl
from matplotlib.figure import Figure

from .. import _checks as check
from ..optimizers import OPTIMIZERS

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
#: What each colour means across the course, so a colour keeps its meaning from figure to figure.
ROLE = {
    "data": COLORS["grey"],
    "fit": COLORS["vermillion"],
    "path": COLORS["vermillion"],
    "true": COLORS["black"],
    "optimum": COLORS["blue"],
    "start": COLORS["green"],
    "loss": COLORS["blue"],
    "stable": COLORS["green"],
    "oscillating": COLORS["orange"],
    "diverging": COLORS["vermillion"],
}
#: Colours for series in order, where a series has no colour of its own.
SERIES = [COLORS[c] for c in ("vermillion", "blue", "green", "orange", "purple", "sky", "black")]
#: Each optimizer keeps its colour in every race and comparison of the course (from the registry).
OPTIMIZER_COLORS = {name: COLORS[k.color] for name, k in OPTIMIZERS.items()}

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

    >>> with gd.plots.style():
    ...     fig, ax = gd.plots.subplots()
    """
    from ..environment import projector_mode

    rc = PROJECTOR
    if projector_mode():
        dpi = PROJECTOR["figure.dpi"] * PROJECTOR_DPI_SCALE
        rc = {**PROJECTOR, "figure.dpi": dpi, "savefig.dpi": dpi}
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
