"""Drive a real JupyterLab or Voila with headless Chromium: servers, browser, page helpers.

Used by the browser tests (through conftest.py) and by benchmarks/bench_frontend.py.
Everything here binds to 127.0.0.1, keeps its state in one folder given by the caller, and
stops only the processes it started, by their handles.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Debian's chromium (or $GDLAB_CHROMIUM, or `chromium` on PATH); never a browser download
# (`playwright install` fails on these machines). tools/ensure-chromium looks in the same order.
CHROMIUM = os.environ.get("GDLAB_CHROMIUM") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium")
    else shutil.which("chromium") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"


def course_notebooks() -> list[Path]:
    """The series' notebooks, relative to the repository, in reading order."""
    return sorted(p.relative_to(REPO) for p in (REPO / "notebooks").glob(NOTEBOOK_GLOB))


def zh_notebooks() -> list[Path]:
    """The Chinese edition's notebooks (notebooks/zh/), relative to the repository."""
    return sorted(p.relative_to(REPO) for p in (REPO / "notebooks" / "zh").glob(NOTEBOOK_GLOB))


def chromium_problem() -> str | None:
    """Why Chromium cannot be used, or None when it can."""
    path = Path(CHROMIUM)
    if not path.exists():
        return (
            f"Chromium not found at {CHROMIUM} (set GDLAB_CHROMIUM, or run "
            "`bash tools/ensure-chromium`, which `make test` does)"
        )
    if not os.access(path, os.X_OK):
        return f"{CHROMIUM} is not executable"
    return None


def isolated_env(base: Path, **extra: str) -> dict[str, str]:
    """An environment whose Jupyter, IPython and matplotlib state all live under `base`."""
    base.mkdir(parents=True, exist_ok=True)
    dirs = {
        "HOME": "home",
        "MPLCONFIGDIR": "mpl",
        "IPYTHONDIR": "ipython",
        "JUPYTER_CONFIG_DIR": "jupyter-config",
        "JUPYTER_DATA_DIR": "jupyter-data",
        "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
        "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
        "XDG_CACHE_HOME": "cache",
        "XDG_CONFIG_HOME": "config",
        "XDG_DATA_HOME": "data",
        "TMPDIR": "tmp",  # Voila's and the kernels' connection files
    }
    env = dict(os.environ)
    for name, sub in dirs.items():
        (base / sub).mkdir(exist_ok=True)
        env[name] = str(base / sub)
    # JupyterLab's news and update check: a pop-up over the bottom right, and a network call.
    notification = base / "lab-settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True, exist_ok=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    # The venv's scripts (jupyter, voila) first; kernels run with this interpreter.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("JUPYTER_PATH", None)
    env.pop("MPLBACKEND", None)
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A server process we started, its address, and its log."""

    name: str
    proc: subprocess.Popen
    url: str
    token: str
    log: Path
    _log_file: object = field(repr=False, default=None)

    def wait_ready(self, path: str | None, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            try:
                if path is None:  # only that the port takes connections
                    host, port = self.url.rsplit("/", 1)[-1].split(":")
                    with socket.create_connection((host, int(port)), timeout=2):
                        return
                with urllib.request.urlopen(self.url + path, timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{self.name} not ready after {timeout} s:\n{self.log_tail()}")

    def log_size(self) -> int:
        """Where the log ends now (for log_since)."""
        try:
            return self.log.stat().st_size
        except OSError:
            return 0

    def log_since(self, offset: int = 0) -> str:
        """The log from `offset` (a log_size) on."""
        try:
            with open(self.log, "rb") as f:
                f.seek(offset)
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Stop our process (and the kernels it started) by its handle."""
        if self.proc.poll() is None:
            # SIGTERM: Jupyter Server and Voila shut their kernels down and exit. Only if
            # that hangs, SIGKILL, and only of our own process.
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self._log_file is not None:
            self._log_file.close()


# The base URLs of the servers started here: the only hosts a test page may request from.
STARTED: list[str] = []


