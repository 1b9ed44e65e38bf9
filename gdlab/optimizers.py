"""Optimizers as pairs of pure functions, with torch.optim's parameters, defaults and update rules.

An optimizer is `Optimizer(init, update, name, hyperparams, rule, coef)`:

    state = opt.init(theta)
    theta, state = opt.update(grad, state, theta)      # nothing is mutated

`update` is the update rule written once, elementwise, as `rule` and `coef` (see Optimizer),
so that `gd.run` can also apply it to plain floats.

Each docstring states torch's documented algorithm (weight decay 0, not maximising), so a
learner who moves to PyTorch gets the same numbers. `lr` may be a number or a Schedule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from . import _checks as check
from ._elementwise import _copy, _fsqrt, _power, _rate, _ratio, _sqrt, _zeros
from .i18n import _
from .schedules import Schedule, learning_rate


class Optimizer(NamedTuple):
    init: Callable[[np.ndarray], Any]
    update: Callable[[np.ndarray, Any, np.ndarray], tuple[np.ndarray, Any]]
    name: str
    hyperparams: dict
    #: The update rule itself, in two parts that every update uses: `coef(t)`, the scalars of
    #: update t (the learning rate, Adam's bias corrections), and the elementwise step
    #: `rule(coef(t), g, theta, slots) -> (theta, slots)`, where `slots` are the state's arrays
    #: (see `update`). Written with arithmetic only, the rule works on numpy arrays and on plain
    #: floats alike, so `run` can apply it to small problems in floats without numpy's per-call
    #: cost (gdlab.stepping, gdlab.fused). A true `coef.vectorised` says that coef also takes an
    #: array of steps and gives each scalar for all of them (an array, or one value) with the
    #: numbers of coef(t) step by step; `coef.key`, that coefs with equal keys give equal numbers.
    rule: Callable | None = None
    coef: Callable[[int], Any] | None = None

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparams.items())
        return f"{self.name}({args})"

    @property
    def label(self) -> str:
        """A short human label, e.g. 'SGD lr=0.1, momentum 0.9'."""
        return describe(self)


def _optimizer(state: type, coef: Callable, rule: Callable, name: str, hyperparams: dict,
               init: Callable | None = None) -> Optimizer:
    """An Optimizer whose `update` applies `rule` with `coef(step)` to the state's arrays (its slots)."""

    def update(g: np.ndarray, st: Any, theta: np.ndarray) -> tuple[np.ndarray, Any]:
        theta, slots = rule(coef(st.step), g, theta, tuple(st)[1:])
        return theta, state(st.step + 1, *slots)

    return Optimizer(init or _zeros(state), update, name, hyperparams, rule, coef)


class SGDState(NamedTuple):
    step: int
    momentum_buffer: np.ndarray | None


def sgd(lr: float | Schedule = 1e-3, momentum: float = 0.0, nesterov: bool = False) -> Optimizer:
    """Stochastic gradient descent, torch.optim.SGD (dampening 0).

    plain:     θ ← θ − lr·g
    momentum:  b ← μ·b + g (b = g on the first step);  θ ← θ − lr·b
    nesterov:  b as above;                              θ ← θ − lr·(g + μ·b)

    >>> opt = sgd(0.1)
    >>> theta, state = opt.update(np.array([2.0]), opt.init(np.array([1.0])), np.array([1.0]))
    >>> theta
    array([0.8])
    """
    lr = learning_rate(lr)
    mu = check.unit_interval("momentum", momentum)
    if not isinstance(nesterov, (bool, np.bool_)):
        raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
    if nesterov and mu == 0:
        raise ValueError("nesterov=True needs momentum > 0, got momentum=0.0")
    def rule(rate, g, theta, slots):
        if mu == 0:
            return theta - rate * g, slots
        (buf,) = slots
        buf = _copy(g) if buf is None else mu * buf + g
        direction = g + mu * buf if nesterov else buf
        return theta - rate * direction, (buf,)

    return _optimizer(SGDState, _rate(lr), rule, "sgd",
                      {"lr": lr, "momentum": mu, "nesterov": bool(nesterov)},
                      init=lambda theta: SGDState(0, None))


class AdagradState(NamedTuple):
    step: int
    sum: np.ndarray


