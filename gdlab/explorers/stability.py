"""The stability indicator: what a learning rate does for the selected optimizer on the problem at hand.

One function per case, each returning a `Stability` (zone, limit when known, theory or
measured, words):

- `quadratic_theory`: plain GD, heavy-ball momentum or Nesterov on a quadratic. Each
  eigen-direction of the Hessian (curvature λ, a = lr·λ) follows a linear recursion whose
  2×2 iteration matrix (`iteration_matrix`) has eigenvalues z with
      GD        z = 1 − a                                     limit a < 2
      momentum  z² − (1 + μ − a)·z + μ = 0                    limit a < 2(1 + μ)
      Nesterov  z² − (1 + μ)(1 − a)·z + μ(1 − a) = 0          limit a < 2(1 + μ)/(1 + 2μ)
  (torch.optim's forms: u ← μu + g, θ ← θ − lr·u; Nesterov θ ← θ − lr·(g + μ·u)). The run
  converges when every |z| < 1, and its steps keep one sign when the z of the steepest
  direction are real and positive: a < 1 for GD, a < (1 − √μ)² for momentum and
  a < ((1 − μ)/(1 + μ))² for Nesterov; past that they flip sign or spiral (`oscillating`).
- `local_theory`: the same on a 1-D function that is not quadratic, with the curvature at the
  minimum the run actually approaches. Valid only while that is a minimum the run can settle
  at; otherwise the run is measured. (In two dimensions the steep direction of a curved loss
  has usually died out before the run is near the minimum, so there the run is measured.)
- `measured`: no closed form (AdaGrad, RMSProp, Adam, mini-batches, schedules, non-convex
  2-D losses): the zone is read off the run itself (`classify`).

Zones: 'stable' (converges, the steps along the steepest direction keep their sign),
'oscillating' (those steps change sign: converging in a zig-zag or spiral, or hovering),
'on the limit' (bounces for ever at constant size), 'diverging' (grows or overflows).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..i18n import _, ngettext, sentence
from ..optimizers import Optimizer, kind
from ..problems import Problem
from ..schedules import Schedule

__all__ = ["Stability", "assess", "classify", "iteration_matrix", "local_theory", "measured",
           "quadratic_theory", "settle_point", "thresholds"]

ZONES = ("stable", "oscillating", "on the limit", "diverging")
_RULES = {"gd": "2/λ", "momentum": "2(1 + μ)/λ", "nesterov": "2(1 + μ)/((1 + 2μ)·λ)"}
_EDGE = 1e-9  # relative distance to the limit that counts as "exactly on it"


@dataclass(frozen=True)
class Stability:
    """What the indicator says: the zone, whether theory or the run says it, and in words."""

    zone: str
    source: str  # 'theory' or 'measured'
    words: str
    label: str
    limit: float | None = None  # the largest lr that converges, when theory gives it
    rule: str = ""  # the limit as a formula, e.g. "2(1 + μ)/λ_max"
    oscillate_from: float | None = None  # the lr from which the steps change sign (theory)
    at: float | None = None  # 1-D: the minimum whose curvature is used

    def segments(self, lo: float, hi: float) -> list[tuple[float, float, str]]:
        """The lr axis [lo, hi] cut into zones, for theory; empty for a measured run."""
        if self.source != "theory" or self.limit is None:
            return []
        osc = self.oscillate_from if self.oscillate_from is not None else self.limit
        cuts = [(lo, osc, "stable"), (osc, self.limit, "oscillating"), (self.limit, hi, "diverging")]
        return [(max(a, lo), min(b, hi), z) for a, b, z in cuts if min(b, hi) > max(a, lo)]


def thresholds(kind: str, momentum: float = 0.0) -> tuple[float, float]:
    """(a where the steps start changing sign, a where convergence ends), a = lr·λ."""
    mu = float(momentum) if kind != "gd" else 0.0
    if kind == "momentum":
        return (1.0 - math.sqrt(mu)) ** 2, 2.0 * (1.0 + mu)
    if kind == "nesterov":
        return ((1.0 - mu) / (1.0 + mu)) ** 2, 2.0 * (1.0 + mu) / (1.0 + 2.0 * mu)
    return 1.0, 2.0


def iteration_matrix(kind: str, a: float, momentum: float = 0.0) -> np.ndarray:
    """The 2×2 matrix advancing one eigen-direction (a = lr·λ): (x_k, x_{k−1}) or (x_k, lr·u_{k−1})."""
    mu = float(momentum)
    if kind == "momentum":
        return np.array([[1.0 + mu - a, -mu], [1.0, 0.0]])
    if kind == "nesterov":
        return np.array([[1.0 - a * (1.0 + mu), -mu * mu], [a, mu]])
    return np.array([[1.0 - a, 0.0], [0.0, 0.0]])


def _name(label: str, kind: str, momentum: float) -> str:
    return f"{label} (μ = {momentum:g})" if kind in ("momentum", "nesterov") else label


def _theory(kind: str, lr: float, lam: float, momentum: float, label: str, where: str,
            at: float | None = None, sym: str = "λ_max") -> Stability:
    osc_a, lim_a = thresholds(kind, momentum)
    limit, osc = lim_a / lam, osc_a / lam
    a = lr * lam
    near = _(" near the minimum") if where else ""
    rule = _RULES[kind].replace("λ", sym)
    who = _name(label, kind, momentum)
    head = _("{who}, lr = {lr:.3g}: ").format(who=who, lr=lr)
    tail = _(" Limit {rule} = {limit:.4g}{where} (theory).").format(rule=rule, limit=limit, where=where)
    if abs(lr - limit) <= _EDGE * limit:
        zone, say = "on the limit", _("on the limit: lr = {rule} exactly, so the steepest direction "
                                      "bounces at the same size for ever.").format(rule=rule)
    elif lr > limit:
        grow = float(np.abs(np.linalg.eigvals(iteration_matrix(kind, a, momentum))).max())
        zone, say = "diverging", _("diverging: lr·{sym} = {a:.3g} > {limit:.3g}, so the steepest direction "
                                   "grows {grow:.3g}× per step{near}.").format(sym=sym, a=a, limit=lim_a,
                                                                             grow=grow, near=near)
    elif a > osc_a:
        what = _("flips sign at every step") if kind == "gd" else _("swings from side to side")
        zone, say = "oscillating", _("oscillating, and converging: lr·{sym} = {a:.3g} is between "
                                     "{low:.3g} and {limit:.3g}, so{near} the steepest direction "
                                     "{what} while it shrinks.").format(sym=sym, a=a, low=osc_a, limit=lim_a,
                                                                        near=near, what=what)
    else:
        zone, say = "stable", _("stable: lr·{sym} = {a:.3g} ≤ {low:.3g}, so{near} every direction "
                                "shrinks without changing sign.").format(sym=sym, a=a, low=osc_a, near=near)
    return Stability(zone, "theory", head + say + tail, label, limit, rule, osc, at)


def quadratic_theory(kind: str, lr: float, hessian: np.ndarray, *, momentum: float = 0.0,
                     label: str = "GD") -> Stability:
    """GD, momentum or Nesterov on a quadratic with this Hessian: the zone from its λ_max."""
    H = np.atleast_2d(hessian)
    lam = float(np.max(np.linalg.eigvalsh(H)))
    return _theory(kind, lr, lam, momentum, label, "", sym="f″" if H.shape == (1, 1) else "λ_max")


def _curvature(problem: Problem, theta: np.ndarray) -> float:
    return float(np.max(np.linalg.eigvalsh(problem.hessian_at(theta))))


def settle_point(problem: Problem, params: np.ndarray) -> np.ndarray | None:
    """The minimum a run approaches: the known minimum nearest its end, else a Newton step from it."""
    end = params[-1]
    if problem.minima:
        mins = np.array(problem.minima, dtype=float)
        return mins[int(np.argmin(np.linalg.norm(mins - end, axis=1)))]
    theta = end.copy()
    with np.errstate(all="ignore"):
        for _ in range(50):
            H, g = problem.hessian_at(theta), problem.grad(theta)
            if not np.all(np.isfinite(H)) or np.linalg.eigvalsh(H)[0] <= 0:
                return None
            step = np.linalg.solve(H, g)
            theta = theta - step
            if not np.all(np.isfinite(theta)):
                return None
            if np.linalg.norm(step) <= 1e-12 * (1.0 + np.linalg.norm(theta)):
                return theta
    return None


def local_theory(problem: Problem, kind: str, lr: float, params: np.ndarray, losses: np.ndarray,
                 diverged_at: int | None, *, momentum: float = 0.0, label: str = "GD",
                 longer: np.ndarray | None = None) -> Stability:
    """Theory at the minimum the run approaches (its end, or `longer`'s end: the same run further).

    Used only where it holds: when the run overflowed, or lr is past that minimum's limit (the
    run cannot settle there and does whatever the far loss makes it do), the run is measured.
    """
    if diverged_at is not None:
        return measured(params, losses, diverged_at, label, problem=problem)
    star = settle_point(problem, params if longer is None else longer)
    lam = None if star is None else _curvature(problem, star)
    if lam is None or not lam > 0:
        return measured(params, losses, diverged_at, label, problem=problem)
    one = problem.dim == 1
    where = (_(" at x* = {x:.3f}").format(x=star[0]) if one
             else _(" at θ* = ({w:.3f}, {b:.3f})").format(w=star[0], b=star[1]))
    st = _theory(kind, lr, lam, momentum, label, where, at=float(star[0]) if one else None,
                 sym="f″(x*)" if one else "λ_max(θ*)")
    if st.zone in ("stable", "oscillating") and _approaches(params if longer is None else longer, star):
        return st
    m = measured(params, losses, diverged_at, label, problem=problem, at=star)
    return Stability(m.zone, "measured",
                     m.words + _(" It cannot settle at the minimum: lr is past its limit {rule} = "
                                 "{limit:.4g}{where} (theory).").format(
                                     rule=st.rule, limit=st.limit, where=where),
                     label, st.limit, st.rule, st.oscillate_from, st.at)


def classify(params: np.ndarray, losses: np.ndarray, diverged_at: int | None,
             direction: np.ndarray) -> tuple[str, int]:
    """(zone, sign changes) read off a run: overflow or a final loss above the first → 'diverging';
    any sign change of the step along `direction` (steps above 1e-9 of the largest) → 'oscillating';
    else 'stable'."""
    if diverged_at is not None:
        return "diverging", 0
    losses = np.asarray(losses, dtype=float)
    if len(losses) > 1 and losses[-1] > losses[0] + 1e-12 * abs(losses[0]):
        return "diverging", 0
    s = np.diff(np.asarray(params, dtype=float), axis=0) @ direction
    if s.size == 0:
        return "stable", 0
    big = np.abs(s) > 1e-9 * float(np.abs(s).max())
    signs = np.sign(s[big])
    changes = int(np.count_nonzero(signs[1:] != signs[:-1]))
    return ("oscillating" if changes else "stable"), changes


def steepest_direction(problem: Problem | None, point: np.ndarray) -> np.ndarray:
    """The eigenvector of the Hessian at `point` with the largest |λ| (the first axis if unknown)."""
    dim = len(point)
    if problem is None or dim == 1:
        return np.ones(dim) if dim == 1 else np.eye(dim)[0]
    with np.errstate(all="ignore"):
        H = problem.hessian_at(point)
    if not np.all(np.isfinite(H)):
        return np.eye(dim)[0]
    lam, Q = np.linalg.eigh(H)
    return Q[:, int(np.argmax(np.abs(lam)))]


def measured(params: np.ndarray, losses: np.ndarray, diverged_at: int | None, label: str, *,
             problem: Problem | None = None, at: np.ndarray | None = None,
             direction: np.ndarray | None = None, noisy: bool = False) -> Stability:
    """The zone read off the run (`classify`), along the steepest direction at `at` (default: its end)."""
    params = np.asarray(params, dtype=float)
    K = len(params) - 1
    if direction is None:
        direction = steepest_direction(problem, params[-1] if at is None else at)
    zone, changes = classify(params, losses, diverged_at, direction)
    head = _("{label}: ").format(label=label)
    span = _(" (measured on steps 0–{last:,} of this run)").format(last=K)
    first, end = losses[0], losses[-1]
    if diverged_at is not None:
        say = _("diverging: the numbers overflowed at step {step:,}").format(step=diverged_at)
    elif zone == "diverging":
        say = _("diverging: the loss ends higher than it started ({first:.4g} → {end:.4g})").format(
            first=first, end=end)
    elif zone == "oscillating":
        why = _("the mini-batch noise") if noisy else _("overshooting")
        times = ngettext("{n:,} time", "{n:,} times", changes).format(n=changes)
        say = (_("oscillating: the step along the steepest direction changed sign {times} "
                 "({why}); it settles, loss {first:.4g} → {end:.4g}") if _settles(params) else
               _("oscillating: the step along the steepest direction changed sign {times} "
                 "({why}); it has not settled, loss {first:.4g} → {end:.4g}")).format(
            times=times, why=why, first=first, end=end)
    else:
        say = _("stable: the loss falls ({first:.4g} → {end:.4g}) without the steps changing sign").format(
            first=first, end=end)
    return Stability(zone, "measured", sentence(head + say + span), label)


def _approaches(params: np.ndarray, star: np.ndarray) -> bool:
    """True when the run ends at `star` or still closes in on it (not a cycle around it)."""
    d = np.linalg.norm(np.asarray(params, dtype=float) - star, axis=1)
    if d[-1] <= 1e-6 * (1.0 + float(np.abs(star).max())):
        return True
    n = max(1, len(d) // 10)
    return len(d) > 2 * n and float(d[-n:].max()) < float(d[-2 * n:-n].max())


def _settles(params: np.ndarray) -> bool:
    """True when the last steps are tiny next to the first ones."""
    steps = np.linalg.norm(np.diff(params, axis=0), axis=1)
    if steps.size < 4:
        return False
    tail = steps[-max(2, steps.size // 10):]
    return bool(tail.max() <= 1e-6 * max(float(steps.max()), 1e-300))


def assess(problem: Problem, optimizer: Optimizer, params: np.ndarray | None, losses: np.ndarray | None,
           diverged_at: int | None, *, label: str, noisy: bool = False,
           longer: np.ndarray | None = None) -> Stability:
    """The indicator for this optimizer on this problem: theory where it exists, else the run measured.

    `params`, `losses`, `diverged_at`: the run as far as it is known (unused by quadratic theory).
    `noisy`: mini-batch gradients (no theory). `longer`: iterates of the same run taken further,
    to find the minimum it approaches when the shown part has not settled (1-D explorers).
    """
    k, hp = kind(optimizer), optimizer.hyperparams
    lr = hp["lr"]
    mu = float(hp.get("momentum", 0.0)) if k in ("momentum", "nesterov") else 0.0
    if k in _RULES and not noisy and not isinstance(lr, Schedule):
        if problem.is_quadratic:
            return quadratic_theory(k, float(lr), problem.hessian(), momentum=mu, label=label)
        if problem.dim == 1:
            return local_theory(problem, k, float(lr), params, losses, diverged_at, momentum=mu,
                                label=label, longer=longer)
    return measured(params, losses, diverged_at, label, problem=problem, noisy=noisy)
