"""The notebooks as stored: no outputs, the series' conventions, and well-formed Binder links.

Executing them is nbval's job (`pytest notebooks/`, with --nbval-lax from pyproject's addopts).
"""

import re
from pathlib import Path

import nbformat
import pytest
import scripts

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SERIES = [
    "00_start_here", "01_update_rule", "02_linear_regression", "03_loss_surface",
    "04_learning_rate", "05_stochastic_gradient_descent", "06_optimizers", "07_non_convex",
    "08_logistic_regression", "09_gradients_autograd", "10_handwritten_digits",
]
ZH_NOTEBOOKS = sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
BOTH = NOTEBOOKS + ZH_NOTEBOOKS
LANGUAGE_LINE = 'gd.set_language("zh")'
ALLOWED_MAGIC = "%matplotlib widget"


binder = scripts.load("tools/binder_links.py")
URL = binder.repository_url(ROOT)
BINDER = re.compile(
    r"\]\((https://mybinder\.org/v2/gh/(?P<owner>[^/\s]+)/(?P<repo>[^/\s]+)/HEAD"
    r"\?urlpath=lab/tree/notebooks/(?P<name>[^)\s]+))\)"
)


def read(path):
    return nbformat.read(path, as_version=4)


def ids(paths):
    return [binder.series_name(p).removesuffix(".ipynb") for p in paths]


def test_the_series_is_where_the_start_page_says():
    assert [p.stem for p in NOTEBOOKS] == SERIES
    start = "".join(c.source for c in read(ROOT / "notebooks" / "00_start_here.ipynb").cells)
    linked = re.findall(r"\]\((\d\d_[a-z_]+)\.ipynb\)", start)
    assert [n for n in dict.fromkeys(linked) if n != "00_start_here"] == SERIES[1:]


