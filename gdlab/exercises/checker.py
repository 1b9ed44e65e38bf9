"""The checker: an `Exercise`, the registry, reading a learner's answer, and the `Feedback`.

In a notebook, under the prompt:

    answer = None            # replace None with your answer
    gd.exercises.check("01.2", answer)

The expected answer is computed by gdlab from the same problem or data the notebook uses (pass
`data=` when the notebook has its own), never typed in. Whatever the learner writes, `check`
returns a `Feedback` and never raises: None means "not answered yet", a string or a list of
the wrong length gets a plain-words message, a wrong number gets a hint (and, for a common
slip such as a forgotten factor 2, a hint aimed at that slip).

Adding an exercise is one `register(...)` call in the module of its notebook; the prompt goes
in the notebook only.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..data import Dataset
from ..i18n import _, lazy
from .answers import check_choice, read_numbers, show

KINDS = ("number", "integer", "vector", "choice")


@dataclass(frozen=True)
class Exercise:
    """One checkable question.

    `solution(data)` computes the expected answer from the data (or, when the exercise needs no
    data, ignores it); `default_data()` makes the data the notebook uses when it passes none.
    `mistakes` are (wrong answer as a function of data, hint for that slip) pairs. The prompt is
    not here: the notebook states it.
    """

    key: str
    solution: Callable[[Dataset | None], Any]
    hint: str
    kind: str = "number"
    rtol: float = 1e-3
    atol: float = 0.0
    choices: dict[str, str] = field(default_factory=dict)
    mistakes: tuple[tuple[Callable[[Dataset | None], Any], str], ...] = ()
    explain: str = ""
    default_data: Callable[[], Dataset] | None = None
    answer_format: str = "a number"


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: `status` is 'correct', 'wrong', 'unanswered' or 'malformed'.

    Truthy only when correct. Displays itself as a coloured box in a notebook.
    """

    key: str
    status: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", str(self.message))  # a lazy hint, in today's language

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        mark = {"correct": _("✓ Right."), "wrong": _("✗ Not yet."), "unanswered": "…", "malformed": "?"}
        return _("Exercise {key}: {verdict} {message}").format(key=self.key, verdict=mark[self.status],
                                                              message=self.message)

    def _repr_html_(self) -> str:
        back, fore, head = {
            "correct": ("#e7f5e9", "#2e7d32", _("✓ Right.")),
            "wrong": ("#fdecea", "#c62828", _("✗ Not yet.")),
            "unanswered": ("#f3f4f6", "#555555", _("No answer yet.")),
            "malformed": ("#fff6e0", "#9a6700", _("Check the form of your answer.")),
        }[self.status]
        title = _("Exercise {key}: {verdict}").format(key=html.escape(self.key), verdict=head)
        return (
            f'<div style="background:{back};border-left:4px solid {fore};padding:6px 10px;'
            f'font-size:110%"><b style="color:{fore}">{title}</b> '
            f"{html.escape(self.message)}</div>"
        )


_REGISTRY: dict[str, Exercise] = {}


def register(
    key: str,
    solution: Callable[[Dataset | None], Any],
    hint: str,
    *,
    kind: str = "number",
    rtol: float = 1e-3,
    atol: float = 0.0,
    choices: dict[str, str] | None = None,
    mistakes: Sequence[tuple[Callable[[Dataset | None], Any], str]] = (),
    explain: str = "",
    default_data: Callable[[], Dataset] | None = None,
    answer_format: str | None = None,
) -> Exercise:
    """Add an exercise to the registry under `key` (e.g. "05.1") and return it.

    kind: "number" (compared with rtol/atol), "integer" (a whole number, within atol),
    "vector" (an array of the solution's shape, each entry within rtol/atol) or "choice"
    (one of the labels of `choices`, e.g. {"a": "0.1", "b": "0.5"}; case does not matter).
    """
    if key in _REGISTRY:
        raise ValueError(f"key {key!r} is already registered")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if kind == "choice" and not choices:
        raise ValueError(f"exercise {key!r}: a choice needs `choices`")
    if answer_format is None:
        answer_format = {
            "number": lazy("a number"),
            "integer": lazy("a whole number"),
            "vector": lazy("a list of numbers"),
            "choice": lazy("one of the letters {letters}",
                           letters=", ".join(repr(c) for c in (choices or {}))),
        }[kind]
    ex = Exercise(
        key, solution, hint, kind, rtol, atol, dict(choices or {}), tuple(mistakes),
        explain, default_data, answer_format,
    )
    _REGISTRY[key] = ex
    return ex


def available() -> list[str]:
    """The keys of every registered exercise, in notebook order."""
    return sorted(_REGISTRY)


