"""For you: rank a corpus by what you have read — every rated or statused paper in your notes.

Positives are papers rated 4–5 (or marked ``read`` without a rating), negatives papers rated
1–2 (or ``skipped``): ``verdict`` is the one liked/disliked rule, which the Reader's
"Recommended from your ratings" panel uses too (through ``recommend``). Judged papers from
earlier days need not be in this corpus: their title and abstract, kept in the notes file,
are projected into this corpus's similarity space.
A paper's score adds two standardised parts. The first is its mean likeness to its 5 closest
liked papers minus a quarter of its likeness to the 3 closest disliked ones and to the day's
average paper (a nearest-neighbour profile keeps two unrelated interests apart, where one
averaged profile would blur them). The second is a logistic regression that tells the liked
papers from the disliked ones and from a sample of the unjudged papers (soft negatives:
arxiv-sanity-lite's per-reader SVM idea); it weighs every term and topic at once, where the
first part sees a few papers. The why names the liked paper it is most like. Measured in
benchmarks/foryou.py against listing order and arxiv-sanity-lite's SVM.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from paperwidgets.constants import READ, SKIPPED
from paperwidgets.seen import NotesArg, stores
from paperwidgets.similarity.engine import RESULT_COLUMNS, paper_texts, top_k

if TYPE_CHECKING:
    import pandas as pd
    from scipy.sparse import csr_matrix

    from paperwidgets.corpus import Corpus
    from paperwidgets.notes import Annotation
    from paperwidgets.similarity.index import Index

LIKED, DISLIKED = 4, 2  # ratings at or above / at or below
CLOSEST = 5  # a paper's score averages its likeness to this many closest liked papers
CLOSEST_DISLIKED = 3  # and to this many closest disliked ones
DISLIKE_WEIGHT = 0.25
TYPICAL_WEIGHT = 0.25  # of a paper's likeness to the day's average paper (soft negatives)
NEGATIVES = 2000  # unjudged papers sampled as the model's soft negatives (any corpus size)
NEGATIVE_WEIGHT = 2.0  # their weight together, against the liked papers' together
MODEL_C = 10.0  # the logistic regression's inverse regularisation
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
    disliked = [j.text for j in judged if not j.liked]
    to_liked, nearest = library_scores(corpus, liked)
    to_disliked, _ = closest(corpus, disliked, CLOSEST_DISLIKED)
    learned = model_scores(corpus, liked, disliked, _in_corpus(corpus, judged))
    return _standard(to_liked - DISLIKE_WEIGHT * to_disliked) + _standard(learned), nearest


def model_scores(
    corpus: Corpus, liked: list[str], disliked: list[str], judged: Sequence[int] = ()
) -> np.ndarray:
    """Every paper's decision value from a logistic regression of the liked texts against the
    disliked ones and NEGATIVES unjudged papers of the corpus (a fixed sample, so a million
    papers train about as fast as a day's), in the index's blended space; zeros without
    negatives. It is fitted on the terms its texts have (the others would weigh 0 anyway)."""
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression

    index = corpus.similarity.index
    sample = _soft_negatives(len(corpus), judged)
    if not len(sample) and not disliked:
        return np.zeros(len(corpus), np.float32)
    x = vstack([_text_features(index, liked), _row_features(index, sample)]
               + ([_text_features(index, disliked)] if disliked else []), format="csc")  # fmt: skip
    used = np.flatnonzero(np.diff(x.indptr))
    y = np.r_[np.ones(len(liked)), np.zeros(len(sample) + len(disliked))]
    soft = NEGATIVE_WEIGHT * len(liked) / max(len(sample), 1)
    weights = np.r_[np.ones(len(liked)), np.full(len(sample), soft), np.ones(len(disliked))]
    model = LogisticRegression(C=MODEL_C, max_iter=1000)
    model.fit(x[:, used].tocsr(), y, sample_weight=weights)
    coef = np.zeros(x.shape[1], np.float32)
    coef[used] = model.coef_.ravel()
    return _decision(index, coef, float(model.intercept_[0]))


def _soft_negatives(n: int, judged: Sequence[int]) -> np.ndarray:
    """NEGATIVES row positions drawn from the unjudged papers, the same every time, sorted."""
    unjudged = np.ones(n, bool)
    unjudged[list(judged)] = False
    pool = np.flatnonzero(unjudged)
    picked = np.random.default_rng(0).choice(len(pool), min(NEGATIVES, len(pool)), False)
    return pool[np.sort(picked)]


def _decision(index: Index, coef: np.ndarray, intercept: float) -> np.ndarray:
    """A linear model's value for every paper, part by part (the corpus is never stacked)."""
    at = index.rows.shape[1]
    values = np.sqrt(index.sparse_weight) * (index.rows @ coef[:at]) + intercept
    for weight, vectors, _ in index.dense:
        values += np.sqrt(weight) * (vectors @ coef[at : at + vectors.shape[1]])
        at += vectors.shape[1]
    return np.asarray(values, dtype=np.float32)


def _text_features(index: Index, texts: list[str]) -> csr_matrix:
    """Texts as rows of the blended space (as ``_features``)."""
    queries = index.vectorise(texts)
    return _features(index, queries, [encode(texts, queries) for _, _, encode in index.dense])


def _row_features(index: Index, rows: np.ndarray) -> csr_matrix:
    """Some of the corpus's papers as rows of the blended space (as ``_features``)."""
    return _features(index, index.rows[rows], [vectors[rows] for _, vectors, _ in index.dense])


def _features(index: Index, sparse: csr_matrix, dense: list[np.ndarray]) -> csr_matrix:
    """One row per paper or text: each part scaled by the root of its weight, so a dot product
    of two rows is their blended likeness."""
    from scipy.sparse import csr_matrix, hstack

    scaled = [
        csr_matrix(np.sqrt(w) * part) for (w, _, _), part in zip(index.dense, dense, strict=True)
    ]
    return csr_matrix(hstack([np.sqrt(index.sparse_weight) * sparse, *scaled], format="csr"))


def _standard(values: np.ndarray) -> np.ndarray:
    """Values less their mean, over their spread (zeros when they do not spread)."""
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


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
