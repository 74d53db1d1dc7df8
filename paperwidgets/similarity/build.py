"""Building the similarity index in bounded memory (design §4, issue 12).

Papers are read in chunks: each chunk's texts are made, tokenised and counted on their own
(term keys local to the chunk, counts as uint8), and the document frequency of word pairs
is tallied in a fixed-size hashed sketch. Once the corpus is read, pairs the sketch says
were seen once are dropped per chunk, the surviving keys get global columns (exact df, so
a pair seen in only one paper never becomes a term), and the weighted rows are written
straight into preallocated arrays, chunk by chunk, freeing each chunk as it goes. No text
list, token list or whole-corpus occurrence array is ever held; peak memory is about the
final matrix, its term-major copy, and the chunk counts.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from paperwidgets.progress import progress
from paperwidgets.similarity.index import Index, idf_of, lsa_basis, project, weigh
from paperwidgets.similarity.settings import Settings, paper_texts
from paperwidgets.similarity.sparse import term_maxima
from paperwidgets.similarity.terms import PAIR_SHIFT, Terms, count_matrix

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

CHUNK = 10000
SKETCH_BITS = 26  # 64 MB of saturating pair counts
Texts = Callable[[int, int], Sequence[str]]  # (start, stop) -> texts of those papers


def build_index(papers: pd.DataFrame, settings: Settings) -> Index:
    """Count, weigh and invert the corpus in chunks; add the LSA part the settings ask for."""
    terms = Terms()
    with progress(len(papers), "similarity index") as bar:
        chunks = count_corpus(
            lambda start, stop: paper_texts(papers.iloc[start:stop]), len(papers), terms, bar.update
        )
        idf, rows = assemble(chunks, len(terms.keys))
    index = Index(terms, idf, rows, rows.T.tocsr())  # the CSC copy: postings per term
    index.seed = settings.seed
    index.maxima = term_maxima(index.postings)
    dims = settings.resolved_lsa_dims(len(papers))
    basis = lsa_basis(rows, dims, settings.lsa_sample, settings.seed) if dims else None
    release_freed_memory()  # the SVD's work arrays
    if basis is not None:
        index.add_lsa(settings.resolved_lsa_weight(len(papers)), basis, project(rows, basis))
        release_freed_memory()  # the projection's per-chunk work arrays
    return index


class _Chunk:
    """One chunk's counts: CSR over chunk-local keys (uint8 counts, int32 columns)."""

    def __init__(self, counts: csr_matrix, keys: np.ndarray):
        self.counts, self.keys = counts, keys


def _bucket(keys: np.ndarray) -> np.ndarray:
    mixed = (keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - SKETCH_BITS)
    return mixed.astype(np.int64)


def _read_chunk(terms: Terms, texts: Sequence[str], sketch: np.ndarray) -> _Chunk:
    rows, keys = terms.row_keys(*terms.word_ids_of(texts, grow=True))
    columns, uniques = pd.factorize(keys)
    del keys
    counts = count_matrix(rows, columns.astype(np.int32), (len(texts), len(uniques)))
    del rows, columns
    counts.data = np.minimum(counts.data, 255).astype(np.uint8)
    pairs = np.flatnonzero(uniques >> PAIR_SHIFT)
    df = np.bincount(counts.indices, minlength=len(uniques))[pairs]
    np.add.at(sketch, _bucket(uniques[pairs]), np.minimum(df, 2).astype(np.uint8))
    np.minimum(sketch, 2, out=sketch)
    return _Chunk(counts, uniques)


def _keep_columns(chunk: _Chunk, keep: np.ndarray, columns: np.ndarray | None = None) -> None:
    """Drop the chunk's columns not in ``keep`` (and renumber them to ``columns``)."""
    counts = chunk.counts[:, np.flatnonzero(keep)]
    if columns is not None:
        counts.indices = columns[keep][counts.indices].astype(np.int32)
        counts.has_sorted_indices = False
    chunk.counts, chunk.keys = counts, chunk.keys[keep]


