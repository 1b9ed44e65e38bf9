"""Reading a learner's answer: a number, a whole number, a list of numbers or a choice, or why not.

Whatever was typed (text, a list of the wrong length, a boolean, a function, a number too
large for a float, a dict), the reader returns either the value in the form the exercise needs
or a plain-words message; it never raises.
"""

from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING, Any

import numpy as np

from ..i18n import _

if TYPE_CHECKING:
    from .checker import Exercise, Feedback


def show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def looks_numeric(text: str) -> bool:
    try:
        float(text.strip())
    except ValueError:
        return False
    return True


def read_numbers(ex: Exercise, answer: object, shape: tuple[int, ...]) -> tuple[Any, str]:
    """(value, "") when the answer has the right form, else (None, a plain-words message)."""
    if isinstance(answer, str):
        if ex.kind == "vector":
            return None, _("Your answer is the text {answer!r}; write {form}, no quotes.").format(
                answer=answer, form=ex.answer_format)
        if looks_numeric(answer):
            return None, _("Your answer is the text {answer!r}; write the number without quotes, "
                           "e.g. {number}.").format(answer=answer, number=answer.strip())
        return None, _("Your answer is the text {answer!r}; the answer is {form}.").format(
            answer=answer, form=ex.answer_format)
    if isinstance(answer, (bool, np.bool_)):
        return None, _("Your answer is {answer}, a yes/no value; the answer is {form}.").format(
            answer=answer, form=ex.answer_format)
    if isinstance(answer, (complex, np.complexfloating)):
        return None, _("Your answer {answer} is a complex number; the answer is {form}.").format(
            answer=answer, form=ex.answer_format)
    if callable(answer):
        return None, _("Your answer is a function; call it and give its result, {form}.").format(
            form=ex.answer_format)
    if isinstance(answer, numbers.Integral) and abs(int(answer)) > 1e308:
        return None, _("Your answer {answer} is too large to be a number gdlab can compare.").format(
            answer=show(answer))
    if isinstance(answer, (dict, set)):
        kind = type(answer).__name__
        return None, _("Your answer is a {kind}; the answer is {form}.").format(
            kind=kind, form=ex.answer_format)
    try:
        arr = np.asarray(answer)
    except Exception:  # noqa: BLE001 - anything odd a learner types gets words, not a traceback
        return None, _("Your answer cannot be read as {form}.").format(form=ex.answer_format)
    if arr.dtype.kind not in "iuf":
        return None, _("{answer} is not made of numbers; the answer is {form}.").format(
            answer=show(answer), form=ex.answer_format)
    if ex.kind in ("number", "integer"):
        if arr.size != 1:
            return None, _("Your answer has {n} numbers; the answer is {form}.").format(
                n=arr.size, form=ex.answer_format)
        value = float(arr.reshape(()))
        if not math.isfinite(value):
            return None, _("Your answer is {value}; the answer is a finite number.").format(value=value)
        return value, ""
    if arr.shape != shape:
        if arr.size == int(np.prod(shape)):
            arr = arr.reshape(shape)
        else:
            n = int(np.prod(shape))
            got = (_("Your answer has a single number; the answer has {n} ({form}).") if arr.ndim == 0
                   else _("Your answer has {size} numbers; the answer has {n} ({form})."))
            return None, got.format(size=arr.size, n=n, form=ex.answer_format)
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        return None, _("Your answer {answer} has entries that are not finite numbers.").format(
            answer=show(answer))
    return arr, ""


def check_choice(ex: Exercise, answer: object, expected: str) -> Feedback:
    from .checker import Feedback

    labels = {k.lower(): k for k in ex.choices}
    texts = {str(v).strip().lower(): k.lower() for k, v in ex.choices.items()}
    if isinstance(answer, str):
        given = answer.strip().strip("()").lower()
        given = texts.get(given, given)
    elif isinstance(answer, numbers.Real) and not isinstance(answer, (bool, np.bool_)):
        # A learner may type the option's value (0.8) instead of its letter.
        matches = [k.lower() for k, v in ex.choices.items() if looks_numeric(str(v))
                   and math.isclose(float(str(v)), float(answer), rel_tol=1e-9)]
        if not matches:
            return Feedback(ex.key, "malformed", _("Your answer {answer!r} is not one of the options; "
                                                   "answer with {form}.").format(answer=answer,
                                                                                 form=ex.answer_format))
        given = matches[0]
    else:
        return Feedback(ex.key, "malformed", _("Your answer {answer} is not one of the options; answer "
                                               "with {form}, in quotes.").format(answer=show(answer),
                                                                                 form=ex.answer_format))
    if given not in labels:
        return Feedback(ex.key, "malformed", _("{answer!r} is not one of the options; answer with "
                                               "{form}.").format(answer=answer, form=ex.answer_format))
    if given == expected:
        return Feedback(ex.key, "correct", ex.explain or _("Well done."))
    for wrong, hint in ex.mistakes:
        if str(wrong(None)).strip().lower() == given:
            return Feedback(ex.key, "wrong", hint)
    return Feedback(ex.key, "wrong", _("Hint: {hint}").format(hint=ex.hint))
