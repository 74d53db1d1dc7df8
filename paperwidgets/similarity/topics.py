"""Topics: clusters of the similarity space, each named by its most distinctive terms.

Papers are clustered with seeded k-means on the dense LSA vectors of the similarity index; a
corpus too small for LSA in its scores (a daily listing) gets an SVD of its TF-IDF rows for
topics and the map alone, as sparse rows of a hundred abstracts give neither clusters nor a
layout that agree with each other. The number of topics is chosen from the data by silhouette
on a fixed sample unless given. Results are cached per similarity
space (fingerprint and settings; the latest ``CACHED`` clusterings), so the map, the Reader and
``corpus.papers["topic"]`` share one clustering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from paperwidgets.memo import Memo
from paperwidgets.similarity.index import lsa_basis, project

if TYPE_CHECKING:
    from paperwidgets.similarity.engine import Index, Similarity

LABEL_TERMS = 3
MAX_TOPICS = 40
SILHOUETTE_SAMPLE = 2000
MINIBATCH_ABOVE = 20000
MAX_SPACE_DIMS = 64  # an index without LSA: the SVD topics and the map use instead
SPACE_SAMPLE = 10000  # rows that SVD is fitted on
CACHED = 8  # clusterings kept in memory (a 1M-paper one is ~4 MB)
_CACHE = Memo(CACHED)


@dataclass(frozen=True)
class Topics:
    """One topic number per paper (row order of ``corpus.papers``) and a label per topic."""

    assignments: npt.NDArray[np.int32]
    labels: list[str]
    method: str

    def __len__(self) -> int:
        return len(self.labels)

    def names(self) -> list[str]:
        """The label of each paper's topic, in row order (what ``papers["topic"]`` holds)."""
        return [self.labels[t] for t in self.assignments]


def space(index: Index, seed: int = 0) -> Any:
    """The vectors topics and the map are computed from: the index's LSA rows, else an SVD of
    its TF-IDF rows (``min(64, 2√n)`` dimensions), else (a few papers) the TF-IDF rows."""
    if index.dense:
        return index.dense[0][1]
    rows = index.rows
    dims = min(MAX_SPACE_DIMS, int(2 * np.sqrt(rows.shape[0])))
    basis = lsa_basis(rows, dims, SPACE_SAMPLE, seed) if rows.shape[0] >= 4 else None
    return rows if basis is None else project(rows, basis)


def candidate_counts(n_papers: int) -> list[int]:
    """Topic counts worth trying for a corpus of this size (2 up to ~sqrt(n), at most 40)."""
    top = min(MAX_TOPICS, max(2, int(np.sqrt(n_papers))), n_papers - 1)
    counts = np.unique(np.round(np.geomspace(2, max(top, 2), 10)).astype(int))
    return [int(c) for c in counts if 2 <= c <= top]


def cluster(vectors: Any, n: int, seed: int = 0) -> npt.NDArray[np.int32]:
    """Seeded k-means (mini-batch for big corpora): a topic number per row."""
    from sklearn.cluster import KMeans, MiniBatchKMeans
    from threadpoolctl import threadpool_limits

    if vectors.shape[0] > MINIBATCH_ABOVE:
        model = MiniBatchKMeans(n, random_state=seed, n_init=3, batch_size=4096)
    else:
        model = KMeans(n, random_state=seed, n_init=3)
    with threadpool_limits(1):  # repeatable, and no faster threaded on a busy 2-core box
        return np.asarray(model.fit_predict(vectors), dtype=np.int32)


def choose_count(vectors: Any, seed: int = 0) -> int:
    """The topic count with the best silhouette (cosine) on a fixed sample of papers (their
    distances computed once for every count tried)."""
    from sklearn.metrics import silhouette_score
    from sklearn.metrics.pairwise import cosine_distances

    n_papers = vectors.shape[0]
    candidates = candidate_counts(n_papers)
    if len(candidates) <= 1:
        return candidates[0] if candidates else 1
    rows = np.arange(n_papers)
    if n_papers > SILHOUETTE_SAMPLE:
        rows = np.sort(np.random.default_rng(seed).choice(rows, SILHOUETTE_SAMPLE, False))
    sample = vectors[rows]
    distances = np.maximum(cosine_distances(sample), 0)
    np.fill_diagonal(distances, 0)
    scores = [
        silhouette_score(distances, cluster(sample, k, seed), metric="precomputed")
        for k in candidates
    ]
    return candidates[int(np.argmax(scores))]


def topic_labels(index: Index, assignments: np.ndarray, n: int) -> list[str]:
    """Each topic's top terms: highest mean TF-IDF in the topic above the corpus mean."""
    from scipy.sparse import csr_matrix

    rows = index.rows
    member = csr_matrix(
        (np.ones(len(assignments), np.float32), (assignments, np.arange(len(assignments)))),
        shape=(n, rows.shape[0]),
    )
    sizes = np.maximum(np.asarray(member.sum(axis=1)).ravel(), 1)
    means = np.asarray((member @ rows).todense()) / sizes[:, None]
    distinct = means - np.asarray(rows.mean(axis=0)).ravel()[None, :]
    return [label_from(index, row) for row in distinct]


def label_from(index: Index, weights: np.ndarray, n_terms: int = LABEL_TERMS) -> str:
    """The best terms of one weight row, skipping terms that share a word with a chosen one."""
    chosen: list[str] = []
    words: set[str] = set()
    for column in np.argsort(-weights, kind="stable")[: 20 * n_terms]:
        if weights[column] <= 0 or len(chosen) == n_terms:
            break
        term = index.terms.term(int(column))
        if words.isdisjoint(term.split()):
            chosen.append(term)
            words.update(term.split())
    return " · ".join(chosen) or "(no terms)"


def compute_topics(similarity: Similarity, n: int | None = None, seed: int = 0) -> Topics:
    """Cluster a similarity space into topics (``n`` from the data when None); cached."""
    key = (similarity.cache_key(), n, seed)
    found: Topics | None = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = _compute(similarity, n, seed)
    return found


def _compute(similarity: Similarity, n: int | None, seed: int) -> Topics:
    size = len(similarity.papers)
    if size < 3:
        return Topics(np.zeros(size, np.int32), ["all papers"] * (size > 0), "one")
    index = similarity.index
    vectors = space(index, seed)
    count = min(n, size) if n else choose_count(vectors, seed)
    assignments = cluster(vectors, count, seed)
    what = "lsa" if index.dense else "tfidf" if hasattr(vectors, "tocsr") else "svd of tfidf"
    method = f"kmeans(k={count}, seed={seed}) on {what}"
    return Topics(assignments, topic_labels(index, assignments, count), method)
