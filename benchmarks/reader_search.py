"""The Reader's search box on big corpora: time to answer a `page` request.

"engine" is the Reader's search (listing.SearchIndex: `corpus.search` relevance + your
notes); "literal AND" is the plain substring filter the Reader used before, for the same-run
ratio. The similarity index is built first and not counted (the Reader's neighbours build it).
Real abstracts resampled to size (benchmarks/similarity_data.py). Prints figures only.
Run: .venv/bin/python benchmarks/reader_search.py [size ...]
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from similarity_data import resampled  # noqa: E402

from paperwidgets.widgets.listing import Filters, SearchIndex, page  # noqa: E402

QUERIES = ["graph neural network", "diffusion", "quantization vision", "reinforcement learning"]


def literal_and(texts, titles, query: str) -> np.ndarray:
    """Papers with every query word in title or abstract; title matches first (the old way)."""
    words = re.findall(r"\w+", query.lower())
    in_text = np.ones(len(texts), bool)
    in_title = np.ones(len(texts), bool)
    for word in words:
        in_text &= texts.str.contains(word, regex=False).to_numpy()
        in_title &= titles.str.contains(word, regex=False).to_numpy()
    return np.concatenate([np.flatnonzero(in_title), np.flatnonzero(in_text & ~in_title)])


def ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def run(size: int) -> None:
    corpus = resampled(size)
    corpus.search("warm up", k=1)  # builds the index
    search = SearchIndex(corpus)
    search.texts()
    titles = corpus.papers["title"].fillna("").str.lower()
    engine, cached, old = [], [], []
    for q in QUERIES:
        engine.append(ms(lambda q=q: page(corpus, search, {}, Filters(query=q))))
        cached.append(ms(lambda q=q: page(corpus, search, {}, Filters(query=q), offset=50)))
        old.append(ms(lambda q=q: literal_and(search.texts(), titles, q)))
    e, c, o = (statistics.median(x) for x in (engine, cached, old))
    print(
        f"{size:>7,} papers: engine search {e:7.1f} ms/query (next page {c:5.1f} ms), "
        f"literal AND {o:7.1f} ms; engine / literal = {e / o:4.2f}"
    )


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [10_000, 100_000]:
        run(n)
