"""A notes notebook in memory: its cells, their JSON fragments and the annotations they hold.

Cells unchanged since the last read are not parsed again; a save re-renders only the cells of
changed papers. A cell that is not valid is left as it is in the file and named in
``problems``; the rest of the file stays usable.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
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
from paperwidgets.notes.model import Annotation, iso, parse_time, sane
from paperwidgets.notes.nbfile import NotesFileError


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

    @property
    def cells(self) -> list[dict[str, Any]]:
        return self.notebook["cells"]

    @property
    def deleted(self) -> dict[str, datetime]:
        """Papers whose annotation was deleted (id -> when): a merge does not bring them back."""
        marker = self.notebook["metadata"][KEY]
        found = marker.get("deleted")
        if not isinstance(found, dict):
            found = {}
        return {k: t for k, v in found.items() if isinstance(v, str) and (t := _time(v))}

    def set_deleted(self, deleted: dict[str, datetime]) -> None:
        marker = self.notebook["metadata"][KEY]
        if deleted:
            marker["deleted"] = {k: iso(v) for k, v in sorted(deleted.items())}
        else:
            marker.pop("deleted", None)


def _time(value: str) -> datetime | None:
    try:
        return parse_time(value)
    except ValueError:
        return None


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


def doc_from(path: Path, data: bytes, info: os.stat_result, previous: Doc | None) -> Doc:
    """The document in ``data``; cells unchanged since ``previous`` are not parsed again."""
    known = _known(previous)
    notebook, fragments, bad = nbfile.parse_notes(path, data, known)
    doc = Doc(notebook, fragments, {}, {}, problems=list(bad.values()))
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


def _read_cell(doc: Doc, cell: dict, saved_at: datetime) -> Annotation | None:
    try:
        annotation, edited = cell_annotation(cell)
    except (ValueError, TypeError, KeyError) as err:
        doc.problems.append(f"cell {cell.get('id')!r} has a bad annotation ({err}); skipped")
        return None
    if cell.get("cell_type") != "markdown":
        doc.dirty.add(annotation.id)  # made a code/raw cell in JupyterLab: written back as markdown
    if not edited:
        return annotation
    # a person edited the note after the library last wrote this cell: they saved at mtime
    after = annotation.updated + timedelta(microseconds=1) if annotation.updated else saved_at
    moment = max(sane(saved_at), sane(after))
    doc.dirty.add(annotation.id)
    changed = {**annotation.changed, "note": moment} if annotation.changed else {}
    return dataclasses.replace(annotation, updated=moment, changed=changed)


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
