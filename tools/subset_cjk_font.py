"""Make gdlab's Chinese font for figures: a subset of Noto Sans CJK SC (SIL OFL 1.1).

    .venv/bin/python tools/subset_cjk_font.py            # writes gdlab/fonts/<FILE>
    .venv/bin/python tools/subset_cjk_font.py --source /path/to/NotoSansCJK-Regular.ttc

The source is Debian's `fonts-noto-cjk` (`apt-get install fonts-noto-cjk`), face "Noto Sans CJK
SC" of NotoSansCJK-Regular.ttc. The subset keeps, and only keeps, what a Chinese figure needs:

- GB2312's 6,763 hanzi: level 1, the 3,755 most common (bytes 0xB0A1-0xD7F9), and level 2,
  3,008 more (0xD8A1-0xF7FE), decoded here, so the list needs no file or network. Level 1
  alone lacks words this course needs (熵 of 交叉熵, cross-entropy, is level 2); both levels
  cost 2.8 MB, against 1.6 MB for level 1;
- GB2312's symbol rows 1-9 (0xA1A1-0xA9FE: Chinese punctuation, full-width forms, numbers
  in circles, Greek, box drawing), the CJK Symbols and Punctuation block (U+3000-U+303F) and
  the Halfwidth and Fullwidth Forms block (U+FF00-U+FFEF);
- every character of every msgstr in gdlab's Chinese catalogue (gdlab/locale/zh), so that a
  translation with a rarer hanzi gets its glyph the next time this script runs (the test
  tests/test_fonts.py fails until it has).

Latin, Greek, digits and mathematics are drawn by matplotlib's DejaVu Sans, which comes first
in the font list (gdlab/plots/fonts.py): matplotlib falls back glyph by glyph.

The family is renamed to "gdlab Noto Sans CJK SC" so that matplotlib always draws with this
file, whatever CJK fonts a machine has installed. The OFL allows modified versions (this subset
is one) under the same licence; its Reserved Font Name "Source" is not used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEBIAN_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_FACE = "Noto Sans CJK SC"
FAMILY = "gdlab Noto Sans CJK SC"
OUT = ROOT / "gdlab" / "fonts" / "gdlab-NotoSansCJKsc-Regular-subset.otf"
CATALOGUE = ROOT / "gdlab" / "locale" / "zh" / "LC_MESSAGES" / "gdlab.po"


def gb2312(first_row: int, last_row: int) -> list[str]:
    """The characters of GB2312 rows first_row..last_row (row r is lead byte 0xA0 + r)."""
    chars = []
    for lead in range(0xA0 + first_row, 0xA0 + last_row + 1):
        for trail in range(0xA1, 0xFF):
            try:
                chars.append(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:  # the unused cells of a row
                pass
    return chars


def level1_hanzi() -> list[str]:
    """GB2312 level 1: rows 16-55, 0xB0A1-0xD7F9, 3,755 hanzi in pinyin order."""
    chars = gb2312(16, 55)
    assert len(chars) == 3755, len(chars)
    return chars


def level2_hanzi() -> list[str]:
    """GB2312 level 2: rows 56-87, 0xD8A1-0xF7FE, 3,008 hanzi by radical."""
    chars = gb2312(56, 87)
    assert len(chars) == 3008, len(chars)
    return chars


def listed(catalogue: Path = CATALOGUE) -> set[str]:
    """Every character the subset must have (or DejaVu Sans, which figures try first)."""
    return set(level1_hanzi()) | set(level2_hanzi()) | set(gb2312(1, 9)) | catalogue_chars(catalogue)


def catalogue_chars(path: Path = CATALOGUE) -> set[str]:
    """Every character of every msgstr (and plural msgstr) in the Chinese catalogue."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as po:
        catalog = read_po(po)
    chars: set[str] = set()
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for s in strings:
            chars.update(s or "")
    return chars


def wanted(catalogue: Path = CATALOGUE) -> set[int]:
    """The code points the subset keeps (those the source font has; tested: all of GB2312)."""
    points = {ord(c) for c in listed(catalogue)}
    points |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    return {p for p in points if p >= 0x80}  # ASCII and Latin-1 control: DejaVu's


def dejavu_cmap() -> set[int]:
    """The code points matplotlib's DejaVu Sans has (figures try it before the CJK font)."""
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    path = findfont(FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    return set(FT2Font(path).get_charmap())


def subset(source: Path, out: Path, catalogue: Path = CATALOGUE) -> tuple[int, int]:
    """Write the subset to `out`; returns (number of characters kept, size in bytes)."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTCollection, TTFont

    if source.suffix.lower() == ".ttc":
        faces = TTCollection(source).fonts
        font = next((f for f in faces if f["name"].getDebugName(1) == SOURCE_FACE), None)
        if font is None:
            raise SystemExit(f"{source} has no face {SOURCE_FACE!r}")
    else:
        font = TTFont(source)
    have = set(font.getBestCmap())
    keep = wanted(catalogue) & have
    # The two blocks have unassigned code points; every character listed must be in a font.
    missing = {ord(c) for c in listed(catalogue) if ord(c) >= 0x80} - have - dejavu_cmap()
    options = ft_subset.Options()
    # fontTools' default layout features: matplotlib >= 3.11 shapes text with them (libraqm).
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True  # a box for anything missing, never an invisible gap
    # matplotlib forces FreeType's autohinter (rcParams text.hinting): the font's hints only add size.
    options.hinting = False
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE"]  # vertical text: figures have none
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(keep))
    subsetter.subset(font)
    rename(font)
    font.recalcTimestamp = False  # the same bytes on every run, for the same source and catalogue
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    if missing:
        print("in neither this font nor DejaVu Sans:", "".join(sorted(chr(p) for p in missing)),
              file=sys.stderr)
    return len(keep), out.stat().st_size


def rename(font) -> None:
    """Give the subset its own family name (see the module docstring)."""
    name = font["name"]
    ps = FAMILY.replace(" ", "") + "-Regular"
    for record in name.names:
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID == 4:
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = ps
        elif record.nameID == 3:
            record.string = f"{ps};subset of {SOURCE_FACE} 2.004"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [ps]
        top = cff.topDictIndex[0]
        top.FullName = FAMILY
        top.FamilyName = FAMILY


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEBIAN_TTC,
                        help=f"Noto Sans CJK .ttc or SC .otf (default: {DEBIAN_TTC}, from "
                             "Debian's fonts-noto-cjk)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"{args.source} not found: install Debian's fonts-noto-cjk "
              "('sudo apt-get install fonts-noto-cjk') or pass --source", file=sys.stderr)
        return 1
    kept, size = subset(args.source, args.out)
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    print(f"wrote {shown}: {kept} characters, {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