def _start(name, cmd, env, cwd, log: Path, url, token, ready_path, timeout=60.0) -> Server:
    log.parent.mkdir(parents=True, exist_ok=True)
    log_file = open(log, "w")  # noqa: SIM115 - closed in Server.stop
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    server = Server(name, proc, url, token, log, log_file)
    try:
        server.wait_ready(ready_path, timeout)
    except BaseException:
        server.stop()
        raise
    STARTED.append(url)
    return server


def start_lab(root: Path, env: dict[str, str], log: Path, token: str = "gdlab-test") -> Server:
    """`tools/serve lab` (what `make lab` runs) serving `root`, on a free loopback port.

    Only what a test needs is added to what `make lab` passes: no browser, the port, a fixed
    token, the folder to serve and `window.jupyterapp` for the page helpers. --allow-root (when
    we are root) and the read-only extension manager are tools/serve's own doing, as for a user.
    """
    port = free_port()
    cmd = [
        sys.executable, str(REPO / "tools" / "serve"), "lab", "--no-browser",
        f"--port={port}", "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
    ]
    url = f"http://127.0.0.1:{port}"
    return _start("jupyter lab", cmd, env, root, log, url, token, f"/api/status?token={token}")


def start_voila(notebook: Path, env: dict[str, str], log: Path, token: str = "gdlab-test") -> Server:
    """`tools/serve present NOTEBOOK` (what `make present` runs) on a free loopback port."""
    port = free_port()
    cmd = [
        sys.executable, str(REPO / "tools" / "serve"), "present", str(notebook),
        "--no-browser", f"--port={port}", "--Voila.port_retries=0", f"--token={token}",
    ]
    url = f"http://127.0.0.1:{port}"
    # Ready when the port answers (Voila has no /api/status; its page starts a kernel).
    return _start("voila", cmd, env, REPO, log, url, token, None)


def launch_browser(playwright):
    problem = chromium_problem()
    if problem:
        raise RuntimeError(problem)
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )


# ---------------------------------------------------------------- console errors, requests

class ConsoleLog:
    """Collects a page's console errors and uncaught exceptions. Every one fails a test."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _on_console(self, msg) -> None:
        if msg.type != "error":
            return
        where = (msg.location or {}).get("url", "")
        self.errors.append(f"{msg.text} ({where})" if where else msg.text)


# A line of a server's log (or of `make site`) that warns: Jupyter's [W]/[E] lines, Voila's
# "WARNING |", Python's warnings and tracebacks (a kernel's too: kernels write to the server's
# output). tools/serve and tools/build_site.py configure away every warning they can; the
# README names any that cannot be.
WARNING_LINE = re.compile(r"^\[[WE] |\bWARNING\b|\b\w*Warning\b|^Traceback|Running as root")


def log_warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if WARNING_LINE.search(line)]


# What a page may load without going to another host: its own documents (file:// for the
# static site), inline data and objects it made itself.
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def origin(url: str) -> str:
    """scheme://host:port of an http(s)/ws(s) URL (the port spelled out), else ''."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss") or not parts.hostname:
        return ""
    default = {"http": 80, "ws": 80, "https": 443, "wss": 443}[parts.scheme]
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    return f"{scheme}://{parts.hostname}:{parts.port or default}"


def is_foreign(url: str, servers: tuple[str, ...] = ()) -> bool:
    """True for a request that leaves this page's own server(s) and the local file system.

    No exemption list: a request to any other host, even one the page works without (a
    badge image, a CDN font), is foreign.
    """
    if url.startswith(LOCAL_SCHEMES):
        return False
    return origin(url) not in {origin(s) for s in servers}


class RequestLog:
    """Every request a browser context makes (pages, workers, web sockets), in order."""

    def __init__(self, context):
        self.urls: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("page", self._watch)
        for page in context.pages:
            self._watch(page)

    def _watch(self, page) -> None:
        page.on("websocket", lambda ws: self.urls.append(ws.url))

    def foreign(self, *servers: str) -> list[str]:
        """The requests that went anywhere but `servers` (base URLs) and file://."""
        return [u for u in self.urls if is_foreign(u, servers)]


def page_requests(page) -> RequestLog:
    """The RequestLog of `page`'s context (made on first use: before the page loads anything)."""
    context = page.context
    log = getattr(context, "_gdtest_requests", None)
    if log is None:
        log = RequestLog(context)
        context._gdtest_requests = log
    return log


def copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))


# ---------------------------------------------------------------- JupyterLab pages

# Code run in the kernel: find the explorers the notebook made (assigned to a name, in a
# list/tuple/dict under a name, or shown as a cell's last expression, hence in Out), and
# give each control and each figure canvas a CSS class the browser can find.
_TAG_EXPLORERS = r"""
def __gdtest_tag():
    import json, types
    import ipywidgets
    ip = get_ipython()
    ns = ip.user_ns
    found = []
    def consider(o):
        if isinstance(o, (types.ModuleType, type)):
            return
        try:
            ok = (isinstance(getattr(o, "controls", None), dict)
                  and hasattr(o, "figure") and hasattr(o, "current"))
        except Exception:
            ok = False
        if ok and not any(o is f for f in found):
            found.append(o)
    for name, value in list(ns.items()):
        if name.startswith("__gdtest"):
            continue
        consider(value)
        if isinstance(value, (list, tuple)):
            for x in value:
                consider(x)
        elif isinstance(value, dict) and name not in ("In", "Out", "_oh", "_ih"):
            for x in value.values():
                consider(x)
    for value in ns.get("Out", {}).values():
        consider(value)
    report = []
    for i, ex in enumerate(found):
        item = {"index": i, "type": type(ex).__name__, "controls": {}, "figure": None}
        for name, ctrl in ex.controls.items():
            cls = f"gdtest-x{i}-{name}"
            if isinstance(ctrl, ipywidgets.DOMWidget):
                for old in [c for c in ctrl._dom_classes if c.startswith("gdtest-")]:
                    ctrl.remove_class(old)
                ctrl.add_class(cls)
                item["controls"][name] = {"class": cls, "widget": type(ctrl).__name__}
            else:
                item["controls"][name] = {"class": None, "widget": type(ctrl).__name__}
        canvas = getattr(ex.figure, "canvas", None)
        if isinstance(canvas, ipywidgets.DOMWidget):
            for old in [c for c in canvas._dom_classes if c.startswith("gdtest-")]:
                canvas.remove_class(old)
            canvas.add_class(f"gdtest-x{i}-figure")
            item["figure"] = {"class": f"gdtest-x{i}-figure", "widget": type(canvas).__name__}
        else:
            item["figure"] = {"class": None, "widget": type(canvas).__name__}
        box = getattr(ex, "widget", None)  # the whole layout, when the explorer exposes it
        if isinstance(box, ipywidgets.DOMWidget):
            for old in [c for c in box._dom_classes if c.startswith("gdtest-")]:
                box.remove_class(old)
            box.add_class(f"gdtest-x{i}-widget")
            item["widget"] = f"gdtest-x{i}-widget"
        report.append(item)
    print(json.dumps(report))
__gdtest_tag()
del __gdtest_tag
"""

# The drawn figure of an ipympl canvas view: the first <canvas> of its canvas div (the
# second one, on top, only holds the rubber band).
FIGURE_CANVAS = ".jupyter-matplotlib-canvas-div > canvas:first-child"


class KernelError(RuntimeError):
    pass


