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
import functools
import inspect
import time
from pathlib import Path
from typing import Any

LOCK_TIMEOUT = 60.0  # seconds a save waits for a kernel's write to finish
LOCK_POLL = 0.005


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
    from paperwidgets.notes.store import save_lock

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
            lock = save_lock(where(path))
            await _acquire(lock, where(path))
            try:
                return await original(_merged(where(path), model), path)
            finally:
                lock.release()

    else:

        @functools.wraps(original)
        def save(model: dict[str, Any], path: str = "") -> Any:
            if not _is_notes_save(model):
                return original(model, path)
            with save_lock(where(path)).acquire(timeout=LOCK_TIMEOUT, poll_interval=LOCK_POLL):
                return original(_merged(where(path), model), path)

    save.paperwidgets = True  # type: ignore[attr-defined]
    manager.save = save


async def _acquire(lock: Any, path: Path) -> None:
    """Take the file lock without blocking the server's event loop."""
    from filelock import Timeout
    from tornado.web import HTTPError

    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            lock.acquire(timeout=0)
            return
        except Timeout:
            if time.monotonic() > deadline:
                raise HTTPError(503, f"{path.name}: the notes file stays locked") from None
            await asyncio.sleep(LOCK_POLL)
