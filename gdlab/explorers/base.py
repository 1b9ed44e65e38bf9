"""`Explorer`: controls wired to a figure whose moving artists follow them, and what every explorer shares.

A subclass builds its controls and figure in `__init__` and then calls `_start()`. It
implements `_recompute()` (a control that changes the run changed: `_slow` names those
controls) and `_redraw()` (show step k of the current runs: it only moves artists and writes
`.current` and the readout), and `_layout(figure)` (the controls, the figure widget and the
readout in boxes; `_step_row()` is the step slider with Play, its speed, its hint, the
progress bar and the reset button). A subclass whose runs can be long lists them in
`_tracks()` (`gdlab.explorers.tracks`): then a change computes them for at most
`CHANGE_BUDGET` seconds, draws the last step reached (`.step`, `.current` say which), and the
rest is computed between frames with a progress bar showing (`gdlab.explorers.background`).
Everything else is here: the step controls, the update on a change (numpy warnings
silenced, divergence said in words), the canvas (`gdlab.explorers.canvas`, live or static,
chosen once), fitting the column (`gdlab.explorers.column`: the panels re-arranged for the
width the browser reports, Space for Play/pause), reset to the initial values, exporting
frames with their own readout, displaying, closing (and closing the explorers a cell made
when it runs again: `gdlab.explorers.lifecycle`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import contextmanager

import ipywidgets as W
import numpy as np

from .. import _checks as check
from .. import plots
from ..environment import display_mode, projector_mode
from ..i18n import _
from . import lifecycle
from .background import Background, Paced, quietly
from .canvas import canvas_for
from .column import DEFAULT_COLUMN_PX, FIGURE_DPI, PROJECTOR_SCALE, FitsColumn, max_figure_px, row
from .controls import PLAY_INTERVAL, step_controls
from .frames import Frames
from .home import Home
from .wrapping import export_line

__all__ = ["Explorer"]

#: The widest an explorer's figure is drawn on screen, in CSS pixels (projector mode: wider).
MAX_FIGURE_PX = max_figure_px()
def play_hint() -> str:
    """What the Play button's hint says (the ■ button also goes back to step 0)."""
    return _("▶ play, ❚❚ pause, ■ stop and back to step 0")


