"""One switch for every string the course shows: the Chinese catalogue covers every message the
code marks, has nothing the code no longer uses, and keeps each message's {fields}; and, the way
a learner sees it, with gd.set_language("zh") no English is left on screen, while "en" shows
English with no Chinese. See gdlab/i18n.py."""

from __future__ import annotations

import re
import string
from pathlib import Path

import ipywidgets as W
import numpy as np
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from matplotlib.text import Text

import gdlab as gd
from gdlab import i18n

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "ngettext": (1, 2), "lazy": None}


def _extracted() -> dict[str, tuple[str, ...]]:
    """Every message the code marks: {msgid: (msgid, plural?)} with the files it is in."""
    found: dict[str, tuple[str, ...]] = {}
    for _filename, _line, message, _comments, _context in extract_from_dir(
            ROOT / "gdlab", method_map=[("**.py", "python")], keywords=KEYWORDS):
        ids = (message,) if isinstance(message, str) else tuple(message)
        found[ids[0]] = ids
    return found


def _catalogue():
    with open(i18n.catalogue_path("zh"), "rb") as po:
        return read_po(po, locale="zh_Hans_CN")


def _fields(text: str) -> list[tuple[str, str, str]]:
    """The {name!conversion:spec} fields of a format string, sorted (literal text left out)."""
    return sorted((name, conv or "", spec or "") for _, name, spec, conv in string.Formatter().parse(text)
                  if name is not None)


def test_the_code_marks_its_messages():
    assert len(_extracted()) > 200  # the extractor finds them (a wrong keyword list finds none)


def test_every_message_has_chinese():
    catalogue = _catalogue()
    missing = []
    for msgid, ids in _extracted().items():
        entry = catalogue.get(ids if len(ids) > 1 else msgid)
        strings = () if entry is None else (entry.string if isinstance(entry.string, tuple)
                                            else (entry.string,))
        if not strings or not all(s and s.strip() for s in strings):
            missing.append(msgid)
    assert not missing, f"{len(missing)} messages have no Chinese entry in {i18n.catalogue_path('zh')}: " \
                        f"{missing[:10]}"


def test_catalogue_has_no_message_the_code_no_longer_uses():
    used = set(_extracted())
    stale = [m.id for m in _catalogue() if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in used]
    assert not stale, f"the catalogue has entries no code uses: {stale[:10]}"


def test_translations_keep_every_field():
    catalogue = _catalogue()
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for s in strings:
            try:
                if _fields(s) != _fields(ids[-1]) or (len(ids) > 1 and _fields(ids[0]) != _fields(ids[1])):
                    wrong.append((ids[0], s))
            except ValueError as err:  # an unbalanced brace
                wrong.append((ids[0], f"{s} ({err})"))
    assert not wrong, f"translations whose {{fields}} differ from the message's: {wrong[:5]}"


# --- what a learner sees: no English left in Chinese, no Chinese in English ----------------------

