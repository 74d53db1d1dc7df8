"""What PaperCard(notes=…), Map and the Reader share: annotation fields backed by a Notes store.

The browser edits; every edit arrives as a ``save`` command and is written by the notes
store before the answer goes back, so "Saved" in the widget means "on disk". A widget keeps
the annotations of the papers it shows current through the store's listener, and hears of
every change — its own save, a lasso action, another widget, the file on disk — through one
hook, :meth:`AnnotatingWidget.annotations_changed`. Each edit can be undone (``undo``). A
mirror output keeps the notes in the working notebook too (see mirror.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

import traitlets
from anywidget.experimental import command

from paperwidgets.constants import UNREAD
from paperwidgets.corpus import paper_dict
from paperwidgets.notes import Annotation, Notes, team
from paperwidgets.notes.edits import OPS
from paperwidgets.notes.model import FIELDS, iso
from paperwidgets.widgets.base import StaticFallbackWidget
from paperwidgets.widgets.mirror import refresh_mirror, show_mirror
from paperwidgets.widgets.undo import UndoStack, done

NotesLike = Notes | str | os.PathLike[str]
Reply = tuple[dict[str, Any], list[bytes]]  # a command's answer: JSON and buffers


def open_notes(notes: NotesLike | None) -> Notes | None:
    """A Notes store from a store, a path, or None."""
    if notes is None or isinstance(notes, Notes):
        return notes
    return Notes(notes)


def annotation_state(annotation: Annotation | None) -> dict[str, Any]:
    """The JSON the browser edits: your fields of an annotation (empty when none), the
    others' values by name, open disagreements and who rated what."""
    if annotation is None or not annotation.has_content():
        return {}
    you = annotation.user
    others = [{"name": n, **own.values()} for n, own in sorted(annotation.others.items())]
    return {
        **annotation.content(),
        "paper_id": annotation.id,
        "updated": iso(annotation.updated),
        "you": you,
        "others": others,
        "conflicts": team.disagreements(annotation),
        "team": team.ratings(annotation),
    }


def marks(annotation: Annotation | None) -> dict[str, Any]:
    """What a list shows of a paper's annotation: status, rating, tags, whether annotated."""
    a = annotation
    return {
        "status": a.status if a else UNREAD,
        "rating": a.rating if a else None,
        "tags": list(a.tags) if a else [],
        "annotated": a is not None,
        "conflicts": len(team.disagreements(a)) if a else 0,
    }


def _action(special: dict[str, Any]) -> str:
    """How an undo names a Clear or a resolve ("" for other edits: their fields say it)."""
    if special.get("clear"):
        return "Clear"
    if special.get("resolve"):
        return f"the pick in the {special['resolve'][0]} disagreement"
    return ""