class Explorer(FitsColumn, Paced):
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
        self._quiet = False
        self._step_override: int | None = None
        #: Projector mode (gd.projector(), $GDLAB_PROJECTOR): type and controls 1.35 times larger.
        self.projector = projector_mode()
        self._scale = PROJECTOR_SCALE if self.projector else 1.0
        self._column_px = int(DEFAULT_COLUMN_PX * self._scale)  # until the browser says
        self._arrangement = None
        self._legend = None  # (handles, labels) of a figure legend under the panels, re-flowed with them
        self._max_columns: int | None = None  # at most this many panels side by side
        self._defaults: dict[str, object] = {}
        self._home = Home(closed=lambda: self._closed)  # widget messages handled here (explorers.home)
        self._sensor = None
        self._worker = Background(self._work)  # long runs computed between frames
        self._frames = Frames(self)
        self._computing = W.FloatProgress(value=0.0, min=0.0, max=1.0, description=_("computing"),
                                          bar_style="info", style={"description_width": "initial"},
                                          layout=W.Layout(width="170px", visibility="hidden"))
        self._closed = False
        self._drawn_at = 0.0  # when background work last drew a frame

    # -- construction helpers
    def _figure(self, panels: int):
        """A figure with `panels` axes, arranged for the column (see gdlab.explorers.column).

        The dpi is set at creation, so that ipympl's scaling for high-density screens keeps it:
        12-point ticks are 13 CSS pixels (17 in projector mode) whatever the column's width.
        """
        fig, axes = plots.subplots(1, panels, figsize=(10.0, 4.0), dpi=FIGURE_DPI * self._scale,
                                   layout=None)
        self.figure = fig
        self._panels = list(np.atleast_1d(axes))
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
        with plots.style():  # on a narrow export it wraps (gdlab.explorers.wrapping)
            text = export_line(ax, y, **kw)
        # Rendering text costs more than all the lines of a frame, and the readout under the
        # figure says the same, so it is shown only in exported frames (png(), gd.animate).
        text.set_visible(False)
        self._animate(text)
        self._export_texts.append(text)
        return text

    def _steps_controls(self, grid: list[int], value: int, interval: int = PLAY_INTERVAL) -> None:
        steps, play, speed, links = step_controls(grid, value, interval)
        play.tooltip = play_hint() + _(" (Space: play/pause while the explorer has focus)")
        self.controls["steps"] = steps
        self.controls["play"] = play
        self.controls["speed"] = speed
        self.links.extend(links)
        self._grid = grid
        self._play_hint = W.HTML(_("■ = back to step 0"), layout=W.Layout(margin="0 12px 0 4px"))
        self._reset_button = W.Button(description=_("reset"), icon="undo", tooltip=_("every control back "
                                      "to where it started"), layout=W.Layout(width="auto"))
        self._reset_button.on_click(self._home.wrap(lambda _button: self.reset()))

    def _step_row(self, *more: W.Widget) -> W.Box:
        """The step slider, Play with its speed and what ■ does, `more` controls, the progress bar
        of a long run being computed, and the reset button."""
        c = self.controls
        return row(c["steps"], c["play"], c["speed"], self._play_hint, *more, self._computing,
                   self._reset_button)

    def _start(self) -> None:
        for name, widget in self.controls.items():
            if name not in ("play", "speed"):  # Play and its speed work in the browser alone
                widget.observe(self._home.wrap(self._on_change(name)), names="value")
        if "play" in self.controls:
            self.controls["play"].observe(self._home.wrap(self._on_play), names="playing")
        self._defaults = {name: w.value for name, w in self.controls.items() if name != "play"}
        with quietly():
            self._arrange()
        self._update(recompute=True)
        lifecycle.note(self)

    def _on_play(self, change: dict) -> None:
        if not self._closed:  # the frames drawn ahead of Play (explorers.frames), its last one after
            self._worker.start() if change["new"] else self._page_caught_up()

    def reset(self) -> None:
        """Every control back to the value it had when the explorer was made; Play stops."""
        play = self.controls.get("play")
        if play is not None:
            play.playing = False
        for name, value in self._defaults.items():  # in order: a function before its start
            control = self.controls[name]
            if control.value != value:
                control.value = value

    def _on_change(self, name: str) -> Callable:
        def handler(change: dict) -> None:
            if self._quiet or self._closed:  # adjusting its own controls (see `_adjust`), or closed
                return
            self._update(recompute=name in self._slow)

        return handler

    def _on_column_width(self, change: dict) -> None:
        """As FitsColumn's; and when the panels changed size, long runs are drawn again for it."""
        before = self._arrangement
        super()._on_column_width(change)
        if self._arrangement is not before and self._tracks():
            for track in self._tracks():
                track.resize()
            self._update(recompute=False)

    def _tracks(self) -> list:
        """The runs drawn in pieces (gdlab.explorers.tracks.Track); none by default."""
        return []

    def _target(self) -> int:
        """The step asked for: the slider's, or a frame of `gd.animate`."""
        if self._step_override is not None:
            return self._step_override
        return int(self.controls["steps"].value) if "steps" in self.controls else 0

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
    def exporting(self, width: float | None = None):
        """Within this context the figure carries its own readout (for PNGs and animations).

        Its panels are arranged for a column `width` CSS px wide (default: the screen's).
        Draws made meanwhile are not the screen's; afterwards the screen is drawn again.
        """
        fig = self.figure
        for t in self._export_texts:
            t.set_visible(True)
        try:
            with self._canvas.suspended():
                # Room above the panels for the readout lines; the screen is not told.
                self._arrange(width=width, export_lines=len(self._export_texts), resize=False)
                yield fig
        finally:
            for t in self._export_texts:
                t.set_visible(False)
            self._arrange(resize=False)
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
            self._widget = self._fitted(self._layout(self._canvas.widget()))
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
        self._worker.cancel()
        self._frames.clear()
        lifecycle.release(self)

    def __repr__(self) -> str:
        c = self.current
        closed = ", closed" if getattr(self, "_closed", False) else ""
        return f"<{type(self).__name__}: step {c.get('step')}, loss {c.get('loss')!r}{closed}>"
