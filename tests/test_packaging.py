"""environment.yml (Binder) and pyproject.toml agree; the README's commands are the Makefile's; the
wheel holds every subpackage and the data files."""

import re
import shlex
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


def test_every_gdlab_package_is_built():
    # A subpackage left out of the build still imports with `pip install -e` and breaks on Binder.
    from fnmatch import fnmatch

    include = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = [".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "gdlab").rglob("__init__.py")]
    assert {"gdlab", "gdlab.plots", "gdlab.problems"} <= set(packages)
    assert [p for p in packages if not any(fnmatch(p, pattern) for pattern in include)] == []


def test_options_are_keyword_only():
    import inspect

    import gdlab as gd

    def keyword_only(fn, names):
        params = inspect.signature(fn).parameters
        return {n for n in names if params[n].kind is inspect.Parameter.KEYWORD_ONLY} == set(names)

    assert keyword_only(gd.run, ["batch_size", "seed", "progress"])
    assert keyword_only(gd.make_linear_data, ["n", "w", "b", "noise_mean", "noise_std", "x_range", "seed"])
    assert keyword_only(gd.make_logistic_data, ["n", "separable", "seed"])
    assert keyword_only(gd.load_csv, ["x", "y"])
    assert keyword_only(gd.plots.basins, ["grid", "bounds"])
    assert keyword_only(gd.widgets.regression_explorer, ["lr", "steps", "theta0", "optimizer", "max_steps"])
    assert keyword_only(gd.widgets.optimizer_race, ["theta0", "steps", "lrs"])
    assert keyword_only(gd.widgets.minibatch_explorer, ["batch_size", "seed", "lr", "decay"])


def test_tab_completion_lists_the_lazily_loaded_modules():
    import gdlab as gd

    assert {"plots", "explorers", "widgets", "exercises", "animate", "check_environment"} <= set(dir(gd))
    assert gd.widgets.regression_explorer is gd.explorers.regression_explorer


def test_the_test_extra_has_what_the_site_needs_and_make_site_installs_it():
    # `make test` builds the site (tests/browser/test_site.py) with the test extra alone.
    extras = PYPROJECT["project"]["optional-dependencies"]
    test = {_split(r)[0] for r in extras["test"]}
    missing = {_split(r)[0] for r in extras["site"]} - test
    assert not missing, f"the test extra lacks {sorted(missing)} from the site extra"
    makefile = (ROOT / "Makefile").read_text()
    assert "-e '.[lab,site]'" in makefile
    assert re.search(r"^site: \$\(VENV\)/\.installed-site$", makefile, re.M)


def test_make_test_installs_the_browser_and_its_cjk_fonts_first():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^test: .*\n((?:\t.*\n)+)", makefile, re.M).group(1).split("\n")
    assert [r.strip() for r in recipe if r.strip()] == [
        "bash tools/ensure-chromium", "bash tools/ensure-cjk-fonts",
        "$(BIN)/python -m pytest -n 2 --dist loadscope notebooks", "$(BIN)/python -m pytest tests"]
    # Between them the two runs cover every test path pytest knows.
    assert set(PYPROJECT["tool"]["pytest"]["ini_options"]["testpaths"]) == {"notebooks", "tests"}
    assert "fonts-noto-cjk" in (ROOT / "tools" / "ensure-cjk-fonts").read_text()


def test_make_lab_and_present_start_servers_as_the_browser_tests_do():
    # Both through tools/serve, so that CI sees what a user gets (as root, it adds
    # --allow-root itself; the tests add only --no-browser, a port, a token and a folder).
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab: .*\n\t\$\(BIN\)/python tools/serve lab notebooks/00_start_here\.ipynb "
                     r"\$\(SERVE_OPTS\)$", makefile, re.M)
    assert re.search(r"^present: .*\n\t\$\(BIN\)/python tools/serve present \$\(NB\) \$\(SERVE_OPTS\)$",
                     makefile, re.M)
    assert re.search(r"^lab-zh: .*\n\t\$\(BIN\)/python tools/serve lab notebooks/zh/00_start_here\.ipynb "
                     r"\$\(SERVE_OPTS\)$", makefile, re.M)
    assert "SERVE_OPTS = $(if $(PORT),--port=$(PORT)) $(ARGS)" in makefile
    harness = (ROOT / "tests" / "browser" / "harness.py").read_text()
    assert '"tools" / "serve"), "lab"' in harness and '"tools" / "serve"), "present"' in harness
    assert "\"--allow-root\"" not in harness  # tools/serve adds it, not the tests
    assert "extension_manager" not in harness  # read-only for users too, by tools/serve


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    shown = []
    for block in re.findall(r"```(?:bash|sh)\n(.*?)```", readme, re.S):
        shown += [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]
    prose = re.sub(r"```.*?```", "", readme, flags=re.S)
    shown += re.findall(r"`((?:make|python|\.venv/bin/)[^`\n]*)`", prose)
    return shown


def test_every_command_the_readme_shows_runs_on_a_fresh_clone():
    # A fresh clone has no .venv and maybe no `python` with gdlab: commands are make targets
    # (which set up .venv), or .venv's own programs once a make target has made it.
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    commands = _readme_commands()
    assert commands
    for command in commands:
        words = shlex.split(command)
        assert words[0] != "python", f"README shows {command!r}: outside .venv there is no gdlab"
        if words[0] == "make":
            named = [w for w in words[1:] if "=" not in w]
            assert all(t in targets for t in named), f"{command!r}: no such make target"
        elif words[0].startswith(".venv/bin/"):
            program = words[0].removeprefix(".venv/bin/")
            assert program in {"python", "gdlab", "jupyter"}, command
            for arg in words[1:]:
                if arg.endswith(".py"):
                    assert (ROOT / arg).is_file(), f"{command!r}: no {arg}"
    assert "gdlab" in PYPROJECT["project"]["scripts"]


def test_the_wheel_holds_every_subpackage_and_the_digits_data(tmp_path):
    # Built from a copy, so that the build leaves nothing in the source tree.
    src = tmp_path / "src"
    shutil.copytree(ROOT / "gdlab", src / "gdlab", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                             str(tmp_path / "dist"), str(src)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (tmp_path / "dist").glob("gdlab-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "gdlab").rglob("__init__.py")}
    assert {f"{p}/__init__.py" for p in packages} <= names
    assert {"gdlab/datasets/digits.csv.gz", "gdlab/datasets/README.md"} <= names
    data = zipfile.ZipFile(wheel).read("gdlab/datasets/digits.csv.gz")
    assert data == (ROOT / "gdlab" / "datasets" / "digits.csv.gz").read_bytes()
    fonts = {f"gdlab/fonts/{p.name}" for p in (ROOT / "gdlab" / "fonts").iterdir()}
    assert {"gdlab/fonts/OFL.txt", "gdlab/fonts/README.md"} < fonts <= names  # and the .otf
    assert "gdlab/locale/zh/LC_MESSAGES/gdlab.po" in names
    assert "gdlab/explorers/player.js" in names  # the page's player (anywidget's module)
    assert "gdlab/explorers/sensor.js" in names  # the column sensor's
