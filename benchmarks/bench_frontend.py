"""Front-end speed in a real JupyterLab: key press to new frame, and Play's frame rate.

    .venv/bin/python benchmarks/bench_frontend.py [--presses 25] [--plays 3]

Starts JupyterLab on 127.0.0.1 (state in a temporary folder), opens a notebook that shows
`gd.widgets.regression_explorer(gd.make_linear_data(seed=0))` in headless Chromium, and:

- key press to frame: for each slider (the step k slider, which only moves artists, and the
  learning-rate slider, which recomputes the run) presses ArrowRight/ArrowLeft in turn. The
  time of one press is from the keydown event in the page to the first drawImage or
  putImageData of the new frame onto the figure's visible canvas (both on the page's clock,
  performance.now()). The next press waits until the kernel is idle and the canvas has been
  still for 0.3 s, so presses never queue. Target: median <= 50 ms.
- Play: from the first step to the last at Play's default interval (33 ms, 30 frames/s); the
  frames drawn on the canvas per second while it plays (after the click, while its button
  shows pause: not the picture it started from, nor the one the kernel sends again after
  it), and the share of Play's steps that never reached the canvas (dropped). Targets:
  >= 25 frames/s, <= 5 % dropped. The first Play comes right after the key presses, while
  the page may not hold every frame yet (gdlab.explorers.player makes them once the
  controls are left alone for 0.5 s). A last Play is clicked as soon as a key press on
  the learning-rate slider has drawn its frame, when the page holds none of the new run's
  frames: same targets.
- where a frame's time goes: for each press the kernel drew a frame for, on the wall clocks
  of the page and the kernel (the same machine's), from the key to the handler, the handler,
  and from its end to the frame drawn (messages, decoding, painting); in the handler, its CPU
  time, the new runs, the artists and readouts, the frame drawn, and the frame's encoding and
  size (a change of learning rate is sent as the pixels that changed, gdlab.explorers.player).

Prints every figure and the machine's load; exits with status 1 when a target is missed.
Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

import harness  # noqa: E402
import nbformat  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

TARGET_MS = 50.0
PLAY_FPS, PLAY_DROPPED = 25.0, 0.05

# In the kernel: time every frame's handler and encoding, and the size of each frame sent.
KERNEL_PROBE = """
import time as __t
import gdlab.explorers.pixels as __gdc
import gdlab.explorers.canvas as __gdcv
import gdlab.explorers.ipympl_canvas as __gdipc
__gdb = {k: [] for k in (
    "change", "cpu", "held", "missed", "whole", "encode", "delta", "delta_bytes", "bytes", "spans",
    "recompute", "redraw", "refresh", "sent")}
def __gdb_timed(key, f):
    def timed(*a):
        t = __t.perf_counter(); out = f(*a); __gdb[key].append(__t.perf_counter() - t); return out
    return timed
def __gdb_wrap():
    ex = __gdtest_ex
    canvas = ex.figure.canvas
    enc, send = __gdc.fast_png, canvas.send_binary
    def sized_send(data):
        __gdb["bytes"].append(len(data)); return send(data)
    # Every PNG: the frames made ahead for a static page, a background, ipympl's copies.
    __gdc.fast_png = __gdcv.fast_png = __gdipc.fast_png = __gdb_timed("encode", enc)
    canvas.send_binary = sized_send
    if ex._frames.player is not None:  # frames sent to the page (gdlab.explorers.player)
        psend = ex._frames.player.widget.send
        def sized_psend(content, buffers=None):
            if content.get("show"):
                __gdb["bytes"].append(sum(len(b) for b in buffers))
                __gdb["sent"].append(__t.time())
            elif "indices" in content or content.get("key"):  # what the page keeps of the step slider
                __gdb["held"].append((content["generation"], sum(len(b) for b in buffers)))
            return psend(content, buffers=buffers)
        ex._frames.player.widget.send = sized_psend
        player = ex._frames.player
        heard = player._message
        def counted(widget, content, buffers):
            if isinstance(content, dict) and content.get("event") == "missed":
                __gdb["missed"].append(bool(content.get("pixels")))
            return heard(widget, content, buffers)
        player.widget._msg_callbacks.callbacks[:] = [counted]
        delta = ex._frames.player.delta
        encode = __gdb_timed("delta", delta.encode)
        def sized_encode(rgba):
            content, buffers = encode(rgba); __gdb["delta_bytes"].append(sum(len(b) for b in buffers))
            __gdb["whole"].append(content["base"] is None)
            return content, buffers
        delta.encode = sized_encode
    for key in ("recompute", "redraw"):
        setattr(ex, "_" + key, __gdb_timed(key, getattr(ex, "_" + key)))
    ex._canvas.refresh = __gdb_timed("refresh", ex._canvas.refresh)
    upd = ex._update
    def timed_update(recompute):
        t, c, w = __t.perf_counter(), __t.thread_time(), __t.time(); upd(recompute)
        __gdb["change"].append(__t.perf_counter() - t); __gdb["cpu"].append(__t.thread_time() - c)
        __gdb["spans"].append((w, __t.time()))  # wall clock, the page's too (performance.timeOrigin)
    ex._update = timed_update
