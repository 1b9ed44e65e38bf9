"""Exercises checked on the spot: `gd.exercises.check("01.2", answer)` says right, or gives a hint.

In a notebook:

    answer = None            # replace None with your answer
    gd.exercises.check("01.2", answer)

The expected answer is computed by gdlab from the same problem or data the notebook uses (pass
`data=` when the notebook has its own), never typed in. Whatever the learner writes, `check`
returns a `Feedback` and never raises: None means "not answered yet", a string or a list of
the wrong length gets a plain-words message, a wrong number gets a hint (and, for a common
slip such as a forgotten factor 2, a hint aimed at that slip).

Adding an exercise is one `register(...)` call; the exercises of each notebook are grouped in
a section at the end of this file.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .data import Dataset, make_linear_data, seed_points
from .problems import LinearRegression, Parabola
from .schedules import exponential_decay, step_decay

KINDS = ("number", "integer", "vector", "choice")


@dataclass(frozen=True)
class Exercise:
    """One checkable question.

    `solution(data)` computes the expected answer from the data (or, when the exercise needs no
    data, ignores it); `default_data()` makes the data used when the notebook passes none.
    `mistakes` are (wrong answer as a function of data, hint for that slip) pairs.
    """

    key: str
    question: str
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

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        marks = {"correct": "✓ Right.", "wrong": "✗ Not yet.", "unanswered": "…", "malformed": "?"}
        mark = marks[self.status]
        return f"Exercise {self.key}: {mark} {self.message}"

    def _repr_html_(self) -> str:
        colour = {
            "correct": ("#e7f5e9", "#2e7d32", "✓ Right."),
            "wrong": ("#fdecea", "#c62828", "✗ Not yet."),
            "unanswered": ("#f3f4f6", "#555555", "No answer yet."),
            "malformed": ("#fff6e0", "#9a6700", "Check the form of your answer."),
        }[self.status]
        back, fore, head = colour
        return (
            f'<div style="background:{back};border-left:4px solid {fore};padding:6px 10px;'
            f'font-size:110%"><b style="color:{fore}">Exercise {html.escape(self.key)}: {head}</b> '
            f"{html.escape(self.message)}</div>"
        )


_REGISTRY: dict[str, Exercise] = {}


def register(
    key: str,
    question: str,
    solution: Callable[[Dataset | None], Any],
    hint: str,
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
            "number": "a number",
            "integer": "a whole number",
            "vector": "a list of numbers",
            "choice": "one of the letters " + ", ".join(repr(c) for c in (choices or {})),
        }[kind]
    ex = Exercise(
        key, question, solution, hint, kind, rtol, atol, dict(choices or {}), tuple(mistakes),
        explain, default_data, answer_format,
    )
    _REGISTRY[key] = ex
    return ex


def available() -> list[str]:
    """The keys of every registered exercise, in notebook order."""
    return sorted(_REGISTRY)


def get(key: str) -> Exercise:
    if key not in _REGISTRY:
        raise ValueError(f"no exercise {key!r}; there are {', '.join(available())}")
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
        return Feedback(key, "malformed", f"data must be a gdlab Dataset (such as the notebook's "
                                          f"`data`), "
                        f"got {type(data).__name__}.")
    if answer is None or answer is Ellipsis:  # nothing to compare yet: skip the solution's cost
        return Feedback(key, "unanswered", f"Replace None with your answer ({ex.answer_format}) "
                                           "and run the cell again.")
    expected = _solution(ex, data)
    try:
        return _verdict(ex, answer, expected, data)
    except Exception:  # noqa: BLE001 - a learner's odd answer gets words, never a traceback
        return Feedback(key, "malformed", f"Your answer {_show(answer)} cannot be read as "
                        f"{ex.answer_format}.")


def _verdict(ex: Exercise, answer: object, expected: Any, data: Dataset | None) -> Feedback:
    key = ex.key
    if ex.kind == "choice":
        return _check_choice(ex, answer, expected)
    value, problem = _as_numbers(ex, answer, np.shape(expected))
    if problem:
        return Feedback(key, "malformed", problem)
    if _close(ex, value, expected):
        return Feedback(key, "correct", ex.explain or "Well done.")
    for wrong, hint in ex.mistakes:
        try:
            slip = _expected(ex, _data_for(ex, data), wrong)
        except (ArithmeticError, ValueError):
            continue
        if _close(ex, value, slip):
            return Feedback(key, "wrong", hint)
    direction = ""
    if ex.kind in ("number", "integer"):
        direction = f"Your answer is too {'large' if value > expected else 'small'}. "
    return Feedback(key, "wrong", direction + "Hint: " + ex.hint)


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


def _looks_numeric(text: str) -> bool:
    try:
        float(text.strip())
    except ValueError:
        return False
    return True


def _as_numbers(ex: Exercise, answer: object, shape: tuple[int, ...]) -> tuple[Any, str]:
    """(value, "") when the answer has the right form, else (None, a plain-words message)."""
    if isinstance(answer, str):
        if ex.kind == "vector":
            return None, f"Your answer is the text {answer!r}; write {ex.answer_format}, no quotes."
        if _looks_numeric(answer):
            return None, (f"Your answer is the text {answer!r}; write the number without quotes, "
                          f"e.g. {answer.strip()}.")
        return None, f"Your answer is the text {answer!r}; the answer is {ex.answer_format}."
    if isinstance(answer, (bool, np.bool_)):
        return None, f"Your answer is {answer}, a yes/no value; the answer is {ex.answer_format}."
    if isinstance(answer, (complex, np.complexfloating)):
        return None, f"Your answer {answer} is a complex number; the answer is {ex.answer_format}."
    if callable(answer):
        return None, ("Your answer is a function; call it and give its result, "
                      f"{ex.answer_format}.")
    try:
        arr = np.asarray(answer)
    except Exception:  # noqa: BLE001 - anything odd a learner types gets words, not a traceback
        return None, f"Your answer cannot be read as {ex.answer_format}."
    if arr.dtype.kind not in "iuf":
        return None, f"{_show(answer)} is not made of numbers; the answer is {ex.answer_format}."
    if ex.kind in ("number", "integer"):
        if arr.size != 1:
            return None, f"Your answer has {arr.size} numbers; the answer is {ex.answer_format}."
        value = float(arr.reshape(()))
        if not math.isfinite(value):
            return None, f"Your answer is {value}; the answer is a finite number."
        return value, ""
    if arr.shape != shape:
        if arr.size == int(np.prod(shape)):
            arr = arr.reshape(shape)
        else:
            n = int(np.prod(shape))
            got = "a single number" if arr.ndim == 0 else f"{arr.size} numbers"
            return None, f"Your answer has {got}; the answer has {n} ({ex.answer_format})."
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        return None, f"Your answer {_show(answer)} has entries that are not finite numbers."
    return arr, ""


def _check_choice(ex: Exercise, answer: object, expected: str) -> Feedback:
    labels = {k.lower(): k for k in ex.choices}
    texts = {str(v).strip().lower(): k.lower() for k, v in ex.choices.items()}
    if isinstance(answer, str):
        given = answer.strip().strip("()").lower()
        given = texts.get(given, given)
    elif isinstance(answer, numbers.Real) and not isinstance(answer, (bool, np.bool_)):
        # A learner may type the option's value (0.8) instead of its letter.
        matches = [k.lower() for k, v in ex.choices.items() if _looks_numeric(str(v))
                   and math.isclose(float(str(v)), float(answer), rel_tol=1e-9)]
        if not matches:
            return Feedback(ex.key, "malformed", f"Your answer {answer!r} is not one of the "
                                                 f"options; "
                            f"answer with {ex.answer_format}.")
        given = matches[0]
    else:
        return Feedback(ex.key, "malformed", f"Your answer {_show(answer)} is not one of the "
                                             f"options; "
                        f"answer with {ex.answer_format}, in quotes.")
    if given not in labels:
        return Feedback(ex.key, "malformed", f"{answer!r} is not one of the options; answer with "
                        f"{ex.answer_format}.")
    if given == expected:
        return Feedback(ex.key, "correct", ex.explain or "Well done.")
    for wrong, hint in ex.mistakes:
        if str(wrong(None)).strip().lower() == given:
            return Feedback(ex.key, "wrong", hint)
    return Feedback(ex.key, "wrong", "Hint: " + ex.hint)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- the data the exercises are written for -------------------------------------------------------


def course_data() -> Dataset:
    """The series' data set: 100 points from y = 1.477x + 0.089 + N(0.01, 1) noise, seed 0."""
    return make_linear_data(seed=0)


