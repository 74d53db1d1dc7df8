"""A notes notebook in memory: its cells, their JSON fragments and the annotations they hold.

Cells unchanged since the last read are not parsed again; a save re-renders only the cells of
changed papers. A cell that is not valid is left as it is in the file and named in
``problems``; the rest of the file stays usable.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from paperwidgets.notes import nbfile
from paperwidgets.notes.cells import (
    KEY,
    annotation_cell,
    cell_annotation,
    is_library_cell,
    new_notebook,
)
from paperwidgets.notes.edits import own_edited
from paperwidgets.notes.model import Annotation, Mark
from paperwidgets.notes.nbfile import NotesFileError
from paperwidgets.notes.times import TICK, sane


@dataclasses.dataclass
class Doc:
    """The notebook as loaded: cells, their JSON fragments and the annotations they hold."""

    notebook: dict[str, Any]
    fragments: list[bytes]
    annotations: dict[str, Annotation]
    index: dict[str, int]
    ids: set[str] = dataclasses.field(default_factory=set)
    dirty: set[str] = dataclasses.field(default_factory=set)
    extra: list[int] = dataclasses.field(default_factory=list)
    signature: tuple[int, ...] | None = None
    problems: list[str] = dataclasses.field(default_factory=list)
    invalid: set[bytes] = dataclasses.field(default_factory=set)  # cells left as they are
    unreadable: set[str] = dataclasses.field(default_factory=set)  # papers of those cells
    owner: str = ""  # whose values a v1 cell holds

    @property
    def cells(self) -> list[dict[str, Any]]:
        cells: list[dict[str, Any]] = self.notebook["cells"]
        return cells

    @property
    def deleted(self) -> dict[str, Mark]:
        """Papers whose annotation was deleted (id -> who, when): an older copy of it merged
        later does not bring it back."""
        marker = self.notebook["metadata"][KEY]
        found = marker.get("deleted")
        return deleted_marks(found, self.owner) if isinstance(found, dict) else {}

    def set_deleted(self, deleted: dict[str, Mark]) -> None:
        marker = self.notebook["metadata"][KEY]
        if deleted:
            marker["deleted"] = {k: v.to_dict() for k, v in sorted(deleted.items())}
        else:
            marker.pop("deleted", None)

    def reading(self, pid: str) -> dict[str, Any]:
        """A paper's full-text state (attached file, position: notes/reading.py), or {}."""
        found = self.notebook["metadata"][KEY].get("reading")
        state = found.get(pid) if isinstance(found, dict) else None
        return dict(state) if isinstance(state, dict) else {}

    def set_reading(self, pid: str, state: dict[str, Any]) -> None:
        marker = self.notebook["metadata"][KEY]
        found = marker.get("reading")
        reading = dict(found) if isinstance(found, dict) else {}
        if state:
            reading[pid] = state
        else:
            reading.pop(pid, None)
        if reading:
            marker["reading"] = dict(sorted(reading.items()))
        else:
            marker.pop("reading", None)


def deleted_marks(found: dict[str, Any], owner: str) -> dict[str, Mark]:
    """A notebook's ``deleted`` entries (v1: bare times, by ``owner``); bad ones skipped."""
    marks = {}
    for pid, value in found.items():
        try:
            mark = Mark.from_json(value, owner)
        except ValueError:
            continue
        if mark.at is not None:
            marks[str(pid)] = mark
    return marks


def signature(info: os.stat_result) -> tuple[int, ...]:
    """What tells that a file changed: device, inode, size, mtime and ctime."""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def empty_doc() -> Doc:
    """A new notes notebook (one header cell)."""
    notebook = new_notebook()
    notebook["cells"] = [nbfile.raw_cell(cell) for cell in notebook["cells"]]
    doc = Doc(notebook, [nbfile.fragment(c) for c in notebook["cells"]], {}, {})
    doc.ids = {cell["id"] for cell in doc.cells}
    return doc


def doc_from(
    path: Path, data: bytes, info: os.stat_result, previous: Doc | None, owner: str
) -> Doc:
    """The document in ``data``; cells unchanged since ``previous`` are not parsed again.

    v1 cells hold ``owner``'s values (see docs/notes-format.md, *Who wrote what*).
    """
    known = _known(previous)
    notebook, fragments, bad = nbfile.parse_notes(path, data, known)
    doc = Doc(notebook, fragments, {}, {}, problems=list(bad.values()), owner=owner)
    doc.invalid = {fragments[position] for position in bad}
    doc.signature = signature(info)
    doc.ids = {cell["id"] for cell in doc.cells}
    saved_at = datetime.fromtimestamp(info.st_mtime, timezone.utc)
    for position, (cell, text) in enumerate(zip(doc.cells, fragments, strict=True)):
        if not is_library_cell(cell):
            continue
        annotation = None if position in bad else known.get(text) or _read_cell(doc, cell, saved_at)
        if annotation is not None:
            _take(doc, position, annotation)
        else:
            doc.unreadable.add(str(cell["metadata"][KEY]["paper"].get("id")))
    return doc


