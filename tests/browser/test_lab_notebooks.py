"""Every notebook of the series, run with Run All in a real JupyterLab in headless Chromium.

JupyterLab is started by tools/serve, as `make lab` does. For each notebook: no cell errors,
every cell ran, no "Error displaying widget", no browser console errors, no request to any
host but this JupyterLab, no warning in its log, and every explorer's figure and controls
rendered on the page. Two scratch
notebooks check the checker itself: one that must pass, one that must be caught.
"""

from __future__ import annotations

import os
import re

import harness
import pytest

NOTEBOOKS = harness.course_notebooks()
EXPLORER_CALL = re.compile(r"\bgd\.widgets\.\w+\(")


def assert_explorers_rendered(lab, explorers: list[dict]) -> None:
    """Each explorer's figure is a drawn canvas and each of its controls is on the page."""
    for ex in explorers:
        what = f"explorer {ex['index']} ({ex['type']})"
        fig = ex["figure"]
        assert fig["class"], f"{what}: figure canvas is {fig['widget']}, not an ipympl widget"
        sel = "." + fig["class"]
        canvas = lab.page.locator(f"{sel} {harness.FIGURE_CANVAS}").first
        canvas.wait_for(state="visible")
        canvas.scroll_into_view_if_needed()  # as a reader would; the first frame may be late
        drawn = lab.wait_canvas_drawn(sel)
        assert drawn["width"] > 100 and drawn["height"] > 100, f"{what}: canvas {drawn}"
        assert drawn["colours"] > 1, f"{what}: canvas still blank after {drawn['waited']:.0f} s"
        assert ex["controls"], f"{what} has no controls"
        for name, ctrl in ex["controls"].items():
            assert ctrl["class"], f"{what}: control {name} is {ctrl['widget']}, not a widget"
            el = lab.page.locator("." + ctrl["class"]).first
            el.wait_for(state="visible")
            box = el.bounding_box()
            assert box and box["width"] > 5 and box["height"] > 5, f"{what}: {name} box {box}"


def run_and_check(lab, path: str) -> list[dict]:
    """Open `path`, Run All, assert the page is clean; return the explorers found."""
    lab.open(path)
    ran_ok = lab.run_all()
    problems = lab.problems()
    assert not problems, f"{path}:\n" + "\n".join(problems)
    assert ran_ok, f"{path}: JupyterLab reported a failed run"
    lab.wait_widgets_rendered()
    assert not lab.problems(), lab.problems()
    explorers = lab.tag_explorers()
    assert_explorers_rendered(lab, explorers)
    assert not lab.console.errors, "browser console errors:\n" + "\n".join(lab.console.errors)
    foreign = lab.foreign_requests()
    assert not foreign, f"{path}: requests to other hosts:\n" + "\n".join(foreign)
    assert not lab.kernel_errors(), lab.kernel_errors()
    return explorers


SCRATCH_OK = [
    "%matplotlib widget\nimport ipywidgets as widgets\nimport matplotlib.pyplot as plt\n"
    "import numpy as np",
    # An explorer-shaped object: controls, figure, current; shown as the last expression.
    "class Scratch:\n"
    "    def __init__(self):\n"
    "        with plt.ioff():\n"
    "            self.figure, ax = plt.subplots(figsize=(5, 3))\n"
    "        self.x = np.linspace(0, 6, 100)\n"
    "        (self.line,) = ax.plot(self.x, np.sin(self.x))\n"
    "        k = widgets.IntSlider(value=3, min=0, max=10, description='k')\n"
    "        self.controls = {'k': k}\n"
    "        k.observe(self._update, 'value')\n"
    "        self.current = {'k': 3}\n"
    "    def _update(self, change):\n"
    "        self.line.set_ydata(np.sin(self.x * change['new'] / 3))\n"
    "        self.current = {'k': change['new']}\n"
    "        self.figure.canvas.draw_idle()\n"
    "    def _ipython_display_(self):\n"
    "        display(widgets.VBox([self.controls['k'], self.figure.canvas]))\n"
    "Scratch()",
]


