"""Similarity neighbours that explain themselves (design §4).

Default space: TF-IDF over title + abstract (word unigrams, hyphenated compounds and
stop-word-free bigrams, sublinear tf), blended with a low-dimensional LSA of the same matrix
where the corpus is big enough for LSA to help (``Settings.lsa_weight="auto"``). Top-k is
exact. Every result carries ``why``: the terms that contribute most to the TF-IDF cosine of
that pair (in both texts), or the topic it shares when only a dense space found it.

scikit-learn, scipy and the optional embedding models are imported only when an index is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from paperwidgets import similarity_build, similarity_cache
from paperwidgets.similarity_index import TOPIC, Index, unit, unit_rows
from paperwidgets.similarity_settings import Settings, fingerprint, paper_texts

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = [
    "RESULT_COLUMNS",
    "TOPIC",
    "Index",
    "Settings",
    "Similarity",
    "fingerprint",
    "paper_texts",
]

RESULT_COLUMNS = ["id", "title", "score", "why"]


def top_k(scores: np.ndarray, k: int, exclude: Sequence[int] = ()) -> np.ndarray:
    """Positions of the k best scores (> 0), best first, equal scores in position order."""
    scores = scores.copy()
    scores[list(exclude)] = -np.inf
    k = min(k, int(np.count_nonzero(scores > 0)))
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    best = np.argpartition(scores, -k)[-k:]
    return best[np.lexsort((best, -scores[best]))]


class Similarity:
    """Neighbours, search and recommendations for one papers DataFrame; builds lazily."""

    def __init__(self, papers: pd.DataFrame, settings: Settings | None = None):
        self.papers = papers
        self.settings = settings or Settings()
        self.embedder: Any = None
        self._index: Index | None = None

    @property
    def index(self) -> Index:
        """The index: built on first use, or mapped from the disk cache for big corpora."""
        if self._index is None:
            self._index = self._cached_or_built()
            self._shown = self.papers[["id", "title"]].to_numpy(dtype=object)
            if self.embedder is not None:
                self._add_embeddings()
        return self._index

    def _cached_or_built(self) -> Index:
        n = len(self.papers)
        if n <= similarity_cache.CACHE_ABOVE:
            return similarity_build.build_index(self.papers, self.settings)
        stamp = self.fingerprint()
        index = similarity_cache.load_index(stamp, n, self.settings)
        if index is None:
            index = similarity_build.build_index(self.papers, self.settings)
            similarity_cache.store_index(index, stamp, n, self.settings)
        return index

    def fingerprint(self) -> str:
        """The corpus fingerprint (computed once; it keys every cache of this space)."""
        if getattr(self, "_fingerprint", None) is None:
            self._fingerprint = fingerprint(self.papers)
        return self._fingerprint

    def cache_key(self) -> str:
        """Fingerprint + settings: what the caches derived from this space (topics, map) key on."""
        return f"{self.fingerprint()}-{self.settings.digest()}"

    def configure(self, **changes: Any) -> None:
        """Change settings; the index is rebuilt on next use."""
        self.settings = replace(self.settings, **changes)
        self._index = None

    def use_embeddings(self, embedder: Any, name: str, weight: float) -> None:
        """Blend a dense embedding space (weight 1.0: embeddings alone for the dense score)."""
        self.embedder = embedder
        self.configure(embedding_model=name, embedding_weight=weight)

    def _add_embeddings(self) -> None:
        index, weight = self._index, self.settings.embedding_weight
        name = self.settings.embedding_model
        vectors = self.embedder.corpus_vectors(self.papers, name, self.fingerprint())
        index.dense = [(w * (1 - weight), v, e) for w, v, e in index.dense]
        index.sparse_weight *= 1 - weight
        index.dense.append((weight, vectors, self.embedder.encode_queries))

    def neighbours(self, position: int, k: int) -> pd.DataFrame:
        """The k papers most similar to the paper at this position (never itself)."""
        index = self.index
        query = index.rows[position]
        dense = [vectors[position] for _, vectors, _ in index.dense]
        return self._results(query, index.scores(query, dense), k, exclude=[position])

    def search(self, text: str, k: int) -> pd.DataFrame:
        """The k papers closest to a free-text query in the same space."""
        return self._closest_to(text, k, rescale=True)

    def neighbours_of(self, paper: pd.Series, k: int) -> pd.DataFrame:
        """The k papers of this corpus most like a paper of another corpus (never that paper).

        The paper's title + abstract is read in this corpus's space (its vocabulary, idf, LSA
        and embeddings), so scores and why are those of this corpus's own neighbours.
        """
        text = paper_texts(paper.to_frame().T)[0]
        self.index  # noqa: B018 (builds the index, and the id column it excludes by)
        itself = np.flatnonzero(self._shown[:, 0] == paper["id"])
        return self._closest_to(text, k, exclude=itself)

    def _closest_to(
        self, text: str, k: int, rescale: bool = False, exclude: Sequence[int] = ()
    ) -> pd.DataFrame:
        index = self.index
        query = index.vectorise([text])
        dense = [encode([text], query)[0] for _, _, encode in index.dense]
        return self._results(query, index.scores(query, dense, rescale=rescale), k, exclude)

    def recommend(self, liked: Sequence[int], disliked: Sequence[int], k: int) -> pd.DataFrame:
        """Rank unjudged papers by a Rocchio profile: mean of liked minus half mean of disliked."""
        from scipy.sparse import csr_matrix

        if not liked:
            raise ValueError("recommend() needs at least one liked paper")
        index = self.index
        query = unit_rows(csr_matrix(_profile(index.rows, liked, disliked)))
        dense = [unit(_profile(vectors, liked, disliked))[0] for _, vectors, _ in index.dense]
        judged = [*liked, *disliked]
        return self._results(query, index.scores(query, dense), k, exclude=judged)

    def _results(
        self, query: csr_matrix, scores: np.ndarray, k: int, exclude: Sequence[int] = ()
    ) -> pd.DataFrame:
        best = top_k(scores, k, exclude)
        return pd.DataFrame(
            {
                "id": self._shown[best, 0],
                "title": self._shown[best, 1],
                "score": np.round(scores[best].astype(float), 4),
                "why": [self.index.why(query, int(p)) for p in best],
            },
            columns=RESULT_COLUMNS,
        )

    def describe(self) -> dict[str, Any]:
        """Method, resolved parameters, corpus fingerprint and library versions."""
        settings = self.settings
        parameters = asdict(settings)
        parameters["lsa_dims"] = settings.resolved_lsa_dims(len(self.papers))
        parameters["lsa_weight"] = settings.resolved_lsa_weight(len(self.papers))
        method = "tfidf" + ("+lsa" if parameters["lsa_dims"] else "")
        if settings.embedding_model:
            method += f"+embeddings:{settings.embedding_model}"
        return {
            "method": method,
            "parameters": parameters,
            "fingerprint": self.fingerprint(),
            "versions": _versions(with_embeddings=bool(settings.embedding_model)),
        }


def _profile(matrix: Any, liked: Sequence[int], disliked: Sequence[int]) -> np.ndarray:
    """Mean of the liked rows minus half the mean of the disliked rows, as one dense row."""
    profile = np.asarray(matrix[list(liked)].mean(axis=0), dtype=np.float32).reshape(1, -1)
    if len(disliked):
        profile -= 0.5 * np.asarray(matrix[list(disliked)].mean(axis=0)).reshape(1, -1)
    return profile


def _versions(with_embeddings: bool) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    names = ["paperwidgets", "scikit-learn", "scipy", "numpy"]
    if with_embeddings:
        names += ["sentence-transformers", "torch"]
    found = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found
