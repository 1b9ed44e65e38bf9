"""Recording a run as it goes: every iterate, or only the steps asked for (`run(..., record=...)`).

Iterates are written to a block of rows; a full block gets its losses computed in one
vectorised call, its first non-finite row found, and only its recorded rows kept. Without
`record` the block is the whole run, so nothing is dropped. Memory for a long run of many
parameters is then the recorded rows plus one block, not every iterate (100,000 steps of 650
parameters would be 520 MB).
"""

from __future__ import annotations

import numpy as np

from . import _checks as check
from .problems import Problem


class Tape:
    """The iterates and losses of a run as it goes, keeping θ only at the recorded steps."""

    def __init__(self, problem: Problem, steps: int, keep: np.ndarray | None):
        self.problem, self.steps, self.keep = problem, steps, keep
        size = steps + 1 if keep is None else min(steps + 1, BLOCK)
        self.block = np.empty((size, problem.dim))
        self.losses = np.empty(steps + 1)
        self.start = self.filled = 0  # block[i] holds θ_(start + i)
        self.kept: list[np.ndarray] = []
        self.diverged_at: int | None = None
        self.last: tuple[np.ndarray, int] | None = None  # the last finite iterate and its step

    def add(self, theta: np.ndarray) -> bool:
        """Append θ_k; False once the run is known to have diverged (then stop adding)."""
        return self.add_rows(np.asarray(theta)[None])

    def add_rows(self, rows: np.ndarray) -> bool:
        """Append the next iterates (shape (m, dim)); False once the run is known to have diverged."""
        i = 0
        while i < len(rows):
            if self.filled == len(self.block):
                self.flush()
                if self.diverged_at is not None:
                    return False
                self.start, self.filled = self.start + len(self.block), 0
            m = min(len(rows) - i, len(self.block) - self.filled)
            self.block[self.filled : self.filled + m] = rows[i : i + m]
            self.filled, i = self.filled + m, i + m
        return True

    def flush(self) -> None:
        """Compute the block's losses, find a divergence in it, keep its recorded rows."""
        if self.diverged_at is not None or not self.filled:
            return
        part, start = self.block[: self.filled], self.start
        losses = self.problem.losses(part)
        bad = np.flatnonzero(~(np.isfinite(losses) & np.isfinite(part).all(axis=1)))
        good = int(bad[0]) if bad.size else len(part)
        self.losses[start : start + good] = losses[:good]
        if bad.size:
            self.diverged_at = start + good
        if self.keep is not None and good:
            lo, hi = np.searchsorted(self.keep, [start, start + good])
            self.kept.append(part[self.keep[lo:hi] - start].copy())
            self.last = (part[good - 1].copy(), start + good - 1)

    def trajectory(self):
        from .running import Trajectory

        end = self.steps + 1 if self.diverged_at is None else self.diverged_at
        losses = self.losses[:end].copy() if end < len(self.losses) else self.losses
        if self.keep is None:
            return Trajectory(self.block[:end].copy() if end < len(self.block) else self.block,
                              losses, self.steps, self.diverged_at)
        steps = self.keep[self.keep < end]
        params = np.concatenate(self.kept) if self.kept else np.empty((0, self.problem.dim))
        if self.last is not None and (not steps.size or steps[-1] != self.last[1]):
            steps = np.append(steps, self.last[1])
            params = np.vstack([params, self.last[0]])
        return Trajectory(params, losses, self.steps, self.diverged_at, recorded_steps=steps)


BLOCK = 256  # iterates held at once when `record` is given: 256 × 650 parameters = 1.3 MB


def record_steps(record: object, steps: int) -> np.ndarray | None:
    """`record` checked: None, or a strictly increasing integer array within 0..steps."""
    if record is None:
        return None
    try:
        keep = np.asarray(record)
    except (TypeError, ValueError):
        keep = np.array(None)
    if keep.ndim != 1 or (keep.size and keep.dtype.kind not in "iu"):
        raise TypeError(f"record must be an increasing sequence of whole steps, got {check.show(record)}")
    keep = keep.astype(np.int64)
    if keep.size and (keep[0] < 0 or keep[-1] > steps):
        raise ValueError(f"record must hold steps in 0..{steps}, got {check.show(record)}")
    if np.any(np.diff(keep) <= 0):
        raise ValueError(f"record must be strictly increasing, got {check.show(record)}")
    return keep


def show_steps(steps: np.ndarray) -> str:
    shown = ", ".join(str(int(k)) for k in steps[:4])
    return shown + (f", ..., {int(steps[-1])}" if len(steps) > 5 else
                    "".join(f", {int(k)}" for k in steps[4:]))
