"""PaperCard: one paper — title, authors, date, abstract (collapsible), links."""

from __future__ import annotations

from typing import Any

import traitlets

from paperwidgets.render import card_html
from paperwidgets.widgets.base import StaticFallbackWidget, bundle


class PaperCard(StaticFallbackWidget):
    """A paper card. ``paper`` is a dict as returned by ``Corpus.paper``.

    >>> corpus.card(0)  # doctest: +SKIP
    """

    _esm = bundle("card.js")
    _css = bundle("card.css")
    paper = traitlets.Dict().tag(sync=True)

    def __init__(self, paper: dict[str, Any], **kwargs: Any):
        super().__init__(paper=dict(paper), **kwargs)

    def static_html(self) -> str:
        return card_html(self.paper)
