"""How an explorer fits the notebook column: its stylesheet, the column sensor, the panel arrangement.

    sensor = column_sensor()            # a widget that reports the column's width, or None
    arrangement = arrange(figure, panels, width_px=848, scale=1.0, legend=None, texts=())

- The width of the column is known only in the browser, so a tiny front-end widget (`Sensor`,
  an anywidget) sits in the explorer's box, watches the box's width (a ResizeObserver) and
  sends it to the kernel; the explorer then re-arranges its figure (`arrange`) for that width:
  panels side by side while each keeps at least `PANEL_MIN_PT` of width, else fewer columns,
  the rest below (3 → 2 + 1 → 1 × 3), never wider than the column. The same widget turns
  the Space key into Play/pause while the explorer has focus.
- Type is set in points, and a figure's dpi says how many pixels a point is (`FIGURE_DPI`),
  so ticks are at least 12 px on screen at any width; margins are in points too, so the
  arrangement holds at any size, and in projector mode, where the dpi is PROJECTOR_SCALE
  times larger (`scale` only lets the figure grow wider there).
- `stylesheet()`: CSS scoped to `.gdlab-explorer`: widget type at 16 px (ipywidgets' default is
  13), readout lines side by side where they fit (`.gdlab-readout-rows`: one per race runner),
  and a canvas that the browser scales down to the column while the kernel has not yet been
  told the width (or where the sensor cannot run). Rows of controls wrap (`row`).

Without anywidget (or its front end) nothing breaks: the stylesheet still keeps the figure
inside the column, scaled by the browser, and Space works on a focused Play button only.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import NamedTuple

import ipywidgets as W
import numpy as np

from ..plots import refit_step_xlims
from .wrapping import TITLE_LINE_PT, fit_legend, fit_title, fits_in, lines_taken, wrapped

__all__ = ["FIGURE_DPI", "PANEL_MIN_PT", "PROJECTOR_SCALE", "Arrangement", "FitsColumn", "arrange",
           "column_sensor", "explorer_style", "max_figure_px", "row", "stylesheet"]

#: Pixels per inch of an explorer's figure: 12-point ticks are 13 px on screen.
FIGURE_DPI = 80.0
#: How much larger everything is in projector mode (type, controls, figures).
PROJECTOR_SCALE = 1.35
#: The narrowest a panel cell may be before the panels go on two rows (in points).
PANEL_MIN_PT = 240.0
#: Before the browser has said how wide the column is: the commonest JupyterLab column.
DEFAULT_COLUMN_PX = 848  # JupyterLab at 1280 px with the file browser open
# Margins of a panel cell in points: tick labels and axis label on the left, title on top.
_LEFT, _RIGHT, _TOP, _BOTTOM = 62.0, 14.0, 28.0, 44.0
_EXPORT_LINE = 21.0
_TICK_PT = 12.0  # the projector style's tick labels (gdlab.plots.style.PROJECTOR)
_LEGEND = {"loc": "lower center", "frameon": False, "fontsize": 12, "handlelength": 1.8,
           "columnspacing": 1.2}


def max_figure_px(scale: float = 1.0) -> int:
    """The widest an explorer's figure is drawn, in CSS pixels (wider columns leave a margin)."""
    return int(round(1000 * min(scale, 1.4)))


class Arrangement(NamedTuple):
    """Where the panels went: columns, rows, the figure's size in pixels, the lines left for titles."""

    ncols: int
    nrows: int
    width_px: int
    height_px: int
    title_lines: int = 1


def _legend_below(figure, legend: tuple, width: float):
    """A figure legend of (handles, labels) in as many columns as fit `width` CSS px."""
    from matplotlib.legend import Legend
    from matplotlib.legend_handler import HandlerTuple

    for old in [lg for lg in figure.legends if lg.get_gid() == "gdlab-column-legend"]:
        old.remove()
    handles, labels = legend
    tuples = {tuple: HandlerTuple(ndivide=None)}  # a pair of markers as one entry (line and star)
    renderer = figure.canvas.get_renderer()
    scale = figure.canvas.device_pixel_ratio
    for ncols in range(len(labels), 0, -1):  # the most columns that fit (a trial is not drawn)
        trial = Legend(figure, handles, labels, ncols=ncols, handler_map=tuples, **_LEGEND)
        trial_w = trial.get_window_extent(renderer).width
        if trial_w / scale <= width - 8:
            break
    else:  # too wide even in one column: its labels wrap, in the room the handles leave them
        texts = trial.get_texts()
        room = (width - 8) * scale - (trial_w - max(t.get_window_extent(renderer).width for t in texts))
        fits = fits_in(figure, texts[0].get_fontproperties(), room)
        labels = ["\n".join(wrapped(label, fits)) for label in labels]
        ncols = 1
    made = figure.legend(handles, labels, ncols=ncols, handler_map=tuples, **_LEGEND)
    made.set_gid("gdlab-column-legend")
    return made


