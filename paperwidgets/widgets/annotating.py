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
    return {**annotation.content(), "updated": annotation.to_dict()["updated"]}


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

    # subclasses say which paper an id is
    def paper_for(self, paper_id: str) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def saved(self, annotation: Annotation, fields: dict[str, Any]) -> dict[str, Any]:
        """Hook after a save; returns extra answer fields for the browser."""
        return {}

    @command
    def save(self, msg: dict[str, Any], buffers: list[bytes]) -> tuple[dict[str, Any], list]:
        """Browser -> notes store: write the changed fields of one paper's annotation."""
        try:
            fields = dict(msg.get("fields") or {})
            unknown = set(fields) - set(FIELDS)
            if unknown or self.notes is None:
                raise ValueError(f"cannot save {sorted(unknown) or 'without a notes store'}")
            annotation = self.notes.set(self.paper_for(str(msg["paper_id"])), **fields)
        except (ValueError, KeyError, OSError) as err:
            return {"error": str(err)}, []
        if "tags" in fields:
            self.tags_in_use = self._all_tags()
        extra = self.saved(annotation, fields)
        self.update_mirror()  # after saved(): the mirror is never one save behind
        return {"annotation": annotation_state(annotation), **extra}, []

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
        ids = set(corpus.papers["id"])
        self._annotations: dict[str, Annotation] = {
            a.id: a for a in (self.notes or []) if a.id in ids
        }

    def paper_for(self, paper_id: str) -> dict[str, Any]:
        return self.corpus.paper(paper_id)

    def saved(self, annotation: Annotation, fields: dict[str, Any]) -> dict[str, Any]:
        self._annotations[annotation.id] = annotation
        return {}
