"""Neighbours: the papers most like one paper, with a score bar and the shared terms."""

from __future__ import annotations

from html import escape

import traitlets

from paperwidgets.corpus import Corpus, PaperKey
from paperwidgets.widgets.base import StaticFallbackWidget, bundle
from paperwidgets.widgets.listing import ranked


class Neighbours(StaticFallbackWidget):
    """``Neighbours(corpus, paper, k=10)``; choosing one sets ``selected`` (observe it)."""

    _esm = bundle("neighbours.js")
    _css = bundle("styles.css")
    paper_title = traitlets.Unicode().tag(sync=True)
    items = traitlets.List().tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)

    def __init__(self, corpus: Corpus, paper: PaperKey, k: int = 10):
        super().__init__(
            paper_title=corpus.paper(paper)["title"], items=ranked(corpus.neighbours(paper, k))
        )

    def static_html(self) -> str:
        rows = "".join(
            f"<li>{escape(n['title'])} <small>({n['score']:.2f}; "
            f"{escape(', '.join(n['why']))})</small></li>"
            for n in self.items
        )
        return f"<p>Most like: <strong>{escape(self.paper_title)}</strong></p><ol>{rows}</ol>"
