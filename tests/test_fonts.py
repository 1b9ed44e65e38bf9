"""Chinese in figures: the CJK font shipped in gdlab covers every translated string, and a figure
with Chinese text draws real glyphs, no "Glyph ... missing from font" and no blank boxes."""

import logging
import os
import subprocess
import sys
import warnings
from io import BytesIO
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
import scripts
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from PIL import Image

import gdlab as gd
from gdlab import i18n, plots
from gdlab.plots import fonts

ROOT = Path(__file__).resolve().parents[1]


tool = scripts.load("tools/subset_cjk_font.py")
CMAP = set(FT2Font(str(fonts.CJK_FONT)).get_charmap())
DEJAVU = set(FT2Font(findfont(FontProperties(family="DejaVu Sans"), fallback_to_default=False)).get_charmap())


@pytest.fixture
def zh():
    gd.set_language("zh")
    yield
    gd.set_language(None)


def catalogue():
    """(msgid, msgstr) for every translated message, plural forms included."""
    from babel.messages.pofile import read_po

    with open(i18n.catalogue_path("zh"), "rb") as po:
        for m in read_po(po):
            if not m.id:
                continue
            strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
            ids = m.id if isinstance(m.id, (list, tuple)) else [m.id]
            for s in strings:
                if s:
                    yield ids[0], s


def test_the_font_is_small_licensed_and_named_as_the_module_says():
    assert fonts.CJK_FONT.stat().st_size <= 3_000_000
    here = fonts.CJK_FONT.parent
    assert "SIL OPEN FONT LICENSE Version 1.1" in (here / "OFL.txt").read_text(encoding="utf-8")
    assert fonts.CJK_FONT.name in (here / "README.md").read_text(encoding="utf-8")
    assert FT2Font(str(fonts.CJK_FONT)).family_name == fonts.CJK_FAMILY == tool.FAMILY
    assert tool.OUT == fonts.CJK_FONT


def test_the_font_has_every_gb2312_hanzi_and_chinese_punctuation():
    level1, level2 = tool.level1_hanzi(), tool.level2_hanzi()
    assert len(level1) == 3755 and level1[0] == "啊" and level1[-1] == "座" and "熵" in level2
    missing = [c for c in level1 + level2 + tool.gb2312(1, 9) if ord(c) >= 0x80 and ord(c) not in CMAP]
    assert not missing, "".join(missing)
    assert {ord(c) for c in "，。、；：？！（）“”‘’《》【】…—·～"} <= CMAP | DEJAVU


def test_every_character_of_every_chinese_message_has_a_glyph():
    # DejaVu Sans draws what it has (Latin, Greek, ₀, →), the shipped font the rest.
    for msgid, msgstr in catalogue():
        missing = sorted({c for c in msgstr if ord(c) not in DEJAVU | CMAP and not c.isspace()})
        assert not missing, (f"{''.join(missing)!r} (in the translation of {msgid!r}) is in no font: "
                             "run .venv/bin/python tools/subset_cjk_font.py")


def test_english_changes_no_font_and_chinese_puts_the_cjk_font_after_dejavu():
    assert fonts.rc("en") == {}
    assert fonts.rc("zh") == {"font.family": ["DejaVu Sans", "gdlab Noto Sans CJK SC"]}
    before = list(mpl.rcParams["font.family"])
    try:
        gd.set_language("zh")  # the learner's own plt figures too
        assert list(mpl.rcParams["font.family"]) == fonts.families("zh")
        gd.set_language("en")
        assert list(mpl.rcParams["font.family"]) == list(mpl.rcParamsDefault["font.family"])
    finally:
        gd.set_language(None)
        mpl.rcParams["font.family"] = before


def _png(fig) -> np.ndarray:
    buffer = BytesIO()
    fig.savefig(buffer, format="png")
    return np.asarray(Image.open(buffer).convert("L"), dtype=float)


