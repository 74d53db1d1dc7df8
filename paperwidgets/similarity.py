"""Similarity neighbours that explain themselves (design §4).

Default space: TF-IDF over title + abstract (word unigrams and stop-word-free bigrams, sublinear
tf), blended with a low-dimensional LSA of the same matrix. Top-k is exact: the sparse part is
scored through an inverted index (only the postings of the query's terms are walked), the dense
part by one mat-vec. Every result carries ``why``: the terms that contribute most to the TF-IDF
cosine of that pair, which by construction occur in both texts.

scikit-learn, scipy and the optional embedding models are imported only when an index is built.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

RESULT_COLUMNS = ["id", "title", "score", "why"]
WHY_TERMS = 5
PROGRESS_AFTER_S = 2.0
CHUNK = 2000

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class Settings:
    """Everything that decides the neighbours; recorded with notes for reproducibility."""

    lsa_dims: int | str = "auto"
    lsa_weight: float = 0.5
    max_lsa_dims: int = 64
    lsa_sample: int = 30000
    seed: int = 0
    embedding_model: str | None = None
    embedding_weight: float = 0.0

    def resolved_lsa_dims(self, n_papers: int) -> int:
        """LSA dimensions used for a corpus of this size (0: no LSA part)."""
        if self.lsa_weight <= 0:
            return 0
        dims = self.lsa_dims
        if dims == "auto":
            dims = min(self.max_lsa_dims, int(2 * math.sqrt(n_papers)))
        dims = min(int(dims), n_papers - 1)
        return dims if dims >= 8 else 0


def paper_texts(papers: pd.DataFrame) -> list[str]:
    """Title + abstract of each paper: the text every similarity method reads."""
    titles = papers["title"].fillna("").astype(str)
    abstracts = papers["abstract"].fillna("").astype(str)
    return [f"{t}. {a}" if a else t for t, a in zip(titles, abstracts, strict=True)]


def fingerprint(papers: pd.DataFrame) -> str:
    """A hash of ids and texts: same fingerprint, same index (also the embedding cache key)."""
    digest = hashlib.sha256()
    for pid, text in zip(papers["id"].astype(str), paper_texts(papers), strict=True):
        digest.update(pid.encode())
        digest.update(b"\x1f")
        digest.update(text.encode())
        digest.update(b"\x1e")
    return digest.hexdigest()[:24]


def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def analyse(text: str, stop: frozenset[str]) -> list[str]:
    """Lower-cased words and adjacent-word bigrams, neither containing a stop word or a number."""
    words = _TOKEN.findall(text.lower())
    keep = [w not in stop and not w.isdigit() for w in words]
    unigrams = [w for w, k in zip(words, keep, strict=True) if k]
    pairs = zip(words, words[1:], keep, keep[1:], strict=False)
    return unigrams + [f"{a} {b}" for a, b, ka, kb in pairs if ka and kb]


def progress(total: int, desc: str):
    """A tqdm bar that only shows up when the work takes longer than ~2 s."""
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="papers", delay=PROGRESS_AFTER_S, leave=False)


def count_terms(texts: Sequence[str]) -> tuple[csr_matrix, list[str]]:
    """Term counts (papers x terms) and the vocabulary, built in chunks with a progress bar."""
    from scipy.sparse import csr_matrix

    stop, vocab = _stop_words(), {}
    indices, counts, indptr = [], [], [0]
    with progress(len(texts), "similarity index") as bar:
        for start in range(0, len(texts), CHUNK):
            for text in texts[start : start + CHUNK]:
                tally = Counter(vocab.setdefault(t, len(vocab)) for t in analyse(text, stop))
                indices.extend(tally.keys())
                counts.extend(tally.values())
                indptr.append(len(indices))
            bar.update(min(CHUNK, len(texts) - start))
    shape = (len(texts), len(vocab))
    matrix = csr_matrix((np.asarray(counts, np.float32), indices, indptr), shape=shape)
    matrix.sort_indices()
    return matrix, list(vocab)


def keep_useful_terms(counts: csr_matrix, terms: list[str]) -> tuple[csr_matrix, np.ndarray]:
    """Drop bigrams seen in one paper only: they cannot link two papers and bloat the index."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    is_bigram = np.fromiter((" " in t for t in terms), bool, len(terms))
    keep = np.flatnonzero((df >= 2) | ~is_bigram)
    return counts[:, keep], np.asarray(terms, dtype=object)[keep]


