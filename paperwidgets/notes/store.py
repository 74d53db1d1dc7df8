"""The notes store: annotations kept in a notes notebook, saved durably on every change.

Every ``Notes`` on one file in a kernel shares one live file (see live.py): the same
annotations, one lock, and listeners told about every change. A ``Notes`` writes as one
person (``user``): their rating, status and note, and the tags and highlights they add.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperwidgets.notes import nbfile, team, undo
from paperwidgets.notes.carried import annotations_in
from paperwidgets.notes.document import Doc, annotations_in_order
from paperwidgets.notes.edits import checked_edit, checked_ops, edited, paper_update
from paperwidgets.notes.fields import DEFAULTS, OWN_FIELDS
from paperwidgets.notes.live import LiveFile, live_file
from paperwidgets.notes.locking import LOCK_TIMEOUT
from paperwidgets.notes.merge import Merge, merge_into
from paperwidgets.notes.model import Annotation, Mark, checked_fields, paper_id
from paperwidgets.notes.nbfile import NotesFileError
from paperwidgets.notes.people import check_name, current_user
from paperwidgets.notes.reading import checked_reading, resolved_path, stored_path
from paperwidgets.notes.saving import is_notes_notebook, merged_save, save_lock, save_turns
from paperwidgets.notes.screenings import ScreeningLogs, logs_of, merge_logs
from paperwidgets.notes.times import CLOCK, sane

if TYPE_CHECKING:
    import pandas as pd

_UNSET: Any = object()
__all__ = ["Notes", "NotesFileError", "is_notes_notebook", "merged_save", "save_lock", "save_turns"]


class Notes(ScreeningLogs):
    """Annotations on papers, stored in a notes notebook (.ipynb) that stands alone.

    Every change is read-merge-written under a file lock and is on disk when the call returns.
    ``user`` is who writes (default: $PAPERWIDGETS_USER, git's user.name, the login name).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = "paper-notes.ipynb",
        *,
        user: str | None = None,
        read_only: bool = False,
        timeout: float = LOCK_TIMEOUT,
    ):
        self.path = Path(path).expanduser().absolute()
        self.user = current_user(user, self.path.parent)
        self.read_only = read_only
        self.timeout = timeout
        self._live: LiveFile = live_file(self.path, self.user)
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
        return f"<Notes: {len(self)} annotated papers in {self.path} (as {self.user})>"

    # --- reading -------------------------------------------------------------------------

    def get(self, paper: Any) -> Annotation | None:
        """The annotation of a paper (id or paper row) as this user sees it, or None."""
        with self._reading() as doc:
            found = doc.annotations.get(paper_id(paper))
        return found.seen_by(self.user) if found is not None else None

    def __len__(self) -> int:
        with self._reading() as doc:
            return len(doc.annotations)

    def __contains__(self, paper: Any) -> bool:
        return self.get(paper) is not None

    def __iter__(self) -> Iterator[Annotation]:
        """Annotations in file order, as this user sees them."""
        with self._reading() as doc:
            annotations = annotations_in_order(doc)
        return iter([a.seen_by(self.user) for a in annotations])

    @property
    def problems(self) -> list[str]:
        """Cells skipped as unreadable when the file was last read (each named)."""
        with self._reading() as doc:
            return list(doc.problems)

    def to_frame(self) -> pd.DataFrame:
        """One row per annotated paper (your values); join with ``corpus.papers`` on ``id``."""
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

        note, rating and status are this user's; ``add_tags`` / ``remove_tags`` /
        ``add_highlights`` / ``remove_highlights`` change single items of the annotation as
        it is in the file, not a copy of it. When nothing is left on the paper, it is no
        longer annotated.
        """
        given: dict[str, Any] = {"note": note, "tags": tags, "rating": rating, "status": status}
        given["highlights"] = highlights
        fields = checked_fields({k: v for k, v in given.items() if v is not _UNSET})
        return self._edit(paper, fields, checked_ops(ops))

    def clear(self, paper: Any) -> Annotation:
        """Empty your note, rating and status and remove the paper's tags and highlights.

        Colleagues' own values stay; with none, the paper is no longer annotated.
        """
        return self._edit(paper, {**DEFAULTS, "tags": [], "highlights": []}, {})

    def resolve(self, paper: Any, field: str, value: Any) -> Annotation:
        """Settle a disagreement on ``field``: your value becomes ``value``, and the values
        disagreeing now are remembered, so they do not reopen it when merged again."""
        if field not in OWN_FIELDS:
            raise ValueError(f"a disagreement is on one of {OWN_FIELDS}, not {field!r}")
        fields = checked_fields({field: value})
        return self._edit(paper, fields, {}, resolving=field)

    def _edit(
        self, paper: Any, fields: dict[str, Any], ops: dict[str, list[Any]], resolving: str = ""
    ) -> Annotation:
        key = paper_id(paper)
        with self._writing() as doc:
            old = doc.annotations.get(key)
            info = paper_update(old.paper if old else None, paper)
            now = CLOCK.now(after=old.updated if old else None)
            new = edited(old, info, fields, ops, now, self.user)
            if resolving and old is not None:
                new = team.resolved(old, new, resolving)
            deleted = doc.deleted
            if new.has_content():
                doc.annotations[key] = new
                if deleted.pop(key, None) is not None:
                    doc.set_deleted(deleted)
            elif old is not None:  # the last thing removed: the paper is not annotated
                del doc.annotations[key]
                doc.set_deleted({**deleted, key: Mark(self.user, now)})
            if old is not None or new.has_content():
                self._live.save(doc, {key})
        return new.seen_by(self.user)

    def delete(self, paper: Any) -> bool:
        """Remove a paper's annotation (everyone's, and its cell); False if it had none.

        The deletion is recorded in the file, so merging an older copy does not bring it back;
        in a colleague's file, merging it removes only what you wrote there.
        """
        key = paper_id(paper)
        with self._writing() as doc:
            if key not in doc.annotations:
                return False
            del doc.annotations[key]
            doc.set_deleted({**doc.deleted, key: Mark(self.user, CLOCK.now())})
            self._live.save(doc, {key})
        return True

    def reading(self, paper: Any) -> dict[str, Any]:
        """A paper's full-text state: ``attached`` (a Path), ``page``, ``scroll``, ``source``."""
        with self._reading() as doc:
            state = doc.reading(paper_id(paper))
        if "attached" in state:
            state["attached"] = resolved_path(state["attached"], self.path.parent)
        return state

    def set_reading(self, paper: Any, **values: Any) -> dict[str, Any]:
        """Change a paper's full-text state (``None`` removes a key); saved on return.

        ``attached`` is a file path (kept relative to this notes file); ``page`` ≥ 1,
        ``scroll`` 0–1 and ``source`` (the full text's URL or file) say where you were.
        It is not part of the paper's annotation: it never makes a paper "annotated".
        """
        if isinstance(values.get("attached"), str | os.PathLike):
            values["attached"] = stored_path(values["attached"], self.path.parent)
        checked = checked_reading(values)
        key = paper_id(paper)
        with self._writing() as doc:
            state = {**doc.reading(key), **checked}
            state = {k: v for k, v in state.items() if values.get(k, v) is not None}
            doc.set_reading(key, state)
            self._live.save(doc, set())
        return self.reading(key)

    def attach(self, paper: Any, path: str | os.PathLike[str]) -> Path:
        """Attach a local PDF (or HTML) file to a paper: its full text opens from there."""
        target = Path(path).expanduser().absolute()
        if not target.is_file():
            raise NotesFileError(target, "cannot be attached: it is not a file")
        self.set_reading(paper, attached=str(target))
        return target

    def set_many(self, edits: Iterable[tuple[Any, dict[str, Any] | None]]) -> list[Annotation]:
        """Edit several papers in one locked write (a lasso action, its undo): each edit is
        ``(paper, {field or op: value})`` as ``set`` takes them, or ``(paper, None)`` to delete
        that paper's annotation. Returns the new annotations (as this user sees them); all or
        nothing is written. A paper left with nothing on it is no longer annotated."""
        checked = [(p, e if e is None else checked_edit(e)) for p, e in edits]
        with self._writing() as doc:
            deleted = doc.deleted
            for paper, edit in checked:
                key, old = paper_id(paper), doc.annotations.get(paper_id(paper))
                now = CLOCK.now(after=old.updated if old else None)
                new = (
                    None
                    if edit is None
                    else edited(
                        old, paper_update(old.paper if old else None, paper), *edit, now, self.user
                    )
                )
                if new is not None and new.has_content():
                    doc.annotations[key] = new
                    deleted.pop(key, None)
                elif doc.annotations.pop(key, None) is not None:
                    deleted[key] = Mark(self.user, now)
            doc.set_deleted(deleted)
            self._live.save(doc, {paper_id(p) for p, _ in checked})
            found = [doc.annotations.get(paper_id(p)) for p, _ in checked]
        return [a.seen_by(self.user) for a in found if a is not None]

    def merge_from(
        self,
        other: str | os.PathLike[str] | Notes,
        user: str | None = None,
        notes_file: str | None = None,
    ) -> pd.DataFrame:
        """Fold in a colleague's notes; returns what differs, person by person.

        ``other`` is a notes file, or a notebook carrying notes (a working notebook's notes
        output, an ``export_annotated`` copy); ``notes_file`` picks which notes file's output
        when the notebook carries several. Values of an older (v1) file belong to
        ``user``, else to the file's stem ("bob-notes.ipynb": "bob-notes").
        Your values, tags and highlights are never removed or replaced by a colleague's;
        theirs go beside yours under their name. ``undo_merge()`` puts the file back.
        """
        their_list, their_deleted, source = self._theirs(other, user, notes_file)
        table = Merge(self.user, source, CLOCK.now())
        if their_list is None:
            return table.table()  # a file merged into itself: nothing to do
        with self._writing() as doc:
            target = self._live.target
            before = target.read_bytes() if target.is_file() else b""
            deleted = doc.deleted
            changed = merge_into(doc.annotations, their_list, deleted, their_deleted, table)
            if merge_logs(doc, logs_of(other)) or changed:  # screening logs: notes/screenings.py
                entry = undo.push(target, before)
                doc.set_deleted(deleted)
                self._live.save(doc, changed)
                undo.finish(entry, target, target.read_bytes())
        return table.table()

    def merge_branch(
        self, other: str | os.PathLike[str], base: str | os.PathLike[str] | None, source: str
    ) -> pd.DataFrame:
        """A git merge: fold in ``other`` (the other branch's copy of this file) three-way
        against ``base`` (their common ancestor; None: none). No side is "mine": what only
        one side changed is taken, what both changed is merged per person."""
        ancestor = annotations_in(base, self.user) if base is not None else []
        their_list, their_deleted, _ = self._theirs(other, self.user)
        table = Merge(None, source, CLOCK.now(), base={a.id: a for a in ancestor})
        with self._writing() as doc:
            deleted = doc.deleted
            changed = merge_into(doc.annotations, their_list or [], deleted, their_deleted, table)
            changed_logs = merge_logs(doc, logs_of(other))
            for pid, mark in their_deleted.items():
                if pid not in doc.annotations and sane(mark.at) > sane(_at(deleted.get(pid))):
                    deleted[pid] = mark
            if changed or changed_logs or deleted != doc.deleted:
                doc.set_deleted(deleted)
                self._live.save(doc, changed)
        return table.table()

    def _theirs(
        self, other: str | os.PathLike[str] | Notes, user: str | None, notes_file: str | None = None
    ) -> tuple[list[Annotation] | None, dict[str, Mark], str]:
        """The other file's records, its deleted papers and its name (None: this very file)."""
        if isinstance(other, Notes):
            if other._live is self._live:
                return None, {}, other.path.name
            with other._reading() as their_doc:
                return [a.record() for a in list(other)], their_doc.deleted, other.path.name
        path = Path(other).expanduser().absolute()
        if Path(os.path.realpath(path)) == self._live.target:
            return None, {}, path.name
        owner = check_name(user if user is not None else path.stem)
        live = live_file(path, owner)  # held while reading: a notes file's deletions stay in it
        found = annotations_in(path, owner, notes_file)
        return found, live.doc.deleted if live.doc is not None else {}, path.name

    def undo_merge(self, force: bool = False) -> Path:
        """Put the file back exactly as it was before the last merge (call again for the one
        before); NotesFileError when there is none, or when the file changed since that merge
        (``force=True`` puts it back anyway). Returns the file's path."""
        target = self._live.target
        with self._writing():
            entry = undo.latest(target)
            if entry is None:
                raise NotesFileError(self.path, "has no merge to undo")
            now = target.read_bytes() if target.is_file() else b""
            if not force and entry.after_digest() not in (None, undo.digest(now)):
                raise NotesFileError(
                    self.path,
                    "changed since the last merge; undo_merge(force=True) puts back the "
                    "file as it was before that merge, losing the changes since",
                )
            nbfile.atomic_write(target, [undo.before_bytes(entry)])
            entry.drop()
            self._live.current()  # reload, tell the listeners
        return self.path

    # --- exports -------------------------------------------------------------------------

    def to_markdown(self, users: list[str] | None = None) -> str:
        """The notes as one escaped Markdown document: a heading per paper, each person's
        note under their name (``users``: only theirs); then each screening's PRISMA counts."""
        from paperwidgets.notes.exports import to_markdown

        return to_markdown(list(self), users, self.screening_logs())

    def export(
        self,
        path: str | os.PathLike[str],
        *,
        tags: list[str] | None = None,
        min_rating: int | None = None,
        status: str | list[str] | None = None,
        users: list[str] | None = None,
    ) -> Path:
        """Write the notes as .md, .bib, .json (CSL-JSON), .ris or .jsonld (Web Annotation).

        ``tags`` (any of them), ``min_rating`` and ``status`` choose the papers, judged by the
        values of ``users`` (default: you); the bibliographies carry your note, or those of
        ``users``; the .md every person's note and each screening's PRISMA 2020 counts."""
        from paperwidgets.notes.exports import chosen, export

        picked = chosen(list(self), tags=tags, min_rating=min_rating, status=status, users=users)
        return export(picked, Path(path), users, self.screening_logs())

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


def _at(mark: Mark | None) -> Any:
    return mark.at if mark is not None else None
