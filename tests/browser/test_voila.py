"""The presentation view: `tools/serve present NOTEBOOK` (what `make present` runs) serves the
notebook with Voila, code hidden and explorers live; a slider moved from the keyboard redraws;
nothing is requested from any host but the Voila server.
"""

from __future__ import annotations

import re

import harness
import pytest

NOTEBOOK = "notebooks/02_linear_regression.ipynb"
SCRATCH = [
    "%matplotlib widget\nimport gdlab as gd",
    "gd.widgets.regression_explorer(gd.make_linear_data(seed=0))",
]
LR_LABEL = "learning rate"  # the description of the regression explorer's lr slider

# Marks the explorer that holds the lr slider: data-gdtest="lr" on the slider and
# data-gdtest="explorer" on its nearest ancestor that also holds an ipympl figure.
MARK = """(label) => {
    const sliders = Array.from(document.querySelectorAll('.widget-slider'))
        .filter((el) => (el.querySelector('.widget-label') || {}).textContent
                        && el.querySelector('.widget-label').textContent.includes(label));
    if (!sliders.length) return false;
    let box = sliders[0].parentElement;
    while (box && !box.querySelector('.jupyter-matplotlib-canvas-div')) box = box.parentElement;
    if (!box) return false;
    sliders[0].setAttribute('data-gdtest', 'lr');
    box.setAttribute('data-gdtest', 'explorer');
    return true;
}"""


@pytest.fixture(scope="module")
def voila_server(lab_root, jupyter_env, browser_tmp, write_scratch):
    if (lab_root / NOTEBOOK).exists():
        notebook = lab_root / NOTEBOOK
    else:
        notebook = lab_root / write_scratch("regression_voila.ipynb", SCRATCH)
    server = harness.start_voila(notebook, jupyter_env, browser_tmp / "logs" / "voila.log")
    yield server, notebook
    server.stop()


def test_present_shows_the_notebook_without_code_and_a_slider_redraws(page, voila_server):
    server, notebook = voila_server
    console = harness.ConsoleLog(page)
    requests = harness.page_requests(page)
    page.goto(f"{server.url}/?token={server.token}", timeout=120_000)
    page.wait_for_function(MARK, arg=LR_LABEL, timeout=120_000)
    explorer = '[data-gdtest="explorer"]'
    page.locator(f"{explorer} {harness.FIGURE_CANVAS}").first.wait_for(state="visible")

    body = page.inner_text("body")
    assert "Traceback" not in body and "Error displaying widget" not in body, body[:3000]
    code = page.locator(".jp-InputArea-editor:visible, .cm-editor:visible, .highlight:visible")
    assert code.count() == 0, "code cells are shown"
    assert "import gdlab as gd" not in body, "source code is on the page"

    def canvas() -> str:
        return page.locator(f"{explorer} {harness.FIGURE_CANVAS}").first.evaluate(
            "(c) => c.toDataURL()")

    def readout() -> str:
        return " ".join(page.locator(f"{explorer} .widget-html").all_inner_texts())

    def settle(first: str) -> str:
        last, same = first, 0
        while same < 8:  # 8 x 50 ms without a change
            page.wait_for_timeout(50)
            now = canvas()
            same = same + 1 if now == last else 0
            last = now
        return last

    before, before_text = settle(canvas()), readout()
    value = page.locator('[data-gdtest="lr"] .widget-readout').inner_text()
    page.locator('[data-gdtest="lr"] .noUi-handle').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(v) => document.querySelector('[data-gdtest=\"lr\"] .widget-readout').textContent !== v",
        arg=value)
    page.wait_for_function(
        "([sel, src]) => document.querySelector(sel).toDataURL() !== src",
        arg=[f"{explorer} {harness.FIGURE_CANVAS}", before], timeout=15_000)
    settle(canvas())
    new_value = page.locator('[data-gdtest="lr"] .widget-readout').inner_text()
    assert float(new_value) > float(value)
    if re.search(r"loss\s*=", before_text):  # the readout follows the new run
        page.wait_for_function(
            "([sel, t]) => Array.from(document.querySelectorAll(sel))"
            ".map((e) => e.innerText).join(' ') !== t",
            arg=[f"{explorer} .widget-html", before_text], timeout=15_000)
    assert not console.errors, console.errors
    assert requests.urls, "no request recorded"
    foreign = requests.foreign(server.url)
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)
    warnings = harness.log_warnings(server.log_since(0))
    assert warnings == [], "warnings in the Voila log:\n" + "\n".join(warnings)