def tfidf(counts: csr_matrix) -> csr_matrix:
    """Sublinear tf x smooth idf, rows L2-normalised (scikit-learn's conventions)."""
    weights = counts.copy()
    weights.data = (1 + np.log(weights.data)) * _idf(counts)[weights.indices]
    return unit_rows(weights)


def lsa(matrix: csr_matrix, dims: int, settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    """Unit row vectors of a truncated SVD of the TF-IDF rows (fitted on a fixed sample), basis."""
    from sklearn.decomposition import TruncatedSVD

    rows = np.arange(matrix.shape[0])
    if len(rows) > settings.lsa_sample:
        sample = np.random.default_rng(settings.seed).choice(rows, settings.lsa_sample, False)
        rows = np.sort(sample)
    svd = TruncatedSVD(dims, algorithm="randomized", n_iter=4, random_state=settings.seed)
    svd.fit(matrix[rows])
    basis = svd.components_.astype(np.float32)
    return _unit(np.asarray(matrix @ basis.T, dtype=np.float32)), basis


class Index:
    """The built space: sparse TF-IDF rows, their term-major copy, and dense parts to blend."""

    def __init__(self, texts: Sequence[str], settings: Settings):
        counts, terms = keep_useful_terms(*count_terms(texts))
        self.terms = terms
        self.vocabulary = {t: i for i, t in enumerate(terms)}
        self.idf = _idf(counts)
        self.rows = tfidf(counts)
        self.postings = self.rows.T.tocsr()  # the CSC copy: one row of postings per term
        self.dense: list[tuple[float, np.ndarray, Callable[[list[str]], np.ndarray]]] = []
        self.sparse_weight = 1.0
        dims = settings.resolved_lsa_dims(len(texts))
        if dims and self.rows.shape[1] > dims:
            vectors, basis = lsa(self.rows, dims, settings)
            self.add_dense(settings.lsa_weight, vectors, self._lsa_encoder(basis))

    def add_dense(
        self, weight: float, vectors: np.ndarray, encode: Callable[[list[str]], np.ndarray]
    ) -> None:
        """Blend a dense space (unit rows) into the score with this weight."""
        self.dense.append((weight, vectors, encode))
        self.sparse_weight = max(0.0, 1.0 - sum(w for w, _, _ in self.dense))

    def _lsa_encoder(self, basis: np.ndarray) -> Callable[[list[str]], np.ndarray]:
        return lambda texts: _unit(np.asarray(self.vectorise(texts) @ basis.T))

    def vectorise(self, texts: list[str]) -> csr_matrix:
        """TF-IDF rows for new texts (search queries) in this index's vocabulary."""
        from scipy.sparse import csr_matrix

        stop, data, indices, indptr = _stop_words(), [], [], [0]
        for text in texts:
            tally = Counter(self.vocabulary[t] for t in analyse(text, stop) if t in self.vocabulary)
            for term in sorted(tally):
                indices.append(term)
                data.append((1 + math.log(tally[term])) * self.idf[term])
            indptr.append(len(indices))
        shape = (len(texts), len(self.terms))
        return unit_rows(csr_matrix((np.asarray(data, np.float32), indices, indptr), shape=shape))

    def sparse_scores(self, query: csr_matrix) -> np.ndarray:
        """Cosine with every paper, walking only the postings of the query's terms."""
        if query.nnz == 0:
            return np.zeros(self.rows.shape[0], np.float32)
        touched = self.postings[query.indices]
        return np.asarray(touched.T @ query.data, dtype=np.float32)

    def scores(
        self, query: csr_matrix, dense_queries: Sequence[np.ndarray], rescale: bool = False
    ) -> np.ndarray:
        """The blended score of every paper for one query (sparse row + one vector per space).

        With ``rescale`` each space's best match counts as 1 before blending: a short query
        has small TF-IDF cosines, which would otherwise let the dense spaces drown exact words.
        """
        parts = [self.sparse_scores(query)]
        parts += [
            _matvec(vectors, vector)
            for (_, vectors, _), vector in zip(self.dense, dense_queries, strict=True)
        ]
        weights = [self.sparse_weight, *(weight for weight, _, _ in self.dense)]
        total = np.zeros(self.rows.shape[0], np.float32)
        for weight, part in zip(weights, parts, strict=True):
            top = float(part.max(initial=0.0)) if rescale else 1.0
            total += (weight / top if top > 0 else weight) * part
        return total

    def why(self, query: csr_matrix, position: int, n: int = WHY_TERMS) -> list[str]:
        """The terms contributing most to this query-paper score (positive, in both)."""
        start, end = self.rows.indptr[position], self.rows.indptr[position + 1]
        shared, in_query, in_row = np.intersect1d(
            query.indices, self.rows.indices[start:end], True, return_indices=True
        )
        contribution = query.data[in_query] * self.rows.data[start:end][in_row]
        order = np.lexsort((shared, -contribution))
        return [str(self.terms[shared[i]]) for i in order[:n] if contribution[i] > 0]


def _matvec(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    # numpy's own single-threaded loop: a multi-threaded BLAS gemv is 5-10x slower on a
    # busy 2-core machine, and the product is memory-bound anyway
    return np.einsum("ij,j->i", matrix, vector.astype(matrix.dtype, copy=False))


def _idf(counts: csr_matrix) -> np.ndarray:
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)


def unit_rows(matrix: csr_matrix) -> csr_matrix:
    """Sparse rows scaled to unit length (all-zero rows stay zero)."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix.data /= np.repeat(np.where(norms > 0, norms, 1), np.diff(matrix.indptr))
    matrix.eliminate_zeros()
    return matrix


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return (vectors / np.where(norms > 0, norms, 1)).astype(np.float32)


def top_k(scores: np.ndarray, k: int, exclude: Sequence[int] = ()) -> np.ndarray:
    """Positions of the k best scores (> 0), best first, ties broken by position."""
    scores = scores.astype(np.float64, copy=True)
    scores[list(exclude)] = -np.inf
    k = min(k, int(np.count_nonzero(scores > 0)))
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    best = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    best = best[scores[best] > 0]
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
        """The index, built on first use."""
        if self._index is None:
            self._index = Index(paper_texts(self.papers), self.settings)
            if self.embedder is not None:
                self._add_embeddings()
        return self._index

    def configure(self, **changes: Any) -> None:
        """Change settings; the index is rebuilt on next use."""
        self.settings = replace(self.settings, **changes)
        self._index = None

    def use_embeddings(self, embedder: Any, name: str, weight: float) -> None:
        """Blend a dense embedding space (weight 1.0: embeddings alone for the dense score)."""
        self.embedder = embedder
        self.configure(embedding_model=name, embedding_weight=weight)

    def _add_embeddings(self) -> None:
        from paperwidgets.embeddings import corpus_embeddings

        index, weight = self._index, self.settings.embedding_weight
        vectors = corpus_embeddings(self.embedder, self.papers, self.settings.embedding_model)
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
        index = self.index
        query = index.vectorise([text])
        dense = [encode([text])[0] for _, _, encode in index.dense]
        return self._results(query, index.scores(query, dense, rescale=True), k)

    def recommend(self, liked: Sequence[int], disliked: Sequence[int], k: int) -> pd.DataFrame:
        """Rank unjudged papers by a Rocchio profile: mean of liked minus half mean of disliked."""
        from scipy.sparse import csr_matrix

        if not liked:
            raise ValueError("recommend() needs at least one liked paper")
        index = self.index
        query = unit_rows(csr_matrix(_profile(index.rows, liked, disliked)))
        dense = [_unit(_profile(vectors, liked, disliked))[0] for _, vectors, _ in index.dense]
        judged = [*liked, *disliked]
        return self._results(query, index.scores(query, dense), k, exclude=judged)

    def _results(
        self, query: csr_matrix, scores: np.ndarray, k: int, exclude: Sequence[int] = ()
    ) -> pd.DataFrame:
        best = top_k(scores, k, exclude)
        return pd.DataFrame(
            {
                "id": self.papers["id"].to_numpy()[best],
                "title": self.papers["title"].to_numpy()[best],
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
        method = "tfidf" + ("+lsa" if parameters["lsa_dims"] else "")
        if settings.embedding_model:
            method += f"+embeddings:{settings.embedding_model}"
        return {
            "method": method,
            "parameters": parameters,
            "fingerprint": fingerprint(self.papers),
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
