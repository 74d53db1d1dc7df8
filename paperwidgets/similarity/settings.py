"""What decides a similarity index: its settings, the papers' texts, and their fingerprint.

The bottom of the similarity modules (design §4): the index, its build, its cache, the
embeddings and the map/topics caches all read these, and nothing here imports them.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import pandas as pd

# (corpus size below which, LSA weight): measured by benchmarks/similarity.py --quality
AUTO_LSA_WEIGHT = [(150, 0.0), (400, 0.2), (math.inf, 0.3)]
FINGERPRINTED = ("id", "title", "abstract")  # the index reads nothing else of a paper
FINGERPRINT_CHUNK = 50000


@dataclass(frozen=True)
class Settings:
    """Everything that decides the neighbours; recorded with notes for reproducibility."""

    lsa_dims: int | str = "auto"
    lsa_weight: float | str = "auto"
    max_lsa_dims: int = 64
    lsa_sample: int = 10000
    seed: int = 0
    embedding_model: str | None = None
    embedding_weight: float = 0.0

    def resolved_lsa_weight(self, n_papers: int) -> float:
        """Share of the LSA part in the score ("auto": measured per corpus size, §4)."""
        if self.lsa_weight != "auto":
            return float(self.lsa_weight)
        return next(weight for size, weight in AUTO_LSA_WEIGHT if n_papers < size)

    def resolved_lsa_dims(self, n_papers: int) -> int:
        """LSA dimensions used for a corpus of this size (0: no LSA part)."""
        if self.resolved_lsa_weight(n_papers) <= 0:
            return 0
        dims = self.lsa_dims
        if dims == "auto":
            dims = min(self.max_lsa_dims, int(2 * math.sqrt(n_papers)))
        dims = min(int(dims), n_papers - 1)
        return dims if dims >= 8 else 0

    def digest(self) -> str:
        """A short hash of every setting, for the keys of caches these settings decide."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:12]


def paper_texts(papers: pd.DataFrame) -> list[str]:
    """Title + abstract of each paper: the text every similarity method reads."""
    titles = papers["title"].fillna("").astype(str)
    abstracts = papers["abstract"].fillna("").astype(str)
    return [f"{t}. {a}" if a else t for t, a in zip(titles, abstracts, strict=True)]


def fingerprint(papers: pd.DataFrame) -> str:
    """A hash of every paper's id, title and abstract, in order: same fingerprint, same index.

    Each cell is hashed by pandas' vectorised SipHash (64 bits a cell, a C loop per column
    chunk; chunks bound the UTF-8 copy it makes) and those hashes go through SHA-256: a
    million papers in well under a second, where feeding the texts to hashlib took two.
    It keys the index, embedding and map caches.
    """
    digest = hashlib.sha256(f"papers:{len(papers)}".encode())
    for column in FINGERPRINTED:
        for start in range(0, len(papers), FINGERPRINT_CHUNK):
            cells = papers[column].iloc[start : start + FINGERPRINT_CHUNK].fillna("").astype(str)
            digest.update(pd.util.hash_array(cells.to_numpy(object), categorize=False).tobytes())
    return digest.hexdigest()[:24]
