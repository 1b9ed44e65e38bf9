"""The fonts figures are drawn with: DejaVu Sans, and for Chinese the CJK font shipped in gdlab.

A fresh machine, Binder and CI have no CJK font, and pip cannot install Debian's; so gdlab ships
a subset of Noto Sans CJK SC (SIL OFL 1.1: gdlab/fonts/, made by tools/subset_cjk_font.py) and
registers it with matplotlib when the course speaks Chinese. `font.family` is then a list,
DejaVu Sans first: matplotlib falls back glyph by glyph, so Latin letters, Greek, digits and
mathematics look the same in both editions and hanzi come from the CJK font.

    >>> rc("zh")["font.family"]
    ['DejaVu Sans', 'gdlab Noto Sans CJK SC']
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..i18n import language

#: The shipped subset (GB2312's 6,763 hanzi, Chinese punctuation, full-width forms and every
#: character of the Chinese catalogue) and its family name.
CJK_FONT = Path(__file__).resolve().parents[1] / "fonts" / "gdlab-NotoSansCJKsc-Regular-subset.otf"
CJK_FAMILY = "gdlab Noto Sans CJK SC"
LATIN_FAMILY = "DejaVu Sans"  # matplotlib's own, always there


@cache
def register_cjk() -> str:
    """Add the shipped CJK font to matplotlib's font manager (once); returns its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(CJK_FONT))
    return CJK_FAMILY


def families(lang: str | None = None) -> list[str]:
    """The `font.family` list for `lang` (default: the language in use)."""
    lang = language() if lang is None else lang
    if lang == "zh":
        return [LATIN_FAMILY, register_cjk()]
    return [LATIN_FAMILY]


def rc(lang: str | None = None) -> dict:
    """rcParams that make figures draw `lang`'s text (default: the language in use); English
    changes nothing."""
    lang = language() if lang is None else lang
    return {"font.family": families(lang)} if lang != "en" else {}


def use(lang: str | None = None) -> None:
    """Make `lang`'s fonts matplotlib's default for every figure from now on, the learner's own
    `plt.plot(...)` included (gd.set_language calls this); English puts back matplotlib's own
    default if gdlab had changed it."""
    import matplotlib as mpl

    lang = language() if lang is None else lang
    if lang != "en":
        mpl.rcParams["font.family"] = families(lang)
    elif list(mpl.rcParams["font.family"]) == families("zh"):
        mpl.rcParams["font.family"] = mpl.rcParamsDefault["font.family"]
