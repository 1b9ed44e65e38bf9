"""Images of digits: galleries of 8×8 images with labels, the learned weight templates, curves by epoch.

Images are laid out as one mosaic per axes (one `imshow`), so a gallery of forty digits is
as cheap to draw as one.

    fig, ax = gd.plots.mosaic_figure(20)
    gd.plots.gallery(ax, digits.images[:20], digits.labels[:20])
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.axes import Axes

from ..i18n import _
from ..optimizers import OPTIMIZERS
from .style import COLORS, OPTIMIZER_COLORS, SERIES, style, subplots

INK = "gray_r"  # ink dark on white paper
WEIGHTS = "PuOr_r"  # orange where ink raises a score, purple where it lowers it (colour-blind safe)


class GalleryArtists(NamedTuple):
    image: object
    labels: list
    frames: list


# Pixels per image side; blank columns between images; blank rows above each, for its caption;
# blank pixels around the mosaic, so that the frames at its edges are not clipped.
SIDE, GAP, BAND, MARGIN = 8, 2, 4, 1


def decades(values: np.ndarray, default: tuple[float, float]) -> tuple[float, float]:
    """A log axis's limits: `default`, widened by whole decades only as far as the finite, positive
    `values` leave it (the digits' loss starts at log 10 = 2.3: 0.01 to 10 holds most runs)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values) & (values > 0)]
    lo, hi = default
    if values.size:
        lo = min(lo, float(10.0 ** np.floor(np.log10(values.min()))))
        hi = max(hi, float(10.0 ** np.ceil(np.log10(values.max()))))
    return lo, hi


def _mosaic(images: np.ndarray, columns: int) -> np.ndarray:
    """The (n, 8, 8) images side by side in rows of `columns`, each under a blank band for its
    caption, NaN (drawn blank) in the gaps."""
    rows = -(-len(images) // columns)
    out = np.full((rows * (SIDE + BAND), columns * (SIDE + GAP) - GAP), np.nan)
    for i, img in enumerate(images):
        x, y = _corner(i, columns)
        out[y : y + SIDE, x : x + SIDE] = img
    return out


def _corner(i: int, columns: int) -> tuple[int, int]:
    """(column, row) of the top-left pixel of image i in the mosaic."""
    r, c = divmod(i, columns)
    return c * (SIDE + GAP), r * (SIDE + BAND) + BAND


def mosaic_figure(n: int, columns: int = 10, *, width: float = 12.0) -> tuple[object, Axes]:
    """A figure `width` inches wide whose one axes fits n images in rows of `columns` exactly,
    with no margins, for `gallery` and `templates`."""
    columns = max(1, min(int(columns), int(n)))
    rows = -(-int(n) // columns)
    aspect = (rows * (SIDE + BAND) + MARGIN) / (columns * (SIDE + GAP) - GAP + 2 * MARGIN)
    fig, ax = subplots(figsize=(width, width * aspect), layout=None)  # margins set here, not by a layout
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    return fig, ax


def _bare(ax: Axes, mosaic: np.ndarray) -> None:
    h, w = mosaic.shape
    ax.set_xlim(-0.5 - MARGIN, w - 0.5 + MARGIN)
    ax.set_ylim(h - 0.5 + MARGIN, -0.5)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)


def gallery(ax: Axes, images: object, labels: object = None, *, predicted: object = None,
            columns: int = 10) -> GalleryArtists:
    """Digit images in rows of `columns`, each under its label.

    With `predicted`, each caption is the prediction; where it differs from the label the
    caption reads "label→predicted" in vermillion and the image gets a vermillion frame.
    """
    from matplotlib.patches import Rectangle

    images = np.asarray(images, dtype=float)
    if images.ndim != 3:
        raise ValueError(f"images must have shape (n, 8, 8), got {images.shape}")
    columns = max(1, min(int(columns), len(images)))
    labels = [None] * len(images) if labels is None else np.asarray(labels)
    wrong_color = COLORS["vermillion"]
    texts, frames = [], []
    with style():
        mosaic = _mosaic(images, columns)
        image = ax.imshow(mosaic, cmap=INK, vmin=0, vmax=float(np.nanmax(images)) or 1.0,
                          interpolation="nearest")
        for i, label in enumerate(labels):
            x, y = _corner(i, columns)
            caption, color = ("" if label is None else str(label)), "black"
            if predicted is not None:
                guess = int(np.asarray(predicted)[i])
                caption = str(guess) if label is None or guess == label else f"{label}→{guess}"
                if label is not None and guess != label:
                    color = wrong_color
                    frames.append(ax.add_patch(Rectangle((x - 0.5, y - 0.5), SIDE, SIDE, fill=False,
                                                         ec=wrong_color, lw=3)))
            texts.append(_caption(ax, i, columns, caption, color))
        _bare(ax, mosaic)
    return GalleryArtists(image, texts, frames)


def templates(ax: Axes, weights: object, *, columns: int = 5) -> GalleryArtists:
    """The ten 8×8 weight images of a softmax model: orange where ink raises that digit's score,
    purple where it lowers it, white where it does not matter; one colour scale for all ten."""
    weights = np.asarray(weights, dtype=float)
    top = float(np.abs(weights).max()) or 1.0
    with style():
        mosaic = _mosaic(weights, columns)
        image = ax.imshow(mosaic, cmap=WEIGHTS, vmin=-top, vmax=top, interpolation="nearest")
        texts = [_caption(ax, i, columns, str(i), "black") for i in range(len(weights))]
        _bare(ax, mosaic)
    return GalleryArtists(image, texts, [])


def _caption(ax: Axes, i: int, columns: int, text: str, color: str) -> object:
    x, y = _corner(i, columns)
    return ax.text(x + (SIDE - 1) / 2, y - 0.9, text, ha="center", va="bottom", fontsize=16, color=color)


def by_epoch(ax: Axes, curves: dict, *, per_epoch: int = 1, ylabel: str | None = None,
             log: bool = True) -> list:
    """One line per entry of `curves` (label → values) against the epoch: value i is drawn at
    i / per_epoch, so per-step losses with per_epoch = steps per epoch, or one value per epoch.

    A label that is an optimizer's name ("gd", "adam", ...) gets its label and colour from the
    registry; others take the series colours in turn.
    """
    lines = []
    with style():
        for i, (label, values) in enumerate(curves.items()):
            values = np.asarray(values, dtype=float)
            color = OPTIMIZER_COLORS.get(label, SERIES[i % len(SERIES)])
            text = OPTIMIZERS[label].label if label in OPTIMIZERS else str(label)
            (line,) = ax.plot(np.arange(len(values)) / per_epoch, values, color=color, label=text)
            lines.append(line)
        if log:
            ax.set_yscale("log")
        ax.set_xlabel(_("epoch"))
        ax.set_ylabel(_("training loss L") if ylabel is None else ylabel)
        ax.legend()
    return lines
