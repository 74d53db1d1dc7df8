"""Real abstracts for the similarity benchmark and quality checks (read directly from shared/)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from paperwidgets.corpus import Corpus, frame_from_records
from paperwidgets.sources.records import record

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "real" / "corpus"
LABELED = DATA / "labeled" / "arxiv-labeled-part01.jsonl"
DAILY_CS = DATA / "arxiv-daily-cs" / "2026-02-14.jsonl"


def read_jsonl(path: Path) -> Corpus:
    """A Corpus from an arXiv JSON-lines listing (labeled sample or daily-arXiv schema)."""
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        records.append(
            record(
                id=f"arxiv:{item['id']}",
                title=item["title"],
                abstract=item.get("abstract") or item.get("summary") or "",
                categories=list(item.get("categories") or []),
                source=path.name,
            )
        )
    return Corpus(frame_from_records(records))


def primary_categories(corpus: Corpus) -> np.ndarray:
    """The first listed category of every paper: the label precision@10 compares."""
    return np.array([c[0] if len(c) else "" for c in corpus.papers["categories"]])


def precision_at_10(corpus: Corpus) -> float:
    """Share of each paper's 10 neighbours with its primary category, averaged over papers."""
    labels = primary_categories(corpus)
    ids = {pid: i for i, pid in enumerate(corpus.papers["id"])}
    hits = []
    for position in range(len(corpus)):
        found = [ids[pid] for pid in corpus.neighbours(position, k=10)["id"]]
        hits.append(np.mean(labels[found] == labels[position]) if found else 0.0)
    return float(np.mean(hits))


def resampled(size: int, seed: int = 0) -> Corpus:
    """A corpus of `size` papers from real abstracts: each keeps a real title and mixes the
    sentences of a few abstracts, so vocabulary and postings grow as in a real listing."""
    frames = [read_jsonl(path).papers for path in (LABELED, DAILY_CS)]
    papers = pd.concat(frames, ignore_index=True)
    sentences = [s for a in papers["abstract"] for s in a.split(". ") if s]
    rng = np.random.default_rng(seed)
    titles = papers["title"].to_numpy()[rng.integers(0, len(papers), size)]
    lengths = rng.integers(5, 11, size)
    picks = rng.integers(0, len(sentences), lengths.sum())
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    records = [
        record(
            id=f"synthetic:{i}",
            title=str(titles[i]),
            abstract=". ".join(sentences[j] for j in picks[bounds[i] : bounds[i + 1]]),
            source="resampled",
        )
        for i in range(size)
    ]
    return Corpus(frame_from_records(records))
