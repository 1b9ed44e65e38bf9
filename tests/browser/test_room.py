"""Explorers and figures fit the notebook column in a real JupyterLab, at two window sizes.

1280×800 with the file browser open (the column is about 850 px), and 1024×640 at a device
scale of 1.25, which is what a 1280×800 window shows at 125% browser zoom (a teacher pressing
Ctrl+): the column is about 590 CSS px. For every notebook that shows an explorer: every
figure canvas and image lies inside its cell's output area, each explorer's live canvas is
drawn for the column's width (its pixels not stretched by the browser), and the type of
controls and readouts is at least 15 px. On 02: Space toggles Play while the explorer has
focus, and reset brings every control back.
"""

from __future__ import annotations

import json
import re

import harness
import pytest

SIZES = {"1280x800": (1280, 800, 1.0), "125pct": (1024, 640, 1.25)}
WITH_EXPLORERS = [p for p in harness.course_notebooks()
                  if re.search(r"\bgd\.widgets\.\w+\(", (harness.REPO / p).read_text())]

# Every figure (ipympl's drawn canvas, or an image) against the output area that holds it.
FIGURES = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output')).flatMap((o) => {
    const ob = o.getBoundingClientRect();
    return Array.from(o.querySelectorAll(
        '.jupyter-matplotlib-canvas-div > canvas:first-child, img')).map((c) => {
        const b = c.getBoundingClientRect();
        return {tag: c.tagName, left: b.left - ob.left, right: b.right - ob.right, width: b.width,
                column: ob.width, backing: c.width || c.naturalWidth,
                explorer: !!c.closest('.gdlab-explorer')};
    }).filter((f) => f.width >= 50);
})"""
# The smallest type among an explorer's labels, readouts, buttons and readout HTML.
SMALLEST_TYPE = """() => Array.from(document.querySelectorAll('.gdlab-explorer')).map((ex) => {
    let min = 1e9, what = '';
    ex.querySelectorAll('.widget-label, .widget-readout, button, select, .widget-html-content, '
                        + '.widget-html-content *').forEach((e) => {
        if (!e.textContent.trim() || e.getBoundingClientRect().width === 0) return;
        const size = parseFloat(getComputedStyle(e).fontSize);
        if (size < min) { min = size; what = e.textContent.trim().slice(0, 40); }
    });
    return {min, what};
})"""


@pytest.fixture(params=list(SIZES), scope="module")
def sized_lab(request, browser, lab_server, browser_tmp):
    """A JupyterLab page at one window size with the file browser open."""
    width, height, scale = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=scale)
    page = context.new_page()
    page.set_default_timeout(60_000)
    lab = harness.LabPage(page, lab_server)
    lab.size = request.param
    yield lab
    try:
        page.screenshot(path=str(browser_tmp / f"room-{request.param}.png"))
    except Exception:
        pass
    context.close()


def open_with_file_browser(lab, path: str) -> None:
    lab.open(path)
    page = lab.page
    if page.evaluate("() => window.jupyterapp.shell.leftCollapsed"):
        page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:toggle-main')")
    page.wait_for_function("() => !window.jupyterapp.shell.leftCollapsed")


def run(lab, path: str) -> None:
    open_with_file_browser(lab, path)
    assert lab.run_all(), lab.problems()
    lab.wait_widgets_rendered()
    lab.wait_idle()


def wait_fitted(lab, timeout: float = 30.0) -> list[dict]:
    """The figures, once every explorer's canvas has been redrawn for its column."""
    # The kernel hears the width when it is idle, after Run All; the new frame follows.
    try:
        lab.page.wait_for_function(
            f"""() => ({FIGURES})().filter((f) => f.explorer && f.tag === 'CANVAS')
                .every((f) => f.right <= 1 && f.width >= Math.min(f.column, 1000) - 2
                              && Math.abs(f.backing / window.devicePixelRatio - f.width) <= 2)""",
            timeout=timeout * 1000, polling=200)
    except Exception:
        pass  # the assertions below say what is wrong
    return lab.page.evaluate(FIGURES)


# The same weighted sum of every RGB byte: of the pixels on an explorer's canvas, and of what
# the kernel last drew for that figure (its renderer's buffer, the frame the screen should show).
_SCREEN_SUM = """(c) => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let sum = 0, n = 0;
    for (let i = 0; i < d.length; i++) if (i % 4 !== 3) { sum += d[i] * (n % 251 + 1); n++; }
    return [c.width, c.height, sum]; }"""
_KERNEL_SUM = """(lambda a: [a.shape[1], a.shape[0], int((a.ravel().astype('int64')
    * (__import__('numpy').arange(a.size) % 251 + 1)).sum())])(__import__('numpy').asarray(
    [w for w in list(__import__('ipywidgets').Widget.widgets.values())
     if {cls!r} in getattr(w, '_dom_classes', ())][0].figure.canvas.get_renderer().buffer_rgba())[..., :3])"""


def assert_screens_are_the_kernels(lab, where: str) -> None:
    """Every explorer's canvas shows exactly the frame its kernel drew last (no frame of an
    earlier layout or background left on screen), once everything has settled."""
    for ex in lab.tag_explorers():
        cls = ex["figure"]["class"]
        if not cls:
            continue
        canvas = lab.page.locator(f".{cls} {harness.FIGURE_CANVAS}").first
        canvas.scroll_into_view_if_needed()
        lab.wait_idle()
        lab.wait_canvas_stable(f".{cls}", quiet=1.5)
        screen = canvas.evaluate(_SCREEN_SUM)
        kernel = lab.kernel_json(_KERNEL_SUM.format(cls=cls).replace("\n", " "))
        assert screen == kernel, f"{where}: {ex['type']}'s canvas is not the kernel's frame"