def adagrad(lr: float | Schedule = 0.01, eps: float = 1e-10) -> Optimizer:
    """AdaGrad, torch.optim.Adagrad (lr_decay 0, initial accumulator 0).

    s ← s + g²;  θ ← θ − lr·g / (√s + ε)
    """
    lr = learning_rate(lr)
    eps = check.non_negative("eps", eps)

    def rule(rate, g, theta, slots):
        s = slots[0] + g * g
        num, denom = rate * g, (_fsqrt(s) if type(s) is float else np.sqrt(s)) + eps
        return theta - (num / denom if eps > 0 else _ratio(num, denom, eps)), (s,)

    return _optimizer(AdagradState, _rate(lr), rule, "adagrad", {"lr": lr, "eps": eps})


class RMSpropState(NamedTuple):
    step: int
    square_avg: np.ndarray
    momentum_buffer: np.ndarray


def rmsprop(
    lr: float | Schedule = 0.01, alpha: float = 0.99, eps: float = 1e-8, momentum: float = 0.0
) -> Optimizer:
    """RMSProp, torch.optim.RMSprop (not centered).

    v ← α·v + (1 − α)·g²
    momentum 0:  θ ← θ − lr·g / (√v + ε)
    momentum μ:  b ← μ·b + g / (√v + ε)  (b starts at 0);  θ ← θ − lr·b
    """
    lr = learning_rate(lr)
    alpha = check.unit_interval("alpha", alpha)
    eps = check.non_negative("eps", eps)
    mu = check.unit_interval("momentum", momentum)

    def rule(rate, g, theta, slots):
        square_avg, buf = slots
        v = alpha * square_avg + (1.0 - alpha) * g * g
        denom = (_fsqrt(v) if type(v) is float else np.sqrt(v)) + eps
        scaled = g / denom if eps > 0 else _ratio(g, denom, eps)
        if mu > 0:
            buf = mu * buf + scaled
            return theta - rate * buf, (v, buf)
        return theta - rate * scaled, (v, buf)

    return _optimizer(RMSpropState, _rate(lr), rule, "rmsprop",
                      {"lr": lr, "alpha": alpha, "eps": eps, "momentum": mu})


class AdamState(NamedTuple):
    step: int
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray


def adam(
    lr: float | Schedule = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
) -> Optimizer:
    """Adam, torch.optim.Adam (amsgrad off).

    m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²
    m̂ = m / (1 − β₁ᵗ);       v̂ = v / (1 − β₂ᵗ)
    θ ← θ − lr·m̂ / (√v̂ + ε)
    """
    lr = learning_rate(lr)
    try:
        b1, b2 = betas
    except (TypeError, ValueError):
        raise TypeError(f"betas must be a pair (beta1, beta2), got {betas!r}") from None
    b1 = check.unit_interval("betas[0]", b1)
    b2 = check.unit_interval("betas[1]", b2)
    eps = check.non_negative("eps", eps)
    rate = _rate(lr)

    # The same maths as the docstring, in torch's order of operations (lerp for m, the bias
    # corrections folded into the step size and the denominator), so that even chaotic runs
    # agree with torch.optim.Adam to the last bits rather than drifting apart.
    def coef(t):  # t: a step, or with a constant lr an array of steps (vectorised)
        return rate(t) / (1.0 - _power(b1, t + 1)), _sqrt(1.0 - _power(b2, t + 1))

    coef.vectorised, coef.key = not isinstance(lr, Schedule), ("adam", lr, b1, b2)

    w1 = 1.0 - b1
    low = w1 < 0.5  # torch.lerp(m, g, w1)'s formula for that half of [0, 1]

    def rule(c, g, theta, slots):
        step_size, bias_correction2_sqrt = c
        m, v = slots
        m = m + w1 * (g - m) if low else g - (g - m) * (1.0 - w1)
        v = v * b2 + (1.0 - b2) * g * g
        denom = (_fsqrt(v) if type(v) is float else np.sqrt(v)) / bias_correction2_sqrt + eps
        num = -step_size * m
        return theta + (num / denom if eps > 0 else _ratio(num, denom, eps)), (m, v)

    return _optimizer(AdamState, coef, rule, "adam", {"lr": lr, "betas": (b1, b2), "eps": eps})


# --- the one registry: optimizers by the names the course uses --------------------------------


