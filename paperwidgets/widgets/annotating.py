"""What PaperCard(notes=…) and the Reader share: annotation fields backed by a Notes store.

The browser edits; every edit arrives as a ``save`` command and is written by the notes
store before the answer goes back, so "Saved" in the widget means "on disk". A mirror
output keeps the notes in the working notebook too (see mirror.py).
"""

from __future__ import annotations

import os
from typing import Any

import traitlets
from anywidget.experimental import command

from paperwidgets.corpus import Corpus
from paperwidgets.notes import Annotation, Notes
from paperwidgets.notes.edits import OPS
from paperwidgets.notes.model import FIELDS
from paperwidgets.widgets.base import StaticFallbackWidget
from paperwidgets.widgets.mirror import refresh_mirror, show_mirror

NotesLike = Notes | str | os.PathLike


def open_notes(notes: NotesLike | None) -> Notes | None:
    """A Notes store from a store, a path, or None."""
    if notes is None or isinstance(notes, Notes):
        return notes
    return Notes(notes)


def annotation_state(annotation: Annotation | None) -> dict[str, Any]:
    """The JSON the browser edits: the fields of an annotation (empty when none)."""
    if annotation is None:
        return {}
    data = annotation.to_dict()
    return {
        **annotation.content(),
        "paper_id": annotation.id,
        "updated": data["updated"],
        "conflicts": data.get("conflicts", []),
    }


class AnnotatingWidget(StaticFallbackWidget):
    """A widget whose annotation fields save to a Notes store, with a notes mirror output."""

    annotating = traitlets.Bool(False).tag(sync=True)
    annotation = traitlets.Dict().tag(sync=True)
    tags_in_use = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(self, notes: NotesLike | None = None, **kwargs: Any):
        self.notes = open_notes(notes)
        super().__init__(annotating=self.notes is not None, **kwargs)
        if self.notes is not None:
            self.tags_in_use = self._all_tags()
            self.notes.listen(self._on_notes)  # any change to the file, from anywhere

    # subclasses say which paper an id is
    def paper_for(self, paper_id: str) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def saved(self, annotation: Annotation, fields: dict[str, Any]) -> dict[str, Any]:
        """Hook after a save; returns extra answer fields for the browser."""
        return {}

    def shown_id(self) -> str | None:  # pragma: no cover - abstract
        """The paper whose annotation fields the widget shows."""
        raise NotImplementedError

    def notes_changed(self, ids: set[str]) -> None:
        """Hook after annotations changed anywhere (this widget, another one, on disk)."""

    def _on_notes(self, ids: set[str]) -> None:
        """The live store says these papers changed: show what the file now holds."""
        shown = self.shown_id()
        with self.hold_sync():
            self.notes_changed(ids)
            if shown in ids:
                self.annotation = annotation_state(self.notes.get(shown))
            self.tags_in_use = self._all_tags()
        self.update_mirror()

    @command
    def save(self, msg: dict[str, Any], buffers: list[bytes]) -> tuple[dict[str, Any], list]:
        """Browser -> notes store: one paper's edited fields and single-item edits (ops).

        Tags and highlights arrive as ops (add this tag, remove that one), so what another
        writer did to the same paper meanwhile stays.
        """
        try:
            fields = dict(msg.get("fields") or {})
            ops = dict(msg.get("ops") or {})
            unknown = (set(fields) - set(FIELDS)) | (set(ops) - set(OPS))
            if unknown or self.notes is None:
                raise ValueError(f"cannot save {sorted(unknown) or 'without a notes store'}")
            paper = self.paper_for(str(msg["paper_id"]))
            annotation = self.notes.set(paper, **fields, **ops)
        except (ValueError, KeyError, TypeError, OSError) as err:
            return {"error": str(err)}, []
        edited = {**fields, **dict.fromkeys(name.split("_", 1)[1] for name in ops)}
        return {"annotation": annotation_state(annotation), **self.saved(annotation, edited)}, []

    def _all_tags(self) -> list[str]:
        return sorted({tag for a in self.notes for tag in a.tags}) if self.notes else []

    def _ipython_display_(self, **kwargs: Any) -> None:
        """Show the widget, then (with notes) the mirror output that carries the notes."""
        from IPython.display import display

        data, metadata = self._repr_mimebundle_()
        display(data, metadata=metadata, raw=True)
        if self.notes is not None:
            show_mirror(self.notes)  # one per notes file and notebook

    def update_mirror(self) -> None:
        """Refresh the notes file's mirror output (routed by Jupyter to the cell showing it)."""
        if self.notes is not None:
            refresh_mirror(self.notes)


class CorpusAnnotatingWidget(AnnotatingWidget):
    """An annotating widget over a whole corpus (Reader, Map): keeps its papers' annotations."""

    def __init__(self, corpus: Corpus, notes: NotesLike | None = None, **kwargs: Any):
        self.corpus = corpus
        super().__init__(notes=notes, **kwargs)
        self._ids = set(corpus.papers["id"])
        self._annotations: dict[str, Annotation] = {
            a.id: a for a in (self.notes or []) if a.id in self._ids
        }

    def paper_for(self, paper_id: str) -> dict[str, Any]:
        return self.corpus.paper(paper_id)

    def shown_id(self) -> str | None:
        trait = "current_id" if self.has_trait("current_id") else "paper"
        shown = getattr(self, trait)
        return shown.get("id") if isinstance(shown, dict) else shown

    def notes_changed(self, ids: set[str]) -> None:
        for pid in ids & getattr(self, "_ids", set()):  # (a change may come mid-init)
            annotation = self.notes.get(pid)
            if annotation is None:
                self._annotations.pop(pid, None)
            else:
                self._annotations[pid] = annotation

    def saved(self, annotation: Annotation, fields: dict[str, Any]) -> dict[str, Any]:
        self._annotations[annotation.id] = annotation
        return {}
