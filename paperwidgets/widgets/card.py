"""PaperCard: one paper — title, authors, date, abstract, links — and, given a notes
store, its annotation fields (note, tags, rating, status, highlights)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import traitlets

from paperwidgets.corpus import paper_dict
from paperwidgets.fallbacks import card_html, card_static
from paperwidgets.widgets.annotating import AnnotatingWidget, NotesLike, annotation_state
from paperwidgets.widgets.base import bundle


class PaperCard(AnnotatingWidget):
    """A paper card. ``paper`` is ``corpus.paper(...)``, a ``corpus.papers`` row or a dict.

    >>> corpus.card(0)  # doctest: +SKIP
    >>> PaperCard(corpus.paper(0), notes="paper-notes.ipynb")  # doctest: +SKIP
    """

    _esm = bundle("card.js")
    _css = bundle("styles.css")
    paper = traitlets.Dict().tag(sync=True)

    def __init__(self, paper: Mapping[str, Any], notes: NotesLike | None = None, **kwargs: Any):
        shown = paper_dict(paper)
        super().__init__(notes, [shown["id"]], paper=shown, **kwargs)
        self.annotation = annotation_state(self.annotations.get(shown["id"]))

    def paper_for(self, paper_id: str) -> dict[str, Any]:
        if paper_id != self.paper.get("id"):
            raise KeyError(f"this card shows {self.paper.get('id')!r}, not {paper_id!r}")
        return self.paper

    def shown_id(self) -> str | None:
        return self.paper.get("id")

    def static_html(self) -> str:
        return card_html(self.paper)

    def static_data(self) -> dict[str, Any]:
        return card_static(self.paper)