class LabPage:
    """One notebook open in JupyterLab in a fresh browser page."""

    def __init__(self, page, server: Server):
        self.page = page
        self.server = server
        self.console = ConsoleLog(page)
        self.requests = page_requests(page)

    def foreign_requests(self) -> list[str]:
        """Requests to any host but this JupyterLab (there should be none)."""
        return self.requests.foreign(self.server.url)

    # -- opening and running
    def open(self, path: str, timeout: float = 90.0) -> None:
        """Open `path` (relative to the server root) and wait for an idle, connected kernel."""
        self.page.goto(f"{self.server.url}/lab/tree/{path}?reset&token={self.server.token}")
        self.page.wait_for_function(
            """(path) => {
                const app = window.jupyterapp;
                if (!app) return false;
                const w = app.shell.currentWidget;
                if (!w || !w.context || w.context.path !== path) return false;
                const s = w.sessionContext;
                const k = s && s.session && s.session.kernel;
                if (!k || k.connectionStatus !== 'connected' || k.status !== 'idle') return false;
                window.__gdtest_panel = w;
                // When the kernel's status last changed, for wait_idle.
                window.__gdtest_status_at = performance.now();
                s.statusChanged.connect(() => { window.__gdtest_status_at = performance.now(); });
                // Every error the kernel reports, from a cell or from a widget callback (the
                // latter go to JupyterLab's log console, not to a cell).
                window.__gdtest_kernel_errors = [];
                k.iopubMessage.connect((_, msg) => {
                    const t = msg.header.msg_type, c = msg.content;
                    if (t === 'error')
                        window.__gdtest_kernel_errors.push(c.ename + ': ' + c.evalue);
                    else if (t === 'stream' && c.name === 'stderr' && c.text.includes('Traceback'))
                        window.__gdtest_kernel_errors.push(c.text.slice(-500));
                });
                return true;
            }""",
            arg=path, timeout=timeout * 1000,
        )

    def run_all(self, timeout: float = 240.0) -> bool:
        """Run every cell with JupyterLab's own command; True when no cell failed."""
        self.page.evaluate(
            """() => {
                window.__gdtest_run = null;
                window.jupyterapp.shell.activateById(window.__gdtest_panel.id);
                window.jupyterapp.commands.execute('notebook:run-all-cells').then(
                    (ok) => { window.__gdtest_run = {ok: ok}; },
                    (e) => { window.__gdtest_run = {ok: false, error: String(e)}; });
            }"""
        )
        self.page.wait_for_function("() => window.__gdtest_run", timeout=timeout * 1000)
        result = self.page.evaluate("() => window.__gdtest_run")
        self.wait_idle()
        return bool(result.get("ok"))

    def wait_idle(self, timeout: float = 60.0, quiet_ms: int = 300) -> None:
        """Wait until the kernel has been idle for `quiet_ms` (a reply can start new work)."""
        self.page.wait_for_function(
            """([quiet]) => {
                const s = window.__gdtest_panel.sessionContext;
                const k = s.session && s.session.kernel;
                return k && k.status === 'idle'
                    && performance.now() - window.__gdtest_status_at >= quiet;
            }""",
            arg=[quiet_ms], timeout=timeout * 1000, polling=50,
        )

    # -- what the notebook shows
    def cells(self) -> list[dict]:
        """Each code cell's source, execution count and outputs (from JupyterLab's model)."""
        return self.page.evaluate(
            """() => window.__gdtest_panel.content.widgets
                .filter((c) => c.model.type === 'code')
                .map((c) => ({
                    source: c.model.sharedModel.getSource(),
                    count: c.model.executionCount,
                    outputs: c.model.outputs.toJSON(),
                }))"""
        )

    def problems(self) -> list[str]:
        """Everything visibly wrong after a run: cell errors, cells not run, widget errors."""
        found = []
        for i, cell in enumerate(self.cells()):
            head = cell["source"].strip().splitlines()[:1]
            label = f"code cell {i} ({head[0][:60] if head else 'empty'})"
            if cell["source"].strip() and cell["count"] is None:
                found.append(f"{label} did not run")
            for out in cell["outputs"]:
                if out.get("output_type") == "error":
                    found.append(f"{label} raised {out.get('ename')}: {out.get('evalue')}")
                elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                    text = "".join(out.get("text", ""))
                    if "Traceback" in text or "Error" in text:
                        found.append(f"{label} wrote an error to stderr: {text[:300]}")
        bad_widgets = self.page.evaluate(
            """() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))
                .filter((el) => el.textContent.includes('Error displaying widget'))
                .map((el) => el.textContent.slice(0, 200))"""
        )
        found += [f"widget failed to display: {t}" for t in bad_widgets]
        return found

    def kernel_errors(self) -> list[str]:
        """Errors the kernel has reported since the notebook was opened (cells and callbacks)."""
        return self.page.evaluate("() => window.__gdtest_kernel_errors")

    def wait_widgets_rendered(self, timeout: float = 30.0) -> None:
        """Wait until every widget output has a rendered view (or fail with the empty ones)."""
        js = """() => Array.from(document.querySelectorAll(
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]'))
                .filter((el) => el.getBoundingClientRect().height < 1
                                && !el.textContent.includes('Error displaying widget')).length"""
        deadline = time.monotonic() + timeout
        while True:
            empty = self.page.evaluate(js)
            if empty == 0:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{empty} widget output(s) still empty after {timeout} s")
            time.sleep(0.2)

    # -- the kernel
    def kernel_exec(self, code: str, timeout: float = 60.0) -> str:
        """Run `code` in the notebook's kernel (not in a cell); return its stdout."""
        result = self.page.evaluate(
            """async ([code, timeoutMs]) => {
                const s = window.__gdtest_panel.sessionContext;
                const k = s.session.kernel;
                const future = k.requestExecute({code, silent: false, store_history: false});
                let out = '', error = null;
                future.onIOPub = (msg) => {
                    const t = msg.header.msg_type;
                    if (t === 'stream' && msg.content.name === 'stdout') out += msg.content.text;
                    if (t === 'error') error = msg.content.ename + ': ' + msg.content.evalue;
                };
                const timer = new Promise((_, rej) => setTimeout(
                    () => rej(new Error('kernel_exec timed out')), timeoutMs));
                const reply = await Promise.race([future.done, timer]);
                if (reply.content.status !== 'ok' && !error)
                    error = reply.content.ename + ': ' + reply.content.evalue;
                return {out, error};
            }""",
            [code, timeout * 1000],
        )
        if result["error"]:
            raise KernelError(result["error"])
        return result["out"]

    def kernel_json(self, expr: str, setup: str = ""):
        """Run `setup`, then evaluate `expr` in the kernel; return its value through JSON."""
        code = f"{setup}\nprint(__import__('json').dumps({expr}))"
        lines = self.kernel_exec(code).strip().splitlines()
        return json.loads(lines[-1])

    def tag_explorers(self) -> list[dict]:
        """Find the notebook's explorers in the kernel; give their widgets findable classes."""
        report = json.loads(self.kernel_exec(_TAG_EXPLORERS).strip().splitlines()[-1])
        self.wait_idle()
        return report

    # -- figures
    def canvas_png(self, selector: str) -> str:
        """The pixels now on the figure canvas inside `selector`, as a data URL."""
        return self.page.locator(f"{selector} {FIGURE_CANVAS}").first.evaluate(
            "(c) => c.toDataURL()"
        )

    def wait_canvas_change(self, selector: str, before: str, timeout: float = 10.0) -> str:
        """Wait until the canvas differs from `before`, then until it stops changing."""
        deadline = time.monotonic() + timeout
        now = self.canvas_png(selector)
        while now == before:
            if time.monotonic() > deadline:
                raise AssertionError(f"canvas in {selector} did not change within {timeout} s")
            time.sleep(0.05)
            now = self.canvas_png(selector)
        return self.wait_canvas_stable(selector)

    def wait_canvas_stable(self, selector: str, quiet: float = 0.4, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        last, since = self.canvas_png(selector), time.monotonic()
        while time.monotonic() - since < quiet and time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.canvas_png(selector)
            if now != last:
                last, since = now, time.monotonic()
        return last

    def wait_canvas_drawn(self, selector: str, timeout: float = 60.0) -> dict:
        """canvas_is_drawn, once the canvas holds more than one colour (or at the timeout)."""
        start = time.monotonic()
        while True:
            drawn = self.canvas_is_drawn(selector)
            drawn["waited"] = time.monotonic() - start
            if drawn["colours"] > 1 or drawn["waited"] > timeout:
                return drawn
            time.sleep(0.1)

    def canvas_is_drawn(self, selector: str) -> dict:
        """Size of the figure canvas and whether it holds more than one colour."""
        return self.page.locator(f"{selector} {FIGURE_CANVAS}").first.evaluate(
            """(c) => {
                const w = c.width, h = c.height;
                if (!w || !h) return {width: w, height: h, colours: 0};
                const d = c.getContext('2d').getImageData(0, 0, w, h).data;
                const seen = new Set();
                for (let i = 0; i < d.length && seen.size < 3; i += 4)
                    seen.add((d[i] << 24) ^ (d[i + 1] << 16) ^ (d[i + 2] << 8) ^ d[i + 3]);
                return {width: w, height: h, colours: seen.size};
            }"""
        )
