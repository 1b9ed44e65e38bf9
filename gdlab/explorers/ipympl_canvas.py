"""`WholeFrameCanvas`: ipympl's canvas widget, sending every frame whole and encoded fast.

Why a subclass. ipympl's `Canvas` (ipympl.backend_nbagg, itself the DOMWidget) inherits
matplotlib's webagg `get_diff_image()`, which sends a frame as a PNG of the pixels that
changed since the last frame, encoded with Pillow. That has two costs for explorers:

- a browser view that missed a frame (it connected late, re-rendered, was resized) paints
  the next diff onto a blank canvas and stays blank; seen in JupyterLab under load;
- encoding with Pillow costs more than drawing the frame.

So this subclass overrides three public methods (and one private one, below), and reads or
writes no private attribute of ipympl or matplotlib: `draw` and `blit` note in `frame_pending`
(this class's own flag) that the renderer holds a frame not yet sent, then do what ipympl does;
`get_diff_image`, which webagg's `FigureManager.refresh_all()` calls after each of them,
returns that frame whole, encoded with `fast_png`, after `set_image_mode("full")` has told the
browser so.
`send_frame(png)` sends a frame encoded earlier the same way (explorers keep the frames of
their step slider, so Play and a step change send them without drawing).

Messages from the browser (its draw requests among them) reach ipympl's `_handle_message`,
the callback ipympl's own `__init__` registers with `on_msg`. A kernel may call it on another
thread than the explorer's (a subshell's; see gdlab.explorers.home). This class overrides it to
hand each message to the thread the canvas was made on, so a draw and a blit never run at
once. That is the one private name of ipympl this class touches; if a later ipympl renamed it,
messages would be handled where they arrive, as before.

One public attribute is set: `syncing_data_url = False`, which ipympl itself sets when a
browser view says it is there. While it is True, ipympl's `send_binary` re-encodes the last
diff buffer of `get_diff_image` (which this class no longer keeps) into the widget's
saved-state snapshot. So a notebook's widget state saved without a browser holds no picture
of a live explorer; pages meant to be read without a kernel use static display
(tools/build_site.py sets GDLAB_DISPLAY=static).

Importing this module imports ipympl, which switches matplotlib to ipympl's backend: only
`LiveCanvas` imports it, in live mode.
"""

from __future__ import annotations

import numpy as np
from ipympl.backend_nbagg import Canvas

from .home import Home
from .pixels import fast_png

__all__ = ["WholeFrameCanvas"]


class WholeFrameCanvas(Canvas):
    """ipympl's canvas: every frame sent whole, as a `fast_png`."""

    def __init__(self, figure):
        super().__init__(figure)
        self.syncing_data_url = False  # see the module docstring
        #: True when the renderer holds a frame the browser has not been sent.
        self.frame_pending = True
        self._frame: bytes | None = None
        self._home = Home(closed=lambda: self.comm is None)  # the thread it draws on

    def _handle_message(self, object, content, buffers) -> None:
        """A message from the browser, handled on the canvas's own thread (see the module docstring)."""
        self._home.call(super()._handle_message, object, content, buffers)

    def send_frame(self, png: bytes) -> None:
        """Send a frame encoded already (what the moving artists make now, drawn off screen)."""
        self._frame, self.frame_pending = png, True
        self.manager.refresh_all()

    def draw(self) -> None:
        self.frame_pending, self._frame = True, None
        super().draw()

    def blit(self, bbox=None) -> None:
        self.frame_pending, self._frame = True, None
        super().blit(bbox)

    def get_diff_image(self) -> bytes | None:
        """The frame to send: the whole canvas, or None when nothing new was drawn."""
        if not self.frame_pending:
            return None
        self.frame_pending = False
        self.set_image_mode("full")
        frame, self._frame = self._frame, None
        return frame if frame is not None else fast_png(np.asarray(self.get_renderer().buffer_rgba()))
