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


@pytest.fixture
def kernel_loop(monkeypatch):
    """As in a Jupyter kernel: explorers do their background work on a running event loop.

    kernel_loop(make_coroutine) runs the coroutine on a fresh loop in a thread of its own (this
    thread may already have a loop marked running: Playwright's), with gdlab told it is in a
    kernel, and returns its result (or raises its error).
    """
    import asyncio
    import threading

    from gdlab.explorers import background

    monkeypatch.setattr(background, "in_kernel", lambda: True)

    def run(make_coroutine):
        out = {}

        def main():
            try:
                out["value"] = asyncio.run(make_coroutine())
            except BaseException as err:  # re-raised in the test's thread
                out["error"] = err

        worker = threading.Thread(target=main)
        worker.start()
        worker.join(300)
        assert not worker.is_alive(), "the coroutine did not finish in 300 s"
        if "error" in out:
            raise out["error"]
        return out.get("value")

    return run


@pytest.fixture
def default_display(monkeypatch):
    """The display mode a plain Python process gets: no GDLAB_DISPLAY from the caller's shell."""
    monkeypatch.delenv("GDLAB_DISPLAY", raising=False)


@pytest.fixture(scope="module")
def data():
    """The course's regression data (notebook 02's): y = 1.477x + 0.089 + ε, seed 0."""
    import gdlab as gd

    return gd.make_linear_data(seed=0)
