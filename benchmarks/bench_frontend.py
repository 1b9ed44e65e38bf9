"""Front-end speed in a real JupyterLab: key press to new frame, and Play's frame rate.

    .venv/bin/python benchmarks/bench_frontend.py [--presses 25] [--plays 3]

Starts JupyterLab on 127.0.0.1 (state in a temporary folder), opens a notebook that shows
`gd.widgets.regression_explorer(gd.make_linear_data(seed=0))` in headless Chromium, and:

- key press to frame: for each slider (the step k slider, which only moves artists, and the
  learning-rate slider, which recomputes the run) presses ArrowRight/ArrowLeft in turn. The
  time of one press is from the keydown event in the page to the first drawImage of the new
  frame onto the figure's visible canvas (both on the page's clock, performance.now()). The
  next press waits until the kernel is idle and the canvas has been still for 0.3 s, so
  presses never queue. Target: median <= 50 ms.
- Play: from the first step to the last at Play's nominal interval (40 ms, 25 frames/s); the
  frames drawn on the canvas per second while it plays, and the share of Play's steps that
  never reached the canvas (dropped). Targets: >= 25 frames/s, <= 5 % dropped.
- where a frame's time goes: in the kernel (the handler, the PNG encoding, its size), read
  from the kernel after the run; the rest is messaging and the browser.

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

# In the kernel: time every frame's handler and PNG encoding, and the size of each PNG sent.
KERNEL_PROBE = """
import time as __t
__gdb = {"change": [], "encode": [], "bytes": []}
def __gdb_wrap():
    ex = __gdtest_ex
    canvas = ex.figure.canvas
    enc, send = canvas.get_diff_image, canvas.send_binary
    def timed_encode():
        t = __t.perf_counter(); out = enc(); __gdb["encode"].append(__t.perf_counter() - t); return out
    def sized_send(data):
        __gdb["bytes"].append(len(data)); return send(data)
    canvas.get_diff_image, canvas.send_binary = timed_encode, sized_send
    upd = ex._update
    def timed_update(recompute):
        t = __t.perf_counter(); upd(recompute); __gdb["change"].append(__t.perf_counter() - t)
    ex._update = timed_update
__gdb_wrap()
"""

# Records when anything is drawn onto an ipympl view's visible canvas, and when keys go down.
HOOK = """() => {
    if (window.__bench) return;
    window.__bench = {draws: [], keys: []};
    const draw = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function (...args) {
        const c = this.canvas;
        if (c && c.parentElement && c.parentElement.classList.contains(
                'jupyter-matplotlib-canvas-div') && c === c.parentElement.firstElementChild)
            window.__bench.draws.push({t: performance.now(), cls: c.closest('[class*=gdtest-]')
                && c.closest('[class*=gdtest-]').className});
        return draw.apply(this, args);
    };
    document.addEventListener('keydown', () => window.__bench.keys.push(performance.now()), true);
}"""


def measure(lab: harness.LabPage, slider: str, figure: str, presses: int) -> list[float]:
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
    return times


def play(lab: harness.LabPage, ex: dict, figure: str) -> dict:
    """Play the step slider from its first step to its last; frames drawn and dropped."""
    page = lab.page
    info = lab.kernel_json(
        "{'frames': len(__gdtest_s.options) - 1, 'interval': __gdtest_ex.controls['play'].interval}",
        setup="__gdtest_s = __gdtest_ex.controls['steps']\n__gdtest_s.index = 0\n"
              "__gdtest_ex.controls['play'].value = 0")
    lab.wait_idle()
    lab.wait_canvas_stable(figure, quiet=0.5)
    n0 = page.evaluate("() => window.__bench.draws.length")
    lab.kernel_exec("for v in __gdb.values(): v.clear()")
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
    draws = page.evaluate("(n) => window.__bench.draws.slice(n).map(d => d.t)", n0)
    kernel = lab.kernel_json("{k: list(v) for k, v in __gdb.items()}")
    frames = len(draws)
    span = (draws[-1] - draws[0]) / 1000 if frames > 1 else float("nan")
    nominal = info["frames"] * info["interval"] / 1000
    return {"frames": frames, "steps": info["frames"], "seconds": span, "nominal": nominal,
            "fps": (frames - 1) / span if frames > 1 else 0.0,
            "dropped": max(0.0, 1 - frames / info["frames"]), "kernel": kernel,
            "first_frame_ms": draws[0] - t_click if draws else float("nan")}


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
                lab.kernel_exec(
                    "__gdtest_ex = [o for o in list(get_ipython().user_ns.values()) + list(Out.values())"
                    " if type(o).__name__ == 'RegressionExplorer'][0]")
                lab.kernel_exec(KERNEL_PROBE)
                results = {}
                for name in ("steps", "lr"):
                    slider = "." + ex["controls"][name]["class"]
                    measure(lab, slider, figure, 2)  # warm up: first draws, caches
                    lab.kernel_exec("for v in __gdb.values(): v.clear()")
                    results[name] = report(
                        f"{name} slider, key press to new frame",
                        measure(lab, slider, figure, args.presses))
                    k = lab.kernel_json("{k: list(v) for k, v in __gdb.items()}")
                    print(f"  in the kernel: handler {_ms(k['change'])}, PNG encoding {_ms(k['encode'])}, "
                          f"PNG {statistics.median(k['bytes']) / 1024:.0f} KB")
                plays = [play(lab, ex, figure) for _ in range(max(1, args.plays))]
                for i, p in enumerate(plays):
                    k = p["kernel"]
                    print(f"Play {i + 1}: {p['frames']} frames drawn for {p['steps']} steps in "
                          f"{p['seconds']:.2f} s (nominal {p['nominal']:.2f} s): {p['fps']:.1f} frames/s, "
                          f"{100 * p['dropped']:.0f} % dropped; first frame {p['first_frame_ms']:.0f} ms "
                          "after the click")
                    print(f"  in the kernel per frame: handler {_ms(k['change'])}, PNG encoding "
                          f"{_ms(k['encode'])}, {len(k['bytes'])} PNGs of "
                          f"{statistics.median(k['bytes']) / 1024 if k['bytes'] else 0:.0f} KB")
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
    print(f"load average at end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