def _text_png(text: str) -> np.ndarray:
    fig, ax = plots.subplots(figsize=(3, 1))
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=20)
    return _png(fig)


@pytest.fixture
def strict_glyphs(caplog):
    """Missing glyphs are errors: matplotlib's warning (plain text), and mathtext's log line
    (text with $...$: mathtext has no font fallback, so hanzi there become dummy boxes)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing from font")
        with caplog.at_level(logging.WARNING, logger="matplotlib"):
            yield
    logged = [r.getMessage() for r in caplog.get_records("call")]
    dummies = [m for m in logged if "does not have a glyph" in m]
    assert not dummies, ("hanzi in a string with $...$ math, which mathtext draws without the CJK "
                         f"font: keep the math in its own text, or use Unicode (θ₀, ²) - {dummies[:2]}")


def test_a_chinese_figure_draws_real_glyphs(zh, strict_glyphs):
    fig, ax = plots.subplots()
    ax.plot([0, 1], [0, 1], label="损失曲线")
    ax.set_title("梯度下降：学习率 lr = 0.1，θ = (w, b)")
    ax.set_xlabel("迭代步数 k")
    ax.set_ylabel("损失 L（均方误差）")
    ax.legend()
    drawn = _png(fig)
    for t in (ax.title, ax.xaxis.label, ax.yaxis.label, *ax.get_legend().get_texts()):
        t.set_text("")
    empty = _png(fig)
    assert (np.abs(drawn - empty) > 64).sum() > 500, "the Chinese text drew (almost) nothing"
    # Real glyphs differ from each other; missing ones would all be the same .notdef box.
    one, other = _text_png("梯度"), _text_png("下降")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        box = _text_png("\ue000\ue001")  # private use: no font has them
    assert (one < 128).sum() > 100 and np.abs(one - other).sum() > 0
    assert np.abs(one - box).sum() > 0


def test_every_chinese_message_draws_without_a_missing_glyph(zh, strict_glyphs):
    fig, ax = plots.subplots(figsize=(8, 6), layout=None)
    for i, (_, msgstr) in enumerate(catalogue()):
        ax.text(0.0, (i % 40) / 40, msgstr, fontsize=8)
        if i % 40 == 39:
            _png(fig)
            ax.clear()
    _png(fig)


def test_a_planted_missing_glyph_is_caught(zh):
    # The route the two tests above rely on: a character no font has must fail them.
    fig, ax = plots.subplots()
    ax.set_title("\U0002a6a5")  # a hanzi beyond GB2312 (CJK Extension B), not in the subset
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing from font")
        with pytest.raises(UserWarning, match="missing from font"):
            _png(fig)


# The explorers' own texts outside gd.plots.style() (a legend of markers, say) take matplotlib's
# default font: Chinese there needs set_language to have set it, which it can only do once
# matplotlib is loaded. Run in a fresh interpreter, where it is not loaded yet.
_EXPLORER_IN_CHINESE = """
import sys, warnings
warnings.filterwarnings("error", message="Glyph .* missing from font")
import gdlab as gd
assert "matplotlib" not in sys.modules
if "{how}" == "set_language":
    gd.set_language("zh")
for make in (gd.widgets.logistic_explorer, gd.widgets.regression_explorer):
    ex = make(gd.make_logistic_data(seed=0) if make is gd.widgets.logistic_explorer else
              gd.make_linear_data(seed=0), display="static")
    ex.widget
    ex.png()
print("drawn in Chinese")
"""


@pytest.mark.parametrize("how", ["set_language", "GDLAB_LANG"])
def test_explorers_draw_chinese_when_the_language_came_before_matplotlib(how):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("GDLAB_LANG", None)
    if how == "GDLAB_LANG":
        env["GDLAB_LANG"] = "zh"
    out = subprocess.run([sys.executable, "-c", _EXPLORER_IN_CHINESE.format(how=how)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert "drawn in Chinese" in out.stdout, out.stderr[-2000:]
