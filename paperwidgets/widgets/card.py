"""PaperCard: one paper — title, authors, date, abstract, links — and, given a notes
store, its annotation fields (note, tags, rating, status, highlights)."""

from __future__ import annotations

from typing import Any

from paperwidgets.fallbacks import card_html, card_static
from paperwidgets.widgets.annotating import OnePaperWidget
from paperwidgets.widgets.base import bundle


class PaperCard(OnePaperWidget):
    """A paper card. ``paper`` is ``corpus.paper(...)``, a ``corpus.papers`` row or a dict.

    >>> corpus.card(0)  # doctest: +SKIP
    >>> PaperCard(corpus.paper(0), notes="paper-notes.ipynb")  # doctest: +SKIP
    """

    _esm = bundle("card.js")
    _css = bundle("styles.css")
    shows = "this card shows"

    def static_html(self) -> str:
        return card_html(self.paper)

    def static_data(self) -> dict[str, Any]:
        return card_static(self.paper)
