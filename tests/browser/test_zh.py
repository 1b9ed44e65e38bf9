"""The Chinese edition in a real browser: a zh notebook in JupyterLab and in Voila (servers
started by tools/serve, as `make lab-zh` and `make present` do) shows Chinese labels and
readouts, the browser has a CJK font for them (Debian's fonts-noto-cjk, which `make test`
installs with tools/ensure-cjk-fonts), and no figure in the kernel misses a glyph.
"""

from __future__ import annotations

import json
import re

import harness
import pytest

NOTEBOOK = "notebooks/zh/02_linear_regression.ipynb"
HANZI = re.compile(r"[\u3400-\u9fff]")
# The browser draws 梯度 with a CJK font, not as .notdef boxes: the font is there, and the
# two hanzi are as wide as two CJK glyphs (a missing glyph's box is narrower, and the same
# for every character, so 梯 and 度 would be drawn alike).
FONT_CHECK = """() => {
    const c = document.createElement('canvas').getContext('2d');
    c.font = '32px sans-serif';
    const w = (t) => c.measureText(t).width;
    return {noto: document.fonts.check('16px "Noto Sans CJK SC"', '梯度'),
            hanzi: w('梯度'), em: 32, pua: w('\\ue000\\ue001')};
}"""
# Every matplotlib figure the kernel holds, drawn again with a missing glyph as an error.
GLYPH_CHECK = """
import gc, io, warnings
from matplotlib.figure import Figure
_figs = [o for o in gc.get_objects() if isinstance(o, Figure)]
_bad = []
with warnings.catch_warnings():
    warnings.filterwarnings("error", message="Glyph .* missing from font")
    for _f in _figs:
        try:
            _f.savefig(io.BytesIO(), format="png")
        except UserWarning as e:
            _bad.append(str(e))
print(__import__("json").dumps({"figures": len(_figs), "missing": _bad[:5]}))
"""


def assert_chinese_and_fonts(page, where: str) -> None:
    font = page.evaluate(FONT_CHECK)
    assert font["noto"], f"{where}: no Noto Sans CJK SC in the browser (run bash tools/ensure-cjk-fonts)"
    assert font["hanzi"] >= 1.8 * font["em"], f"{where}: 梯度 drawn {font['hanzi']:.0f} px wide: boxes?"
    labels = page.locator(".widget-slider .widget-label, .widget-readout + .widget-label, "
                          ".widget-label").all_inner_texts()
    readouts = page.locator(".widget-html").all_inner_texts()
    assert any(HANZI.search(t) for t in labels), f"{where}: no Chinese slider label in {labels[:8]}"
    assert any(HANZI.search(t) for t in readouts), f"{where}: no Chinese readout in {readouts[:4]}"


@pytest.fixture(scope="module")
def zh_notebook(lab_root):
    if not (lab_root / NOTEBOOK).is_file():
        pytest.fail(f"{NOTEBOOK} is missing", pytrace=False)
    return NOTEBOOK


def test_a_chinese_notebook_runs_in_jupyterlab_in_chinese(lab, zh_notebook, browser_tmp):
    lab.page.set_viewport_size({"width": 1280, "height": 800})
    lab.open(zh_notebook)
    ran_ok = lab.run_all()
    assert not lab.problems(), lab.problems()
    assert ran_ok, f"{zh_notebook}: JupyterLab reported a failed run"
    lab.wait_widgets_rendered()
    headings = lab.page.evaluate(
        "() => Array.from(document.querySelectorAll('.jp-RenderedMarkdown h1')).map((h) => h.textContent)")
    assert headings and HANZI.search(headings[0]), headings
    shots = browser_tmp / "screenshots"
    shots.mkdir(exist_ok=True)
    lab.page.screenshot(path=str(shots / "zh_lab_top.png"))
    explorer = lab.page.locator(".widget-slider").first
    explorer.scroll_into_view_if_needed()
    lab.page.wait_for_timeout(500)
    lab.page.screenshot(path=str(shots / "zh_lab_explorer.png"))
    assert_chinese_and_fonts(lab.page, "JupyterLab")
    found = json.loads(lab.kernel_exec(GLYPH_CHECK).strip().splitlines()[-1])
    assert found["figures"] > 0 and found["missing"] == [], found
    assert not lab.console.errors, lab.console.errors
    assert not lab.foreign_requests(), lab.foreign_requests()


def test_a_chinese_notebook_presents_in_voila_in_chinese(page, lab_root, zh_notebook, jupyter_env,
                                                         browser_tmp):
    server = harness.start_voila(lab_root / zh_notebook, jupyter_env, browser_tmp / "logs" / "voila-zh.log")
    try:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{server.url}/?token={server.token}", timeout=120_000)
        page.locator(f".widget-slider {harness.FIGURE_CANVAS}, {harness.FIGURE_CANVAS}").first.wait_for(
            state="visible", timeout=120_000)
        page.wait_for_timeout(1000)
        body = page.inner_text("body")
        assert "Traceback" not in body and "Error displaying widget" not in body, body[:3000]
        page.screenshot(path=str(browser_tmp / "screenshots" / "zh_voila.png"))
        assert_chinese_and_fonts(page, "Voila")
        assert not page.evaluate("() => document.body.innerText.includes('\\ufffd')")
        assert not harness.page_requests(page).foreign(server.url)
    finally:
        server.stop()
