"""The similarity index on disk: keyed by corpus fingerprint + settings, loaded memory-mapped.

A second kernel that loads the same papers with the same settings maps the stored index
instead of rebuilding it (1M papers: seconds instead of minutes). Papers read from a big
file (arXiv's snapshot, Parquet) find their fingerprint by the file's stamp, not by hashing.
The file is written and checked by ``paperwidgets.cache`` (atomic, HMAC-checked, no pickle);
anything wrong with it means a rebuild. Small corpora build faster than a disk round trip
and are not stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from paperwidgets import cache
from paperwidgets.similarity.index import Basis, Index
from paperwidgets.similarity.terms import Terms

if TYPE_CHECKING:
    from paperwidgets.similarity.settings import Settings

VERSION = 2  # bump when the index changes: stored indexes are keyed by it
CACHE_ABOVE = 5000  # papers; smaller corpora are rebuilt (well under a second)
SPARSE = ("rows", "postings")


def _meta(fingerprint: str, n_papers: int, settings: Settings) -> dict[str, Any]:
    parameters = asdict(settings)
    for name in ("embedding_model", "embedding_weight"):  # blended after loading
        parameters.pop(name)
    return {
        "fingerprint": fingerprint,
        "papers": n_papers,
        "settings": parameters,
        "version": VERSION,
    }


def _key(meta: dict[str, Any]) -> str:
    digest = hashlib.sha256(repr(sorted(meta["settings"].items())).encode()).hexdigest()[:12]
    return f"{meta['fingerprint']}-{digest}-v{VERSION}"


def load_index(fingerprint: str, n_papers: int, settings: Settings) -> Index | None:
    """The stored index for these papers and settings, memory-mapped; None if none is usable."""
    from scipy.sparse import csr_matrix

    meta = _meta(fingerprint, n_papers, settings)
    arrays = cache.load("index", _key(meta), meta)
    if arrays is None or not _consistent(arrays, n_papers):
        return None
    terms = Terms.packed(arrays["words"], arrays["useful"])
    if len(terms.ends) != len(terms.useful):  # a word count the stop-word mask disagrees with
        return None
    terms.keys = pd.Index(np.asarray(arrays["keys"]))
    shape = (n_papers, len(terms.keys))
    rows, postings = (
        csr_matrix(
            (arrays[f"{name}_data"], arrays[f"{name}_indices"], arrays[f"{name}_indptr"]),
            shape=shape if name == "rows" else shape[::-1],
            copy=False,
        )
        for name in SPARSE
    )
    index = Index(terms, arrays["idf"], rows, postings)
    index.seed = settings.seed
    if len(arrays.get("maxima", ())) == len(terms.keys):  # (indexes stored before it: computed)
        index.maxima = arrays["maxima"]
    if "basis" in arrays:
        basis = Basis(arrays["basis_columns"], arrays["basis"])
        index.add_lsa(float(arrays["lsa_weight"][0]), basis, arrays["lsa"])
    return index


def _consistent(arrays: dict[str, np.ndarray], n_papers: int) -> bool:
    """Whether the arrays form an index of ``n_papers`` papers: every sparse row's pointers
    and column numbers in range, dense parts of the right size (a signed entry is still
    checked: a wrong one must not make ``neighbours`` answer nonsense or crash)."""
    n_terms = len(arrays.get("keys", ()))
    try:
        dims = {"rows": (n_papers, n_terms), "postings": (n_terms, n_papers)}
        if not all(_csr_ok(arrays, name, *dims[name]) for name in SPARSE):
            return False
        if len(arrays["idf"]) != n_terms:
            return False
        if "basis" not in arrays:
            return True
        columns, basis, lsa = arrays["basis_columns"], arrays["basis"], arrays["lsa"]
        in_range = not len(columns) or (columns.min() >= 0 and columns.max() < n_terms)
        return in_range and basis.shape[1:] == columns.shape and lsa.shape[0] == n_papers
    except (KeyError, IndexError, ValueError, TypeError):
        return False


def _csr_ok(arrays: dict[str, np.ndarray], name: str, n_rows: int, n_columns: int) -> bool:
    indptr, indices = arrays[f"{name}_indptr"], arrays[f"{name}_indices"]
    if indptr.shape != (n_rows + 1,) or indptr[0] != 0 or indptr[-1] != len(indices):
        return False
    if len(arrays[f"{name}_data"]) != len(indices) or np.any(np.diff(indptr) < 0):
        return False
    return not len(indices) or (indices.min() >= 0 and indices.max() < n_columns)


def store_index(index: Index, fingerprint: str, n_papers: int, settings: Settings) -> bool:
    """Write the index (without embeddings) to the cache; False where that is not possible."""
    arrays: dict[str, np.ndarray] = {
        "words": index.terms.text,
        "useful": index.terms.useful,
        "keys": np.asarray(index.terms.keys, np.int64),
        "idf": index.idf,
    }
    for name in SPARSE:
        matrix = getattr(index, name)
        arrays |= {
            f"{name}_{part}": getattr(matrix, part) for part in ("data", "indices", "indptr")
        }
    if index.maxima is not None:
        arrays["maxima"] = index.maxima
    if index.basis is not None:
        weight, vectors, _ = index.dense[0]
        arrays |= {"basis": index.basis.components, "basis_columns": index.basis.columns}
        arrays |= {"lsa": vectors, "lsa_weight": np.array([weight])}
    meta = _meta(fingerprint, n_papers, settings)
    return cache.store("index", _key(meta), meta, arrays)


def _source_meta(source: dict[str, Any], papers: pd.DataFrame) -> dict[str, Any]:
    """What a remembered fingerprint holds for: the file's stamp, and the papers' ids."""
    ids = pd.util.hash_array(papers["id"].to_numpy(object), categorize=False)
    digest = hashlib.sha256(ids.tobytes()).hexdigest()[:24]
    return {"source": source, "papers": len(papers), "ids": digest, "version": VERSION}


def _source_key(meta: dict[str, Any]) -> str:
    stamp = repr(sorted(meta["source"].items())) + meta["ids"]
    return f"source-{hashlib.sha256(stamp.encode()).hexdigest()[:24]}-v{VERSION}"


def load_fingerprint(source: dict[str, Any], papers: pd.DataFrame) -> str | None:
    """The fingerprint stored for papers read from this file (stamp and ids unchanged)."""
    meta = _source_meta(source, papers)
    found = cache.load("index", _source_key(meta), meta)
    return bytes(found["fingerprint"]).decode() if found and "fingerprint" in found else None


def store_fingerprint(source: dict[str, Any], papers: pd.DataFrame, fingerprint: str) -> None:
    """Remember the fingerprint of papers read from this file."""
    meta = _source_meta(source, papers)
    cache.store(
        "index",
        _source_key(meta),
        meta,
        {"fingerprint": np.frombuffer(fingerprint.encode(), np.uint8)},
    )
