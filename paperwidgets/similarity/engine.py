"""Similarity neighbours that explain themselves (design §4).

Default space: TF-IDF over title + abstract (word unigrams, hyphenated compounds and
stop-word-free bigrams, sublinear tf), blended with a low-dimensional LSA of the same matrix
where the corpus is big enough for LSA to help (``Settings.lsa_weight="auto"``). Top-k is
exact. Every result carries ``why``: the terms that contribute most to the TF-IDF cosine of
that pair (in both texts), or the topic it shares when only a dense space found it.

scikit-learn, scipy and the optional embedding models are imported only when an index is built.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from paperwidgets.similarity import build, cache
from paperwidgets.similarity.index import TOPIC, Index, unit, unit_rows
from paperwidgets.similarity.settings import Settings, fingerprint, paper_texts
from paperwidgets.similarity.sparse import top_k

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
    "top_k",
]

RESULT_COLUMNS = ["id", "title", "score", "why"]


class Similarity:
    """Neighbours, search and recommendations for one papers DataFrame; builds lazily."""

    def __init__(
        self,
        papers: pd.DataFrame,
        settings: Settings | None = None,
        source: dict[str, Any] | None = None,
    ):
        self.papers = papers
        self.settings = settings or Settings()
        self.source = source  # the file the papers came from: it keys their fingerprint
        self.embedder: Any = None
        self._index: Index | None = None
        self._fingerprint: str | None = None
        # one build per engine: a Reader's worker and the notebook asking at once wait for it
        self._lock = threading.RLock()
        # its import registers an atexit hook, which a build still importing scikit-learn
        # (joblib) in a worker thread as a script ends would fail to do: made in the
        # notebook's thread (Corpus.reader), the engine has imported it before
        import concurrent.futures.process  # noqa: F401

    @property
    def index(self) -> Index:
        """The index: built on first use, or mapped from the disk cache for big corpora."""
        index = self._index
        if index is None:
            with self._lock:  # callers that come while it is built wait for that one build
                if self._index is None:
                    built = self._cached_or_built()
                    self._shown = self.papers[["id", "title"]].to_numpy(dtype=object)
                    if self.embedder is not None:
                        self._add_embeddings(built)
                    self._index = built  # seen by other threads only once complete
                index = self._index
        return index

    def _cached_or_built(self) -> Index:
        n = len(self.papers)
        if n <= cache.CACHE_ABOVE:
            return build.build_index(self.papers, self.settings)
        stamp = self.fingerprint()
        index = cache.load_index(stamp, n, self.settings)
        if index is None:
            index = build.build_index(self.papers, self.settings)
            cache.store_index(index, stamp, n, self.settings)
        return index

    def fingerprint(self) -> str:
        """The corpus fingerprint (computed once; it keys every cache of this space)."""
        if self._fingerprint is None:
            with self._lock:
                if self._fingerprint is None:
                    self._fingerprint = self._remembered_fingerprint()
        return self._fingerprint

    def _remembered_fingerprint(self) -> str:
        """The fingerprint of papers read from a big file is remembered by that file's stamp
        (and the papers' ids): a new kernel does not hash a million papers again (~1 s)."""
        source = self.source if len(self.papers) > cache.CACHE_ABOVE else None
        found = cache.load_fingerprint(source, self.papers) if source is not None else None
        if found is None:
            found = fingerprint(self.papers)
            if source is not None:
                cache.store_fingerprint(source, self.papers, found)
        return found

    def cache_key(self) -> str:
        """Fingerprint + settings: what the caches derived from this space (topics, map) key on."""
        return f"{self.fingerprint()}-{self.settings.digest()}"

    def configure(self, **changes: Any) -> None:
        """Change settings; the index is rebuilt on next use (after a build under way)."""
        with self._lock:
            self.settings = replace(self.settings, **changes)
            self._index = None

    def use_embeddings(self, embedder: Any, name: str, weight: float) -> None:
        """Blend a dense embedding space (weight 1.0: embeddings alone for the dense score)."""
        with self._lock:
            self.embedder = embedder
            self.configure(embedding_model=name, embedding_weight=weight)

    def _add_embeddings(self, index: Index) -> None:
        weight, name = self.settings.embedding_weight, self.settings.embedding_model
        vectors = self.embedder.corpus_vectors(self.papers, name, self.fingerprint())
        index.dense = [(w * (1 - weight), v, e) for w, v, e in index.dense]
        index.sparse_weight *= 1 - weight
        index.dense.append((weight, vectors, self.embedder.encode_queries))

    def neighbours(self, position: int, k: int) -> pd.DataFrame:
        """The k papers most similar to the paper at this position (never itself)."""
        index = self.index
        query = index.rows[position]
        dense = [vectors[position] for _, vectors, _ in index.dense]
        return self._results(query, index.best(query, dense, k, [position], expand=True))

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
        return self._closest_to(text, k, exclude=itself, expand=True)

    def _closest_to(
        self,
        text: str,
        k: int,
        rescale: bool = False,
        exclude: Sequence[int] | np.ndarray = (),
        expand: bool = False,
    ) -> pd.DataFrame:
        index = self.index
        query = index.vectorise([text])
        dense = [encode([text], query)[0] for _, _, encode in index.dense]
        return self._results(query, index.best(query, dense, k, exclude, rescale, expand))

    def recommend(self, liked: Sequence[int], disliked: Sequence[int], k: int) -> pd.DataFrame:
        """Rank unjudged papers by a Rocchio profile: mean of liked minus half mean of disliked."""
        from scipy.sparse import csr_matrix

        if not liked:
            raise ValueError("recommend() needs at least one liked paper")
        index = self.index
        query = unit_rows(csr_matrix(_profile(index.rows, liked, disliked)))
        dense = [unit(_profile(vectors, liked, disliked))[0] for _, vectors, _ in index.dense]
        judged = [*liked, *disliked]
        return self._results(query, index.best(query, dense, k, judged))

    def _results(self, query: csr_matrix, found: tuple[np.ndarray, np.ndarray]) -> pd.DataFrame:
        best, scores = found
        return pd.DataFrame(
            {
                "id": self._shown[best, 0],
                "title": self._shown[best, 1],
                "score": np.round(scores.astype(float), 4),
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