@pytest.mark.parametrize("path", BOTH, ids=ids(BOTH))
def test_stored_without_outputs_or_execution_counts(path):
    for i, cell in enumerate(read(path).cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {i} has stored outputs"
            assert cell.execution_count is None, f"cell {i} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_title_asks_a_question_and_says_what_you_will_learn(path):
    cells = read(path).cells
    assert cells[0].cell_type == "markdown"
    title = cells[0].source.splitlines()[0]
    assert title.startswith("# ") and title.rstrip().endswith("?"), title
    assert "You will learn" in cells[0].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_try_this_after_every_figure_and_explorer(path):
    cells = read(path).cells
    assert any("Try this" in c.source for c in cells if c.cell_type == "markdown")
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        last = cell.source.strip().splitlines()[-1] if cell.source.strip() else ""
        shows = last == "fig" or last.startswith("gd.widgets.") or last.startswith("gd.animate(")
        if not shows:
            continue
        following = [c for c in cells[i + 1 :] if c.cell_type == "markdown"][:2]
        assert any("Try this" in c.source for c in following), (
            f"cell {i} shows a figure or explorer without a 'Try this' in the next markdown cells"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_ends_with_exercises_checked_by_gdlab(path):
    cells = read(path).cells
    heads = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and "## Exercises" in c.source]
    assert heads, "no '## Exercises' section"
    after = "\n".join(c.source for c in cells[heads[-1] :] if c.cell_type == "code")
    assert "gd.exercises.check(" in after


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_no_sys_path_edits_and_no_magics_but_the_backend_line(path):
    for i, cell in enumerate(read(path).cells):
        if cell.cell_type != "code":
            continue
        assert "sys.path" not in cell.source, f"cell {i} edits sys.path"
        assert "get_ipython" not in cell.source, f"cell {i} calls get_ipython"
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped.startswith(("%", "!")):
                assert stripped == ALLOWED_MAGIC, f"cell {i} has a magic or shell line: {stripped!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_imports_gdlab_as_gd(path):
    sources = [c.source for c in read(path).cells if c.cell_type == "code"]
    assert any("import gdlab as gd" in s for s in sources[:2])


@pytest.mark.parametrize("path", BOTH, ids=ids(BOTH))
def test_binder_link_opens_this_notebook_from_the_repository_url(path):
    first = read(path).cells[0].source
    links = BINDER.findall(first)
    assert len(links) == 1, "the title cell needs exactly one Binder link (tools/binder_links.py)"
    full, owner, repo, name = links[0]
    assert (owner, repo) == binder.owner_repo(URL)
    assert name == binder.series_name(path) and (ROOT / "notebooks" / name).is_file()
    assert full == binder.binder_url(URL, name)
    assert binder.badge(URL, name) in first.splitlines()


@pytest.mark.parametrize("path", BOTH, ids=ids(BOTH))
def test_nothing_in_the_markdown_loads_from_another_host(path):
    # Offline, an image from another host is a broken picture and a console error; online it
    # is a request to that host each time the notebook opens. Links are fine, images not.
    for i, cell in enumerate(read(path).cells):
        if cell.cell_type != "markdown":
            continue
        remote = re.findall(r"!\[[^\]]*\]\((https?://[^)\s]+)", cell.source)
        remote += re.findall(r"<(?:img|script|link|iframe|video|audio|source)\b[^>]*"
                             r"(?:src|href)\s*=\s*[\"']?(https?://[^\"'\s>]+)", cell.source, re.I)
        assert not remote, f"cell {i} loads {remote}"


def test_readme_badge_is_under_the_title_and_opens_the_start_page():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    title = next(i for i, s in enumerate(lines) if s.startswith("# "))
    assert lines[title + 1] == binder.readme_badge(URL)
    assert (ROOT / "notebooks" / "00_start_here.ipynb").is_file()


def test_the_chinese_readme_badge_opens_the_chinese_start_page_and_the_readmes_link_each_other():
    lines = (ROOT / "README.zh.md").read_text(encoding="utf-8").splitlines()
    title = next(i for i, s in enumerate(lines) if s.startswith("# "))
    assert lines[title + 1] == binder.readme_badge(URL, "zh/00_start_here.ipynb")
    assert "](README.zh.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](README.md)" in "\n".join(lines)


def test_the_chinese_readme_lists_every_chinese_notebook():
    text = (ROOT / "README.zh.md").read_text(encoding="utf-8")
    linked = re.findall(r"\]\(notebooks/zh/(\d\d_[a-z_]+)\.ipynb\)", text)
    assert list(dict.fromkeys(linked)) == SERIES
    assert all((ROOT / "notebooks" / "zh" / f"{n}.ipynb").is_file() for n in ZH_SERIES)


def test_every_binder_link_in_the_repository_is_current():
    # The same check as `.venv/bin/python tools/binder_links.py --check`.
    assert binder.default_paths(ROOT)[:2] == [ROOT / "README.md", ROOT / "README.zh.md"]
    for path in binder.default_paths(ROOT):
        update = binder.update_readme if path.suffix == ".md" else binder.update_notebook
        assert not update(path, URL, check=True), (
            f"{path.name}: run .venv/bin/python tools/binder_links.py")


@pytest.mark.parametrize("path", BOTH, ids=ids(BOTH))
def test_links_between_notebooks_point_to_notebooks_that_exist(path):
    # A zh notebook's links are relative to notebooks/zh/: they open the Chinese notebook.
    text = "\n".join(c.source for c in read(path).cells if c.cell_type == "markdown")
    for target in re.findall(r"\]\(([0-9][0-9]_[A-Za-z0-9_]+\.ipynb)\)", text):
        assert (path.parent / target).is_file(), f"link to missing notebook {target}"


def test_start_page_links_every_notebook_of_the_series():
    text = "\n".join(c.source for c in read(ROOT / "notebooks" / "00_start_here.ipynb").cells)
    for name in SERIES:
        assert f"]({name}.ipynb)" in text, name


# --- the Chinese edition: notebooks/zh/ mirrors notebooks/ ----------------------------------

ZH_SERIES = [p.stem for p in ZH_NOTEBOOKS]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def test_the_chinese_edition_has_only_notebooks_of_the_series():
    # Every notebook of the series, once translated; never one the English series lacks.
    assert ZH_SERIES, "notebooks/zh/ has no notebook"
    assert set(ZH_SERIES) <= set(SERIES), set(ZH_SERIES) - set(SERIES)


@pytest.mark.parametrize("name", SERIES)
def test_every_notebook_has_its_chinese_edition(name):
    assert (ROOT / "notebooks" / "zh" / f"{name}.ipynb").is_file(), f"notebooks/zh/{name}.ipynb is missing"


def _pairs():
    return [(ROOT / "notebooks" / p.name, p) for p in ZH_NOTEBOOKS]


@pytest.mark.parametrize("en, zh", _pairs(), ids=ZH_SERIES)
def test_chinese_code_cells_are_the_english_ones_plus_the_language_line(en, zh):
    en_cells, zh_cells = read(en).cells, read(zh).cells
    assert [c.cell_type for c in zh_cells] == [c.cell_type for c in en_cells], (
        "the cells (markdown and code) differ in number or order")
    en_code = [c.source for c in en_cells if c.cell_type == "code"]
    zh_code = [c.source for c in zh_cells if c.cell_type == "code"]
    first = next(i for i, s in enumerate(zh_code) if "import gdlab as gd" in s)
    lines = zh_code[first].split("\n")
    at = lines.index("import gdlab as gd")
    assert lines[at + 1 : at + 2] == [LANGUAGE_LINE], (
        f"code cell {first}: {LANGUAGE_LINE} must come right after import gdlab as gd")
    assert sum(s.count(LANGUAGE_LINE) for s in zh_code) == 1, "one language line, no more"
    zh_code[first] = "\n".join(lines[: at + 1] + lines[at + 2 :])
    for i, (e, z) in enumerate(zip(en_code, zh_code)):
        assert z == e, f"code cell {i} differs from the English edition's"


@pytest.mark.parametrize("path", ZH_NOTEBOOKS, ids=ZH_SERIES)
def test_chinese_markdown_is_chinese(path):
    # Formulas, code and names stay as they are; the prose is Chinese. Of the letters in each
    # cell's prose (formulas, code and links set aside), most are hanzi.
    for i, cell in enumerate(read(path).cells):
        if cell.cell_type != "markdown":
            continue
        prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\]\([^)]*\)|<[^>]+>", " ", cell.source, flags=re.S)
        hanzi = len(CJK.findall(prose))
        # Words, not letters (学习率 against "learning rate"); one letter is a variable (f(a, b)).
        latin = len(re.findall(r"[A-Za-z]{2,}", prose))
        assert hanzi >= 2 * latin and hanzi >= 2, (
            f"markdown cell {i}: {hanzi} hanzi against {latin} Latin words: {cell.source[:120]!r}")