def get(key: str) -> Exercise:
    """The exercise registered under `key`; an unknown key gets the nearest one."""
    if not isinstance(key, str):
        raise TypeError(_("key must be an exercise number such as '01.2', got {key}").format(key=show(key)))
    if key not in _REGISTRY:
        parts = key.strip().split(".")
        padded = f"{parts[0].zfill(2)}.{parts[1]}" if len(parts) == 2 and parts[0].isdigit() else ""
        near = [padded] if padded in _REGISTRY else difflib.get_close_matches(key.strip(), available(), n=1,
                                                                              cutoff=0.5)
        if near:
            raise ValueError(_("no exercise {key!r}; did you mean {near!r}?").format(key=key, near=near[0]))
        raise ValueError(_("no exercise {key!r}; keys run from {first!r} to {last!r}").format(
            key=key, first=available()[0], last=available()[-1]))
    return _REGISTRY[key]


def solution(key: str, data: Dataset | None = None) -> Any:
    """The expected answer of exercise `key` (for teachers and tests), computed from the data."""
    ex = get(key)
    value = _solution(ex, data)
    return value.copy() if isinstance(value, np.ndarray) else value


def check(key: str, answer: object, data: Dataset | None = None) -> Feedback:
    """Check `answer` to exercise `key`; never raises on any answer.

    `data`: the Dataset the notebook uses, when the exercise is about data (default: the one
    the exercise was written for).
    """
    ex = get(key)
    if data is not None and not isinstance(data, Dataset):
        return Feedback(key, "malformed", _("data must be a gdlab Dataset (such as the notebook's "
                                            "`data`), got {type}.").format(type=type(data).__name__))
    if answer is None or answer is Ellipsis:  # nothing to compare yet: skip the solution's cost
        return Feedback(key, "unanswered", _("Replace None with your answer ({form}) and run the cell "
                                             "again.").format(form=ex.answer_format))
    try:
        expected = _solution(ex, data)
    except (ValueError, TypeError, ArithmeticError) as err:  # data that makes the exercise meaningless
        return Feedback(key, "malformed", _("This data cannot be used for exercise {key}: {error}. Use "
                                            "the notebook's data.").format(key=key, error=err))
    try:
        return _verdict(ex, answer, expected, data)
    except Exception:  # noqa: BLE001 - a learner's odd answer gets words, never a traceback
        return Feedback(key, "malformed", _("Your answer {answer} cannot be read as {form}.").format(
            answer=show(answer), form=ex.answer_format))


def _verdict(ex: Exercise, answer: object, expected: Any, data: Dataset | None) -> Feedback:
    key = ex.key
    if ex.kind == "choice":
        return check_choice(ex, answer, expected)
    value, problem = read_numbers(ex, answer, np.shape(expected))
    if problem:
        return Feedback(key, "malformed", problem)
    if _close(ex, value, expected):
        return Feedback(key, "correct", ex.explain or _("Well done."))
    for wrong, hint in ex.mistakes:
        try:
            slip = _expected(ex, _data_for(ex, data), wrong)
        except (ArithmeticError, ValueError):
            continue
        if _close(ex, value, slip):
            return Feedback(key, "wrong", hint)
    hint = _("Hint: {hint}").format(hint=ex.hint)
    if ex.kind in ("number", "integer"):
        hint = (_("Your answer is too large. {hint}") if value > expected
                else _("Your answer is too small. {hint}")).format(hint=hint)
    return Feedback(key, "wrong", hint)


# --- checking, internals --------------------------------------------------------------------------


def _data_for(ex: Exercise, data: Dataset | None) -> Dataset | None:
    if data is not None:
        return data
    return ex.default_data() if ex.default_data is not None else None


_SOLVED: dict[tuple[str, int | None], tuple[object, Any]] = {}


def _solution(ex: Exercise, data: Dataset | None) -> Any:
    """The expected answer, computed once per exercise and data set (some take a run to compute)."""
    key = (ex.key, None if data is None else id(data))
    hit = _SOLVED.get(key)
    if hit is not None and hit[0] is data:
        return hit[1]
    value = _expected(ex, _data_for(ex, data))
    if len(_SOLVED) > 256:
        _SOLVED.clear()
    _SOLVED[key] = (data, value)
    return value


def _expected(ex: Exercise, data: Dataset | None, fn: Callable | None = None) -> Any:
    out = (fn or ex.solution)(data)
    if ex.kind == "choice":
        return str(out).strip().lower()
    arr = np.asarray(out, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def _close(ex: Exercise, value: Any, expected: Any) -> bool:
    if ex.kind == "integer":
        return abs(value - expected) <= max(ex.atol, 0.5)
    return bool(np.all(np.isclose(value, expected, rtol=ex.rtol, atol=ex.atol)))
