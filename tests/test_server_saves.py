"""The Jupyter server extension when a notes file cannot be locked: JupyterLab's save fails
with the notes store's message (who holds the file, or why its lock file is unusable), the
file on disk is unchanged, and the next save once the cause is gone goes through. Driven
through jupyter_server's own contents managers, as JupyterLab's Ctrl+S reaches them."""

from __future__ import annotations

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from jupyter_server.services.contents.filemanager import (
    AsyncFileContentsManager,
    FileContentsManager,
)
from test_notes_lock_order import hold, let_go
from tornado.web import HTTPError

from paperwidgets import Notes
from paperwidgets.notes import saving
from paperwidgets.server import wrap_contents_manager


class Server:
    """A contents manager as the Jupyter server holds it, on a thread of its own: its SQLite
    stays in the thread that made it, and its coroutines get an event loop there (the
    browser tests' Playwright keeps one running in the test thread)."""

    def __init__(self, kind: type, root: Path, thread: ThreadPoolExecutor):
        self.thread = thread
        self.contents = self.run(lambda: kind(root_dir=str(root)))
        wrap_contents_manager(self.contents)

    def run(self, step):
        def answer():
            done = step()
            return asyncio.run(done) if asyncio.iscoroutine(done) else done

        return self.thread.submit(answer).result()


@pytest.fixture(params=["async", "sync"])
def manager(request, tmp_path: Path):
    kind = AsyncFileContentsManager if request.param == "async" else FileContentsManager
    with ThreadPoolExecutor(1) as thread:
        yield Server(kind, tmp_path, thread)


def save(manager: Server, model: dict, name: str):
    """What a Ctrl+S in JupyterLab calls: the manager's save of the tab's model."""
    return manager.run(lambda: manager.contents.save(model, name))


def typed_in_tab(manager: Server, path: Path, note: str) -> dict:
    """The tab's model as JupyterLab loaded it, with one note typed over by hand."""
    model = manager.run(lambda: manager.contents.get(path.name, content=True, type="notebook"))
    for cell in model["content"]["cells"]:
        if cell["metadata"].get("paperwidgets", {}).get("paper", {}).get("id") == "arxiv:1":
            cell["source"] = cell["source"].replace("saved", note)
    return {key: model[key] for key in ("type", "format", "content")}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "paper-notes.ipynb"
    Notes(path).set("arxiv:1", note="saved")
    return path


def test_a_save_while_another_process_holds_the_file_names_it(manager, path, monkeypatch):
    monkeypatch.setattr(saving, "LOCK_TIMEOUT", 1.0)  # the default waits 15 s
    before = path.read_bytes()
    holder = hold(path)
    try:
        with pytest.raises(HTTPError) as refused:
            save(manager, typed_in_tab(manager, path, "typed in the tab"), path.name)
    finally:
        let_go(holder)
    message = refused.value.log_message % refused.value.args
    assert refused.value.status_code == 503
    assert str(path) in message and f"process {holder.pid} on {socket.gethostname()}" in message
    assert path.read_bytes() == before
    save(manager, typed_in_tab(manager, path, "typed in the tab"), path.name)  # Ctrl+S again
    assert Notes(path).get("arxiv:1").note == "typed in the tab"


def test_a_lock_file_that_is_a_folder_fails_the_save_with_a_reason(manager, path):
    lock = path.with_name(f".{path.name}.lock")
    lock.unlink()
    lock.mkdir()
    before = path.read_bytes()
    with pytest.raises(HTTPError) as refused:
        save(manager, typed_in_tab(manager, path, "typed in the tab"), path.name)
    message = refused.value.log_message % refused.value.args
    assert refused.value.status_code == 503
    assert "cannot be locked" in message and str(lock) in message
    assert path.read_bytes() == before
    lock.rmdir()
    save(manager, typed_in_tab(manager, path, "typed in the tab"), path.name)
    assert Notes(path).get("arxiv:1").note == "typed in the tab"
