"""The Reader's list: which papers match the search box and filters, one page at a time.

Pure functions of the corpus and the annotations, so the Reader's paging can be tested
without a browser. The browser only ever receives one page of small rows.

Search ranks with the similarity engine (``corpus.search``, the same space as the
neighbours) and also looks in the reader's own words: notes, tags and highlight comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from paperwidgets.corpus import Corpus
from paperwidgets.notes import Annotation

MAX_PAGE = 200
SEARCH_DEPTH = 1000  # papers the engine ranks per query; literal matches beyond follow them
OWN_WORDS_WEIGHT = 2.0  # added when every query word is in your notes/tags/comments (engine: 0..1)


@dataclass(frozen=True)
class Filters:
    """What the Reader's toolbar asks for."""

    query: str = ""
    status: str = ""
    tag: str = ""
    min_rating: int | None = None
    unannotated: bool = False
    disagreements: bool = False  # only papers a merge left a conflict on
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
            disagreements=bool(msg.get("disagreements")),
            order=str(msg.get("order") or ""),
            new_to_me=bool(msg.get("new_to_me")),
        )


def marks(annotation: Annotation | None) -> dict[str, Any]:
    """What a list shows of a paper's annotation: status, rating, tags, whether annotated."""
    a = annotation
    return {
        "status": a.status if a else "unread",
        "rating": a.rating if a else None,
        "tags": list(a.tags) if a else [],
        "annotated": a is not None,
        "conflicts": len(a.conflicts) if a else 0,
    }


def row(paper_id: str, title: str, annotation: Annotation | None) -> dict[str, Any]:
    """One list row: just what the list shows."""
    return {"id": paper_id, "title": title, **marks(annotation)}


def ranked(frame: Any, annotations: dict[str, Annotation] | None = None) -> list[dict[str, Any]]:
    """Neighbour or recommendation rows (a similarity DataFrame) as small JSON dicts."""
    found = annotations or {}
    return [
        {
            "id": r.id, "title": r.title, "score": round(float(r.score), 4), "why": list(r.why),
            "annotated": r.id in found,
        }
        for r in frame.itertuples(index=False)
    ]  # fmt: skip


def remark(items: list[dict[str, Any]], annotations: dict[str, Annotation]) -> list[dict[str, Any]]:
    """The same ranked rows with their "annotated" marks brought up to date."""
    return [{**item, "annotated": item["id"] in annotations} for item in items]


def query_words(query: str) -> list[str]:
    """The words of a search query, lower-cased, each once."""
    return list(dict.fromkeys(re.findall(r"\w+", query.lower())))


def own_words(annotation: Annotation) -> str:
    """The reader's own text about a paper: note, tags and highlight comments (lower-cased)."""
    comments = [str(h.get("comment") or "") for h in annotation.highlights]
    return " ".join([annotation.note or "", *annotation.tags, *comments]).lower()


@dataclass(frozen=True)
class Hits:
    """Search results: row positions best first, their relevance, and hits in your notes."""

    positions: np.ndarray
    scores: np.ndarray
    in_notes: frozenset[int]


