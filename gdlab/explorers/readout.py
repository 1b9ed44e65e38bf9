"""What an explorer says under its figure: HTML readouts, numbers as text, the learning-rate zone bar.

`readout_html` lays out `name = value` pairs, a note and a message in words (the browser
tests read the pairs back); `fmt` writes a number the way every readout does; `zone_bar` is
the stable / oscillating / diverging strip under a learning-rate slider; `past_limit` is the
one sentence every explorer uses when plain GD's lr is past 2/λ_max. Type sizes are in em of
the explorer's readout size (16 px, larger in projector mode: gdlab.explorers.column), never
below 15 px.
"""

from __future__ import annotations

import html
import math

from .. import plots

__all__ = ["fmt", "past_limit", "readout_html", "short", "zone_bar"]


def fmt(x: float) -> str:
    """A number for a readout: 4 decimals, or 4 significant digits in e-notation when tiny or huge.

    >>> fmt(1.47712), fmt(2.5e-7), fmt(float("inf"))
    ('1.4771', '2.500e-07', 'inf')
    """
    if not math.isfinite(x):
        return str(x)
    if x != 0 and (abs(x) >= 1e5 or abs(x) < 1e-3):
        return f"{x:.3e}"
    return f"{x:.4f}"


def short(message: str, width: int = 95) -> str:
    """One line of a message for the figure itself."""
    return message if len(message) <= width else message[: width - 1].rstrip() + "…"


def past_limit(label: str, lr: float, limit: float, diverged_at: int | None) -> str:
    """The message for plain GD whose lr is past the stability limit 2/λ_max."""
    where = f" (overflow at step {diverged_at:,})" if diverged_at is not None else ""
    return f"{label} diverges: lr = {lr:.3g} is past 2/λ_max = {limit:.4g}{where}."


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


def zone_bar(lo: float, hi: float, limit: float, lr: float, limit_name: str = "2/λ_max") -> str:
    """An HTML strip under the lr slider: stable / oscillating / diverging, in log scale.

    `limit_name` is how the limit is written (on a 1-D function, before λ is introduced: 2/f″).
    """
    llo, lhi = math.log10(lo), math.log10(hi)

    def pos(v: float) -> float:
        return 100.0 * (min(max(math.log10(v), llo), lhi) - llo) / (lhi - llo)

    a, b = pos(limit / 2), pos(limit)
    segs = [(0, a, "stable"), (a, b, "oscillating"), (b, 100, "diverging")]
    # Colours only in the bar: the oscillating zone is too narrow to hold its name, so the
    # names go in a key underneath.
    bars = "".join(
        f"<div style='position:absolute;left:{s}%;width:{e - s}%;height:100%;"
        f"background:{plots.ROLE[n]};opacity:0.6'></div>"
        for s, e, n in segs if e > s
    )
    mark = (f"<div style='position:absolute;left:calc({pos(lr)}% - 2px);width:4px;height:100%;"
            "background:#000'></div>")
    key = "".join(
        f"<span style='margin-right:14px'><span style='display:inline-block;width:0.8em;height:0.8em;"
        f"background:{plots.ROLE[n]};opacity:0.6;margin-right:4px'></span>{n}</span>"
        for _, _, n in segs
    )
    zone = plots.lr_zone(lr, limit)
    return (
        "<div style='margin-left:110px;white-space:nowrap'>"
        f"<div style='position:relative;width:300px;height:18px;border:1px solid #999'>{bars}{mark}"
        "</div>"
        f"<div style='font-size:0.95em;margin-top:2px'>{key}</div>"
        f"<div style='font-size:0.95em'>lr = {lr:.3g} is <b>{zone}</b>; limit {html.escape(limit_name)} "
        f"= {limit:.4g}"
        "</div></div>"
    )