def test_nbval_collects_the_chinese_edition():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "notebooks" in config["tool"]["pytest"]["ini_options"]["testpaths"]  # recursive: zh/ too
    assert "--nbval-lax" in config["tool"]["pytest"]["ini_options"]["addopts"]


# --- tools/binder_links.py itself -------------------------------------------------------------


def test_binder_url_and_badge():
    url = "https://github.com/someone/some-repo"
    assert binder.owner_repo(url) == ("someone", "some-repo")
    assert binder.owner_repo(url + ".git") == ("someone", "some-repo")
    assert binder.binder_url(url, "01_update_rule.ipynb") == (
        "https://mybinder.org/v2/gh/someone/some-repo/HEAD?urlpath=lab/tree/notebooks/01_update_rule.ipynb"
    )
    link = binder.badge(url, "01_update_rule.ipynb")  # a notebook's: text, no image
    assert link == f"[Open in Binder]({binder.binder_url(url, '01_update_rule.ipynb')})"
    assert binder.readme_badge(url) == (  # the README's: GitHub's badge image
        f"[![Open in Binder]({binder.BADGE_IMAGE})]({binder.binder_url(url, '00_start_here.ipynb')})")
    for bad in ["http://github.com/a/b", "https://gitlab.com/a/b", "https://github.com/a"]:
        with pytest.raises(ValueError, match="Repository URL"):
            binder.owner_repo(bad)
    with pytest.raises(ValueError, match="notebook"):
        binder.binder_url(url, "../secrets.ipynb")
    zh = binder.binder_url(url, "zh/01_update_rule.ipynb")
    assert zh.endswith("lab/tree/notebooks/zh/01_update_rule.ipynb")
    for bad in ["fr/01_update_rule.ipynb", "zh/../01_update_rule.ipynb", "zh/zh/01_update_rule.ipynb"]:
        with pytest.raises(ValueError, match="notebook"):
            binder.binder_url(url, bad)
    assert binder.series_name(Path("notebooks/zh/02_lr.ipynb")) == "zh/02_lr.ipynb"
    assert binder.start_page(Path("README.zh.md")) == "zh/00_start_here.ipynb"
    assert binder.start_page(Path("README.md")) == "00_start_here.ipynb"


def test_badges_are_inserted_once_and_rewritten_in_place(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Why?\n\n**You will learn**\n- a"),
                nbformat.v4.new_code_cell("import gdlab as gd")]
    path = tmp_path / "03_loss_surface.ipynb"
    nbformat.write(nb, path)
    old = "https://github.com/old/name"
    assert binder.update_notebook(path, old)
    assert not binder.update_notebook(path, old)  # idempotent
    new = "https://github.com/new/place"
    assert binder.update_notebook(path, new, check=True)
    assert binder.update_notebook(path, new)
    source = read(path).cells[0].source
    assert source.count("mybinder.org/v2") == 1 and "new/place" in source and "old/name" not in source
    assert source.splitlines()[0] == "# Why?" and "**You will learn**" in source

    readme = tmp_path / "README.md"
    readme.write_text("# gdlab\n\nSome words.\n", encoding="utf-8")
    assert binder.update_readme(readme, new)
    assert not binder.update_readme(readme, new)
    assert readme.read_text(encoding="utf-8") == (
        f"# gdlab\n{binder.readme_badge(new)}\n\nSome words.\n"
    )


def test_an_old_badge_image_in_a_notebook_becomes_the_text_link(tmp_path):
    url = "https://github.com/someone/some-repo"
    old = f"[![Open in Binder]({binder.BADGE_IMAGE})]({binder.binder_url(url, '04_learning_rate.ipynb')})"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# Why?\n\n{old}\n\n**You will learn**\n- a")]
    path = tmp_path / "04_learning_rate.ipynb"
    nbformat.write(nb, path)
    assert binder.update_notebook(path, url)
    source = read(path).cells[0].source
    assert source.splitlines()[2] == binder.badge(url, "04_learning_rate.ipynb")
    assert "badge_logo" not in source and source.count("mybinder.org") == 1
