"""The exercises of notebooks/00_start_here.ipynb, whose cells state the prompts."""

from __future__ import annotations

from .checker import register
from .common import course_data

register(
    "00.1",
    lambda data: data.true_w,
    "It is in the data set: `data.true_w`, or the first number in the article's model y = 1.477x "
    "+ 0.089.",
    default_data=course_data,
    explain="The article's model is y = 1.477x + 0.089 + noise; the course fits w and b back from "
            "the points.",
)

register(
    "00.2",
    lambda data: len(data),
    "`len(data)` counts the points.",
    kind="integer",
    default_data=course_data,
    explain="The article also makes 100 points (its listing, by mistake, makes 16).",
)
