"""The seed listing against gdlab's run and exact_trajectory, in one run; prints medians and ratios.

    python benchmarks/bench_core.py            # full run, about a minute
    python benchmarks/bench_core.py --quick    # fewer repeats

Targets (the README's speed table): θ after 100k steps on the seed's task <= 1 ms; all 100,001 iterates
<= 15 ms; the whole `python -m gdlab` process <= 0.3 s; `gd.run`, any optimizer, 100k steps on
the regression (100 points) <= 0.15 s and at least 10x the listing measured side by side (on
the same 100 points, and on its own 16 points). Run times are judged on CPU time (the process's),
which moves less than wall clock with the machine's load; both are printed, with the load.
Exits with status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import gdlab as gd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _timing import fmt, median_seconds  # noqa: E402

LR, STEPS = 1e-4, 100_000


def _listing():
    spec = importlib.util.spec_from_file_location("seed_listing", HERE / "seed_listing.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def time_task(listing, data: gd.Dataset, lr: float, listing_steps: int, repeat: int) -> dict:
    """Medians for one data set: the listing (scaled from `listing_steps`), run, and the closed form."""
    points = np.column_stack([data.x, data.y])
    problem = gd.LinearRegression(data)
    t = median_seconds(lambda: listing.gd_runner(points, 0, 0, lr, listing_steps), repeat=repeat, warmup=0)
    return {
        "listing": t * STEPS / listing_steps,
        "run": median_seconds(lambda: gd.run(problem, gd.sgd(lr), [0, 0], STEPS), repeat=repeat),
        "final": median_seconds(lambda: gd.exact_trajectory(problem, lr, [0, 0], STEPS).final_params, 200),
        "all": median_seconds(lambda: gd.exact_trajectory(problem, lr, [0, 0], STEPS).params, 20),
    }


def cpu_seconds(fn, repeat: int = 3) -> tuple[float, float]:
    """(median CPU time, median wall time) of fn() over `repeat` runs, after one warm-up."""
    fn()
    cpu, wall = [], []
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall)


def optimizers_against_listing(listing, repeat: int) -> list[str]:
    """gd.run for every optimizer, 100k steps on the regression, beside the listing; misses."""
    data = gd.make_linear_data(n=100, seed=0)
    problem = gd.LinearRegression(data)
    limit = problem.lr_limit()
    points16 = np.array(listing.data())
    points100 = np.column_stack([data.x, data.y])
    # The listing is pure Python per point: timed on 20,000 and 4,000 steps, scaled to 100,000.
    l16 = cpu_seconds(lambda: listing.gd_runner(points16, 0, 0, LR, 20_000), 1)
    l100 = cpu_seconds(lambda: listing.gd_runner(points100, 0, 0, LR / 10, 4_000), 1)
    l16 = (l16[0] * 5, l16[1] * 5)
    l100 = (l100[0] * 25, l100[1] * 25)
    lrs = {"gd": 0.45 * limit, "momentum": 0.1 * limit, "nesterov": 0.1 * limit, "adagrad": 0.5,
           "rmsprop": 0.01, "adam": 0.05}
    print(f"\ngd.run, 100,000 steps on the regression (100 points), every iterate kept; medians of {repeat}")
    print(f"the listing (100k steps, scaled): {l100[0]:.2f} s CPU on the same 100 points, "
          f"{l16[0]:.2f} s CPU on its own 16 points")
    head = (f"{'optimizer':<10}{'CPU':>9}{'wall':>9}{'x listing (100 pts)':>21}{'x listing (16 pts)':>20}"
            "  float path")
    print(head)
    print("-" * len(head))
    missed = []
    from gdlab.optimizers import make_optimizer
    from gdlab.stepping import Loop

    for name, lr in lrs.items():
        opt = make_optimizer(name, lr)
        cpu, wall = cpu_seconds(lambda opt=opt: gd.run(problem, opt, [0.0, 0.0], STEPS), repeat)
        floats = Loop(problem, opt, np.zeros(2)).floats
        print(f"{name:<10}{fmt(cpu):>9}{fmt(wall):>9}{l100[0] / cpu:>20.1f}x{l16[0] / cpu:>19.1f}x  {floats}")
        if cpu > 0.15 or l16[0] / cpu < 10:
            missed.append(f"gd.run {name}: {cpu:.3f} s CPU, {l16[0] / cpu:.1f}x the 16-point listing")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    listing = _listing()
    print(f"load average at start: {' '.join(f'{v:.1f}' for v in os.getloadavg())} on {os.cpu_count()} cores")

    # Correctness of what is timed: the listing's answer on its own points equals gdlab's.
    np.random.seed(0)
    points = np.array(listing.data())
    seed_data = gd.seed_points(0)
    b_l, w_l = listing.gd_runner(points, 0, 0, LR, 1000)
    w_g, b_g = gd.exact_trajectory(gd.LinearRegression(seed_data), LR, [0, 0], 1000).final_params
    assert abs(w_l - w_g) <= 1e-9 * abs(w_l) and abs(b_l - b_g) <= 1e-9 * abs(b_l)

    # The listing is O(N) pure Python per step: on larger data it is timed on fewer steps and scaled.
    tasks = [
        ("16 points, the seed's task", seed_data, LR, STEPS),
        ("100 points", gd.make_linear_data(n=100, seed=0), LR / 10, 2_000),
        ("10,000 points", gd.make_linear_data(n=10_000, seed=0), LR / 10, 20),
    ]
    rows = [(name, steps, time_task(listing, data, lr, steps, repeat)) for name, data, lr, steps in tasks]
    t_cli = median_seconds(
        lambda: subprocess.run([sys.executable, "-m", "gdlab"], check=True, capture_output=True), repeat=7
    )

    print(f"100,000 steps of plain GD from (0, 0), lr {LR:g} on 16 points and {LR / 10:g} on more; medians")
    head = f"{'data':<28}{'seed listing':>14}{'gd.run':>12}{'exact θ_K':>12}{'exact all':>12}"
    print(head)
    print("-" * len(head))
    for name, _, t in rows:
        print(f"{name:<28}{fmt(t['listing']):>14}{fmt(t['run']):>12}{fmt(t['final']):>12}{fmt(t['all']):>12}")
    print("(listing on 100 and 10,000 points: timed on 2,000 and 20 steps, scaled to 100,000)")
    print()
    for name, _, t in rows:
        print(f"{name}: gd.run {t['listing'] / t['run']:,.1f}x faster than the listing, "
              f"exact θ_K {t['listing'] / t['final']:,.0f}x, all iterates {t['listing'] / t['all']:,.0f}x")
    print()
    seed = rows[0][2]
    missed = optimizers_against_listing(listing, repeat)
    print()
    for label, value, target in (
        ("θ after 100k steps (exact)", seed["final"], 1e-3),
        ("all 100,001 iterates (exact)", seed["all"], 15e-3),
        ("`.venv/bin/python -m gdlab`, whole process", t_cli, 0.3),
    ):
        verdict = "ok" if value <= target else "MISSED"
        if value > target:
            missed.append(label)
        print(f"target {label:<34} <= {fmt(target):>7}: {fmt(value):>8}  {verdict}")
    for m in missed:
        print(f"MISSED: {m}")
    print(f"load average at end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
