"""The model behind the queue: TF-IDF of the records and a class-balanced linear SVM.

This is the recipe of ASReview's default (ELAS u4): word and two-word TF-IDF with sublinear
term frequency, and a linear SVM (C = 0.11) whose classes weigh by their inverse frequency
(``class_weight="balanced"``), so a handful of inclusions among hundreds of exclusions still
moves the ranking. Records are ranked by the SVM's decision value, ties broken by a seeded
permutation, so a ranking depends only on the decisions, the settings and the seed.

The similarity engine's own TF-IDF (stop words removed, two-word phrases only when in two or
more papers) ranked worse here: WSS@95 0.46 against 0.65 on Kitchenham_2010 (3 seeds), so the
queue fits its own vectoriser on the same title + abstract text (design.md, Screening).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd
    from scipy.sparse import csr_matrix

MODEL = "tfidf+linear-svm(balanced)"


@dataclass(frozen=True)
class QueueSettings:
    """Everything that decides the queue's order; a log names it by its digest."""

    model: str = MODEL
    c: float = 0.11  # the SVM's regularisation (ASReview's default)
    ngram_max: int = 2
    max_df: float = 0.95  # terms in more than this share of records are dropped
    seed: int = 0
    batch: int = 1  # retrain after this many new decisions (the widget retrains at once)

    def __post_init__(self) -> None:
        if self.model != MODEL:
            raise ValueError(f"unknown screening model {self.model!r} (known: {MODEL})")
        if self.batch < 1 or self.ngram_max < 1 or not 0 < self.max_df <= 1 or self.c <= 0:
            raise ValueError(f"queue settings out of range: {self}")

    def digest(self) -> str:
        """A short hash of every setting: the key under which a log keeps them."""
        text = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QueueSettings:
        """Settings as a log keeps them (ValueError when they are not)."""
        try:
            return cls(**data)
        except TypeError as err:
            raise ValueError(f"not queue settings: {err}") from None


def features(papers: pd.DataFrame, settings: QueueSettings) -> csr_matrix:
    """TF-IDF rows of the records' title + abstract (the text the similarity engine reads)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from paperwidgets.similarity.settings import paper_texts

    vectoriser = TfidfVectorizer(
        ngram_range=(1, settings.ngram_max), sublinear_tf=True, max_df=settings.max_df
    )
    texts = paper_texts(papers)
    try:
        rows: csr_matrix = vectoriser.fit_transform(texts).tocsr()  # scikit-learn is untyped
        return rows
    except ValueError:  # no words at all (every record empty): nothing to learn from
        from scipy.sparse import csr_matrix

        return csr_matrix((len(texts), 1), dtype=np.float64)


def permutation(n: int, seed: int, stream: int) -> np.ndarray:
    """A seeded order of n records; stream 0 is the random start, 1 the stopping sample."""
    return np.random.default_rng([seed, stream]).permutation(n)


def scores(
    matrix: csr_matrix, positions: np.ndarray, labels: np.ndarray, settings: QueueSettings
) -> np.ndarray:
    """The SVM's decision value for every record, trained on these records' labels (0/1)."""
    from sklearn.svm import LinearSVC

    model = LinearSVC(C=settings.c, class_weight="balanced", random_state=settings.seed)
    model.fit(matrix[positions], labels)
    return np.asarray(model.decision_function(matrix), dtype=np.float64)


def ranking(values: np.ndarray, tiebreak: np.ndarray) -> np.ndarray:
    """Record positions by descending value, equal values in `tiebreak` order."""
    place = np.empty_like(tiebreak)
    place[tiebreak] = np.arange(len(tiebreak))
    return np.lexsort((place, -values))
