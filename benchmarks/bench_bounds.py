"""Explorers' worst cases, in the kernel: the slowest control change, memory over many changes and re-runs.

    python benchmarks/bench_bounds.py [--changes 2000] [--quick] [--only EXPLORER ...]

Every explorer is driven in static display mode with its image shown, so each frame is really
rendered and encoded, inside an asyncio event loop as in a Jupyter kernel (long runs are then
computed in pieces between changes, as there). Measured:

- an adversarial sweep: every explorer and optimizer, the learning rate at its slider's ends,
  just below, at and just past the stability limit, the step slider at 0, half way and its
  end, and explorers built with large `max_steps`: the slowest single change (wall clock and
  CPU time of the change), and the longest the event loop was blocked by the work left for
  later (while a progress bar shows);
- memory (RSS) that the sweep adds (counted from after a warm-up: each explorer built, changed
  once and closed, so first-use costs such as imports and caches are not counted), and over
  `--changes` random changes on each explorer (after a warm-up of its own);
- memory and live widgets after 30 re-runs of an explorer cell in an IPython shell.

Targets (the README's speed table): a change ≤ 0.15 s; nothing blocks the kernel > 0.5 s; memory ≤ +50 MB.
Changes and blocks are judged on the CPU time of the kernel's thread (what the explorer's own
work takes); wall clock is printed too, and moves with the machine's load (printed). Building
an explorer (its cell is running, the notebook shows it busy) is reported, not judged.
Exits with status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import io
import os
import sys
import time
import warnings

import ipywidgets as W
import numpy as np

CHANGE_TARGET = 0.15
BLOCK_TARGET = 0.5
MEMORY_TARGET_MB = 50.0


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Heartbeat:
    """The longest the event loop went without running this task: how long the kernel was blocked.

    `worst` in CPU time of this thread (what the explorer's work took), `worst_wall` in wall
    clock (which also counts the time the machine ran other processes).
    """

    def __init__(self):
        self.worst = self.worst_wall = 0.0
        self._task = None

    async def _beat(self):
        last, last_cpu = time.perf_counter(), time.thread_time()
        while True:
            await asyncio.sleep(0)
            now, cpu = time.perf_counter(), time.thread_time()
            self.worst_wall = max(self.worst_wall, now - last)
            self.worst = max(self.worst, cpu - last_cpu)
            last, last_cpu = now, cpu

    def start(self):
        self.worst = self.worst_wall = 0.0
        self._task = asyncio.get_running_loop().create_task(self._beat())

    async def stop(self):
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass


async def settle(ex) -> None:
    """Let the background work of `ex` finish (it runs between the loop's other events); for the
    digits explorer, its run in a thread (polled on the loop)."""
    while ex._worker.busy or getattr(getattr(ex, "_runs", None), "job", None) is not None:
        await asyncio.sleep(0 if ex._worker.busy else 0.01)


class Worst:
    def __init__(self):
        self.wall = self.cpu = self.block = self.block_wall = self.build = self.build_wall = (0.0, "")
        self.n = 0
        self.changes: list[float] = []

    def note(self, wall: float, cpu: float, what: str) -> None:
        self.n += 1
        self.changes.append(cpu)
        if wall > self.wall[0]:
            self.wall = (wall, what)
        if cpu > self.cpu[0]:
            self.cpu = (cpu, what)


async def change(worst: Worst, ex, name: str, value, what: str, beat: Heartbeat) -> None:
    widget = ex.controls[name]
    t0, c0 = time.perf_counter(), time.thread_time()
    widget.value = value
    worst.note(time.perf_counter() - t0, time.thread_time() - c0, f"{what}: {name} = {value!r:.12}")
    beat.start()
    await settle(ex)
    await beat.stop()
    if beat.worst > worst.block[0]:
        worst.block = (beat.worst, f"{what}: {name} = {value!r:.12}")
    if beat.worst_wall > worst.block_wall[0]:
        worst.block_wall = (beat.worst_wall, f"{what}: {name} = {value!r:.12}")


def ends(widget) -> list:
    """The smallest and largest value a control offers (a SelectionSlider's first and last option)."""
    if isinstance(widget, W.SelectionSlider):
        return [widget.options[0][1], widget.options[-1][1]]
    if isinstance(widget, W.FloatLogSlider):
        return [widget.base**widget.min, widget.base**widget.max]
    if isinstance(widget, W.Dropdown):
        opts = widget.options
        return [v for _, v in opts] if isinstance(opts[0], tuple) else list(opts)
    return [widget.min, widget.max]


def lr_positions(widget, limit: float | None) -> list[float]:
    """A learning-rate slider's ends, and where they exist half, just below, on and just past the limit."""
    lo, hi = ends(widget)
    values = [v for _, v in widget.options]
    out = [lo, hi]
    if limit is not None:
        for f in (0.5, 0.999, 1.0036, 1.5):
            if lo <= f * limit <= hi:
                out.append(min(values, key=lambda v: abs(np.log(v / (f * limit)))))
    return out


def limit_of(ex, name: str) -> float | None:
    """The stability limit the explorer shows for the lr slider `name` (the selected optimizer's)."""
    if name == "lr":
        limit = ex.current.get("lr_limit") or getattr(ex, "lr_limit", None)
        return float(limit) if limit else None
    run = ex.current.get("runs", {}).get(name.removeprefix("lr_"), {})
    return float(run["lr_limit"]) if run.get("lr_limit") else None


def explorers(quick: bool):
    import gdlab as gd
    from gdlab import widgets

    data = gd.make_linear_data(seed=0)
    big = 10**5 if quick else 10**6
    yield "regression", lambda: widgets.regression_explorer(data)
    yield f"regression, max_steps={10 * big:,}", lambda: widgets.regression_explorer(data, max_steps=10 * big)
    yield "race (rosenbrock, 5 optimizers)", lambda: widgets.optimizer_race(
        "rosenbrock", ("gd", "momentum", "adagrad", "rmsprop", "adam"), steps=200)
    yield f"race (regression), max_steps={big:,}", lambda: widgets.optimizer_race(
        data, ("gd", "momentum", "adam"), steps=200, max_steps=big)
    yield "minibatch", lambda: widgets.minibatch_explorer(data, steps=200)
    yield f"minibatch, max_steps={big:,}", lambda: widgets.minibatch_explorer(data, steps=200, max_steps=big)
    yield "logistic", lambda: widgets.logistic_explorer(steps=300)
    yield f"logistic, max_steps={big:,}", lambda: widgets.logistic_explorer(steps=300, max_steps=big)
    yield "1-D", lambda: widgets.descent_1d_explorer("double well")
    yield "gradient check", lambda: widgets.gradient_check_explorer()
    train, test = gd.load_digits().split(test_fraction=0.25, seed=0)
    yield "digits", lambda: widgets.digits_explorer(train, test)


async def sweep(quick: bool) -> Worst:
    worst = Worst()
    beat = Heartbeat()
    for label, build in explorers(quick):
        t0, c0 = time.perf_counter(), time.thread_time()
        ex = build()
        assert ex.widget is not None  # shown: each frame is rendered and encoded into its image
        wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
        if cpu > worst.build[0]:
            worst.build = (cpu, label)
        if wall > worst.build_wall[0]:
            worst.build_wall = (wall, label)
        await settle(ex)
        c = ex.controls
        steps = "steps" in c
        optimizers = [o[1] for o in c["optimizer"].options] if "optimizer" in c else [None]
        lrs = [n for n in c if n in ("lr", "h") or n.startswith("lr_")]
        for opt in optimizers:
            what = f"{label} ({opt or 'its optimizers'})"
            if opt is not None:
                await change(worst, ex, "optimizer", opt, what, beat)
            if steps:
                await change(worst, ex, "steps", ex.step_grid[-1], what, beat)
            for name in lrs:
                for value in lr_positions(c[name], limit_of(ex, name)):
                    await change(worst, ex, name, value, what, beat)
                    if steps:  # the step slider's ends and middle at that lr
                        for k in (0, ex.step_grid[len(ex.step_grid) // 2], ex.step_grid[-1]):
                            await change(worst, ex, "steps", k, what, beat)
        for name, widget in c.items():  # every other control to its ends (every choice of a menu)
            if name in ("play", "speed", "steps", "optimizer") or name in lrs:
                continue
            if not (hasattr(widget, "max") or isinstance(widget, W.Dropdown)):
                continue
            for value in ends(widget):
                await change(worst, ex, name, value, label, beat)
                if steps:
                    await change(worst, ex, "steps", ex.step_grid[-1], label, beat)
        ex.close()
    return worst


async def random_changes(build, n: int, seed: int = 0) -> tuple[float, float]:
    """RSS (MB) after a warm-up and after n random control changes, background work let run."""
    rng = np.random.default_rng(seed)
    ex = build()
    assert ex.widget is not None
    c = ex.controls
    names = [k for k, w in c.items()
             if k not in ("play", "speed") and (hasattr(w, "max") or hasattr(w, "options"))]

    def pick(widget):
        if isinstance(widget, W.SelectionSlider):  # the step slider, and learning rates
            return widget.options[rng.integers(len(widget.options))][1]
        if hasattr(widget, "base"):
            return float(widget.base ** round(rng.uniform(widget.min, widget.max), 2))
        if hasattr(widget, "options") and not hasattr(widget, "max"):
            opts = widget.options
            o = opts[rng.integers(len(opts))]
            return o[1] if isinstance(o, tuple) else o
        if isinstance(widget.value, int) and not isinstance(widget.value, bool):
            return int(rng.integers(widget.min, widget.max + 1))
        if hasattr(widget, "options"):  # the step slider
            return widget.options[rng.integers(len(widget.options))][1]
        steps = round((widget.max - widget.min) / widget.step)
        return round(widget.min + widget.step * int(rng.integers(steps + 1)), 10)

    async def run(k):
        for i in range(k):
            name = "steps" if i % 2 and "steps" in c else names[rng.integers(len(names))]
            c[name].value = pick(c[name])
            await asyncio.sleep(0)
        await settle(ex)

    await run(min(200, n // 5))
    gc.collect()
    before = rss_mb()
    await run(n)
    gc.collect()
    after = rss_mb()
    ex.close()
    return before, after


def reruns(n: int = 30) -> tuple[float, float, int, int, list]:
    """RSS and live widgets before and after re-running one explorer cell n times (IPython, cell ids)."""
    import ipywidgets as W
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.displayhook.write_output_prompt = lambda: None  # keep the report readable
    shell.displayhook.write_format_data = lambda *a, **k: None
    shell.run_cell("import gdlab as gd\ndata = gd.make_linear_data(seed=0)", cell_id="setup")
    # An IPython shell without a front end prints each explorer's widget as text: not shown.
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("always", RuntimeWarning)
        shell.run_cell("gd.widgets.regression_explorer(data)", cell_id="cell")
        gc.collect()
        before, w_before = rss_mb(), len(W.widgets.widget._instances)
        for _ in range(n):
            shell.run_cell("gd.widgets.regression_explorer(data)", cell_id="cell").raise_error()
        gc.collect()
        after, w_after = rss_mb(), len(W.widgets.widget._instances)
    return before, after, w_before, w_after, [str(w.message)[:80] for w in caught]


def warm_up(quick: bool) -> None:
    """Each explorer built, changed once and closed: what a first use costs (imports, font and
    glyph caches, the digits data, numpy's and Agg's first buffers) is not counted as what the
    sweep's positions add."""

    async def once():
        for _, build in explorers(quick):
            ex = build()
            assert ex.widget is not None
            name = next(k for k in ex.controls if k not in ("play", "speed"))
            control = ex.controls[name]
            control.value = ends(control)[-1]
            await settle(ex)
            ex.close()

    asyncio.run(once())
    gc.collect()


def report_sweep(quick: bool, missed: list) -> None:
    """The adversarial sweep: its slowest change and block, and the memory it added."""
    first = rss_mb()
    warm_up(quick)
    start_rss = rss_mb()
    print(f"\nmemory before the sweep: {first:.0f} MB, {start_rss:.0f} MB after each explorer was "
          "built, changed once and closed")
    t0 = time.perf_counter()
    worst = asyncio.run(sweep(quick))
    gc.collect()
    sweep_rss = rss_mb()
    print(f"\nadversarial sweep: {worst.n} changes on {sum(1 for _ in explorers(quick))} explorers "
          f"in {time.perf_counter() - t0:.0f} s (static display, each frame rendered)")
    print(f"  slowest change, CPU time:   {worst.cpu[0]:.3f} s  ({worst.cpu[1]})")
    print(f"  slowest change, wall clock: {worst.wall[0]:.3f} s  ({worst.wall[1]})")
    print(f"  median change, CPU time:    {1000 * float(np.median(worst.changes)):.1f} ms")
    print(f"  longest the kernel was blocked by work done later (progress bar shown), CPU time: "
          f"{worst.block[0]:.3f} s  ({worst.block[1]})")
    print(f"    ... wall clock: {worst.block_wall[0]:.3f} s  ({worst.block_wall[1]})")
    print(f"  slowest build of an explorer (its cell running), CPU time: {worst.build[0]:.3f} s "
          f"({worst.build[1]}); wall clock {worst.build_wall[0]:.3f} s ({worst.build_wall[1]})")
    print(f"  memory: {start_rss:.0f} MB at start, {sweep_rss:.0f} MB after the sweep "
          f"(+{sweep_rss - start_rss:.0f} MB)")
    if worst.cpu[0] > CHANGE_TARGET:
        missed.append(f"slowest change {worst.cpu[0]:.3f} s CPU > {CHANGE_TARGET} s")
    if worst.block[0] > BLOCK_TARGET:
        missed.append(f"kernel blocked {worst.block[0]:.3f} s > {BLOCK_TARGET} s")
    if sweep_rss - start_rss > MEMORY_TARGET_MB:
        missed.append(f"sweep added {sweep_rss - start_rss:.0f} MB > {MEMORY_TARGET_MB:.0f} MB")


def report_memory(changes: int, only: list | None, missed: list) -> None:
    """Memory over `changes` random changes on each explorer (or those named in `only`)."""
    import gdlab as gd
    from gdlab import widgets

    data = gd.make_linear_data(seed=0)
    train, test = gd.load_digits().split(test_fraction=0.25, seed=0)
    print(f"\nmemory over {changes:,} random changes (after a warm-up), RSS in MB:")
    for label, build in (
        ("regression", lambda: widgets.regression_explorer(data)),
        ("race", lambda: widgets.optimizer_race("rosenbrock", ("gd", "momentum", "adam"), steps=200)),
        ("minibatch", lambda: widgets.minibatch_explorer(data, steps=200)),
        ("logistic", lambda: widgets.logistic_explorer(steps=300)),
        ("1-D", lambda: widgets.descent_1d_explorer("double well")),
        ("gradient check", lambda: widgets.gradient_check_explorer()),
        ("digits", lambda: widgets.digits_explorer(train, test)),
    ):
        if only and label not in only:
            continue
        t = time.perf_counter()
        before, after = asyncio.run(random_changes(build, changes))
        grown, took = after - before, time.perf_counter() - t
        print(f"  {label:<14} {before:6.0f} -> {after:6.0f}  ({grown:+.1f} MB, {took:.0f} s)")
        if grown > MEMORY_TARGET_MB:
            missed.append(f"{label}: +{grown:.0f} MB over {changes} changes")


def report_reruns(missed: list) -> None:
    before, after, w_before, w_after, caught = reruns(30)
    print(f"\n30 re-runs of an explorer cell (IPython shell, cell ids): RSS {before:.0f} -> {after:.0f} MB "
          f"({after - before:+.1f} MB), live widgets {w_before} -> {w_after}, "
          f"figure-count warnings: {sum('figures' in w for w in caught)}")
    if after - before > MEMORY_TARGET_MB or w_after != w_before or any("figures" in w for w in caught):
        missed.append("re-runs leave memory, widgets or figure warnings behind")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=None,
                        help="random changes per explorer (2000; 200 with --quick)")
    parser.add_argument("--quick", action="store_true", help="smaller max_steps (and 200 changes)")
    parser.add_argument("--only", nargs="+", metavar="EXPLORER",
                        help="memory over random changes for these explorers alone (no sweep, no re-runs)")
    args = parser.parse_args(argv)
    if args.changes is None:
        args.changes = 200 if args.quick else 2000
    os.environ.pop("GDLAB_DISPLAY", None)
    warnings.simplefilter("ignore", DeprecationWarning)
    import matplotlib

    matplotlib.use("Agg")
    from gdlab.explorers import background, digits

    # As in a kernel: long runs are computed between events on the running loop, and the digits
    # explorer computes a new setting in a thread, polled on the loop.
    background.in_kernel = digits.in_kernel = lambda: True

    missed: list = []
    print(f"load average at start: {' '.join(f'{v:.1f}' for v in os.getloadavg())} on {os.cpu_count()} cores")
    if not args.only:
        report_sweep(args.quick, missed)
    report_memory(args.changes, args.only, missed)
    if not args.only:
        report_reruns(missed)
    print(f"\nload average at end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    for m in missed:
        print(f"MISSED: {m}")
    print("all targets met" if not missed else f"{len(missed)} target(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
