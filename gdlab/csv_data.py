"""Reading points from a CSV file, with an error that names the file and the line for every bad case.

UTF-8 with or without a byte-order mark; a header row naming the x and y columns, or two bare
numeric columns. A well-formed file is parsed by numpy's C reader (10⁶ rows in well under a
second); anything it refuses is read again row by row, only to say exactly what is wrong and
where: the line a bad record starts on, the column, the value, and what to do.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import numpy as np

from . import _checks as check
from .data import Dataset

_NON_BLANK = re.compile(r"\S")
#: The longest cell accepted, in characters; a longer one is almost surely not a number.
MAX_FIELD = 1000


def load_csv(path: str | Path, *, x: str = "x", y: str = "y") -> Dataset:
    """Points from a CSV file: a header row naming columns `x` and `y`, or two bare numeric columns.

    Errors name the file and, for a bad cell, the line.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file name (str or Path), got {check.show(path)}")
    x, y = check.text("x", x), check.text("y", y)
    if str(path) == "":
        raise ValueError("path is empty: give the name of a CSV file")
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"path {str(path)!r} is a directory, not a CSV file")
    if not path.is_file():
        raise ValueError(f"path {str(path)!r}: no such file")
    check.memory("the size of path", path.stat().st_size, path.stat().st_size * 8.0,
                 "split the file or sample its rows")
    content = _decode(path, path.read_bytes())
    start = _NON_BLANK.search(content)
    if start is None:
        raise ValueError(f"path {str(path)!r}: the file is empty")
    line_start = content.rfind("\n", 0, start.start()) + 1
    line_end = content.find("\n", line_start)
    line_end = len(content) if line_end < 0 else line_end
    first_text = content[line_start:line_end].rstrip("\r")
    first_line = content.count("\n", 0, line_start) + 1
    first = _cells(first_text)
    _delimiter_hint(path, first_line, first_text, first)
    if all(_number(c) is not None for c in first):
        if len(first) != 2:
            raise ValueError(f"{path}, line {first_line}: a file without a header needs exactly two "
                             f"columns (x, y), got {len(first)}")
        cols, skip, width = (0, 1), first_line - 1, 2
    else:
        header = [c.strip() for c in first]
        missing = [name for name in (x, y) if name not in header]
        if missing:
            raise ValueError(f"{path}: column {missing[0]!r} not in the header {header}")
        cols, skip, width = (header.index(x), header.index(y)), first_line, len(header)
        if _NON_BLANK.search(content, line_end) is None:
            raise ValueError(f"path {str(path)!r}: no data rows")
    del content  # numpy reads the file itself, in chunks: the text need not stay in memory
    table = _fast(path, skip, width)
    if table is None:  # other columns hold text, or something is wrong: say exactly what
        table = _slow(path, _decode(path, path.read_bytes()), skip, cols, (x, y), width)
        cols = (0, 1)
    return Dataset(table[:, cols[0]].copy(), table[:, cols[1]].copy(), name=path.name)


def _decode(path: Path, raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ValueError(f"{path}: the file is UTF-16; save it as UTF-8 (CSV UTF-8 in spreadsheet programs)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        try:
            raw.decode("cp1252")
            guess = "it looks like Windows-1252 or Latin-1"
        except UnicodeDecodeError:
            guess = "its encoding is not UTF-8"
        raise ValueError(f"{path}, line {line}: byte {raw[err.start]:#04x} is not UTF-8 ({guess}); "
                         "save the file as UTF-8, or convert it with iconv -f latin1 -t utf-8") from None


def _cells(line: str) -> list[str]:
    return next(csv.reader([line]), [])


def _delimiter_hint(path: Path, line: int, text: str, cells: list[str]) -> None:
    if len(cells) == 1:
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if sep in text:
                raise ValueError(f"{path}, line {line}: the columns seem to be separated by {name}; "
                                 "gdlab reads comma-separated files (save as CSV with commas)")


def _number(cell: str) -> float | None:
    """The cell's number, or None: plain decimal notation only (no 1_000, no hex, no nan/inf)."""
    s = cell.strip()
    if not s or "_" in s or len(s) > MAX_FIELD:
        return None
    try:
        value = float(s)
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def _fast(path: Path, skip: int, width: int) -> np.ndarray | None:
    """The whole table by numpy's C parser, or None if anything in it is not a plain finite number."""
    try:
        table = np.loadtxt(path, delimiter=",", skiprows=skip, ndmin=2, comments=None, quotechar='"',
                           dtype=float, encoding="utf-8-sig")
    except ValueError:
        return None
    if table.shape[1] != width or not np.isfinite(table).all():
        return None
    return table


def _slow(path: Path, content: str, skip: int, cols: tuple[int, int], names: tuple[str, str],
          width: int) -> np.ndarray:
    """Row by row: the (x, y) table, or the first error, naming the line where its record starts."""
    reader = csv.reader(io.StringIO(content))
    line = 1
    previous_end = 0
    out = []
    try:
        for row in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if line <= skip or not any(c.strip() for c in row):
                continue
            if any(len(c) > MAX_FIELD for c in row):
                raise ValueError(f"{path}, line {line}: a cell of {max(map(len, row)):,} characters "
                                 f"(at most {MAX_FIELD:,} are read); is the file really a CSV of numbers?")
            if len(row) != width:
                raise ValueError(f"{path}, line {line}: {len(row)} cell{'s' * (len(row) != 1)} where the "
                                 f"first row has {width}; every row needs the same columns")
            pair = []
            for col, name in zip(cols, names):
                value = _number(row[col])
                if value is None:
                    why = " (write numbers without '_')" if "_" in row[col] else ""
                    raise ValueError(f"{path}, line {line}: column {name!r} has non-numeric value "
                                     f"{row[col].strip()!r}{why}")
                pair.append(value)
            out.append(pair)
    except csv.Error as err:
        raise ValueError(f"{path}, line {previous_end + 1}: {err}") from None
    return np.array(out, dtype=float).reshape(-1, 2)
