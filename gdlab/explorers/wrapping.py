"""Text wrapped to the room it has: exported readout lines, panels' notes, titles and legends.

    text = export_line(ax, 0.99, fontsize=15)   # a line of text above the panels (png(), gd.animate)
    lines_taken(text, width)                    # how many lines it takes at that width
    note = panel_note(ax, 0.5, 0.8, fontsize=11, bbox=...)  # a note wrapped inside a panel
    panel_title(ax, "the loss, step by step")   # a panel's title, wrapped above it
    fit_title(ax, width_px); fit_legend(ax, width_px)  # again, for the panel's new width

An export may be narrower than the readout (`gd.animate(ex, width=420)`, a projector's narrow
column), and a readout in Chinese is about twice as wide as in English: a line then wraps,
with a margin at both sides of the figure rather than running off its edges, and the panels
are laid out below as many lines as it takes (gdlab.explorers.column.arrange). It breaks at a
space, or between two Chinese characters, which have no spaces between them (matplotlib's own
wrapping breaks at spaces only, at the figure's very edge). A panel's note wraps the same
way inside its panel, which the explorer's column may make narrow. So does the key inside a
panel, and the title above it: in a smaller type first if that keeps it on one line (a
formula reads badly broken), else on lines of even length. `arrange` fits each panel's
title and key to its new width, and leaves room above every row for the most lines a
title takes.
"""

from __future__ import annotations

import re
import weakref

from matplotlib.text import Text

from .. import plots

__all__ = ["MARGIN_PT", "TITLE_LINE_PT", "TITLE_OVERHANG_PT", "export_line", "fit_legend", "fit_title",
           "fits_in", "lines_taken", "panel_note", "panel_title", "wrapped"]

#: The room (points) a wrapped line leaves at each side of the figure.
MARGIN_PT = 6.0
#: How far a panel's title may reach past its axes at each side (points): less than the gap
#: to the next panel (gdlab.explorers.column) by a margin.
TITLE_OVERHANG_PT = 8.0
_TITLE_PT = plots.PROJECTOR["axes.titlesize"]
_SMALL_TITLE_PT = 13.0  # a title's type where that keeps it on one line (ticks are 12 points)
#: The height a title's further line takes (points): matplotlib's line spacing is 1.2.
TITLE_LINE_PT = 1.2 * _TITLE_PT
# Where a line may break: after a word and its spaces, or after a CJK character (with the
# closing punctuation that follows it, which may not begin a line).
_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_RELATIONS = {"=", "≈", "≤", "≥", "<", ">", "→"}
_PIECE = re.compile(rf"[{_CJK}][，。；：！？、）」』》…]*\s*|[^\s{_CJK}]+\s*|\s+")


def wrapped(words: str, fits) -> list[str]:
    """`words` in lines, each as long as `fits(line)` allows (a piece too long alone keeps a line)."""
    lines: list[str] = []
    for paragraph in words.split("\n"):
        line = ""
        for piece in _glued(_PIECE.findall(paragraph)):
            if line and not fits((line + piece).rstrip()):
                lines.append(line.rstrip())
                line = piece.lstrip()
            else:
                line += piece
        lines.append(line.rstrip())
    return lines


def _glued(pieces: list[str]) -> list[str]:
    """`pieces`, with a relation sign and the words either side of it as one ("x = 1" does not break)."""
    out: list[str] = []
    glue = False  # the last piece was a relation: the next one joins it
    for piece in pieces:
        relation = piece.strip() in _RELATIONS
        if out and (relation or glue):
            out[-1] += piece
        else:
            out.append(piece)
        glue = relation
    return out


def _fits(text: Text, width_px: float):
    """Whether a line in `text`'s font is at most `width_px` display pixels wide."""
    return fits_in(text.get_figure(root=True), text.get_fontproperties(), width_px)


def fits_in(figure, font, width_px: float):
    """Whether a line in `font` is at most `width_px` display pixels wide on `figure`."""
    renderer = figure.canvas.get_renderer()
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


_TITLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # axes -> its whole title
_LABELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # a key's text -> its whole label


def panel_title(ax, text: str) -> int:
    """Give `ax` the title `text`, in the explorers' title type, wrapped to the room above it;
    the lines it takes."""
    _TITLES[ax] = text
    ax.set_title(text, fontsize=_TITLE_PT)
    return fit_title(ax, ax.bbox.width)


def fit_title(ax, width_px: float) -> int:
    """Fit the title `panel_title` gave `ax` to the axes made `width_px` display px wide (it
    may reach TITLE_OVERHANG_PT past either side). The lines it takes (1 for any other title)."""
    text = _TITLES.get(ax)
    if text is None:
        return 1
    figure = ax.get_figure(root=True)
    room = width_px + 2 * TITLE_OVERHANG_PT * figure.dpi / 72
    for size in (_TITLE_PT, _SMALL_TITLE_PT):
        ax.title.set_fontsize(size)
        if fits_in(figure, ax.title.get_fontproperties(), room)(text):
            ax.title.set_text(text)
            return 1
    ax.title.set_fontsize(_TITLE_PT)
    lines = _even(text, lambda room: fits_in(figure, ax.title.get_fontproperties(), room), room)
    ax.title.set_text("\n".join(lines))
    return len(lines)


def _even(text: str, fits, room: float) -> list[str]:
    """`text` on as few lines as fit `room`, made as even as they can be (the narrowest room
    that takes no more lines, found by bisection): not a long line and a last word alone."""
    lines = wrapped(text, fits(room))
    low, high = room / len(lines), room
    while len(lines) > 1 and high - low > 1.0:
        mid = (low + high) / 2
        if len(wrapped(text, fits(mid))) == len(lines):
            high = mid
        else:
            low = mid
    return wrapped(text, fits(high)) if len(lines) > 1 else lines


def fit_legend(ax, width_px: float | None = None) -> None:
    """Wrap the labels of `ax`'s key where it is wider than the axes (`width_px` display px:
    as it is now), in the room its markers leave them; whole again where it fits."""
    legend = ax.get_legend()
    if legend is None:
        return
    figure = ax.get_figure(root=True)
    renderer = figure.canvas.get_renderer()
    room = (ax.bbox.width if width_px is None else width_px) - 2 * MARGIN_PT * figure.dpi / 72
    texts = legend.get_texts()
    for t in texts:
        t.set_text(_LABELS.setdefault(t, t.get_text()))
    for _ in range(3):  # each round narrows the labels by what the key is still too wide
        over = legend.get_window_extent(renderer).width - room
        if over <= 0 or not texts:
            return
        widest = max(t.get_window_extent(renderer).width for t in texts)
        fits = fits_in(figure, texts[0].get_fontproperties(), widest - over)
        for t in texts:
            t.set_text("\n".join(wrapped(_LABELS[t], fits)))
