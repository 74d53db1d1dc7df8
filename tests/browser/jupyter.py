"""A real Jupyter server (JupyterLab 4 + Notebook 7) for browser tests, and every helper the
browser test modules share (they import helpers from here, never from each other).

Follows ../shared/docs/e2e-recipe.md: temporary root and config dirs, no news toast, the
app exposed as ``window.jupyterapp`` so tests can wait for a really idle kernel.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import nbformat
import numpy as np
from nbformat.v4 import new_code_cell, new_notebook
from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
RAN = re.compile(r"^\[\d+\]:$")  # a code cell's prompt once it has run

# Notebook 7.6 throws these on every page load, even on a plain server: upstream noise.
KNOWN_PAGE_ERRORS = ("reading 'schema'", "Command 'filebrowser:open-path' not registered")

KERNEL_READY_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.connectionStatus === "connected" && k.status === "idle";
}"""


def screenshot_path(name: str) -> Path:
    """docs/screenshots/<name>.png under `make screenshots`, else the ignored test-results/."""
    if os.environ.get("PAPERWIDGETS_SCREENSHOTS") == "1":
        folder = ROOT / "docs" / "screenshots"
    else:
        folder = ROOT / "test-results" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.png"


def readme_screenshot(page_or_locator: Page | Locator, name: str) -> Path:
    """Take a README picture; only `make screenshots` replaces the tracked one."""
    path = screenshot_path(name)
    page_or_locator.screenshot(path=str(path))
    return path


# Linux: the server gets SIGTERM (and stops its kernels) when pytest dies, even of SIGKILL.
# A wrapper that sets PR_SET_PDEATHSIG (1) and execs the server; a preexec_fn would do the
# same but is unsafe once threads run (asyncio's child watcher, under Playwright).
DIE_WITH_PARENT = (
    "import ctypes, os, signal, sys\n"
    "ctypes.CDLL(None).prctl(1, signal.SIGTERM)\n"
    "if os.getppid() != int(sys.argv[1]):\n"
    "    sys.exit('pytest died before the server started')\n"
    "os.execv(sys.executable, [sys.executable, *sys.argv[2:]])\n"
)
_RUNNING: set[JupyterServer] = set()  # servers to stop however pytest ends


def _stop_running() -> None:
    for server in list(_RUNNING):
        server.stop()


def _stop_then_die(signum: int, frame: object) -> None:
    """SIGTERM to pytest (`timeout`, a CI runner): stop the servers, then die of the signal."""
    _stop_running()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


@functools.cache  # once per pytest run
def _watch_pytest_exit() -> None:
    """Stop every server at exit and on SIGTERM (unless someone else handles SIGTERM)."""
    atexit.register(_stop_running)
    on_main = threading.current_thread() is threading.main_thread()
    if on_main and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _stop_then_die)