#: Names that stay as they are in every language (optimizers, losses, functions, tools, code).
ALLOWED = {
    "Adam", "AdaGrad", "RMSProp", "Nesterov", "Huber", "MSE", "MAE", "SGD", "softmax", "sigmoid", "lr",
    "log", "sin", "exp", "max", "min", "numpy", "epoch", "gdlab", "Dataset", "None", "True", "False",
    "JSON", "CSV", "GiB", "ipywidgets", "ipympl", "JupyterLab", "Notebook", "matplotlib", "widget", "agg",
    "pip", "install", "env", "backward", "PyTorch", "torch", "optim", "Voila", "ok", "Agg", "decay",
}
_CODE = re.compile(r"`[^`]*`|\$[^$]*\$|<[^>]*>|&\w+;|%\w+|'[^']*'")  # code, mathtext, HTML, commands, quoted
_WORD = re.compile(r"(?<![\w.=/])[A-Za-z]{3,}(?![\w(.=/])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTED = "大的抖动"  # the article's own words, quoted in English too


def chinese(text: str) -> bool:
    return bool(_CJK.search(text.replace(QUOTED, "")))


def english_words(text: str) -> list[str]:
    """The English words in `text` (3+ Latin letters) that are not names kept as they are."""
    return [w for w in _WORD.findall(_CODE.sub(" ", text)) if w not in ALLOWED]


@pytest.fixture
def zh():
    gd.set_language("zh")
    yield
    gd.set_language(None)


@pytest.fixture
def en():
    gd.set_language("en")
    yield
    gd.set_language(None)


@pytest.fixture(autouse=True)
def _static(monkeypatch):
    monkeypatch.setenv("GDLAB_DISPLAY", "static")


def _widget_texts(widget) -> list[str]:
    """Every text a widget tree shows: descriptions, tooltips, HTML, option labels, button text."""
    out = []
    for attr in ("description", "tooltip", "placeholder"):
        value = getattr(widget, attr, None)
        if isinstance(value, str):
            out.append(value)
    if isinstance(widget, (W.HTML, W.Label, W.HTMLMath)):
        out.append(widget.value)
    for option in getattr(widget, "_options_labels", ()) or ():
        out.append(str(option))
    for child in getattr(widget, "children", ()) or ():
        out += _widget_texts(child)
    return out


def cjk_font() -> bool:
    """Whether matplotlib has a font with Chinese glyphs (shipped by gdlab once the font lands)."""
    from matplotlib import font_manager

    return any("CJK" in f.name or "Hei" in f.name for f in font_manager.fontManager.ttflist)


def rendered(figure) -> None:
    """Draw `figure`; with a CJK font present, a "Glyph ... missing" warning is a failure."""
    import io
    import warnings

    with warnings.catch_warnings():
        if cjk_font():
            warnings.filterwarnings("error", message=r"Glyph .* missing")
        figure.savefig(io.BytesIO(), format="png")


def _figure_texts(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def _explorer_texts(ex) -> list[str]:
    with ex.exporting():  # the status lines the figure carries in exported frames and animations
        texts = _figure_texts(ex.figure)
        rendered(ex.figure)
    return texts + _widget_texts(ex.widget)


def _lr_past_the_limit(ex) -> None:
    for name, control in ex.controls.items():
        if name.startswith("lr") or name == "h":
            control.value = control.options[-1][1]
    if "steps" in ex.controls:
        ex.controls["steps"].value = ex.controls["steps"].options[-1][1]


def _explorers():
    data = gd.make_linear_data(seed=0)
    train, test = gd.load_digits().split(test_fraction=0.25, seed=0)
    return {
        "regression": lambda: gd.widgets.regression_explorer(data),
        "descent_1d": lambda: gd.widgets.descent_1d_explorer(),
        "double_well": lambda: gd.widgets.descent_1d_explorer("double well"),
        "race": lambda: gd.widgets.optimizer_race(),
        "race_regression": lambda: gd.widgets.optimizer_race(data, optimizers=("gd", "momentum", "adam")),
        "minibatch": lambda: gd.widgets.minibatch_explorer(data),
        "logistic": lambda: gd.widgets.logistic_explorer(),
        "gradient_check": lambda: gd.widgets.gradient_check_explorer(),
        "digits": lambda: gd.widgets.digits_explorer(train, test, epochs=2),
    }


EXPLORERS = list(_explorers())


def _shown_by(name: str) -> list[str]:
    ex = _explorers()[name]()
    try:
        texts = _explorer_texts(ex)
        _lr_past_the_limit(ex)
        texts += _explorer_texts(ex)
        texts.append(ex.current.get("message", "") or "")
        if "stability" in ex.current:
            texts.append(ex.current["stability"].words)
    finally:
        ex.close()
    return texts


@pytest.mark.parametrize("name", EXPLORERS)
def test_explorers_show_no_english_in_chinese(zh, name):
    texts = _shown_by(name)
    assert any(_CJK.search(t) for t in texts)
    left = {w: t for t in texts for w in english_words(t)}
    assert not left, f"English on screen in Chinese: {sorted(left)[:8]}, e.g. {list(left.values())[:2]}"


@pytest.mark.parametrize("name", EXPLORERS)
def test_explorers_show_no_chinese_in_english(en, name):
    texts = _shown_by(name)
    assert not [t for t in texts if chinese(t)]
    assert any(english_words(t) for t in texts)


def test_divergence_is_said_in_chinese(zh):
    ex = gd.widgets.regression_explorer(gd.make_linear_data(seed=0))
    try:
        _lr_past_the_limit(ex)
        assert ex.current["diverged_at"] is not None
        assert "发散" in ex.current["message"] and not english_words(ex.current["message"])
    finally:
        ex.close()



def test_descent_1d_at_step_0_in_chinese(zh):
    # At step 0 the 1-D explorer's table is a sentence, not a table: it is said in Chinese too.
    ex = gd.widgets.descent_1d_explorer()
    try:
        ex.controls["steps"].value = 0
        texts = _explorer_texts(ex)
    finally:
        ex.close()
    left = {w: t for t in texts for w in english_words(t)}
    assert not left, f"English on screen at step 0: {sorted(left)}, e.g. {list(left.values())[:1]}"


# ASCII ", " or ": " right after a hanzi or a number, in Chinese running text (the readouts'
# own "w = 1.48, b = 0.10" pairs are values, left alone).
_ASCII_PUNCT = re.compile(r"[\u4e00-\u9fff][,:] |\d[:] ")


@pytest.mark.parametrize("lr", [0.05, 0.8])
def test_the_stability_line_uses_chinese_punctuation(zh, lr):
    ex = gd.widgets.descent_1d_explorer(lr=lr)
    try:
        words = ex.current["stability"].words
    finally:
        ex.close()
    assert "lr =" in words and not _ASCII_PUNCT.search(words), words


@pytest.mark.parametrize("optimizer", ["gd", "adam"])
def test_chinese_sentences_end_with_a_chinese_full_stop(zh, optimizer):
    # A diverged run's readout note and an optimizer's measured indicator are made of pieces;
    # the sentence they make ends with 。 and its label takes a Chinese colon.
    ex = gd.widgets.regression_explorer(gd.make_linear_data(seed=0), optimizer=optimizer, display="static")
    try:
        ex.controls["lr"].value = 0.02 if optimizer == "gd" else 0.04  # past the GD limit; the slider's end
        texts = [ex.current["stability"].words, ex._readout.value]
    finally:
        ex.close()
    for text in texts:
        plain = re.sub(r"<[^>]+>", " ", text)
        assert not re.search(r"[\u4e00-\u9fff]\.(\s|$)", plain) and not _ASCII_PUNCT.search(plain), plain


def test_gradient_check_title_in_chinese(zh):
    # "at" has two letters, under english_words' three: the panel title is checked on its own.
    ex = gd.widgets.gradient_check_explorer()
    try:
        titles = [ax.get_title() for ax in ex.figure.axes]
    finally:
        ex.close()
    assert titles and all(" at " not in t for t in titles), titles


def _feedback(key: str) -> list[str]:
    ex = gd.exercises.get(key)
    right = gd.exercises.solution(key)
    wrong = "zz" if ex.kind == "choice" else np.asarray(right, dtype=float) * 1.7 + 3.0
    answers = [None, "x y", wrong, right, True, [1.0] * 7]
    texts = [str(gd.exercises.check(key, a).message) for a in answers]
    texts += [repr(gd.exercises.check(key, a)) for a in answers]
    texts += [gd.exercises.check(key, None)._repr_html_()]
    texts += [str(ex.hint), str(ex.explain), str(ex.answer_format)] + [str(h) for _, h in ex.mistakes]
    return texts


@pytest.mark.parametrize("key", gd.exercises.available())
def test_exercise_feedback_in_chinese(zh, key):
    texts = _feedback(key)
    left = {w: t for t in texts for w in english_words(t)}
    assert not left, f"English in exercise {key}: {sorted(left)[:8]}, e.g. {list(left.values())[:1]}"


@pytest.mark.parametrize("key", gd.exercises.available())
def test_exercise_feedback_in_english(en, key):
    texts = _feedback(key)
    assert not [t for t in texts if chinese(t)]


def _report_texts() -> list[str]:
    report = gd.check_environment()
    # The backend's name (e.g. module://ipympl.backend_nbagg) is a value, shown as it is.
    return [text.replace(report.backend, "") for text in (str(report), report._repr_html_())]


def test_environment_report_in_chinese(zh):
    texts = _report_texts()
    assert all(_CJK.search(t) for t in texts)
    assert not [w for t in texts for w in english_words(t)]


def test_environment_report_in_english(en):
    assert not [t for t in _report_texts() if _CJK.search(t)]


def _figures():
    """Every figure function of gd.plots the notebooks use, drawn once: {name: draw(fig)}."""
    data = gd.make_linear_data(seed=0)
    problem = gd.LinearRegression(data)
    traj = gd.run(problem, gd.sgd(0.01), [0.0, 0.0], 200)
    logistic = gd.make_logistic_data(seed=0)
    digits = gd.load_digits()
    hs = np.geomspace(1e-10, 1e-1, 20)
    return {
        "data_fit": lambda ax: gd.plots.data_fit(ax, data, traj.final_params),
        "loss_contours": lambda ax: (gd.plots.loss_contours(ax, problem, traj.params), ax.legend()),
        "loss_curve": lambda ax: gd.plots.loss_curve(ax, traj.losses, min_loss=problem.min_loss()),
        "loss_gaps": lambda ax: gd.plots.loss_gaps(ax, {"GD": traj}, problem.min_loss()),
        "distance_traces": lambda ax: gd.plots.distance_traces(ax, traj.params, problem.solve()),
        "lr_schedules": lambda ax: gd.plots.lr_schedules(ax, {"lr = 0.1": gd.step_decay(0.1)}, 300),
        "lr_zones": lambda ax: gd.plots.lr_zones(ax, problem.lr_limit(), lr=problem.lr_limit() / 3),
        "logistic_fit": lambda ax: gd.plots.logistic_fit(ax, logistic),
        "sigmoid_curves": lambda ax: gd.plots.sigmoid_curves(ax),
        "batch_gradients": lambda ax: gd.plots.batch_gradients(ax, problem, [0.0, 0.0], draws=20),
        "step_size_tradeoff": lambda ax: gd.plots.step_size_tradeoff(ax, hs, hs, hs**2),
        "start_to_end_1d": lambda ax: gd.plots.start_to_end_1d(ax, gd.DoubleWell(), gd.sgd(0.05), 50, n=20),
        "basins": lambda ax: gd.plots.basins(ax, gd.Himmelblau(), gd.sgd(0.01), 30, grid=8),
        "by_epoch": lambda ax: gd.plots.by_epoch(ax, {"gd": traj.losses, "adam": traj.losses}),
        "gallery": lambda ax: gd.plots.gallery(ax, digits.images[:10], digits.labels[:10]),
        "templates": lambda ax: gd.plots.templates(ax, np.zeros((10, 8, 8))),
    }


def _pair(draw):
    fig, axes = gd.plots.subplots(1, 2)
    draw(*axes)
    return fig


def _figure_cases():
    cases = {name: (lambda d: lambda: _one(d))(draw) for name, draw in _figures().items()}
    cases["sigmoid_losses"] = lambda: _pair(gd.plots.sigmoid_losses)
    cases["loss_shapes"] = lambda: _pair(gd.plots.loss_shapes)
    cases["lr_regimes_1d"] = lambda: _regimes()
    cases["loss_surface"] = lambda: _surface()
    return cases


def _one(draw):
    fig, ax = gd.plots.subplots()
    draw(ax)
    return fig


def _regimes():
    fig, axes = gd.plots.subplots(1, 4)
    gd.plots.lr_regimes_1d(axes, gd.Parabola(), [0.05, 0.2, 0.45, 0.6], 2.0)
    fig2, axes2 = gd.plots.subplots(1, 2)
    gd.plots.lr_regimes_1d(axes2, gd.DoubleWell(), [0.01, 0.3], 2.0)
    return [fig, fig2]


def _surface():
    fig, ax = gd.plots.subplots(projection="3d")
    gd.plots.loss_surface(ax, gd.LinearRegression(gd.make_linear_data(seed=0)))
    return fig


FIGURES = list(_figure_cases())


def _drawn_texts(name: str) -> list[str]:
    import matplotlib.pyplot as plt

    figs = _figure_cases()[name]()
    figs = figs if isinstance(figs, list) else [figs]
    try:
        for fig in figs:
            rendered(fig)
        return [t for fig in figs for t in _figure_texts(fig)]
    finally:
        for fig in figs:
            plt.close(fig)


@pytest.mark.parametrize("name", FIGURES)
def test_figures_in_chinese(zh, name):
    texts = _drawn_texts(name)
    left = {w: t for t in texts for w in english_words(t)}
    assert not left, f"English in gd.plots.{name}: {sorted(left)[:8]}"


@pytest.mark.parametrize("name", FIGURES)
def test_figures_in_english(en, name):
    assert not [t for t in _drawn_texts(name) if _CJK.search(t)]


def test_switching_back_and_forth_in_one_kernel():
    data = gd.make_linear_data(seed=0)
    seen = []
    try:
        for language in ("zh", "en", "zh", "en"):
            gd.set_language(language)
            ex = gd.widgets.regression_explorer(data)
            seen.append((gd.language(), _explorer_texts(ex), str(gd.exercises.check("01.1", 0.0)),
                         gd.sgd(0.1).label))
            ex.close()
    finally:
        gd.set_language(None)
    for language, texts, feedback, label in seen:
        is_zh = any(chinese(t) for t in texts + [feedback, label])
        assert is_zh == (language == "zh"), language
    assert seen[0][1:] == seen[2][1:] and seen[1][1:] == seen[3][1:]  # the same words each time
    assert seen[1][3] == "GD lr=0.1" and seen[0][3] == "梯度下降 lr=0.1"


def test_cli_follows_gdlab_lang(cli, monkeypatch):
    monkeypatch.setenv("GDLAB_LANG", "zh")
    code, out, _err = cli("--steps", "10")
    assert code == 0 and "最小二乘" in out and not english_words(out)
    monkeypatch.setenv("GDLAB_LANG", "en")
    code, out, _err = cli("--steps", "10")
    assert code == 0 and "Least squares" in out and not _CJK.search(out)


@pytest.mark.parametrize("name", ["regression", "descent_1d", "minibatch", "logistic"])
def test_chinese_sentences_follow_one_another_without_a_space(zh, name):
    # A readout's message is made of sentences (the indicator's, the step shown, where the path
    # left the view): Chinese writes them one after the other, with no space after the 。.
    data = gd.make_linear_data(seed=0)
    ex = {"regression": lambda: gd.widgets.regression_explorer(data, display="static"),
          "descent_1d": lambda: gd.widgets.descent_1d_explorer("double well", display="static"),
          "minibatch": lambda: gd.widgets.minibatch_explorer(data, steps=300, display="static"),
          "logistic": lambda: gd.widgets.logistic_explorer(steps=50, display="static")}[name]()
    try:
        ex.controls["lr"].index = len(ex.controls["lr"].options) - 1  # past the limit
        ex.controls["steps"].index = len(ex.controls["steps"].options) - 1
        message = ex.current["message"]
        shown = [message, re.sub(r"<[^>]+>", "", ex._readout.value), ex._alert.get_text()]
    finally:
        ex.close()
    assert message.count("。") >= 2, message
    for text in shown:
        assert "。 " not in text, text