class SearchIndex:
    """The Reader's search: engine relevance plus the reader's notes, the last query cached."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self._texts: Any = None
        self._last: tuple[str, int, Hits] | None = None

    def texts(self) -> Any:
        """Lower-cased title + abstract of every paper, built on the first search."""
        if self._texts is None:
            papers = self.corpus.papers
            titles = papers["title"].fillna("").str.lower()
            self._texts = titles + " " + papers["abstract"].fillna("").str.lower()
        return self._texts

    def hits(self, query: str, annotations: dict[str, Annotation], version: int = 0) -> Hits:
        """Papers with a query word in their text or in your notes, most relevant first."""
        if self._last and self._last[:2] == (query, version):
            return self._last[2]
        hits = self._rank(query_words(query), annotations)
        self._last = (query, version, hits)
        return hits

    def _rank(self, words: list[str], annotations: dict[str, Annotation]) -> Hits:
        n = len(self.corpus)
        literal = np.zeros(n, dtype=bool)
        for word in words:
            literal |= self.texts().str.contains(word, regex=False).to_numpy()
        scores = np.zeros(n)
        if literal.any():
            engine = self.corpus.search(" ".join(words), k=min(n, SEARCH_DEPTH))
            at = [self.corpus.position(pid) for pid in engine["id"]]
            scores[at] = engine["score"].to_numpy(dtype=float)
        ours = set()
        for pid, annotation in annotations.items():
            mine = own_words(annotation)
            share = sum(w in mine for w in words) / len(words) if words else 0
            if share:
                position = self.corpus.position(pid)
                ours.add(position)
                scores[position] += OWN_WORDS_WEIGHT * share
        found = np.flatnonzero(literal | np.isin(np.arange(n), list(ours)))
        order = found[np.argsort(-scores[found], kind="stable")]  # ties keep list order
        return Hits(order, scores[order], frozenset(ours))


def keep(annotation: Annotation | None, filters: Filters) -> bool:
    """Whether a paper's annotation passes the status, tag, rating and unannotated filters."""
    if filters.unannotated and annotation is not None:
        return False
    if filters.disagreements and not (annotation and annotation.conflicts):
        return False
    status = annotation.status if annotation else "unread"
    if filters.status and status != filters.status:
        return False
    if filters.tag and not (annotation and filters.tag in annotation.tags):
        return False
    rating = annotation.rating if annotation else None
    return not (filters.min_rating and (rating is None or rating < filters.min_rating))


def matching(
    corpus: Corpus, search: SearchIndex, annotations: dict[str, Annotation],
    filters: Filters, version: int = 0, order: np.ndarray | None = None,
    shown: np.ndarray | None = None,
) -> tuple[np.ndarray, dict[int, float], frozenset[int]]:  # fmt: skip
    """Positions matching the filters in list order (ranked when searching), their relevance.

    ``order`` (every row position, best first: For you) reorders the matches; ``shown``
    (a mask: new to me) keeps only some papers.
    """
    if query_words(filters.query):
        hits = search.hits(filters.query, annotations, version)
        positions, in_notes = hits.positions, hits.in_notes
        relevance = dict(zip(hits.positions.tolist(), hits.scores.tolist(), strict=True))
    else:
        positions, relevance, in_notes = np.arange(len(corpus)), {}, frozenset()
    if order is not None:
        positions = order[np.isin(order, positions)]
    if shown is not None:
        positions = positions[shown[positions]]
    if replace(filters, order="", new_to_me=False) != Filters(query=filters.query):
        ids = corpus.papers["id"].to_numpy()
        chosen = [p for p in positions if keep(annotations.get(ids[p]), filters)]
        positions = np.asarray(chosen, dtype=np.int64)
    return positions, relevance, in_notes


def page(
    corpus: Corpus,
    search: SearchIndex,
    annotations: dict[str, Annotation],
    filters: Filters,
    offset: int = 0,
    limit: int = 50,
    version: int = 0,
    current: str = "",
    order: np.ndarray | None = None,
    shown: np.ndarray | None = None,
) -> dict[str, Any]:
    """``{rows, offset, total, current_at}`` of the papers matching the filters, from ``offset``.

    ``current_at`` is where the paper ``current`` is in the whole list (-1: it does not match).
    """
    positions, relevance, in_notes = matching(
        corpus, search, annotations, filters, version, order, shown
    )
    ids, titles = corpus.papers["id"].to_numpy(), corpus.papers["title"].to_numpy()
    at = np.flatnonzero(ids[positions] == current) if len(positions) else []
    total = len(positions)
    offset = max(0, min(int(offset), max(total - 1, 0)))
    chosen = positions[offset : offset + max(1, min(int(limit), MAX_PAGE))]
    rows = []
    for p in chosen.tolist():
        r = row(ids[p], titles[p], annotations.get(ids[p]))
        if p in relevance:
            r.update(relevance=round(float(relevance[p]), 3), in_notes=p in in_notes)
        rows.append(r)
    current_at = int(at[0]) if len(at) else -1
    return {"rows": rows, "offset": offset, "total": total, "current_at": current_at}