def _dying_with_pytest(command: list[str]) -> list[str]:
    """`command` (a Python one) run so that it dies with this process, where Linux allows."""
    if not sys.platform.startswith("linux"):
        return command
    return [sys.executable, "-c", DIE_WITH_PARENT, str(os.getpid()), *command[1:]]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterServer:
    """`python -m jupyterlab` on a free port with everything in a temporary folder.

    The server runs in its own session (a Ctrl-C in the terminal does not reach it) and is
    stopped however pytest ends: the fixture's teardown, atexit, SIGTERM, or — if pytest is
    killed outright — the parent-death signal (Linux).
    """

    def __init__(self, base: Path):
        self.base = base
        self.root = base / "root"
        self.log_path = base / "server.log"
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.start_seconds = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _env(self) -> dict[str, str]:
        return {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(self.base / "config"),
            "JUPYTER_DATA_DIR": str(self.base / "data"),
            "JUPYTER_RUNTIME_DIR": str(self.base / "runtime"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "IPYTHONDIR": str(self.base / "ipython"),
            "PAPERWIDGETS_USER": "Ada",  # who the kernels' notes are by (tests.conftest.USER)
            "PAPERWIDGETS_CACHE": str(self.base / "cache"),  # indexes, layouts, Reader places
        }

    def _settings_dir(self) -> Path:
        settings = self.base / "lab-settings"
        folder = settings / "@jupyterlab" / "apputils-extension"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        return settings

    def _command(self, settings: Path) -> list[str]:
        return [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
            "--IdentityProvider.token=", "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root}", "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={self.base / 'workspaces'}",
            "--LabApp.expose_app_in_browser=True",
            "--JupyterNotebookApp.expose_app_in_browser=True",
        ]  # fmt: skip

    def start(self, timeout: float = 90, attempts: int = 3) -> JupyterServer:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.base / "workspaces").mkdir(exist_ok=True)
        settings = self._settings_dir()
        for _ in range(attempts):
            self.port = _free_port()
            t0 = time.monotonic()
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(
                    _dying_with_pytest(self._command(settings)), env=self._env(), stdout=log,
                    stderr=subprocess.STDOUT, start_new_session=True,
                )  # fmt: skip
            _RUNNING.add(self)
            _watch_pytest_exit()
            if self._wait_ready(t0 + timeout):
                self.start_seconds = time.monotonic() - t0
                return self
            self.stop()
        raise RuntimeError(f"Jupyter server did not start:\n{self.log_path.read_text()[-3000:]}")

    def _wait_ready(self, deadline: float) -> bool:
        while time.monotonic() < deadline and self.proc and self.proc.poll() is None:
            try:
                with urllib.request.urlopen(self.url + "/api/status", timeout=2) as r:
                    if r.status == 200:
                        return True
            except OSError:
                time.sleep(0.1)
        return False

    def stop(self, timeout: float = 15) -> None:
        _RUNNING.discard(self)
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)  # the server shuts its kernels down
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
            return json.loads(body) if body else None

    def shutdown_sessions(self, notebook: str) -> None:
        """Stop the kernels a test's notebook started (closing the page does not)."""
        for session in self.api("/api/sessions"):
            if session.get("path") == notebook:
                self.api(f"/api/sessions/{session['id']}", method="DELETE")

    def open_notebook(self, page: Page, name: str, ui: str) -> None:
        """Open a notebook in JupyterLab (`lab`) or Notebook 7 (`notebook7`), kernel idle."""
        if ui == "lab":  # ?reset: don't restore notebooks earlier tests opened
            page.goto(f"{self.url}/lab/tree/{name}?reset")
        else:
            page.goto(f"{self.url}/notebooks/{name}")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        page.wait_for_function(KERNEL_READY_JS, timeout=90_000)


