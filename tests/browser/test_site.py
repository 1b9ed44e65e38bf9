"""The static site (`make site`, tools/build_site.py): pages that need no kernel.

The site is built into pytest's tmp dir: every notebook page exists, the index links every
page, every figure is an embedded image (no widget is left without a static picture), and
where a notebook calls gd.animate the jshtml player is there and plays in Chromium from a
file:// URL with no server at all. No page references or requests anything from another host:
each one is read for src/href/url() to other hosts and opened in Chromium from file://, where
every request is recorded, and its formulas are typeset by the site's own MathJax. Beside each
frozen explorer a note says what a reader without a kernel can do, with a Binder link.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import harness
import nbformat
import pytest

NOTEBOOKS = harness.course_notebooks()
ZH_NOTEBOOKS = harness.zh_notebooks()
BOTH = NOTEBOOKS + ZH_NOTEBOOKS
SWITCH = re.compile(r'<nav class="gdlab-lang"[^>]*>(.*?)</nav>', re.S)


def page_of(notebook: Path) -> str:
    """The page's path in the site: NAME.html, or zh/NAME.html for the Chinese edition."""
    return ("zh/" if notebook.parent.name == "zh" else "") + notebook.stem + ".html"
OWNER_REPO = re.search(r'Repository = "https://github.com/([^"]+)"',
                       (harness.REPO / "pyproject.toml").read_text()).group(1)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PNG_IMG = re.compile(r"<img\b[^>]*\bsrc=\"data:image/png;base64,", re.IGNORECASE)
EXPLORER_CALL = re.compile(r"\bgd\.widgets\.\w+\(")
JSHTML = ('class="animation"', "new Animation(")
JSHTML_FRAME = re.compile(r'frames\[\d+\] = "data:image/png;base64,')
STILL_NOTE = re.compile(r'<p class="gdlab-still-note">(.*?)</p>', re.S)
# What makes a browser fetch something: src/href/data/poster/srcset of elements that load
# (not <a href>, a link the reader may follow), and url(...) / @import in CSS.
LOADING_TAGS = r"(?:script|link|img|iframe|frame|embed|object|source|video|audio|track|image|use|input)"
FOREIGN_ATTR = re.compile(
    r"<" + LOADING_TAGS + r"\b[^>]*?\b(?:src|href|data|poster|srcset|xlink:href)\s*=\s*"
    r"[\"']?\s*((?:https?:)?//[^\"'\s>]+)", re.I)
FOREIGN_CSS = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])\s*((?:https?:)?//[^\"')\s]+)", re.I)
# The page has loaded and MathJax (where the page has it) has started and typeset it: its
# queue is empty.
TYPESET = """() => document.readyState === 'complete' && (!window.MathJax
    || (MathJax.isReady && !MathJax.Hub.queue.running && !MathJax.Hub.queue.pending))"""


def build(out: Path, executed: Path, notebooks, env) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(harness.REPO / "tools" / "build_site.py"),
           "--out", str(out), "--executed", str(executed), *map(str, notebooks)]
    return subprocess.run(cmd, env=env, cwd=harness.REPO, capture_output=True, text=True,
                          timeout=1800, stdin=subprocess.DEVNULL)


def page_problems(executed_nb, page_html: str) -> list[str]:
    """What keeps a page from showing its figures without a kernel."""
    problems = []
    pngs = 0
    for i, cell in enumerate(executed_nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"cell {i} raised {out.get('ename')}")
            data = out.get("data", {})
            pngs += "image/png" in data
            if WIDGET_VIEW in data and not ({"image/png", "text/html"} & set(data)):
                text = "".join(data.get("text/plain", ""))[:80]
                problems.append(f"cell {i} shows a widget with no static image: {text}")
    shown = len(PNG_IMG.findall(page_html))
    if shown < pngs:
        problems.append(f"page shows {shown} PNG images, the notebook made {pngs}")
    return problems


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href"]


def links(html_text: str) -> list[str]:
    parser = _Links()
    parser.feed(html_text)
    return parser.hrefs