def arrange(figure, panels: list, width_px: float, *, scale: float = 1.0, legend: tuple | None = None,
            texts: tuple = (), resize: bool = True, max_cols: int | None = None) -> Arrangement:
    """Lay `panels` (axes, in reading order) out on `figure` for a column `width_px` wide.

    As many panels side by side as keep a cell at least PANEL_MIN_PT wide, the rest on
    further rows (a short last row centred); each axes keeps its margins for tick labels and
    title in points. `legend`, (handles, labels) for a figure legend under the panels, gets as
    many columns as fit; `texts` (figure texts) go above the panels, each on as many lines as
    it takes wrapped to the width (gdlab.explorers.wrapping). The figure gets the size that
    results; with `resize=False` without telling the screen (for exports). Sizes are CSS
    pixels: on a high-density screen (or at a browser zoom) ipympl draws the figure at a higher
    dpi, and the same CSS size.
    """
    dpi = figure.get_dpi() / figure.canvas.device_pixel_ratio  # CSS pixels per inch
    pt = dpi / 72.0  # CSS pixels per point
    width = max(200, min(int(width_px), max_figure_px(scale)))
    n = len(panels)
    ncols = max(1, min(n, int(width / (PANEL_MIN_PT * pt)), max_cols or n))
    nrows = math.ceil(n / ncols)
    cell_w = width / ncols
    left, right, top, bottom = (m * pt for m in (_LEFT, _RIGHT, _TOP, _BOTTOM))
    ax_w = cell_w - left - right
    # Each title wrapped to its panel's width: every row leaves room for the most lines one takes.
    title_lines = max([fit_title(ax, ax_w * figure.canvas.device_pixel_ratio) for ax in panels] or [1])
    for ax in panels:
        fit_legend(ax, ax_w * figure.canvas.device_pixel_ratio)
    top += (title_lines - 1) * TITLE_LINE_PT * pt
    ax_h = min(max(0.95 * ax_w, 150 * pt), 250 * pt)
    cell_h = top + ax_h + bottom
    legend_h = 0.0
    if legend is not None:
        made = _legend_below(figure, legend, width)
        legend_h = made.get_window_extent(figure.canvas.get_renderer()).height / \
            figure.canvas.device_pixel_ratio + 4 * pt
    lines = [lines_taken(t, width) for t in texts]
    head = sum(lines) * _EXPORT_LINE * pt + (6 * pt if texts else 0.0)
    height = int(round(head + nrows * cell_h + legend_h))
    for i, ax in enumerate(panels):
        # Ticks made later, at a draw outside gd.plots.style() (after a new axis range), would
        # get matplotlib's 10 points: the projector style's sizes for every tick, now and later.
        ax.tick_params(labelsize=_TICK_PT)
        row, col = divmod(i, ncols)
        in_row = min(ncols, n - row * ncols)
        x0 = (ncols - in_row) * cell_w / 2 + col * cell_w + left
        y_top = head + row * cell_h + top
        ax.set_position([x0 / width, 1 - (y_top + ax_h) / height, ax_w / width, ax_h / height])
    for text, above in zip(texts, np.cumsum([0, *lines])):
        text.set_position((0.5, 1 - (4 * pt + above * _EXPORT_LINE * pt) / height))
    figure.set_size_inches(width / dpi, height / dpi, forward=resize)
    refit_step_xlims(panels)  # a marker's room at the ends of a step axis, for its new width
    return Arrangement(ncols, nrows, width, height, title_lines)


def row(*children: W.Widget) -> W.HBox:
    """Controls side by side that wrap onto the next line when the column is too narrow."""
    return W.HBox(list(children), layout=W.Layout(flex_flow="row wrap", align_items="center",
                                                  max_width="100%"))


def explorer_style(scale: float = 1.0) -> dict[str, str]:
    """The ipywidgets sizes inside an explorer, as CSS variables: type 16 px (ipywidgets: 13 px)."""
    px = lambda v: f"{round(v * scale)}px"  # noqa: E731
    return {
        "--jp-widgets-font-size": px(16),
        "--jp-widgets-inline-height": px(30),
        "--jp-widgets-inline-label-width": px(100),
        "--jp-widgets-slider-handle-size": px(18),
        "--gdlab-readout-size": px(16),
    }


