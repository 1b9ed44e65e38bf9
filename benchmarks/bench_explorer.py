"""How long a slider move takes to become a redrawn explorer frame, measured in the kernel process.

    python benchmarks/bench_explorer.py [--changes 60]

Three measurements on the regression explorer (100 points, 100,000-step slider), for `lr`
changes and for `steps` changes, each the median over many control changes:

- live: ipympl's canvas, its front end simulated (the messages a browser sends when it opens
  the figure); a change runs the callback, blits the moving artists and encodes the PNG frame
  ipympl sends to the browser. This is "a control change to a frame ready to send".
- draw only: the same update drawn into an Agg canvas, without the PNG for a browser.
- baseline: `ipywidgets.interactive` (the machinery of `interact`) calling a function that
  draws the same three panels from scratch and renders them as the inline backend does
  (`print_figure(fig, "png", bbox_inches="tight")`).

Timings on a shared machine are noisy: compare the ratio within one run, not across runs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import time
import warnings

import numpy as np

TARGET_MS = 15.0


def _median_ms(fn, values, changes: int) -> float:
    times = []
    for i in range(changes):
        v = values[i % len(values)]
        t0 = time.perf_counter()
        fn(v)
        times.append(time.perf_counter() - t0)
    return 1000.0 * statistics.median(times)


def _values(ex):
    from gdlab.explorers.controls import snap_lr

    lrs = [snap_lr(ex.lr_limit * f) for f in np.geomspace(0.02, 0.9, 17)]
    grid = ex.step_grid
    # Walk the step grid back and forth, as a drag or Play does.
    steps = grid[len(grid) // 3 :] + grid[len(grid) // 3 :][::-1]
    return lrs, steps


def bench_gdlab(display: str, changes: int) -> dict[str, float]:
    import gdlab as gd
    from gdlab import widgets

    ex = widgets.regression_explorer(gd.make_linear_data(seed=0), steps=1000, display=display)
    canvas = ex.figure.canvas
    if display == "live":
        # What the browser sends when the figure appears: then every change sends a frame.
        for msg in ({"type": "initialized"}, {"type": "refresh"}, {"type": "draw"}):
            canvas._handle_message(canvas, msg, [])
    else:
        canvas.draw()
    lrs, steps = _values(ex)
    c = ex.controls
    out = {}
    out["lr"] = _median_ms(lambda v: setattr(c["lr"], "value", v), lrs, changes)
    out["steps"] = _median_ms(lambda v: setattr(c["steps"], "value", v), steps, changes)
    c["steps"].value = 100_000
    out["lr, k = 100,000"] = _median_ms(lambda v: setattr(c["lr"], "value", v), lrs, changes)
    ex.close()
    return out


def bench_baseline(changes: int) -> dict[str, float]:
    """interact + inline: redraw the whole figure and render a PNG on every change."""
    import ipywidgets as W
    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure

    import gdlab as gd

    data = gd.make_linear_data(seed=0)
    problem = gd.LinearRegression(data)
    limit = problem.lr_limit()
    (w0, w1), (b0, b1) = problem.bounds
    ws, bs = np.linspace(w0, w1, 120), np.linspace(b0, b1, 120)

    def show(lr: float, k: int) -> None:
        traj = gd.exact_trajectory(problem, lr, [0.0, 0.0], k)
        params = traj.params
        fig, (a1, a2, a3) = plt.subplots(1, 3, figsize=(13, 5))
        a1.scatter(data.x, data.y, s=20, color="grey")
        w, b = params[-1]
        xs = np.array([data.x.min(), data.x.max()])
        a1.plot(xs, w * xs + b, lw=3)
        a2.contour(ws, bs, problem.loss_grid(ws, bs), levels=12)
        a2.plot(params[:, 0], params[:, 1], lw=2)
        a2.set_xlim(w0, w1)
        a2.set_ylim(b0, b1)
        a3.plot(np.arange(len(traj.losses)), traj.losses)
        a3.set_yscale("log")
        for a in (a1, a2, a3):
            a.set_xlabel("x")
        print_figure(fig, "png", bbox_inches="tight")  # what the inline backend sends
        plt.close(fig)

    lr = W.FloatLogSlider(value=widgets_snap(0.4 * limit), base=10, min=np.log10(limit) - 3,
                          max=np.log10(limit) + 0.5, step=0.01)
    k = W.IntSlider(value=1000, min=0, max=100_000)
    ui = W.interactive(show, lr=lr, k=k)
    lrs = [widgets_snap(limit * f) for f in np.geomspace(0.02, 0.9, 17)]
    ks = [int(v) for v in np.unique(np.round(np.geomspace(10, 100_000, 60)))]
    out = {}
    # Without a kernel the Output widget writes terminal control codes to stdout: drop them.
    with contextlib.redirect_stdout(io.StringIO()):
        out["lr"] = _median_ms(lambda v: setattr(ui.children[0], "value", v), lrs,
                               max(10, changes // 3))
        out["steps"] = _median_ms(lambda v: setattr(ui.children[1], "value", v), ks,
                                  max(10, changes // 3))
    return out


def widgets_snap(value: float) -> float:
    return float(10.0 ** round(np.log10(value), 2))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=60, help="control changes per measurement")
    args = parser.parse_args(argv)
    os.environ.pop("GDLAB_DISPLAY", None)
    warnings.simplefilter("ignore", DeprecationWarning)  # ipympl's own, without a front end

    import matplotlib

    matplotlib.use("Agg")
    with contextlib.redirect_stdout(io.StringIO()):
        baseline = bench_baseline(args.changes)
    draw_only = bench_gdlab("static", args.changes)
    matplotlib.use("module://ipympl.backend_nbagg")
    live = bench_gdlab("live", args.changes)

    print(f"regression explorer, median of {args.changes} control changes (ms)")
    print(f"{'change':<18}{'live (ipympl)':>15}{'draw only':>12}{'baseline':>11}{'ratio':>8}")
    for name in ("lr", "steps", "lr, k = 100,000"):
        base = baseline.get(name if name != "lr, k = 100,000" else "lr")
        ratio = base / live[name]
        print(f"{name:<18}{live[name]:>15.1f}{draw_only[name]:>12.1f}{base:>11.1f}{ratio:>7.1f}x")
    print("baseline: ipywidgets.interactive + full redraw + inline-backend PNG; "
          "ratio = baseline / live. Target: live median <= 15 ms.")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    missed = [name for name, ms in live.items() if ms > TARGET_MS]
    for name in missed:
        print(f"MISSED: {name} change {live[name]:.1f} ms > {TARGET_MS:.0f} ms")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
