"""How an explorer's figure reaches the screen: a live ipympl canvas or static PNG frames, chosen once.

    canvas = canvas_for(figure, "live")      # or "static"; see gdlab.environment.display_mode
    canvas.animate(line, marker)             # artists that move from frame to frame
    canvas.refresh()                         # show the figure as it is now
    canvas.widget()                          # what to put in the explorer's layout

Both kinds draw the same way. A full draw renders everything once and saves it as the
background; after that a frame restores the background and draws only the moving artists
on it (blitting), so a frame costs a few artists, not the figure. `invalidate()` asks for
one full draw (new axis limits, a new function).

- `LiveCanvas`: ipympl's interactive canvas, via `WholeFrameCanvas` (gdlab.explorers.
  ipympl_canvas), a subclass that sends every frame whole and encodes it with
  `gdlab.explorers.pixels.fast_png`.
  The canvas is made for the Figure directly, with ipympl's FigureManager, never through
  pyplot: explorers are not registered with pyplot, so ipympl never shows one by itself at
  the end of a cell, `plt.close("all")` leaves them alone, and they do not count toward
  pyplot's "More than 20 figures" warning.
- `StaticCanvas`: an Agg canvas whose frames are PNGs shown in an `ipywidgets.Image`. Works
  with the inline backend, in Voila without ipympl, and on pages built without a kernel.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import ipywidgets as W
import numpy as np

from .controls import close_widgets
from .pixels import as_png, fast_png

__all__ = ["Canvas", "LiveCanvas", "StaticCanvas", "canvas_for"]


class Canvas:
    """Blitted drawing of one figure: moving artists over a background saved after each full draw."""

    def __init__(self, figure):
        self.figure = figure
        self.moving: list = []
        self._background = None
        self._stale = True
        self._suspended = False
        #: Counts the backgrounds saved: a frame made on another background is out of date.
        self.epoch = 0
        self._offscreen = None
        figure.canvas.mpl_connect("draw_event", self._on_draw)

    def animate(self, *artists) -> None:
        """Mark artists as moving: drawn every frame over the saved background, in this order."""
        for a in artists:
            if a is not None:
                a.set_animated(True)
                self.moving.append(a)

    def forget_moving(self) -> None:
        """No artist moves any more (the figure is being rebuilt)."""
        self.moving.clear()
        self.invalidate()

    def invalidate(self) -> None:
        """The background changed: the next refresh draws the whole figure."""
        self._stale = True
        self.epoch += 1

    @contextmanager
    def suspended(self):
        """Draws of the figure made meanwhile (savefig, gd.animate) are not the screen's.

        They neither replace the background nor get the moving artists drawn onto this
        canvas; at the end the screen is drawn whole again.
        """
        self._suspended = True
        try:
            yield
        finally:
            self._suspended = False
            self.invalidate()

    def _on_draw(self, event) -> None:
        # After a full draw (ours, or one a browser view asked for after it connected or was
        # resized): save the background and put the moving artists on top of it.
        if self._suspended:
            return
        self._background = self.figure.canvas.copy_from_bbox(self.figure.bbox)
        self.epoch += 1
        for a in self.moving:
            self.figure.draw_artist(a)

    def refresh(self) -> None:
        """Show the figure as it is now: the moving artists blitted, or one full draw when needed."""
        if self._stale or self._background is None:
            # Until the full draw lands (a live canvas waits for the browser to ask for it), no
            # frame is made on the old background: the moving artists may be laid out anew.
            self._stale, self._background = False, None
            self._draw()
        else:
            self.figure.canvas.restore_region(self._background)
            for a in self.moving:
                self.figure.draw_artist(a)
            self._blit()

    @property
    def ready(self) -> bool:
        """True when a frame can be made without a full draw (the background is saved and current)."""
        return self._background is not None and not self._stale and not self._suspended

    def _offscreen_renderer(self):
        """A renderer off screen holding the saved background (the screen is not touched)."""
        from matplotlib.backends.backend_agg import RendererAgg

        w, h = self.figure.bbox.size  # as FigureCanvasAgg sizes its renderer
        r = self._offscreen
        if r is None or (r.width, r.height, r.dpi) != (w, h, self.figure.dpi):
            r = self._offscreen = RendererAgg(w, h, self.figure.dpi)
        r.restore_region(self._background)
        return r

    def offscreen_rgba(self) -> np.ndarray:
        """The frame the moving artists make now, drawn off screen: its pixels, (h, w, 4) uint8
        (a view of a buffer the next frame drawn off screen reuses)."""
        r = self._offscreen_renderer()
        for a in self.moving:
            a.draw(r)
        return np.asarray(r.buffer_rgba())

    def offscreen_png(self) -> bytes:
        """The frame the moving artists make now, drawn off screen, as a PNG."""
        return fast_png(self.offscreen_rgba())

    def background_rgba(self) -> np.ndarray:
        """The saved background without the moving artists: its pixels, a copy."""
        return np.array(self._offscreen_renderer().buffer_rgba())

    def show_kept(self, frame) -> None:
        """Show a frame made earlier (by `offscreen_png`, or a `gdlab.explorers.pixels.Packed`
        made from `offscreen_rgba`), for the artists as they are now."""
        raise NotImplementedError

    behind = False  # True when frames shown by other means have not reached the canvas yet

    def catch_up(self) -> None:
        """Frames shown by other means than the canvas's own reach it too (see LiveCanvas)."""

    def drawn_by_page(self, frame) -> None:
        """The page drew this kept frame by itself (gdlab.explorers.player): the canvas catches up later."""

    def _draw(self) -> None:
        raise NotImplementedError

    def _blit(self) -> None:
        raise NotImplementedError

    def widget(self) -> W.Widget:
        """The widget that shows the figure."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the widgets this canvas made."""
        raise NotImplementedError


