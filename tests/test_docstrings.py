"""The examples in every gdlab module's docstrings run and print what they claim."""

import doctest
import importlib
import pkgutil

import numpy as np
import pytest

import gdlab

MODULES = sorted(m.name for m in pkgutil.walk_packages(gdlab.__path__, "gdlab.")
                 if m.name != "gdlab.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
                             extraglobs={"gd": gdlab, "np": np})
    assert result.failed == 0


def test_the_core_has_examples():
    core = ["gdlab.data", "gdlab.optimizers", "gdlab.running", "gdlab.exact", "gdlab.numeric"]
    for name in core:
        assert doctest.testmod(importlib.import_module(name), extraglobs={"gd": gdlab}).attempted > 0, name