def stylesheet(scale: float = 1.0) -> str:
    """CSS for `.gdlab-explorer` boxes (scale > 1: the projector's `.gdlab-projector` ones too)."""
    cls = ".gdlab-explorer" if scale == 1.0 else ".gdlab-explorer.gdlab-projector"
    variables = ";".join(f"{k}: {v}" for k, v in explorer_style(scale).items())
    css = f"""
{cls} {{ {variables}; max-width: 100%; box-sizing: border-box; outline: none; }}
{cls} .widget-html-content {{ font-size: var(--gdlab-readout-size); line-height: 1.45; }}
{cls} .gdlab-readout-rows .widget-html-content {{ display: flex; flex-wrap: wrap; column-gap: 2em; }}
{cls} .widget-label, {cls} .widget-readout, {cls} .widget-dropdown > select,
{cls} .jupyter-button {{ font-size: var(--jp-widgets-font-size); }}
{cls} .widget-readout {{ min-width: 4.5em; }}
"""
    if scale == 1.0:
        # The figure never wider than the column: until the kernel knows the width (or where
        # the sensor cannot run), the browser scales the canvas down, keeping its proportions.
        css += """
.gdlab-explorer:focus-within { box-shadow: inset 3px 0 0 #0072B2; }
.gdlab-explorer .jupyter-matplotlib, .gdlab-explorer .jupyter-matplotlib-figure,
.gdlab-explorer .jupyter-matplotlib-canvas-container { max-width: 100%; margin: 0; }
.gdlab-explorer .jupyter-matplotlib-canvas-div { max-width: 100%; height: auto !important;
  margin: 0; }
.gdlab-explorer .jupyter-matplotlib-canvas-div > canvas:first-child { position: relative !important;
  max-width: 100%; height: auto !important; }
.gdlab-explorer .jupyter-matplotlib-canvas-div > canvas + canvas { width: 100% !important;
  height: 100% !important; }
.gdlab-explorer .widget-image { max-width: 100%; height: auto; }
"""
    return css




def column_sensor(projector: bool = False):
    """A widget that reports the width of the explorer around it (`.width`, CSS px) and Space
    presses (custom message {"event": "space"}); None where anywidget is not installed.

    It carries the explorers' stylesheet; in projector mode the page's larger type too.
    """
    try:
        import anywidget
        import traitlets
    except ImportError:
        return None
    from ..classroom import PAGE_CSS

    if projector not in _SENSORS:
        class Sensor(anywidget.AnyWidget):
            _esm = (Path(__file__).parent / "sensor.js").read_text(encoding="utf-8")
            _css = stylesheet(1.0) + stylesheet(PROJECTOR_SCALE) + (PAGE_CSS if projector else "")
            width = traitlets.Int(0).tag(sync=True)

        _SENSORS[projector] = Sensor
    return _SENSORS[projector](layout=W.Layout(width="0px", height="0px", margin="0px",
                                               overflow="hidden"))


_SENSORS: dict = {}  # the anywidget classes, made on first use (anywidget is imported only then)


class FitsColumn:
    """What an explorer does to fit the column (mixed into `Explorer`, which sets the attributes):
    arrange its panels, follow the width its sensor reports, and Space for Play/pause."""

    def _arrange(self, *, width: float | None = None, export_lines: int = 0, resize: bool = True):
        """Lay the panels out for the column (or `width` CSS px), with room for export lines."""
        texts = tuple(self._export_texts[:export_lines])
        self._arrangement = arrange(
            self.figure, self._panels, self._column_px if width is None else width, scale=self._scale,
            legend=self._legend, texts=texts, resize=resize,
            max_cols=self._max_columns)
        return self._arrangement

    def _title_changed(self, lines: int) -> None:
        """A panel's new title takes `lines` lines: lay the panels out again if its room differs."""
        if self._arrangement is not None and lines != self._arrangement.title_lines:
            self._arrange_soon()

    def _on_column_width(self, change: dict) -> None:
        """The browser says how wide the explorer is: re-arrange the panels if that changes them."""
        width = int(change["new"])
        if width <= 0 or min(width, max_figure_px(self._scale)) == self._arrangement.width_px:
            return
        self._column_px = width
        with np.errstate(all="ignore"):
            self._arrange()
        self._canvas.invalidate()
        self._canvas.refresh()

    def _on_sensor_message(self, _widget, content: dict, _buffers) -> None:
        play = self.controls.get("play")
        if isinstance(content, dict) and content.get("event") == "space" and play is not None:
            play.playing = not play.playing

    def _fitted(self, box: W.Box) -> W.Box:
        """The explorer's box, with the classes of its stylesheet and the sensor (or the stylesheet)."""
        box.add_class("gdlab-explorer")
        if self.projector:
            box.add_class("gdlab-projector")
        self._sensor = column_sensor(self.projector)
        if self._sensor is not None:
            self._sensor.observe(self._home.wrap(self._on_column_width), names="width")
            self._sensor.on_msg(self._home.wrap(self._on_sensor_message))
            extra = self._sensor
        else:  # no front end to measure the column: the stylesheet alone keeps it inside
            extra = W.HTML(f"<style>{stylesheet(1.0)}{stylesheet(PROJECTOR_SCALE)}</style>",
                           layout=W.Layout(height="0px", margin="0px"))
        player = self._frames.page_widget()  # Play's frames drawn by the page (explorers.player)
        box.children = (*box.children, extra, *([] if player is None else [player]))
        return box
