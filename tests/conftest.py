"""Shared test setup: a non-interactive matplotlib backend and hypothesis settings for a shared machine."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Timing on these shared machines is noisy: no per-example deadline.
settings.register_profile("gdlab", deadline=None, max_examples=60)
settings.load_profile("gdlab")


@pytest.fixture
def cli(capsys):
    """Run `python -m gdlab` in this process: cli(*args) -> (exit code, stdout, stderr)."""
    from gdlab.cli import main

    def run(*args):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's own errors
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run