def foreign_resources(html_text: str) -> list[str]:
    """Everything the page would load from another host (links to follow do not count)."""
    return FOREIGN_ATTR.findall(html_text) + FOREIGN_CSS.findall(html_text)


def open_offline(page, url: str) -> dict:
    """Open a site page from file://, wait for MathJax; what it typeset and what it requested."""
    console = harness.ConsoleLog(page)
    requests = harness.page_requests(page)
    page.goto(url)
    page.wait_for_function(TYPESET, timeout=60_000)
    found = page.evaluate("""() => ({
        typeset: document.querySelectorAll('.MathJax, .MathJax_Display, .MathJax_CHTML').length,
        errors: document.querySelectorAll('.MathJax_Error, .merror').length
                + (document.body.innerText.includes('Math Processing Error') ? 1 : 0),
        raw: Array.from(document.querySelectorAll('.jp-MarkdownOutput'))
             .flatMap((el) => el.innerText.match(/\\$[^$\\n]{1,80}\\$/g) || [])
             .filter((s) => /\\\\[a-zA-Z]+|[_^]/.test(s)).slice(0, 5),
    })""")
    found["requests"] = list(requests.urls)
    found["foreign"] = requests.foreign()
    found["console"] = list(console.errors)
    return found


def markdown_has_math(nb) -> bool:
    return any(re.search(r"\$[^$\n]+\$", c.source) for c in nb.cells if c.cell_type == "markdown")


def assert_animation_plays(page, url: str) -> None:
    """Open a page with a jshtml player from disk, press Play, see the frame change."""
    console = harness.ConsoleLog(page)
    page.goto(url)
    player = page.locator(".animation").first
    player.wait_for(state="visible")
    img = player.locator("img").first
    before = img.get_attribute("src")
    player.locator('button[title="Play"]').click()
    page.wait_for_function(
        "([el, src]) => el.getAttribute('src') !== src",
        arg=[img.element_handle(), before], timeout=10_000,
    )
    assert not console.errors, console.errors


# ------------------------------------------------------------------ the checker itself

SCRATCH_CELLS = [
    "%matplotlib widget\nimport matplotlib.pyplot as plt\nimport numpy as np\n"
    "from IPython.display import HTML\nfrom matplotlib.animation import FuncAnimation",
    "fig, ax = plt.subplots()\nax.plot([0, 1, 4, 9]);",
    "fig2, ax2 = plt.subplots()\n(line,) = ax2.plot([], [])\nax2.set(xlim=(0, 6), ylim=(-1, 1))\n"
    "def frame(i):\n    x = np.linspace(0, 6, 50)\n    line.set_data(x, np.sin(x + i / 2))\n"
    "    return (line,)\n"
    "anim = FuncAnimation(fig2, frame, frames=8)\nplt.close(fig2)\nHTML(anim.to_jshtml())",
    "import gdlab as gd\nex = gd.widgets.regression_explorer(gd.make_linear_data(seed=0))\nex",
    "ex.controls['steps'].value = 3",
]


def test_builder_makes_pages_that_work_without_a_kernel(browser_tmp, jupyter_env, page):
    src = browser_tmp / "site-scratch-src"
    src.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Scratch: a figure and an animation")]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in SCRATCH_CELLS]
    nbformat.write(nb, src / "01_scratch.ipynb")
    out, executed = browser_tmp / "site-scratch", browser_tmp / "site-scratch-nb"
    result = build(out, executed, [src / "01_scratch.ipynb"], jupyter_env)
    assert result.returncode == 0, result.stdout + result.stderr
    html_text = (out / "01_scratch.html").read_text()
    assert page_problems(nbformat.read(executed / "01_scratch.ipynb", 4), html_text) == []
    # The figure and the explorer's frame; the player's frames are in its JavaScript.
    assert len(PNG_IMG.findall(html_text)) == 2
    # The explorer frozen as it was after its own cell: k = 1,000, not the later 3.
    assert re.search(r"<b>step k</b>: 1,000", html_text)
    # The page shows the notebook's own code (executed with the inline backend).
    assert "%matplotlib widget" in re.sub(r"<[^>]+>", "", html_text)
    assert len(JSHTML_FRAME.findall(html_text)) == 8  # the animation's frames
    assert all(marker in html_text for marker in JSHTML)
    assert links((out / "index.html").read_text()) == ["01_scratch.html"]
    # matplotlib's own jshtml links Font Awesome from a CDN: the builder drops it.
    assert foreign_resources(html_text) == [], foreign_resources(html_text)
    # Beside the frozen explorer, what to do without a kernel; no Binder link for a notebook
    # outside notebooks/ (Binder would not find it), JupyterLab instead.
    notes = STILL_NOTE.findall(html_text)
    assert len(notes) == 1 and "make lab" in notes[0] and "mybinder.org" not in notes[0], notes
    assert_animation_plays(page, (out / "01_scratch.html").as_uri())


