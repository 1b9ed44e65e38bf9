"""The 1,797 handwritten digits of the UCI optical-digits set, read from the copy inside gdlab.

Each image is 8×8 ink counts from 0 to 16 (source and licence: README.md beside this file).
Nothing is downloaded: the file is package data.

>>> digits = gd.load_digits()
>>> digits.images.shape, digits.X.shape, digits.labels[:5].tolist()
((1797, 8, 8), (1797, 64), [0, 1, 2, 3, 4])
>>> train, test = digits.split(test_fraction=0.25, seed=0)
>>> len(train), len(test)
(1347, 450)
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from .. import _checks as check

#: The file inside the package: 1,797 lines of 64 pixel counts then the label.
FILE = "digits.csv.gz"
SIDE = 8  # pixels per side
CLASSES = 10
INK = 16  # the largest ink count: 16 pixels of a 4×4 block


@dataclass(frozen=True, eq=False)
class Digits:
    """Handwritten digits with their labels: all 1,797 of them, or a part made by `split`.

    `images` (n, 8, 8): ink counts 0..16 as in the file; `X` (n, 64): the same pixels row by
    row, divided by 16 so they lie in [0, 1]; `labels` (n,): the digit 0..9 each image shows;
    `index` (n,): where each image is in the full set (row of the file). Read-only arrays.
    """

    images: np.ndarray
    labels: np.ndarray
    index: np.ndarray
    name: str = "digits"
    X: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        images = np.array(self.images)  # copies: the arrays are made read-only below
        labels, index = np.array(self.labels), np.array(self.index)
        n = len(images)
        if images.shape != (n, SIDE, SIDE) or labels.shape != (n,) or index.shape != (n,):
            raise ValueError(f"images must have shape (n, 8, 8) with n labels and n indices, got "
                             f"{images.shape}, {labels.shape} and {index.shape}")
        X = images.reshape(n, SIDE * SIDE) / INK
        for name, arr in (("images", images), ("labels", labels), ("index", index), ("X", X)):
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)

    @property
    def n_classes(self) -> int:
        return CLASSES

    def __len__(self) -> int:
        return int(self.labels.size)

    def subset(self, rows: object, name: str | None = None) -> Digits:
        """The images at positions `rows` (an integer array) of this set, in that order."""
        rows = np.asarray(rows, dtype=np.int64)
        return Digits(self.images[rows], self.labels[rows], self.index[rows],
                      name=self.name if name is None else name)

    def split(self, test_fraction: float = 0.25, seed: int = 0) -> tuple[Digits, Digits]:
        """(train, test): a fixed, seeded split, stratified so that each digit keeps its share.

        Of each digit's images, round(test_fraction × count) drawn with
        `np.random.default_rng(seed)` go to the test set and the rest to the training set;
        both keep the order of this set. The same arguments give the same split every time.
        """
        fraction = check.finite("test_fraction", test_fraction)
        if not 0.0 < fraction < 1.0:
            raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction!r}")
        seed = check.integer("seed", seed, minimum=0)
        rng = np.random.default_rng(seed)
        test = []
        for digit in range(CLASSES):
            rows = np.flatnonzero(self.labels == digit)
            test.append(rng.permutation(rows)[: int(round(fraction * rows.size))])
        in_test = np.zeros(len(self), dtype=bool)
        in_test[np.concatenate(test)] = True
        if in_test.all() or not in_test.any():
            raise ValueError(f"test_fraction={test_fraction!r} leaves the training or the test set "
                             f"empty for {len(self)} images")
        return (self.subset(np.flatnonzero(~in_test), f"{self.name}, training part"),
                self.subset(np.flatnonzero(in_test), f"{self.name}, test part"))

    def __repr__(self) -> str:
        return f"Digits({len(self)} images: {self.name})"


@lru_cache(maxsize=1)
def _table() -> np.ndarray:
    with resources.files(__package__).joinpath(FILE).open("rb") as raw, gzip.open(raw) as fh:
        table = np.loadtxt(fh, delimiter=",", dtype=np.int64)
    table.flags.writeable = False
    return table


def load_digits() -> Digits:
    """All 1,797 handwritten digits (8×8 ink counts 0..16, labels 0..9), from the copy in gdlab."""
    table = _table()
    images = table[:, : SIDE * SIDE].astype(np.uint8).reshape(-1, SIDE, SIDE)
    return Digits(images, table[:, -1].copy(), np.arange(len(table)), name="UCI optical digits")
