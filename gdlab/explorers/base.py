"""`Explorer`: controls wired to a figure whose moving artists follow them, and what every explorer shares.

A subclass builds its controls and figure in `__init__` and then calls `_start()`. It
implements `_recompute()` (a control that changes the run changed: `_slow` names those
controls) and `_redraw()` (show step k of the current runs: it only moves artists and writes
`.current` and the readout), and `_layout(figure)` (the controls, the figure widget and the
readout in boxes). A subclass whose runs can be long lists them in `_tracks()`
(`gdlab.explorers.tracks`): then a change computes them for at most `CHANGE_BUDGET` seconds,
draws the last step reached (`.step`, `.current` say which), and the rest is computed between
frames with a progress bar showing (`gdlab.explorers.background`). Everything else is here:
the step controls with Play and its speed, the update on a change (numpy warnings silenced,
divergence said in words), the canvas (`gdlab.explorers.canvas`, live or static, chosen once),
exporting frames with their own readout, displaying, closing (and closing the explorers a
cell made when it runs again: `gdlab.explorers.lifecycle`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import contextmanager

import ipywidgets as W

from .. import _checks as check
from .. import plots
from ..environment import display_mode
from . import lifecycle
from .background import Background, Paced, quietly
from .canvas import canvas_for
from .controls import close_widgets, step_controls
from .frames import Frames

__all__ = ["Explorer", "left_view_text", "panel_title"]

#: The widest an explorer's figure is drawn on screen, in pixels.
MAX_FIGURE_PX = 1000


def left_view_text(subject: str, drawn) -> str:
    """'The path left the view at step 66 (the ✕ on its edge).', or '' while it has not."""
    if drawn.left_view_at is None:
        return ""
    return f"{subject} left the view at step {drawn.left_view_at:,} (the ✕ on its edge)."


def panel_title(ax, text: str) -> None:
    ax.set_title(text, fontsize=plots.PROJECTOR["axes.titlesize"])


def _descendants(box: W.Widget) -> list[W.Widget]:
    """A widget and every widget in its boxes."""
    return [box, *(w for child in getattr(box, "children", ()) for w in _descendants(child))]


def _beside(layout: W.Widget, anchor: W.Widget | None, extra: list) -> None:
    """Put the widgets `extra` right after `anchor` in the box that holds it (else at the end)."""
    extra = [w for w in extra if w is not None]
    for box in _descendants(layout):
        children = list(getattr(box, "children", ()))
        if any(c is anchor for c in children):
            at = next(i for i, c in enumerate(children) if c is anchor) + 1
            box.children = tuple(children[:at] + extra + children[at:])
            return
    layout.children = (*layout.children, *extra)


class Explorer(Paced):
    """Controls, a figure whose artists move in place, `.current`, and the display machinery.

    `.controls` (its ipywidgets by name), `.figure` (the matplotlib Figure), `.current` (what
    is on screen: step, theta, loss, lr, diverged_at, message), `.links` (the front-end links,
    Play → steps), `.widget` (the whole layout); shown when it is the last expression of a cell.
    """

    def __init__(self, display: str | None = None):
        self.controls: dict[str, W.Widget] = {}
        self.current: dict = {}
        self.links: list = []
        self.display = display_mode(display)
        self._slow: set[str] = set()
        self._widget = None
        self._export_texts: list = []
        self._export_top: float | None = None
        self._quiet = False
        self._step_override: int | None = None
        self._background = Background(self._work)
        self._frames = Frames(self)
        self._progress = W.FloatProgress(value=0.0, min=0.0, max=1.0, description="computing",
                                         bar_style="info", style={"description_width": "initial"},
                                         layout=W.Layout(width="170px", visibility="hidden"))
        self._closed = False
        self._drawn_at = 0.0  # when background work last drew a frame

    # -- construction helpers
    def _figure(self, nrows: int, ncols: int, figsize: tuple[float, float]):
        # At most ~1000 px wide on screen: a notebook column on a 1280-pixel projector is about
        # 1100 px, and a wider canvas cuts off its last panel. Type scales with it. Set at
        # creation, so that ipympl's scaling for high-density screens keeps it.
        dpi = min(100.0, MAX_FIGURE_PX / figsize[0])
        fig, axes = plots.subplots(nrows, ncols, figsize=figsize, dpi=dpi)
        self.figure = fig
        self._canvas = canvas_for(fig, self.display)
        return fig, axes

    def _animate(self, *artists) -> None:
        """Mark artists as moving: drawn every frame over the saved background, in this order."""
        self._canvas.animate(*artists)

    def _status_text(self, ax, y: float, **kw):
        """A line of text at height y (figure coordinates) that moves with the frames.

        It belongs to an axes (not the figure) so that savefig includes it although it is
        animated.
        """
        with plots.style():
            text = ax.text(0.5, y, "", transform=self.figure.transFigure, ha="center", va="top",
                           clip_on=False, **kw)
        # Rendering text costs more than all the lines of a frame, and the readout under the
        # figure says the same, so it is shown only in exported frames (png(), gd.animate).
        text.set_visible(False)
        self._animate(text)
        self._export_texts.append(text)
        return text

    def _steps_controls(self, grid: list[int], value: int, interval: int = 40) -> None:
        steps, play, speed, links = step_controls(grid, value, interval)
        self.controls["steps"] = steps
        self.controls["play"] = play
        self.controls["speed"] = speed
        self.links.extend(links)
        self._grid = grid

    def _start(self) -> None:
        for name, widget in self.controls.items():
            if name not in ("play", "speed"):  # Play and its speed work in the browser alone
                widget.observe(self._on_change(name), names="value")
        self.controls["play"].observe(self._on_play, names="playing")
        self._update(recompute=True)
        lifecycle.note(self)

    def _on_play(self, change: dict) -> None:
        if change["new"] and not self._closed:  # draw the frames ahead of Play (explorers.frames)
            self._background.start()

    def _on_change(self, name: str) -> Callable:
        def handler(change: dict) -> None:
            if self._quiet or self._closed:  # adjusting its own controls (see `_adjust`), or closed
                return
            self._update(recompute=name in self._slow)

        return handler

    def _tracks(self) -> list:
        """The runs drawn in pieces (gdlab.explorers.tracks.Track); none by default."""
        return []

    def _target(self) -> int:
        """The step asked for: the slider's, or a frame of `gd.animate`."""
        if self._step_override is not None:
            return self._step_override
        return int(self.controls["steps"].value)

    @contextmanager
    def _adjust(self):
        """Change controls from inside an update without triggering further updates."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    # -- subclass hooks
    def _recompute(self) -> None:
        raise NotImplementedError

    def _redraw(self) -> None:
        raise NotImplementedError

    def _layout(self, figure: W.Widget) -> W.Widget:
        raise NotImplementedError

    # -- the step on screen, and frames for export
    @property
    def step(self) -> int:
        """The step k on screen: the `steps` slider's value (or a frame of `gd.animate`), or, while
        a long run is still being computed, the last step it has reached so far."""
        target = self._target()
        return min([target, *(max(t.drawn_up_to, 0) for t in self._tracks() if not t.ready(target))])

    @property
    def step_grid(self) -> list[int]:
        """The step counts the `steps` slider offers."""
        return list(self._grid)

    def show_step(self, k: int | None) -> None:
        """Move the artists to step k without touching the controls (None: back to the slider's step).

        Used by `gd.animate` to render frames; the widgets keep what the reader set.
        """
        self._step_override = None if k is None else check.integer("k", k, 0, self._grid[-1])
        with quietly():
            for track in self._tracks():
                track.advance(self._target())  # all of it: a frame is asked for explicitly
            self._redraw()

    @property
    def moving_artists(self) -> tuple:
        """The artists that change with the step, in drawing order (the rest is background)."""
        return tuple(self._canvas.moving)

    @contextmanager
    def exporting(self):
        """Within this context the figure carries its own readout (for PNGs and animations).

        Draws made meanwhile are not the screen's; afterwards the screen is drawn again.
        """
        fig = self.figure
        top = fig.subplotpars.top
        for t in self._export_texts:
            t.set_visible(True)
        if self._export_top is not None:
            fig.subplots_adjust(top=self._export_top)  # room for the readout lines
        try:
            with self._canvas.suspended():
                yield fig
        finally:
            for t in self._export_texts:
                t.set_visible(False)
            if self._export_top is not None:
                fig.subplots_adjust(top=top)
            self._canvas.refresh()

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes (a full render, as savefig makes it)."""
        buf = io.BytesIO()
        with self.exporting():
            self.figure.savefig(buf, format="png")
        return buf.getvalue()

    # -- showing and closing
    @property
    def widget(self) -> W.Widget:
        """The whole explorer (controls, figure, readout) as one ipywidgets box."""
        if self._widget is None:
            self._widget = self._layout(self._canvas.widget())
            _beside(self._widget, self.controls.get("play"), [self.controls.get("speed"), self._progress])
        return self._widget

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    def close(self) -> None:
        """Close every widget this explorer made and release its figure and runs.

        What is left is `.current` (the last state shown); `.controls` is empty, `.figure` None.
        """
        if self._closed:
            return
        self._closed = True
        self._background.cancel()
        self._frames.clear()
        lifecycle.forget(self)
        for link in self.links:  # jslink's are widgets; a kernel-side dlink is only unlinked
            link.close() if isinstance(link, W.Widget) else link.unlink()
        # Every widget this explorer made: its controls, its readouts, the boxes of its layout.
        widgets = [*self.controls.values(), *(w for w in vars(self).values() if isinstance(w, W.Widget))]
        if self._widget is not None:
            widgets += _descendants(self._widget)
        self._canvas.close()
        close_widgets(widgets)
        # IPython's Out may keep the explorer object: keep nothing in it that holds the figure,
        # the runs or a widget.
        current = self.current
        vars(self).clear()
        self.current, self.controls, self.links, self.figure = current, {}, [], None
        self._closed = True

    def __repr__(self) -> str:
        c = self.current
        closed = ", closed" if getattr(self, "_closed", False) else ""
        return f"<{type(self).__name__}: step {c.get('step')}, loss {c.get('loss')!r}{closed}>"
