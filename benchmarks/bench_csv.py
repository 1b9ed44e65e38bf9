"""`gd.load_csv` on 10⁶ rows: time and peak memory, in one run; exits 1 when a target is missed.

    python benchmarks/bench_csv.py [--rows 1000000]

Targets (the README's speed table): 10⁶ rows in at most 1 s and 100 MB. The peak is measured twice: by
tracemalloc (Python and numpy allocations) and as the growth of the process's peak resident
memory (VmHWM), in a fresh child process so earlier work does not hide it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _timing import fmt, median_seconds  # noqa: E402

CHILD = """
import sys, tracemalloc
import gdlab as gd

def high_water():  # VmHWM: this process's own peak resident memory (ru_maxrss survives exec)
    line = next(s for s in open("/proc/self/status") if s.startswith("VmHWM"))
    return int(line.split()[1]) * 1024

before = high_water()
tracemalloc.start()
data = gd.load_csv(sys.argv[1])
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(len(data), peak, high_water() - before)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    import gdlab as gd

    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "points.csv"
        np.savetxt(path, np.column_stack([rng.uniform(0, 15, args.rows), rng.normal(size=args.rows)]),
                   delimiter=",", header="x,y", comments="", fmt="%.9g")
        size = path.stat().st_size
        seconds = median_seconds(lambda: gd.load_csv(path), repeat=5)
        out = subprocess.run([sys.executable, "-c", CHILD, str(path)], check=True, capture_output=True,
                             text=True).stdout.split()
    rows, traced, rss = int(out[0]), int(out[1]), int(out[2])
    assert rows == args.rows
    print(f"gd.load_csv, {rows:,} rows ({size / 2**20:.1f} MiB file): median {fmt(seconds)}, "
          f"peak traced {traced / 2**20:.0f} MiB, peak resident growth {rss / 2**20:.0f} MiB")
    missed = []
    for label, value, target, shown in (("time", seconds, 1.0, fmt(seconds)),
                                        ("peak memory", max(traced, rss) / 1e6, 100.0,
                                         f"{max(traced, rss) / 1e6:.0f} MB")):
        ok = value <= target
        print(f"target {label:<12} <= {target:g}{' s' if label == 'time' else ' MB'}: {shown}  "
              f"{'ok' if ok else 'MISSED'}")
        missed += [] if ok else [label]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