def _eig(data: Dataset) -> np.ndarray:
    return np.linalg.eigvalsh(LinearRegression(data).hessian())


# === exercises for 00_start_here ==================================================================

register(
    "00.1",
    "The seed article's data come from the line y = w·x + b plus noise. What is the true slope w?",
    lambda data: data.true_w,
    "It is in the data set: `data.true_w`, or the first number in the article's model y = 1.477x "
    "+ 0.089.",
    default_data=course_data,
    explain="The article's model is y = 1.477x + 0.089 + noise; the course fits w and b back from "
            "the points.",
)

register(
    "00.2",
    "How many points does `data` hold?",
    lambda data: len(data),
    "`len(data)` counts the points.",
    kind="integer",
    default_data=course_data,
    explain="The article also makes 100 points (its listing, by mistake, makes 16).",
)

# === exercises for 01_update_rule =================================================================

_P01 = Parabola(a=3.0, c=1.0)  # f(x) = 3(x − 1)², f′(x) = 6(x − 1), f″ = 6


def _one_step(problem: Parabola, x0: float, lr: float) -> float:
    return float(x0 - lr * problem.grad(np.array([x0]))[0])


register(
    "01.1",
    "f(x) = 3(x − 1)². One step of gradient descent from x₀ = 4 with lr = 0.1: what is x₁?",
    lambda _: _one_step(_P01, 4.0, 0.1),
    "x₁ = x₀ − lr·f′(x₀), and f′(x) = 2·3·(x − 1).",
    mistakes=[
        (lambda _: 4.0 - 0.1 * 3.0 * (4.0 - 1.0), "The derivative of 3(x − 1)² is 6(x − 1), not "
                                                  "3(x − 1)."),
        (lambda _: 4.0 + 0.1 * 6.0 * (4.0 - 1.0), "Gradient descent steps against the slope: x₀ "
                                                  "minus lr·f′(x₀)."),
    ],
    explain="x₁ = 4 − 0.1·6·(4 − 1) = 2.2: one step covered 1.8 of the 3 units to the minimum at "
            "x = 1.",
)

register(
    "01.2",
    "f(x) = 3(x − 1)². Above which learning rate does gradient descent diverge?",
    lambda _: _P01.lr_limit(),
    "Each step multiplies the distance to the minimum by (1 − lr·f″). When does |1 − lr·f″| "
    "exceed 1?",
    mistakes=[
        (lambda _: 2.0 / 3.0, "Close: the boundary is 2/f″, and f″ of 3(x − 1)² is 6, not 3."),
        (lambda _: 1.0 / 6.0, "That is the rate that lands on the minimum in one step (1/f″); "
                              "the boundary of divergence is twice as large."),
    ],
    explain="2/f″ = 2/6 = 1/3: above it |1 − lr·6| > 1 and every step overshoots further.",
)

_LRS_01_3 = {"a": "0.05", "b": "0.15", "c": "0.25", "d": "0.4"}