class AnnotatingWidget(StaticFallbackWidget):
    """A widget whose annotation fields save to a Notes store, with a notes mirror output.

    ``ids`` are the papers whose annotations it keeps (``self.annotations``, current with the
    file). A subclass says which paper it shows (``shown_id``) and what a paper id is
    (``paper_for``), and may react to changes in ``annotations_changed``.
    """

    annotating = traitlets.Bool(False).tag(sync=True)
    annotation = traitlets.Dict().tag(sync=True)
    tags_in_use = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(self, notes: NotesLike | None, ids: Iterable[str], **kwargs: Any):
        self.notes = open_notes(notes)
        self.undo_stack = UndoStack()
        self._ids = frozenset(ids)
        self.annotations: dict[str, Annotation] = {}
        super().__init__(annotating=self.notes is not None, **kwargs)
        if self.notes is not None:
            self.annotations = {a.id: a for a in self.notes if a.id in self._ids}
            self.tags_in_use = self._all_tags()
            self.notes.listen(self._on_notes)  # any change to the file, from anywhere

    def paper_for(self, paper_id: str) -> dict[str, Any]:  # pragma: no cover - abstract
        """The paper (as ``corpus.paper`` gives it) an edit from the browser is about."""
        raise NotImplementedError

    def shown_id(self) -> str | None:  # pragma: no cover - abstract
        """The paper whose annotation fields the widget shows."""
        raise NotImplementedError

    def annotations_changed(self, before: dict[str, Annotation | None]) -> None:
        """The one hook: these papers' annotations changed (``before``: what they were;
        ``self.annotations`` holds what they are). Runs with the widget's sync held."""

    def _on_notes(self, ids: set[str]) -> None:
        """The live store says these papers changed: take what the file now holds."""
        mine = ids & self._ids
        before = {pid: self.annotations.get(pid) for pid in mine}
        for pid in mine:
            annotation = self.store.get(pid)
            if annotation is None:
                self.annotations.pop(pid, None)
            else:
                self.annotations[pid] = annotation
        with self.hold_sync():
            shown = self.shown_id()
            if shown in mine:
                self.annotation = annotation_state(self.annotations.get(shown))
            self.tags_in_use = self._all_tags()
            if before:
                self.annotations_changed(before)
        self.update_mirror()

    @property
    def store(self) -> Notes:
        """The notes store; a clear error for a widget made without one."""
        if self.notes is None:
            raise ValueError("no notes store: pass notes='paper-notes.ipynb'")
        return self.notes

    @command
    def save(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> notes store: one paper's edited fields and single-item edits (ops).

        Tags and highlights arrive as ops (add this tag, remove that one), so what another
        writer did to the same paper meanwhile stays.
        """
        try:
            fields = dict(msg.get("fields") or {})
            ops = dict(msg.get("ops") or {})
            special = {name: ops.pop(name) for name in ("resolve", "clear") if name in ops}
            unknown = (set(fields) - set(FIELDS)) | (set(ops) - set(OPS))
            if unknown:
                raise ValueError(f"cannot save {sorted(unknown)}")
            paper = self.paper_for(str(msg["paper_id"]))
            old = self.store.get(paper["id"])
            annotation = self._write(paper, fields, ops, special)
        except (ValueError, KeyError, TypeError, OSError) as err:
            return {"error": str(err)}, []
        self.undo_stack.edited(paper, old, done(old, fields, ops, special), _action(special))
        return {"annotation": annotation_state(annotation), "marks": marks(annotation)}, []

    @command
    def undo(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> notes store: put back what the last edit or lasso action changed."""
        step = self.undo_stack.pop()
        if step is None:
            return {"undone": "", "ids": []}, []
        try:
            # a paper that had no annotation and is empty again (nobody else wrote to it
            # meanwhile) is no longer annotated: the store drops an annotation left empty
            self.store.set_many((self._paper_or_id(p), edit) for p, edit in step.edits)
        except (ValueError, KeyError, TypeError, OSError) as err:
            self.undo_stack.push(step)  # nothing was written: it can be tried again
            return {"error": str(err)}, []
        return {"undone": step.what, "ids": [pid for pid, _ in step.edits]}, []

    def _paper_or_id(self, paper_id: str) -> Any:
        try:
            return self.paper_for(paper_id)
        except (KeyError, IndexError):
            return paper_id  # a paper this widget no longer lists: its id is enough

    def _write(
        self,
        paper: dict[str, Any],
        fields: dict[str, Any],
        ops: dict[str, Any],
        special: dict[str, Any],
    ) -> Annotation:
        """A save: set fields and ops; or clear the annotation; or resolve a disagreement
        (``resolve: [field]`` with the value picked in ``fields``)."""
        if special.get("clear"):
            return self.store.clear(paper)
        if special.get("resolve"):
            field = str(special["resolve"][0])
            return self.store.resolve(paper, field, fields[field])
        return self.store.set(paper, **fields, **ops)

    def _all_tags(self) -> list[str]:
        return sorted({tag for a in self.notes for tag in a.tags}) if self.notes is not None else []

    def _ipython_display_(self, **kwargs: Any) -> None:
        """Show the widget, then (with notes) the mirror output that carries the notes."""
        super()._ipython_display_(**kwargs)
        if self.notes is not None:
            show_mirror(self.notes)  # one per notes file and notebook

    def update_mirror(self) -> None:
        """Refresh the notes file's mirror output (routed by Jupyter to the cell showing it)."""
        if self.notes is not None:
            refresh_mirror(self.notes)


class OnePaperWidget(AnnotatingWidget):
    """An annotating widget about one paper (PaperCard, FullText): ``paper`` is
    ``corpus.paper(...)``, a ``corpus.papers`` row or a dict."""

    paper = traitlets.Dict().tag(sync=True)
    shows = "this widget shows"  # how an edit about another paper is refused

    def __init__(self, paper: Mapping[str, Any], notes: NotesLike | None = None, **kwargs: Any):
        shown = paper_dict(paper)
        super().__init__(notes, [shown["id"]], paper=shown, **kwargs)
        self.annotation = annotation_state(self.annotations.get(shown["id"]))

    def paper_for(self, paper_id: str) -> dict[str, Any]:
        if paper_id != self.paper.get("id"):
            raise KeyError(f"{self.shows} {self.paper.get('id')!r}, not {paper_id!r}")
        return self.paper

    def shown_id(self) -> str | None:
        return self.paper.get("id")
