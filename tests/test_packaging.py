"""environment.yml (Binder) and pyproject.toml agree; the README's commands are the Makefile's; the
wheel holds every subpackage and the data files."""

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
ENV = yaml.safe_load((ROOT / "environment.yml").read_text())


def _split(req: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*$", req.split(";")[0]).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def _conda_deps() -> dict[str, str]:
    out = {}
    for dep in ENV["dependencies"]:
        if isinstance(dep, str):
            name, spec = _split(dep)
            out[name] = spec
    return out


def test_environment_has_runtime_and_lab_dependencies_with_the_same_bounds():
    conda = _conda_deps()
    wanted = [*PYPROJECT["project"]["dependencies"], *PYPROJECT["project"]["optional-dependencies"]["lab"]]
    for req in wanted:
        name, spec = _split(req)
        assert name in conda, f"{name} is in pyproject.toml but not in environment.yml"
        assert conda[name] == spec, f"{name}: pyproject says {spec!r}, environment.yml {conda[name]!r}"


def test_environment_has_nothing_pyproject_does_not_know():
    known = {_split(r)[0] for r in PYPROJECT["project"]["dependencies"]}
    known |= {_split(r)[0] for r in PYPROJECT["project"]["optional-dependencies"]["lab"]}
    extra = set(_conda_deps()) - known - {"python", "pip"}
    assert not extra, f"environment.yml has {sorted(extra)} that pyproject.toml does not list"


def test_environment_pins_python_uses_conda_forge_and_installs_gdlab():
    assert ENV["channels"] == ["conda-forge"]
    python = _conda_deps()["python"]
    assert re.fullmatch(r"=3\.\d+", python), python
    lo = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    assert tuple(map(int, python[1:].split("."))) >= tuple(map(int, lo.split(".")))
    pip = next(d["pip"] for d in ENV["dependencies"] if isinstance(d, dict))
    assert "." in pip or "-e ." in pip


def test_readme_starts_with_the_two_makefile_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands[:2] == ["make lab", "make test"]
    assert readme.index("make lab") < 400  # at the start, not buried
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "make test" in ci


@pytest.mark.parametrize("extra", ["lab", "test"])
def test_make_targets_install_the_extras(extra):
    makefile = (ROOT / "Makefile").read_text()
    assert f"-e '.[{extra}]'" in makefile


def test_the_wheel_holds_every_subpackage_and_the_digits_data(tmp_path):
    # Built from a copy, so that the build leaves nothing in the source tree.
    src = tmp_path / "src"
    shutil.copytree(ROOT / "gdlab", src / "gdlab", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                             str(tmp_path / "dist"), str(src)], capture_output=True, text=True)
    if result.returncode and "No matching distribution found" in result.stdout + result.stderr:
        pytest.skip("pip could not fetch setuptools to build the wheel (no package index)")
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (tmp_path / "dist").glob("gdlab-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "gdlab").rglob("__init__.py")}
    assert {f"{p}/__init__.py" for p in packages} <= names
    assert {"gdlab/datasets/digits.csv.gz", "gdlab/datasets/README.md"} <= names
    data = zipfile.ZipFile(wheel).read("gdlab/datasets/digits.csv.gz")
    assert data == (ROOT / "gdlab" / "datasets" / "digits.csv.gz").read_bytes()
