"""A Jupyter server extension: JupyterLab or Notebook 7 saving a notes notebook never reverts
the kernel's saved notes.

When the browser saves a paperwidgets notes notebook (``metadata.paperwidgets.kind ==
"notes"``) — Ctrl+S, autosave, "File Changed → Overwrite" — the server's ContentsManager
``save`` is wrapped: it takes the notes file's lock (the one every kernel writing it holds),
merges the saved notebook with the file on disk through the notes store (hand edits in the
tab kept, the kernel's acknowledged edits kept), writes the result with the server's own
writer and only then lets go of the lock. Enabled by
``etc/jupyter/jupyter_server_config.d/paperwidgets.json``, installed with the wheel.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

LOCK_POLL = 0.005  # seconds between tries while a kernel writes the notes file


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "paperwidgets.server"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    wrap_contents_manager(serverapp.contents_manager)
    serverapp.log.info("paperwidgets: saves of notes notebooks merge with the file on disk")


def _is_notes_save(model: Any) -> bool:
    from paperwidgets.notes.store import is_notes_notebook

    return (
        isinstance(model, dict)
        and model.get("type") == "notebook"
        and model.get("chunk") is None
        and is_notes_notebook(model.get("content"))
    )


def _merged(os_path: Path, model: dict[str, Any]) -> dict[str, Any]:
    """The model to save: its notebook merged with the notes file on disk."""
    from paperwidgets.notes.store import merged_save

    return {**model, "content": merged_save(os_path, model["content"])}


def wrap_contents_manager(manager: Any) -> None:
    """Make ``manager.save`` merge notes notebooks under the notes file's lock (idempotent)."""
    from paperwidgets.notes.store import save_lock, save_turns

    original = manager.save
    if getattr(original, "paperwidgets", False):
        return

    def where(path: str) -> Path:
        return Path(manager._get_os_path(path.strip("/")))

    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def save(model: dict[str, Any], path: str = "") -> Any:
            if not _is_notes_save(model):
                return await original(model, path)
            lock = await _acquire(where(path))
            try:
                return await original(_merged(where(path), model), path)
            finally:
                lock.release()

    else:

        @functools.wraps(original)
        def save(model: dict[str, Any], path: str = "") -> Any:
            if not _is_notes_save(model):
                return original(model, path)
            lock = save_lock(where(path))
            with _refused_as_http():
                for _ in save_turns(lock, where(path)):
                    time.sleep(LOCK_POLL)
            try:
                return original(_merged(where(path), model), path)
            finally:
                lock.release()

    save.paperwidgets = True  # type: ignore[attr-defined]
    manager.save = save


async def _acquire(path: Path) -> Any:
    """The notes file's lock, taken in turn without blocking the server's event loop."""
    from paperwidgets.notes.store import save_lock, save_turns

    lock = save_lock(path)
    with _refused_as_http():
        for _ in save_turns(lock, path):
            await asyncio.sleep(LOCK_POLL)
    return lock


@contextlib.contextmanager
def _refused_as_http() -> Iterator[None]:
    """A lock that cannot be taken: the save fails with the notes store's message (who holds
    it, or why the lock file is unusable), which JupyterLab shows; the tab keeps its text."""
    from tornado.web import HTTPError

    from paperwidgets.notes.store import NotesFileError

    try:
        yield
    except NotesFileError as err:
        raise HTTPError(503, "%s", str(err)) from None
