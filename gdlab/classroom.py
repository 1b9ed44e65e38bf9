"""Projector mode: one call that makes what follows readable from the back of a classroom.

    gd.projector()          # in a notebook: explorers, figures and animations made from now on
                            # are 1.35 times larger, and so is the page's text
    gd.projector(False)     # back to normal for what is made next

`tools/serve present` (Voila) turns it on for the whole page with the environment variable
GDLAB_PROJECTOR=1, which the kernel inherits; `gdlab.environment.projector_mode()` reads both.
What grows: an explorer's figure dpi and width, its controls' and readouts' type (CSS in
`gdlab.explorers.column`), static figures' dpi (`gd.plots.style()`), animation frames, and,
through the widget this returns, the notebook's prose and outputs.
"""

from __future__ import annotations

import json

from .environment import projector_mode, set_projector
from .i18n import _

__all__ = ["PAGE_CSS", "projector", "projector_mode"]

#: The page's type for a projector: JupyterLab's and Voila's content sizes, 1.35 times larger
#: (headings follow: they are in em of these).
PAGE_CSS = """
:root { --jp-content-font-size1: 19px; --jp-code-font-size: 17px; --jp-ui-font-size1: 17px; }
.jp-RenderedHTMLCommon, .jp-RenderedMarkdown { font-size: 19px; line-height: 1.5; }
"""


def page_style():
    """A widget that, shown, enlarges the page's text (None without anywidget)."""
    try:
        import anywidget
    except ImportError:
        return None
    import ipywidgets as W

    said = json.dumps(_("Projector mode: explorers and figures made from here on are larger."))

    class PageStyle(anywidget.AnyWidget):
        _esm = ("function render({ el }) { el.textContent = " + said + "; el.style.fontSize = '17px'; }\n"
                "export default { render };")
        _css = PAGE_CSS

    return PageStyle(layout=W.Layout(margin="4px 0"))


def projector(on: bool = True):
    """Turn projector mode on (or off) for the explorers, figures and animations made from now on.

    Returns a widget to show as the cell's value: in projector mode it enlarges the page's text
    too, and says that the mode is on.
    """
    set_projector(on)
    if not on:
        return None
    return page_style()