def test_checker_passes_a_clean_scratch_notebook_and_sees_a_key_press(lab, write_scratch):
    path = write_scratch("clean.ipynb", SCRATCH_OK)
    explorers = run_and_check(lab, path)
    assert [ex["type"] for ex in explorers] == ["Scratch"]
    fig = "." + explorers[0]["figure"]["class"]
    before = lab.wait_canvas_stable(fig)
    lab.page.locator("." + explorers[0]["controls"]["k"]["class"] + " .noUi-handle").focus()
    lab.page.keyboard.press("ArrowRight")
    lab.wait_canvas_change(fig, before)
    lab.wait_idle()
    assert lab.kernel_json("Out[2].current") == {"k": 4}


def test_checker_catches_errors(lab, write_scratch):
    path = write_scratch("broken.ipynb", [
        "from IPython.display import Javascript, display\n"
        "display(Javascript(\"console.error('gdtest canary')\"))",
        "display({'application/vnd.jupyter.widget-view+json':"
        " {'model_id': 'no-such-model', 'version_major': 2, 'version_minor': 0}}, raw=True)",
        "import ipywidgets as widgets\n"
        "def fail(change):\n    raise ValueError('gdtest callback')\n"
        "slider = widgets.IntSlider(description='fails')\nslider.observe(fail, 'value')\nslider",
        "1 / 0",
        "print('never runs')",
    ])
    lab.open(path)
    assert lab.run_all() is False
    problems = "\n".join(lab.problems())
    assert "ZeroDivisionError" in problems
    assert "code cell 4 (print('never runs')) did not run" in problems
    lab.page.wait_for_function(
        "() => document.body.textContent.includes('Error displaying widget')"
    )
    assert "Error displaying widget" in "\n".join(lab.problems())
    assert any("gdtest canary" in e for e in lab.console.errors), lab.console.errors
    assert lab.kernel_errors() == ["ZeroDivisionError: division by zero"]
    lab.page.locator(".widget-slider .noUi-handle").first.focus()
    lab.page.keyboard.press("ArrowRight")
    lab.page.wait_for_function(
        "() => window.__gdtest_kernel_errors.some((e) => e.includes('gdtest callback'))")


def test_series_has_notebooks():
    assert NOTEBOOKS, "no notebooks/NN_*.ipynb found"


def test_jupyterlab_starts_without_warnings(lab_server):
    # What `make lab` prints up to "Use Control-C": as root too, no "Running as root", no
    # DeprecationWarning, no [W] line.
    start = lab_server.log_since(0).split("Use Control-C")[0]
    assert "is running at" in start, start[-2000:]
    assert harness.log_warnings(start) == [], start[-3000:]
    if os.geteuid() == 0:
        assert "passing --allow-root" in start


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_clean_in_jupyterlab(lab, notebook):
    path = notebook.as_posix()
    log_start = lab.server.log_size()
    explorers = run_and_check(lab, path)
    # Nor in the server's log while it opened and ran (kernels write there too).
    warnings = harness.log_warnings(lab.server.log_since(log_start))
    assert warnings == [], "warnings in the JupyterLab log:\n" + "\n".join(warnings)
    source = "\n".join(c["source"] for c in lab.cells())
    calls = len(EXPLORER_CALL.findall(source))
    if calls:
        assert explorers, f"{path} calls gd.widgets {calls}x but no explorer was found"


def test_any_request_to_another_host_is_foreign():
    lab = "http://127.0.0.1:8888"
    assert not harness.is_foreign("http://127.0.0.1:8888/lab/api/settings?x=1", (lab,))
    assert not harness.is_foreign("ws://127.0.0.1:8888/api/kernels/k/channels", (lab,))
    assert not harness.is_foreign("file:///tmp/site/index.html")
    assert not harness.is_foreign("data:image/png;base64,iVBORw0KGgo=")
    for url in ["https://mybinder.org/badge_logo.svg",  # no exemption, however harmless
                "https://cdn.jsdelivr.net/npm/x.css", "http://127.0.0.1:8889/lab",
                "http://localhost:8888/lab", "https://127.0.0.1:8888/lab"]:
        assert harness.is_foreign(url, (lab,)), url
    assert harness.is_foreign("http://127.0.0.1:8888/lab")  # no server given: file:// only
