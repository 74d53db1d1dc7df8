"""Browser fixtures: one Jupyter server per session, Debian's Chromium, page error capture."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.jupyter import KNOWN_PAGE_ERRORS, JupyterServer
from tests.conftest import USER

# Playwright's defaults (5 s for an expect(), 30 s for a page load) are budgets a busy 2-core
# machine misses (a JupyterLab reload took over 30 s beside another test run): these are waits
# for the page, never speed checks (timing goals live in benchmarks/), so they are generous
PATIENCE_MS = 60_000
expect.set_options(timeout=PATIENCE_MS)

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def notes_user():
    """Who the test process reads notes as: the kernels' user (jupyter.py), for module-scoped
    fixtures too, which run before tests.conftest's per-test PAPERWIDGETS_USER."""
    before = os.environ.get("PAPERWIDGETS_USER")
    os.environ["PAPERWIDGETS_USER"] = USER
    yield USER
    if before is None:
        os.environ.pop("PAPERWIDGETS_USER", None)
    else:
        os.environ["PAPERWIDGETS_USER"] = before


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium instead of a browser Playwright would download."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def context(context):
    """pytest-playwright's context, with every action and page load as patient as expect()."""
    context.set_default_timeout(2 * PATIENCE_MS)
    context.set_default_navigation_timeout(3 * PATIENCE_MS)
    return context


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}}


@pytest.fixture(scope="session")
def jupyter_server(tmp_path_factory):
    server = JupyterServer(tmp_path_factory.mktemp("jupyter")).start()
    yield server
    server.stop()


@pytest.fixture
def notebook_dir(jupyter_server, request):
    """A fresh folder in the server root per test, holding the example listing."""
    name = request.node.name.replace("[", "_").replace("]", "")
    folder = jupyter_server.root / name
    folder.mkdir()
    shutil.copy(EXAMPLES / "daily_papers.txt", folder)
    yield folder
    for nb in folder.glob("*.ipynb"):
        jupyter_server.shutdown_sessions(f"{name}/{nb.name}")


@pytest.fixture
def page_errors(page):
    """Uncaught page errors and dialogs; upstream Notebook 7 noise filtered out."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))

    def on_dialog(dialog):
        if dialog.type == "beforeunload":  # "Leave site?" on a deliberate reload while a
            dialog.accept()  # widget's last output update is unsaved: a person leaves
            return
        errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield errors
    unexpected = [e for e in errors if not any(k in e for k in KNOWN_PAGE_ERRORS)]
    assert not unexpected, unexpected
