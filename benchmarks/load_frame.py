"""``pw.load(df)`` of big arXiv-like DataFrames, against what a pandas user would do instead.

Two frames of synthetic papers (similarity_synthetic.py), each size measured in a fresh process
(peak RSS by VmHWM, reset once the frame is built):

- ``papers``: the shape of ``corpus.papers`` (arXiv ids, author lists, datetimes, links,
  category lists, source, extra) — what ``pw.Corpus(df)`` takes as it is;
- ``kaggle``: arXiv's metadata snapshot as ``pd.read_json(lines=True)`` gives it (bare ids,
  titles and abstracts with line breaks, authors as one string and as ``authors_parsed``,
  categories as one string, dates as text).

Same run: ``pw.Corpus(df)`` of the ``papers`` frame; with pyarrow, ``pd.read_parquet`` of the
frame and ``pw.load("x.parquet")``. Run it under ``flock /tmp/pw-heavy.lock`` at 1M papers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from similarity_synthetic import synthetic_papers  # noqa: E402


def arxiv_ids(size: int) -> list[str]:
    return [f"{2001 + i // 99999 % 2400:04d}.{i % 99999 + 1:05d}" for i in range(size)]


def names(size: int, rng: np.random.Generator) -> list[list[str]]:
    """1-8 authors a paper from a pool of 300k names (Zipf: some write many papers)."""
    pool = [f"{first} {last}" for first in ("A.", "B.", "C. D.", "Ed") for last in _words(75000)]
    counts = rng.integers(1, 9, size)
    picks = np.minimum(rng.zipf(1.3, counts.sum()), len(pool)) - 1
    bounds = np.concatenate([[0], np.cumsum(counts)])
    return [[pool[j] for j in picks[bounds[i] : bounds[i + 1]]] for i in range(size)]


def _words(n: int) -> list[str]:
    from similarity_synthetic import pseudo_word

    return [pseudo_word(i).capitalize() for i in range(n)]


def papers_frame(size: int, seed: int = 0) -> pd.DataFrame:
    """A frame shaped like ``corpus.papers``: what ``pw.Corpus(df)`` accepts."""
    rng = np.random.default_rng(seed)
    frame = synthetic_papers(size, seed)
    ids = arxiv_ids(size)
    days = rng.integers(0, 6500, size)
    frame["id"] = [f"arxiv:{i}" for i in ids]
    frame["authors"] = names(size, rng)
    frame["published"] = pd.Timestamp("2007-04-01", tz="UTC") + pd.to_timedelta(days, unit="D")
    frame["url"] = [f"https://arxiv.org/abs/{i}" for i in ids]
    frame["pdf_url"] = [f"https://arxiv.org/pdf/{i}" for i in ids]
    frame["categories"] = [[c, "stat.ML"] if d % 3 else [c] for c, d in zip(
        (c[0] for c in frame["categories"]), days, strict=True)]  # fmt: skip
    frame["source"] = "arxiv-metadata-oai-snapshot.json"
    frame["extra"] = [{} for _ in range(size)]
    return frame


def kaggle_frame(size: int, seed: int = 0) -> pd.DataFrame:
    """arXiv's snapshot as ``pd.read_json(path, lines=True)`` reads it."""
    papers = papers_frame(size, seed)
    authors = papers["authors"]
    wrapped = [_wrap(a) for a in papers["abstract"]]
    return pd.DataFrame(
        {
            "id": arxiv_ids(size),
            "submitter": [a[0] for a in papers["authors"]],
            "authors": [", ".join(a[:-1]) + " and " + a[-1] for a in papers["authors"]],
            "title": [_wrap(t) for t in papers["title"]],
            "comments": "10 pages, 3 figures",
            "doi": None,
            "categories": [" ".join(c) for c in papers["categories"]],
            "abstract": wrapped,
            "update_date": papers["published"].dt.strftime("%Y-%m-%d"),
            "authors_parsed": [[[*n.split(" ", 1)[::-1], ""] for n in a] for a in authors],
        }
    )


def _wrap(text: str, words: int = 12) -> str:
    """Line breaks between words as in arXiv's metadata (and its leading blanks)."""
    split = text.split(" ")
    lines = [" ".join(split[i : i + words]) for i in range(0, len(split), words)]
    return "  " + "\n".join(lines) + "\n"


MEASURE = """
import json, sys, time
sys.path.insert(0, {here!r})
from load_frame import measure
print(json.dumps(measure({kind!r}, {size})))
"""


def rss_mb(field: str = "VmRSS") -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split(field + ":")[1].split()[0]) / 1024


def measure(kind: str, size: int) -> dict[str, float]:
    """In this (fresh) process: build the frame, then time and measure loading it."""
    import warnings

    import paperwidgets as pw

    warnings.simplefilter("ignore")
    before = rss_mb()
    frame = papers_frame(size) if kind == "papers" else kaggle_frame(size)
    found = {"frame_mb": rss_mb() - before, "with_frame_mb": rss_mb()}
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM from here on
    start = time.perf_counter()
    corpus = pw.load(frame)
    found |= {"load_s": time.perf_counter() - start, "peak_mb": rss_mb("VmHWM")}
    found["papers"] = len(corpus)
    del corpus
    if kind == "papers":
        start = time.perf_counter()
        pw.Corpus(frame)
        found["corpus_s"] = time.perf_counter() - start
    return found | parquet(frame)


def parquet(frame: pd.DataFrame) -> dict[str, float]:
    """pd.read_parquet and pw.load of the frame written as Parquet (when pyarrow is here)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return {}
    import paperwidgets as pw

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "papers.parquet"
        frame.drop(columns=["extra"], errors="ignore").to_parquet(path)
        start = time.perf_counter()
        pd.read_parquet(path)
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        pw.load(path)
        return {"read_parquet_s": read_s, "load_parquet_s": time.perf_counter() - start}


def frame_table(sizes: list[int]) -> None:
    """One line per frame kind and size, each measured by a fresh process."""
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores shared); fresh process per line")
    for size in sizes:
        for kind in ("papers", "kaggle"):
            code = MEASURE.format(here=str(HERE), kind=kind, size=size)
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
            if done.returncode:
                print(f"{size:>9,} {kind}: failed\n{done.stderr[-2000:]}", flush=True)
                continue
            print(_line(kind, size, json.loads(done.stdout.splitlines()[-1])), flush=True)
    print(f"load average {os.getloadavg()[0]:.1f}")


def _line(kind: str, size: int, f: dict[str, float]) -> str:
    grown = f["peak_mb"] / f["with_frame_mb"]
    line = (
        f"{size:>9,} {kind:6}: pw.load(df) {f['load_s']:6.1f} s, peak RSS {f['peak_mb']:6.0f} MB"
        f" = {grown:.2f}x the process with its frame ({f['with_frame_mb']:.0f} MB; frame "
        f"{f['frame_mb']:.0f} MB) -> {f['papers']:,} papers"
    )
    if "corpus_s" in f:
        line += f" | pw.Corpus(df) {f['corpus_s']:.1f} s ({f['load_s'] / f['corpus_s']:.1f}x)"
    if "read_parquet_s" in f:
        line += (
            f" | pd.read_parquet {f['read_parquet_s']:.1f} s, pw.load(parquet) "
            f"{f['load_parquet_s']:.1f} s"
        )
    return line
