"""Figures for the course: each function draws on an `ax` it is given, returns its artists and never
calls plt.show(); the explorers in `gdlab.widgets` draw their panels with these functions once and
then move the returned artists with the `set_*` functions. One module per idea: `style` (palette,
projector rcParams, `subplots`), `base` (checking an ax, clamping far-off points), `fits` (models
against data), `landscape` (contours and surfaces of a 2-D loss), `basin_maps` (where each start
ends), `curves` (quantities against the step), `one_d` (steps on a 1-D curve), `learning_rate`
(stable, oscillating, diverging), `point_losses` (one point's loss and slope) and `gradients`
(mini-batch and finite-difference estimates), `digits` (galleries of 8×8 images and weight
templates); e.g. `fig, ax = gd.plots.subplots()` then
`gd.plots.loss_contours(ax, problem, traj.params)`. Every line handed to matplotlib has no
more vertices than its panel shows (`decimate`: each pixel column's extremes, a path reduced in
screen space and clipped at the view).
"""

from . import fonts
from .base import clamp, clamp_path
from .basin_maps import BasinResult, basin_labels, basins, start_to_end_1d
from .curves import (
    CurveArtists,
    distance_traces,
    loss_curve,
    loss_gaps,
    lr_schedules,
    refit_step_xlims,
    set_curve,
    set_loss_ylim,
    set_step_xlim,
    symlog_steps,
)
from .decimate import DrawnPath, decimate_curve, decimate_path
from .digits import GalleryArtists, by_epoch, gallery, mosaic_figure, templates
from .fits import FitArtists, LogisticArtists, data_fit, logistic_fit, set_fit, set_logistic, sigmoid_curves
from .gradients import batch_gradients, step_size_tradeoff
from .landscape import (
    ContourArtists,
    exit_marker,
    loss_contours,
    loss_levels,
    loss_surface,
    param_names,
    rails_note,
    set_path,
    show_path,
    zigzag_from,
    zigzag_rails,
)
from .learning_rate import lr_regimes_1d, lr_zone, lr_zones
from .one_d import StepArtists, function_1d, set_steps_1d
from .point_losses import loss_shapes, sigmoid_losses
from .style import (
    CLASS_COLORS,
    COLORS,
    CONTOUR_CMAP,
    MARKERS,
    OPTIMIZER_COLORS,
    PROJECTOR,
    ROLE,
    SERIES,
    ZONES,
    batch_color,
    ring,
    style,
    subplots,
)

# The language's fonts for every figure from now on, as gd.set_language gives them: it could not
# when it was called before matplotlib was loaded, nor for a language from $GDLAB_LANG.
fonts.use()

__all__ = [
    "CLASS_COLORS", "COLORS", "CONTOUR_CMAP", "MARKERS", "OPTIMIZER_COLORS", "PROJECTOR", "ROLE",
    "SERIES", "ZONES", "BasinResult", "batch_color", "ring", "ContourArtists",
    "CurveArtists", "DrawnPath", "FitArtists", "GalleryArtists", "LogisticArtists", "StepArtists",
    "basin_labels", "basins", "by_epoch", "gallery", "mosaic_figure", "templates",
    "batch_gradients", "clamp", "clamp_path", "data_fit", "distance_traces", "function_1d",
    "logistic_fit", "loss_contours", "loss_curve", "loss_gaps", "loss_levels", "loss_shapes",
    "loss_surface", "lr_regimes_1d", "lr_schedules", "lr_zone", "lr_zones", "param_names",
    "refit_step_xlims", "set_curve", "set_fit", "set_logistic", "set_loss_ylim", "set_path", "set_step_xlim",
    "set_steps_1d", "symlog_steps",
    "sigmoid_curves", "sigmoid_losses", "start_to_end_1d", "step_size_tradeoff", "style",
    "subplots", "rails_note", "zigzag_from", "zigzag_rails", "decimate_curve", "decimate_path",
    "exit_marker", "show_path",
]