def test_checker_catches_a_widget_without_image_and_missing_pictures():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("explorer", outputs=[
        nbformat.v4.new_output("display_data", data={
            WIDGET_VIEW: {"model_id": "x", "version_major": 2, "version_minor": 0},
            "text/plain": "VBox(children=(FloatLogSlider(value=0.01),))"}),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="}),
    ])]
    problems = page_problems(nb, "<html>no images</html>")
    assert any("no static image" in p for p in problems), problems
    assert any("0 PNG images, the notebook made 1" in p for p in problems), problems


def test_build_fails_on_a_failing_notebook(browser_tmp, jupyter_env):
    src = browser_tmp / "site-broken-src"
    src.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(nb, src / "01_broken.ipynb")
    result = build(browser_tmp / "site-broken", browser_tmp / "site-broken-nb",
                   [src / "01_broken.ipynb"], jupyter_env)
    assert result.returncode == 1
    assert "01_broken.ipynb" in result.stderr and "ZeroDivisionError" in result.stderr


# ------------------------------------------------------------------ the course's site

@pytest.fixture(scope="session")
def course_site(browser_tmp, jupyter_env):
    out, executed = browser_tmp / "site", browser_tmp / "site-executed"
    result = build(out, executed, BOTH, jupyter_env)
    return out, executed, result


def test_site_builds_every_notebook_and_indexes_it(course_site):
    assert NOTEBOOKS, "no notebooks/NN_*.ipynb found"
    out, _, result = course_site
    assert result.returncode == 0, result.stdout + result.stderr[-5000:]
    # What `make site` prints: no warning (one kernel per notebook, each used to log
    # "Kernel is running over TCP without encryption").
    warnings = harness.log_warnings(result.stdout + result.stderr)
    assert warnings == [], "\n".join(warnings) + "\n" + result.stderr[-5000:]
    hrefs = links((out / "index.html").read_text())
    assert hrefs == ["zh/index.html"] + [nb.stem + ".html" for nb in NOTEBOOKS]
    for href in hrefs:
        assert (out / href).is_file(), href
    zh_hrefs = links((out / "zh" / "index.html").read_text())
    assert zh_hrefs == ["../index.html"] + [nb.stem + ".html" for nb in ZH_NOTEBOOKS]
    assert all((out / "zh" / h).is_file() for h in zh_hrefs)


