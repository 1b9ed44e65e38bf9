"""Text wrapped to the room it has: exported readout lines, panels' notes and titles.

    text = export_line(ax, 0.99, fontsize=15)   # a line of text above the panels (png(), gd.animate)
    lines_taken(text, width)                    # how many lines it takes at that width
    note = panel_note(ax, 0.5, 0.8, fontsize=11, bbox=...)  # a note wrapped inside a panel
    panel_title(ax, "the loss, step by step")   # a panel's title, in the explorers' title type

An export may be narrower than the readout (`gd.animate(ex, width=420)`, a projector's narrow
column), and a readout in Chinese is about twice as wide as in English: a line then wraps,
with a margin at both sides of the figure rather than running off its edges, and the panels
are laid out below as many lines as it takes (gdlab.explorers.column.arrange). It breaks at a
space, or between two Chinese characters, which have no spaces between them (matplotlib's own
wrapping breaks at spaces only, at the figure's very edge). A panel's note wraps the same
way inside its panel, which the explorer's column may make narrow.
"""

from __future__ import annotations

import re

from matplotlib.text import Text

from .. import plots

__all__ = ["MARGIN_PT", "export_line", "lines_taken", "panel_note", "panel_title", "wrapped"]

#: The room (points) a wrapped line leaves at each side of the figure.
MARGIN_PT = 6.0
# Where a line may break: after a word and its spaces, or after a CJK character (with the
# closing punctuation that follows it, which may not begin a line).
_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_PIECE = re.compile(rf"[{_CJK}][，。；：！？、）」』》…]*\s*|[^\s{_CJK}]+\s*|\s+")


def wrapped(words: str, fits) -> list[str]:
    """`words` in lines, each as long as `fits(line)` allows (a piece too long alone keeps a line)."""
    lines: list[str] = []
    for paragraph in words.split("\n"):
        line = ""
        for piece in _PIECE.findall(paragraph):
            if line and not fits((line + piece).rstrip()):
                lines.append(line.rstrip())
                line = piece.lstrip()
            else:
                line += piece
        lines.append(line.rstrip())
    return lines


def _fits(text: Text, width_px: float):
    """Whether a line in `text`'s font is at most `width_px` display pixels wide."""
    figure = text.get_figure(root=True)
    renderer, font = figure.canvas.get_renderer(), text.get_fontproperties()
    return lambda line: renderer.get_text_width_height_descent(line, font, ismath=False)[0] <= width_px


def _room_px(figure, width_px: float) -> float:
    return max(width_px - 2 * MARGIN_PT * figure.dpi / 72, 1.0)


class _Line(Text):
    """A text that wraps `MARGIN_PT` inside the edges of its figure, or of `within` (an axes)."""

    def __init__(self, *args, within=None, **kw):
        super().__init__(*args, **kw)
        self._within = within

    def _get_wrapped_text(self):  # matplotlib's hook for wrap=True
        if not self.get_wrap():
            return self.get_text()
        figure = self.get_figure(root=True)
        box = (figure if self._within is None else self._within).bbox
        return "\n".join(wrapped(self.get_text(), _fits(self, _room_px(figure, box.width))))


def export_line(ax, y: float, **kw) -> Text:
    """A centred line of text at height y (in its figure's coordinates), owned by `ax`, wrapping
    when the figure is too narrow for it."""
    text = _Line(0.5, y, "", transform=ax.get_figure(root=True).transFigure, ha="center", va="top",
                 clip_on=False, wrap=True, **kw)
    text.set_in_layout(False)  # above the panels, placed by `arrange`: not part of its axes' box
    ax.add_artist(text)
    return text


def panel_note(ax, x: float, y: float, **kw) -> Text:
    """A centred text at (x, y) in `ax`'s coordinates, wrapping inside the panel (a box drawn
    round it, `bbox=`, pads it by less than the margin)."""
    text = _Line(x, y, "", transform=ax.transAxes, ha="center", va="center", wrap=True, within=ax, **kw)
    ax.add_artist(text)
    return text


def lines_taken(text: Text, width: float) -> int:
    """The lines `text` takes when it wraps on its figure made `width` CSS px wide (at least one)."""
    figure = text.get_figure(root=True)
    room = _room_px(figure, width * figure.canvas.device_pixel_ratio)
    return len(wrapped(text.get_text(), _fits(text, room)))


def panel_title(ax, text: str) -> None:
    """Give `ax` the title `text`, in the explorers' title type."""
    ax.set_title(text, fontsize=plots.PROJECTOR["axes.titlesize"])
