"""Frames as the pixels that changed (gdlab.explorers.pixels): what the page rebuilds is the frame.

The page's side is modelled here by a plain loop over the runs (the same steps as the page's
`copyRuns`); the page itself is driven in a real JupyterLab in tests/browser."""

from __future__ import annotations

import io

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from gdlab.explorers.pixels import GAP, Delta, Packed, apply_runs, changed_runs


def page_copy(frame: np.ndarray, buffers: list[bytes]) -> np.ndarray:
    """The runs copied into a copy of `frame`, one run at a time, as the page does."""
    out = frame.copy()
    words = out.view(np.uint32).reshape(-1)
    runs, values = (np.frombuffer(b, "<u4") for b in buffers)
    n, v = len(runs) // 2, 0
    for start, length in zip(runs[:n], runs[n:]):
        words[start:start + length] = values[v:v + length]
        v += length
    assert v == len(values)
    return out


@st.composite
def frame_pairs(draw):
    h, w = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 256, (h, w, 4), dtype=np.uint8)
    frame = base.copy()
    share = draw(st.sampled_from([0.0, 0.01, 0.2, 1.0]))
    mask = rng.random((h, w)) < share
    frame[mask] = rng.integers(0, 256, (int(mask.sum()), 4), dtype=np.uint8)
    return base, frame


@settings(max_examples=300, deadline=None)
@given(frame_pairs())
def test_the_runs_rebuild_the_frame_and_name_every_changed_pixel_once(pair):
    base, frame = pair
    buffers = changed_runs(frame, base)
    assert (page_copy(base, buffers) == frame).all()
    assert (apply_runs(base, buffers) == frame).all()
    runs = np.frombuffer(buffers[0], "<u4").astype(np.int64)
    n = len(runs) // 2
    starts, lengths = runs[:n], runs[n:]
    assert (lengths > 0).all() and len(buffers[1]) == 4 * int(lengths.sum())
    # In order, apart by more than GAP pixels (closer ones are one run), each from a changed
    # pixel to a changed pixel.
    ends = starts + lengths
    assert (starts[1:] - ends[:-1] >= GAP).all()
    changed = (frame != base).any(axis=2).reshape(-1)
    assert changed[starts].all() and changed[ends - 1].all() if n else not changed.any()
    covered = np.zeros(changed.size, bool)
    for s, e in zip(starts, ends):
        covered[s:e] = True
    assert not (changed & ~covered).any()


def test_a_few_changed_pixels_are_a_few_bytes():
    base = np.full((400, 1000, 4), 255, np.uint8)
    frame = base.copy()
    frame[100:103, 200:800] = (30, 60, 90, 255)  # a thin line: 1,800 pixels
    buffers = changed_runs(frame, base)
    assert len(buffers[0]) == 2 * 3 * 4 and len(buffers[1]) == 1800 * 4


def decode(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def test_delta_sends_the_first_frame_whole_then_changes_of_the_last():
    rng = np.random.default_rng(1)
    delta, page, number = Delta(), None, None
    frames = [rng.integers(0, 256, (6, 9, 4), dtype=np.uint8) for _ in range(3)]
    frames[2][..., 3] = 255  # opaque: sent whole as an RGB PNG, read back with alpha 255
    frames.insert(2, frames[1].copy())  # nothing changed: no run
    frames[1][2, 3:5] = 7
    for i, frame in enumerate(frames):
        content, buffers = delta.encode(frame)
        assert content["size"] == [9, 6] and content["n"] == i + 1
        if i == 0:
            assert content["base"] is None and len(buffers) == 1
            page = decode(buffers[0]).copy()
        else:
            assert content["base"] == number and len(buffers) == 2
            page = page_copy(page, buffers)
        number = content["n"]
        assert (page == frame).all(), i
        assert (delta.last == frame).all() and delta.last is not frame  # a copy: the buffer is reused
    assert np.frombuffer(delta.encode(frames[-1])[1][0], "<u4").size == 0
    delta.reset()  # a page that missed one: the next frame whole
    frames[-1][..., 3] = 255
    assert delta.encode(frames[-1])[0]["base"] is None
    assert delta.encode(np.zeros((3, 3, 4), np.uint8))[0]["base"] is None  # another size: whole


def test_a_packed_frame_is_its_pixels():
    rng = np.random.default_rng(2)
    key = rng.integers(0, 256, (20, 30, 4), dtype=np.uint8)
    frame = key.copy()
    frame[5:7, 10:25] = 0
    packed = Packed(key, frame)
    assert (packed.rgba() == frame).all() and (page_copy(key, packed.buffers) == frame).all()
    assert packed.nbytes == sum(len(b) for b in packed.buffers) < frame.nbytes / 5