@pytest.mark.parametrize("name", ["index.html", "zh/index.html", *map(page_of, BOTH)])
def test_site_page_links_its_counterpart_in_the_other_edition(course_site, name):
    out, _, _ = course_site
    page_file = out / name
    found = SWITCH.findall(page_file.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{name}: {len(found)} language switches"
    zh = name.startswith("zh/")
    assert ("<b>中文</b>" if zh else "<b>English</b>") in found[0]
    (href,) = re.findall(r'href="([^"]+)"', found[0])
    target = (page_file.parent / href).resolve()
    assert target.is_file(), f"{name} links {href}, which is not in the site"
    counterpart = out / (name.removeprefix("zh/") if zh else f"zh/{name}")
    if counterpart.is_file():
        assert target == counterpart.resolve(), f"{name} links {href}, not its counterpart"


@pytest.mark.parametrize("notebook", BOTH, ids=[page_of(p).removesuffix(".html") for p in BOTH])
def test_site_page(course_site, notebook):
    out, executed, result = course_site
    zh = notebook.parent.name == "zh"
    page_file = out / page_of(notebook)
    assert page_file.is_file(), result.stderr[-3000:]
    html_text = page_file.read_text()
    executed_nb = nbformat.read(executed / ("zh" if zh else "") / notebook.name, 4)
    assert page_problems(executed_nb, html_text) == []
    assert PNG_IMG.search(html_text), f"{page_file.name} has no figure"
    for i, cell in enumerate(executed_nb.cells):  # every explorer shows its figure
        if cell.cell_type == "code" and EXPLORER_CALL.search(cell.source):
            shown = "".join("".join(o.get("data", {}).get("text/html", "")) for o in cell.outputs)
            assert "<img" in shown or any("image/png" in o.get("data", {}) for o in cell.outputs), (
                f"cell {i} ({cell.source.strip()[:60]}) shows no figure")
    source = "\n".join(c.source for c in executed_nb.cells if c.cell_type == "code")
    if "gd.animate(" in source:
        for marker in JSHTML:
            assert marker in html_text, f"{page_file.name}: no jshtml player ({marker})"
    assert foreign_resources(html_text) == [], f"{page_file.name} loads from other hosts"
    # Each frozen explorer says what a reader without a kernel can do, with this notebook's
    # Binder link; no "Try this" under one asks for a drag without saying it is for the live one.
    binder = (f"https://mybinder.org/v2/gh/{OWNER_REPO}/HEAD?urlpath=lab/tree/notebooks/"
              f"{'zh/' if zh else ''}{notebook.name}")
    explorers = sum(bool(EXPLORER_CALL.search(c.source)) for c in executed_nb.cells
                    if c.cell_type == "code")
    notes = STILL_NOTE.findall(html_text)
    assert len(notes) >= explorers, f"{len(notes)} notes for {explorers} explorer cells"
    for note in notes:
        assert f'href="{binder}"' in note.replace("&amp;", "&"), note
        assert ("静止画面" if zh else "Still frame") in note
        played = "按它的播放键" if zh else "press its play button"
        assert (played in note) == ("gd.animate(" in source), note
    assert "<strong>Try this.</strong> Drag" not in html_text
    assert "<strong>试一试。</strong>拖动" not in html_text


def test_site_index_loads_nothing_from_another_host(course_site):
    out, _, _ = course_site
    assert foreign_resources((out / "index.html").read_text()) == []
    assert (out / "mathjax" / "MathJax.js").is_file(), "the site's own MathJax is missing"


@pytest.mark.parametrize("name", ["index", "zh/index", *[page_of(p).removesuffix(".html") for p in BOTH]])
def test_site_page_offline_in_the_browser(course_site, page, name):
    """From file://: no request leaves the file system, the formulas are typeset."""
    out, executed, _ = course_site
    found = open_offline(page, (out / f"{name}.html").as_uri())
    assert found["requests"], "no request recorded"
    assert found["foreign"] == [], "requests to other hosts:\n" + "\n".join(found["foreign"])
    assert found["console"] == [], found["console"]
    assert found["errors"] == 0, f"{found['errors']} MathJax errors"
    if not name.endswith("index") and markdown_has_math(nbformat.read(executed / f"{name}.ipynb", 4)):
        assert found["typeset"] > 0, "formulas not typeset"
        assert found["raw"] == [], f"TeX left as text: {found['raw']}"


def test_site_animation_plays_without_a_kernel(course_site, page):
    out, executed, _ = course_site
    animated = [nb for nb in NOTEBOOKS
                if "gd.animate(" in (harness.REPO / nb).read_text()]
    assert animated, "no notebook calls gd.animate"
    assert_animation_plays(page, (out / (animated[0].stem + ".html")).as_uri())
