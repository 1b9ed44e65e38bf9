"""The gradient-check explorer: the error of a finite difference against the step h, where truncation
and round-off meet.

    forward  (f(x + h) − f(x))/h         error ≈ h·|f″(x)|/2   + round-off
    central  (f(x + h) − f(x − h))/(2h)  error ≈ h²·|f‴(x)|/6  + round-off
    round-off ≈ ε·R/h,  R = |f(x)| + |x·f′(x)|

(ε ≈ 2.2e-16: f(x + h) is off by about ε·|f| from rounding f, and by about ε·|x·f′| from
rounding x + h, which matters for a fast function such as sin 100x.) The truncation lines fall
with h, the round-off line rises as h shrinks; each error is smallest near the h where its
truncation meets round-off: h* = 2√(εR/|f″|) for forward, h* = ∛(3εR/|f‴|) for central.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import _checks as check
from .. import plots
from ..i18n import _
from ..numeric import central_difference, forward_difference
from .base import Explorer
from .controls import float_slider, lr_slider
from .readout import readout_html
from .wrapping import panel_title

__all__ = ["GradientCheckExplorer", "gradient_check_explorer"]

EPS = float(np.finfo(float).eps)

#: f and its first three derivatives, by name.
FUNCTIONS = {
    "sin x": (np.sin, np.cos, lambda x: -np.sin(x), lambda x: -np.cos(x)),
    "exp x": (np.exp, np.exp, np.exp, np.exp),
    "x³": (lambda x: x**3, lambda x: 3 * x**2, lambda x: 6 * x, lambda x: 6.0 + 0 * x),
    "sin 100x": (lambda x: np.sin(100 * x), lambda x: 100 * np.cos(100 * x),
                 lambda x: -1e4 * np.sin(100 * x), lambda x: -1e6 * np.cos(100 * x)),
}
_H_RANGE = (1e-14, 1e-1)
_FLOOR = 1e-18  # an error of exactly 0 is drawn here (a log axis has no 0)


def best_steps(f: float, d2: float, d3: float) -> tuple[float | None, float | None]:
    """(forward h*, central h*) where each truncation line meets round-off ε·f/h (f: the scale R;
    None where f″ or f‴ is 0)."""
    f = max(abs(f), 1e-300)
    fwd = 2.0 * np.sqrt(EPS * f / abs(d2)) if d2 != 0 else None
    cen = float(np.cbrt(3.0 * EPS * f / abs(d3))) if d3 != 0 else None
    return (float(fwd) if fwd is not None else None), cen


class GradientCheckExplorer(Explorer):
    """Forward and central differences of f at x: their error against h, with truncation and round-off.

        ex = gd.widgets.gradient_check_explorer("sin x", x=1.0, h=1e-5)

    Controls: `function` (sin x, exp x, x³, sin 100x), `x` (the point), `h` (the step, log
    scale from 1e-14 to 0.1). The figure: |numeric − exact| against h on log–log axes for both
    differences, their truncation lines, the round-off line ε·R/h, a marker at h and a ring
    at each best h. `.current` has function, x, h, exact, forward, central, forward_error,
    central_error, best_h (forward, central) and regime (what dominates each error at this h).
    """

    def __init__(self, function: str = "sin x", *, x: float = 1.0, h: float = 1e-5,
                 display: str | None = None):
        if function not in FUNCTIONS:
            raise ValueError(_("function must be one of {names}, got {function!r}").format(
                names=", ".join(map(repr, FUNCTIONS)), function=function))
        super().__init__(display)
        x = check.in_range("x", x, -3.0, 3.0)
        h = check.in_range("h", h, *_H_RANGE)
        self.controls["function"] = W.Dropdown(options=list(FUNCTIONS), value=function, description="f",
                                               layout=W.Layout(width="200px"))
        self.controls["x"] = float_slider(_("point x"), x, -3.0, 3.0, 0.01, name="x")
        self.controls["h"] = lr_slider(_("step h"), h, *_H_RANGE, name="h")
        self._slow = {"function", "x"}
        self._readout = W.HTML()
        self.hs = np.geomspace(*_H_RANGE, 131)
        self._build()
        self._start()

    def _build(self) -> None:
        fig, ax = self._figure(1)
        self._ax = ax
        blue, orange = plots.SERIES[0], plots.SERIES[1]  # forward, central: as in every figure
        with plots.style():
            (self._fwd,) = ax.loglog([], [], "o-", ms=3.5, lw=1.6, color=blue,
                                     label=_("forward (f(x+h) − f(x))/h"))
            (self._cen,) = ax.loglog([], [], "o-", ms=3.5, lw=1.6, color=orange,
                                     label=_("central (f(x+h) − f(x−h))/2h"))
            (self._fwd_trunc,) = ax.loglog([], [], "--", lw=1.6, color=blue,
                                           label=_("truncation h·|f″|/2"))
            (self._cen_trunc,) = ax.loglog([], [], "--", lw=1.6, color=orange,
                                           label=_("truncation h²·|f‴|/6"))
            (self._round,) = ax.loglog(self.hs, np.ones_like(self.hs), ":", lw=2.2, color=plots.ROLE["curve"],
                                       label=_("round-off ε·(|f| + |x·f′|)/h"))
            self._best = [ax.plot([], [], **plots.ring(0, c))[0] for c in (blue, orange)]
            self._h_line = ax.axvline(1e-5, color=plots.ROLE["curve"], lw=1.2)
            (self._h_fwd,) = ax.plot([], [], "s", ms=11, color=blue, mec="black", mew=1.5, zorder=9)
            (self._h_cen,) = ax.plot([], [], "D", ms=10, color=orange, mec="black", mew=1.5, zorder=9)
            ax.set_xlim(*_H_RANGE)
            ax.set_xlabel(_("step h"))
            ax.set_ylabel(_("|numeric − exact derivative|"))
        self._legend = ax.get_legend_handles_labels()  # under the panel, in the columns that fit
        self._animate(self._h_line, self._h_fwd, self._h_cen)

    def _recompute(self) -> None:
        name, x = self.controls["function"].value, float(self.controls["x"].value)
        f, d1, d2, d3 = FUNCTIONS[name]
        self.f, self.x = f, x
        self.exact = float(d1(x))
        f2, f3 = float(d2(x)), float(d3(x))
        fx = abs(float(f(x))) + abs(x * self.exact)  # the round-off scale R
        self._parts = (fx, f2, f3)
        fwd = np.array([abs(forward_difference(f, x, h) - self.exact) for h in self.hs])
        cen = np.array([abs(central_difference(f, x, h) - self.exact) for h in self.hs])
        self._fwd.set_data(self.hs, np.maximum(fwd, _FLOOR))
        self._cen.set_data(self.hs, np.maximum(cen, _FLOOR))
        self._fwd_trunc.set_data(self.hs, np.maximum(self.hs * abs(f2) / 2, _FLOOR))
        self._cen_trunc.set_data(self.hs, np.maximum(self.hs**2 * abs(f3) / 6, _FLOOR))
        self._round.set_ydata(np.maximum(EPS * max(abs(fx), 1e-300) / self.hs, _FLOOR))
        self.best_h = best_steps(fx, f2, f3)
        for ring, h, err in zip(self._best, self.best_h, (fwd, cen)):
            if h is None:
                ring.set_data([], [])
            else:
                ring.set_data([h], [max(float(np.interp(np.log(h), np.log(self.hs), err)), _FLOOR)])
        top = max(float(fwd.max()), float(cen.max()), EPS * abs(fx) / self.hs[0], 1e-12)
        self._ax.set_ylim(_FLOOR * 10, top * 30)
        with plots.style():
            title = _("f(x) = {name} at x = {x:g}: f′(x) = {exact:.6g}")
            self._title_changed(panel_title(self._ax, title.format(name=name, x=x, exact=self.exact)))
        self._canvas.invalidate()

    def _regime(self, h: float, second: float, order: int) -> str:
        """What dominates the error at h: the truncation term or the round-off term."""
        trunc = h * abs(second) / 2 if order == 1 else h**2 * abs(second) / 6
        rounding = EPS * max(abs(self._parts[0]), 1e-300) / h
        if 0.5 <= trunc / rounding <= 2.0:
            return "truncation and round-off alike"
        return "truncation" if trunc > rounding else "round-off"

    def _redraw(self) -> None:
        h = float(self.controls["h"].value)
        f, x, exact = self.f, self.x, self.exact
        fwd, cen = float(forward_difference(f, x, h)), float(central_difference(f, x, h))
        e_fwd, e_cen = abs(fwd - exact), abs(cen - exact)
        self._h_line.set_xdata([h, h])
        self._h_fwd.set_data([h], [max(e_fwd, _FLOOR)])
        self._h_cen.set_data([h], [max(e_cen, _FLOOR)])
        f2, f3 = self._parts[1:]
        regime = (self._regime(h, f2, 1), self._regime(h, f3, 2))
        self.current = {
            "function": self.controls["function"].value, "x": x, "h": h, "exact": exact,
            "forward": fwd, "central": cen, "forward_error": e_fwd, "central_error": e_cen,
            "best_h": self.best_h, "regime": regime,
        }
        words = {"truncation": _("truncation"), "round-off": _("round-off"),
                 "truncation and round-off alike": _("truncation and round-off alike")}
        best = ", ".join(_("{method} h* ≈ {h:.1e}").format(method=n, h=b)
                         for n, b in zip((_("forward"), _("central")), self.best_h) if b is not None)
        note = _("At h = {h:g} the forward error is mostly {forward}, the central error mostly "
                 "{central}. Best steps (where truncation meets round-off): {best}.").format(
            h=h, forward=words[regime[0]], central=words[regime[1]], best=best)
        self._readout.value = readout_html(
            [("h", f"{h:g}"), (_("exact f′(x)"), f"{exact:.10g}"), (_("forward error"), f"{e_fwd:.2e}"),
             (_("central error"), f"{e_cen:.2e}")], note=note)

    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        return W.VBox([W.HBox([c["function"], c["x"]]), c["h"], figure, self._readout])


gradient_check_explorer = GradientCheckExplorer
