#!/usr/bin/env python3
"""Build the static site: every notebook executed and written as an HTML page, plus an index.

    make site                                    # into site/ (ignored by git)
    .venv/bin/python tools/build_site.py --out DIR [NOTEBOOK ...]

Both editions: the English pages and index in DIR, the Chinese ones (notebooks/zh/) in DIR/zh.
Every page and both indexes begin with a switch, "English ↔ 中文", that links the same page
in the other edition (its index when that page is not built).

The pages need no kernel and no network: figures are PNG images embedded in the page,
animations made with `gd.animate(...).to_jshtml()` play from their own HTML and JavaScript,
and formulas are typeset by MathJax copied into the site (site/mathjax/, from the
jupyter-server-mathjax package that `make site` installs: the `site` extra). Nothing on a page
comes from another host, so the site works from file:// on a machine that is offline. To get there the
notebooks run with `GDLAB_DISPLAY=static` (gdlab's explorers draw their frames as images
instead of live widgets) and with matplotlib's inline backend in place of `%matplotlib
widget` (an ipympl canvas has no image once the kernel is gone). Each widget a cell shows
(an explorer: its controls, figure and readout) is frozen into plain HTML as it was when that
cell finished: the figure as an image, each control as "description: value", with a note
beside it saying what a reader without a kernel can do (look at the still frame, play the
page's animation if it has one, or open the notebook live on Binder), and the "Try this"
under it says that it is for the live notebook. The page shows the notebook's own code; the
notebooks in the repo are not changed. Exits 1, naming the notebook and the cell, when a
notebook fails.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import os
import re
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from gdlab.animation import PLAYER_ICONS, offline_player

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colours in kernel tracebacks
WIDGET_BACKEND = re.compile(r"^\s*%matplotlib\s+(widget|ipympl)\s*$", re.MULTILINE)
MATHJAX_DIR = "mathjax"  # in the site, next to the pages
MATHJAX_URL = f"{MATHJAX_DIR}/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"


ZH = "zh"  # the Chinese edition: notebooks/zh/ -> site/zh/


def page_name(notebook: Path) -> str:
    return notebook.stem + ".html"


def is_zh(notebook: Path) -> bool:
    return notebook.parent.name == ZH


# The switch between the editions, at the top of every page and index.
SWITCH_STYLE = """<style>
.gdlab-lang { font: 0.95rem/1.4 system-ui, sans-serif; padding: 0.4rem 1rem; text-align: right;
  border-bottom: 1px solid #dde3ea; background: #f7f9fb; }
.gdlab-lang a, .gdlab-lang b { margin: 0 0.3rem; }
</style>
"""


def switch(zh: bool, counterpart: str) -> str:
    """'English ↔ 中文': the edition shown in bold, the other a link to `counterpart`."""
    href = html.escape(counterpart)
    en_part = f'<a href="{href}" hreflang="en" lang="en">English</a>' if zh else "<b>English</b>"
    zh_part = "<b>中文</b>" if zh else f'<a href="{href}" hreflang="zh-Hans" lang="zh-Hans">中文</a>'
    return f'<nav class="gdlab-lang" aria-label="language / 语言">{en_part} ↔ {zh_part}</nav>'


def title_of(nb) -> str:
    """The first markdown heading, else the file name."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


# nbconvert's `lab` template, less what it loads from a CDN. MathJax comes from the site's own
# copy (HTMLExporter.mathjax_url = MATHJAX_URL; the template's MathJax 2 configuration is kept).
# The MathJax package ships STIX-Web fonts only (not MathJax's default TeX fonts): the HTML-CSS
# output is told so, as the classic Jupyter Notebook did with the same files. Its placeholder
# font MathJax_Blank, which it only needs to be a font that never loads, comes from
# local('MathJax_Blank') instead of url('about:blank'): from a file:// page Chromium refuses a
# font from about:blank with a console error ("blocked by CORS policy").
# require.js goes: it is there for live widgets and old JavaScript outputs, and these pages
# have neither (widgets are frozen into HTML, jshtml players are plain script). Mermaid goes:
# the course has no diagrams (the template would import mermaid from a CDN for one).
SITE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}
<script type="text/x-mathjax-config">
MathJax.Hub.Config({"HTML-CSS": {
  availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null,
  styles: {"@font-face": {"font-family": "MathJax_Blank", src: "local('MathJax_Blank')"}}
}});
</script>
{{ super() }}
{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""

# matplotlib's jshtml player links Font Awesome from a CDN for its buttons: the link goes, and
# plain characters stand in for the icons (gdlab.animation's), so the player works offline.

# Beside each frozen explorer: what a reader without a kernel can do with it.
STILL_STYLE = """<style>
.gdlab-still-note { margin: 0.4rem 0 0.2rem; padding: 0.45rem 0.7rem; max-width: 46rem;
  border-left: 3px solid #7a9cc6; background: #f2f6fb; color: #1b1b1b; font-size: 0.95rem; }
</style>
"""


def still_note(binder: str | None, animation_below: bool, zh: bool = False) -> str:
    if zh:
        live_zh = (f'<a href="{html.escape(binder)}">在 Binder 上打开这个 notebook</a>（在浏览器里运行，'
                   '无需安装），或用 <code>make lab-zh</code> 在本机运行' if binder
                   else '在 JupyterLab 中打开这个 notebook（<code>make lab-zh</code>）')
        played_zh = "下面的动画可以在这一页上播放：按它的播放键。" if animation_below else ""
        return (f'<p class="gdlab-still-note"><b>静止画面。</b>这个探索器只有在内核运行时才会动，'
                f'而这一页没有内核：图是按旁边的设置画出的一帧。{played_zh}'
                f'要拖动滑块、按播放键，请{live_zh}。</p>')
    live = (f'<a href="{html.escape(binder)}">open this notebook live on Binder</a> (in the '
            'browser, nothing to install) or run it with <code>make lab</code>'
            if binder else 'open this notebook in JupyterLab (<code>make lab</code>)')
    played = (" The animation further down plays on this page: press its play button."
              if animation_below else "")
    return (f'<p class="gdlab-still-note"><b>Still frame.</b> This explorer moves only with a '
            f'running kernel, and this page has none: the picture is one frame, drawn with the '
            f'settings shown with it.{played} To drag the sliders and press Play, {live}.</p>')


TRY_THIS = re.compile(r"\*\*Try this\.\*\*")
TRY_THIS_ZH = re.compile(r"\*\*试一试[。.]?\*\*")


def try_this_live(source: str, binder: str | None, zh: bool = False) -> str:
    """A "Try this" under a frozen explorer, said to be for the live notebook."""
    if zh:
        where = f"[在 Binder 上打开]({binder})" if binder else "在 JupyterLab 中打开"
        return TRY_THIS_ZH.sub(f"**试一试**（在可交互的 notebook 里：{where}）：", source)
    where = f"[open it on Binder]({binder})" if binder else "open it in JupyterLab"
    return TRY_THIS.sub(f"**Try this** in the live notebook ({where}):", source)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
BOXES = {"VBoxModel": "column", "BoxModel": "column", "GridBoxModel": "column",
         "HBoxModel": "row"}
NO_STATIC_FORM = {"PlayModel", "ButtonModel", "LinkModel", "DirectionalLinkModel",
                  "ToggleButtonModel", "FileUploadModel", "ControllerModel"}


def _value_text(state: dict) -> str:
    labels, index = state.get("_options_labels"), state.get("index")
    if labels is not None and isinstance(index, int) and 0 <= index < len(labels):
        return str(labels[index])
    value = state.get("value")
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return " – ".join(f"{v:.4g}" if isinstance(v, float) else str(v) for v in value)
    return str(value)


def static_widget(model_id: str, states: dict, buffers: dict, depth: int = 0) -> str | None:
    """A widget (and its children) as static HTML, from the state the kernel last sent.

    Boxes keep their layout, images and HTML are shown as they are, a control becomes a
    line "description: value" (there is no kernel to move it), Play and buttons are left out.
    None when the model is unknown (the page then keeps nbconvert's plain-text fallback).
    """
    state = states.get(model_id)
    if state is None or depth > 50:
        return None
    name = state.get("_model_name", "")

    def children() -> str:
        parts = []
        for ref in state.get("children", []):
            part = static_widget(str(ref).removeprefix("IPY_MODEL_"), states, buffers,
                                 depth + 1)
            parts.append(part or "")
        return "".join(parts)

    if name in BOXES:
        direction = BOXES[name]
        gap = "0.2rem 1.5rem" if direction == "row" else "0.3rem"
        return (f'<div style="display:flex;flex-direction:{direction};flex-wrap:wrap;'
                f'gap:{gap};align-items:flex-start">{children()}</div>')
    if name in ("TabModel", "AccordionModel", "StackModel"):
        return f'<div style="display:flex;flex-direction:column;gap:0.5rem">{children()}</div>'
    if name == "ImageModel":
        buf = buffers.get(model_id, {}).get(("value",))
        if not buf:
            return None
        fmt = html.escape(str(state.get("format", "png")))
        return (f'<img src="data:image/{fmt};base64,{buf["data"]}" '
                f'style="max-width:100%;height:auto" alt="figure">')
    if name == "CanvasModel" and state.get("_data_url"):  # an ipympl figure's last frame
        return f'<img src="{html.escape(state["_data_url"])}" style="max-width:100%" alt="figure">'
    if name in ("HTMLModel", "HTMLMathModel"):
        return f"<div>{state.get('value', '')}</div>"
    if name == "LabelModel":
        return f"<div>{html.escape(str(state.get('value', '')))}</div>"
    if name == "OutputModel":
        parts = []
        for out in state.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                parts.append(f'<img src="data:image/png;base64,{data["image/png"]}" alt="figure">')
            elif "text/html" in data:
                parts.append("".join(data["text/html"]))
            elif "text/plain" in data or out.get("text"):
                text = "".join(data.get("text/plain", out.get("text", "")))
                parts.append(f"<pre>{html.escape(text)}</pre>")
        return "<div>" + "".join(parts) + "</div>"
    if name in NO_STATIC_FORM:
        return ""
    if "value" in state or "index" in state:
        label = html.escape(str(state.get("description", "")))
        value = html.escape(_value_text(state))
        return (f'<div style="font-size:0.95rem;color:#333"><b>{label}</b>'
                f'{": " if label else ""}{value}</div>')
    return ""


def kernel_config():
    """The kernel manager's settings: CurveZMQ keys for the kernel's loopback connection.

    Without them every kernel logs "Kernel is running over TCP without encryption" (once per
    notebook). 'auto' encrypts when the kernelspec declares it (ipykernel's does); it needs
    pyzmq built with CurveZMQ (PyPI's wheels are), else the default stays.
    """
    from traitlets.config import Config

    try:
        import zmq
        curve = zmq.has("curve")
    except ImportError:
        curve = False
    return Config({"KernelManager": {"transport_encryption": "auto"}}) if curve else Config()


def build_page(notebook: str, out: str, timeout: int, executed: str | None = None,
               binder: str | None = None, counterpart: str | None = None) -> tuple[str, str, float]:
    """Execute one notebook statically and write its page; return (page, title, seconds).

    `binder`: the notebook's Binder URL, for the notes beside frozen explorers. `counterpart`:
    the other edition's page (relative to this one), for the switch at the top. A Chinese
    notebook (notebooks/zh/) is written into `out`/zh (and `executed`/zh).
    """
    import jinja2
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    os.environ["GDLAB_DISPLAY"] = "static"  # read by gdlab.widgets in the kernel
    os.environ.pop("MPLBACKEND", None)
    start = time.perf_counter()
    path = Path(notebook)
    zh = is_zh(path)
    if zh:
        out = str(Path(out) / ZH)
        executed = executed and str(Path(executed) / ZH)
    nb = nbformat.read(path, as_version=4)
    original = {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and WIDGET_BACKEND.search(cell.source):
            original[i] = cell.source
            cell.source = WIDGET_BACKEND.sub("%matplotlib inline", cell.source)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True, config=kernel_config(),
    )
    frozen_cells = []

    def freeze_widgets(cell, cell_index, execute_reply):
        # Right after the cell that shows a widget ran: its state then, as plain HTML.
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            view = data.get(WIDGET_VIEW)
            if view:
                frozen = static_widget(view["model_id"], client.widget_state,
                                       client.widget_buffers)
                if frozen is not None:
                    later = "\n".join(c.source for c in nb.cells[cell_index + 1:]
                                      if c.cell_type == "code")
                    note = still_note(binder, "gd.animate(" in later, zh)
                    out["data"] = {"text/html": f'<div class="gdlab-still">{frozen}{note}</div>',
                                   "text/plain": data.get("text/plain", "")}
                    frozen_cells.append(cell_index)

    client.on_cell_executed = freeze_widgets
    client.execute()
    for index in frozen_cells:  # the markdown under a frozen explorer, to the next code cell
        for cell in nb.cells[index + 1:]:
            if cell.cell_type == "code":
                break
            if cell.cell_type == "markdown":
                cell.source = try_this_live(cell.source, binder, zh)
    # No live widgets on the page: nothing for a widget manager (and its CDN) to load.
    nb.metadata.pop("widgets", None)
    for i, source in original.items():  # the page shows the code as the reader would run it
        nb.cells[i].source = source
    if executed:
        Path(executed).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, Path(executed) / path.name)
    exporter = HTMLExporter(
        template_name="lab", template_file="gdlab_site.html.j2",
        mathjax_url=("../" if zh else "") + MATHJAX_URL,
        extra_loaders=[jinja2.DictLoader({"gdlab_site.html.j2": SITE_TEMPLATE})])
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    body = offline_player(body)
    body = body.replace("</head>", PLAYER_ICONS + STILL_STYLE + SWITCH_STYLE + "</head>", 1)
    if counterpart:
        body = re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + switch(zh, counterpart), body, count=1)
    if zh:
        body = re.sub(r"<html\b[^>]*>", '<html lang="zh-Hans">', body, count=1)
    Path(out).mkdir(parents=True, exist_ok=True)
    (Path(out) / page_name(path)).write_text(body, encoding="utf-8")
    return page_name(path), title_of(nb) or path.stem, time.perf_counter() - start


