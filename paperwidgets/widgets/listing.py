"""The Reader's list: which papers match the search box and filters, one page at a time.

Pure functions of the corpus and the annotations, so the Reader's paging can be tested
without a browser. The browser only ever receives one page of small rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from paperwidgets.corpus import Corpus
from paperwidgets.notes import Annotation

MAX_PAGE = 200


@dataclass(frozen=True)
class Filters:
    """What the Reader's toolbar asks for."""

    query: str = ""
    status: str = ""
    tag: str = ""
    min_rating: int | None = None
    unannotated: bool = False
    order: str = ""  # "" (listing order) or "for_you" (foryou.py)
    new_to_me: bool = False  # only papers in no notes file and no earlier fetched day

    @classmethod
    def from_request(cls, msg: dict[str, Any]) -> Filters:
        """Filters from a ``page`` request (unknown keys ignored, wrong types rejected)."""
        rating = msg.get("min_rating")
        return cls(
            query=str(msg.get("query") or ""),
            status=str(msg.get("status") or ""),
            tag=str(msg.get("tag") or ""),
            min_rating=int(rating) if rating not in (None, "") else None,
            unannotated=bool(msg.get("unannotated")),
            order=str(msg.get("order") or ""),
            new_to_me=bool(msg.get("new_to_me")),
        )


def row(paper_id: str, title: str, annotation: Annotation | None) -> dict[str, Any]:
    """One list row: just what the list shows."""
    a = annotation
    return {
        "id": paper_id,
        "title": title,
        "status": a.status if a else "unread",
        "rating": a.rating if a else None,
        "tags": list(a.tags) if a else [],
    }


def ranked(frame: Any) -> list[dict[str, Any]]:
    """Neighbour or recommendation rows (a similarity DataFrame) as small JSON dicts."""
    return [
        {"id": r.id, "title": r.title, "score": round(float(r.score), 4), "why": list(r.why)}
        for r in frame.itertuples(index=False)
    ]


class TextIndex:
    """Lower-cased titles and title+abstract texts, built on the first search."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self._texts: tuple[Any, Any] | None = None

    def texts(self) -> tuple[Any, Any]:
        if self._texts is None:
            papers = self.corpus.papers
            titles = papers["title"].fillna("").str.lower()
            self._texts = (titles, titles + " " + papers["abstract"].fillna("").str.lower())
        return self._texts

    def positions(self, query: str) -> np.ndarray:
        """Papers with every word of the query in title or abstract; title matches first."""
        words = re.findall(r"\w+", query.lower())
        if not words:
            return np.arange(len(self.corpus))
        titles, texts = self.texts()
        in_text = np.ones(len(self.corpus), dtype=bool)
        in_title = np.ones(len(self.corpus), dtype=bool)
        for word in words:
            in_text &= texts.str.contains(word, regex=False).to_numpy()
            in_title &= titles.str.contains(word, regex=False).to_numpy()
        return np.concatenate([np.flatnonzero(in_title), np.flatnonzero(in_text & ~in_title)])


def keep(annotation: Annotation | None, filters: Filters) -> bool:
    """Whether a paper's annotation passes the status, tag, rating and unannotated filters."""
    if filters.unannotated and annotation is not None:
        return False
    status = annotation.status if annotation else "unread"
    if filters.status and status != filters.status:
        return False
    if filters.tag and not (annotation and filters.tag in annotation.tags):
        return False
    rating = annotation.rating if annotation else None
    return not (filters.min_rating and (rating is None or rating < filters.min_rating))


def page(
    corpus: Corpus,
    text: TextIndex,
    annotations: dict[str, Annotation],
    filters: Filters,
    offset: int = 0,
    limit: int = 50,
    order: np.ndarray | None = None,
    shown: np.ndarray | None = None,
) -> dict[str, Any]:
    """``{rows, offset, total}`` of the papers matching the filters, from ``offset``.

    ``order`` (every row position, best first) reorders the matches; ``shown`` (a mask)
    keeps only some papers (new to me).
    """
    positions = text.positions(filters.query)
    if order is not None:
        positions = order[np.isin(order, positions)]
    if shown is not None:
        positions = positions[shown[positions]]
    ids = corpus.papers["id"].to_numpy()
    if replace(filters, order="", new_to_me=False) != Filters(query=filters.query):
        positions = np.asarray([p for p in positions if keep(annotations.get(ids[p]), filters)])
    total = len(positions)
    offset = max(0, min(int(offset), max(total - 1, 0)))
    chosen = positions[offset : offset + max(1, min(int(limit), MAX_PAGE))]
    titles = corpus.papers["title"].to_numpy()
    rows = [row(ids[p], titles[p], annotations.get(ids[p])) for p in chosen]
    return {"rows": rows, "offset": offset, "total": total}
