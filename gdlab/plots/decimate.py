"""Lines with no more vertices than their panel can show, drawn the same as the full ones.

Agg's cost grows with a line's vertices and the length its strokes sweep: a diverging
50,000-step zig-zag drawn whole took seconds and a gigabyte that the process kept. So:

- `PathSketch`: a 2-D path on a panel, fed in pieces as a run is computed. Clipped at the
  view (drawn to the edge; `left_view_at` is the first step outside, `exit_point` where it
  crossed), then reduced in screen space: a point in the pixel cell of the one before adds
  nothing, and a segment between two cells already joined is not drawn again (the line is cut
  instead). Every segment of the full path lies within a cell of a drawn one. Past `budget`
  vertices (a noisy path filling an area) the cell doubles. `upto(k)` draws steps 0..k.
- `CurveColumns`: a curve over increasing screen x (a loss against the step), fed in pieces:
  each pixel column's first, lowest, highest and last point in order ("M4"; the same pixels).
- `decimate_path`, `decimate_curve`: the one-shot forms, for a whole array.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["CurveColumns", "DrawnPath", "PathSketch", "decimate_curve", "decimate_path", "panel_pixels",
           "x_pixels"]


class DrawnPath(NamedTuple):
    """What to draw for a path up to a step: the line (rows of NaN cut it), its ends, where it left."""

    line: np.ndarray  # (V, 2) in data coordinates
    start: np.ndarray  # θ_0
    current: np.ndarray  # θ_k
    exit_point: np.ndarray | None  # where the path first crossed the edge of the view
    left_view_at: int | None  # the first step outside the view (≤ k), else None
    points: int  # k + 1: how many iterates the line stands for


def panel_pixels(ax) -> tuple[float, float]:
    """The size of an axes on screen in pixels (at the figure's dpi)."""
    return float(ax.bbox.width), float(ax.bbox.height)


def x_pixels(ax, lo: float | None = None, hi: float | None = None):
    """x (data) → screen x in pixels across `ax`, for its x scale (linear, log, symlog) and limits.

    `lo`, `hi` default to the axis limits now (give the data's range before autoscaling).
    """
    scale = ax.xaxis.get_transform()
    x0, x1 = ax.get_xlim() if lo is None or hi is None else (lo, hi)
    t0, t1 = scale.transform(np.array([x0, x1], dtype=float))
    factor = float(ax.bbox.width) / (t1 - t0) if t1 != t0 else 0.0

    def to_pixels(x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return (scale.transform(np.asarray(x, dtype=float)) - t0) * factor

    return to_pixels


def _clip(p: np.ndarray, q: np.ndarray, w: float, h: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Liang–Barsky: segments p→q (n, 2) cut to [0, w] × [0, h]: (t0, t1, visible)."""
    d = q - p
    t0, t1 = np.zeros(len(p)), np.ones(len(p))
    with np.errstate(all="ignore"):
        edges = ((-d[:, 0], p[:, 0]), (d[:, 0], w - p[:, 0]), (-d[:, 1], p[:, 1]), (d[:, 1], h - p[:, 1]))
        for pk, qk in edges:
            r = qk / pk
            parallel = pk == 0
            t0 = np.where(~parallel & (pk < 0), np.maximum(t0, r), t0)
            t1 = np.where(~parallel & (pk > 0), np.minimum(t1, r), t1)
            t1 = np.where(parallel & (qk < 0), -1.0, t1)  # parallel to an edge, outside it
    return t0, t1, t0 <= t1


class PathSketch:
    """A 2-D path reduced to what its panel shows: `add(params)` in pieces, `upto(k, θ_k)` to draw."""

    def __init__(self, view: tuple[tuple[float, float], tuple[float, float]],
                 size: tuple[float, float], *, cell: float = 1.0, budget: int | None = None):
        (x0, x1), (y0, y1) = view
        self.view = ((float(x0), float(x1)), (float(y0), float(y1)))
        self.size = (max(float(size[0]), 1.0), max(float(size[1]), 1.0))
        self._origin = np.array([x0, y0], dtype=float)
        self._scale = np.array([self.size[0] / (x1 - x0), self.size[1] / (y1 - y0)])
        self.cell = float(cell)
        self.budget = int(budget if budget is not None else 4 * (self.size[0] + self.size[1]))
        self.n = 0  # points added
        self.left_view_at: int | None = None
        self.exit_point: np.ndarray | None = None
        self._start: np.ndarray | None = None
        self._rows: list[np.ndarray] = []  # pieces of (x, y, step) rows, in screen pixels
        self._table: np.ndarray | None = None
        self._reset_reduction()

    def _reset_reduction(self) -> None:
        self._seen = np.empty(0, dtype=np.int64)  # keys of the cell pairs joined so far
        self._prev = None  # (screen point, inside, cell, id of its run's first point, that point)
        self._end_id = -2  # id of the point the drawn line ends at now (-2: none)

    # -- feeding
    def add(self, points: np.ndarray) -> None:
        """The next points of the path, (K, 2) in data coordinates, steps n .. n + K − 1."""
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        if not len(points):
            return
        if self._start is None:
            self._start = points[0].copy()
        steps = np.arange(self.n, self.n + len(points))
        self.n += len(points)
        with np.errstate(all="ignore"):
            screen = (points - self._origin) * self._scale
        if steps[0] == 0 and not self._inside(screen[:1])[0]:  # it starts outside the view
            self.left_view_at = 0
            self.exit_point = np.clip(screen[0], 0, self.size) / self._scale + self._origin
        self._feed(screen, steps)
        if self.vertices > self.budget:
            self._coarsen()

    def _cells(self, q: np.ndarray) -> np.ndarray:
        n = np.array([int(self.size[0] / self.cell), int(self.size[1] / self.cell)])
        c = np.clip(np.floor(q / self.cell), 0, n).astype(np.int64)
        return c[:, 1] * (n[0] + 1) + c[:, 0]

    def _inside(self, q: np.ndarray) -> np.ndarray:
        w, h = self.size
        return (q[:, 0] >= 0) & (q[:, 0] <= w) & (q[:, 1] >= 0) & (q[:, 1] <= h)

    def _feed(self, q: np.ndarray, steps: np.ndarray, cut: np.ndarray | None = None) -> None:
        """Reduce and append the points q (screen pixels) of steps `steps` (see the module docstring).

        `cut[i]` True: point i does not join the point before it (it starts a new piece).
        """
        inside = self._inside(q)
        cells = self._cells(np.nan_to_num(q))
        cut = np.zeros(len(q), dtype=bool) if cut is None else cut
        if cut[0] or self._prev is None:  # the first point starts a new piece
            self._prev = (q[0], bool(inside[0]), int(cells[0]), int(steps[0]), q[0])
            self._end_id = -2
            q, steps, inside, cells, cut = q[1:], steps[1:], inside[1:], cells[1:], cut[1:]
            if not len(q):
                return
        pq, pin, pcell, pid, prq = self._prev
        P, IN = np.vstack([pq[None], q]), np.concatenate([[pin], inside])
        CELL, STEP = np.concatenate([[pcell], cells]), np.concatenate([[pid], steps])
        # Each point belongs to a run of points inside one cell; the run's first point stands for it.
        same = IN[1:] & IN[:-1] & (CELL[1:] == CELL[:-1]) & ~cut
        starts = np.concatenate([[False], ~same])
        at = np.maximum.accumulate(np.where(starts, np.arange(len(P)), 0))
        run_id = np.where(at == 0, pid, STEP[at])
        run_q = np.where((at == 0)[:, None], prq[None], P[at])
        # Segment i goes from point i − 1 (drawn from its run's first point) to point i.
        a_q, b_q, a_in, b_in = P[:-1], P[1:], IN[:-1], IN[1:]
        t0, t1, visible = _clip(a_q, b_q, *self.size)
        d = b_q - a_q
        box = np.array(self.size)
        start_q = np.where(a_in[:, None], run_q[:-1], np.clip(a_q + t0[:, None] * d, 0, box))
        end_q = np.where(b_in[:, None], b_q, np.clip(a_q + t1[:, None] * d, 0, box))
        start_id, end_id = np.where(a_in, run_id[:-1], -1), np.where(b_in, steps, -1)
        leaving = np.flatnonzero(a_in & ~b_in & ~cut)
        if self.left_view_at is None and leaving.size:
            i = int(leaving[0])
            self.left_view_at = int(steps[i])
            self.exit_point = end_q[i] / self._scale + self._origin
        idx = np.flatnonzero(~same & ~cut & ((a_in & b_in) | visible))
        if idx.size:
            sc, ec = self._cells(start_q[idx]), self._cells(end_q[idx])
            key = np.minimum(sc, ec) * (1 << 31) + np.maximum(sc, ec)
            _, first = np.unique(key, return_index=True)
            fresh = np.zeros(len(idx), dtype=bool)
            fresh[first] = True
            fresh &= (sc != ec) & ~np.isin(key, self._seen)
            self._seen = np.union1d(self._seen, key[fresh])
            idx = idx[fresh]
        if idx.size:
            s_id, e_id = start_id[idx], end_id[idx]
            joined = (s_id >= 0) & (s_id == np.concatenate([[self._end_id], e_id[:-1]]))
            size = np.where(joined, 1, 3)  # a new piece: a cut, its first point, then its end
            rows = np.full((int(size.sum()), 3), np.nan)
            pos = np.cumsum(size) - 1
            rows[pos, :2], rows[pos, 2] = end_q[idx], steps[idx]
            new = np.flatnonzero(~joined)
            rows[pos[new] - 1, :2] = start_q[idx[new]]
            rows[pos[new] - 1, 2] = rows[pos[new] - 2, 2] = steps[idx[new]]
            self._rows.append(rows)
            self._table = None
            self._end_id = int(e_id[-1])
        self._prev = (P[-1], bool(IN[-1]), int(CELL[-1]), int(run_id[-1]), run_q[-1])

    def _coarsen(self) -> None:
        """Double the cell and reduce what is drawn again, until it fits the budget."""
        last = self._prev
        while self.vertices > self.budget:
            table = self._rows_table()
            self.cell *= 2.0
            self._rows, self._table = [], None
            self._reset_reduction()
            gap = np.isnan(table[:, 0])
            cut = np.concatenate([[True], gap[:-1]])[~gap]
            self._feed(table[~gap, :2], table[~gap, 2].astype(np.int64), cut)
        if last is not None:  # the path goes on from its last point, in a new piece
            q = last[0]
            self._prev = (q, last[1], int(self._cells(np.nan_to_num(q[None]))[0]), -1, q)
            self._end_id = -2

    # -- reading
    def _rows_table(self) -> np.ndarray:
        if self._table is None:
            self._table = np.concatenate(self._rows) if self._rows else np.empty((0, 3))
            self._rows = [self._table]
        return self._table

    @property
    def vertices(self) -> int:
        """How many rows (vertices and cuts) the whole path is drawn with."""
        return sum(len(r) for r in self._rows)

    def upto(self, k: int, current: np.ndarray) -> DrawnPath:
        """The path of steps 0..k (θ_k = `current`), as drawn: see the module docstring."""
        table = self._rows_table()
        rows = table[: int(np.searchsorted(table[:, 2], k, side="right"))]
        if len(rows) and np.isnan(rows[0, 0]):
            rows = rows[1:]  # no cut before the first piece
        line = rows[:, :2] / self._scale + self._origin
        current = np.asarray(current, dtype=float)
        q = (current - self._origin) * self._scale
        if len(rows) and self._inside(q[None])[0] and not np.isnan(rows[-1, 0]) \
                and np.abs(rows[-1, :2] - q).max() <= 2 * self.cell:
            line = np.vstack([line, current])  # end the line at the marker
        left = self.left_view_at if self.left_view_at is not None and self.left_view_at <= k else None
        start = self._start if self._start is not None else current
        return DrawnPath(line, start, current, self.exit_point if left is not None else None, left, k + 1)


def decimate_path(path: np.ndarray, view, size, *, cell: float = 1.0) -> DrawnPath:
    """The whole `path` (K, 2) as `PathSketch` draws it on a panel of `size` pixels over `view`."""
    path, sketch = np.asarray(path, dtype=float).reshape(-1, 2), PathSketch(view, size, cell=cell)
    sketch.add(path)
    return sketch.upto(len(path) - 1, path[-1])


class CurveColumns:
    """A curve over increasing x (`to_pixels(x)`: screen x), kept as M4 columns; `add`, then `upto`."""

    def __init__(self, to_pixels):
        self._to_pixels = to_pixels
        self._done: list[np.ndarray] = []  # rows (x, y) of closed columns
        self._open = np.empty((0, 2))  # the points of the last column kept so far
        self._table: np.ndarray | None = None

    def add(self, x: np.ndarray, y: np.ndarray) -> None:
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        if not len(x):
            return
        pts = np.vstack([self._open, np.column_stack([x, y])])
        cols = np.floor(self._to_pixels(pts[:, 0]))
        kept = _m4(cols, pts[:, 1])
        last = cols[kept[-1]]
        closed = kept[cols[kept] != last]
        if len(closed):
            self._done.append(pts[closed])
        self._open = pts[kept[cols[kept] == last]]
        self._table = None

    def _all(self) -> np.ndarray:
        if self._table is None:
            self._table = np.vstack([*self._done, self._open])
            self._done = [self._table[: len(self._table) - len(self._open)]]
        return self._table

    def upto(self, k: float | None = None, at: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of the curve for x ≤ k (all of it when k is None), ending at (k, at) if given."""
        table = self._all()
        if k is not None:
            table = table[: int(np.searchsorted(table[:, 0], k, side="right"))]
            if at is not None and (not len(table) or table[-1, 0] < k):
                table = np.vstack([table, [[k, at]]])
        return table[:, 0], table[:, 1]

def _m4(cols: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Indices of the first, lowest, highest and last point of each run of equal `cols`, in order."""
    n = len(cols)
    starts = np.flatnonzero(np.concatenate([[True], cols[1:] != cols[:-1]]))
    ends = np.concatenate([starts[1:], [n]]) - 1
    group = np.repeat(np.arange(len(starts)), np.diff(np.concatenate([starts, [n]])))
    lo = np.lexsort((np.arange(n), y, group))  # by group, then y, then position
    hi = np.lexsort((np.arange(n), -y, group))
    firsts = np.concatenate([[0], np.flatnonzero(group[lo][1:] != group[lo][:-1]) + 1])
    return np.unique(np.concatenate([starts, ends, lo[firsts], hi[firsts]]))


def decimate_curve(x: np.ndarray, y: np.ndarray, to_pixels) -> tuple[np.ndarray, np.ndarray]:
    """The points of a curve over increasing x that `CurveColumns` keeps (M4 per pixel column)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 8:
        return x, y
    kept = _m4(np.nan_to_num(np.floor(to_pixels(x)), nan=-1.0), y)
    return x[kept], y[kept]
