"""2-D coordinates of papers for the corpus map, cached on disk and (the latest few) in memory.

t-SNE (scikit-learn, Barnes-Hut, PCA init, seeded) runs on the dense LSA vectors of at most
``SAMPLE`` papers; every other paper is placed at the similarity-weighted mean of its nearest
sampled papers. That keeps 100k papers to one t-SNE of a few thousand points plus a chunked
mat-mul, and the picture of a big corpus is the picture of its sample, filled in.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import numpy as np

from paperwidgets.memo import Memo

if TYPE_CHECKING:
    from paperwidgets.similarity.engine import Similarity

SAMPLE = 2000
NEAREST = 8
CHUNK = 4096
ITERATIONS, ANGLE = 350, 0.8  # t-SNE's (see tsne())
VERSION = 2  # bump when the method changes: cached layouts are keyed by it
CACHED = 8  # layouts kept in memory (a 1M-paper one is 8 MB); the rest reload from disk
_CACHE = Memo(CACHED)


def layout_key(similarity: Similarity, seed: int) -> str:
    """Cache key: the space's fingerprint and settings, method version and seed."""
    extra = hashlib.sha256(f"{VERSION}|{SAMPLE}|{seed}".encode()).hexdigest()[:12]
    return f"{similarity.cache_key()}-{extra}"


def corpus_layout(similarity: Similarity, seed: int = 0) -> np.ndarray:
    """(n, 2) float32 coordinates of every paper in a similarity space; computed once, cached."""
    from paperwidgets import cache

    key = layout_key(similarity, seed)
    size = len(similarity.papers)
    coords = _CACHE.get(key)
    if coords is None:
        meta = {"papers": size, "version": VERSION}
        found = cache.load("layouts", key, meta)
        if found is None or found["coords"].shape != (size, 2):
            found = {"coords": _computed(similarity, seed)}
            cache.store("layouts", key, meta, found)
        coords = _CACHE[key] = np.asarray(found["coords"], dtype=np.float32)
    return np.asarray(coords)


def _computed(similarity: Similarity, seed: int) -> np.ndarray:
    from paperwidgets.progress import progress
    from paperwidgets.similarity.topics import space

    with progress(len(similarity.papers), "map layout") as bar:
        vectors = _dense(space(similarity.index, seed))
        return layout(vectors, seed, on_progress=bar.update)


def _dense(vectors: Any) -> np.ndarray:
    if hasattr(vectors, "toarray"):  # tiny corpus without LSA: its TF-IDF rows
        vectors = vectors.toarray()
    return np.asarray(vectors, dtype=np.float32)


def layout(vectors: np.ndarray, seed: int = 0, on_progress: Any = None) -> np.ndarray:
    """2-D coordinates (centred, unit spread) for unit row vectors: t-SNE on a sample, placed."""
    n = len(vectors)
    tick = on_progress or (lambda done: None)
    if n < 4:
        return _centred(np.column_stack([np.arange(n), np.zeros(n)]).astype(np.float32))
    rows = np.arange(n)
    if n > SAMPLE:
        rows = np.sort(np.random.default_rng(seed).choice(rows, SAMPLE, False))
    coords = np.zeros((n, 2), np.float32)
    coords[rows] = tsne(vectors[rows], seed)
    tick(len(rows))
    rest = np.setdiff1d(np.arange(n), rows)
    for start in range(0, len(rest), CHUNK):
        part = rest[start : start + CHUNK]
        coords[part] = place(vectors[part], vectors[rows], coords[rows])
        tick(len(part))
    return _centred(coords)


def tsne(vectors: np.ndarray, seed: int) -> np.ndarray:
    """scikit-learn's Barnes-Hut t-SNE, PCA-initialised and seeded (deterministic).

    A coarser Barnes-Hut angle (0.8) and 100 iterations after the 250 of early exaggeration
    (not 250) take 2.4 s instead of 5.8 s for 2,000 papers, with the same 2-D neighbourhoods
    (5-NN topic purity 0.75 both, benchmarks/map.py).
    """
    from sklearn.manifold import TSNE
    from threadpoolctl import threadpool_limits

    perplexity = float(min(30, max(2, (len(vectors) - 1) / 3)))
    model = TSNE(
        2, perplexity=perplexity, init="pca", random_state=seed, max_iter=ITERATIONS, angle=ANGLE
    )
    with threadpool_limits(1):
        return np.asarray(model.fit_transform(vectors), dtype=np.float32)


def place(vectors: np.ndarray, anchors: np.ndarray, anchor_coords: np.ndarray) -> np.ndarray:
    """Coordinates of new rows: mean of their nearest anchors' coordinates, by similarity."""
    scores = vectors @ anchors.T
    k = min(NEAREST, anchors.shape[0])
    near = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    weights = np.maximum(np.take_along_axis(scores, near, axis=1), 1e-6) ** 4
    weights /= weights.sum(axis=1, keepdims=True)
    return np.asarray(np.einsum("ij,ijk->ik", weights, anchor_coords[near]), dtype=np.float32)


def _centred(coords: np.ndarray) -> np.ndarray:
    coords = coords - coords.mean(axis=0) if len(coords) else coords
    spread = float(np.abs(coords).max(initial=0.0)) or 1.0
    return (coords / spread).astype(np.float32)
