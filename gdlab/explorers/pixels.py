"""How a frame's pixels travel: as a PNG (`fast_png`), or as the pixels that changed, runs of
32-bit RGBA words, which the page copies in.

    png = fast_png(rgba)                   # (h, w, 4) uint8 -> PNG bytes, fast
    buffers = changed_runs(frame, base)    # what differs from `base`: [runs, values] (bytes)
    frame = apply_runs(base, buffers)      # and back (a copy of base with the runs copied in)
    delta = Delta(); content, buffers = delta.encode(rgba)   # a frame as a change of the last one
    packed = Packed(background, rgba)      # a frame as a change of a fixed frame (its background)

Why. A PNG of an explorer's figure is about 75 KB and costs the kernel about 7 ms to encode
and the page 8-10 ms to decode (the browser's `DecompressionStream`, for a deflated change,
took 15 ms). Between two frames only the moving artists' pixels change: a new learning rate
moves three thin lines, a step of Play a marker and a path's end, a few thousand pixels. Sent
as runs they are about 5-40 KB, encoded with a few numpy passes (under 1 ms) and copied into
the page's copy of the frame with `TypedArray.set` (under 0.5 ms), with nothing to decode.

The format (gdlab.explorers.player reads it in the page): two buffers of little-endian uint32,
the runs (their n starts in the frame's pixels, row after row, then their n lengths) and the
runs' new pixels, one after another. Runs closer than `GAP` pixels are sent as one (the pixels
between are sent as they are): fewer, longer runs to copy.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

__all__ = ["GAP", "Delta", "Packed", "apply_runs", "as_png", "changed_runs", "fast_png"]

GAP = 4


def fast_png(rgba: np.ndarray, level: int = 1) -> bytes:
    """An RGBA image (h, w, 4) as PNG bytes: no row filters, fast deflate; RGB when it is opaque.

    About 5x faster than Pillow's default on a figure-sized frame, which matters when every
    slider step sends one. An explorer's figure is opaque, and dropping the alpha channel makes
    its frames about a quarter smaller and quicker to encode, send and decode.
    """
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    h, w, _ = rgba.shape
    opaque = bool((rgba[..., 3] == 255).all())
    channels = 3 if opaque else 4
    raw = np.empty((h, w * channels + 1), dtype=np.uint8)
    raw[:, 0] = 0  # filter type "none" for every row
    raw[:, 1:].reshape(h, w, channels)[...] = rgba[..., :channels]  # one copy, no temporary

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", w, h, 8, 2 if opaque else 6, 0, 0, 0)
    body = zlib.compress(memoryview(raw).cast("B"), level)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body)
            + chunk(b"IEND", b""))


def as_png(frame) -> bytes:
    """A frame as PNG bytes: PNG bytes as they are, RGBA pixels or a Packed frame encoded."""
    if isinstance(frame, bytes):
        return frame
    return fast_png(frame if isinstance(frame, np.ndarray) else frame.rgba())


def _words(rgba: np.ndarray) -> np.ndarray:
    """An (h, w, 4) uint8 C-contiguous image as its h·w 32-bit words (one per pixel), not copied."""
    return rgba.view(np.uint32).reshape(-1)


def changed_runs(frame: np.ndarray, base: np.ndarray) -> list[bytes]:
    """The runs of pixels where `frame` differs from `base` (both (h, w, 4) uint8): [runs, values]."""
    new = _words(frame)
    changed = np.flatnonzero(new != _words(base))
    cut = np.flatnonzero(np.diff(changed) > GAP)
    starts = np.concatenate([changed[:1], changed[cut + 1]])
    lengths = np.concatenate([changed[cut], changed[-1:]]) + 1 - starts
    offsets = np.cumsum(lengths) - lengths  # where each run's pixels begin in the values
    index = np.arange(int(lengths.sum())) + np.repeat(starts - offsets, lengths)
    return [np.concatenate([starts, lengths]).astype("<u4").tobytes(), new[index].astype("<u4").tobytes()]


def apply_runs(base: np.ndarray, buffers: list[bytes]) -> np.ndarray:
    """`base` with the runs copied in (a new array; what the page does in its copy)."""
    frame = np.array(base, dtype=np.uint8, order="C")
    runs, values = (np.frombuffer(b, "<u4") for b in buffers)
    n = len(runs) // 2
    lengths = runs[n:].astype(np.int64)
    index = np.arange(int(lengths.sum())) + np.repeat(runs[:n].astype(np.int64)
                                                      - (np.cumsum(lengths) - lengths), lengths)
    _words(frame)[index] = values
    return frame


class Delta:
    """Frames as changes of the last one sent: `encode` gives the message content and its buffers.

        content, buffers = delta.encode(rgba)  # rgba: (h, w, 4) uint8
        delta.reset()                          # the next frame is sent whole

    `content` is {"size": [w, h], "n": this frame's number, "base": the number of the frame it
    changes, or None when it is sent whole (one PNG)}; a change is `changed_runs`.
    `.last` is the last frame encoded (what a page that applied every one holds).
    """

    def __init__(self):
        self.last: np.ndarray | None = None
        self._n = 0

    def reset(self) -> None:
        self.last = None

    def encode(self, rgba: np.ndarray) -> tuple[dict, list[bytes]]:
        frame = np.array(rgba, dtype=np.uint8, order="C")  # a copy: the renderer draws the next in place
        h, w, _ = frame.shape
        whole = self.last is None or self.last.shape != frame.shape
        buffers = [fast_png(frame)] if whole else changed_runs(frame, self.last)
        self._n += 1
        self.last = frame
        return {"size": [w, h], "n": self._n, "base": None if whole else self._n - 1}, buffers


class Packed:
    """A frame kept as the runs where it differs from `key` (the background it was drawn on)."""

    __slots__ = ("buffers", "key")

    def __init__(self, key: np.ndarray, rgba: np.ndarray):
        self.key = key
        self.buffers = changed_runs(np.ascontiguousarray(rgba), key)

    def rgba(self) -> np.ndarray:
        """The frame's pixels, (h, w, 4) uint8."""
        return apply_runs(self.key, self.buffers)

    @property
    def nbytes(self) -> int:
        return sum(len(b) for b in self.buffers)
