"""The similarity index on disk: keyed by corpus fingerprint + settings, loaded memory-mapped.

A second kernel that loads the same papers with the same settings maps the stored index
instead of rebuilding it (1M papers: seconds instead of minutes). The file is written and
checked by ``paperwidgets.cache`` (atomic, HMAC-checked, no pickle); anything wrong with it
means a rebuild. Small corpora build faster than a disk round trip and are not stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from paperwidgets import cache
from paperwidgets.similarity_index import Basis, Index
from paperwidgets.similarity_terms import Terms

if TYPE_CHECKING:
    from paperwidgets.similarity_settings import Settings

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
    if arrays is None:
        return None
    words = bytes(arrays["words"]).decode().split("\n") if len(arrays["words"]) else []
    terms = Terms(words, arrays["useful"])
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
    if "basis" in arrays:
        basis = Basis(arrays["basis_columns"], arrays["basis"])
        index.add_lsa(float(arrays["lsa_weight"][0]), basis, arrays["lsa"])
    return index


def store_index(index: Index, fingerprint: str, n_papers: int, settings: Settings) -> bool:
    """Write the index (without embeddings) to the cache; False where that is not possible."""
    arrays: dict[str, np.ndarray] = {
        "words": np.frombuffer("\n".join(index.terms.words).encode(), np.uint8),
        "useful": index.terms.useful,
        "keys": np.asarray(index.terms.keys, np.int64),
        "idf": index.idf,
    }
    for name in SPARSE:
        matrix = getattr(index, name)
        arrays |= {
            f"{name}_{part}": getattr(matrix, part) for part in ("data", "indices", "indptr")
        }
    if index.basis is not None:
        weight, vectors, _ = index.dense[0]
        arrays |= {"basis": index.basis.components, "basis_columns": index.basis.columns}
        arrays |= {"lsa": vectors, "lsa_weight": np.array([weight])}
    meta = _meta(fingerprint, n_papers, settings)
    return cache.store("index", _key(meta), meta, arrays)
