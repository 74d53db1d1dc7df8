"""The built similarity space: weighted TF-IDF rows, their postings, dense spaces, and why.

The sparse part is scored through an inverted index (only the postings of the query's terms
are walked), each dense part by one mat-vec. ``why`` names the terms that contribute most to
the TF-IDF cosine of a pair (so they occur in both texts); a pair found only by a dense space
is said to be related by topic, named by the terms both papers load on in the LSA space.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from paperwidgets.similarity_terms import Terms

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

WHY_TERMS = 5
TOPIC_TERMS = 3
TOPIC = "related by topic: "  # a why without shared terms starts with this
EXPLAIN_DIMS = 16  # LSA fitted only to explain, when the score itself has none
POSTINGS_PER_STEP = 1 << 21  # postings a query walks at once: bounds its temporary memory

# a dense space encodes query texts; it may reuse their TF-IDF rows (LSA does)
Encoder = Callable[[list[str], "csr_matrix"], np.ndarray]


def weigh(counts: csr_matrix, idf: np.ndarray) -> csr_matrix:
    """Sublinear tf x idf, rows L2-normalised (scikit-learn's TfidfVectorizer conventions)."""
    weights = counts.astype(np.float32)
    weights.data = (1 + np.log(weights.data)) * idf[weights.indices]
    return unit_rows(weights)


def idf_of(df: np.ndarray, n_papers: int) -> np.ndarray:
    """Smooth idf from document frequencies, as scikit-learn: ln((1 + n) / (1 + df)) + 1."""
    return (np.log((1 + n_papers) / (1 + df)) + 1).astype(np.float32)


@dataclass(frozen=True)
class Basis:
    """An LSA basis over the term columns its sample used (the rest project to nothing)."""

    columns: np.ndarray  # sorted term columns
    components: np.ndarray  # dims x len(columns), float32


def lsa_basis(matrix: csr_matrix, dims: int, sample: int, seed: int) -> Basis | None:
    """A truncated SVD of the TF-IDF rows, fitted on a fixed sample of rows and their terms."""
    from sklearn.decomposition import TruncatedSVD
    from threadpoolctl import threadpool_limits

    rows = np.arange(matrix.shape[0])
    if len(rows) > sample:
        rows = np.sort(np.random.default_rng(seed).choice(rows, sample, False))
    part = matrix[rows]
    columns = np.unique(part.indices)
    dims = min(dims, len(columns) - 1, len(rows) - 1)
    if dims < 1:
        return None
    svd = TruncatedSVD(dims, algorithm="randomized", n_iter=4, random_state=seed)
    with threadpool_limits(1):  # threaded BLAS is slower on a busy machine, and less repeatable
        svd.fit(part[:, columns])
    return Basis(columns.astype(np.int32), svd.components_.astype(np.float32))


def project(matrix: csr_matrix, basis: Basis, chunk: int = 10000) -> np.ndarray:
    """Unit rows of the LSA projection of TF-IDF rows (in chunks of rows, written in place)."""
    from scipy.sparse import csr_matrix

    projected = np.empty((matrix.shape[0], len(basis.components)), np.float32)
    components = np.ascontiguousarray(basis.components.T)
    for start in range(0, matrix.shape[0], chunk):
        rows = matrix[start : start + chunk]
        where = np.minimum(np.searchsorted(basis.columns, rows.indices), len(basis.columns) - 1)
        keep = basis.columns[where] == rows.indices
        indptr = np.concatenate([[0], np.cumsum(keep)])[rows.indptr]
        shape = (rows.shape[0], len(basis.columns))
        used = csr_matrix((rows.data[keep], where[keep], indptr), shape=shape)
        projected[start : start + chunk] = unit(used @ components)
    return projected


class Index:
    """The built space: sparse TF-IDF rows, their term-major copy, and dense parts to blend."""

    def __init__(self, terms: Terms, idf: np.ndarray, rows: csr_matrix, postings: csr_matrix):
        self.terms, self.idf, self.rows, self.postings = terms, idf, rows, postings
        self.dense: list[tuple[float, np.ndarray, Encoder]] = []
        self.sparse_weight = 1.0
        self.basis: Basis | None = None  # the LSA basis, if there is an LSA part
        self.seed = 0

    def add_lsa(self, weight: float, basis: Basis, vectors: np.ndarray) -> None:
        """Blend the LSA space (unit rows ``vectors`` of the projection on ``basis``)."""
        self.basis = basis
        self.add_dense(weight, vectors, lambda texts, query: project(query, basis))

    def add_dense(self, weight: float, vectors: np.ndarray, encode: Encoder) -> None:
        """Blend a dense space (unit rows) into the score with this weight."""
        self.dense.append((weight, vectors, encode))
        self.sparse_weight = max(0.0, 1.0 - sum(w for w, _, _ in self.dense))

    def vectorise(self, texts: list[str]) -> csr_matrix:
        """TF-IDF rows for new texts (search queries) in this index's vocabulary."""
        return weigh(self.terms.counts(texts), self.idf)

    def sparse_scores(self, query: csr_matrix) -> np.ndarray:
        """Cosine with every paper, walking only the postings of the query's terms.

        Terms are taken a few at a time (about ``POSTINGS_PER_STEP`` postings), so that a
        query of common words in a million papers copies megabytes of postings, not a hundred.
        """
        scores = np.zeros(self.rows.shape[0], np.float32)
        for terms in self._steps(query):
            scores += self.postings[query.indices[terms]].T @ query.data[terms]
        return scores

    def _steps(self, query: csr_matrix) -> list[np.ndarray]:
        """The query's term positions, in groups of about ``POSTINGS_PER_STEP`` postings."""
        indptr = self.postings.indptr
        walked = np.cumsum(indptr[query.indices + 1] - indptr[query.indices])
        ends = np.arange(POSTINGS_PER_STEP, walked[-1:].sum(), POSTINGS_PER_STEP)
        groups = np.split(np.arange(query.nnz), np.searchsorted(walked, ends))
        return [terms for terms in groups if len(terms)]

    def scores(
        self, query: csr_matrix, dense_queries: Sequence[np.ndarray], rescale: bool = False
    ) -> np.ndarray:
        """The blended score of every paper for one query (sparse row + one vector per space).

        With ``rescale`` each space's best match counts as 1 before blending: a short query
        has small TF-IDF cosines, which would otherwise let the dense spaces drown exact words.
        """
        parts = [self.sparse_scores(query)]
        parts += [
            matvec(vectors, vector)
            for (_, vectors, _), vector in zip(self.dense, dense_queries, strict=True)
        ]
        weights = [self.sparse_weight, *(weight for weight, _, _ in self.dense)]
        for i, part in enumerate(parts):
            top = float(part.max(initial=0.0)) if rescale else 1.0
            part *= weights[i] / top if top > 0 else weights[i]
        return np.sum(parts, axis=0) if len(parts) > 1 else parts[0]

    def why(self, query: csr_matrix, position: int, n: int = WHY_TERMS) -> list[str]:
        """The terms contributing most to this query-paper score, else the shared topic."""
        start, end = self.rows.indptr[position], self.rows.indptr[position + 1]
        shared, in_query, in_row = np.intersect1d(
            query.indices, self.rows.indices[start:end], True, return_indices=True
        )
        contribution = query.data[in_query] * self.rows.data[start:end][in_row]
        terms = self.best_terms(shared, contribution, n)
        return terms or [self.topic_why(query, position)]

    def best_terms(self, columns: np.ndarray, weights: np.ndarray, n: int) -> list[str]:
        """The n best positive-weight terms; a word is not shown when a chosen pair holds it."""
        order = np.lexsort((columns, -weights))
        found = [self.terms.term(columns[i]) for i in order[weights[order] > 0][: 4 * n]]
        pairs = [term for term in found if " " in term][:n]
        covered = {piece for term in pairs for word in term.split() for piece in _pieces(word)}
        compounds = [t for t in found if " " not in t and "-" in t and t not in covered][:n]
        covered |= {piece for term in compounds for piece in _pieces(term)}
        return [t for t in found if t in pairs or t in compounds or t not in covered][:n]

    def topic_why(self, query: csr_matrix, position: int) -> str:
        """Why a pair with no shared term matched: the top terms of the LSA topic (component)
        that adds most to their LSA cosine."""
        basis = self.basis if self.basis is not None else self._explain_basis()
        if basis is None or query.nnz == 0:
            return TOPIC + "(no shared terms)"
        mine, theirs = (project(row, basis).ravel() for row in (query, self.rows[position]))
        component = int(np.argmax(mine * theirs))
        weights = basis.components[component] * np.sign(mine[component] or 1)
        top = np.argpartition(-weights, min(40, len(weights) - 1))[:40]
        terms = self.best_terms(basis.columns[top], weights[top], TOPIC_TERMS)
        return TOPIC + (", ".join(terms) or "(no shared terms)")

    def _explain_basis(self) -> Basis | None:
        if not hasattr(self, "_explain"):
            self._explain = lsa_basis(self.rows, EXPLAIN_DIMS, 10000, self.seed)
        return self._explain


def _pieces(word: str) -> list[str]:
    """A word and, for a hyphenated compound, its parts."""
    return [word, *word.split("-")] if "-" in word else [word]


def matvec(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """One dense mat-vec in numpy's own loop.

    A multi-threaded BLAS gemv is 5-10x slower on a busy 2-core machine, and the product is
    memory-bound anyway.
    """
    return np.einsum("ij,j->i", matrix, vector.astype(matrix.dtype, copy=False))


def unit_rows(matrix: csr_matrix) -> csr_matrix:
    """Sparse rows scaled to unit length (all-zero rows stay zero)."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix.data /= np.repeat(np.where(norms > 0, norms, 1), np.diff(matrix.indptr))
    matrix.eliminate_zeros()
    return matrix


def unit(vectors: np.ndarray) -> np.ndarray:
    """Dense rows scaled to unit length (all-zero rows stay zero), float32."""
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return (vectors / np.where(norms > 0, norms, 1)).astype(np.float32)