@pytest.mark.parametrize("notebook", WITH_EXPLORERS, ids=[p.stem for p in WITH_EXPLORERS])
def test_every_figure_fits_its_cell_and_type_is_large(sized_lab, notebook):
    lab = sized_lab
    run(lab, notebook.as_posix())
    figures = wait_fitted(lab)
    where = f"{notebook.stem} at {lab.size}"
    assert any(f["explorer"] for f in figures), f"{where}: no explorer canvas found"
    for f in figures:
        # Inside the output area (1 px for rounding), whatever its width.
        assert f["left"] >= -1 and f["right"] <= 1, f"{where}: {f}"
        if f["explorer"] and f["tag"] == "CANVAS":
            # Drawn for the column, not scaled down by the browser: as many CSS px as the column
            # (up to the largest figure), and the backing store at the screen's density.
            ratio = lab.page.evaluate("() => window.devicePixelRatio")
            assert f["width"] >= min(f["column"], 1000) - 2, f"{where}: {f}"
            assert abs(f["backing"] / ratio - f["width"]) <= 2, f"{where}: stretched {f}"
    for ex in lab.page.evaluate(SMALLEST_TYPE):
        assert ex["min"] >= 15, f"{where}: {ex['min']} px type in {ex['what']!r}"
    assert_screens_are_the_kernels(lab, where)
    assert not lab.console.errors, lab.console.errors
    assert not lab.kernel_errors(), lab.kernel_errors()
    lab.page.evaluate("() => window.__gdtest_panel.sessionContext.shutdown()")


def test_space_plays_and_pauses_and_reset_restores(sized_lab):
    lab = sized_lab
    if lab.size != "1280x800":
        pytest.skip("one size is enough for the keys")
    run(lab, "notebooks/02_linear_regression.ipynb")
    found = [ex for ex in lab.tag_explorers() if {"lr", "steps", "play"} <= set(ex["controls"])]
    ex = found[0]
    lab.kernel_exec(
        "__gdtest_ex = [o for o in list(get_ipython().user_ns.values()) + list(Out.values())"
        f" if type(o).__name__ == {json.dumps(ex['type'])}][0]")
    # Slow frames, so that a Play started by Space cannot reach the end before we look.
    lab.kernel_exec("__gdtest_ex.controls['play'].interval = 3000")
    playing = "__gdtest_ex.controls['play'].playing"
    handle = lab.page.locator(f".{ex['controls']['lr']['class']} .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    lab.page.keyboard.press("Space")
    lab.wait_idle()
    assert lab.kernel_json(playing) is True
    lab.page.keyboard.press("Space")
    lab.wait_idle()
    assert lab.kernel_json(playing) is False
    # The notebook did not take the key: still one explorer cell, nothing inserted or scrolled away.
    assert handle.evaluate("(h) => h === document.activeElement")
    # Change two controls from the keyboard, then reset: both back, in the kernel and on screen.
    start = lab.kernel_json("__gdtest_ex._defaults")  # what the explorer was made with
    lab.page.keyboard.press("ArrowRight")
    lab.wait_idle()
    assert lab.kernel_json("__gdtest_ex.controls['lr'].value") != start["lr"]
    lab.page.locator(f".{ex['widget']} button:has-text('reset')").first.click()
    lab.wait_idle()
    after = lab.kernel_json("{k: v.value for k, v in __gdtest_ex.controls.items() if k != 'play'}")
    # The browser computes a log slider's value as 10**x and sends it back: equal to rounding.
    assert after == {k: pytest.approx(v, rel=1e-12) if isinstance(v, float) else v
                     for k, v in start.items()}
    lab.page.evaluate("() => window.__gdtest_panel.sessionContext.shutdown()")


@pytest.fixture(scope="module")
def projector_voila(lab_root, jupyter_env, browser_tmp):
    """`tools/serve present` on 02 (projector mode on by default), its own server."""
    server = harness.start_voila(lab_root / "notebooks" / "02_linear_regression.ipynb", jupyter_env,
                                 browser_tmp / "logs" / "voila-room.log")
    yield server
    server.stop()


def test_voila_presents_for_a_projector(browser, projector_voila, browser_tmp):
    server = projector_voila
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        console = harness.ConsoleLog(page)
        page.goto(f"{server.url}/?token={server.token}", timeout=120_000)
        page.wait_for_function(
            f"() => ({FIGURES})().some((f) => f.explorer && f.tag === 'CANVAS' && f.right <= 1"
            " && f.width >= Math.min(f.column, 1350) - 2)", timeout=120_000, polling=250)
        assert page.locator(".gdlab-explorer.gdlab-projector").count() == 1
        for f in page.evaluate(FIGURES):
            assert f["left"] >= -1 and f["right"] <= 1, f
        smallest = page.evaluate(SMALLEST_TYPE)[0]
        assert smallest["min"] >= 15 * 1.35 - 0.5, smallest  # the projector's larger controls
        prose = page.evaluate("() => parseFloat(getComputedStyle("
                              "document.querySelector('.jp-RenderedMarkdown p')).fontSize)")
        assert prose >= 19, prose  # Voila's own 14 px, enlarged
        page.screenshot(path=str(browser_tmp / "room-voila.png"))
        assert not console.errors, console.errors
    finally:
        context.close()