def count_corpus(
    texts: Texts, n_papers: int, terms: Terms, on_progress: Callable[[int], None] | None = None
) -> list[_Chunk]:
    """Read every chunk; keep words and the pairs seen in 2+ papers, on global columns.

    Sets ``terms.keys`` (column -> term key) and returns the chunks, whose counts now index
    those global columns.
    """
    sketch = np.zeros(1 << SKETCH_BITS, np.uint8)
    chunks = []
    for start in range(0, n_papers, CHUNK):
        chunks.append(_read_chunk(terms, texts(start, min(start + CHUNK, n_papers)), sketch))
        if on_progress:
            on_progress(chunks[-1].counts.shape[0])
    terms.pack()  # the words grow no more: one text, no word -> id dict held through the build
    for chunk in chunks:  # pairs the sketch saw once cannot be in 2+ papers
        is_pair = (chunk.keys >> PAIR_SHIFT) > 0
        _keep_columns(chunk, ~is_pair | (sketch[_bucket(chunk.keys)] >= 2))
    del sketch
    codes, keys = pd.factorize(np.concatenate([np.zeros(0, np.int64), *(c.keys for c in chunks)]))
    bounds = np.cumsum([0, *(len(c.keys) for c in chunks)])
    local_df = [np.bincount(c.counts.indices, minlength=len(c.keys)) for c in chunks]
    df = np.bincount(codes, np.concatenate([np.zeros(0), *local_df]), minlength=len(keys))
    del local_df
    keep = ((keys >> PAIR_SHIFT) == 0) | (df >= 2)
    columns = np.cumsum(keep) - 1  # global key position -> final column
    for i, chunk in enumerate(chunks):
        local = codes[bounds[i] : bounds[i + 1]]
        _keep_columns(chunk, keep[local], columns[local])
    terms.keys = pd.Index(keys[keep])
    release_freed_memory()
    return chunks


def assemble(chunks: list[_Chunk], n_terms: int) -> tuple[np.ndarray, csr_matrix]:
    """idf, and the weighted unit rows of all chunks in one CSR (chunks freed as copied)."""
    from scipy.sparse import csr_matrix

    df = np.zeros(n_terms, np.int64)
    for chunk in chunks:
        df += np.bincount(chunk.counts.indices, minlength=n_terms)
    n_papers = sum(c.counts.shape[0] for c in chunks)
    idf = idf_of(df, n_papers)
    nnz = sum(c.counts.nnz for c in chunks)
    data, indices = np.empty(nnz, np.float32), np.empty(nnz, np.int32)
    index_type: type[np.signedinteger[Any]] = np.int64 if nnz >= 2**31 else np.int32
    indptr = np.zeros(n_papers + 1, index_type)
    row = done = 0
    while chunks:
        chunk = chunks.pop(0)
        counts = chunk.counts
        counts.sort_indices()
        rows = weigh(
            csr_matrix(
                (counts.data.astype(np.float32), counts.indices, counts.indptr),
                shape=(counts.shape[0], n_terms),
            ),
            idf,
        )
        data[done : done + rows.nnz], indices[done : done + rows.nnz] = rows.data, rows.indices
        indptr[row + 1 : row + rows.shape[0] + 1] = rows.indptr[1:] + done
        row, done = row + rows.shape[0], done + rows.nnz
        del chunk, counts, rows
        release_freed_memory()
    return idf, csr_matrix((data[:done], indices[:done], indptr), shape=(n_papers, n_terms))


def release_freed_memory() -> None:
    """Hand freed heap pages back to the OS (glibc ``malloc_trim``; elsewhere nothing).

    The chunks' arrays are freed one by one between long-lived ones, and glibc keeps such
    holes in its heap: at a million papers about 1 GB of the peak RSS was memory already freed.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # a libc without it (musl)
            ctypes.CDLL(None).malloc_trim(0)
