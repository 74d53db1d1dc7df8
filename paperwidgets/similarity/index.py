"""The built similarity space: weighted TF-IDF rows, their postings, dense spaces, and why.

The sparse part is scored through an inverted index (only the postings of the query's terms
are walked), each dense part by one mat-vec. ``why`` names the terms that contribute most to
the TF-IDF cosine of a pair (so they occur in both texts); a pair found only by a dense space
is said to be related by topic, named by the terms both papers load on in the LSA space.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from paperwidgets.similarity.sparse import SparseQuery, full_scores, term_maxima, top_k
from paperwidgets.similarity.terms import Terms

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

WHY_TERMS = 5
TOPIC_TERMS = 3
TOPIC = "related by topic: "  # a why without shared terms starts with this
MATVEC_ROWS = 1 << 16  # rows a thread takes at a time in a big dense product
EXPLAIN_DIMS = 16  # LSA fitted only to explain, when the score itself has none

EXPAND, EXPAND_WEIGHT = 3, 1.0  # closest papers whose dense vectors join a paper's own
PRUNE_ABOVE = 50000  # papers: below, every dense score is computed (it costs little)
SEEDS = 256  # the strongest sparse matches whose blended scores set the bar
MOST_CANDIDATES = 0.125  # share of the papers past which pruning saves too little

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
    """Unit rows of the LSA projection of TF-IDF rows (in chunks of rows, written in place).

    The basis is read term-major. A few rows (a search query, the two rows of a topic why)
    gather only the basis rows of their own terms, a few kilobytes; only a matrix with more
    entries than the basis has terms (the build) copies the whole basis, once.
    """
    from scipy.sparse import csr_matrix

    few = matrix.nnz < len(basis.columns)
    whole = None if few else np.ascontiguousarray(basis.components.T)
    projected = np.empty((matrix.shape[0], len(basis.components)), np.float32)
    for start in range(0, matrix.shape[0], chunk):
        rows = matrix[start : start + chunk]
        where = np.minimum(np.searchsorted(basis.columns, rows.indices), len(basis.columns) - 1)
        keep = basis.columns[where] == rows.indices
        where = where[keep]
        if whole is None:  # only the basis rows of these rows' terms
            terms, where = np.unique(where, return_inverse=True)
            components = np.ascontiguousarray(basis.components.T[terms])
        else:
            components = whole
        indptr = np.concatenate([[0], np.cumsum(keep)])[rows.indptr]
        shape = (rows.shape[0], len(components))
        used = csr_matrix((rows.data[keep], where.ravel(), indptr), shape=shape)
        projected[start : start + chunk] = unit(used @ components)
    return projected


class Index:
    """The built space: sparse TF-IDF rows, their term-major copy, and dense parts to blend."""

    def __init__(self, terms: Terms, idf: np.ndarray, rows: csr_matrix, postings: csr_matrix):
        self.terms, self.idf, self.rows, self.postings = terms, idf, rows, postings
        self.dense: list[tuple[float, np.ndarray, Encoder]] = []
        self.sparse_weight = 1.0
        self.basis: Basis | None = None  # the LSA basis, if there is an LSA part
        self.maxima: np.ndarray | None = None  # each term's largest weight (sparse.term_maxima)
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
        """The TF-IDF cosine with every paper, walking only the postings of the query's terms."""
        return full_scores(self.postings, query)

    def sparse_query(self, query: csr_matrix) -> SparseQuery:
        """The query's TF-IDF scores, to be walked only as far as a top k needs."""
        if self.maxima is None:
            self.maxima = term_maxima(self.postings)
        return SparseQuery(self.rows, self.postings, self.maxima, query)

    def best(
        self,
        query: csr_matrix,
        dense_queries: Sequence[np.ndarray],
        k: int,
        exclude: Sequence[int] | np.ndarray = (),
        rescale: bool = False,
        expand: bool = False,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Positions and blended scores of the k best papers: ``top_k`` over ``scores``.

        With ``expand`` (a paper's neighbours), the dense queries are first moved towards the
        ``EXPAND`` best papers' vectors, then the k best are found again with the same sparse
        scores: +0.011 precision@10 on 2,228 labelled arXiv papers, +0.01 to +0.04 on the
        screening sets (benchmarks/similarity.py --quality).

        Without ``rescale``, a big corpus's dense spaces are scored only for the papers whose
        sparse score leaves them a chance: a dense cosine adds at most its weight, so a paper
        whose sparse part plus every dense weight stays below the k-th best blended score of
        the strongest sparse matches cannot be among the k (at 1M papers, 256 MB of LSA vectors
        not read per query). The same scores, bit for bit, in the same order.
        """
        sparse = self.sparse_query(query)
        if expand and self.dense:
            closest, _ = self._best(query, sparse, dense_queries, EXPAND, exclude, rescale)
            dense_queries = self.expanded(dense_queries, closest)
        return self._best(query, sparse, dense_queries, k, exclude, rescale)

    def expanded(
        self, dense_queries: Sequence[np.ndarray], closest: np.ndarray
    ) -> list[np.ndarray]:
        """Each dense query moved towards the mean of its closest papers' vectors (pseudo-
        relevance feedback, in the dense spaces only: the words and why stay the paper's)."""
        if not len(closest):
            return list(dense_queries)
        return [
            unit(vector + EXPAND_WEIGHT * vectors[closest].mean(axis=0))
            for vector, (_, vectors, _) in zip(dense_queries, self.dense, strict=True)
        ]

    def _best(
        self,
        query: csr_matrix,
        sparse: SparseQuery,
        dense_queries: Sequence[np.ndarray],
        k: int,
        exclude: Sequence[int] | np.ndarray,
        rescale: bool,
    ) -> tuple[np.ndarray, np.ndarray]:
        if not rescale and self.dense and self.rows.shape[0] > PRUNE_ABOVE:
            found = self._pruned(sparse, dense_queries, k, np.asarray(exclude, np.int64))
            if found is not None:
                return found
        scores = self.scores(query, dense_queries, rescale, sparse.full().copy())
        best = top_k(scores, k, exclude)
        return best, scores[best]

    def _pruned(
        self, sparse: SparseQuery, dense_queries: Sequence[np.ndarray], k: int, skip: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """``best`` over the papers that can reach the bar; None when too many can."""
        if self.sparse_weight < 0.05:  # the dense spaces decide: nothing to prune by
            return None
        seeds = sparse.seeds(SEEDS, skip)
        scored = self._blended(seeds, sparse.of(seeds), dense_queries)
        if np.count_nonzero(scored > 0) < k:
            return None
        bar = float(np.partition(scored, -k)[-k])
        reach = sum(weight for weight, _, _ in self.dense) * (1 + 1e-5) + 1e-6  # cosines <= 1
        candidates = sparse.reaching((bar - reach) / self.sparse_weight - 1e-4)
        if len(candidates) > MOST_CANDIDATES * self.rows.shape[0]:
            return None
        scores = self._blended(candidates, sparse.of(candidates), dense_queries)
        best = top_k(scores, k, np.flatnonzero(np.isin(candidates, skip)))
        return candidates[best], scores[best]

    def _blended(
        self, rows: np.ndarray, sparse: np.ndarray, dense_queries: Sequence[np.ndarray]
    ) -> np.ndarray:
        """The blended scores of these papers (``sparse``: theirs), as ``scores`` computes them."""
        total: np.ndarray = sparse * self.sparse_weight
        for (weight, vectors, _), vector in zip(self.dense, dense_queries, strict=True):
            part = matvec(vectors[rows], vector)
            part *= weight
            total += part
        return total

    def scores(
        self,
        query: csr_matrix,
        dense_queries: Sequence[np.ndarray],
        rescale: bool = False,
        sparse: np.ndarray | None = None,
    ) -> np.ndarray:
        """The blended score of every paper for one query (sparse row + one vector per space).

        With ``rescale`` each space's best match counts as 1 before blending: a short query
        has small TF-IDF cosines, which would otherwise let the dense spaces drown exact words.
        """
        parts = [self.sparse_scores(query) if sparse is None else sparse]
        parts += [
            matvec(vectors, vector)
            for (_, vectors, _), vector in zip(self.dense, dense_queries, strict=True)
        ]
        weights = [self.sparse_weight, *(weight for weight, _, _ in self.dense)]
        for i, part in enumerate(parts):
            top = float(part.max(initial=0.0)) if rescale else 1.0
            part *= weights[i] / top if top > 0 else weights[i]
            if i:  # added in place, in order: what np.sum(parts, axis=0) gives, without a copy
                parts[0] += part
        return parts[0]

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
    """One dense mat-vec in numpy's own loop; a big one by this thread and a helper together.

    A multi-threaded BLAS gemv is 5-10x slower on a busy 2-core machine (its threads spin).
    Here both threads take chunks of rows from one queue, so a helper that is not scheduled
    in time takes none and costs nothing: 1M x 64 in 8 ms on 2 idle cores instead of 11.
    Each row's product is that of the single-threaded loop, bit for bit.
    """
    vector = vector.astype(matrix.dtype, copy=False)
    if len(matrix) < 2 * MATVEC_ROWS:
        return np.asarray(np.einsum("ij,j->i", matrix, vector))
    out = np.empty(len(matrix), np.result_type(matrix, vector))
    starts = iter(range(0, len(matrix), MATVEC_ROWS))
    left = [len(range(0, len(matrix), MATVEC_ROWS))]
    lock, done = threading.Lock(), threading.Event()

    def work() -> None:
        while (start := _next(starts, lock)) is not None:
            end = start + MATVEC_ROWS
            np.einsum("ij,j->i", matrix[start:end], vector, out=out[start:end])
            with lock:
                left[0] -= 1
                if not left[0]:
                    done.set()

    threading.Thread(target=work, name="paperwidgets-matvec", daemon=True).start()
    work()
    done.wait()
    return out


def _next(starts: Iterator[int], lock: threading.Lock) -> int | None:
    with lock:
        return next(starts, None)


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
