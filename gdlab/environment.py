"""How explorers show their figure here, and a plain-words check of the notebook environment.

Two display modes:

- ``live``: the figure is ipympl's interactive canvas (``%matplotlib widget``); moving a slider
  updates the artists in place and asks the canvas to redraw.
- ``static``: the figure is drawn to a PNG shown in an ``ipywidgets.Image`` that is replaced
  on every change. Works with the plain inline backend, in Voila without ipympl, and wherever
  the ipympl front end is missing.

The mode is detected from the active matplotlib backend (ipympl's backend → ``live``,
anything else → ``static``) and can be forced with the environment variable
``GDLAB_DISPLAY=live`` or ``GDLAB_DISPLAY=static`` (set it before creating an explorer, e.g.
``%env GDLAB_DISPLAY=static`` when the interactive canvas stays blank).

Projector mode (``projector_mode()``): explorers, figures and animations made afterwards get
larger type and controls, for a classroom. On with ``gd.projector()`` in a notebook, or with
the environment variable ``GDLAB_PROJECTOR=1`` (``tools/serve present`` sets it for Voila).

``check_environment()`` (``gd.check_environment()``) reports whether ipywidgets, the widget
front end, ipympl and the interactive backend work, and what to do if not.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field

from .i18n import _

MODES = ("live", "static")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")
_projector: bool | None = None  # set by set_projector(); None: from $GDLAB_PROJECTOR


def _backend() -> str:
    import matplotlib

    return str(matplotlib.get_backend())


def _is_interactive_backend(name: str) -> bool:
    name = name.lower()
    return "ipympl" in name or name in {"widget", "module://ipympl.backend_nbagg"}


def display_mode(mode: str | None = None) -> str:
    """'live' or 'static': `mode` if given, else $GDLAB_DISPLAY, else from the matplotlib backend."""
    if mode is None:
        mode = os.environ.get("GDLAB_DISPLAY", "").strip().lower() or None
        if mode is not None and mode not in MODES:
            raise ValueError(_("GDLAB_DISPLAY must be 'live' or 'static', got {mode!r}").format(mode=mode))
    if mode is None:
        return "live" if _is_interactive_backend(_backend()) else "static"
    if not isinstance(mode, str) or mode not in MODES:
        raise ValueError(_("display must be 'live', 'static' or None, got {mode!r}").format(mode=mode))
    return mode


def projector_mode() -> bool:
    """True when explorers and figures are made for a projector: set_projector(), else $GDLAB_PROJECTOR."""
    if _projector is not None:
        return _projector
    value = os.environ.get("GDLAB_PROJECTOR", "").strip().lower()
    if value not in _TRUE + _FALSE:
        raise ValueError(_("GDLAB_PROJECTOR must be 1 or 0, got {value!r}").format(value=value))
    return value in _TRUE


def set_projector(on: bool | None) -> None:
    """Projector mode on or off for what is made from now on (None: back to $GDLAB_PROJECTOR)."""
    global _projector
    if on is not None and not isinstance(on, bool):
        raise TypeError(f"on must be True, False or None, got {on!r}")
    _projector = on


def _version(module: str) -> str | None:
    """The installed version of a distribution, or None; never imports it.

    (Importing ipympl switches matplotlib to ipympl's backend, so a check must not.)
    """
    from importlib import metadata, util

    if util.find_spec(module) is None:
        return None
    try:
        return metadata.version(module)
    except metadata.PackageNotFoundError:
        return "unknown"


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _frontend_extensions() -> dict[str, bool]:
    """Whether the JupyterLab/Notebook 7 front-end extensions of ipywidgets and ipympl are installed."""
    found = {"widgets": False, "ipympl": False}
    try:
        from jupyter_core.paths import jupyter_path
    except ImportError:
        return found
    for base in jupyter_path("labextensions"):
        if os.path.isdir(os.path.join(base, "@jupyter-widgets", "jupyterlab-manager")):
            found["widgets"] = True
        if os.path.isdir(os.path.join(base, "jupyter-matplotlib")):
            found["ipympl"] = True
    return found


@dataclass(frozen=True)
class EnvironmentReport:
    """What `check_environment` found: booleans, versions, the display mode and advice in words."""

    widgets_ok: bool
    widgets_frontend_ok: bool
    ipympl_ok: bool
    ipympl_frontend_ok: bool
    interactive_backend: bool
    in_kernel: bool
    backend: str
    display: str
    versions: dict = field(default_factory=dict)
    advice: str = ""

    @property
    def ok(self) -> bool:
        """Everything needed for live explorers works."""
        return self.widgets_ok and self.ipympl_ok and self.interactive_backend

    def lines(self) -> list[tuple[bool, str]]:
        v = self.versions
        missing = _("missing")
        return [
            (self.widgets_ok, _("ipywidgets {version}: sliders and buttons").format(
                version=v.get("ipywidgets") or missing)),
            (self.widgets_frontend_ok,
             _("widget front end (JupyterLab / Notebook 7 extension) installed")),
            (self.ipympl_ok, _("ipympl {version}: interactive figures").format(
                version=v.get("ipympl") or missing)),
            (self.ipympl_frontend_ok, _("ipympl front end installed")),
            (self.interactive_backend, _("interactive backend active (now: {backend})").format(
                backend=self.backend)),
        ]

    def _mode(self) -> str:
        return {"live": _("live"), "static": _("static")}.get(self.display, self.display)

    def __str__(self) -> str:
        rows = [f"[{'ok' if good else '--'}] {text}" for good, text in self.lines()]
        rows.append(_("Explorers will draw in {mode} mode.").format(mode=self._mode()))
        if self.advice:
            rows.append(self.advice)
        return "\n".join(rows)

    def _repr_html_(self) -> str:
        items = "".join(
            f"<li style='margin:2px 0'><span style='color:{'#009E73' if good else '#D55E00'};"
            f"font-weight:bold'>{'✔' if good else '✘'}</span> {html.escape(text)}</li>"
            for good, text in self.lines()
        )
        advice = f"<p>{html.escape(self.advice)}</p>" if self.advice else ""
        head = _("Ready: explorers are live.") if self.ok else _("Explorers will work, with static frames.")
        mode = _("Explorers draw in {mode} mode.").format(mode=f"<b>{self._mode()}</b>")
        return (
            "<div style='font-size:15px;line-height:1.4'>"
            f"<b>{head}</b>"
            f"<ul style='list-style:none;padding-left:0'>{items}</ul>"
            f"<p>{mode}</p>{advice}</div>"
        )


def check_environment() -> EnvironmentReport:
    """Check ipywidgets, the widget front end, ipympl and the interactive backend, in plain words.

    >>> report = gd.check_environment()      # in a notebook, shows a readable summary
    >>> report.widgets_ok, report.ipympl_ok  # outside a notebook the backend is not interactive
    (True, True)
    """
    versions = {name: _version(name) for name in ("ipywidgets", "ipympl", "matplotlib", "numpy")}
    widgets_ok = versions["ipywidgets"] is not None
    ipympl_ok = versions["ipympl"] is not None
    ext = _frontend_extensions()
    backend = _backend()
    interactive = _is_interactive_backend(backend)
    try:
        mode = display_mode()
    except ValueError as err:
        mode, bad_env = "static", str(err)
    else:
        bad_env = ""
    advice = []
    if not widgets_ok:
        advice.append(_("Install ipywidgets (pip install ipywidgets) and restart the kernel."))
    elif not ext["widgets"]:
        advice.append(_(
            "The widget front end was not found: install ipywidgets into the environment that runs "
            "JupyterLab (pip install ipywidgets), then reload the page."
        ))
    if not ipympl_ok:
        advice.append(_("Install ipympl (pip install ipympl) for interactive figures; until then "
                        "explorers show static frames."))
    elif not interactive:
        advice.append(_("Run %matplotlib widget in a cell (before creating explorers) for live figures."))
    if ipympl_ok and not ext["ipympl"]:
        advice.append(_("The ipympl front end was not found: install ipympl where JupyterLab runs, "
                        "or set GDLAB_DISPLAY=static."))
    if bad_env:
        advice.append(_("{error}; using static mode.").format(error=bad_env))
    advice.append(_("If a figure stays blank, run %env GDLAB_DISPLAY=static and re-run the cell.")
                  if mode == "live" else "")
    report = EnvironmentReport(
        widgets_ok=widgets_ok,
        widgets_frontend_ok=ext["widgets"],
        ipympl_ok=ipympl_ok,
        ipympl_frontend_ok=ext["ipympl"],
        interactive_backend=interactive,
        in_kernel=_in_kernel(),
        backend=backend,
        display=mode,
        versions=versions,
        advice=" ".join(a for a in advice if a),
    )
    return report
