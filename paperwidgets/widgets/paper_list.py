"""The Reader's list of papers: filters, search, paging and the rows it shows (and Neighbours).

Pure functions of the corpus and the annotations, so the Reader's paging can be tested
without a browser. The browser only ever receives one page of small rows.

Search ranks with the similarity engine (the blended score of ``corpus.search``, the same
space as the neighbours) over the papers that hold a query word: a term of the engine's
index in title or abstract, a word of the title starting or containing it (so a half-typed
word finds its papers), or the reader's own words (notes, tags, highlight comments). Words
compare case- and accent-folded: ``tulu`` finds "TÜLU 3".
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from paperwidgets.constants import UNREAD
from paperwidgets.corpus import Corpus
from paperwidgets.notes import Annotation, team
from paperwidgets.widgets.annotating import marks

if TYPE_CHECKING:
    from paperwidgets.similarity.index import Index

MAX_PAGE = 200
TITLE_WEIGHT = 1.5  # added when every query word is in the title (folded; part of a word counts)
OWN_WORDS_WEIGHT = 3.0  # added when every query word is in your notes/tags/comments (engine: 0..1)


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


WORD = re.compile(r"\w+")
# combining marks that NFKD splits off accented letters (Ü -> U + ¨)
COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Text as search compares it: lower case, accents dropped ("TÜLU 3" -> "tulu 3")."""
    if text.isascii():
        return text.lower()
    return COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def query_words(query: str) -> list[str]:
    """The words of a search query, folded, each once."""
    return list(dict.fromkeys(WORD.findall(fold(query))))


def own_words(annotation: Annotation) -> str:
    """The reader's own text about a paper: note, tags and highlight comments (folded)."""
    comments = [str(h.get("comment") or "") for h in annotation.highlights]
    return fold(" ".join([annotation.note or "", *annotation.tags, *comments]))


class TitleWords:
    """Every word of every title (folded) and the papers it is in: a query word's papers are
    those of the title words holding it, found in the list of distinct words, not by reading
    a million titles."""

    def __init__(self, titles: list[str]):
        per_title = [WORD.findall(fold(title)) for title in titles]
        lengths = np.fromiter(map(len, per_title), np.int64, len(per_title))
        flat = pd.Series(list(chain.from_iterable(per_title)), dtype=object)
        codes, words = pd.factorize(flat)
        rows = np.repeat(np.arange(len(titles), dtype=np.int64), lengths)
        order = np.argsort(codes, kind="stable")
        self.papers = rows[order]  # papers of word i: papers[start[i]:start[i + 1]]
        self.start = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=len(words)))])
        self.words = "\n".join(words) + "\n"
        self.offsets = np.concatenate([[0], np.cumsum([len(w) + 1 for w in words])])

    def papers_with(self, word: str) -> np.ndarray:
        """Row positions of the papers whose title has a word containing ``word``
        (a one-letter word must be a whole word)."""
        pattern = re.escape(word) if len(word) > 1 else f"(?m)^{re.escape(word)}$"
        at = np.fromiter((m.start() for m in re.finditer(pattern, self.words)), np.int64)
        found = np.unique(np.searchsorted(self.offsets, at, side="right") - 1)
        starts, ends = self.start[found], self.start[found + 1]
        lengths = ends - starts
        steps = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        found_papers: np.ndarray = self.papers[np.repeat(starts, lengths) + steps]
        return found_papers


@dataclass(frozen=True)
class Hits:
    """Search results: row positions best first, their relevance, and hits in your notes."""

    positions: np.ndarray
    scores: np.ndarray
    in_notes: frozenset[int]


