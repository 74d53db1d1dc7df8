"""The notes store: annotations kept in a notes notebook, saved durably on every change."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperwidgets.notes import nbfile
from paperwidgets.notes.cells import annotation_cell, cell_annotation, is_library_cell, new_notebook
from paperwidgets.notes.model import (
    CLOCK,
    PAPER_KEYS,
    Annotation,
    checked_fields,
    paper_id,
    paper_info,
)
from paperwidgets.notes.nbfile import NotesFileError

if TYPE_CHECKING:
    import pandas as pd

LOCK_TIMEOUT = 60.0
LOCK_POLL = 0.005  # seconds between tries while another writer holds the lock
_UNSET: Any = object()


@dataclasses.dataclass
class _Doc:
    """The notebook as loaded: cells, their JSON fragments and the annotations they hold."""

    notebook: dict[str, Any]
    fragments: list[bytes]
    annotations: dict[str, Annotation]
    index: dict[str, int]
    ids: set[str] = dataclasses.field(default_factory=set)
    dirty: set[str] = dataclasses.field(default_factory=set)
    extra: list[int] = dataclasses.field(default_factory=list)
    signature: tuple[int, ...] | None = None

    @property
    def cells(self) -> list[dict[str, Any]]:
        return self.notebook["cells"]


def _signature(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _empty_doc() -> _Doc:
    notebook = new_notebook()
    notebook["cells"] = [nbfile.raw_cell(cell) for cell in notebook["cells"]]
    doc = _Doc(notebook, [nbfile.fragment(c) for c in notebook["cells"]], {}, {})
    doc.ids = {cell["id"] for cell in doc.cells}
    return doc


def _doc_from(path: Path, data: bytes, info: os.stat_result, previous: _Doc | None) -> _Doc:
    """The document in ``data``; cells unchanged since ``previous`` are not parsed again."""
    known = _known(previous)
    notebook, fragments = nbfile.parse_notes(path, data, known)
    doc = _Doc(notebook, fragments, {}, {})
    doc.signature = _signature(info)
    doc.ids = {cell["id"] for cell in doc.cells}
    saved_at = datetime.fromtimestamp(info.st_mtime, timezone.utc)
    for position, (cell, text) in enumerate(zip(doc.cells, fragments, strict=True)):
        if is_library_cell(cell):
            annotation = known.get(text) or _read_cell(doc, path, cell, saved_at)
            _take(doc, position, annotation)
    return doc


def _known(doc: _Doc | None) -> dict[bytes, Annotation | None]:
    """Cell bytes already validated -> their annotation (None: not a clean library cell)."""
    if doc is None:
        return {}
    known: dict[bytes, Annotation | None] = dict.fromkeys(doc.fragments)
    for pid, position in doc.index.items():
        if pid not in doc.dirty:
            known[doc.fragments[position]] = doc.annotations[pid]
    return known


def _read_cell(doc: _Doc, path: Path, cell: dict, saved_at: datetime) -> Annotation:
    try:
        annotation, edited = cell_annotation(cell)
    except (ValueError, TypeError, KeyError) as err:
        raise NotesFileError(path, f"cell {cell.get('id')!r} has a bad annotation: {err}") from err
    if not edited:
        return annotation
    # a person edited the note after the library last wrote this cell: they saved at mtime
    after = annotation.updated + timedelta(microseconds=1) if annotation.updated else saved_at
    doc.dirty.add(annotation.id)
    return dataclasses.replace(annotation, updated=max(saved_at, after))


def _take(doc: _Doc, position: int, annotation: Annotation) -> None:
    known = doc.annotations.get(annotation.id)
    if known is not None:  # a duplicated cell: keep the newer content in the first place
        doc.extra.append(position)
        doc.dirty.add(annotation.id)
        if _newer(known, annotation):
            return
    else:
        doc.index[annotation.id] = position
    doc.annotations[annotation.id] = annotation


def _newer(a: Annotation, b: Annotation) -> bool:
    """True if ``a`` wins over ``b`` (later ``updated``; ties keep ``a``)."""
    return (a.updated or datetime.min.replace(tzinfo=timezone.utc)) >= (
        b.updated or datetime.min.replace(tzinfo=timezone.utc)
    )


class Notes:
    """Annotations on papers, stored in a notes notebook (.ipynb) that stands alone.

    Every change is read-merge-written under a file lock and is on disk when the call returns.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = "paper-notes.ipynb",
        *,
        read_only: bool = False,
        timeout: float = LOCK_TIMEOUT,
    ):
        self.path = Path(path).expanduser().absolute()
        self.read_only = read_only
        self.timeout = timeout
        self._doc: _Doc | None = None
        self._pin: int | None = None
        if read_only and not self.path.is_file():
            raise NotesFileError(self.path, "does not exist (or is not a file)")
        if self.path.is_file():
            self._doc = self._load()  # what the file is comes before whether we may write it
        if not read_only:
            nbfile.check_writable(self.path)
        with self._reading() as doc:
            if doc.signature is None and not read_only:
                self._save(doc)

    def __repr__(self) -> str:
        return f"<Notes: {len(self)} annotated papers in {self.path}>"

    # --- reading -------------------------------------------------------------------------

    def get(self, paper: Any) -> Annotation | None:
        """The annotation of a paper (id or paper row), or None."""
        with self._reading() as doc:
            return doc.annotations.get(paper_id(paper))

    def __len__(self) -> int:
        with self._reading() as doc:
            return len(doc.annotations)

    def __contains__(self, paper: Any) -> bool:
        return self.get(paper) is not None

    def __iter__(self) -> Iterator[Annotation]:
        """Annotations in file order."""
        with self._reading() as doc:
            annotations = [doc.annotations[pid] for pid in _in_file_order(doc)]
        return iter(annotations)

    def to_frame(self) -> pd.DataFrame:
        """One row per annotated paper; join with ``corpus.papers`` on ``id``."""
        from paperwidgets.notes.exports import annotations_frame

        return annotations_frame(list(self))

    # --- writing -------------------------------------------------------------------------

    def set(
        self,
        paper: Any,
        *,
        note: str = _UNSET,
        tags: list[str] = _UNSET,
        rating: int | None = _UNSET,
        status: str = _UNSET,
        highlights: list[dict[str, Any]] = _UNSET,
    ) -> Annotation:
        """Change the given fields of a paper's annotation (others stay); saved on return."""
        given = {"note": note, "tags": tags, "rating": rating, "status": status}
        given["highlights"] = highlights
        fields = checked_fields({k: v for k, v in given.items() if v is not _UNSET})
        key = paper_id(paper)
        with self._writing() as doc:
            old = doc.annotations.get(key)
            info = _paper_update(old.paper if old else None, paper)
            now = CLOCK.now(after=old.updated if old else None)
            if old is None:
                new = Annotation(paper=info, **fields, created=now, updated=now)
            else:
                new = dataclasses.replace(old, paper=info, **fields, updated=now)
            doc.annotations[key] = new
            self._save(doc, changed={key})
        return new

    def delete(self, paper: Any) -> bool:
        """Remove a paper's annotation (and its cell); False if it had none."""
        key = paper_id(paper)
        with self._writing() as doc:
            if key not in doc.annotations:
                return False
            del doc.annotations[key]
            self._save(doc, changed={key})
        return True

    def merge_from(self, other: str | os.PathLike[str] | Notes, prefer: str = "newer"):
        """Fold in a colleague's notes: a notes file, or a notebook carrying notes (a working
        notebook's notes output, an ``export_annotated`` copy); returns the conflicts."""
        from paperwidgets.notes.carried import annotations_in
        from paperwidgets.notes.merge import merge_into

        theirs = list(other) if isinstance(other, Notes) else annotations_in(other)
        with self._writing() as doc:
            changed, conflicts = merge_into(doc.annotations, theirs, prefer)
            self._save(doc, changed=changed)
        return conflicts

    # --- exports -------------------------------------------------------------------------

    def to_markdown(self) -> str:
        """All notes as one escaped Markdown document."""
        from paperwidgets.notes.exports import to_markdown

        return to_markdown(list(self))

    def export(self, path: str | os.PathLike[str]) -> Path:
        """Write the notes as .md, .bib, .json (CSL-JSON) or .jsonld (Web Annotation)."""
        from paperwidgets.notes.exports import export

        return export(list(self), Path(path))

    # --- file handling -------------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[_Doc]:
        if self.read_only:
            yield self._current()
        else:
            with self._writing() as doc:
                yield doc

    @contextlib.contextmanager
    def _writing(self) -> Iterator[_Doc]:
        if self.read_only:
            raise NotesFileError(self.path, "was opened read_only=True")
        from filelock import FileLock, Timeout

        lock = FileLock(self.path.with_name(f".{self.path.name}.lock"))
        try:
            with lock.acquire(timeout=self.timeout, poll_interval=LOCK_POLL):
                nbfile.remove_stale_temps(self.path)
                yield self._current()
        except Timeout as err:
            raise NotesFileError(self.path, f"is locked by another writer ({err})") from err
        except BaseException:
            self._doc = None  # memory may be ahead of the file: reload next time
            raise

    def _current(self) -> _Doc:
        """The document as on disk: the cached one if the file is unchanged, else reloaded."""
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            if self.read_only:
                raise NotesFileError(self.path, "does not exist") from None
            self._doc = _empty_doc()
            return self._doc
        if self._doc is None or self._doc.signature != _signature(info):
            self._doc = self._load()
        return self._doc

    def _load(self) -> _Doc:
        if self.path.is_dir():
            raise NotesFileError(self.path, "is a directory, not a notes notebook file")
        fd = os.open(self.path, os.O_RDONLY)
        try:
            info = os.fstat(fd)
            with open(fd, "rb", closefd=False) as stream:
                data = stream.read()
        except OSError as err:
            os.close(fd)
            raise NotesFileError(self.path, f"cannot be read ({err})") from err
        self._pin_file(fd)
        return _doc_from(self.path, data, info, self._doc)

    def _pin_file(self, fd: int) -> None:
        """Keep the file open so its inode is not reused while the cache trusts its stat."""
        if self._pin is not None:
            os.close(self._pin)
        self._pin = fd

    def _save(self, doc: _Doc, changed: set[str] = frozenset()) -> None:
        """Render changed cells, validate them, write the file atomically."""
        touched = _apply(self.path, doc, set(changed) | doc.dirty)
        _validate_cells(self.path, doc, touched)
        nbfile.atomic_write(self.path, nbfile.assemble(doc.notebook, doc.fragments))
        self._pin_file(os.open(self.path, os.O_RDONLY))
        doc.signature = _signature(os.fstat(self._pin))
        doc.dirty.clear()

    def __del__(self) -> None:
        if getattr(self, "_pin", None) is not None:
            os.close(self._pin)
            self._pin = None


