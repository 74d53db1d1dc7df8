"""Neighbours: the papers most like one paper, with a score bar and the shared terms."""

from __future__ import annotations

from typing import Any

import traitlets

from paperwidgets.corpus import Corpus, PaperKey
from paperwidgets.fallbacks import neighbours_html, neighbours_static
from paperwidgets.widgets.base import StaticFallbackWidget, bundle
from paperwidgets.widgets.paper_list import ranked


class Neighbours(StaticFallbackWidget):
    """``Neighbours(corpus, paper, k=10)``; choosing one sets ``selected`` (observe it)."""

    _esm = bundle("neighbours.js")
    _css = bundle("styles.css")
    paper_title = traitlets.Unicode().tag(sync=True)
    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)

    def __init__(self, corpus: Corpus, paper: PaperKey, k: int = 10):
        super().__init__(
            paper_title=corpus.paper(paper)["title"], items=ranked(corpus.neighbours(paper, k))
        )

    def static_html(self) -> str:
        return neighbours_html(self.paper_title, self.items)

    def static_data(self) -> dict[str, Any]:
        return neighbours_static(self.paper_title, self.items)
