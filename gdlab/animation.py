"""Explorers as animations that play without a kernel: jshtml for notebooks and HTML, GIF for slides.

    import gdlab as gd
    ex = gd.explorers.regression_explorer(gd.make_linear_data(seed=0), steps=100_000)
    anim = gd.animate(ex, frames=60)     # last expression of a cell: plays as embedded HTML
    anim.save_gif("descent.gif")         # for slides (Pillow, no ffmpeg)

Frames are log-spaced in the step k (0, 1, 2, 3, 5, 8, ..., k_last), so a 100,000-step run
is as short as a 100-step one and its first steps, where most happens, get most frames.

Frames are laid out for a column `width` CSS px wide (800: inside JupyterLab's column with
the file browser open at 1280 px) and drawn at the explorer's own dpi, so their type is the
explorer's (12-point ticks: 13 px; in projector mode 17 px). The player scales them down to a
narrower column, never up.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from . import _checks as check
from .data import Dataset
from .i18n import _

# matplotlib's jshtml links Font Awesome from a CDN for its buttons: offline that is a console
# error and blank buttons, online a request to another host wherever the animation is shown
# (JupyterLab, Voila, the static site). `offline_player` drops the link (its attributes may come
# in any order, as nbconvert rewrites them) and gives the buttons plain characters instead.
FONT_AWESOME_LINK = re.compile(r'<link\b[^>]*\bhref="https?://[^"]*font-awesome[^"]*"[^>]*>\s*')
PLAYER_ICONS = """<style>
.animation .fa { font: bold 0.9rem/1 "DejaVu Sans", system-ui, sans-serif; }
.animation .fa-minus::before { content: "\\2212"; }
.animation .fa-plus::before { content: "+"; }
.animation .fa-fast-backward::before { content: "|\\25C0\\25C0"; }
.animation .fa-step-backward::before { content: "\\25C0|"; }
.animation .fa-play::before { content: "\\25B6"; }
.animation .fa-play.fa-flip-horizontal::before { content: "\\25C0"; }
.animation .fa-play.fa-flip-horizontal { transform: none; }
.animation .fa-pause::before { content: "||"; }
.animation .fa-step-forward::before { content: "|\\25B6"; }
.animation .fa-fast-forward::before { content: "\\25B6\\25B6|"; }
</style>
"""


def offline_player(page: str) -> str:
    """`page` (a jshtml animation, or a page holding some) with no Font Awesome link."""
    return FONT_AWESOME_LINK.sub("", page)


def frame_steps(last: int, frames: int) -> list[int]:
    """At most `frames` steps from 0 to `last`: every step if they fit, else log-spaced.

    >>> frame_steps(5, 60)
    [0, 1, 2, 3, 4, 5]
    >>> steps = frame_steps(100_000, 60); len(steps) <= 60, steps[:4], steps[-1]
    (True, [0, 1, 2, 3], 100000)
    """
    last = check.integer("last", last, 0)
    frames = check.integer("frames", frames, 2, 10_000)
    if last + 1 <= frames:
        return list(range(last + 1))
    best = [0, last]
    # Rounding merges the first log-spaced points, so ask for more until the frames are full.
    for n in range(max(2, frames - 1), 20 * frames):
        inner = np.unique(np.round(np.geomspace(1, last, n)).astype(int))
        if len(inner) + 1 > frames:
            break
        best = [0, *inner.tolist()]
    return best


class ExplorerAnimation:
    """An explorer's run as frames, a FuncAnimation over them (kept referenced), jshtml and GIF.

    `.steps` are the steps drawn, one per frame. The frames are rendered once, the fast way
    the explorers draw (background once, moving artists per frame), then played by a
    FuncAnimation on a figure that shows one frame image at a time: `.to_jshtml()` (cached)
    is self-contained HTML with a player, `.save_gif(path)` writes a GIF with Pillow. The
    explorer's controls are not touched and its figure is back at the slider's step afterwards.
    """

    def __init__(self, explorer, steps: list[int], interval: int, dpi: float,
                 frame_format: str = "png", width: float = 800):
        self.explorer = explorer
        self.steps = steps
        self.interval = interval
        self.dpi = dpi
        self.width = width
        self.frame_format = frame_format
        self._frames: list[np.ndarray] | None = None
        self._animation = None
        self._html: str | None = None

    @property
    def frames(self) -> list[np.ndarray]:
        """The frames as RGB arrays (height, width, 3), rendered on first use."""
        if self._frames is None:
            self._frames = _render_frames(self.explorer, self.steps, self.dpi, self.width)
        return self._frames

    @property
    def animation(self):
        """The matplotlib FuncAnimation playing the frames (made on first use, kept here)."""
        if self._animation is None:
            from matplotlib.animation import FuncAnimation
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            frames = self.frames
            h, w, _ = frames[0].shape
            fig = Figure(figsize=(w / self.dpi, h / self.dpi), dpi=self.dpi)
            FigureCanvasAgg(fig)
            image = fig.figimage(frames[0], origin="upper", resize=False)

            def show(i: int) -> list:
                image.set_data(frames[i])
                return [image]

            self._figure = fig
            self._animation = FuncAnimation(fig, show, frames=len(frames), interval=self.interval,
                                            repeat=True, blit=False, cache_frame_data=False)
        return self._animation

    def to_jshtml(self) -> str:
        """The animation as self-contained HTML with play controls (no kernel needed)."""
        if self._html is None:
            import matplotlib as mpl

            rc = {"animation.embed_limit": 100.0, "savefig.dpi": self.dpi,
                  "animation.frame_format": self.frame_format}
            with mpl.rc_context(rc):
                html = self.animation.to_jshtml(fps=1000.0 / self.interval, default_mode="once")
            # The frames scale down to a narrower column (a phone, a split screen), never up.
            self._html = ("<style>.animation img { max-width: 100%; height: auto; }</style>\n"
                          + PLAYER_ICONS + offline_player(html))
        return self._html

    def save_gif(self, path: str | Path, fps: float | None = None) -> Path:
        """Write the animation as a looping GIF (Pillow); returns the path."""
        from PIL import Image

        if not isinstance(path, (str, Path)):
            raise TypeError(f"path must be a file name, got {path!r}")
        path = Path(path)
        if path.suffix.lower() != ".gif":
            raise ValueError(f"path must end in .gif, got {str(path)!r}")
        duration = self.interval if fps is None else 1000.0 / check.positive("fps", fps)
        images = [Image.fromarray(f) for f in self.frames]
        # The last frame stays up longer, so the end of the run can be read.
        durations = [int(duration)] * (len(images) - 1) + [int(max(duration, 1500))]
        images[0].save(path, save_all=True, append_images=images[1:], duration=durations, loop=0,
                       optimize=False)
        return path

    def _repr_html_(self) -> str:
        return self.to_jshtml()

    def __len__(self) -> int:
        return len(self.steps)

    def __repr__(self) -> str:
        return (f"<ExplorerAnimation: {type(self.explorer).__name__}, {len(self.steps)} frames, "
                f"steps {self.steps[0]}..{self.steps[-1]}>")


def _longest_readout(explorer, steps: list[int]) -> None:
    """Each line of the frames' readout at its longest over `steps`, so that exporting() leaves
    room for as many lines as it takes in any frame (a narrow export wraps it: a message in
    words may come only in later frames)."""
    longest: dict = {}
    for k in steps:
        explorer.show_step(k)
        for text in explorer._export_texts:
            longest[text] = max(longest.get(text, ""), text.get_text(), key=len)
    for text, words in longest.items():
        text.set_text(words)


def _render_frames(explorer, steps: list[int], dpi: float, width: float) -> list[np.ndarray]:
    """Draw the explorer at each step into an off-screen Agg renderer, with its readout.

    The background (axes, contours, data) is drawn once; each frame restores it and draws
    the moving artists, as the explorers do on screen. A live canvas is not drawn on.
    """
    from matplotlib.backends.backend_agg import RendererAgg
    from PIL import Image

    frames = []
    try:
        _longest_readout(explorer, steps)
    except BaseException:  # interrupted: the explorer goes back to the slider's step
        explorer.show_step(None)
        raise
    # Within exporting() the figure carries its readout, and these draws are not the screen's.
    with explorer.exporting(width=width) as fig:
        try:
            w, h = (int(round(v)) for v in fig.bbox.size)
            renderer = RendererAgg(w, h, fig.dpi)
            fig.draw(renderer)
            background = renderer.copy_from_bbox(fig.bbox)
            scale = dpi / fig.dpi
            size = (max(1, int(round(w * scale))), max(1, int(round(h * scale))))
            for k in steps:
                explorer.show_step(k)
                renderer.restore_region(background)
                for artist in explorer.moving_artists:
                    artist.draw(renderer)
                rgb = np.asarray(renderer.buffer_rgba())[..., :3]
                image = Image.fromarray(rgb)
                if size != (w, h):
                    image = image.resize(size, Image.LANCZOS)
                frames.append(np.asarray(image).copy())
        finally:
            explorer.show_step(None)  # back to the slider's step before the redraw on exit
    return frames


def animate(source: object, frames: int = 60, *, last_step: int | None = None, interval: int = 120,
            dpi: float | None = None, width: float = 800,
            frame_format: str = "png") -> ExplorerAnimation:
    """Turn an explorer's run into an animation: log-spaced frames from step 0 to `last_step`.

    `source` is an explorer (`gd.explorers.*_explorer`, `optimizer_race`) or a Dataset (then the
    regression explorer with its defaults). `last_step` defaults to the explorer's current
    step k (or, at k = 0, the end of its step slider). At most `frames` frames, each shown for
    `interval` ms, its panels arranged for a column `width` CSS px wide and drawn at `dpi`
    (default: the explorer's own, 80, so that 12-point ticks are 13 px; 108 in projector mode):
    800 × 370 pixels for the regression explorer. Displays as jshtml when it is the last
    expression of a cell; a PNG frame of the regression explorer is about 70 KB,
    `frame_format="jpeg"` about 40 KB.
    """
    from .explorers import Explorer, regression_explorer

    if isinstance(source, Dataset):
        source = regression_explorer(source, display="static")
    if not isinstance(source, Explorer):
        raise TypeError(_("source must be a gdlab explorer or a Dataset, got {type}").format(
            type=type(source).__name__))
    frames = check.integer("frames", frames, 2, 1000)
    interval = check.integer("interval", interval, 10, 10_000)
    width = check.in_range("width", width, 300, 3000)
    dpi = source.figure.get_dpi() / source.figure.canvas.device_pixel_ratio if dpi is None else \
        check.positive("dpi", dpi)
    if frame_format not in ("png", "jpeg"):
        raise ValueError(f"frame_format must be 'png' or 'jpeg', got {frame_format!r}")
    end = source.step_grid[-1]
    if last_step is None:
        last_step = source.step or end
    last_step = check.integer("last_step", last_step, 0, end)
    return ExplorerAnimation(source, frame_steps(last_step, frames), interval, dpi, frame_format, width)
