"""Learning-rate schedules: lr as a function of the update's index t = 0, 1, 2, ...

Each matches the torch.optim.lr_scheduler of the same idea stepped once per update.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _checks as check


@dataclass(frozen=True)
class Schedule:
    """Base: `schedule(t)` is the learning rate of update t; `schedule.initial` is lr at t = 0."""

    initial: float

    def __call__(self, t: int) -> float:
        raise NotImplementedError


@dataclass(frozen=True)
class StepDecay(Schedule):
    """lr_t = lr · γ^⌊t / step_size⌋  (torch's StepLR)."""

    step_size: int = 100
    gamma: float = 0.5

    def __call__(self, t: int) -> float:
        return self.initial * self.gamma ** (t // self.step_size)


@dataclass(frozen=True)
class ExponentialDecay(Schedule):
    """lr_t = lr · γ^t  (torch's ExponentialLR)."""

    gamma: float = 0.99

    def __call__(self, t: int) -> float:
        return self.initial * self.gamma**t


@dataclass(frozen=True)
class InverseTimeDecay(Schedule):
    """lr_t = lr / (1 + decay·t): the Robbins–Monro rate under which SGD's noise averages out."""

    decay: float = 0.01

    def __call__(self, t: int) -> float:
        return self.initial / (1.0 + self.decay * t)


def step_decay(lr: float, step_size: int = 100, gamma: float = 0.5) -> StepDecay:
    """Multiply lr by `gamma` every `step_size` updates."""
    return StepDecay(check.positive("lr", lr), check.integer("step_size", step_size, 1), _gamma(gamma))


def exponential_decay(lr: float, gamma: float = 0.99) -> ExponentialDecay:
    """Multiply lr by `gamma` after every update."""
    return ExponentialDecay(check.positive("lr", lr), _gamma(gamma))


def inverse_time_decay(lr: float, decay: float = 0.01) -> InverseTimeDecay:
    """lr / (1 + decay·t)."""
    return InverseTimeDecay(check.positive("lr", lr), check.non_negative("decay", decay))


def _gamma(gamma: object) -> float:
    g = check.positive("gamma", gamma)
    if g > 1:
        raise ValueError(f"gamma must be in (0, 1], got {gamma!r}")
    return g


def learning_rate(lr: object) -> float | Schedule:
    """A positive finite lr or a Schedule; anything else is an error naming `lr`."""
    if isinstance(lr, Schedule):
        return lr
    return check.positive("lr", lr)