def _oscillating_but_converging(_: object) -> str:
    f2 = float(_P01.hessian()[0, 0])
    hits = [k for k, v in _LRS_01_3.items() if -1.0 < 1.0 - float(v) * f2 < 0.0]
    return hits[0]


register(
    "01.3",
    "f(x) = 3(x − 1)². Which learning rate makes x jump from side to side of the minimum, yet "
    "still converge? (a) 0.05  (b) 0.15  (c) 0.25  (d) 0.4",
    _oscillating_but_converging,
    "Compute the factor 1 − lr·f″ for each: a negative factor flips the side every step; its size "
    "says "
    "whether the jumps shrink.",
    kind="choice",
    choices=_LRS_01_3,
    mistakes=[
        (lambda _: "a", "With 0.05 the factor 1 − 0.05·6 = 0.7 is positive: x creeps in from one "
                        "side."),
        (lambda _: "b", "With 0.15 the factor 1 − 0.15·6 = 0.1 is positive: x approaches from one "
                        "side, fast."),
        (lambda _: "d", "With 0.4 the factor 1 − 0.4·6 = −1.4: the jumps grow, so x diverges."),
    ],
    explain="1 − 0.25·6 = −0.5: each step flips x to the other side at half the distance.",
)

register(
    "01.4",
    "f(x) = 3(x − 1)². Which learning rate takes x to the minimum in exactly one step, from "
    "anywhere?",
    lambda _: 1.0 / float(_P01.hessian()[0, 0]),
    "You want x₁ = 1 whatever x₀ is: make the factor 1 − lr·f″ zero.",
    mistakes=[(lambda _: 1.0 / 3.0, "That is the boundary of divergence; the one-step rate is "
                                    "half of it.")],
    explain="lr = 1/f″ = 1/6: on a parabola this is Newton's method, and it needs to know f″.",
)

# === exercises for 02_linear_regression ===========================================================

_TWO_POINTS = np.array([[1.0, 3.5], [4.0, 9.5]])  # (x, y) rows


register(
    "02.1",
    "Two points, (1, 3.5) and (4, 9.5), fix a line exactly. What are its w and b? Answer [w, b].",
    lambda _: np.linalg.solve(np.column_stack([_TWO_POINTS[:, 0], np.ones(2)]), _TWO_POINTS[:, 1]),
    "Subtract the two equations 3.5 = w·1 + b and 9.5 = w·4 + b to get w, then put w back into "
    "one of them.",
    kind="vector",
    answer_format="a list [w, b]",
    mistakes=[(lambda _: np.linalg.solve(np.column_stack([_TWO_POINTS[:, 0], np.ones(2)]),
                                         _TWO_POINTS[:, 1])[::-1],
               "Right numbers, wrong order: gdlab always writes (w, b), slope first.")],
    explain="w = (9.5 − 3.5)/(4 − 1) = 2 and b = 3.5 − 2 = 1.5. With noisy data no line passes "
            "through every point, hence a loss to minimise.",
)


def _grad_at_zero(data: Dataset) -> np.ndarray:
    return LinearRegression(data).grad(np.zeros(2))


register(
    "02.2",
    "The gradient of the MSE at (w, b) = (0, 0) for `data`: answer [∂L/∂w, ∂L/∂b].",
    _grad_at_zero,
    "At (0, 0) every residual is r_i = −y_i, so ∂L/∂w = (2/N)·Σ r_i·x_i and ∂L/∂b = (2/N)·Σ r_i. "
    "With numpy: `(2 * -data.y * data.x).mean()`.",
    kind="vector",
    answer_format="a list [dL/dw, dL/db]",
    default_data=course_data,
    mistakes=[
        (lambda d: _grad_at_zero(d) / 2, "Half of the right answer: the derivative of r² is 2r."),
        (lambda d: -_grad_at_zero(d), "The sign is flipped: the residual is w·x + b − y, which is "
                                      "−y at (0, 0)."),
        (lambda d: _grad_at_zero(d)[::-1], "Right numbers, wrong order: [∂L/∂w, ∂L/∂b]."),
        (lambda d: _grad_at_zero(d) * len(d), "That is the gradient of the sum; the MSE divides "
                                              "by N."),
    ],
    explain="Both partial derivatives are negative: increasing w or b lowers the loss, so the "
            "first "
            "step moves up and to the right.",
)

register(
    "02.3",
    "The least-squares line for `data`, the exact minimiser of the MSE: answer [w, b].",
    lambda data: LinearRegression(data).solve(),
    "Build `problem = gd.LinearRegression(data)` and look for the method that solves it exactly, "
    "or use `np.polyfit(data.x, data.y, 1)`.",
    kind="vector",
    rtol=1e-4,
    atol=1e-4,
    answer_format="a list [w, b]",
    default_data=course_data,
    mistakes=[
        (lambda d: np.array([d.true_w, d.true_b]),
         "Those are the true w and b that made the data. The noise moves the best fit away from "
         "them."),
        (lambda d: LinearRegression(d).solve()[::-1], "Right numbers, wrong order: [w, b]."),
    ],
    explain="Least squares lands near the true line but not on it: the noise tilts it a little.",
)


def _b_short(data: Dataset) -> float:
    """b* − b after the listing's run: 100,000 plain GD steps at lr 1e-4 from (0, 0)."""
    from .exact import exact_trajectory

    problem = LinearRegression(data)
    theta, _ = exact_trajectory(problem, 1e-4, [0.0, 0.0], 100_000).at(100_000)
    return float(problem.solve()[1] - theta[1])


