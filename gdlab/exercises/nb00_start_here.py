"""The exercises of notebooks/00_start_here.ipynb (its cells state the prompts): the course data."""

from __future__ import annotations

from ..data import TRUE_B, TRUE_W
from .checker import register
from .common import course_data

register(
    "00.1",
    lambda data: data.true_w,
    f"It is in the data set: `data.true_w`, or the slope of the article's model y = {TRUE_W}x "
    f"+ {TRUE_B}.",
    default_data=course_data,
    explain=f"The article's model is y = {TRUE_W}x + {TRUE_B} + noise; the course fits w and b "
            "back from the points.",
)

register(
    "00.2",
    lambda data: len(data),
    "`len(data)` counts the points.",
    kind="integer",
    default_data=course_data,
    explain="The article also makes 100 points (its listing, by mistake, makes 16).",
)