class SearchIndex:
    """The Reader's search: engine relevance plus the reader's notes, the last query cached.

    Runs on the Reader's worker thread (widgets/background.py): the title words are read on
    the first search, the engine's index is the one the neighbours use.
    """

    def __init__(self, corpus: Corpus, index: Callable[[], Index] | None = None):
        self.corpus = corpus
        self._index = index or (lambda: corpus.similarity.index)  # the Reader's: built once
        self._titles: TitleWords | None = None
        self._reading = threading.Lock()
        self._last: tuple[str, int, Hits] | None = None

    def titles(self) -> TitleWords:
        """The title words, read once (the Reader reads them ahead, on its look-up thread)."""
        with self._reading:
            if self._titles is None:
                titles = self.corpus.papers["title"].fillna("").astype(str)
                self._titles = TitleWords(titles.tolist())
            return self._titles

    def hits(self, query: str, annotations: dict[str, Annotation], version: int = 0) -> Hits:
        """Papers with a query word in their text or in your notes, most relevant first."""
        if self._last and self._last[:2] == (query, version):
            return self._last[2]
        hits = self._rank(query, annotations)
        self._last = (query, version, hits)
        return hits

    def engine(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """(relevance of every paper, whether it holds a term of the query) from the engine."""
        index = self._index()
        vector = index.vectorise([query])
        dense = [encode([query], vector)[0] for _, _, encode in index.dense]
        sparse = index.sparse_scores(vector)  # walked once: it is scaled in place below
        found = sparse > 0
        return np.maximum(index.scores(vector, dense, rescale=True, sparse=sparse), 0), found

    def _rank(self, query: str, annotations: dict[str, Annotation]) -> Hits:
        words = query_words(query)
        scores, found = self.engine(query)
        for word in words:  # a title holding the words ranks above one that only mentions them
            in_title = self.titles().papers_with(word)
            found[in_title] = True
            scores[np.unique(in_title)] += TITLE_WEIGHT / len(words)
        ours = set()
        for pid, annotation in annotations.items():
            mine = own_words(annotation)
            share = sum(w in mine for w in words) / len(words) if words else 0
            if share:
                position = self.corpus.position(pid)
                ours.add(position)
                scores[position] += OWN_WORDS_WEIGHT * share
                found[position] = True
        positions = np.flatnonzero(found)
        order = positions[np.argsort(-scores[positions], kind="stable")]  # ties: list order
        return Hits(order, scores[order], frozenset(ours))


def keep(annotation: Annotation | None, filters: Filters) -> bool:
    """Whether a paper's annotation passes the status, tag, rating and unannotated filters."""
    if filters.unannotated and annotation is not None:
        return False
    if filters.disagreements and not (annotation and team.disagreements(annotation)):
        return False
    status = annotation.status if annotation else UNREAD
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
) -> tuple[np.ndarray, np.ndarray | None, frozenset[int]]:  # fmt: skip
    """Positions matching the filters in list order (ranked when searching), and when
    searching the relevance of every paper (by row position; NaN: not a hit).

    ``order`` (every row position, best first: For you) reorders the matches; ``shown``
    (a mask: new to me) keeps only some papers.
    """
    if query_words(filters.query):
        hits = search.hits(filters.query, annotations, version)
        positions, in_notes = hits.positions, hits.in_notes
        scores = np.full(len(corpus), np.nan, np.float32)
        scores[positions] = hits.scores  # an array, not a dict: a million hits stay cheap
        relevance: np.ndarray | None = scores
    else:
        positions, relevance, in_notes = np.arange(len(corpus)), None, frozenset()
    if order is not None:
        positions = order[np.isin(order, positions)]
    if shown is not None:
        positions = positions[shown[positions]]
    if replace(filters, order="", new_to_me=False) != Filters(query=filters.query):
        ids = corpus.papers["id"].to_numpy()
        chosen = [p for p in positions if keep(annotations.get(ids[p]), filters)]
        positions = np.asarray(chosen, dtype=np.int64)
    return positions, relevance, in_notes


def _position(corpus: Corpus, paper_id: str) -> int:
    """The row position of a paper id, or -1 (no paper, or not in this corpus)."""
    try:
        return corpus.position(paper_id) if paper_id else -1
    except (KeyError, IndexError, ValueError):
        return -1


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
    at = np.flatnonzero(positions == _position(corpus, current))
    total = len(positions)
    offset = max(0, min(int(offset), max(total - 1, 0)))
    chosen = positions[offset : offset + max(1, min(int(limit), MAX_PAGE))]
    rows = []
    for p in chosen.tolist():
        r = row(ids[p], titles[p], annotations.get(ids[p]))
        if relevance is not None and not np.isnan(relevance[p]):
            r.update(relevance=round(float(relevance[p]), 3), in_notes=p in in_notes)
        rows.append(r)
    current_at = int(at[0]) if len(at) else -1
    return {"rows": rows, "offset": offset, "total": total, "current_at": current_at}