register(
    "02.4",
    "The listing runs 100,000 steps at lr = 1e-4 from (0, 0) on its 16 points "
    "(`gd.seed_points(seed=0)`). How far short of the least-squares b* does its b stop? Answer b* "
    "− b.",
    _b_short,
    "`gd.exact_trajectory(problem, 1e-4, [0, 0], 100_000).at(100_000)` gives (θ, loss) after the "
    "run "
    "in one call; θ is (w, b). Compare θ[1] with `problem.solve()[1]`.",
    rtol=1e-2,
    default_data=lambda: seed_points(seed=0),
    mistakes=[(lambda d: -_b_short(d), "Right size, wrong sign: b* − b, and b stops below b*.")],
    explain="b still climbs when the loop ends: along b the loss is so flat that lr 1e-4 barely "
            "moves it.",
)

register(
    "02.5",
    "The listing's 16 points (`gd.seed_points(seed=0)`): what is the largest |residual| of the "
    "least-squares line through them?",
    lambda data: float(np.max(np.abs(LinearRegression(data).predict(LinearRegression(data).solve())
                                     - data.y))),
    "Fit the least-squares line to the 16 points and look at y − (w·x + b). Are the points on a "
    "line?",
    atol=1e-9,
    default_data=lambda: seed_points(seed=0),
    explain="Zero (to rounding): the listing adds one shared noise value to every point, so they "
            "lie "
            "exactly on a line and there is nothing approximate to solve.",
)

# === exercises for 03_loss_surface ================================================================

register(
    "03.1",
    "The condition number λ_max/λ_min of the MSE's Hessian for `data`.",
    lambda data: LinearRegression(data).condition_number(),
    "`np.linalg.eigvalsh(problem.hessian())` gives the two eigenvalues, smallest first.",
    rtol=1e-2,
    default_data=course_data,
    mistakes=[(lambda d: float(np.sqrt(LinearRegression(d).condition_number())),
               "That is the square root; the condition number is the ratio of the eigenvalues "
               "themselves.")],
    explain="Hundreds: the bowl is hundreds of times steeper across the valley than along it.",
)

register(
    "03.2",
    "The same condition number after feature scaling, for `data.standardized()`.",
    lambda data: LinearRegression(data.standardized()).condition_number(),
    "Standardised x has mean 0 and variance 1. Write the Hessian 2·[[mean(x²), mean(x)], "
    "[mean(x), 1]] "
    "with those numbers.",
    rtol=1e-3,
    default_data=course_data,
    explain="Exactly 1: the contours are circles, and every direction is equally steep.",
)


def _slow_direction(data: Dataset) -> str:
    _, vecs = np.linalg.eigh(LinearRegression(data).hessian())
    slow = vecs[:, 0]
    return "b" if abs(slow[1]) > abs(slow[0]) else "w"


register(
    "03.3",
    "Along which parameter does gradient descent crawl on `data`: 'w' or 'b'?",
    _slow_direction,
    "Find the eigenvector of the smallest eigenvalue (`np.linalg.eigh` returns them as columns): "
    "which "
    "of its two entries, (w, b), is larger?",
    kind="choice",
    choices={"w": "w", "b": "b"},
    default_data=course_data,
    explain="The slow direction points almost along b: x is large (up to 15), so the loss is "
            "steep in "
            "w and flat in b.",
)

register(
    "03.4",
    "The Hessian of the MSE does not depend on y. Compute it for `data` from x alone: answer the "
    "2×2 matrix [[H_ww, H_wb], [H_bw, H_bb]].",
    lambda data: LinearRegression(data).hessian(),
    "Differentiate (2/N)·Σ r_i·(x_i, 1) once more: H = (2/N)·Σ (x_i, 1)ᵀ(x_i, 1), so H_ww = "
    "2·mean(x²).",
    kind="vector",
    rtol=1e-4,
    answer_format="a 2×2 list of lists",
    default_data=course_data,
    mistakes=[(lambda d: LinearRegression(d).hessian() / 2, "Half of the right answer: keep the 2 "
        "from r².")],
    explain="H_bb = 2 whatever the data; H_ww = 2·mean(x²) grows with the square of the x values.",
)

# === exercises for 04_learning_rate ===============================================================

register(
    "04.1",
    "The stability limit for `data`: the learning rate above which plain gradient descent "
    "diverges.",
    lambda data: 2.0 / _eig(data)[-1],
    "2 divided by the largest eigenvalue of the Hessian.",
    rtol=5e-3,  # three significant figures, as the notebooks print it (0.0131), are enough
    default_data=course_data,
    mistakes=[
        (lambda d: 2.0 / _eig(d)[0], "That uses the smallest eigenvalue; the steepest direction "
                                     "sets the limit."),
        (lambda d: 1.0 / _eig(d)[-1], "Close: the limit is 2/λ_max, not 1/λ_max."),
    ],
    explain="Every rate below it converges; the article's 1e-4 is more than a hundred times "
            "smaller.",
)

register(
    "04.2",
    "The best fixed learning rate for `data`: the one that makes the slowest direction shrink "
    "fastest.",
    lambda data: 2.0 / (_eig(data)[0] + _eig(data)[-1]),
    "Balance the two factors |1 − lr·λ_min| and |1 − lr·λ_max| so that they are equal.",
    rtol=1e-3,
    default_data=course_data,
    mistakes=[
        (lambda d: 2.0 / _eig(d)[-1], "That is the stability limit: there the steep direction "
                                      "does not shrink at all."),
        (lambda d: 1.0 / _eig(d)[-1], "1/λ_max kills the steep direction in one step but leaves "
                                      "the slow one "
                                      "slower than it needs to be."),
    ],
    explain="2/(λ_min + λ_max): just below the stability limit, because λ_min is tiny here.",
)

register(
    "04.3",
    "At that best rate, by what factor does the distance to the optimum shrink per step, at "
    "worst?",
    lambda data: (_eig(data)[-1] - _eig(data)[0]) / (_eig(data)[-1] + _eig(data)[0]),
    "Put lr = 2/(λ_min + λ_max) into |1 − lr·λ_min|; write it with the condition number κ.",
    rtol=1e-4,
    default_data=course_data,
    explain="(κ − 1)/(κ + 1), close to 1 when κ is large: that is why ill-conditioned problems "
            "are slow.",
)


