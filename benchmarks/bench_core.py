"""The seed listing against gdlab's run and exact_trajectory, in one run; prints medians and ratios.

    python benchmarks/bench_core.py            # full run, about a minute
    python benchmarks/bench_core.py --quick    # fewer repeats

Targets (DESIGN.md): θ after 100k steps on the seed's task <= 1 ms; all 100,001 iterates
<= 15 ms; the whole `python -m gdlab` process <= 0.3 s.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    listing = _listing()

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
    for label, value, target in (
        ("θ after 100k steps (exact)", seed["final"], 1e-3),
        ("all 100,001 iterates (exact)", seed["all"], 15e-3),
        ("`.venv/bin/python -m gdlab`, whole process", t_cli, 0.3),
    ):
        verdict = "ok" if value <= target else "MISSED"
        print(f"target {label:<34} <= {fmt(target):>7}: {fmt(value):>8}  {verdict}")


if __name__ == "__main__":
    main()
