"""The notes mirror: one output per notes file that carries its notes inside the notebook.

The first widget shown on a notes file shows the mirror (with a display id); every later
widget on the same file, in another cell, reuses it, and every save refreshes it from the
store, so the saved notebook holds one current copy (design §7). It holds the annotations
as compact JSON (under ``constants.NOTES_MIME``: the extension's read-only
cards, and what ``merge_from`` reads back) and a short escaped HTML summary for viewers
without the extension (GitHub, nbviewer, nbconvert).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperwidgets.constants import NOTES_MIME
from paperwidgets.fallbacks import NotesHtml
from paperwidgets.notes.fields import DEFAULTS
from paperwidgets.notes.model import Annotation
from paperwidgets.notes.store import Notes


def compact(annotation: Annotation) -> dict[str, Any]:
    """The stored JSON form without empty fields: ``Annotation.from_dict`` restores it exactly."""
    data = annotation.to_dict()
    data["paper"] = {k: v for k, v in data["paper"].items() if v not in (None, [])}
    return {k: v for k, v in data.items() if k not in DEFAULTS or v != DEFAULTS[k]}


def notes_file_name(path: Path, notebook_folder: Path | None = None) -> str:
    """The notes file as the notebook names it: relative to the notebook's folder, never a
    machine path (the kernel runs in that folder); just the file name when it lies elsewhere."""
    folder = notebook_folder or Path.cwd()
    try:
        relative = Path(os.path.relpath(path, folder))
    except ValueError:  # another drive
        return path.name
    return relative.as_posix() if ".." not in relative.parts else path.name


class NotesMirror:
    """A display object for the annotations of one notes file (rich outputs, no widget)."""

    def __init__(self, annotations: list[Annotation], notes_file: str, cache: NotesHtml):
        self.annotations = annotations
        self.notes_file = notes_file
        self.cache = cache

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        count = len(self.annotations)
        data = {
            "schema_version": 1,
            "notes_file": self.notes_file,
            "count": count,
            "annotations": [compact(a) for a in self.annotations],
        }
        return {
            NOTES_MIME: data,
            "text/html": self.cache.summary(self.annotations, self.notes_file),
            "text/plain": f"{count} paper notes ({self.notes_file})",
        }


@dataclass
class _Shown:
    """A mirror on screen: its display handle, the cell and execution that showed it."""

    handle: Any
    cell: str | None
    execution: str | None
    cache: NotesHtml = field(default_factory=NotesHtml)


_MIRRORS: dict[Path, _Shown] = {}  # per kernel, i.e. per notebook: notes file -> its mirror


def _where() -> tuple[str | None, str | None]:
    """(cell id, execute request id) of the code running now, as far as the kernel knows."""
    try:
        from IPython import get_ipython

        parent = get_ipython().kernel.get_parent()
    except Exception:  # not in a kernel (plain IPython, a script)
        return None, None
    header, metadata = parent.get("header") or {}, parent.get("metadata") or {}
    return metadata.get("cellId"), header.get("msg_id")


def show_mirror(notes: Notes) -> None:
    """Show the notes file's mirror below the widget being displayed, unless another cell
    already shows it (then refresh that one). A cell that runs again shows a new one."""
    from IPython.display import display

    cell, execution = _where()
    shown = _MIRRORS.get(notes.path)
    if shown is not None and (shown.execution == execution or (cell and shown.cell != cell)):
        refresh_mirror(notes)
        return
    cache = NotesHtml()
    handle = display(_mirror(notes, cache), display_id=True)  # type: ignore[no-untyped-call]
    _MIRRORS[notes.path] = _Shown(handle, cell, execution, cache)


def refresh_mirror(notes: Notes) -> None:
    """Update the notes file's mirror with the store's current notes (after each save)."""
    shown = _MIRRORS.get(notes.path)
    if shown is not None and shown.handle is not None:
        shown.handle.update(_mirror(notes, shown.cache))


def _mirror(notes: Notes, cache: NotesHtml) -> NotesMirror:
    return NotesMirror(list(notes), notes_file_name(notes.path), cache)