def _steps_to_shrink(data: Dataset) -> int:
    ev = _eig(data)
    rho = (ev[-1] - ev[0]) / (ev[-1] + ev[0])
    return int(math.ceil(math.log(1e-6) / math.log(rho)))


register(
    "04.4",
    "At the best rate, how many steps does it take to shrink the distance to the optimum a "
    "million-fold (factor 1e-6), at worst?",
    _steps_to_shrink,
    "You need ρᵏ ≤ 1e-6 with ρ the factor of the previous exercise: k = log(1e-6)/log(ρ), rounded "
    "up.",
    kind="integer",
    atol=1.0,
    default_data=course_data,
    explain="About two thousand steps; with standardised x (κ = 1) it would be one.",
)

register(
    "04.5",
    "A schedule `gd.step_decay(0.01, step_size=100, gamma=0.5)`: what is the learning rate of "
    "update 250?",
    lambda _: step_decay(0.01, step_size=100, gamma=0.5)(250),
    "The rate halves after every 100 updates: count how many halvings have happened by update 250.",
    mistakes=[
        (lambda _: 0.01 * 0.5**2.5, "Step decay halves in whole steps: ⌊250/100⌋ = 2 halvings, "
                                    "not 2.5."),
        (lambda _: exponential_decay(0.01, gamma=0.5)(250), "That is exponential decay per update; "
                                                            "step decay halves only every 100 "
                                                                "updates."),
    ],
    explain="0.01 · 0.5² = 0.0025: two halvings, at updates 100 and 200.",
)


# === exercises for 05–09 ==========================================================================
# Notebooks 05_stochastic_gradient_descent to 09_gradients_autograd: append their register(...)
# calls below, one section per notebook, keys "05.1", "05.2", ...


def _standardized_course_data() -> Dataset:
    """The course data with x standardised: what notebooks 05 and 06 run SGD on."""
    return course_data().standardized()


# === exercises for 05_stochastic_gradient_descent ================================================


def _inverse_time_rate(t: int) -> float:
    from .schedules import inverse_time_decay

    return inverse_time_decay(0.1, decay=0.02)(t)


register(
    "05.1",
    "The 100 points of `data` in mini-batches of 8: how many steps make one epoch?",
    lambda data: math.ceil(len(data) / 8),
    "An epoch visits every point once, 8 at a time. What happens to the points left over?",
    kind="integer",
    default_data=course_data,
    mistakes=[
        (lambda d: len(d) // 8, "Close: 12 batches of 8 leave 4 points, and those 4 make one more "
                                "(smaller) step."),
        (lambda d: len(d) * 8, "That multiplies; an epoch is N points shared out 8 per step."),
    ],
    explain="⌈100/8⌉ = 13: twelve batches of 8 and a last one of 4. Every epoch costs 100 "
            "point-gradients, whatever the batch size.",
)

register(
    "05.2",
    "The schedule `gd.inverse_time_decay(0.1, decay=0.02)`: what is the learning rate of update "
    "t = 200?",
    lambda _: _inverse_time_rate(200),
    "lr_t = lr / (1 + decay·t): put in t = 200.",
    mistakes=[
        (lambda _: 0.1 / (0.02 * 200), "Keep the 1 in 1 + decay·t: it is what makes lr_0 = lr."),
        (lambda _: 0.1 * (1 - 0.02) ** 200, "That is exponential decay; inverse-time decay divides "
                                            "by 1 + decay·t."),
    ],
    explain="0.1/(1 + 4) = 0.02: a fifth of the start after 200 updates, and still shrinking, "
            "slower and slower.",
)


def _sgd_floor(lr: float, last_only: bool = False) -> float:
    """L − L* of constant-rate SGD (batch size 1, 3000 steps, seed 0, from (0, 0)) on the
    standardised course data, averaged over the last 500 steps (or at the last step)."""
    import gdlab as gd

    problem = LinearRegression(_standardized_course_data())
    traj = gd.run(problem, gd.sgd(lr), [0.0, 0.0], 3000, batch_size=1, seed=0)
    losses = traj.losses[-1:] if last_only else traj.losses[-500:]
    return float(np.mean(losses) - problem.min_loss())


register(
    "05.3",
    "Run the constant-rate SGD of the section above again with lr = 0.05 (batch size 1, 3000 "
    "steps, seed 0, from (0, 0)). What is L − L*, averaged over the last 500 steps?",
    lambda _: _sgd_floor(0.05),
    "Copy the run with `gd.sgd(0.1)` and change the rate; then `np.mean(traj.losses[-500:]) - "
    "problem.min_loss()`.",
    rtol=1e-2,
    mistakes=[
        (lambda _: _sgd_floor(0.1), "That is the floor of lr = 0.1, printed above; run it with "
                                    "lr = 0.05."),
        (lambda _: _sgd_floor(0.01), "That is the floor of lr = 0.01, printed above; run it with "
                                     "lr = 0.05."),
        (lambda _: _sgd_floor(0.05, last_only=True), "That is the gap at the last step alone, "
                                                     "which jumps about; average the last 500."),
    ],
    explain="Between the floors of 0.1 and 0.01: the cloud SGD hovers in shrinks roughly in "
            "proportion to lr, and no constant rate makes it vanish.",
)

# === exercises for 06_optimizers =================================================================


def _momentum_gain(_: object) -> float:
    """Step length of SGD with momentum 0.9 after 500 equal gradients, per lr·g."""
    import gdlab as gd

    opt = gd.sgd(1.0, momentum=0.9)
    theta, state, g = np.zeros(1), opt.init(np.zeros(1)), np.ones(1)
    for _ in range(500):
        new, state = opt.update(g, state, theta)
        step, theta = float(theta[0] - new[0]), new
    return step


