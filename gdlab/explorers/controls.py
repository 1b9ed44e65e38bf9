"""The explorers' controls: the step grid with its Play button, and sliders whose values stay on grid.

A browser snaps a slider's value onto its step grid and sends the snapped value back, which
would overwrite a value the kernel set (see the notes' pitfall). So every slider made here has
its value, min and max exactly on its grid: learning rates on a log grid of 0.01 decades whose
values are the shortest decimals in their cells, so 0.5 is 0.5 and not 0.501 (`lr_slider`,
`lr_grid`, `snap_lr`), other numbers on a decimal grid (`float_slider`). The step slider
is a SelectionSlider over `step_grid`, and its Play button is linked to it in the front end.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import ipywidgets as W
from traitlets import Bunch, TraitError, validate

from .. import _checks as check
from ..i18n import _
from ..optimizers import OPTIMIZERS

__all__ = ["close_widgets", "float_slider", "lr_grid", "lr_options", "lr_slider", "optimizer_dropdown",
           "slider_step", "snap_lr",
           "step_controls", "step_grid"]

_MANTISSAS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)
LR_STEP = 0.01  # log10 step of every learning-rate slider


def step_grid(max_steps: int, dense: int = 20, include: Sequence[int] = ()) -> list[int]:
    """The step counts a `steps` slider offers: 0..dense, then 12 per decade up to max_steps.

    >>> step_grid(1000)[:3], step_grid(1000)[-4:]
    ([0, 1, 2], [700, 800, 900, 1000])
    """
    max_steps = check.integer("max_steps", max_steps, 1)
    dense = check.integer("dense", dense, 0)
    values = set(range(min(dense, max_steps) + 1))
    scale = 1
    while scale <= max_steps:
        for m in _MANTISSAS:
            v = int(round(m * scale))
            if v <= max_steps:
                values.add(v)
        scale *= 10
    values.add(max_steps)
    values.update(int(v) for v in include if 0 <= v <= max_steps)
    return sorted(values)


#: Play speeds offered, in frames per second.
PLAY_RATES = (2.5, 5, 10, 25, 30)
#: Play's default interval (ms per frame): 30 frames/s, so that a page that is a few ms late
#: now and then (a busy laptop, a projector's machine) still shows at least 25 a second.
PLAY_INTERVAL = 33


def step_controls(grid: list[int], value: int, interval: int = PLAY_INTERVAL
                  ) -> tuple[W.SelectionSlider, W.Play, W.Dropdown, list]:
    """The `steps` slider over `grid` (its value is the step k), a Play button, its speed, their links.

    Linked in the front end: Play advances the slider's index without a kernel round trip per
    frame; the slider's value (k) reaches the kernel and moves the figure. The speed menu sets
    Play's `interval` (ms per frame; `interval` is the default) through the kernel, once per
    choice (a Dropdown's value is not synced to the browser, so it cannot be linked there).
    """
    steps = W.SelectionSlider(options=[(f"{k:,}", k) for k in grid], value=value, description=_("step k"),
                              continuous_update=True, style={"description_width": "initial"},
                              layout=W.Layout(width="420px"))
    play = W.Play(value=steps.index, min=0, max=len(grid) - 1, step=1, interval=interval,
                  description=_("play"), show_repeat=False)
    rates = {int(round(1000 / r)): r for r in PLAY_RATES}
    rates.setdefault(interval, 1000 / interval)
    options = [(_("{rate:g} frames/s").format(rate=r), ms) for ms, r in sorted(rates.items(), reverse=True)]
    speed = W.Dropdown(options=options,
                       value=interval, description=_("speed"), layout=W.Layout(width="200px"),
                       style={"description_width": "initial"})
    return steps, play, speed, [W.jslink((play, "value"), (steps, "index")),
                                W.dlink((speed, "value"), (play, "interval"))]


def _nice(n: int) -> float:
    """The shortest decimal within a quarter cell of 10^(n/100), nearest to it when there are
    several: 10^−0.30 becomes 0.5, not 0.501 (the grid stays within ±0.0025 decades of even)."""
    e = n * LR_STEP
    lo, hi, mid = 10.0 ** (e - LR_STEP / 4), 10.0 ** (e + LR_STEP / 4), 10.0 ** e
    for digits in range(1, 5):
        scale = 10.0 ** (math.floor(e) - digits + 1)
        ms = range(math.ceil(lo / scale - 1e-9), math.floor(hi / scale - 1e-9) + 1)
        values = [float(f"{m * scale:.{digits}g}") for m in ms]
        values = [v for v in values if lo <= v < hi]
        if values:
            return min(values, key=lambda v: abs(math.log10(v) - e))
    return float(f"{mid:.4g}")


def lr_grid(lo: float, hi: float) -> list[float]:
    """The values a learning-rate slider offers from lo to hi: one per 0.01 decade, each the
    shortest decimal in its cell, so that 0.5, 0.05 and 1 are on it exactly.

    >>> lr_grid(0.9, 1.1)
    [0.89, 0.91, 0.93, 0.96, 0.98, 1.0, 1.02, 1.05, 1.07, 1.1, 1.12]
    """
    nmin = math.floor(math.log10(lo) / LR_STEP + 1e-9)
    nmax = math.ceil(math.log10(hi) / LR_STEP - 1e-9)
    return [_nice(n) for n in range(nmin, nmax + 1)]


def snap_lr(value: float) -> float:
    """The grid value nearest to `value`: what a learning-rate slider would show for it.

    >>> snap_lr(0.0123), snap_lr(0.501)
    (0.0123, 0.5)
    """
    return _nice(round(math.log10(value) / LR_STEP))


def _in_range(name: str | None, value: float, lo: float, hi: float) -> None:
    """A value the reader asked for must lie on the slider: refused with the range, never clamped."""
    if name is not None and not lo * (1 - 1e-9) - 1e-300 <= value <= hi * (1 + 1e-9) + 1e-300:
        raise ValueError(_("{name} must be between {lo:.4g} and {hi:.4g} (the range of its slider), "
                           "got {value}").format(name=name, lo=lo, hi=hi, value=check.show(value)))


def lr_options(lo: float, hi: float) -> list[tuple[str, float]]:
    """(label, value) pairs of `lr_grid(lo, hi)`: each label is its value written out exactly."""
    return [(f"{v:g}", v) for v in lr_grid(lo, hi)]


class LrSlider(W.SelectionSlider):
    """A SelectionSlider over learning rates: a number set from code lands on the nearest value
    it offers (as a browser would snap it); one outside its range raises, naming the range."""

    @validate("value")
    def _validate_value(self, proposal):
        value = proposal["value"]
        values = self._options_values
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value not in values:
            lo, hi = values[0], values[-1]
            if not (math.isfinite(value) and lo * (1 - 1e-9) <= value <= hi * (1 + 1e-9)):
                raise TraitError(_("{name} must be between {lo:g} and {hi:g} (the range of its slider), "
                                   "got {value!r}").format(name=self.description, lo=lo, hi=hi, value=value))
            value = min(values, key=lambda v: abs(math.log(v / value)))
        return super()._validate_value(Bunch(proposal, value=value))


def lr_slider(description: str, value: float, lo: float, hi: float,
              continuous: bool = True, *, name: str | None = None) -> W.SelectionSlider:
    """A slider over `lr_grid(lo, hi)` (log-spaced round numbers); its value is the lr.

    With `name`, `value` is what the reader asked for: outside [lo, hi] it raises, naming it.
    """
    _in_range(name, value, lo, hi)
    options = lr_options(lo, hi)
    grid = [v for _, v in options]
    v = min(max(snap_lr(value), grid[0]), grid[-1])
    return LrSlider(
        options=options, value=v, description=description, continuous_update=continuous,
        style={"description_width": "initial"}, layout=W.Layout(width="420px"),
    )


def float_slider(description: str, value: float, lo: float, hi: float, step: float, *,
                 name: str | None = None) -> W.FloatSlider:
    """A FloatSlider whose value, min and max are exactly on its step grid (`name`: as lr_slider)."""
    _in_range(name, value, lo, hi)
    decimals = max(0, -int(math.floor(math.log10(step))) + 1)
    n_lo, n_hi = math.floor(lo / step), math.ceil(hi / step)
    n = min(max(round(value / step), n_lo), n_hi)
    return W.FloatSlider(
        value=round(n * step, decimals), min=round(n_lo * step, decimals),
        max=round(n_hi * step, decimals), step=step, description=description,
        readout_format=f".{decimals}f", continuous_update=True,
        style={"description_width": "initial"}, layout=W.Layout(width="300px"),
    )


def covering(slider: W.FloatSlider, lo: float, hi: float) -> tuple[float, float]:
    """[lo, hi] widened to every value the slider offers (`float_slider` rounds its ends outwards
    to its step): a view that holds every start its start sliders can give."""
    return min(lo, float(slider.min)), max(hi, float(slider.max))


def slider_step(lo: float, hi: float, n: int = 200) -> float:
    """A round step (a power of ten) that cuts [lo, hi] into at least n pieces."""
    return 10.0 ** math.floor(math.log10((hi - lo) / n))


def optimizer_dropdown(value: str) -> W.Dropdown:
    """Every optimizer of the registry by its label; the value is its name."""
    return W.Dropdown(options=[(kind.label, name) for name, kind in OPTIMIZERS.items()], value=value,
                      description=_("optimizer"), layout=W.Layout(width="240px"))


def close_widgets(widgets) -> None:
    """Close widgets with their layout and style, which are widgets too and stay open unless closed."""
    for widget in widgets:
        for part in (widget, getattr(widget, "layout", None), getattr(widget, "style", None)):
            if isinstance(part, W.Widget):
                part.close()
