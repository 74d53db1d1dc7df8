"""For you: rank a corpus by what you have read — every rated or statused paper in your notes.

Positives are papers rated 4–5 (or marked ``read`` without a rating), negatives papers rated
1–2 (or ``skipped``): ``verdict`` is the one liked/disliked rule, which the Reader's
"Recommended from your ratings" panel uses too (through ``recommend``). Judged papers from
earlier days need not be in this corpus: their title and abstract, kept in the notes file,
are projected into this corpus's similarity space.
A paper's score is its mean likeness to its 5 closest liked papers minus half its likeness to
the 3 closest disliked ones (a nearest-neighbour profile keeps two unrelated interests apart,
where one averaged profile would blur them) and a quarter of its likeness to the day's average
paper (unjudged papers as soft negatives); the why names the liked paper it is most like.
Measured in benchmarks/foryou.py against listing order and arxiv-sanity-lite's SVM.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from paperwidgets.constants import READ, SKIPPED
from paperwidgets.seen import NotesArg, stores
from paperwidgets.similarity.engine import RESULT_COLUMNS, paper_texts, top_k

if TYPE_CHECKING:
    import pandas as pd

    from paperwidgets.corpus import Corpus
    from paperwidgets.notes import Annotation

LIKED, DISLIKED = 4, 2  # ratings at or above / at or below
CLOSEST = 5  # a paper's score averages its likeness to this many closest liked papers
CLOSEST_DISLIKED = 3  # and to this many closest disliked ones
DISLIKE_WEIGHT = 0.5
TYPICAL_WEIGHT = 0.25  # of a paper's likeness to the day's average paper (soft negatives)
MAX_JUDGED = 1000  # the most recently updated judgements of each kind that the model uses
CHUNK = 64  # judged papers scored at a time


@dataclasses.dataclass(frozen=True)
class Judgement:
    """One judged paper: its text, whether it was liked, and how (for the why)."""

    id: str
    title: str
    text: str
    liked: bool
    how: str


def verdict(annotation: Annotation) -> bool | None:
    """Liked (True), disliked (False) or neither: the rating decides, else the status."""
    if annotation.rating is not None:
        if annotation.rating >= LIKED:
            return True
        return False if annotation.rating <= DISLIKED else None
    return {READ: True, SKIPPED: False}.get(annotation.status)


def judgements(notes: NotesArg, corpus: Corpus | None = None) -> list[Judgement]:
    """Every liked or disliked paper in these notes (newest judgement of a paper wins)."""
    newest: dict[str, Annotation] = {}
    for store in stores(notes):
        for annotation in store:
            old = newest.get(annotation.id)
            if old is None or _updated(annotation) > _updated(old):
                newest[annotation.id] = annotation
    found = []
    for annotation in sorted(newest.values(), key=_updated, reverse=True):
        liked = verdict(annotation)
        if liked is not None:
            found.append(_judgement(annotation, liked, corpus))
    return _capped(found)


def _updated(annotation: Annotation) -> float:
    return annotation.updated.timestamp() if annotation.updated else 0.0


def _judgement(annotation: Annotation, liked: bool, corpus: Corpus | None) -> Judgement:
    paper = annotation.paper
    title = paper.get("title") or annotation.id
    text = f"{title}. {paper.get('abstract') or ''}"
    position = _position(corpus, annotation.id) if corpus is not None else None
    if corpus is not None and position is not None:  # the corpus's own text of the paper
        text = paper_texts(corpus.papers.iloc[[position]])[0]
    how = f"★{annotation.rating}" if annotation.rating else annotation.status
    return Judgement(annotation.id, title, text, liked, how)


def _position(corpus: Corpus, paper_id: str) -> int | None:
    try:
        return corpus.position(paper_id)
    except KeyError:
        return None


def _in_corpus(corpus: Corpus, judged: list[Judgement]) -> list[int]:
    """Row positions of the judged papers that are in this corpus."""
    positions = (_position(corpus, j.id) for j in judged)
    return [p for p in positions if p is not None]


def _capped(found: list[Judgement]) -> list[Judgement]:
    liked = [j for j in found if j.liked][:MAX_JUDGED]
    return liked + [j for j in found if not j.liked][:MAX_JUDGED]


def likeness(corpus: Corpus, texts: list[str]) -> np.ndarray:
    """Blended similarity (papers × texts) of every paper to each text, in the corpus's space."""
    index = corpus.similarity.index
    queries = index.vectorise(texts)
    scores = index.sparse_weight * (index.rows @ queries.T).toarray()
    for weight, vectors, encode in index.dense:
        scores += weight * (vectors @ encode(texts, queries).T)
    return np.asarray(scores, dtype=np.float32)