register(
    "06.1",
    "Momentum μ = 0.9 on a slope whose gradient g never changes: in the long run, each step is "
    "how many times as long as plain gradient descent's lr·g?",
    _momentum_gain,
    "The buffer is b = g + μ·g + μ²·g + … once it has filled up. Sum the geometric series.",
    rtol=1e-3,
    mistakes=[
        (lambda _: 0.9, "0.9 is the share of the old buffer kept each step; add up g + 0.9g + "
                        "0.81g + …"),
        (lambda _: 1.9, "That counts the last two gradients only; the buffer remembers all of "
                        "them, fading by 0.9 each step."),
    ],
    explain="1/(1 − μ) = 10: along a steady slope momentum is ten times faster; across a valley "
            "the gradients alternate in sign and cancel in the buffer.",
)


def _adam_first_step(_: object) -> np.ndarray:
    import gdlab as gd

    opt = gd.adam(0.01)
    theta0 = np.zeros(2)
    theta1, _ = opt.update(np.array([300.0, -0.002]), opt.init(theta0), theta0)
    return theta1 - theta0


register(
    "06.2",
    "Adam with lr = 0.01 takes its first step where the gradient is g = (300, −0.002). What is "
    "θ₁ − θ₀? Answer a list of two numbers.",
    _adam_first_step,
    "On the first step m̂ = g and v̂ = g² (that is what the bias correction is for), so the step "
    "is lr·g/(√(g²) + ε) per coordinate.",
    kind="vector",
    rtol=1e-3,
    answer_format="a list [Δθ₁, Δθ₂]",
    mistakes=[
        (lambda _: -0.01 * np.array([300.0, -0.002]), "That is plain gradient descent's step. Adam "
                                                      "divides m̂ by √v̂, coordinate by coordinate."),
        (lambda _: -_adam_first_step(None), "Right size, wrong sign: Adam steps against the "
                                            "gradient."),
    ],
    explain="Both coordinates move by lr = 0.01, one down and one up: Adam's first step ignores "
            "the gradient's size and keeps only its sign.",
)


def _adagrad_step(_: object) -> float:
    import gdlab as gd

    opt = gd.adagrad(0.5)
    theta, state = np.zeros(1), opt.init(np.zeros(1))
    for _ in range(100):
        new, state = opt.update(np.array([4.0]), state, theta)
        step, theta = float(theta[0] - new[0]), new
    return step


register(
    "06.3",
    "AdaGrad with lr = 0.5 where the gradient is always g = 4: how long is update number 100?",
    _adagrad_step,
    "After t updates the sum of squares is s = t·g², and the step is lr·g/√s.",
    rtol=1e-3,
    mistakes=[
        (lambda _: 0.5, "That is the first step. AdaGrad's sum s only grows, so its steps shrink."),
        (lambda _: 0.5 / 100, "AdaGrad divides by the square root of the sum: √(100·g²) = 10·g."),
        (lambda _: 2.0 / 10, "Divide by √s = √(100·16) = 40, not by 10: s sums g², not 1."),
    ],
    explain="lr/√t = 0.05: AdaGrad's rate decays like 1/√t on its own, which helps with rare "
            "features and hurts on long runs.",
)

# === exercises for 07_non_convex =================================================================


def _double_well_end(_: object) -> float:
    import gdlab as gd

    return float(gd.run(gd.DoubleWell(), gd.sgd(0.05), [0.3], 200).final_params[0])


def _shallow_limit(which: int = 1) -> float:
    """2/f″ at a minimum of f(x) = x⁴ − 3x² + x (0: the deep one, 1: the shallow one)."""
    import gdlab as gd

    well = gd.DoubleWell()
    x = np.array(well.minima[which], dtype=float)
    curvature = gd.numeric.central_difference(lambda v: well.grad(v)[0], x)[0]
    return float(2.0 / curvature)

register(
    "07.1",
    "Plain gradient descent, lr = 0.05, 200 steps on f(x) = x⁴ − 3x² + x from x₀ = 0.3: where does "
    "it stop? (two decimals are enough)",
    _double_well_end,
    "Gradient descent only ever goes downhill. Is f′(0.3) positive or negative, and which valley "
    "lies that way?",
    rtol=5e-3,
    mistakes=[
        (lambda _: -1.3008, "That is the deeper minimum, on the other side of the hump at "
                            "x ≈ 0.17. From 0.3 the slope points the other way."),
    ],
    explain="x ≈ 1.13, the shallow minimum: the deep one at x ≈ −1.30 is never seen, because the "
            "hump lies between.",
)

register(
    "07.2",
    "f(x) = x⁴ − 3x² + x. Near its shallow minimum (x ≈ 1.131) f is almost a parabola. Above which "
    "learning rate can plain gradient descent not settle there?",
    lambda _: _shallow_limit(1),
    "Notebook 01: on a parabola GD is stable for lr < 2/f″. Here f″(x) = 12x² − 6; put in the "
    "minimum's x.",
    rtol=0.025,  # two significant figures (0.21) are enough for a value read off a formula
    mistakes=[
        (lambda _: _shallow_limit(1) / 2, "That is 1/f″, the rate that lands in one step; the limit "
                                          "of stability is 2/f″."),
        (lambda _: 2.0 / _shallow_limit(1), "That is f″ itself; the limit is 2/f″."),
        (lambda _: _shallow_limit(0), "That is the limit at the deep minimum (x ≈ −1.30), which is "
                                      "stiffer; the question asks about the shallow one."),
    ],
    explain="2/f″(1.131) ≈ 0.214. The explorer's lr zones use the stiffer deep minimum, 2/f″ ≈ "
            "0.140; between the two limits GD can settle in the shallow valley but never in the "
            "deep one.",
)


