"""The language the course speaks: one switch, and the message catalogue behind it.

    import gdlab as gd
    gd.set_language("zh")     # every label, readout, title and message from now on in Chinese

Every string the course shows goes through ``_()`` (gettext's convention). The Chinese
catalogue is ``gdlab/locale/zh/LC_MESSAGES/gdlab.po``, read with Babel (a well-kept library
built on gettext) and turned into a ``gettext.GNUTranslations`` in memory, so no compiled
``.mo`` file is kept in the repository. English is the source language: ``_()`` returns the
message itself. The language starts as ``$GDLAB_LANG`` (``en`` when unset).

Text that is built at import time would not follow the switch, so modules call ``_()`` when
they make what they show, not at import. Text that must be written down at import (an
exercise's hints, registered when its module loads) is a ``lazy(message, **fields)``: it is
translated, and its ``{fields}`` filled in, each time it is turned into a string.

The catalogue is kept with Babel's tools: ``pybabel extract -k _ -k ngettext:1,2 -k lazy``
finds every message; ``tests/test_i18n.py`` fails when one has no Chinese entry.
"""

from __future__ import annotations

import gettext
import io
import os
import sys
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "zh")
DOMAIN = "gdlab"
LOCALE_DIR = Path(__file__).with_name("locale")
_current: str | None = None  # set by set_language(); None: from $GDLAB_LANG


def _checked(language: object, name: str) -> str:
    if not isinstance(language, str) or language not in LANGUAGES:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, LANGUAGES))}, got {language!r}")
    return language


def language() -> str:
    """The language in use: the last set_language(), else $GDLAB_LANG, else 'en'."""
    if _current is not None:
        return _current
    return _checked(os.environ.get("GDLAB_LANG", "en").strip().lower() or "en", "GDLAB_LANG")


def set_language(language: str | None) -> None:
    """Show the course in `language` ('en' or 'zh') from now on (None: back to $GDLAB_LANG)."""
    global _current
    _current = None if language is None else _checked(language, "language")
    if "matplotlib" in sys.modules:  # figures made from now on draw the language's script
        from .plots.fonts import use

        use()


def catalogue_path(language: str) -> Path:
    """The .po file that holds `language`'s messages."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """`language`'s catalogue as gettext translations (English: the messages themselves)."""
    if _checked(language, "language") == "en":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(catalogue_path(language), "rb") as po:
        catalog = read_po(po, locale="zh_Hans_CN", domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """`message` in the language in use."""
    return translations(language()).gettext(message)


def sentence(text: str) -> str:
    """`text` as a sentence of the language in use: a capital and a full stop (Chinese: 。)."""
    return _("{sentence}.").format(sentence=text[:1].upper() + text[1:])


def sentences(*texts: str) -> str:
    """Sentences one after another, as the language in use writes them: a space between two
    (Chinese: none, after its 。); empty ones left out."""
    out = ""
    for text in filter(None, texts):
        out = _("{sentences} {sentence}").format(sentences=out, sentence=text) if out else text
    return out


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for `n`, in the language in use."""
    return translations(language()).ngettext(singular, plural, n)


class Lazy:
    """A message translated when it is shown: ``str(lazy("{n} points", n=3))`` in the language in
    use then. Fields may be numbers, strings or other lazy messages."""

    __slots__ = ("message", "fields")

    def __init__(self, message: str, fields: dict) -> None:
        self.message, self.fields = message, fields

    def __str__(self) -> str:
        return _(self.message).format(**self.fields) if self.fields or "{" in self.message \
            else _(self.message)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __bool__(self) -> bool:
        return bool(self.message)

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self.message)

    def __add__(self, other: object) -> str:
        return str(self) + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + str(self)

    def __repr__(self) -> str:
        return repr(str(self))


def lazy(message: str, **fields: object) -> Lazy:
    """`message` with `fields`, translated each time it is shown (see `Lazy`)."""
    return Lazy(message, fields)
