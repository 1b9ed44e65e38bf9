"""The exercises of notebooks/10_handwritten_digits.ipynb (its cells state the prompts).

Softmax regression on the 1,797 UCI digits: the size of θ, Adam's first step, the bias
gradient at θ = 0 (1/10 minus each digit's share), and what lr = 10 does.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..datasets import Digits, load_digits
from ..i18n import lazy
from ..optimizers import adam, sgd
from ..problems import SoftmaxRegression
from ..running import run
from .checker import register


@lru_cache(maxsize=1)
def _split() -> tuple[Digits, Digits]:
    """The notebook's split: train, test = gd.load_digits().split(test_fraction=0.25, seed=0)."""
    return load_digits().split(test_fraction=0.25, seed=0)


def _problem() -> SoftmaxRegression:
    return SoftmaxRegression(_split()[0])


def solution_10_1() -> int:
    """θ's size for the same model on 28×28 images (MNIST): ten rows of 784 weights, ten biases."""
    return _problem().classes * (28 * 28 + 1)


def _first_step_on_b0(optimizer) -> float:
    """|Δb₀| after one step at lr 0.01 from θ = 0 on the notebook's first batch of 32."""
    problem = _problem()
    traj = run(problem, optimizer, np.zeros(problem.dim), 1, batch_size=32, seed=0)
    return float(abs(problem.unpack(traj.params[1])[1][0]))


def solution_10_2() -> float:
    """Adam's first step on the bias of digit 0: lr·g/(|g| + ε), so about lr whatever g is."""
    return _first_step_on_b0(adam(0.01))


def solution_10_3() -> np.ndarray:
    """∂L/∂b at θ = 0 for the training part: 1/10 minus each digit's share of the images."""
    return _problem().grad(np.zeros(_problem().dim))[-10:]


CHOICES_10_4 = {"a": "it diverges: the loss overflows and diverged_at is a step number",
                "b": "it oscillates: every loss stays finite but it never settles",
                "c": "it settles at a lower loss than lr = 0.01"}


def solution_10_4() -> str:
    """What Adam at lr = 10 does on the notebook's batches, read off the two runs."""
    problem, batches = _problem(), -(-len(_split()[0]) // 32)
    runs = [run(problem, adam(lr), np.zeros(problem.dim), 30 * batches, batch_size=32, seed=0)
            for lr in (10.0, 0.01)]
    if runs[0].diverged_at is not None:
        return "a"
    return "c" if runs[0].final_loss < runs[1].final_loss else "b"


EXERCISES = {
    "10.1": dict(
        solution=solution_10_1,
        hint=lazy("Each of the ten digits has one weight per pixel, and one bias. A 28×28 image has 28 "
                  "· 28 pixels."),
        kind="integer",
        atol=0.0,
        mistakes=[(lambda: 10 * 28 * 28, lazy("That counts the weights only: each digit also has a bias.")),
                  (lambda: 28 * 28 + 1, lazy("That is one digit's weights and bias; there are ten "
                                             "digits."))],
        explain=lazy("7,850 = 10 × 784 + 10, about twelve times the 650 here: the model grows with the "
                     "pixels, and gradient descent does not change at all."),
    ),
    "10.2": dict(
        solution=solution_10_2,
        hint=lazy("On its first step Adam's averages are m̂ = g and v̂ = g², so the step is lr·g/(√(g²) "
                  "+ ε). Or run one step: `gd.run(problem, gd.adam(0.01), theta0, 1, batch_size=32, "
                  "seed=0)` and look at `problem.unpack(traj.params[1])`."),
        rtol=1e-4,
        mistakes=[(lambda: _first_step_on_b0(sgd(0.01)),
                   lazy("That is plain SGD's first step, lr × slope. Adam divides the slope by its own "
                        "size."))],
        explain=lazy("lr itself, 0.01, up to the tiny ε: Adam's first step moves every weight whose "
                     "slope is not zero by lr, however small or large the slope. That is why its lr "
                     "means a step length, and SGD's a multiple of the slope."),
    ),
    "10.3": dict(
        solution=solution_10_3,
        hint=lazy("∂L/∂b = (1/N) Σ (p_i − e_(y_i)), and at θ = 0 every p_i = 1/10 for each digit. With "
                  "numpy: `0.1 - np.bincount(train.labels) / len(train)`."),
        kind="vector",
        rtol=1e-6,
        atol=1e-12,
        answer_format=lazy("a list of ten numbers"),
        mistakes=[(lambda: -solution_10_3(), lazy("The sign is flipped: the gradient has p − e_y, not "
                                                  "e_y − p.")),
                  (lambda: 0.1 - solution_10_3(), lazy("That is each digit's share of the images; "
                                                       "subtract it from 1/10."))],
        explain=lazy("Each entry is 1/10 minus that digit's share: digits rarer than a tenth get a "
                     "positive slope, so the first step lowers their bias; the commonest rises most."),
    ),
    "10.4": dict(
        solution=solution_10_4,
        hint=lazy("Run it: `gd.run(problem, gd.adam(10.0), ...)` with the notebook's batches, then look "
                  "at `diverged_at` and at the losses of the last epoch."),
        kind="choice",
        choices=CHOICES_10_4,
        mistakes=[(lambda: "a", lazy("Look at diverged_at: it is None. The cross-entropy's slope is "
                                     "bounded and each Adam step moves a weight by about lr at most, so "
                                     "nothing overflows.")),
                  (lambda: "c", lazy("Compare the last epoch's losses with lr = 0.01's: they are far "
                                     "higher, and they jump up and down."))],
        explain=lazy("Bounded slopes and bounded steps: the weights grow only step by step and nothing "
                     "overflows, but each step changes the scores by hundreds, so the model keeps "
                     "lurching between guesses instead of settling: the article's 大的抖动."),
    ),
}



for _key, _spec in EXERCISES.items():
    _spec = dict(_spec)
    _solve = _spec.pop("solution")
    # The checker calls solution(data) and each slip(data); these take no data.
    _spec["mistakes"] = [(lambda _, slip=slip: slip(), hint) for slip, hint in _spec.get("mistakes", ())]
    register(_key, lambda _, solve=_solve: solve(), **_spec)
