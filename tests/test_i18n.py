"""One switch for every string the course shows: the Chinese catalogue covers every message the
code marks, has nothing the code no longer uses, and keeps each message's {fields}; and, the way
a learner sees it, with gd.set_language("zh") no English is left on screen, while "en" shows
English with no Chinese. See gdlab/i18n.py."""

from __future__ import annotations

import string
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

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
