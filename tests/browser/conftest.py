"""Fixtures for the browser tests: one JupyterLab per session, one browser, a fresh page per test.

Everything the servers, kernels and browser write lives under pytest's tmp dir (HOME,
MPLCONFIGDIR, Jupyter's config/data/runtime dirs, JupyterLab's settings and workspaces).
The notebooks are copied there too, so nothing a test runs is saved back into the repo.
A missing Chromium is an error, never a skip: these tests are part of `make test` and CI.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import harness  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


@pytest.fixture(scope="session")
def browser_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="session")
def jupyter_env(browser_tmp) -> dict[str, str]:
    """Environment for every server and kernel the browser tests start."""
    return harness.isolated_env(browser_tmp / "env")


@pytest.fixture(scope="session")
def lab_root(browser_tmp) -> Path:
    """The folder JupyterLab serves: a copy of notebooks/, plus scratch/ for generated ones."""
    root = browser_tmp / "lab-root"
    harness.copy_tree(harness.REPO / "notebooks", root / "notebooks")
    (root / "scratch").mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture(scope="session")
def lab_server(lab_root, jupyter_env, browser_tmp):
    server = harness.start_lab(lab_root, jupyter_env, browser_tmp / "logs" / "jupyterlab.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    problem = harness.chromium_problem()
    if problem:
        pytest.fail(problem, pytrace=False)
    with sync_playwright() as pw:
        b = harness.launch_browser(pw)
        yield b
        b.close()


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    p = context.new_page()
    p.set_default_timeout(30_000)
    harness.page_requests(p)  # records every request from here on
    return context, p


def _assert_nothing_foreign(p) -> None:
    # A net under every test's own checks: no page may have requested anything from a host
    # other than the servers this session started (or file://).
    foreign = harness.page_requests(p).foreign(*harness.STARTED)
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)


def _screenshot(p, browser_tmp, name: str) -> None:
    # What the page showed at the end, for whoever reads a failure (pytest's tmp dir).
    shots = browser_tmp / "screenshots"
    shots.mkdir(exist_ok=True)
    path = shots / ("".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name) + ".png")
    if not path.exists():
        try:
            p.screenshot(path=str(path))
        except Exception:
            pass


def _close_page(context, p, browser_tmp, name: str) -> None:
    _screenshot(p, browser_tmp, name)
    context.close()
    _assert_nothing_foreign(p)


def _shutdown_kernel(p) -> None:
    # Shut the kernel this page started, so kernels do not pile up over the session.
    try:
        p.evaluate("() => window.__gdtest_panel && window.__gdtest_panel.sessionContext.shutdown()")
    except Exception:
        pass


@pytest.fixture
def page(browser, browser_tmp, request):
    context, p = _new_page(browser)
    yield p
    _close_page(context, p, browser_tmp, request.node.name)


@pytest.fixture
def lab(page, lab_server, browser_tmp, request):
    """A fresh JupyterLab page; open a notebook with `lab.open("notebooks/NAME.ipynb")`."""
    lp = harness.LabPage(page, lab_server)
    yield lp
    _screenshot(page, browser_tmp, request.node.name)  # before the kernel goes
    _shutdown_kernel(page)


@pytest.fixture(scope="module")
def module_lab(browser, browser_tmp, lab_server, request):
    """One JupyterLab page shared by the tests of a module (one notebook run for several)."""
    context, p = _new_page(browser)
    lp = harness.LabPage(p, lab_server)
    yield lp
    _screenshot(p, browser_tmp, request.module.__name__)
    _shutdown_kernel(p)
    context.close()
    _assert_nothing_foreign(p)


@pytest.fixture(scope="session")
def write_scratch(lab_root):
    """Write a notebook made of `cells` (code strings) into the served scratch folder."""
    import nbformat

    def write(name: str, cells: list[str]) -> str:
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {
            "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python",
        }
        nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
        nbformat.write(nb, lab_root / "scratch" / name)
        return f"scratch/{name}"

    return write
