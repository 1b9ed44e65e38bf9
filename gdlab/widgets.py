"""`gd.widgets`: the name the notebooks use for the explorers, which live in `gdlab.explorers`.

    gd.widgets.regression_explorer(data)      # the same as gd.explorers.regression_explorer(data)
"""

from .explorers import *  # noqa: F403
from .explorers import __all__  # noqa: F401
