"""The handwritten digits, checked against the shipped file itself."""

import gzip
import hashlib
from importlib import resources

import numpy as np
import pytest

import gdlab as gd

DIGITS = gd.load_digits()
TRAIN, TEST = DIGITS.split(test_fraction=0.25, seed=0)


# --- the data -----------------------------------------------------------------------------------


def test_all_1797_images_with_their_labels():
    assert DIGITS.images.shape == (1797, 8, 8) and DIGITS.X.shape == (1797, 64)
    assert DIGITS.images.min() == 0 and DIGITS.images.max() == 16
    assert np.bincount(DIGITS.labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    np.testing.assert_array_equal(DIGITS.X, DIGITS.images.reshape(1797, 64) / 16)
    assert DIGITS.X.min() == 0.0 and DIGITS.X.max() == 1.0
    np.testing.assert_array_equal(DIGITS.index, np.arange(1797))


def test_the_images_are_the_rows_of_the_shipped_file():
    path = resources.files("gdlab.datasets").joinpath("digits.csv.gz")
    with path.open("rb") as fh:
        raw = fh.read()
    readme = resources.files("gdlab.datasets").joinpath("README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(raw).hexdigest() in readme  # the README names the exact file
    lines = gzip.decompress(raw).decode().splitlines()
    assert len(lines) == 1797
    for i in (0, 1, 900, 1796):
        values = [int(v) for v in lines[i].split(",")]
        assert DIGITS.images[i].ravel().tolist() == values[:64] and DIGITS.labels[i] == values[64]


def test_arrays_are_read_only():
    for arr in (DIGITS.images, DIGITS.X, DIGITS.labels, TRAIN.X):
        with pytest.raises(ValueError):
            arr[0] = 1


def test_the_split_is_fixed_uses_every_image_once_and_keeps_each_digits_share():
    again_train, again_test = gd.load_digits().split(test_fraction=0.25, seed=0)
    np.testing.assert_array_equal(TRAIN.index, again_train.index)
    np.testing.assert_array_equal(TEST.index, again_test.index)
    assert len(TRAIN) == 1347 and len(TEST) == 450
    assert np.intersect1d(TRAIN.index, TEST.index).size == 0
    np.testing.assert_array_equal(np.sort(np.concatenate([TRAIN.index, TEST.index])), np.arange(1797))
    counts = np.bincount(DIGITS.labels)
    assert np.bincount(TEST.labels, minlength=10).tolist() == [int(round(0.25 * c)) for c in counts]
    for part in (TRAIN, TEST):  # each image keeps its label and pixels
        np.testing.assert_array_equal(part.images, DIGITS.images[part.index])
        np.testing.assert_array_equal(part.labels, DIGITS.labels[part.index])
    other = DIGITS.split(test_fraction=0.25, seed=1)[1]
    assert not np.array_equal(other.index, TEST.index)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5, float("nan")])
def test_split_refuses_fractions_outside_zero_one(bad):
    with pytest.raises(ValueError, match="test_fraction"):
        DIGITS.split(test_fraction=bad)