class LiveCanvas(Canvas):
    """ipympl's interactive canvas, sending whole frames (see `WholeFrameCanvas`)."""

    def __init__(self, figure):
        from ipympl.backend_nbagg import FigureManager

        from .ipympl_canvas import WholeFrameCanvas

        canvas = WholeFrameCanvas(figure)
        with warnings.catch_warnings():
            # ipympl's toolbar passes traitlets an argument it does not know; harmless, not ours.
            warnings.filterwarnings("ignore", category=DeprecationWarning,
                                    message=".*unrecognized arguments.*")
            self._manager = FigureManager(canvas, 0)  # draws go through manager.refresh_all()
        canvas.header_visible = canvas.footer_visible = False
        canvas.toolbar_visible = canvas.resizable = False
        super().__init__(figure)

    #: The page's player (gdlab.explorers.player), which draws frames sooner than ipympl's view.
    page = None
    #: The last frame the page drew, not yet in ipympl's copy (PNG bytes, RGBA pixels or Packed).
    _behind = None

    def _draw(self) -> None:
        # The browser answers with a draw request, so bursts of changes coalesce.
        self._behind = None
        self.figure.canvas.draw_idle()

    def _blit(self) -> None:
        shown = None if self.page is None else self.page.show_pixels(self._screen_rgba())
        if shown is None:
            self._behind = None
            self.figure.canvas.blit(self.figure.bbox)
        else:
            self._behind = shown

    def show_kept(self, frame) -> None:
        # PNG bytes are kept only where there is no page player; Packed goes to the page as
        # what changed since the frame it drew last.
        shown = None if self.page is None or isinstance(frame, bytes) else self.page.show_pixels(frame.rgba())
        self._behind = shown
        if shown is None:
            self.figure.canvas.send_frame(as_png(frame))

    def drawn_by_page(self, frame) -> None:
        self._behind = frame

    def _on_draw(self, event) -> None:
        super()._on_draw(event)
        if self.page is not None and not self._suspended:
            # A new background: the page forgets the frames it holds, and gets this one too, so
            # that a frame it was still decoding (drawn on the old one) cannot land after it.
            self.page.drop()
            self._behind = None  # ipympl sends this draw itself
            self.page.show_pixels(self._screen_rgba())

    def _screen_rgba(self) -> np.ndarray:
        """What the figure's renderer holds now (the screen's frame): its RGBA pixels, not copied."""
        return np.asarray(self.figure.canvas.get_renderer().buffer_rgba())

    @property
    def behind(self) -> bool:
        return self._behind is not None

    def catch_up(self) -> None:
        """ipympl's copy of the picture becomes the screen's (after frames the page drew)."""
        frame, self._behind = self._behind, None
        if frame is not None and self.figure.canvas.comm is not None:
            self.figure.canvas.send_frame(as_png(frame))

    def widget(self) -> W.Widget:
        return self.figure.canvas

    def close(self) -> None:
        close_widgets([self._manager.toolbar, self.figure.canvas])


class StaticCanvas(Canvas):
    """An Agg canvas; once shown, every refresh replaces the PNG in an `ipywidgets.Image`."""

    def __init__(self, figure):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(figure)
        self.image: W.Image | None = None
        super().__init__(figure)

    def _png(self) -> bytes:
        """The canvas as drawn now (no re-render, light compression)."""
        if self._background is None:
            self.figure.canvas.draw()
        return fast_png(np.asarray(self.figure.canvas.buffer_rgba()))

    def _draw(self) -> None:
        self.figure.canvas.draw()
        self._blit()

    def _blit(self) -> None:
        if self.image is not None:
            self.image.value = self._png()

    def show_kept(self, frame: bytes) -> None:
        if self.image is not None:
            self.image.value = frame

    def widget(self) -> W.Widget:
        if self.image is None:
            self.image = W.Image(value=self._png(), format="png",
                                 layout=W.Layout(max_width="100%", height="auto"))
        return self.image

    def close(self) -> None:
        close_widgets([self.image] if self.image is not None else [])


def canvas_for(figure, display: str) -> Canvas:
    """The canvas for `display` ('live' or 'static', see gdlab.environment.display_mode)."""
    return {"live": LiveCanvas, "static": StaticCanvas}[display](figure)
