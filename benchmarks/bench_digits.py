"""Softmax regression on the 1,797 digits: gradient, full-data losses, the notebook's run, memory.

    python benchmarks/bench_digits.py            # with a 100,000-step recorded run, ~15 s
    python benchmarks/bench_digits.py --quick    # 20,000 steps for the memory line

Targets (the notebook 10 issue): the full-batch gradient on 1,347 × 64 in ~100 µs; notebook 10
under nbval within ~10 s; a long run of 650 parameters in bounded memory with `record=`.
Multi-threaded BLAS on busy shared cores can make the matrix products several times slower:
compare with OPENBLAS_NUM_THREADS=1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

import gdlab as gd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import fmt, median_seconds  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a shorter recorded run")
    args = parser.parse_args()
    train, test = gd.load_digits().split(test_fraction=0.25, seed=0)
    problem = gd.SoftmaxRegression(train)
    theta = np.random.default_rng(0).normal(scale=0.1, size=problem.dim)
    batch = np.arange(32)
    params = theta + np.random.default_rng(1).normal(scale=0.1, size=(1291, problem.dim))
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}")
    print(f"grad, all {len(train)} images:   {fmt(median_seconds(lambda: problem.grad(theta), 200))}")
    print(f"loss, all {len(train)} images:   {fmt(median_seconds(lambda: problem.loss(theta), 200))}")
    print(f"grad, a batch of 32:       {fmt(median_seconds(lambda: problem.grad(theta, batch), 500))}")
    per_row = median_seconds(lambda: problem.losses(params), 5) / len(params)
    print(f"losses, per iterate:       {fmt(per_row)}")

    batches = -(-len(train) // 32)
    t = median_seconds(lambda: gd.run(problem, gd.adam(0.01), np.zeros(problem.dim), 30 * batches,
                                      batch_size=32, seed=0), 3)
    print(f"notebook 10's run (Adam, 32 a batch, {30 * batches} steps): {fmt(t)}")

    steps = 20_000 if args.quick else 100_000
    tracemalloc.start()
    start = time.perf_counter()
    traj = gd.run(problem, gd.adam(0.01), np.zeros(problem.dim), steps, batch_size=32, seed=0,
                  record=range(0, steps + 1, 1000))
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    every = (steps + 1) * problem.dim * 8
    print(f"{steps:,} steps, θ recorded every 1,000: {seconds:.1f} s, peak {peak / 1e6:.1f} MB "
          f"(every iterate would be {every / 1e6:.0f} MB); held-out accuracy "
          f"{problem.accuracy(traj.final_params, test):.1%}")


if __name__ == "__main__":
    main()