def _saddle_hessian_eigenvalues(_: object) -> np.ndarray:
    import gdlab as gd

    H = gd.numeric.central_difference(gd.Saddle().grad, [0.0, 0.0])
    return np.linalg.eigvalsh(0.5 * (H + H.T))


register(
    "07.3",
    "f(x, y) = x² + y⁴/4 − y²/2. The eigenvalues of its Hessian at the saddle (0, 0), smallest "
    "first?",
    _saddle_hessian_eigenvalues,
    "At (0, 0) the Hessian is diagonal: differentiate twice in x, then twice in y and put y = 0.",
    kind="vector",
    rtol=1e-4,
    atol=1e-6,
    answer_format="a list [λ_min, λ_max]",
    mistakes=[
        (lambda _: np.array([2.0, -1.0]), "Right numbers; give the smallest first."),
        (lambda _: np.array([1.0, 2.0]), "One of them is negative: along y the origin is the top of "
                                         "a hill (−y²/2)."),
    ],
    explain="−1 and 2: a valley along x and a hill along y. One negative eigenvalue makes a saddle; "
            "the gradient is zero there, yet it is no minimum.",
)


def _escape_step(y0: float) -> int:
    """The first step at which GD (lr 0.1) from (1.2, y0) has loss below −0.2: away from the saddle."""
    import gdlab as gd

    traj = gd.run(gd.Saddle(), gd.sgd(0.1), [1.2, y0], 600)
    return int(np.flatnonzero(traj.losses < -0.2)[0])


register(
    "07.4",
    "Gradient descent (lr = 0.1) on the saddle function from (1.2, y₀): the notebook's table gives "
    "the step at which it gets away for y₀ = 1e-1 to 1e-9. Predict it for y₀ = 1e-12.",
    lambda _: _escape_step(1e-12),
    "Near the saddle each step multiplies y by (1 + lr) = 1.1: every factor 1000 closer to the "
    "ridge costs the same number of extra steps. Read that number off the table.",
    kind="integer",
    atol=2.0,
    mistakes=[(lambda _: 1000 * _escape_step(1e-9), "It is not proportional: y grows by a factor "
                                                    "each step, so every factor 1000 adds a fixed "
                                                    "number of steps.")],
    explain="About 72 more steps than for 1e-9 (log 1000 / log 1.1 ≈ 72.5): the closer the start "
            "to the ridge, the longer it dwells, but only logarithmically.",
)

# === exercises for 08_logistic_regression =======================================================


def _logistic_course_data() -> Dataset:
    """The labels notebook 08 uses: 100 points with P(y = 1) = σ(2x − 1), seed 0."""
    from .data import make_logistic_data

    return make_logistic_data(n=100, w=2.0, b=-1.0, seed=0)


_W08, _B08 = 3.0, -6.0  # the model of exercises 08.1 and 08.2


def _sigmoid(z: float) -> float:
    return float(0.5 * (1.0 + math.tanh(0.5 * z)))


register(
    "08.1",
    "A model with w = 3 and b = −6. What probability p = σ(w·x + b) does it give to y = 1 at "
    "x = 1.5?",
    lambda _: _sigmoid(_W08 * 1.5 + _B08),
    "First z = w·x + b, then squash it: σ(z) = 1/(1 + e^(−z)) (`gd.sigmoid(z)`).",
    rtol=1e-3,
    mistakes=[
        (lambda _: _W08 * 1.5 + _B08, "That is z = w·x + b, a score on the whole real line; σ "
                                    "squashes it into (0, 1)."),
        (lambda _: 1.0 - _sigmoid(_W08 * 1.5 + _B08), "That is P(y = 0); σ(z) is the probability of y = 1."),
    ],
    explain="σ(−1.5) ≈ 0.18: x = 1.5 lies half a unit short of the boundary at x = 2, on the "
            "y = 0 side.",
)

register(
    "08.2",
    "The same model, w = 3 and b = −6: at which x is p exactly 0.5 (the decision boundary)?",
    lambda _: -_B08 / _W08,
    "σ(z) = 0.5 exactly when z = 0: solve w·x + b = 0.",
    mistakes=[(lambda _: _B08 / _W08, "Check the sign: 3x − 6 = 0.")],
    explain="x = −b/w = 2. Gradient descent moves this point (and sharpens the curve around it) "
            "as it changes w and b.",
)


def _logistic_grad_at_zero(data: Dataset) -> np.ndarray:
    from .problems import LogisticRegression

    return LogisticRegression(data).grad(np.zeros(2))


register(
    "08.3",
    "The gradient of the cross-entropy at (w, b) = (0, 0) for `data`: answer [∂L/∂w, ∂L/∂b].",
    _logistic_grad_at_zero,
    "At (0, 0) every p_i = σ(0) = 0.5, and ∇L = (1/N)·Σ (p_i − y_i)·(x_i, 1). With numpy: "
    "`((0.5 - data.y) * data.x).mean()`.",
    kind="vector",
    rtol=1e-3,
    atol=1e-9,
    answer_format="a list [dL/dw, dL/db]",
    default_data=_logistic_course_data,
    mistakes=[
        (lambda d: 2 * _logistic_grad_at_zero(d), "Twice the answer: that factor 2 belongs to the "
                                                   "MSE's r²; the cross-entropy has none."),
        (lambda d: -_logistic_grad_at_zero(d), "The sign is flipped: the gradient has p − y, not "
                                               "y − p."),
        (lambda d: _logistic_grad_at_zero(d)[::-1], "Right numbers, wrong order: [∂L/∂w, ∂L/∂b]."),
    ],
    explain="The same form as linear regression's gradient, with p − y in place of the residual: "
            "that is why cross-entropy is the natural loss for a sigmoid.",
)


