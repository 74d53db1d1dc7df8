"""A synthetic corpus whose vocabulary keeps growing like real arXiv (Heaps' law), any size.

Each paper has a topic; each token is a function word (the gaps of real text), a word of
the whole field (Zipf over an unbounded vocabulary, so new papers keep bringing new words:
V(n) ~ n^0.7, several hundred thousand distinct words at 1M papers), or a word of its
topic (Zipf over that topic's own words, often in two-word phrases). Pseudo-words are made
from syllables. Needs nothing from outside the repo; deterministic per seed; built in chunks
so that a million papers fit beside the index being benchmarked.

    .venv/bin/python benchmarks/similarity_synthetic.py 10000 100000   # prints Heaps' curve
    .venv/bin/python benchmarks/similarity_synthetic.py --snapshot 100000  # arXiv dump load
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from paperwidgets.corpus import Corpus
from paperwidgets.sources.records import COLUMNS

FUNCTION = [
    "the",
    "of",
    "and",
    "in",
    "to",
    "a",
    "we",
    "is",
    "for",
    "that",
    "with",
    "on",
    "by",
    "this",
    "as",
    "are",
    "from",
    "an",
    "be",
    "which",
    "our",
    "at",
    "these",
    "it",
    "can",
    "than",
    "both",
    "into",
    "its",
    "their",
    "such",
    "or",
    "not",
    "has",
    "have",
    "been",
    "more",
    "between",
    "over",
]
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["qu", "th", "sh", "ch"]
TOPIC_BASE = 1 << 40  # topic words live above every field word id
TOPIC_SPAN = 1 << 24
CHUNK = 20000


def pseudo_word(number: int) -> str:
    """A pronounceable word for a word id (distinct ids give distinct words)."""
    parts = []
    number += len(SYLLABLES)  # at least two syllables
    while number:
        number, digit = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts)


def _token_ids(rng: np.random.Generator, topics: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Word ids of all tokens of a chunk: < 0 function words, field words, topic words."""
    n = int(lengths.sum())
    owner = np.repeat(topics, lengths)
    kind = rng.random(n)
    ids = np.minimum(rng.zipf(1.4, n), 1 << 38).astype(np.int64)  # field words
    topical = kind >= 0.75
    ids[topical] = (
        TOPIC_BASE
        + owner[topical] * TOPIC_SPAN
        + np.minimum(rng.zipf(1.6, int(topical.sum())), TOPIC_SPAN - 1)
    )
    phrase = np.flatnonzero(topical[:-1] & (rng.random(n - 1) < 0.5))
    ids[phrase + 1] = ids[phrase] + 1  # a topic word and its usual companion
    function = kind < 0.4
    ids[function] = -1 - rng.integers(0, len(FUNCTION), int(function.sum()))
    return ids


def _texts(ids: np.ndarray, lengths: np.ndarray, names: dict[int, str]) -> list[str]:
    uniques, codes = np.unique(ids, return_inverse=True)
    words = np.array(
        [FUNCTION[-1 - i] if i < 0 else names.setdefault(i, _name(i)) for i in uniques]
    )
    tokens = words[codes]
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    return [" ".join(tokens[bounds[i] : bounds[i + 1]]) for i in range(len(lengths))]


def _name(word_id: int) -> str:
    if word_id >= TOPIC_BASE:
        topic, rank = divmod(word_id - TOPIC_BASE, TOPIC_SPAN)
        return pseudo_word(rank * 1000 + topic + 7_000_000)
    return pseudo_word(word_id)


def synthetic_papers(size: int, seed: int = 0, n_topics: int = 100) -> pd.DataFrame:
    """A papers DataFrame (canonical columns) of `size` synthetic papers; topic as category."""
    rng = np.random.default_rng(seed)
    names: dict[int, str] = {}
    frames = []
    for start in range(0, size, CHUNK):
        count = min(CHUNK, size - start)
        topics = rng.integers(0, n_topics, count)
        title_lengths = rng.integers(6, 14, count)
        abstract_lengths = np.clip(rng.normal(150, 40, count), 40, 300).astype(np.int64)
        titles = _texts(_token_ids(rng, topics, title_lengths), title_lengths, names)
        abstracts = _texts(_token_ids(rng, topics, abstract_lengths), abstract_lengths, names)
        frames.append(
            pd.DataFrame(
                {
                    "id": [f"synthetic:{start + i}" for i in range(count)],
                    "title": [t.capitalize() for t in titles],
                    "abstract": abstracts,
                    "categories": [[f"topic.{t}"] for t in topics],
                }
            )
        )
    papers = pd.concat(frames, ignore_index=True)
    for column in COLUMNS:
        if column not in papers:
            papers[column] = [[] if column == "authors" else {} if column == "extra" else ""] * size
    papers["published"] = pd.NaT
    papers["source"] = "synthetic"
    return papers[COLUMNS]


def synthetic(size: int, seed: int = 0) -> Corpus:
    """A Corpus of `size` synthetic papers."""
    return Corpus(synthetic_papers(size, seed))


def distinct_words(papers: pd.DataFrame) -> int:
    """How many distinct words the titles and abstracts use."""
    seen: set[str] = set()
    for column in ("title", "abstract"):
        for text in papers[column]:
            seen.update(text.lower().split())
    return len(seen)


def write_snapshot(papers: pd.DataFrame, path: Path) -> None:
    """The papers as lines of arXiv's metadata snapshot (the fields load_arxiv_snapshot reads)."""
    created = {"version": "v1", "created": "Mon, 1 Jan 2024 10:00:00 GMT"}
    with path.open("w", encoding="utf-8") as out:
        for i, row in enumerate(papers.itertuples()):
            item = {
                "id": f"{2400 + i // 100000}.{i % 100000:05d}", "title": row.title,
                "authors": "A. Author and B. Author", "categories": row.categories[0],
                "abstract": row.abstract, "versions": [created], "update_date": "2024-01-02",
                "authors_parsed": [["Author", "A.", ""], ["Author", "B.", ""]],
            }  # fmt: skip
            out.write(json.dumps(item) + "\n")


def time_snapshot_load(size: int) -> None:
    """Write a snapshot of `size` synthetic papers, then stream it back: seconds and memory."""
    from paperwidgets import load_arxiv_snapshot

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "arxiv-metadata-oai-snapshot.json"
        write_snapshot(synthetic_papers(size), path)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        corpus = load_arxiv_snapshot(path)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        status = Path("/proc/self/status").read_text()
        now = int(status.split("VmRSS:")[1].split()[0]) / 1024
        print(
            f"{len(corpus):>8} papers, {path.stat().st_size / 2**20:6.0f} MB snapshot: streamed in "
            f"{seconds:5.1f} s; RSS after {now:5.0f} MB, peak {peak:5.0f} MB (peak before the "
            f"load, while generating: {before:5.0f} MB)"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--snapshot"]:
        for n in map(int, sys.argv[2:] or ["100000"]):
            time_snapshot_load(n)
    else:
        for n in map(int, sys.argv[1:] or ["1000", "10000", "100000"]):
            words = distinct_words(synthetic_papers(n))
            print(f"{n:>8} papers: {words:>9,} distinct words", flush=True)
