"""The loss of one point and its slope: against the residual r = ŷ − y for MSE r², MAE |r| and Huber
(½r² for |r| ≤ δ, δ(|r| − ½δ) beyond) (`loss_shapes`); and, for a point with label y = 1, against
its score z = w·x + b for the cross-entropy −log σ(z), whose slope σ(z) − 1 tends to −1 where the
point is confidently wrong (z ≪ 0), and the squared error (σ(z) − 1)², whose slope vanishes there
(`sigmoid_losses`).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from .. import losses
from ..i18n import _
from ..problems import sigmoid
from .base import checked_ax
from .style import COLORS, SERIES, style


def sigmoid_losses(ax_loss: Axes, ax_grad: Axes, *,
                   z_range: tuple[float, float] = (-8.0, 8.0)) -> dict:
    """For a point with label y = 1, as a function of its score z = w·x + b: the cross-entropy
    and the squared error of σ(z) (left) and their derivatives with respect to z (right)."""
    ax_loss, ax_grad = checked_ax(ax_loss), checked_ax(ax_grad)
    z = np.linspace(*z_range, 400)
    y = np.ones_like(z)
    p = sigmoid(z)
    ce = losses.binary_cross_entropy_with_logits(z, y, reduction="none")
    ce_grad = losses.binary_cross_entropy_with_logits_grad(z, y, reduction="none")
    se = losses.mse(p, y, reduction="none")
    se_grad = losses.mse_grad(p, y, reduction="none") * p * (1.0 - p)  # chain rule through σ
    out = {}
    with style():
        (out["ce"],) = ax_loss.plot(z, ce, color=SERIES[0], label=_("cross-entropy −log σ(z)"))
        (out["se"],) = ax_loss.plot(z, se, color=SERIES[1], label=_("squared error (σ(z) − 1)²"))
        (out["ce_grad"],) = ax_grad.plot(z, ce_grad, color=SERIES[0],
                                         label=_("cross-entropy: σ(z) − 1"))
        (out["se_grad"],) = ax_grad.plot(z, se_grad, color=SERIES[1],
                                         label=_("squared error: 2(σ − 1)·σ(1 − σ)"))
        for ax, title in ((ax_loss, _("loss of one point with y = 1")),
                          (ax_grad, _("its slope ∂loss/∂z (z < 0: confidently wrong)"))):
            ax.axvline(0, color=COLORS["grey"], lw=1, ls=":")
            ax.set_xlabel(_("score z = w·x + b"))
            ax.set_title(title)
        ax_loss.legend(framealpha=0.9, loc="upper right")
        # The slopes lie in [−1, 0]: room below −1 keeps the key off both curves.
        ax_grad.set_ylim(-1.5, 0.08)
        ax_grad.legend(framealpha=0.9, loc="lower right")
        ax_loss.set_ylim(-0.2, min(float(ce.max()), 8.0))
    return out


def loss_shapes(ax_loss: Axes, ax_grad: Axes, *, delta: float = 1.0,
                r_range: tuple[float, float] = (-3.0, 3.0)) -> dict:
    """MSE, MAE and Huber(δ) of one point against its residual r = ŷ − y (left), and their
    gradients with respect to ŷ (right).

    MAE is dashed over a wider Huber line: for |r| > δ their gradients coincide, and both stay
    visible there."""
    ax_loss, ax_grad = checked_ax(ax_loss), checked_ax(ax_grad)
    r = np.linspace(*r_range, 601)
    zero = np.zeros_like(r)
    look = {"MAE": {"ls": (0, (4, 2.5)), "lw": 2.5, "zorder": 4},
            "Huber": {"lw": 5.5, "alpha": 0.75, "zorder": 3}}
    out = {}
    with style():
        for i, (name, (loss, grad)) in enumerate(losses.REGRESSION.items()):
            kw = {"delta": delta} if name == "Huber" else {}
            label = f"Huber, δ = {delta:g}" if name == "Huber" else name
            style_kw = look.get(name, {})
            (out[name],) = ax_loss.plot(r, loss(r, zero, reduction="none", **kw), color=SERIES[i],
                                        label=label, **style_kw)
            (out[name + " grad"],) = ax_grad.plot(r, grad(r, zero, reduction="none", **kw),
                                                  color=SERIES[i], label=label, **style_kw)
        ax_loss.set_ylim(-0.2, 0.6 * r_range[1] ** 2 + 0.5)
        for ax, title, ylabel in ((ax_loss, _("loss of one point"), "ℓ(r)"),
                                  (ax_grad, _("its gradient"), "∂ℓ/∂ŷ")):
            ax.set_xlabel(_("residual r = ŷ − y"))
            ax.set_ylabel(ylabel)
            ax.set_title(title)
            ax.legend(framealpha=0.9, loc="upper center")
    return out