__gdb_wrap()
"""

# Records when anything is drawn onto an ipympl view's visible canvas, and when keys go down.
HOOK = """() => {
    if (window.__bench) return;
    window.__bench = {draws: [], keys: [], walls: [], decodes: []};
    // When the page's player starts and ends decoding a frame (gdlab.explorers.player).
    const decode = window.createImageBitmap;
    window.createImageBitmap = function (...args) {
        const start = performance.timeOrigin + performance.now();
        return decode.apply(this, args).then((bitmap) => {
            window.__bench.decodes.push([start, performance.timeOrigin + performance.now()]);
            return bitmap;
        });
    };
    // At each draw: is Play playing (its button shows pause), and which step the slider shows.
    window.__benchState = () => {
        const sel = window.__benchSel || {};
        const icon = sel.play && document.querySelector(sel.play);
        const readout = sel.steps && document.querySelector(sel.steps);
        return {playing: !!icon && icon.className.includes('fa-pause'),
                step: readout ? readout.textContent : null};
    };
    const draw = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function (...args) {
        const c = this.canvas;
        if (c && c.parentElement && c.parentElement.classList.contains(
                'jupyter-matplotlib-canvas-div') && c === c.parentElement.firstElementChild)
            window.__bench.draws.push({t: performance.now(), wall: performance.timeOrigin + performance.now(),
                                       ...window.__benchState()});
        return draw.apply(this, args);
    };
    const put = CanvasRenderingContext2D.prototype.putImageData;
    CanvasRenderingContext2D.prototype.putImageData = function (...args) {
        const c = this.canvas, now = performance.now();
        if (c && c.parentElement && c.parentElement.classList.contains(
                'jupyter-matplotlib-canvas-div') && c === c.parentElement.firstElementChild) {
            window.__bench.draws.push({t: now, wall: performance.timeOrigin + now, ...window.__benchState()});
        }
        return put.apply(this, args);
    };
    document.addEventListener('keydown', () => {
        window.__bench.keys.push(performance.now());
        window.__bench.walls.push(performance.timeOrigin + performance.now());
    }, true);
}"""


def measure(lab: harness.LabPage, slider: str, figure: str, presses: int,
            legs: list | None = None) -> list[float]:
    """Key press to frame for each press (ms); `legs` gets, per press, (key to the kernel's
    handler, the handler, the handler's end to the frame drawn), from the wall clocks."""
    page = lab.page
    times = []
    for i in range(presses):
        lab.wait_idle()
        before = lab.wait_canvas_stable(figure, quiet=0.3)
        n_draws = page.evaluate("() => window.__bench.draws.length")
        page.locator(f"{slider} .noUi-handle").first.focus()
        page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function(
            "(n) => window.__bench.draws.length > n", arg=n_draws, timeout=10_000)
        t_key = page.evaluate("() => window.__bench.keys[window.__bench.keys.length - 1]")
        t_draw = page.evaluate("(n) => window.__bench.draws[n].t", n_draws)
        lab.wait_canvas_change(figure, before)
        times.append(t_draw - t_key)
        if legs is not None:
            key_wall, draw_wall = page.evaluate(
                "(n) => [window.__bench.walls.at(-1), window.__bench.draws[n].wall]",
                n_draws)
            spans = [(a * 1000, b * 1000) for a, b in lab.kernel_json("__gdb['spans']")]
            sent = [t * 1000 for t in lab.kernel_json("__gdb['sent']")]
            decodes = page.evaluate("() => window.__bench.decodes")
            mine = [sp for sp in spans if key_wall <= sp[0] <= draw_wall]
            out = [t for t in sent if mine and mine[0][0] <= t <= draw_wall]
            got = [d for d in decodes if out and out[0] <= d[0] <= draw_wall]
            if mine and out and got:
                legs.append((mine[0][0] - key_wall, mine[0][1] - mine[0][0], draw_wall - mine[0][1],
                             out[0] - mine[0][0], got[0][0] - out[0], got[0][1] - got[0][0],
                             draw_wall - got[0][1]))
            elif mine and out:  # sent as pixels (what changed): nothing to decode
                legs.append((mine[0][0] - key_wall, mine[0][1] - mine[0][0], draw_wall - mine[0][1],
                             out[0] - mine[0][0], draw_wall - out[0]))
            elif mine:
                legs.append((mine[0][0] - key_wall, mine[0][1] - mine[0][0], draw_wall - mine[0][1]))
    return times


def play(lab: harness.LabPage, ex: dict, figure: str, after_lr: bool = False) -> dict:
    """Play the step slider from its first step to its last; frames drawn and dropped. With
    `after_lr`, Play is clicked as soon as a key press on the learning-rate slider has drawn
    its frame: none of the new run's frames is on the page yet."""
    page = lab.page
    info = lab.kernel_json(
        "{'frames': len(__gdtest_s.options) - 1, 'interval': __gdtest_ex.controls['play'].interval}",
        setup="__gdtest_s = __gdtest_ex.controls['steps']\n__gdtest_s.index = 0\n"
              "__gdtest_ex.controls['play'].value = 0")
    lab.wait_idle()
    lab.wait_canvas_stable(figure, quiet=0.5)
    n0 = page.evaluate("() => window.__bench.draws.length")
    lab.kernel_exec("for v in __gdb.values(): v.clear()")
    if after_lr:  # clicked as soon as the new run's frame is on the screen
        n = page.evaluate("() => window.__bench.draws.length")
        page.locator(f".{ex['controls']['lr']['class']} .noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(n) => window.__bench.draws.length > n", arg=n, timeout=10_000)
    page.locator(f".{ex['controls']['play']['class']} button").first.click()
    t_click = page.evaluate("() => performance.now()")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = lab.kernel_json("[__gdtest_ex.controls['play'].playing, __gdtest_s.index]")
        if not state[0] and state[1] == info["frames"]:
            break
        time.sleep(0.2)
    lab.wait_idle()
    lab.wait_canvas_stable(figure, quiet=0.5)
    # The frames of this Play: drawn after the click while its button showed pause (not the
    # picture of the step Play started from, nor the one the kernel sends again after it).
    drawn = page.evaluate("(n) => window.__bench.draws.slice(n)", n0)
    kernel = lab.kernel_json("{k: list(v) for k, v in __gdb.items()}")
    draws = [d["t"] for d in drawn if d["t"] >= t_click and d["playing"]]
    steps_seen = {d["step"] for d in drawn if d["t"] >= t_click and d["playing"]}
    frames = len(draws)
    span = (draws[-1] - draws[0]) / 1000 if frames > 1 else float("nan")
    nominal = info["frames"] * info["interval"] / 1000
    return {"frames": frames, "steps": info["frames"], "seconds": span, "nominal": nominal,
            "fps": (frames - 1) / span if frames > 1 else 0.0, "distinct": len(steps_seen),
            "dropped": max(0.0, 1 - min(frames, len(steps_seen)) / info["frames"]), "kernel": kernel,
            "first_frame_ms": draws[0] - t_click if draws else float("nan")}


def print_legs(legs: list) -> None:
    """Where a key press's time went, for the presses the kernel drew a frame for (see `measure`)."""
    if not legs:
        print("  every frame was drawn by the page alone (none waited for the kernel)")
        return
    to_k, in_k, back = (statistics.median(x[i] for x in legs) for i in range(3))
    print(f"  medians where the kernel drew it ({len(legs)} presses): key to the handler "
          f"{to_k:.1f} ms, the handler {in_k:.1f} ms, its end to the frame drawn "
          f"{back:.1f} ms (messages, decoding, painting)")
    pixels = [x for x in legs if len(x) == 5]
    if pixels:
        out, wire = (statistics.median(x[i] for x in pixels) for i in range(3, 5))
        print(f"  frames sent to the page's player as what changed ({len(pixels)}): the handler's start "
              f"to the frame sent {out:.1f} ms, sent to drawn {wire:.1f} ms")
    paged = [x for x in legs if len(x) == 7]
    if paged:
        out, wire, dec, draw = (statistics.median(x[i] for x in paged) for i in range(3, 7))
        print(f"  frames sent to the page's player ({len(paged)}): the handler's start to the frame "
              f"sent {out:.1f} ms, sent to the page decoding it {wire:.1f} ms, decoding {dec:.1f} ms, "
              f"decoded to drawn {draw:.1f} ms")


def _ms(values: list[float]) -> str:
    return f"median {1000 * statistics.median(values):.1f} ms" if values else "none"


def report(name: str, times: list[float]) -> float:
    med = statistics.median(times)
    print(f"{name}: median {med:.1f} ms, mean {statistics.mean(times):.1f} ms, "
          f"min {min(times):.1f} ms, max {max(times):.1f} ms, n = {len(times)}")
    print("  " + " ".join(f"{t:.0f}" for t in times))
    return med


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=25, help="key presses per slider (>= 20)")
    parser.add_argument("--plays", type=int, default=3, help="Plays from the first step to the last")
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{v:.1f}' for v in os.getloadavg())} on {os.cpu_count()} cores")
    problem = harness.chromium_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="gdlab-bench-") as tmp:
        base = Path(tmp)
        root = base / "root"
        root.mkdir()
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nb.cells = [
            nbformat.v4.new_code_cell("%matplotlib widget\nimport gdlab as gd"),
            nbformat.v4.new_code_cell(
                "gd.widgets.regression_explorer(gd.make_linear_data(seed=0))"),
        ]
        nbformat.write(nb, root / "bench.ipynb")
        env = harness.isolated_env(base / "env")
        server = harness.start_lab(root, env, base / "jupyterlab.log")
        try:
            with sync_playwright() as pw:
                browser = harness.launch_browser(pw)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                lab = harness.LabPage(page, server)
                t0 = time.perf_counter()
                lab.open("bench.ipynb")
                if not lab.run_all():
                    print("the notebook failed:", lab.problems(), file=sys.stderr)
                    return 1
                lab.wait_widgets_rendered()
                explorers = lab.tag_explorers()
                ex = explorers[0]
                figure = "." + ex["figure"]["class"]
                lab.page.locator(f"{figure} {harness.FIGURE_CANVAS}").first.wait_for()
                print(f"JupyterLab open and notebook run in {time.perf_counter() - t0:.1f} s")
                page.evaluate(HOOK)
                page.evaluate("(sel) => { window.__benchSel = sel; }", {
                    "play": f".{ex['controls']['play']['class']} button i",
                    "steps": f".{ex['controls']['steps']['class']} .widget-readout"})
                lab.kernel_exec(
                    "__gdtest_ex = [o for o in list(get_ipython().user_ns.values()) + list(Out.values())"
                    " if type(o).__name__ == 'RegressionExplorer'][0]")
                lab.kernel_exec(KERNEL_PROBE)
                results = {}
                for name in ("steps", "lr"):
                    slider = "." + ex["controls"][name]["class"]
                    measure(lab, slider, figure, 2)  # warm up: first draws, caches
                    lab.kernel_exec("for v in __gdb.values(): v.clear()")
                    legs: list = []
                    results[name] = report(
                        f"{name} slider, key press to new frame",
                        measure(lab, slider, figure, args.presses, legs))
                    print_legs(legs)
                    k = lab.kernel_json("{k: list(v) for k, v in __gdb.items()}")
                    print(f"  in the kernel: handler {_ms(k['change'])} ({_ms(k['cpu'])} of CPU time; "
                          f"new runs {_ms(k['recompute'])}, "
                          f"artists and readouts {_ms(k['redraw'])}, frame drawn {_ms(k['refresh'])}), "
                          f"PNG encoding {_ms(k['encode'])}, "
                          f"frames sent {statistics.median(k['bytes'] or [0]) / 1024:.0f} KB; "
                          f"frames sent as what changed: encoding {_ms(k['delta'])}, "
                          f"{statistics.median(k['delta_bytes'] or [0]) / 1024:.1f} KB")
                plays = [play(lab, ex, figure) for _ in range(max(1, args.plays))]
                late = play(lab, ex, figure, after_lr=True)
                for i, p in enumerate([*plays, late]):
                    if p is late:
                        print("Play clicked as soon as a learning-rate key press drew its frame:")
                    k = p["kernel"]
                    print(f"Play {i + 1}: {p['frames']} frames drawn ({p['distinct']} steps shown) "
                          f"for {p['steps']} steps in "
                          f"{p['seconds']:.2f} s (nominal {p['nominal']:.2f} s): {p['fps']:.1f} frames/s, "
                          f"{100 * p['dropped']:.0f} % dropped; first frame {p['first_frame_ms']:.0f} ms "
                          "after the click")
                    print(f"  the page missed {len(k['missed'])} frames ({sum(k['missed'])} changes to "
                          "a frame "
                          f"it did not hold); {sum(k['whole'])} of {len(k['whole'])} frames sent as pixels "
                          "were whole")
                    print(f"  in the kernel per frame: handler {_ms(k['change'])}, PNG encoding "
                          f"{_ms(k['encode'])}, {len(k['bytes'])} PNGs of "
                          f"{statistics.median(k['bytes']) / 1024 if k['bytes'] else 0:.0f} KB")
                held = lab.kernel_json("__gdb['held']")
                last = max((g for g, _ in held), default=None)
                size = lab.kernel_json("list(__gdtest_ex.figure.canvas.get_renderer().buffer_rgba().shape)")
                print(f"the page's player holds the step slider's frames of one run: "
                      f"{sum(n for g, n in held if g == last) / 1024:.0f} KB as sent (the background's PNG "
                      f"and each frame's changed pixels), and 3 copies of a {size[1]}×{size[0]} frame as "
                      f"pixels ({3 * size[0] * size[1] * 4 / 2**20:.1f} MB: the background, the frame drawn "
                      "from it, the last frame sent as what changed)")
                if lab.console.errors:
                    print("browser console errors:", lab.console.errors, file=sys.stderr)
                browser.close()
        finally:
            server.stop()
    worst = max(results.values())
    fps = statistics.median(p["fps"] for p in plays)
    dropped = statistics.median(p["dropped"] for p in plays)
    missed = []
    print(f"\ntarget: key press to frame, median <= {TARGET_MS:.0f} ms per slider: "
          f"{'met' if worst <= TARGET_MS else 'MISSED'} (worst median {worst:.1f} ms)")
    print(f"target: Play >= {PLAY_FPS:.0f} frames/s with <= {100 * PLAY_DROPPED:.0f} % dropped: "
          f"{fps:.1f} frames/s, {100 * dropped:.0f} % dropped (median of {len(plays)}): "
          f"{'met' if fps >= PLAY_FPS and dropped <= PLAY_DROPPED else 'MISSED'}")
    if worst > TARGET_MS:
        missed.append("key press to frame")
    if fps < PLAY_FPS or dropped > PLAY_DROPPED:
        missed.append("Play")
    late_met = late["fps"] >= PLAY_FPS and late["dropped"] <= PLAY_DROPPED
    print(f"target: Play clicked right after a change of learning rate, >= {PLAY_FPS:.0f} frames/s with "
          f"<= {100 * PLAY_DROPPED:.0f} % dropped: {late['fps']:.1f} frames/s, "
          f"{100 * late['dropped']:.0f} % dropped: {'met' if late_met else 'MISSED'}")
    if not late_met:
        missed.append("Play after a change")
    print(f"load average at end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
