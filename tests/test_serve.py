"""tools/serve, which `make lab`, `make present` and the browser tests run: the commands it builds.

The servers themselves are started in tests/browser (as root there, on CI); here, without
starting anything, what it passes as root and as an ordinary user, with and without a display.
"""

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load():
    loader = importlib.machinery.SourceFileLoader("gdlab_serve", str(ROOT / "tools" / "serve"))
    spec = importlib.util.spec_from_loader("gdlab_serve", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


serve = _load()


@pytest.fixture
def as_user(monkeypatch):
    def become(uid: int, display: str | None = ":0"):
        monkeypatch.setattr(serve.os, "geteuid", lambda: uid, raising=False)
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        if display is None:
            monkeypatch.delenv("DISPLAY", raising=False)
        else:
            monkeypatch.setenv("DISPLAY", display)
    monkeypatch.setattr(serve, "trust", lambda notebooks: None)  # no notary writes here
    return become


def test_lab_as_root_passes_allow_root_and_says_why_in_one_line(as_user, capsys):
    as_user(0)
    cmd = serve.lab_command(["notebooks/00_start_here.ipynb", "--port=8899"])
    assert cmd[:4] == [sys.executable, "-m", "jupyterlab", "notebooks/00_start_here.ipynb"]
    assert cmd.count("--allow-root") == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "root" in out[0] and "--allow-root" in out[0]
    assert cmd[-1] == "--port=8899"  # the caller's options last: they win


def test_lab_as_an_ordinary_user_passes_no_allow_root(as_user, capsys):
    as_user(1000)
    cmd = serve.lab_command(["--no-browser"])
    assert "--allow-root" not in cmd
    assert capsys.readouterr().out == ""
    assert "--ServerApp.ip=127.0.0.1" in cmd
    assert "--ServerApp.jpserver_extensions=notebook_shim=False" in cmd
    assert "--LabApp.extension_manager=readonly" in cmd  # no PyPI look-ups from the server


def test_no_display_means_no_browser_unless_the_caller_chose(as_user, capsys):
    as_user(1000, display=None)
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux")
    assert "--no-browser" in serve.lab_command([])
    assert "no display" in capsys.readouterr().out
    assert serve.lab_command(["--no-browser"]).count("--no-browser") == 1
    assert "--no-browser" not in serve.lab_command(["--ServerApp.open_browser=True"])


def test_present_serves_the_notebook_from_its_folder_with_the_gdlab_template(as_user):
    as_user(1000)
    nb = ROOT / "notebooks" / "02_linear_regression.ipynb"
    cmd, folder = serve.present_command([str(nb), "--port=8867"])
    assert cmd[:4] == [sys.executable, "-m", "voila", nb.name]
    assert folder == nb.parent
    assert "--template=gdlab" in cmd and "--strip_sources=True" in cmd
    assert cmd[-1] == "--port=8867"
    template = ROOT / "tools" / "jupyter" / "voila" / "templates" / "gdlab"
    assert (template / "conf.json").is_file() and (template / "index.html.j2").is_file()
    with pytest.raises(SystemExit):
        serve.present_command([str(ROOT / "README.md")])


def test_kernels_are_encrypted_where_pyzmq_can():
    import zmq

    opts = serve.kernel_options()
    assert opts == (["--KernelManager.transport_encryption=auto"] if zmq.has("curve") else [])


def test_only_notebooks_without_outputs_are_signed(tmp_path, monkeypatch):
    import nbformat
    from nbformat.sign import NotebookNotary

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    empty, shown = nbformat.v4.new_notebook(), nbformat.v4.new_notebook()
    empty.cells = [nbformat.v4.new_code_cell("1 + 1")]
    shown.cells = [nbformat.v4.new_code_cell("1 + 1", outputs=[
        nbformat.v4.new_output("execute_result", data={"text/html": "<b>2</b>"})])]
    paths = []
    for name, nb in [("empty.ipynb", empty), ("shown.ipynb", shown)]:
        nbformat.write(nb, tmp_path / name)
        paths.append(tmp_path / name)
    before = [p.read_bytes() for p in paths]
    serve.trust(paths)
    assert [p.read_bytes() for p in paths] == before  # the signature is in the notary, not the file
    notary = NotebookNotary(data_dir=str(tmp_path / "data"))
    assert notary.check_signature(nbformat.read(paths[0], 4))
    assert not notary.check_signature(nbformat.read(paths[1], 4))
