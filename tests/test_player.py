"""The page's player (gdlab.explorers.player), its kernel side: frames sent once, in step order,
dropped when they go stale; no frame sent while the page draws Play itself; ipympl's copy of
the picture caught up afterwards. The page side is driven in a real JupyterLab in
tests/browser/test_regression_explorer.py. Runs in a fresh interpreter with ipympl's backend,
as a notebook with `%matplotlib widget` does."""

from __future__ import annotations

from scripts import run_live

_SCRIPT = r"""
import asyncio, io, time, warnings
import numpy as np
from PIL import Image
import gdlab as gd
from gdlab.explorers import background
from gdlab.explorers.controls import snap_lr
background.in_kernel = lambda: True  # as in a kernel: work between events on the running loop
warnings.simplefilter("ignore", DeprecationWarning)

def copy_runs(frame, buffers):
    # What the page's player does with runs of pixels: copied into its copy of a frame, one by one.
    runs, values = (np.frombuffer(b, "<u4") for b in buffers)
    pixels, n, v = frame.view(np.uint32).reshape(-1), len(runs) // 2, 0
    for start, length in zip(runs[:n], runs[n:]):
        pixels[start:start + length] = values[v:v + length]
        v += length
    assert v == len(values)
    return frame

def rgba(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")).copy()

class Screen:
    # The page's copy of the last frame sent as pixels: whole (a PNG), then changes of it.
    def __init__(self):
        self.frame, self.n, self.bytes = None, None, []
    def apply(self, content, buffers):
        w, h = content["size"]
        if content["base"] is None:
            self.frame = rgba(buffers[0])
        else:
            assert content["base"] == self.n, "a change to a frame the page does not hold"
            copy_runs(self.frame, buffers)
        assert self.frame.shape == (h, w, 4)
        self.n = content["n"]
        self.bytes.append(sum(len(b) for b in buffers))
    def rgb(self):
        return self.frame[..., :3]

def page_shows(page):
    return [content for content, _ in page if content.get("show") == "pixels"]

def rgb(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))

async def idle(ex):
    while ex._worker.busy:
        await asyncio.sleep(0.01)

async def drive():
    ex = gd.widgets.regression_explorer(gd.make_linear_data(seed=0), optimizer="momentum", max_steps=5000)
    box = ex.widget
    player, grid = ex._frames.player, ex.step_grid
    assert player is not None and player.widget in box.children
    canvas = ex.figure.canvas
    ipympl, page = [], []
    canvas.send_binary = ipympl.append
    screen = Screen()
    def to_page(content, buffers=None):
        page.append((content, buffers))
        if content.get("show") == "pixels":
            screen.apply(content, buffers)
    player.widget.send = to_page
    for msg in ({"type": "initialized"}, {"type": "refresh"}, {"type": "draw"}):  # a browser view
        canvas._handle_message(canvas, msg, [])
    await idle(ex)
    assert page == [] and ex._frames.missing()  # no page yet: no frame made ahead, none sent

    # A page shows the player: every frame of the slider is sent to it, once, by its position.
    player._message(player.widget, {"event": "ready"}, [])
    await idle(ex)
    gen = player.widget.generation
    # First the background, once, as a PNG; then each frame as the pixels where it differs from it.
    assert page[0][0] == {"generation": gen, "key": True} and not any(c.get("key") for c, _ in page[1:])
    background, sent = rgba(page[0][1][0]), {}
    for content, buffers in page[1:]:
        assert content["generation"] == gen and 2 * len(content["indices"]) == len(buffers)
        for n, i in enumerate(content["indices"]):
            assert i not in sent, f"frame {i} sent twice"
            sent[i] = buffers[2 * n:2 * n + 2]
    assert sorted(sent) == list(range(len(grid)))
    for i, k in enumerate(grid):  # the page's frame is the kernel's, pixel for pixel
        assert (copy_runs(background.copy(), sent[i]) == ex._frames.get(k).rgba()).all(), k
    sizes = [sum(map(len, b)) for b in sent.values()]
    assert max(sizes) < len(page[0][1][0]) / 2, (max(sizes), len(page[0][1][0]))  # each less than half a PNG
    assert not ex._frames.on_page(grid[3])  # not before the page says it holds them
    player._message(player.widget, {"event": "have", "generation": gen - 1, "indices": [3]}, [])
    assert not ex._frames.on_page(grid[3])  # a stale generation's frames do not count
    player._message(player.widget, {"event": "have", "generation": gen, "indices": list(sent)}, [])
    assert all(ex._frames.on_page(k) for k in grid)

    # Play: the page draws the frames; the kernel writes the readout and sends no frame.
    ex.controls["play"].playing = True
    n_ipympl, n_page = len(ipympl), len(page)
    for k in grid[1:9]:
        ex.controls["steps"].value = k
        assert ex.current["step"] == k and f"<b>k</b> = {k:,}<" in ex._readout.value
    assert len(ipympl) == n_ipympl and page[n_page:] == []
    ex.controls["play"].playing = False  # then ipympl's copy catches up: the last step's frame
    assert len(ipympl) == n_ipympl + 1 and (rgb(ipympl[-1]) == ex._frames.get(grid[8]).rgba()[..., :3]).all()

    # A new learning rate: the page forgets every frame at once, and draws the new one sent to
    # it as what changed since the last frame sent so (here the whole first one, then a change).
    shows = []
    for n, factor in enumerate((0.5, 0.8)):
        n_ipympl, n_page = len(ipympl), len(page)
        ex.controls["lr"].value = snap_lr(ex.controls["lr"].value * factor)
        assert player.widget.generation == gen + 1 + n and not any(ex._frames.on_page(k) for k in grid)
        shows += [content for content, _ in page[n_page:] if content.get("show")]
        assert len(shows) == 1 + n and len(ipympl) == n_ipympl  # to the page, not yet to ipympl
        await idle(ex)  # once the controls are left alone: the new frames, then ipympl's copy
        assert ex._frames.missing() == [] and len(ipympl) == n_ipympl + 1
        assert (screen.rgb() == rgb(ipympl[-1])).all()  # the page's picture is ipympl's, pixel for pixel
    assert shows[0]["base"] is None and shows[1]["base"] is not None
    change = screen.bytes[[c["n"] for c in page_shows(page)].index(shows[1]["n"])]
    assert 0 < change < len(ipympl[-1]) / 2, (change, len(ipympl[-1]))  # less than half a PNG
    # The new run's frames, with their background again, before them.
    of_new = [c for c, _ in page if c.get("generation") == gen + 2]
    assert of_new[0].get("key") and not any(c.get("key") for c in of_new[1:]), of_new
    new = {i for content in of_new for i in content.get("indices", ())}
    assert new == set(range(len(grid)))
    gen += 1

    # A page that did not hold the frame a change was made to (a view opened later) says so: it
    # gets the frame through ipympl, and the next one whole.
    n_ipympl = len(ipympl)
    ex.controls["lr"].value = snap_lr(ex.controls["lr"].value * 1.25)
    player._message(player.widget, {"event": "missed", "pixels": True}, [])
    assert len(ipympl) == n_ipympl + 1 and (screen.rgb() == rgb(ipympl[-1])).all()
    n_page = len(page)
    ex.controls["lr"].value = snap_lr(ex.controls["lr"].value * 0.8)
    await idle(ex)
    gen += 2
    after = page_shows(page[n_page:])
    assert after[0]["base"] is None and all(c["base"] is not None for c in after[1:]), after

    # Play pressed while the new run's frames wait for the controls to be left alone (0.5 s):
    # they are made at once.
    loop = asyncio.get_running_loop()
    ex.controls["lr"].value = snap_lr(ex.controls["lr"].value * 1.25)
    deadline = time.monotonic() + 10
    while ex._worker._handle is None or ex._worker._handle.when() - loop.time() < 0.2:
        assert time.monotonic() < deadline, "the frames never waited for the controls"
        await asyncio.sleep(0.01)
    assert ex._frames.missing()
    ex.controls["play"].playing = True
    assert ex._worker._handle.when() - loop.time() < 0.01
    ex.controls["play"].playing = False
    await idle(ex)

    # The page could not draw a frame (its canvas has another size): ipympl gets it.
    n_ipympl = len(ipympl)
    ex.controls["steps"].value = grid[2]
    assert len(ipympl) == n_ipympl
    player._message(player.widget, {"event": "missed"}, [])
    assert len(ipympl) == n_ipympl + 1 and (rgb(ipympl[-1]) == ex._frames.get(grid[2]).rgba()[..., :3]).all()

    # A new layout (the column is narrower): until the browser's full draw lands, no frame is
    # made on the old background (the moving artists are laid out anew); the full draw's frame
    # goes to the page too, so that nothing the page was still decoding can land after it.
    await idle(ex)
    n_ipympl, n_page = len(ipympl), len(page)
    ex._on_column_width({"new": 560})
    ex.controls["steps"].value = grid[4]
    await idle(ex)
    assert not any(c.get("show") for c, _ in page[n_page:]) and len(ipympl) == n_ipympl
    assert not ex._canvas.ready and ex._frames.missing() == []  # none made meanwhile
    canvas._handle_message(canvas, {"type": "draw"}, [])  # the browser asks for the draw
    shows = [content for content, _ in page[n_page:] if content.get("show")]
    assert len(shows) == 1 and len(ipympl) == n_ipympl + 1
    assert (screen.rgb() == rgb(ipympl[-1])).all()
    # Then (at the next change) the frames are made again, as changes of the new background.
    n_page = len(page)
    ex.controls["steps"].value = grid[5]
    await idle(ex)
    (key, (png,)), *made = [(c, b) for c, b in page[n_page:] if "generation" in c]
    assert key.get("key") and (rgba(png) == ex._canvas.background_rgba()).all()
    assert {i for c, _ in made for i in c["indices"]} == set(range(len(grid)))
    sizes = [sum(map(len, b)) for _, b in made]
    assert all(sum(map(len, b)) < len(png) / 2 for _, b in made if len(b) == 2), sizes

    widget = player.widget
    ex.close()
    assert widget.comm is None  # closed with the explorer
    print("PLAYER OK")

asyncio.run(drive())
"""


def test_the_page_gets_each_frame_once_stale_ones_dropped_and_no_frame_while_it_plays():
    run_live(_SCRIPT, "PLAYER OK")