def typical(corpus: Corpus) -> np.ndarray:
    """Every paper's mean likeness to the papers of its corpus (its likeness to their mean)."""
    index = corpus.similarity.index
    mean_row = np.asarray(index.rows.mean(axis=0), dtype=np.float32).ravel()
    scores = index.sparse_weight * (index.rows @ mean_row)
    for weight, vectors, _ in index.dense:
        scores += weight * (vectors @ vectors.mean(axis=0))
    return np.asarray(scores, dtype=np.float32)


def library_scores(corpus: Corpus, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(how close each paper is to a set of papers — a library, the liked ones —, the nearest
    of them): its mean likeness to the CLOSEST of them, less a quarter of its likeness to the
    corpus's average paper (the unjudged papers as soft negatives: being like everything is
    no sign of interest)."""
    near, nearest = closest(corpus, texts)
    return near - TYPICAL_WEIGHT * typical(corpus), nearest


def closest(
    corpus: Corpus, texts: list[str], count: int = CLOSEST
) -> tuple[np.ndarray, np.ndarray]:
    """(mean likeness to the ``count`` nearest texts, the nearest text) of every paper.

    Texts are taken CHUNK at a time, so memory stays at papers × (CHUNK + count).
    """
    n = len(corpus)
    best = np.full((n, 0), -np.inf, np.float32)
    top, nearest = np.full(n, -np.inf, np.float32), np.zeros(n, np.int64)
    for start in range(0, len(texts), CHUNK):
        scores = likeness(corpus, texts[start : start + CHUNK])
        better = scores.max(axis=1) > top
        nearest[better] = start + scores.argmax(axis=1)[better]
        top = np.maximum(top, scores.max(axis=1))
        best = np.concatenate([best, scores], axis=1)
        if best.shape[1] > count:
            best = np.partition(best, -count, axis=1)[:, -count:]
    mean = best.mean(axis=1) if best.shape[1] else np.zeros(n, np.float32)
    return mean, nearest


def score(corpus: Corpus, judged: list[Judgement]) -> tuple[np.ndarray, np.ndarray]:
    """(score of every paper, for each paper the liked judgement it is most like)."""
    liked = [j.text for j in judged if j.liked]
    if not liked:
        raise ValueError("For you needs at least one paper rated 4–5 or marked read in the notes")
    to_liked, nearest = library_scores(corpus, liked)
    to_disliked, _ = closest(corpus, [j.text for j in judged if not j.liked], CLOSEST_DISLIKED)
    return to_liked - DISLIKE_WEIGHT * to_disliked, nearest


def recommend(
    corpus: Corpus, notes: NotesArg, k: int = 10, exclude: Iterable[str] = ()
) -> pd.DataFrame:
    """The k unjudged papers of this corpus that your notes rank highest, each with a why
    (``exclude``: ids of more papers to leave out, e.g. the Reader's rated or read ones)."""
    import pandas as pd

    judged = judgements(notes, corpus)
    scores, nearest = score(corpus, judged)
    liked = [j for j in judged if j.liked]
    left_out = _in_corpus(corpus, judged) + [
        p for p in (_position(corpus, pid) for pid in exclude) if p is not None
    ]
    best = top_k(scores - scores.min() + 1e-6, k, left_out)
    rows = [_result(corpus, int(p), float(scores[p]), liked[nearest[p]]) for p in best]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def order(corpus: Corpus, notes: NotesArg) -> np.ndarray:
    """Every row position, best first by your notes; judged papers last, in listing order."""
    judged = judgements(notes, corpus)
    scores, _ = score(corpus, judged)
    scores[_in_corpus(corpus, judged)] = -np.inf
    return np.argsort(-scores, kind="stable")


def _result(corpus: Corpus, position: int, value: float, like: Judgement) -> dict[str, Any]:
    index = corpus.similarity.index
    terms = index.why(index.vectorise([like.text]), position)
    shared = f": shared terms {', '.join(terms)}" if terms else ""
    why = [f"like “{like.title}” ({like.how}){shared}"]
    return {"id": corpus.papers["id"].iat[position], "title": corpus.papers["title"].iat[position],
            "score": value, "why": why}  # fmt: skip
