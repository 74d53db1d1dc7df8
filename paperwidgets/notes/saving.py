"""A notes notebook saved by another program (JupyterLab, Notebook 7) merged with the file on
disk, field by field, so that neither the hand edits in the save nor the kernel's acknowledged
edits on disk are lost. The Jupyter server extension (paperwidgets/server) calls it through the
store while it holds the notes file's lock for the whole save.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from paperwidgets.notes.cells import (
    KEY,
    SCHEMA_VERSION,
    annotation_cell,
    cell_annotation,
    is_library_cell,
)
from paperwidgets.notes.document import Doc, doc_from, hand_edited
from paperwidgets.notes.locking import LOCK_TIMEOUT, notes_lock, turns
from paperwidgets.notes.model import Annotation
from paperwidgets.notes.nbfile import NotesFileError
from paperwidgets.notes.people import current_user
from paperwidgets.notes.team import unsettled
from paperwidgets.notes.times import CLOCK, iso, sane

SOURCE = "a Jupyter save"  # where a hand edit set aside comes "from"
# (file, paper, person) -> the note time of the last hand edit this process wrote from a save:
# the tab that typed it still holds the older metadata, and must not be taken for stale
_APPLIED: dict[tuple[Path, str, str], datetime] = {}
MAX_APPLIED = 10_000


def is_notes_notebook(notebook: Any) -> bool:
    """Whether a notebook (a dict, as a Jupyter contents model holds it) is a notes file."""
    metadata = notebook.get("metadata") if isinstance(notebook, dict) else None
    marker = metadata.get(KEY) if isinstance(metadata, dict) else None
    return isinstance(marker, dict) and marker.get("kind") == "notes"


def save_lock(path: str | os.PathLike[str]) -> Any:
    """The notes file's lock (the kernels' one), usable across threads (thread_local=False)."""
    return notes_lock(Path(os.path.realpath(path)), thread_local=False)


def save_turns(lock: Any, path: Path) -> Iterator[None]:
    """Wait in turn for :func:`save_lock`: yields while waiting (the caller sleeps or awaits),
    returns once held; NotesFileError naming ``path`` (and who holds it) after LOCK_TIMEOUT."""
    return turns(lock, path, LOCK_TIMEOUT)


def merged_save(path: Path, saved: dict[str, Any], owner: str | None = None) -> dict[str, Any]:
    """The notebook to write: ``saved`` with every paper cell merged with the one on disk.

    Cells the person added or edited stay where they are; hand-edited notes are taken unless
    the kernel changed that note since the tab loaded it (then the typed text is set aside as
    a disagreement); papers only on disk (annotated since) follow at the end. Hold
    :func:`save_lock` around reading this and writing the result. A disk file that is not a
    notes notebook leaves ``saved`` as it is.
    """
    owner = owner or current_user(None, Path(path).parent)
    try:
        info = os.stat(path)
        disk = doc_from(path, Path(path).read_bytes(), info, None, owner)
    except (OSError, NotesFileError):
        return saved
    now = CLOCK.now()
    cells, done = [], set()
    for cell in saved.get("cells", []):
        if not (isinstance(cell, dict) and is_library_cell(cell)):
            cells.append(cell)
            continue
        pid = _unchanged(disk, cell)
        if pid is not None and pid not in done:  # most cells of a save: the disk's, as they are
            done.add(pid)
            cells.append({**disk.cells[disk.index[pid]], "id": cell.get("id") or pid})
            continue
        merged = _cell(disk, Path(path), cell, owner, now)
        if merged is not None and merged.id not in done:
            done.add(merged.id)
            cells.append({**annotation_cell(merged), "id": cell.get("id") or merged.id})
    for position in sorted(disk.index[pid] for pid in disk.annotations if pid not in done):
        cells.append(disk.cells[position])
    metadata = {**saved.get("metadata", {}), KEY: disk.notebook["metadata"][KEY]}
    metadata[KEY]["schema_version"] = SCHEMA_VERSION
    disk.set_deleted(disk.deleted)  # v2 marks, in the marker dict just placed
    return {**saved, "metadata": metadata, "cells": cells}


def _unchanged(disk: Doc, cell: dict[str, Any]) -> str | None:
    """The paper id of a saved cell identical to the disk's cell of its paper (same metadata,
    same text), else None: such a cell needs no merge (a tab saves hundreds it never touched)."""
    paper = cell.get("metadata", {}).get(KEY, {}).get("paper")
    pid = paper.get("id") if isinstance(paper, dict) else None
    if not isinstance(pid, str) or pid not in disk.index or pid not in disk.annotations:
        return None
    found = disk.cells[disk.index[pid]]
    same = found.get("metadata") == cell.get("metadata")
    return pid if same and _text(found.get("source")) == _text(cell.get("source")) else None


def _text(source: Any) -> str:
    """A cell's source as one string (a file splits it into lines, a contents model not)."""
    return "".join(source) if isinstance(source, list) else str(source or "")


def _cell(
    disk: Doc, path: Path, cell: dict[str, Any], owner: str, now: datetime
) -> Annotation | None:
    """One paper cell of the save merged with disk; None when disk deleted it since."""
    try:
        typed, edited = cell_annotation(cell, owner)
    except (ValueError, TypeError, KeyError):
        return None  # a broken cell in the save: the disk's copy (if any) follows at the end
    held = disk.annotations.get(typed.id)
    if held is None:
        gone = disk.deleted.get(typed.id)
        if gone is not None and sane(gone.at) >= sane(typed.updated):
            return None
        return hand_edited(typed, edited, now) if edited else typed
    loaded = Annotation.from_dict(cell["metadata"][KEY], owner=owner)  # as the tab loaded it
    typed_notes = {n: typed.own(n).note for n in edited}
    edited = {n for n in edited if typed_notes[n].strip() != held.own(n).note.strip()}
    if not edited:
        return held
    take = {n for n in edited if _unchanged_since(path, held, loaded, n)}
    people = {**held.people}
    for name in take:  # only the typed note: every other value as the kernel saved it
        people[name] = dataclasses.replace(held.own(name), note=typed_notes[name])
    result = dataclasses.replace(held, people=people)
    result = hand_edited(result, take, now) if take else result
    if len(_APPLIED) > MAX_APPLIED:
        _APPLIED.clear()  # only ever a reason to set a hand edit aside, never to lose one
    for name in take:
        _APPLIED[(path, held.id, name)] = result.own(name).changed["note"]
    aside = [
        {"field": "note", "value": typed_notes[n], "by": n, "from": SOURCE, "updated": iso(now)}
        for n in sorted(edited - take)
    ]
    conflicts = result.conflicts + [c for c in aside if _new(c, result.conflicts)]
    return dataclasses.replace(result, conflicts=unsettled(result, conflicts))


def _unchanged_since(path: Path, held: Annotation, loaded: Annotation, name: str) -> bool:
    """Whether the kernel left ``name``'s note alone since the tab loaded it (or since this
    server last wrote a hand edit of it from a tab, which the tab's copy does not show)."""
    now_at = held.own(name).changed.get("note")
    return now_at == loaded.own(name).changed.get("note") or (
        now_at is not None and _APPLIED.get((path, held.id, name)) == now_at
    )


def _new(record: dict[str, Any], known: list[dict[str, Any]]) -> bool:
    return all((c["field"], c["by"], c["value"]) != (record["field"], record["by"], record["value"])
               for c in known)  # fmt: skip
