"""Explorers: sliders wired to figures whose panels move together as you drag.

    import gdlab as gd
    ex = gd.explorers.regression_explorer(gd.make_linear_data(seed=0))   # also gd.widgets.…
    ex                                   # last expression of a cell: shows controls and figure
    ex.controls["lr"].value = 0.012      # code can drive it too
    ex.current["loss"], ex.current["message"]

Every explorer has `.controls` (its ipywidgets by name), `.figure` (the matplotlib Figure),
`.current` (what is on screen: step, theta, loss, lr, diverged_at, message), `.links` (the
front-end links, Play → steps) and `.widget` (the whole layout).

How its cost stays bounded: a run is made once per change of learning rate, optimizer or
start (`running.Run`: in closed form for plain GD on a quadratic, otherwise a loop extended on
demand and, past 131,072 steps, kept as checkpoints), and computed and drawn in pieces
(`tracks`): a change computes for at most 0.08 s, shows the last step reached, and the rest is
done between frames with a progress bar (`background`). Every line handed to matplotlib has a
few vertices per pixel column at most (`gdlab.plots.decimate`); a path that leaves the view is
cut at its edge, marked, and `.current["left_view_at"]` says at which step. The loss surface is
computed once, a change of the step k only moves artists (`set_data`) and blits them over the
saved background, and once every run is known the step slider's frames are drawn ahead
(`frames`), so Play and a step change only send one. `close()` releases everything, and
re-running a cell closes the explorers it made before (`lifecycle`).

The step slider `steps` is a SelectionSlider over a grid of step counts: every step up to 20,
then 12 values per decade (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9 × 10ⁿ). Its `.value` is the
step k (set it to any value on the grid); the Play button is linked to its `.index` in the
front end, so a 100,000-step run plays through ~66 frames in a few seconds (30 frames per
second by default; the `speed` menu beside Play sets it).

One module per idea: `controls` (step grid, sliders), `canvas` (live or static display),
`readout` (what is said under the figure), `stability` (the stability indicator), `column`
(fitting the notebook column), `base` (`Explorer`), `tracks`, `background`, `frames` and
`lifecycle` (bounded cost, above), `home` (widget messages read on another thread, as a kernel
subshell's are, handled on the explorer's own), `paths` (`PathExplorer`, runs side by side on
one 2-D loss), and one module per explorer: `regression`, `descent_1d`, `race`, `minibatch`,
`logistic`, `gradient_check`, `digits`.
"""

from __future__ import annotations

from ..running import Run
from .base import Explorer
from .controls import step_grid
from .descent_1d import Descent1DExplorer, descent_1d_explorer
from .digits import DigitsExplorer, digits_explorer
from .gradient_check import GradientCheckExplorer, gradient_check_explorer
from .logistic import LogisticExplorer, logistic_explorer
from .minibatch import MinibatchExplorer, minibatch_explorer
from .paths import PathExplorer
from .race import OptimizerRace, optimizer_race
from .regression import RegressionExplorer, regression_explorer

__all__ = [
    "Descent1DExplorer", "Explorer", "GradientCheckExplorer", "LogisticExplorer", "MinibatchExplorer",
    "OptimizerRace", "PathExplorer", "RegressionExplorer", "Run", "descent_1d_explorer",
    "gradient_check_explorer", "logistic_explorer", "minibatch_explorer", "optimizer_race",
    "regression_explorer", "step_grid", "DigitsExplorer", "digits_explorer",
]
