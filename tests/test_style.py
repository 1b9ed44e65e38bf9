"""The code stays ruff-clean (the settings are in pyproject.toml) and its modules short."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: A module is read in one sitting: at most this many lines, unless its docstring says why it
#: must be "one piece".
MAX_LINES = 300


def _modules() -> list[Path]:
    return sorted((ROOT / "gdlab").rglob("*.py"))


def test_ruff_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is a test dependency: pip install -e '.[test]'"
    result = subprocess.run([ruff, "check", "gdlab", "tests", "benchmarks", "tools"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_module_is_short(path):
    text = path.read_text(encoding="utf-8")
    lines = len(text.splitlines())
    why = ast.get_docstring(ast.parse(text)) or ""
    assert lines <= MAX_LINES or "one piece" in why, (
        f"{path.relative_to(ROOT)} has {lines} lines (> {MAX_LINES}): split it by idea, or say in "
        "its docstring why it must be one piece")
