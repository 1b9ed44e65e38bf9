"""gd.animate: log-spaced frames, a playable jshtml and a GIF with the right number of frames."""

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

import gdlab as gd  # noqa: E402
from gdlab.animation import frame_steps  # noqa: E402


@pytest.fixture(autouse=True)
def _static(monkeypatch):
    monkeypatch.delenv("GDLAB_DISPLAY", raising=False)


def test_frame_steps_short_runs_get_every_step():
    assert frame_steps(0, 60) == [0]
    assert frame_steps(7, 60) == list(range(8))


@pytest.mark.parametrize("last, frames", [(100_000, 60), (1000, 10), (61, 60), (10**6, 2)])
def test_frame_steps_bounded_log_spaced(last, frames):
    steps = frame_steps(last, frames)
    assert len(steps) <= frames
    assert steps[0] == 0 and steps[-1] == last
    assert steps == sorted(set(steps))
    if frames >= 10 and last > 10 * frames:
        # Log spacing: the first half of the frames covers a small fraction of the run.
        assert steps[len(steps) // 2] < last / 10


@pytest.fixture(scope="module")
def explorer():
    return gd.widgets.regression_explorer(gd.make_linear_data(seed=0), steps=100_000)


def test_animation_gif_frames(explorer, tmp_path):
    anim = gd.animate(explorer, frames=12)
    assert len(anim) == 12 and anim.steps[-1] == 100_000
    path = anim.save_gif(tmp_path / "run.gif")
    with Image.open(path) as im:
        assert im.n_frames == 12
        assert im.size == (anim.frames[0].shape[1], anim.frames[0].shape[0])
    # Frames differ: the line and path move.
    assert not np.array_equal(anim.frames[0], anim.frames[-1])
    # The explorer is untouched and back at its own step.
    assert explorer.controls["steps"].value == 100_000
    assert explorer.current["step"] == 100_000


def test_animation_jshtml_is_playable(explorer):
    anim = gd.animate(explorer, frames=5, last_step=1000, dpi=40)
    html = anim.to_jshtml()
    assert "<script" in html and "animation" in html.lower()
    # One PNG per frame, in the player's frame list.
    assert len(re.findall(r'frames\[\d+\] = "data:image/png;base64,', html)) == 5
    assert anim._repr_html_() is html  # cached, displays itself
    # Nothing from another host (matplotlib links Font Awesome from a CDN): its own icons.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?://""", html), "loads from another host"
    assert ".animation .fa-play::before" in html
    assert anim.animation is anim.animation  # kept referenced


def test_animation_of_every_explorer(tmp_path):
    data = gd.make_linear_data(seed=1)
    sources = [
        gd.widgets.descent_1d_explorer(steps=8),
        gd.widgets.optimizer_race("himmelblau", steps=50),
        gd.widgets.minibatch_explorer(data, steps=50),
        gd.widgets.logistic_explorer(steps=50),
        data,
    ]
    for i, src in enumerate(sources):
        anim = gd.animate(src, frames=6, dpi=30)
        with Image.open(anim.save_gif(tmp_path / f"{i}.gif")) as im:
            assert im.n_frames == len(anim.steps) <= 6


def test_explorer_state_survives_animation(explorer):
    before = explorer.current
    assert len(gd.animate(explorer, frames=4, dpi=30).frames) == 4
    after = explorer.current
    assert after["step"] == before["step"]
    np.testing.assert_allclose(after["theta"], before["theta"])


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [({"source": "explorer"}, TypeError, "source"), ({"frames": 1}, ValueError, "frames"),
     ({"frames": 2.5}, TypeError, "frames"), ({"dpi": 0}, ValueError, "dpi"),
     ({"last_step": -1}, ValueError, "last_step"), ({"interval": 0}, ValueError, "interval"),
     ({"frame_format": "bmp"}, ValueError, "frame_format")],
)
def test_animate_bad_input(explorer, kwargs, exc, words):
    kwargs = {"source": explorer, **kwargs}
    with pytest.raises(exc, match=words):
        gd.animate(**kwargs)


def test_save_gif_bad_path(explorer, tmp_path):
    anim = gd.animate(explorer, frames=3, dpi=20)
    with pytest.raises(ValueError, match="path"):
        anim.save_gif(tmp_path / "x.png")
