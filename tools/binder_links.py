"""Write the Binder links from the one repository URL in pyproject.toml ([project.urls] Repository).

    .venv/bin/python tools/binder_links.py          # rewrite the READMEs' badges and every notebook's link
    .venv/bin/python tools/binder_links.py --check  # change nothing; exit 1 if anything is out of date
    .venv/bin/python tools/binder_links.py notebooks/01_update_rule.ipynb   # only these files

Each link opens its notebook in JupyterLab on mybinder.org, the Chinese edition's (notebooks/zh/)
its Chinese one:

    https://mybinder.org/v2/gh/OWNER/REPO/HEAD?urlpath=lab/tree/notebooks/NAME.ipynb
    https://mybinder.org/v2/gh/OWNER/REPO/HEAD?urlpath=lab/tree/notebooks/zh/NAME.ipynb

The README's badge (the usual Binder badge image, for GitHub) is the line right under its title
and opens 00_start_here; README.zh.md's opens zh/00_start_here. A notebook's link is the line
right under the title in its first cell, as plain text: `[Open in Binder](...)`, so that a
notebook opened offline, in JupyterLab or Voila, requests nothing from another host to show it.
A link or badge that is there is rewritten in place (an old badge image in a notebook becomes
the text link), a missing one is inserted; nothing else in the files changes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BADGE_IMAGE = "https://mybinder.org/badge_logo.svg"
START = "00_start_here.ipynb"
ZH = "zh"  # the Chinese edition: notebooks/zh/, README.zh.md
#: A Binder line as this tool writes it, badge image or text link (any URL inside, so that
#: stale ones are found).
BADGE_LINE = re.compile(r"^\[(?:!\[Open in Binder\]\([^)]*\)|Open in Binder)\]\([^)]*\)\s*$")
GITHUB = re.compile(r"^https://github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$")
NOTEBOOK = re.compile(r"^(?:zh/)?\d\d_[A-Za-z0-9_]+\.ipynb$")


def repository_url(root: Path = ROOT) -> str:
    """[project.urls] Repository from pyproject.toml."""
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib  # Python 3.11+
    except ImportError:  # 3.10: read the one key by hand
        section = re.search(r"^\[project\.urls\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
        found = section and re.search(r'^Repository\s*=\s*"([^"]+)"', section.group(1), re.M)
        if not found:
            raise SystemExit("pyproject.toml has no [project.urls] Repository") from None
        return found.group(1)
    try:
        return tomllib.loads(text)["project"]["urls"]["Repository"]
    except KeyError:
        raise SystemExit("pyproject.toml has no [project.urls] Repository") from None


def owner_repo(url: str) -> tuple[str, str]:
    """('OWNER', 'REPO') from https://github.com/OWNER/REPO."""
    m = GITHUB.match(url.strip())
    if not m:
        raise ValueError(f"Repository URL must be https://github.com/OWNER/REPO, got {url!r}")
    return m.group(1), m.group(2)


def series_name(path: Path) -> str:
    """A notebook's name under notebooks/: 'NAME.ipynb', or 'zh/NAME.ipynb' in the Chinese edition."""
    return f"{ZH}/{path.name}" if path.parent.name == ZH else path.name


def start_page(readme: Path) -> str:
    """The notebook a README's badge opens: the start page of its edition."""
    return f"{ZH}/{START}" if readme.name == f"README.{ZH}.md" else START


def binder_url(url: str, notebook: str) -> str:
    """The mybinder.org link that opens notebooks/`notebook` in JupyterLab."""
    if not NOTEBOOK.match(notebook):
        raise ValueError("notebook must be a file name like 01_update_rule.ipynb or "
                         f"zh/01_update_rule.ipynb, got {notebook!r}")
    owner, repo = owner_repo(url)
    return f"https://mybinder.org/v2/gh/{owner}/{repo}/HEAD?urlpath=lab/tree/notebooks/{notebook}"


def badge(url: str, notebook: str) -> str:
    """A notebook's Binder line: a text link, nothing to load from another host."""
    return f"[Open in Binder]({binder_url(url, notebook)})"


def readme_badge(url: str, start: str = START) -> str:
    """The README's Binder badge: the image, as GitHub shows it, opening the start page."""
    return f"[![Open in Binder]({BADGE_IMAGE})]({binder_url(url, start)})"


def with_badge(text: str, line: str) -> str:
    """`text` with `line` right under its first '# ' title: replacing a badge there, else inserted."""
    lines = text.split("\n")
    title = next((i for i, s in enumerate(lines) if s.startswith("# ")), None)
    if title is None:
        raise ValueError("no '# ' title line to put the Binder badge under")
    nxt = title + 1
    if nxt < len(lines) and BADGE_LINE.match(lines[nxt]):
        lines[nxt] = line
    elif nxt + 1 < len(lines) and lines[nxt] == "" and BADGE_LINE.match(lines[nxt + 1]):
        lines[nxt + 1] = line
    else:
        lines[nxt:nxt] = ["", line]
    return "\n".join(lines)


def update_notebook(path: Path, url: str, check: bool = False) -> bool:
    """Put the Binder link into the notebook's first cell; True if the file changed (or would)."""
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    if not nb.cells or nb.cells[0].cell_type != "markdown":
        raise ValueError(f"{path}: the first cell must be the markdown title cell")
    cell = nb.cells[0]
    new = with_badge(cell.source, badge(url, series_name(path)))
    if new == cell.source:
        return False
    if not check:
        cell.source = new
        out = nbformat.writes(nb)
        path.write_text(out if out.endswith("\n") else out + "\n", encoding="utf-8")
    return True


def update_readme(path: Path, url: str, check: bool = False) -> bool:
    """Put the badge image (opening its edition's 00_start_here) right under the README's title."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    title = next((i for i, s in enumerate(lines) if s.startswith("# ")), None)
    if title is None:
        raise ValueError(f"{path}: no '# ' title line")
    line = readme_badge(url, start_page(path))
    nxt = title + 1
    if nxt < len(lines) and BADGE_LINE.match(lines[nxt]):
        if lines[nxt] == line:
            return False
        lines[nxt] = line
    else:
        lines.insert(nxt, line)
    if not check:
        path.write_text("\n".join(lines), encoding="utf-8")
    return True


def default_paths(root: Path = ROOT) -> list[Path]:
    """Both READMEs (the Chinese one when it is there) and every notebook of both editions."""
    readmes = [p for p in (root / "README.md", root / f"README.{ZH}.md") if p.is_file()]
    series = root / "notebooks"
    pattern = "[0-9][0-9]_*.ipynb"
    return [*readmes, *sorted(series.glob(pattern)), *sorted((series / ZH).glob(pattern))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path,
                        help="notebooks or READMEs to update (default: README.md, README.zh.md, "
                             "notebooks/NN_*.ipynb and notebooks/zh/NN_*.ipynb)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if out of date")
    args = parser.parse_args(argv)
    url = repository_url()
    owner_repo(url)  # fail early on a malformed URL
    paths = args.paths or default_paths()
    stale = []
    for path in paths:
        path = path.resolve()
        changed = (update_readme if path.suffix == ".md" else update_notebook)(path, url, args.check)
        if changed:
            stale.append(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    verb = "out of date" if args.check else "updated"
    for p in stale:
        print(f"{verb}: {p}")
    if args.check and stale:
        print("run: .venv/bin/python tools/binder_links.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