INDEX = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{switch_style}
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 3rem auto;
         padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }}
  h1 {{ font-size: 2rem; margin-bottom: .25rem; }}
  ol {{ padding-left: 1.5rem; }}
  li {{ margin: .5rem 0; font-size: 1.15rem; }}
  .file {{ color: #666; font-size: .9rem; }}
</style>
</head>
<body>
{switch}
<h1>{title}</h1>
<p>{intro}</p>
<ol>
{items}
</ol>
</body>
</html>
"""


INDEX_TEXT = {
    "en": ("gdlab: gradient descent you can see",
           "The notebooks of the series, executed, with their figures and animations. The "
           "explorers are still frames here: their sliders need a kernel. To drag them, open a "
           "notebook live on Binder (each page has the link) or in JupyterLab on your machine "
           "(<code>make lab</code>)."),
    "zh": ("gdlab：看得见的梯度下降",
           "课程的全部 notebook，已经执行，带着图和动画。这里的探索器是静止画面：滑块需要内核才能拖动。"
           "要拖动它们，请在 Binder 上打开 notebook（每一页都有链接），或在本机的 JupyterLab 中打开"
           "（<code>make lab-zh</code>）。"),
}


def write_index(out: Path, pages: list[tuple[str, str]], zh: bool = False, other: bool = True) -> None:
    """The index of one edition: `out`/index.html, or `out`/zh/index.html for Chinese.

    `other`: whether the other edition was built too (else no switch to it)."""
    items = "\n".join(
        f'<li><a href="{html.escape(page)}">{html.escape(title)}</a> '
        f'<span class="file">{html.escape(page)}</span></li>'
        for page, title in pages
    )
    title, intro = INDEX_TEXT["zh" if zh else "en"]
    folder = out / ZH if zh else out
    folder.mkdir(parents=True, exist_ok=True)
    text = INDEX.format(items=items, lang="zh-Hans" if zh else "en", title=html.escape(title),
                        intro=intro,
                        switch=switch(zh, "../index.html" if zh else f"{ZH}/index.html") if other else "",
                        switch_style=SWITCH_STYLE)
    (folder / "index.html").write_text(text, encoding="utf-8")


def copy_mathjax(out: Path) -> None:
    """MathJax (from the jupyter-server-mathjax package) into `out`/mathjax, for the pages."""
    spec = importlib.util.find_spec("jupyter_server_mathjax")
    if spec is None or not spec.origin:
        raise SystemExit("build_site: MathJax is missing: install the site extra "
                         "(`make site` does: pip install -e '.[lab,site]')")
    source = Path(spec.origin).parent / "static"
    if not (source / "MathJax.js").is_file():
        raise SystemExit(f"build_site: no MathJax.js in {source}")
    shutil.copytree(source, out / MATHJAX_DIR, dirs_exist_ok=True)


def binder_urls(notebooks: list[Path]) -> dict[Path, str | None]:
    """Each notebook's Binder URL (tools/binder_links.py); None for one outside notebooks/."""
    spec = importlib.util.spec_from_file_location("binder_links", REPO / "tools" / "binder_links.py")
    links = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(links)
    url = links.repository_url(REPO)
    found = {}
    series = (REPO / "notebooks").resolve()
    for nb in notebooks:
        inside = nb.resolve().parent in (series, series / ZH)
        found[nb] = links.binder_url(url, links.series_name(nb)) if inside and nb.is_file() else None
    return found


def counterparts(notebooks: list[Path]) -> dict[Path, str | None]:
    """Each page's link to the other edition: its page when that is built too, else its index;
    None when no page of the other edition is built (no switch then)."""
    built = {(is_zh(nb), nb.name) for nb in notebooks}
    editions = {zh for zh, _ in built}
    found = {}
    for nb in notebooks:
        zh = is_zh(nb)
        up = "../" if zh else f"{ZH}/"
        found[nb] = (None if (not zh) not in editions
                     else up + (page_name(nb) if (not zh, nb.name) in built else "index.html"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "site", help="output folder")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="notebooks executed at once")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument("--executed", type=Path, default=None,
                        help="also write the executed notebooks into this folder")
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help=f"default: notebooks/{NOTEBOOK_GLOB} and notebooks/zh/{NOTEBOOK_GLOB}")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or [*sorted((REPO / "notebooks").glob(NOTEBOOK_GLOB)),
                                   *sorted((REPO / "notebooks" / ZH).glob(NOTEBOOK_GLOB))]
    if not notebooks:
        print("build_site: no notebooks to build", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    copy_mathjax(args.out)
    binders = binder_urls(notebooks)
    others = counterparts(notebooks)
    if args.executed:
        args.executed.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    failures = []
    pages: dict[Path, tuple[str, str]] = {}
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {
            nb: pool.submit(build_page, str(nb), str(args.out), args.timeout,
                            str(args.executed) if args.executed else None, binders[nb], others[nb])
            for nb in notebooks
        }
        for nb, future in futures.items():
            try:
                page, title, seconds = future.result()
            except Exception as exc:  # a cell error: report it, build the rest
                message = ANSI.sub("", str(exc)).strip()[-2000:]
                failures.append(f"{nb}: {type(exc).__name__}: {message}")
                print(f"FAILED {nb}", file=sys.stderr)
                continue
            pages[nb] = (page, title)
            shown = f"{ZH}/{page}" if is_zh(nb) else page
            print(f"{shown:40s} {seconds:6.1f} s  {title}")
    editions = {zh: [pages[nb] for nb in notebooks if nb in pages and is_zh(nb) == zh]
                for zh in (False, True)}
    for zh, listed in editions.items():
        if listed or not zh:  # an English index always; a Chinese one when there are its pages
            write_index(args.out, listed, zh=zh, other=bool(editions[not zh]))
    indexes = "index.html" + (f", {ZH}/index.html" if editions[True] else "")
    print(f"{len(pages)} pages and their indexes ({indexes}) in {args.out} "
          f"({time.perf_counter() - start:.1f} s)")
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