def run_all_cells(page: Page) -> None:
    """Run > Run All Cells, then wait until the last code cell has run."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    first_code = page.locator(".jp-Notebook .jp-CodeCell").first
    expect(first_code.locator(".jp-InputPrompt")).to_have_text("[1]:", timeout=60_000)
    last_code = page.locator(".jp-Notebook .jp-CodeCell").last
    expect(last_code.locator(".jp-InputPrompt")).to_have_text(RAN, timeout=60_000)


def stderr_outputs(page: Page) -> list[str]:
    """Texts of error outputs (tracebacks, stderr) in the open notebook."""
    selector = (
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
        " .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
    )
    return page.locator(selector).all_inner_texts()


# What the browser tests share: the example's papers, a notebook to open, waiting for the
# kernel's files, the Reader on screen and the map's lasso gesture.

UIS = ["lab", "notebook7"]
FIRST = (
    "JARVIS-VLA: Post-Training Large-Scale Vision Language Models to Play Visual Games "
    "with Keyboards and Mouse"
)
SECOND = "Arena Learning: Build Data Flywheel for LLMs Post-training via Simulated Chatbot Arena"
READER_CELL = (
    "import paperwidgets as pw\n"
    "corpus = pw.load('daily_papers.txt')\n"
    "reader = corpus.reader(notes='paper-notes.ipynb')\n"
    "reader"
)
WIDTHS = [900, 2400]  # px: a laptop with the file browser open, a wide screen


def write_notebook(folder: Path, name: str, *sources: str) -> str:
    """A notebook of code cells in the server's folder; its path for open_notebook."""
    nb = new_notebook(
        cells=[new_code_cell(s) for s in sources],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(nb, folder / name)
    return f"{folder.name}/{name}"


def poll(check, timeout: float = 60.0, what: str = "condition"):
    """Wait until check() returns a truthy value (a file written by the kernel, say)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except (OSError, ValueError) as err:  # a file mid-replace, not yet there
            last = err
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; last: {last!r}")


def open_reader(page: Page, jupyter_server, notebook_dir, ui: str, width: int, name: str):
    """The example's Reader in a new notebook `width` px wide, first paper and neighbours shown."""
    page.set_viewport_size({"width": width, "height": 1000})
    nb = write_notebook(notebook_dir, name, READER_CELL)
    jupyter_server.open_notebook(page, nb, ui)
    if ui == "lab":  # the file browser open, as people work
        page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:activate')")
    run_all_cells(page)
    reader = page.locator(".pw-reader")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(FIRST, timeout=60_000)
    expect(reader.locator(".pw-neighbour").first).to_be_visible(timeout=60_000)
    return reader


def screenshot_reader(page: Page, reader, name: str = "reader") -> None:
    """A README picture of the whole Reader: file browser closed, on a tall window."""
    page.evaluate("() => window.jupyterapp.commands.execute('application:toggle-left-area')")
    page.set_viewport_size({"width": 1280, "height": 1500})
    reader.locator(".pw-neighbour").first.wait_for()
    readme_screenshot(reader, name)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.evaluate("() => window.jupyterapp.commands.execute('application:toggle-left-area')")


def screen_points(page: Page, xy: np.ndarray) -> np.ndarray:
    """Page coordinates of every point, from the view transform the canvas last drew with."""
    canvas = page.locator(".pw-map-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    view = json.loads(canvas.get_attribute("data-view"))
    return np.column_stack(
        [box["x"] + xy[:, 0] * view["k"] + view["tx"], box["y"] + xy[:, 1] * view["k"] + view["ty"]]
    )


def lonely_point(points: np.ndarray) -> int:
    """A point with no other point within 20 px: a click on it can only mean it."""
    gaps = np.linalg.norm(points[:, None] - points[None], axis=-1) + np.eye(len(points)) * 1e9
    return int(np.argmax(gaps.min(axis=1)))


def box_around_five(points: np.ndarray, margin: float = 5.0) -> tuple[list[int], tuple]:
    """Five points and a rectangle holding exactly them, with a margin to every other point."""
    for seed in range(len(points)):
        near = np.argsort(np.abs(points - points[seed]).max(axis=1))[:5]
        low, high = points[near].min(axis=0) - margin, points[near].max(axis=0) + margin
        inside = np.all((points >= low - margin) & (points <= high + margin), axis=1)
        if inside.sum() == 5:
            return sorted(int(i) for i in near), (low, high)
    raise AssertionError("no group of 5 points stands apart on this map")


def drag_box(page: Page, low: np.ndarray, high: np.ndarray) -> None:
    """A real lasso drag along the rectangle's edges with the mouse."""
    (x0, y0), (x1, y1) = low.tolist(), high.tolist()
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    page.mouse.move(*corners[0])
    page.mouse.down()
    for corner in [*corners[1:], corners[0]]:
        page.mouse.move(*corner, steps=6)
    page.mouse.up()


def lasso_tag_five(page: Page, widget, xy: np.ndarray, tag: str) -> list[int]:
    """Drag a box around five points, type a tag and apply it; the five row positions."""
    five, (low, high) = box_around_five(screen_points(page, xy))
    drag_box(page, low, high)
    expect(widget.locator(".pw-map-selected")).to_have_text("5 selected")
    expect(widget.locator(".pw-selection-titles li")).to_have_count(5)  # listed before acting
    widget.locator(".pw-map-tag-input").click()
    page.keyboard.type(tag, delay=10)
    widget.locator(".pw-map-tag-btn").click()
    expect(widget.locator(".pw-map-message")).to_have_text(f"Tagged “{tag}”: 5 papers")
    return five


# The full text (FullText, and in the Reader): a line selected with the mouse, a mark's place.


def select_line(page: Page, span: Locator) -> None:
    """Drag the mouse over one text-layer line, from its first to its last character."""
    box = span.bounding_box()
    assert box is not None, "the line is not on screen"
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, y, steps=5)
    page.mouse.move(box["x"] + box["width"] - 1, y, steps=5)
    page.mouse.up()


def mark_place(page: Page, within: str = "") -> dict:
    """Where the first full-text mark (under ``within``) sits on its page: page number,
    offset from the page's corner, and its text."""
    return page.evaluate(
        """(within) => {
      const mark = document.querySelector(`${within} .pw-ft-pane mark.pw-ft-mark`);
      const box = mark.closest('.pw-ft-page');
      const m = mark.getBoundingClientRect(), b = box.getBoundingClientRect();
      return {page: box.dataset.page, x: Math.round(m.left - b.left), y: Math.round(m.top - b.top),
              text: mark.textContent};
    }""",
        within,
    )
