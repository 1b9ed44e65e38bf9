"""Re-running a cell releases the explorers that cell made before.

In a live kernel each run of a cell that builds an explorer makes a new one; the old one's
view disappears from the page, but its widgets, figure and runs would stay in the kernel
(and IPython's `Out` keeps the explorer object itself). So an explorer is noted by the cell
it was made in: the cell id of the execution running then (`ExecutionInfo.cell_id`, which
JupyterLab, Notebook 7, VS Code and Voila send; IPython keeps the running cell's result in
`displayhook.exec_result`, and nothing while no cell runs, e.g. in a widget callback). IPython's
`pre_run_cell` event names the cell about to run; its previous explorers are closed first.
A front end that sends no cell id gets no such help.

`release(explorer)` is what closing does: every widget the explorer made closed (its controls,
its readouts, the boxes of its layout; a kernel-side link unlinked), its canvas closed, and
nothing kept in the object but `.current`.
"""

from __future__ import annotations

import weakref

import ipywidgets as W

from .controls import close_widgets

__all__ = ["forget", "note", "release"]

_by_cell: dict[str, list[weakref.ref]] = {}
_state = {"shell": None}


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _before_cell(info) -> None:
    cell = getattr(info, "cell_id", None)
    if cell is None:
        return
    for ref in _by_cell.pop(cell, []):
        explorer = ref()
        if explorer is not None:
            explorer.close()


def _hook() -> bool:
    """Listen to the shell's `pre_run_cell` (once per shell); False outside IPython."""
    shell = _shell()
    if shell is None or not hasattr(shell, "events"):
        return False
    if _state["shell"] is not shell:
        if _state["shell"] is not None:
            try:
                _state["shell"].events.unregister("pre_run_cell", _before_cell)
            except ValueError:
                pass
        shell.events.register("pre_run_cell", _before_cell)
        _state["shell"] = shell
    return True


def _running_cell(shell) -> str | None:
    result = getattr(getattr(shell, "displayhook", None), "exec_result", None)
    return getattr(getattr(result, "info", None), "cell_id", None)


def note(explorer) -> None:
    """Remember that `explorer` was made by the cell running now (closed when it runs again)."""
    cell = _running_cell(_shell()) if _hook() else None
    if cell is not None:
        refs = _by_cell.setdefault(cell, [])
        refs[:] = [r for r in refs if r() is not None]
        refs.append(weakref.ref(explorer))


def forget(explorer) -> None:
    """`explorer` was closed: nothing to do for it when its cell runs again."""
    for cell, refs in list(_by_cell.items()):
        refs[:] = [r for r in refs if r() is not None and r() is not explorer]
        if not refs:
            del _by_cell[cell]


def _descendants(box: W.Widget) -> list[W.Widget]:
    """A widget and every widget in its boxes."""
    return [box, *(w for child in getattr(box, "children", ()) for w in _descendants(child))]


def release(explorer) -> None:
    """Close every widget `explorer` made and its canvas; keep only `.current` (see the docstring)."""
    forget(explorer)
    for link in explorer.links:  # jslink's are widgets; a kernel-side dlink is only unlinked
        link.close() if isinstance(link, W.Widget) else link.unlink()
    widgets = [*explorer.controls.values(), *(w for w in vars(explorer).values() if isinstance(w, W.Widget))]
    if explorer._widget is not None:
        widgets += _descendants(explorer._widget)
    explorer._canvas.close()
    close_widgets(widgets)
    # IPython's Out may keep the explorer object: keep nothing in it that holds the figure,
    # the runs or a widget.
    current = explorer.current
    vars(explorer).clear()
    explorer.current, explorer.controls, explorer.links, explorer.figure = current, {}, [], None
    explorer._closed = True
