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


# Every kind of explorer, in Chinese, in one scratch notebook (one kernel for all).
EVERY_EXPLORER = [
    'import gdlab as gd\ngd.set_language("zh")\ndata = gd.make_linear_data(seed=0)\n'
    'train, test = gd.load_digits().split(test_fraction=0.25, seed=0)',
    "gd.widgets.regression_explorer(data)",
    "gd.widgets.descent_1d_explorer()",
    'gd.widgets.descent_1d_explorer("double well", optimizer="momentum")',
    "gd.widgets.optimizer_race()",
    'gd.widgets.optimizer_race(data, optimizers=("gd", "momentum", "adam"))',
    "gd.widgets.minibatch_explorer(data)",
    "gd.widgets.logistic_explorer()",
    "gd.widgets.gradient_check_explorer()",
    "gd.widgets.digits_explorer(train, test, epochs=2)",
]
# Text an explorer shows cut short: a label, readout or button whose text is wider than its
# box (ipywidgets gives a description a fixed width and ends what does not fit with "…").
CUT = """() => Array.from(document.querySelectorAll('.gdlab-explorer')).flatMap((ex) =>
    Array.from(ex.querySelectorAll('.widget-label, .widget-readout, .jupyter-button, '
                                   + '.widget-html-content'))
        .filter((e) => e.getBoundingClientRect().width > 0 && e.textContent.trim()
                       && e.scrollWidth > e.clientWidth + 1)
        .map((e) => ({text: e.textContent.trim().slice(0, 60), shown: e.clientWidth,
                      needs: e.scrollWidth})))"""
# A slider squeezed by its own label: the track left to drag on, after a long description.
SHORT_TRACK = """() => Array.from(document.querySelectorAll('.gdlab-explorer .widget-slider')).map((s) => ({
    explorer: Array.from(document.querySelectorAll('.gdlab-explorer')).indexOf(s.closest('.gdlab-explorer')),
    label: (s.querySelector('.widget-label') || {}).textContent || '',
    shown: s.getBoundingClientRect().width,
    track: (s.querySelector('.noUi-target') || s).getBoundingClientRect().width}))
    .filter((s) => s.shown > 0 && s.track < 100)"""


@pytest.mark.parametrize("size", [(1280, 800, 1.0), (1024, 640, 1.25)], ids=["1280x800", "125pct"])
def test_no_chinese_label_in_an_explorer_is_cut_or_squeezes_its_slider(browser, lab_server, write_scratch,
                                                                        browser_tmp, size):
    width, height, scale = size
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        lab = harness.LabPage(page, lab_server)
        lab.open(write_scratch("zh_every_explorer.ipynb", EVERY_EXPLORER))
        if page.evaluate("() => window.jupyterapp.shell.leftCollapsed"):  # as a class sees it
            page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:toggle-main')")
        assert lab.run_all(), lab.problems()
        lab.wait_widgets_rendered()
        lab.wait_idle()
        assert page.locator(".gdlab-explorer").count() == len(EVERY_EXPLORER) - 1
        cut = page.evaluate(CUT)
        (browser_tmp / "screenshots").mkdir(exist_ok=True)
        page.screenshot(path=str(browser_tmp / "screenshots" / f"zh_labels_{width}.png"))
        assert not cut, f"at {width}×{height}, ×{scale}: text cut short: {cut}"
        short = page.evaluate(SHORT_TRACK)
        for s in short:  # which cell of EVERY_EXPLORER made it
            s["explorer"] = EVERY_EXPLORER[s["explorer"] + 1]
        assert not short, f"at {width}×{height}, ×{scale}: sliders with under 100 px to drag: {short}"
        assert not lab.kernel_errors(), lab.kernel_errors()
        page.evaluate("() => window.__gdtest_panel.sessionContext.shutdown()")
    finally:
        context.close()
