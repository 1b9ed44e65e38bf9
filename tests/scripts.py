"""The project's scripts outside the package (tools/, benchmarks/), loaded as modules for tests;
and test scripts run in a fresh interpreter with ipympl's backend (`run_live`)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load(relative: str) -> ModuleType:
    """The script at `relative` (from the repository's root), e.g. 'tools/binder_links.py'."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_live(script: str, done: str) -> None:
    """Run `script` in a fresh interpreter with ipympl's backend (as a notebook with
    `%matplotlib widget`, live display); it must print `done` at its end."""
    env = {**os.environ, "MPLBACKEND": "module://ipympl.backend_nbagg",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("GDLAB_DISPLAY", None)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                         timeout=300)
    assert done in out.stdout, out.stdout[-2000:] + out.stderr[-3000:]
