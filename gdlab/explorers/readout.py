"""What an explorer says under its figure: HTML readouts, numbers as text, the learning-rate zone bar.

`readout_html` lays out `name = value` pairs, a note and a message in words (the browser
tests read the pairs back); `fmt` writes a number the way every readout does; `zone_bar` is
the stable / oscillating / diverging strip under a learning-rate slider, drawn from the same
`Stability` its words come from; `step_shown` says which step a diverged run shows, and
`left_view_text` where a path left the view. Type
sizes are in em of the explorer's readout size (16 px, larger in projector mode:
gdlab.explorers.column), never below 15 px.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata

from .. import plots
from ..i18n import _
from ..plots.learning_rate import zone_name
from .stability import Stability

__all__ = ["fmt", "left_view_text", "readout_html", "short", "step_shown", "zone_bar"]

#: Relative size below which a readout value is rounding noise next to its scale.
_NOISE = 1e-12


def fmt(x: float, scale: float | None = None) -> str:
    """A number for a readout: 4 decimals, or 4 significant digits in e-notation when tiny or huge.

    With `scale` (the size of the numbers it is compared with), a value within rounding error
    of zero next to it is shown as 0, not as floating-point noise such as -2.220e-16.

    >>> fmt(1.47712), fmt(2.5e-7), fmt(float("inf")), fmt(-2.2e-16, scale=1.5)
    ('1.4771', '2.500e-07', 'inf', '0.0000')
    """
    if not math.isfinite(x):
        return str(x)
    if x == 0 or (scale is not None and abs(x) <= _NOISE * abs(scale)):
        return "0.0000"
    if abs(x) >= 1e5 or abs(x) < 1e-3:
        return f"{x:.3e}"
    return f"{x:.4f}"


def step_shown(k: int, diverged_at: int | None) -> tuple[int, str]:
    """(the step whose values are shown, a note when that is not the slider's k).

    A run that overflowed at step N is shown at step N − 1, its last finite iterate.
    """
    if diverged_at is not None and k >= diverged_at:
        return diverged_at - 1, _("diverged at step {step:,}; showing step {shown:,}").format(
            step=diverged_at, shown=diverged_at - 1)
    return k, ""


def left_view_text(drawn, label: str | None = None) -> str:
    """'The path left the view at step 66 (the ✕ on its edge).', or '' while it has not.

    `drawn` is what is drawn of the path (`plots.DrawnPath`); `label` names whose path it is
    where a panel shows several ("Adam's path left the view ...").
    """
    if drawn.left_view_at is None:
        return ""
    if label is None:
        return _("The path left the view at step {step:,} (the ✕ on its edge).").format(
            step=drawn.left_view_at)
    return _("{label}'s path left the view at step {step:,} (the ✕ on its edge).").format(
        label=label, step=drawn.left_view_at)


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[。！？]")


def _columns(text: str) -> int:
    """Its width in columns of a monospaced terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def short(message: str, width: int = 200) -> str:
    """A message for the figure itself, which wraps it (gdlab.explorers.wrapping): whole, or
    the sentences that fit in `width` columns (a Chinese character takes two), or the first cut
    there with … when it is longer."""
    if _columns(message) <= width:
        return message
    ends = [m.end() for m in _SENTENCE_END.finditer(message) if _columns(message[: m.end()]) <= width]
    if ends:
        return message[: ends[-1]]
    cut = 0
    while _columns(message[: cut + 1]) <= width - 1:
        cut += 1
    return message[:cut].rstrip() + "…"


def readout_html(rows: list[tuple[str, str]], message: str = "", note: str = "") -> str:
    """`name = value` pairs on one line, then a note and a message in words (in the warning colour)."""
    cells = "".join(
        f"<span style='margin-right:22px'><b>{html.escape(k)}</b> = {html.escape(v)}</span>"
        for k, v in rows
    )
    out = f"<div style='font-size:1em;font-family:monospace'>{cells}</div>"
    if note:
        out += f"<div style='font-size:0.95em;color:#444'>{html.escape(note)}</div>"
    if message:
        out += (f"<div style='font-size:1em;color:#D55E00;font-weight:bold'>"
                f"{html.escape(message)}</div>")
    return out


def _key(zone: str, text: str | None = None) -> str:
    return (f"<span style='margin-right:14px'><span style='display:inline-block;width:0.8em;height:0.8em;"
            f"background:{plots.ZONES[zone]};border:1px solid #666;margin-right:4px'></span>"
            f"{html.escape(text or zone_name(zone))}</span>")


def zone_bar(stability: Stability, lo: float, hi: float, lr: float) -> str:
    """An HTML strip under the lr slider, from `stability` (the same result the words come from).

    Theory: the lr axis [lo, hi] (log scale) in its stable / oscillating / diverging segments,
    a black line at the limit, a marker at lr. Measured: no theoretical strip, a grey bar with
    the run's own zone at the marker. Under the bar, the sentence that says it in words.
    """
    llo, lhi = math.log10(lo), math.log10(hi)

    def pos(v: float) -> float:
        return 100.0 * (min(max(math.log10(v), llo), lhi) - llo) / (lhi - llo)

    segs = stability.segments(lo, hi)
    if segs:
        bars = "".join(
            f"<div style='position:absolute;left:{pos(a):.3f}%;width:{pos(b) - pos(a):.3f}%;height:100%;"
            f"background:{plots.ZONES[z]}'></div>" for a, b, z in segs)
        if lo <= stability.limit <= hi:
            bars += (f"<div style='position:absolute;left:calc({pos(stability.limit):.3f}% - 1px);width:2px;"
                     f"height:100%;background:{plots.ZONES['on the limit']}'></div>")
        key = "".join(_key(z) for z in dict.fromkeys(z for _, _, z in segs))
        head = _("{label}: {zone} (theory); limit {rule} = {limit:.4g}").format(
            label=stability.label, zone=zone_name(stability.zone), rule=stability.rule, limit=stability.limit)
    else:
        cell = (f"<div style='position:absolute;left:calc({pos(lr):.3f}% - 9px);width:18px;height:100%;"
                f"background:{plots.ZONES[stability.zone]}'></div>")
        bars = f"<div style='position:absolute;left:0;width:100%;height:100%;background:#e6e6e6'></div>{cell}"
        key = _key(stability.zone, _("measured here: {zone}").format(zone=zone_name(stability.zone))) + (
            "<span style='color:#444'>" + html.escape(_("no closed-form limit: this run, measured"))
            + "</span>")
        head = _("{label}: {zone} (measured)").format(label=stability.label, zone=zone_name(stability.zone))
        if stability.limit is not None:
            head += _("; limit {rule} = {limit:.4g} (theory)").format(
                rule=stability.rule, limit=stability.limit)
    mark = (f"<div style='position:absolute;left:calc({pos(lr):.3f}% - 3px);width:6px;height:100%;"
            "background:#fff;border:1px solid #000;box-sizing:border-box'></div>")
    return (
        "<div style='margin-left:110px'>"
        f"<div style='position:relative;width:300px;height:18px;border:1px solid #999'>{bars}{mark}</div>"
        f"<div style='font-size:0.95em;margin-top:2px;white-space:nowrap'>{key}</div>"
        f"<div style='font-size:0.95em'>lr = {lr:.3g}: <b>{html.escape(head)}</b></div>"
        f"<div style='font-size:0.95em;color:#444;max-width:520px'>{html.escape(stability.words)}</div></div>"
    )