def _paper_update(old: dict[str, Any] | None, paper: Any) -> dict[str, Any]:
    """Stored paper info, refreshed from a paper row where the row has a value."""
    new = paper_info(paper)
    if old is None:
        return new
    return {k: new[k] if new.get(k) not in (None, []) else old.get(k) for k in PAPER_KEYS}


def _in_file_order(doc: _Doc) -> list[str]:
    return sorted(doc.annotations, key=lambda pid: doc.index.get(pid, len(doc.cells)))


def _apply(path: Path, doc: _Doc, changed: set[str]) -> list[dict[str, Any]]:
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
    for pid in sorted(present, key=lambda p: doc.index.get(p, 1 << 62)):
        cell = nbfile.raw_cell(annotation_cell(doc.annotations[pid]))
        _put_cell(path, doc, pid, cell)
        touched.append(cell)
    return touched


def _put_cell(path: Path, doc: _Doc, pid: str, cell: dict[str, Any]) -> None:
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


def _reindex(doc: _Doc) -> None:
    doc.index = {}
    for position, cell in enumerate(doc.cells):
        if is_library_cell(cell):
            doc.index.setdefault(cell["metadata"]["paperwidgets"]["paper"]["id"], position)


def _validate_cells(path: Path, doc: _Doc, touched: list[dict[str, Any]]) -> None:
    """``nbformat.validate`` the new cells in this notebook (cell ids are kept unique apart).

    Untouched cells were validated when the file was read or written, and the v4.5 schema
    checks each cell on its own, so this is the whole-notebook check at a fraction of the cost.
    """
    probe = {**doc.notebook, "cells": touched}
    nbfile.validate(path, probe)
