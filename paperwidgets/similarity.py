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
CHUNK = 5000

# a dense space encodes query texts; it may reuse their TF-IDF rows (LSA does)
Encoder = Callable[[list[str], "csr_matrix"], np.ndarray]

_TOKEN = re.compile(r"\w\w+")  # words of 2+ characters, as scikit-learn's default


@dataclass(frozen=True)
class Settings:
    """Everything that decides the neighbours; recorded with notes for reproducibility."""

    lsa_dims: int | str = "auto"
    lsa_weight: float = 0.5
    max_lsa_dims: int = 64
    lsa_sample: int = 10000
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


def progress(total: int, desc: str):
    """A tqdm bar that only shows up when the work takes longer than ~2 s."""
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="papers", delay=PROGRESS_AFTER_S, leave=False)


class Terms:
    """Words and adjacent-word pairs as integer keys (a pair is ``(a + 1) * n_words + b``).

    Counting integer keys in numpy keeps the build fast at 100k papers; strings are made
    only for the few terms a ``why`` shows. Neither part of a term is a stop word or a number.
    """

    def __init__(self) -> None:
        self.word_ids: dict[str, int] = {}
        self.words: list[str] = []
        self.useful = np.zeros(0, bool)
        self.keys = pd.Index([], dtype=np.int64)

    def word_ids_of(self, texts: Sequence[str], grow: bool) -> tuple[np.ndarray, np.ndarray]:
        """Word id of every token (-1 if unknown and not growing), and tokens per text."""
        tokens: list[str] = []
        lengths = np.zeros(len(texts), np.int64)
        for i, text in enumerate(texts):
            found = _TOKEN.findall(text.lower())
            tokens.extend(found)
            lengths[i] = len(found)
        codes, uniques = pd.factorize(pd.Series(tokens, dtype=object))
        if grow:
            known = (self.word_ids.setdefault(w, len(self.word_ids)) for w in uniques)
        else:
            known = (self.word_ids.get(w, -1) for w in uniques)
        return np.fromiter(known, np.int64, len(uniques))[codes], lengths

    def freeze(self) -> None:
        """Fix the word list after the corpus is read (later texts do not add words)."""
        stop = _stop_words()
        self.words = list(self.word_ids)
        self.useful = np.array([w not in stop and not w.isdigit() for w in self.words], bool)

    def row_keys(self, ids: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, key) of every word and adjacent pair occurrence, skipping stop words."""
        rows = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        keep = ids >= 0
        keep[keep] = self.useful[ids[keep]]
        pair = keep[:-1] & keep[1:] & (rows[:-1] == rows[1:])
        pair_keys = (ids[:-1][pair] + 1) * len(self.words) + ids[1:][pair]
        return np.concatenate([rows[keep], rows[:-1][pair]]), np.concatenate([ids[keep], pair_keys])

    def term(self, column: int) -> str:
        """The text of one term column."""
        first, second = divmod(int(self.keys[column]), len(self.words))
        return self.words[second] if first == 0 else f"{self.words[first - 1]} {self.words[second]}"

    def counts(self, texts: Sequence[str]) -> csr_matrix:
        """Term counts (texts x known terms) of new texts, e.g. search queries."""
        rows, keys = self.row_keys(*self.word_ids_of(texts, grow=False))
        columns = self.keys.get_indexer(keys)
        found = columns >= 0
        return _count_matrix(rows[found], columns[found], (len(texts), len(self.keys)))

    def corpus_counts(self, texts: Sequence[str]) -> csr_matrix:
        """Read the corpus: learn the words and the pairs seen in 2+ papers, count them."""
        rows, keys = self.row_keys(*self._read_corpus(texts))
        columns, uniques = pd.factorize(keys)
        del keys  # free the per-occurrence keys before counting (100k papers: 20M of them)
        counts = _count_matrix(rows, columns.astype(np.int32), (len(texts), len(uniques)))
        df = np.bincount(counts.indices, minlength=len(uniques))
        keep = np.flatnonzero((uniques < len(self.words)) | (df >= 2))
        self.keys = pd.Index(uniques[keep])
        return counts[:, keep]

    def _read_corpus(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        parts: list[tuple[np.ndarray, np.ndarray]] = [(np.zeros(0, np.int64),) * 2]
        with progress(len(texts), "similarity index") as bar:
            for start in range(0, len(texts), CHUNK):
                parts.append(self.word_ids_of(texts[start : start + CHUNK], grow=True))
                bar.update(len(parts[-1][1]))
        self.freeze()
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _count_matrix(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]) -> csr_matrix:
    from scipy.sparse import csr_matrix

    ones = np.ones(len(rows), np.float32)
    matrix = csr_matrix((ones, (rows, columns)), shape=shape)
    matrix.sum_duplicates()
    return matrix


def weigh(counts: csr_matrix, idf: np.ndarray) -> csr_matrix:
    """Sublinear tf x idf, rows L2-normalised (scikit-learn's TfidfVectorizer conventions)."""
    weights = counts.astype(np.float32)
    weights.data = (1 + np.log(weights.data)) * idf[weights.indices]
    return unit_rows(weights)


def lsa(matrix: csr_matrix, dims: int, settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    """Unit row vectors of a truncated SVD of the TF-IDF rows (fitted on a fixed sample), basis."""
    from sklearn.decomposition import TruncatedSVD
    from threadpoolctl import threadpool_limits

    rows = np.arange(matrix.shape[0])
    if len(rows) > settings.lsa_sample:
        sample = np.random.default_rng(settings.seed).choice(rows, settings.lsa_sample, False)
        rows = np.sort(sample)
    svd = TruncatedSVD(dims, algorithm="randomized", n_iter=4, random_state=settings.seed)
    with threadpool_limits(1):  # threaded BLAS is slower on a busy machine, and less repeatable
        svd.fit(matrix[rows])
    basis = svd.components_.astype(np.float32)
    return _unit(np.asarray(matrix @ basis.T, dtype=np.float32)), basis


class Index:
    """The built space: sparse TF-IDF rows, their term-major copy, and dense parts to blend."""

    def __init__(self, texts: Sequence[str], settings: Settings):
        self.terms = Terms()
        counts = self.terms.corpus_counts(texts)
        self.idf = _idf(counts)
        self.rows = weigh(counts, self.idf)
        self.postings = self.rows.T.tocsr()  # the CSC copy: one row of postings per term
        self.dense: list[tuple[float, np.ndarray, Encoder]] = []
        self.sparse_weight = 1.0
        dims = settings.resolved_lsa_dims(len(texts))
        if dims and self.rows.shape[1] > dims:
            vectors, basis = lsa(self.rows, dims, settings)
            self.add_dense(settings.lsa_weight, vectors, self._lsa_encoder(basis))

    def add_dense(self, weight: float, vectors: np.ndarray, encode: Encoder) -> None:
        """Blend a dense space (unit rows) into the score with this weight."""
        self.dense.append((weight, vectors, encode))
        self.sparse_weight = max(0.0, 1.0 - sum(w for w, _, _ in self.dense))

    @staticmethod
    def _lsa_encoder(basis: np.ndarray) -> Encoder:
        return lambda texts, query: _unit(np.asarray(query @ basis.T))

    def vectorise(self, texts: list[str]) -> csr_matrix:
        """TF-IDF rows for new texts (search queries) in this index's vocabulary."""
        return weigh(self.terms.counts(texts), self.idf)

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
        for i, part in enumerate(parts):
            top = float(part.max(initial=0.0)) if rescale else 1.0
            part *= weights[i] / top if top > 0 else weights[i]
        return np.sum(parts, axis=0) if len(parts) > 1 else parts[0]

    def why(self, query: csr_matrix, position: int, n: int = WHY_TERMS) -> list[str]:
        """The terms contributing most to this query-paper score (positive, in both)."""
        start, end = self.rows.indptr[position], self.rows.indptr[position + 1]
        shared, in_query, in_row = np.intersect1d(
            query.indices, self.rows.indices[start:end], True, return_indices=True
        )
        contribution = query.data[in_query] * self.rows.data[start:end][in_row]
        order = np.lexsort((shared, -contribution))
        return [self.terms.term(shared[i]) for i in order[:n] if contribution[i] > 0]


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
        """The index, built on first use."""
        if self._index is None:
            self._index = Index(paper_texts(self.papers), self.settings)
            self._shown = self.papers[["id", "title"]].to_numpy(dtype=object)
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
        dense = [encode([text], query)[0] for _, _, encode in index.dense]
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
