"""The exercises of notebooks/00_start_here.ipynb (its cells state the prompts): the course data."""

from __future__ import annotations

from ..data import TRUE_B, TRUE_W
from ..i18n import lazy
from .checker import register
from .common import course_data

register(
    "00.1",
    lambda data: data.true_w,
    lazy("It is in the data set: `data.true_w`, or the slope of the article's model y = {true_w}x + "
         "{true_b}.", true_w=TRUE_W, true_b=TRUE_B),
    default_data=course_data,
    explain=lazy("The article's model is y = {true_w}x + {true_b} + noise; the course fits w and b back "
                 "from the points.", true_w=TRUE_W, true_b=TRUE_B),
)

register(
    "00.2",
    lambda data: len(data),
    lazy("`len(data)` counts the points."),
    kind="integer",
    default_data=course_data,
    explain=lazy("The article also makes 100 points (its listing, by mistake, makes 16)."),
)
