"""The examples in the core's docstrings run and print what they claim."""

import doctest
import importlib

import pytest

MODULES = ["gdlab.data", "gdlab.optimizers", "gdlab.running", "gdlab.exact", "gdlab.explorers.controls",
           "gdlab.explorers.readout"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
