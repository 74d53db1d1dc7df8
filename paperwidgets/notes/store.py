"""The notes store: annotations kept in a notes notebook, saved durably on every change.

Every ``Notes`` on one file in a kernel shares one live file (see live.py): the same
annotations, one lock, and listeners told about every change.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperwidgets.notes import nbfile
from paperwidgets.notes.carried import annotations_in
from paperwidgets.notes.document import Doc, annotations_in_order
from paperwidgets.notes.edits import checked_ops, edited
from paperwidgets.notes.live import LiveFile, live_file
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
_UNSET: Any = object()


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
        self._live: LiveFile = live_file(self.path)
        target = self._live.target
        if target.exists() and not (target.is_file() or target.is_dir()):  # opening it could hang
            raise NotesFileError(self.path, "is not a regular file (a FIFO, socket or device)")
        if read_only and not target.is_file():
            raise NotesFileError(self.path, "does not exist (or is not a file)")
        if target.is_file():
            with self._live.mutex:
                self._live.current()  # what the file is comes before whether we may write it
        if not read_only:
            nbfile.check_writable(target)
        with self._reading() as doc:
            if doc.signature is None and not read_only:
                self._live.save(doc, set())

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
            annotations = annotations_in_order(doc)
        return iter(annotations)

    @property
    def problems(self) -> list[str]:
        """Cells skipped as unreadable when the file was last read (each named)."""
        with self._reading() as doc:
            return list(doc.problems)

    def to_frame(self) -> pd.DataFrame:
        """One row per annotated paper; join with ``corpus.papers`` on ``id``."""
        from paperwidgets.notes.exports import annotations_frame

        return annotations_frame(list(self))

    def listen(self, listener: Callable[[set[str]], None]) -> None:
        """Call ``listener(paper_ids)`` whenever annotations in this file change.

        Changes through any ``Notes`` on the file in this kernel come at once; changes on disk
        (another process, a hand edit, JupyterLab saving the file) within about a second.
        The listener is held weakly (a bound method lives as long as its object).
        """
        self._live.listen(listener)

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
        **ops: list[Any],
    ) -> Annotation:
        """Change the given fields of a paper's annotation (others stay); saved on return.

        ``add_tags`` / ``remove_tags`` / ``add_highlights`` / ``remove_highlights`` change
        single items of the annotation as it is in the file, not a copy of it.
        """
        given = {"note": note, "tags": tags, "rating": rating, "status": status}
        given["highlights"] = highlights
        fields = checked_fields({k: v for k, v in given.items() if v is not _UNSET})
        changes = checked_ops(ops)
        key = paper_id(paper)
        with self._writing() as doc:
            old = doc.annotations.get(key)
            info = _paper_update(old.paper if old else None, paper)
            now = CLOCK.now(after=old.updated if old else None)
            new = edited(old, info, fields, changes, now)
            doc.annotations[key] = new
            deleted = doc.deleted
            if deleted.pop(key, None) is not None:
                doc.set_deleted(deleted)
            self._live.save(doc, {key})
        return new

    def delete(self, paper: Any) -> bool:
        """Remove a paper's annotation (and its cell); False if it had none.

        The deletion is recorded in the file, so merging an older copy does not bring it back.
        """
        key = paper_id(paper)
        with self._writing() as doc:
            if key not in doc.annotations:
                return False
            del doc.annotations[key]
            doc.set_deleted({**doc.deleted, key: CLOCK.now()})
            self._live.save(doc, {key})
        return True

    def merge_from(self, other: str | os.PathLike[str] | Notes, prefer: str = "newer"):
        """Fold in a colleague's notes, field by field; returns the disagreements.

        ``other`` is a notes file, or a notebook carrying notes (a working notebook's notes
        output, an ``export_annotated`` copy).

        Nothing is lost: tags and highlights are united, two different notes are both kept,
        and for rating and status the other value stays in the file as a conflict until
        picked. The file as it was is first copied to ``<name>.before-merge.ipynb``.
        """
        from paperwidgets.notes.merge import merge_into

        their_deleted: dict = {}
        if isinstance(other, Notes):
            if other._live is self._live:
                return merge_into({}, [], prefer)[1]  # a file merged into itself: nothing to do
            with other._reading() as their_doc:
                their_list, their_deleted = list(other), their_doc.deleted
            their_name = other.path.name
        elif Path(os.path.realpath(other)) == self._live.target:
            return merge_into({}, [], prefer)[1]
        else:
            their_list, their_name = annotations_in(other), Path(other).name
            loaded = live_file(Path(other).expanduser().absolute()).doc  # a notes file, if read
            their_deleted = loaded.deleted if loaded is not None else {}
        with self._writing() as doc:
            deleted = doc.deleted
            changed, conflicts = merge_into(
                doc.annotations, their_list, prefer, their_name, deleted, their_deleted
            )
            if changed:
                self._backup()
                doc.set_deleted(deleted)
                self._live.save(doc, changed)
        return conflicts

    def backup_path(self) -> Path:
        """Where ``merge_from`` keeps the file as it was before the last merge."""
        target = self._live.target
        return target.with_name(f"{target.stem}.before-merge{target.suffix}")

    def _backup(self) -> None:
        target = self._live.target
        if target.is_file():
            try:
                shutil.copy2(target, self.backup_path())
            except OSError as err:
                raise NotesFileError(self.path, f"backup before merge failed ({err})") from err

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
    def _reading(self) -> Iterator[Doc]:
        if self.read_only:
            with self._live.mutex:
                if not self._live.target.exists():
                    raise NotesFileError(self.path, "does not exist")
                yield self._live.current()
        else:
            with self._writing() as doc:
                yield doc

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Doc]:
        if self.read_only:
            raise NotesFileError(self.path, "was opened read_only=True")
        with self._live.locked(self.timeout) as doc:
            yield doc


def _paper_update(old: dict[str, Any] | None, paper: Any) -> dict[str, Any]:
    """Stored paper info, refreshed from a paper row where the row has a value."""
    new = paper_info(paper)
    if old is None:
        return new
    out = {k: new[k] if new.get(k) not in (None, []) else old.get(k) for k in PAPER_KEYS}
    cite = new.get("cite") or old.get("cite")  # what citing needs (notes/citation.py)
    return {**out, "cite": cite} if cite else out