class OptimizerKind(NamedTuple):
    """One entry of the course's optimizer table: its name, its label, its colour, how to make it."""

    name: str
    english: str  # the label in English; `label` is the one in the language in use
    color: str  # a key of gdlab.plots' palette, so every figure and explorer agrees
    make: Callable[..., Optimizer]

    @property
    def label(self) -> str:
        """The label the course shows, in the language in use ('GD', 'Momentum', ...)."""
        return _labels().get(self.name, self.english)


def _labels() -> dict[str, str]:
    return {"gd": _("GD"), "momentum": _("Momentum"), "nesterov": _("Nesterov"),
            "adagrad": _("AdaGrad"), "rmsprop": _("RMSProp"), "adam": _("Adam")}


def _make_gd(lr, momentum: float = 0.9, betas=(0.9, 0.999)) -> Optimizer:
    return sgd(lr)


def _make_momentum(lr, momentum: float = 0.9, betas=(0.9, 0.999)) -> Optimizer:
    return sgd(lr, momentum=momentum)


def _make_nesterov(lr, momentum: float = 0.9, betas=(0.9, 0.999)) -> Optimizer:
    # With μ = 0 Nesterov's step is plain GD (torch refuses the combination; a slider may not).
    return sgd(lr, momentum=momentum, nesterov=momentum > 0)


def _make_adagrad(lr, momentum: float = 0.9, betas=(0.9, 0.999)) -> Optimizer:
    return adagrad(lr)


def _make_rmsprop(lr, momentum: float = 0.9, betas=(0.9, 0.999)) -> Optimizer:
    return rmsprop(lr)


def _make_adam(lr, momentum: float = 0.9, betas=(0.9, 0.999)) -> Optimizer:
    return adam(lr, betas=betas)


#: Every optimizer the course names, in the order menus list them. "gd" is plain gradient
#: descent (torch.optim.SGD with momentum 0) everywhere: CLI, explorers, plots, exercises.
OPTIMIZERS: dict[str, OptimizerKind] = {
    k.name: k
    for k in (
        OptimizerKind("gd", "GD", "blue", _make_gd),
        OptimizerKind("momentum", "Momentum", "orange", _make_momentum),
        OptimizerKind("nesterov", "Nesterov", "sky", _make_nesterov),
        OptimizerKind("adagrad", "AdaGrad", "green", _make_adagrad),
        OptimizerKind("rmsprop", "RMSProp", "purple", _make_rmsprop),
        OptimizerKind("adam", "Adam", "vermillion", _make_adam),
    )
}


def optimizer_name(name: object, argname: str = "optimizer") -> str:
    """`name` checked against the registry: one of gd, momentum, nesterov, adagrad, rmsprop, adam."""
    if not isinstance(name, str):
        raise TypeError(f"{argname} must be a name such as 'gd' or 'adam', got {name!r}")
    if name not in OPTIMIZERS:
        raise ValueError(f"{argname} must be one of {', '.join(OPTIMIZERS)}; got {name!r}")
    return name


def make_optimizer(name: str, lr: float | Schedule, *, momentum: float = 0.9,
                   betas: tuple[float, float] = (0.9, 0.999)) -> Optimizer:
    """An optimizer by its course name, e.g. make_optimizer("momentum", 0.01, momentum=0.5).

    `momentum` is used by momentum and nesterov, `betas` by adam; the others take torch's defaults.
    """
    return OPTIMIZERS[optimizer_name(name)].make(lr, momentum=momentum, betas=betas)


def kind(opt: Optimizer) -> str:
    """The registry name of an optimizer made by sgd/adagrad/rmsprop/adam: 'gd', 'nesterov', ..."""
    if opt.name != "sgd":
        return opt.name
    if opt.hyperparams["momentum"] == 0:
        return "gd"
    return "nesterov" if opt.hyperparams["nesterov"] else "momentum"


def describe(opt: Optimizer) -> str:
    """'GD lr=0.1', 'Momentum lr=0.1, μ=0.9', 'Adam lr=0.01', ... for legends and readouts."""
    hp = opt.hyperparams
    lr = hp["lr"]
    lr_text = f"lr={lr:.3g}" if not isinstance(lr, Schedule) else f"lr={lr.initial:.3g} ({type(lr).__name__})"
    name = kind(opt)
    label = f"{OPTIMIZERS[name].label} {lr_text}"
    return f"{label}, μ={hp['momentum']:g}" if name in ("momentum", "nesterov") else label
