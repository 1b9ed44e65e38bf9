"""Widget messages handled on a kernel subshell's thread: an explorer still does everything on its own.

JupyterLab sends widget messages over a kernel subshell, which ipykernel 7 runs on a thread of
its own (gdlab.explorers.home). These tests hand a message to such a thread (tests/subshells.py)
while the thread that made the explorer does its own work, with a gate that makes the two meet
in the same order every time. Before explorers handed such messages home, a draw the browser
asked for, run on the subshell, lost its frame to a blit made meanwhile on the main thread (the
browser then kept a blank canvas), and a step change during the frames drawn ahead of Play was
undone by them (the step went backwards). Counted and ordered, never timed.
"""

import matplotlib

matplotlib.use("Agg")

import asyncio  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from subshells import Gate, Subshell  # noqa: E402

import gdlab as gd  # noqa: E402
from gdlab import widgets  # noqa: E402

DATA = gd.make_linear_data(seed=0)


@pytest.fixture(autouse=True)
def _static_display(monkeypatch):
    monkeypatch.setenv("GDLAB_DISPLAY", "static")


def _threads_of(obj, name: str, threads: list) -> None:
    """Note the thread of every call of obj.name (an instance attribute wraps the method)."""
    method = getattr(obj, name)

    def noted(*args, **kwargs):
        threads.append(threading.get_ident())
        return method(*args, **kwargs)

    setattr(obj, name, noted)


def test_play_pressed_on_a_subshell_draws_the_frames_ahead_where_a_step_change_goes(kernel_loop):
    async def drive():
        home = threading.get_ident()
        ex = widgets.regression_explorer(DATA, optimizer="adam", max_steps=5000)
        assert ex.widget is not None  # shown: Play draws the frames ahead
        while ex._worker.busy:
            await asyncio.sleep(0)
        gate, redraws = Gate(home), []
        offscreen = ex._canvas.offscreen_png

        def gated_offscreen():  # each frame drawn ahead passes the gate
            gate()
            return offscreen()

        ex._canvas.offscreen_png = gated_offscreen
        _threads_of(ex, "_redraw", redraws)
        play, k = ex.controls["play"], ex.step_grid[3]
        with Subshell() as sub:
            pressed = sub.deliver(setattr, play, "playing", True)  # the browser's Play, on a subshell
            await gate.wait_reached()  # the frames ahead are being drawn
            ex.controls["steps"].value = k  # meanwhile a step change handled on this thread
            gate.open()
            await asyncio.wrap_future(pressed)
            await sub.settled()
            await asyncio.wrap_future(sub.deliver(setattr, play, "playing", False))
            while ex._worker.busy:
                await asyncio.sleep(0)
            await sub.settled()
        assert ex.current["step"] == k, f"step {k} asked for, {ex.current['step']} shown"
        assert f"<b>k</b> = {k:,}<" in ex._readout.value
        assert set(redraws) == {home}, "the explorer drew on another thread than its own"
        assert set(gate.threads) == {home}
        ex.close()

    kernel_loop(drive)


_BROWSER_DRAW = r"""
import asyncio, threading, warnings
import gdlab as gd
from gdlab.explorers import background
from subshells import Gate, Subshell
background.in_kernel = lambda: True  # as in a kernel: work between events on the running loop
warnings.simplefilter("ignore", DeprecationWarning)
async def drive():
    home = threading.get_ident()
    ex = gd.widgets.regression_explorer(gd.make_linear_data(seed=0), optimizer="momentum", max_steps=5000)
    assert ex.display == "live" and ex.widget is not None
    canvas = ex.figure.canvas
    sent, drawn = [], []  # frames the browser got; draws, blits and kept frames sent, by thread
    canvas.send_binary = sent.append
    for msg in ({"type": "initialized"}, {"type": "refresh"}, {"type": "draw"}):  # a browser view
        canvas._handle_message(canvas, msg, [])
    while ex._worker.busy:
        await asyncio.sleep(0)
    for name in ("draw", "blit", "send_frame"):
        method = getattr(canvas, name)
        def noted(*args, _method=method):
            drawn.append(threading.get_ident())
            return _method(*args)
        setattr(canvas, name, noted)
    gate = Gate(home)
    canvas.mpl_connect("draw_event", lambda event: gate())  # a whole figure drawn passes the gate
    before = len(sent)
    with Subshell() as sub:
        # The browser asks for a draw; the kernel reads that message on a subshell.
        asked = sub.deliver(canvas._handle_message, canvas, {"type": "draw"}, [])
        await gate.wait_reached()
        ex.controls["steps"].value = ex.step_grid[5]  # meanwhile a step change on this thread blits
        gate.open()
        await asyncio.wrap_future(asked)
        await sub.settled()
    for _ in range(10):  # whatever was handed to this loop runs
        await asyncio.sleep(0)
    assert len(drawn) == 2, drawn  # the draw asked for and the step change's blit
    assert len(sent) - before == len(drawn), f"{len(drawn)} frames drawn, {len(sent) - before} sent"
    assert set(drawn) == set(gate.threads) == {home}, "drawn on another thread than the explorer's"
    ex.close()
    print("BROWSER DRAW OK")
asyncio.run(drive())
"""


def test_a_draw_the_browser_asks_for_on_a_subshell_is_drawn_home_and_its_frame_sent():
    here = str(Path(__file__).parent)
    env = {**os.environ, "MPLBACKEND": "module://ipympl.backend_nbagg",
           "PYTHONPATH": os.pathsep.join([here, *sys.path])}
    env.pop("GDLAB_DISPLAY", None)
    out = subprocess.run([sys.executable, "-c", _BROWSER_DRAW], capture_output=True, text=True, env=env,
                         timeout=300)
    assert "BROWSER DRAW OK" in out.stdout, out.stdout[-2000:] + out.stderr[-3000:]
