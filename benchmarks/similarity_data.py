"""Real abstracts for the similarity benchmark and quality checks (read directly from shared/)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pandas as pd

from paperwidgets.corpus import Corpus, frame_from_records
from paperwidgets.sources.records import record

HERE = Path(__file__).resolve().parent
LABELED = HERE / "data" / "arxiv-labeled-part01.jsonl.gz"  # CC0 arXiv metadata, see data/README
# a second real listing, read only where the team's shared data sits above the repo (not shipped)
SHARED = next((p / "shared" for p in HERE.parents if (p / "shared" / "data").is_dir()), HERE)
DAILY_CS = SHARED / "data" / "real" / "corpus" / "arxiv-daily-cs" / "2026-02-14.jsonl"
# systematic-review screening sets (title, abstract, included or not), not shipped: see there
SCREENING = SHARED / "data" / "benchmarks" / "screening"
SCREENING_SETS = ("Kitchenham_2010", "Nagtegaal_2019", "Bannach-Brown_2019", "Cohen_2006_ADHD",
                  "Cohen_2006_ProtonPumpInhibitors")  # fmt: skip


def read_jsonl(path: Path) -> Corpus:
    """A Corpus from an arXiv JSON-lines listing (labeled sample or daily-arXiv schema)."""
    records = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        items = [json.loads(line) for line in lines if line.strip()]
    for item in items:
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


def precision_at_10(corpus: Corpus, labels: np.ndarray | None = None, queries=None) -> float:
    """Share of each paper's 10 neighbours with its label (by default its primary category),
    averaged over the query papers (by default all)."""
    labels = primary_categories(corpus) if labels is None else labels
    ids = {pid: i for i, pid in enumerate(corpus.papers["id"])}
    hits = []
    for position in range(len(corpus)) if queries is None else queries:
        found = [ids[pid] for pid in corpus.neighbours(int(position), k=10)["id"]]
        hits.append(np.mean(labels[found] == labels[position]) if found else 0.0)
    return float(np.mean(hits))


def screening_sets() -> list[tuple[str, Corpus, np.ndarray]]:
    """(name, corpus, included 0/1) of each screening set there is (none without ../shared)."""
    found = []
    for name in SCREENING_SETS:
        path = SCREENING / f"{name}.csv"
        if not path.is_file():
            continue
        table = pd.read_csv(path).fillna("")
        records = [
            record(id=f"{name}:{i}", title=str(t) or "(untitled)", abstract=str(a), source=name)
            for i, (t, a) in enumerate(zip(table["title"], table["abstract"], strict=True))
        ]
        included = table["label_included"].to_numpy().astype(int)
        found.append((name, Corpus(frame_from_records(records)), included))
    return found


def resampled(size: int, seed: int = 0) -> Corpus:
    """A corpus of `size` papers from real abstracts: each keeps a real title and mixes the
    sentences of a few abstracts, so vocabulary and postings grow as in a real listing."""
    frames = [read_jsonl(path).papers for path in (LABELED, DAILY_CS) if path.exists()]
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
