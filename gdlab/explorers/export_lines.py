"""The readout lines an explorer's exported frames carry (png(), gd.animate): wrapped to the figure.

    text = export_line(ax, 0.99, figure, fontsize=15)   # a line of text above the panels
    lines_taken(figure, text, width)                    # how many lines it takes at that width

An export may be narrower than the readout (`gd.animate(ex, width=420)`, a projector's narrow
column): a line then wraps at its spaces, with a margin at both sides of the figure rather than
running off its edges, and the panels are laid out below as many lines as it takes
(gdlab.explorers.column.arrange).
"""

from __future__ import annotations

import math

from matplotlib.text import Text

__all__ = ["MARGIN_PT", "export_line", "lines_taken"]

#: The room (points) a wrapped line leaves at each side of the figure.
MARGIN_PT = 6.0


class _Line(Text):
    """A text that wraps `MARGIN_PT` inside the figure's edges (matplotlib wraps at the edges)."""

    def _get_wrap_line_width(self):
        return max(super()._get_wrap_line_width() - 2 * MARGIN_PT * self.get_figure().dpi / 72, 1.0)


def export_line(ax, y: float, figure, **kw) -> Text:
    """A centred line of text at height y (figure coordinates), owned by `ax`, wrapping when the
    figure is too narrow for it."""
    text = _Line(0.5, y, "", transform=figure.transFigure, ha="center", va="top", clip_on=False,
                 wrap=True, **kw)
    text.set_in_layout(False)  # above the panels, placed by `arrange`: not part of its axes' box
    ax.add_artist(text)
    return text


def lines_taken(figure, text: Text, width: float) -> int:
    """The lines `text` takes when it wraps on a figure `width` CSS px wide (at least one)."""
    if not text.get_text():
        return 1
    wrap = text.get_wrap()
    text.set_wrap(False)
    try:
        box = text.get_window_extent(figure.canvas.get_renderer())
    finally:
        text.set_wrap(wrap)
    room = width - 2 * MARGIN_PT * figure.get_dpi() / figure.canvas.device_pixel_ratio / 72
    return max(1, math.ceil(1.08 * box.width / figure.canvas.device_pixel_ratio / max(room, 1.0)))