def _known(doc: Doc | None) -> dict[bytes, Annotation | None]:
    """Cell bytes already validated -> their annotation (None: not a clean library cell)."""
    if doc is None:
        return {}
    known: dict[bytes, Annotation | None] = dict.fromkeys(doc.fragments)
    for text in doc.invalid:
        known.pop(text, None)
    for pid, position in doc.index.items():
        if pid not in doc.dirty:
            known[doc.fragments[position]] = doc.annotations[pid]
    return known


def _read_cell(doc: Doc, cell: dict[str, Any], saved_at: datetime) -> Annotation | None:
    try:
        annotation, edited = cell_annotation(cell, doc.owner)
    except (ValueError, TypeError, KeyError) as err:
        doc.problems.append(f"cell {cell.get('id')!r} has a bad annotation ({err}); skipped")
        return None
    if cell.get("cell_type") != "markdown":
        doc.dirty.add(annotation.id)  # made a code/raw cell in JupyterLab: written back as markdown
    if not edited:
        return annotation
    doc.dirty.add(annotation.id)
    return hand_edited(annotation, edited, saved_at)


def hand_edited(annotation: Annotation, edited: set[str], saved_at: datetime) -> Annotation:
    """Notes typed by hand (by ``edited`` people's markers) stamped as saved at ``saved_at``
    (at least just after the cell's last write)."""
    after = sane(annotation.updated) + TICK if annotation.updated else saved_at
    moment = max(sane(saved_at), sane(after))
    people = dict(annotation.people)
    for name in edited:
        own = people[name]
        people[name] = own_edited(dataclasses.replace(own), {"note": own.note}, moment)
    return dataclasses.replace(annotation, people=people, updated=moment)


def _take(doc: Doc, position: int, annotation: Annotation) -> None:
    known = doc.annotations.get(annotation.id)
    if known is not None:  # a duplicated cell: keep the newer content in the first place
        doc.extra.append(position)
        doc.dirty.add(annotation.id)
        if sane(known.updated) >= sane(annotation.updated):
            return
    else:
        doc.index[annotation.id] = position
    doc.annotations[annotation.id] = annotation


def in_file_order(doc: Doc) -> list[str]:
    """Annotated paper ids in the order of their cells."""
    return sorted(doc.annotations, key=lambda pid: doc.index.get(pid, len(doc.cells)))


def annotations_in_order(doc: Doc) -> list[Annotation]:
    """The document's annotations in the order of their cells (what iterating Notes gives)."""
    return [doc.annotations[pid] for pid in in_file_order(doc)]


def apply(path: Path, doc: Doc, changed: set[str]) -> list[dict[str, Any]]:
    """Bring cells in line with ``doc.annotations`` for ``changed`` papers; the new cells."""
    gone = [doc.index[pid] for pid in changed if pid in doc.index and pid not in doc.annotations]
    for position in sorted(gone + doc.extra, reverse=True):
        doc.ids.discard(doc.cells[position].get("id"))
        del doc.cells[position]
        del doc.fragments[position]
    if gone or doc.extra:
        doc.extra.clear()
        _reindex(doc)
    touched = []
    present = [pid for pid in changed if pid in doc.annotations]
    for pid in sorted(present, key=_cell_order(doc, present)):
        cell = nbfile.raw_cell(annotation_cell(doc.annotations[pid]))
        _put_cell(path, doc, pid, cell)
        touched.append(cell)
    return touched


def _cell_order(doc: Doc, present: list[str]) -> Callable[[str], tuple[int, int]]:
    """Cells in place first, then new papers in the order they were annotated (not set order)."""
    new = {pid for pid in present if pid not in doc.index}
    rank = {pid: n for n, pid in enumerate(doc.annotations) if pid in new} if new else {}
    return lambda pid: (doc.index.get(pid, 1 << 62), rank.get(pid, 0))


def _put_cell(path: Path, doc: Doc, pid: str, cell: dict[str, Any]) -> None:
    position = doc.index.get(pid)
    if position is None:
        if cell["id"] in doc.ids:
            raise NotesFileError(path, f"already has a cell with id {cell['id']!r} not for {pid}")
        doc.ids.add(cell["id"])
        doc.index[pid] = len(doc.cells)
        doc.cells.append(cell)
        doc.fragments.append(nbfile.fragment(cell))
    else:
        cell["id"] = doc.cells[position].get("id", cell["id"])  # keep the id the file has
        doc.cells[position] = cell
        doc.fragments[position] = nbfile.fragment(cell)


def _reindex(doc: Doc) -> None:
    doc.index = {}
    for position, cell in enumerate(doc.cells):
        if is_library_cell(cell):
            pid = cell["metadata"][KEY]["paper"].get("id")
            if pid in doc.annotations:
                doc.index.setdefault(pid, position)