def _first_perfect_step(_: object) -> int:
    """The first step at which GD (lr 1) classifies all of notebook 08's separable points right."""
    import gdlab as gd

    sep = gd.make_logistic_data(n=40, separable=True, seed=0)
    problem = gd.LogisticRegression(sep)
    traj = gd.run(problem, gd.sgd(1.0), [0.0, 0.0], 1000)
    return next(k for k, theta in enumerate(traj.params) if problem.accuracy(theta) == 1.0)


register(
    "08.4",
    "The separable data of the notebook, gradient descent with lr = 1 from (0, 0): at which step "
    "does the model first classify all 40 points correctly?",
    _first_perfect_step,
    "`gd.LogisticRegression(separable).accuracy(theta)` is the share classified correctly; look "
    "for the first k where it is 1.0 in `traj.params[k]`.",
    kind="integer",
    atol=0.0,
    explain="From then on every point is on the right side of the boundary, yet the loss keeps "
            "falling and w keeps growing: the model only grows more certain of what it already "
            "gets right.",
)

# === exercises for 09_gradients_autograd ========================================================


def _cube_error(method: str) -> float:
    """|difference − 12| for f(x) = x³ at x = 2 with h = 0.1."""
    from . import numeric

    diff = numeric.central_difference if method == "central" else numeric.forward_difference
    return abs(diff(lambda x: x**3, 2.0, h=0.1) - 12.0)


def _huber_gradient() -> np.ndarray:
    from . import losses

    return losses.huber_grad(np.array([3.0, 0.5, -4.0]), np.zeros(3), delta=1.0, reduction="none")


def _autograd_partial() -> float:
    """∂f/∂a of f(a, b) = a·b + exp(a) at (0, 3), by gdlab's autograd."""
    from . import autograd

    return float(autograd.gradient(lambda t: t[0] * t[1] + t[0].exp(), [0.0, 3.0])[0])


register(
    "09.1",
    "f(x) = x³ at x = 2, where f′(2) = 12. With h = 0.1, how far from 12 is the central difference?",
    lambda _: _cube_error("central"),
    "Compute (f(2.1) − f(1.9))/(2·0.1), or use `gd.numeric.central_difference(f, 2.0, h=0.1)`.",
    rtol=1e-3,
    mistakes=[
        (lambda _: _cube_error("forward"),
         "That is the forward difference's error; the central one uses f(2 + h) and f(2 − h)."),
    ],
    explain="Exactly h² = 0.01 (the error is h²·f‴/6 and f‴ = 6), where forward differences are "
            "off by 0.61.",
)


_HS_09_2 = {"a": "1e-3", "b": "1e-5", "c": "1e-7", "d": "1e-9"}


def _best_h(_: object) -> str:
    """Which step of `_HS_09_2` gives the smallest central-difference error for sin(100x) at 1."""
    from . import numeric

    hs = [float(v) for v in _HS_09_2.values()]
    _, central = numeric.step_errors(lambda x: np.sin(100.0 * x), 1.0, 100.0 * math.cos(100.0), hs)
    return list(_HS_09_2)[int(np.argmin(central))]


register(
    "09.2",
    "For sin x at x = 1 the best central-difference step was between 1e-6 and 1e-5. Which step "
    "gives the smallest error for f(x) = sin(100x) at x = 1? (a) 1e-3  (b) 1e-5  (c) 1e-7  (d) 1e-9",
    _best_h,
    "The best h balances truncation, about h²·|f‴|/6, against rounding, about 1e-16·|f|/h. For "
    "sin(100x), f‴ is a million times larger than for sin x; or try them all with "
    "`gd.numeric.step_errors`.",
    kind="choice",
    choices=_HS_09_2,
    mistakes=[
        (lambda _: "b", "1e-5 suits sin x. sin(100x) curves a hundred times faster, so truncation "
                        "is a million times larger at the same h: the best h is smaller."),
        (lambda _: "a", "At h = 1e-3 the truncation error of sin(100x) is huge: 100h = 0.1 is not "
                        "small."),
        (lambda _: "d", "At h = 1e-9 rounding already dominates: 1e-16/1e-9 = 1e-7, larger than "
                        "the truncation there."),
    ],
    explain="About 1e-7: balancing h²·10⁶/6 against 1e-16/h gives h³ ≈ 6e-22, h ≈ 1e-7. The "
            "best step depends on how fast the function bends: h is a trade-off, not a constant.",
)

register(
    "09.3",
    "Huber loss with δ = 1 and reduction='none': its gradient with respect to the predictions "
    "[3, 0.5, −4] when every target is 0?",
    lambda _: _huber_gradient(),
    "Inside |r| ≤ δ Huber is ½r², whose derivative is r; outside it is linear with slope ±δ.",
    kind="vector",
    rtol=1e-6,
    answer_format="a list of three numbers",
    mistakes=[
        (lambda _: np.array([6.0, 1.0, -8.0]), "That is the MSE's gradient 2r; Huber's is r "
                                              "clipped to [−δ, δ]."),
        (lambda _: np.array([3.0, 0.5, -4.0]), "That is r, the gradient of ½r² everywhere; Huber "
                                              "clips it at ±δ."),
    ],
    explain="[1, 0.5, −1]: a far-off point pulls no harder than δ, so one outlier cannot drag the "
            "fit away as it does under MSE.",
)

register(
    "09.4",
    "f(a, b) = a·b + exp(a). At (a, b) = (0, 3), what is ∂f/∂a? (build it with `gd.autograd.Value` "
    "and call `backward()`)",
    lambda _: _autograd_partial(),
    "∂(a·b)/∂a = b and ∂(exp a)/∂a = exp a; a's gradient is the sum over both paths.",
    mistakes=[
        (lambda _: 3.0, "That is the a·b path only; exp(a) also depends on a."),
        (lambda _: 1.0, "That is the exp(a) path only; a·b also depends on a."),
    ],
    explain="b + eᵃ = 3 + 1 = 4: backward() adds up the contributions of every path from f back "
            "to a.",
)
