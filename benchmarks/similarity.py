"""Similarity benchmark: index build, query latency, memory, and same-run ratios to baselines.

    .venv/bin/python benchmarks/similarity.py                 # 1k, 10k, 100k papers
    flock /tmp/pw-heavy.lock .venv/bin/python benchmarks/similarity.py --sizes 1000000
    .venv/bin/python benchmarks/similarity.py --sizes 1000 --quality

Corpora are synthetic papers whose vocabulary grows like real arXiv (similarity_synthetic.py),
or, with ``--corpus resampled``, real abstracts resampled to size (similarity_data.py), or with
``--corpus snapshot`` the synthetic papers written as arXiv's metadata snapshot and read back by
``load_arxiv_snapshot`` (load + index in one process; the new kernel finds the fingerprint by
the file's stamp). Each size runs with a fresh index cache; a second process then loads the
same corpus and times its first query from the cache.
Baselines, timed in the same run on the same TF-IDF rows: a plain scipy inverted-index product
(the query's postings times its weights, top 10 by argpartition: no LSA, no why), scikit-learn
``NearestNeighbors(metric="cosine", algorithm="brute")`` and a per-query ``LinearSVC`` trained
with the query paper as the only positive (as arxiv-sanity-lite does it). With
``--alternatives``, tools a user would pick instead, each in its own process on the same texts
(similarity_alternatives.py): bm25s, scikit-learn ``TfidfVectorizer`` + ``NearestNeighbors``,
model2vec + faiss when installed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from similarity_data import (
    DAILY_CS,
    LABELED,
    precision_at_10,
    read_jsonl,
    resampled,
    screening_sets,
)
from similarity_synthetic import synthetic

from paperwidgets.cache import cache_root
from paperwidgets.corpus import Corpus


def timed(function: Callable[[], object]) -> float:
    """Wall time of one call, in milliseconds."""
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def latencies(function: Callable[[int], object], queries: np.ndarray) -> np.ndarray:
    """Milliseconds per query, one call per query."""
    return np.array([timed(lambda q=q: function(int(q))) for q in queries])


def index_megabytes(corpus: Corpus) -> float:
    """Memory held by the built index: sparse rows, postings copy and dense spaces."""
    index = corpus.similarity.index
    sparse = sum(
        m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in (index.rows, index.postings)
    )
    dense = sum(vectors.nbytes for _, vectors, _ in index.dense)
    return (sparse + dense) / 2**20


def svm_scores(rows, position: int) -> np.ndarray:
    """arxiv-sanity-lite's exemplar SVM: the query paper against every other paper."""
    from sklearn.svm import LinearSVC

    labels = np.zeros(rows.shape[0])
    labels[position] = 1
    model = LinearSVC(class_weight="balanced", max_iter=10000, tol=1e-6, C=0.01)
    return model.fit(rows, labels).decision_function(rows)


SNAPSHOTS = Path(tempfile.gettempdir()) / "pw-bench-snapshots"


def corpus_of(size: int, seed: int, kind: str) -> Corpus:
    """The benchmark corpus: synthetic with a growing vocabulary, resampled real abstracts, or
    the synthetic papers read back from an arXiv snapshot file (written once, kept in /tmp)."""
    if kind == "snapshot":
        from paperwidgets import load_arxiv_snapshot

        return load_arxiv_snapshot(snapshot_file(size, seed))
    return synthetic(size, seed) if kind == "synthetic" else resampled(size, seed)


def snapshot_file(size: int, seed: int) -> Path:
    """The synthetic papers as an arXiv snapshot file, written on first use (kept in /tmp)."""
    from similarity_synthetic import synthetic_papers, write_snapshot

    path = SNAPSHOTS / f"synthetic-{size}-{seed}.json"
    if not path.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        write_snapshot(synthetic_papers(size, seed), path.with_suffix(".tmp"))
        path.with_suffix(".tmp").rename(path)
    return path


class Stopwatch:
    """Seconds spent in some module functions (wrapped in place), summed per name."""

    def __init__(self, *targets: tuple[object, str]):
        self.seconds: dict[str, float] = {}
        for module, name in targets:
            setattr(module, name, self._timed(name, getattr(module, name)))

    def _timed(self, name: str, function: Callable) -> Callable:
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

        return run


def cache_stopwatch() -> Stopwatch:
    """A stopwatch on the steps of a first query: fingerprint, build, store, load of the index."""
    from paperwidgets.similarity import build as similarity_build
    from paperwidgets.similarity import cache as similarity_cache
    from paperwidgets.similarity import engine

    return Stopwatch(
        (engine, "fingerprint"),
        (engine.Similarity, "_remembered_fingerprint"),
        (similarity_build, "build_index"),
        (similarity_cache, "store_index"),
        (similarity_cache, "load_index"),
    )


WARM = """
import json, sys, time
sys.path.insert(0, {here!r})
from similarity import cache_stopwatch, corpus_of
from paperwidgets.similarity import build as similarity_build
from paperwidgets.similarity import cache as similarity_cache
corpus = corpus_of({size}, {seed}, {kind!r})
if len(corpus) > similarity_cache.CACHE_ABOVE:  # smaller corpora are not cached, but rebuilt
    similarity_build.count_corpus = None  # a rebuild would fail: the index comes from the cache
watch = cache_stopwatch()
start = time.perf_counter()
corpus.neighbours(0)
first = time.perf_counter() - start
found = [corpus.neighbours(q, k=10) for q in range(1, 6)]  # the next queries, warm
print(json.dumps({{"first": first, **watch.seconds}}))
"""


def warm_first_query(size: int, seed: int, kind: str) -> dict[str, float]:
    """A fresh process loads the same corpus: its first neighbours query from the index cache."""
    code = WARM.format(here=str(Path(__file__).resolve().parent), size=size, seed=seed, kind=kind)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    steps = {"fingerprint": 0.0, "load_index": 0.0, "_remembered_fingerprint": 0.0}
    return steps | json.loads(done.stdout.splitlines()[-1])


def plain_product(index, position: int) -> np.ndarray:
    """The obvious baseline: the query row's postings times its weights (scipy), top 10."""
    query = index.rows[position]
    scores = index.postings[query.indices].T @ query.data
    best = np.argpartition(-scores, 11)[:11]
    return best[np.argsort(-scores[best])]


def measure(corpus: Corpus, queries: int, seed: int) -> dict[str, float]:
    """Cold build + first query, memory, disk, latencies and the baselines, in milliseconds/MB."""
    from sklearn.neighbors import NearestNeighbors

    size = len(corpus)
    found = {"corpus_mb": current_rss_mb()}
    watch = cache_stopwatch()
    found["cold_ms"] = timed(lambda: corpus.neighbours(0))
    steps = ("fingerprint", "build_index", "store_index", "load_index")
    found |= {f"cold_{name}": watch.seconds.get(name, 0.0) for name in steps}
    found["peak_mb"] = peak_rss_mb()  # before the baselines, which copy the matrix
    found["index_mb"] = index_megabytes(corpus)
    found["disk_mb"] = sum(p.stat().st_size for p in (cache_root() / "index").glob("*.pwc")) / 2**20
    sample = np.random.default_rng(seed).choice(size, min(queries, size), replace=False)
    ours = latencies(lambda q: corpus.neighbours(q, k=10), sample)
    words = corpus.papers["abstract"].str.split().str[10:16].str.join(" ").to_numpy()
    search = latencies(lambda q: corpus.search(words[q], k=10), sample)
    found["p50"], found["p95"] = np.percentile(ours, [50, 95])
    found["s50"], found["s95"] = np.percentile(search, [50, 95])
    index = corpus.similarity.index
    plain = latencies(lambda q: plain_product(index, q), sample)
    found["plain50"], found["plain95"] = np.percentile(plain, [50, 95])
    rows = index.rows
    brute = NearestNeighbors(n_neighbors=11, metric="cosine", algorithm="brute").fit(rows)
    found["nn"] = np.median(latencies(lambda q: brute.kneighbors(rows[q]), sample[:5]))
    svm = latencies(lambda q: svm_scores(rows, q), sample[: 1 if size > 200000 else 3])
    found["svm"] = np.median(svm)
    return found


def benchmark(size: int, queries: int, kind: str, alternatives: bool, seed: int = 0) -> None:
    """Print build time, memory, disk size, latency percentiles, cache and baseline ratios."""
    if kind == "snapshot":
        snapshot_file(size, seed)  # written before the clock starts: loading is timed, not this
    load_average = os.getloadavg()[0]
    start = time.perf_counter()
    corpus = corpus_of(size, seed, kind)
    load_s = time.perf_counter() - start
    f = measure(corpus, queries, seed)
    settings = corpus.similarity_settings
    texts = sample_texts(corpus, queries, seed) if alternatives else None
    del corpus  # the warm process below holds its own copy
    warm = warm_first_query(size, seed, kind)
    fingerprint_s = warm["fingerprint"] + warm["_remembered_fingerprint"]
    print(
        f"{size:>8} papers ({kind}; {settings['method']}, lsa_dims "
        f"{settings['parameters']['lsa_dims']}; load average {load_average:.1f})\n"
        f"  load {load_s:6.1f} s + cold cache: first neighbours query {f['cold_ms'] / 1000:6.1f}"
        f" s (build {f['cold_build_index']:5.1f} s, fingerprint {f['cold_fingerprint']:4.2f} s, "
        f"storing {f['cold_store_index']:4.1f} s) | peak RSS {f['peak_mb']:5.0f} MB (corpus "
        f"alone {f['corpus_mb']:5.0f} MB)\n"
        f"  index {f['index_mb']:5.0f} MB in memory, {f['disk_mb']:5.0f} MB on disk\n"
        f"  warm cache, a new process: first neighbours query {warm['first']:5.2f} s (fingerprint "
        f"{fingerprint_s:4.2f} s, checked index load {warm['load_index']:4.2f} s)"
        f"\n  neighbours p50 {f['p50']:6.2f} ms p95 {f['p95']:6.2f} ms | search p50 "
        f"{f['s50']:6.2f} ms p95 {f['s95']:6.2f} ms\n"
        f"  same run: plain scipy inverted-index product p50 {f['plain50']:6.2f} ms p95 "
        f"{f['plain95']:6.2f} ms = {f['plain50'] / f['p50']:4.2f}x of our p50"
        f" | NearestNeighbors brute p50 {f['nn']:8.1f} ms = {f['nn'] / f['p50']:5.0f}x"
        f" | per-query LinearSVC p50 {f['svm']:8.0f} ms = {f['svm'] / f['p50']:6.0f}x",
        flush=True,
    )
    if texts is not None:
        from similarity_alternatives import compare

        compare(texts, f["p50"], f["s50"], f["peak_mb"])


def sample_texts(corpus: Corpus, queries: int, seed: int) -> dict:
    """What the alternatives need: every paper's text, the sampled queries (as in measure)."""
    from paperwidgets.similarity.settings import paper_texts

    size = len(corpus)
    sample = np.random.default_rng(seed).choice(size, min(queries, size), replace=False)
    words = corpus.papers["abstract"].str.split().str[10:16].str.join(" ").to_numpy()
    return {"texts": paper_texts(corpus.papers), "sample": sample, "words": words[sample]}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Resident memory of this process now."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


QUALITY_SIZES = [30, 60, 100, 200, 300, 500, 1000, 2228]


def subsample(corpus: Corpus, size: int, seed: int) -> Corpus:
    """A random subset of a labelled corpus (fixed seed), as its own corpus."""
    rows = np.sort(np.random.default_rng(seed).choice(len(corpus), size, replace=False))
    return Corpus(corpus.papers.iloc[rows].reset_index(drop=True))


def minilm_lookup(corpus: Corpus) -> Callable[[list[str]], np.ndarray]:
    """all-MiniLM-L6-v2 vectors of every paper, encoded once; subsets look theirs up by text."""
    from paperwidgets.similarity.embeddings import Embedder
    from paperwidgets.similarity.engine import paper_texts

    texts = paper_texts(corpus.papers)
    vectors = Embedder("all-MiniLM-L6-v2").encode_corpus(texts)
    by_text = dict(zip(texts, vectors, strict=True))
    return lambda batch: np.array([by_text[text] for text in batch])


def quality(with_embeddings: bool) -> None:
    """precision@10 (same primary category) per corpus size: plain TF-IDF, default, +MiniLM."""
    labelled = read_jsonl(LABELED)
    minilm = minilm_lookup(labelled) if with_embeddings else None
    print(f"{'corpus':>22} | plain TF-IDF | default (lsa weight) | default+MiniLM 0.5")
    for size in QUALITY_SIZES:
        seeds = range(5 if size < 500 else 2 if size < len(labelled) else 1)
        scores = np.zeros((len(seeds), 3))
        for seed in seeds:
            part = subsample(labelled, min(size, len(labelled)), seed)
            variants = [
                Corpus(part.papers).configure_similarity(lsa_weight=0.0),
                Corpus(part.papers),
            ]
            if minilm:
                variants.append(Corpus(part.papers).use_embeddings(minilm, 0.5, "minilm-lookup"))
            scores[seed, : len(variants)] = [precision_at_10(c) for c in variants]
        weight = variants[1].similarity_settings["parameters"]["lsa_weight"]
        plain, default, with_minilm = scores.mean(axis=0)
        shown = f" {with_minilm:.4f}" if minilm else " (--embeddings)"
        name = f"labelled arXiv {size}"
        print(f"{name:>22} | {plain:12.4f} | {default:12.4f} ({weight:.1f})  |{shown}", flush=True)
    if DAILY_CS.exists():
        listing = read_jsonl(DAILY_CS)
        plain = precision_at_10(Corpus(listing.papers).configure_similarity(lsa_weight=0.0))
        name = f"daily-cs {len(listing)}"
        print(f"{name:>22} | {plain:12.4f} | {precision_at_10(listing):12.4f}")
    screening_quality()


def screening_quality() -> None:
    """precision@10 of the included papers' neighbours (share also included) per screening set."""
    for name, corpus, included in screening_sets():
        queries = np.flatnonzero(included == 1)
        plain = Corpus(corpus.papers).configure_similarity(lsa_weight=0.0)
        figures = [precision_at_10(c, included, queries) for c in (plain, corpus)]
        label = f"{name[:18]} {len(corpus)}"
        print(f"{label:>22} | {figures[0]:12.4f} | {figures[1]:12.4f} ({len(queries)} included)")


def main() -> None:
    """Command line: sizes to benchmark, queries per size, optional quality table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--quality", action="store_true", help="precision@10 on real listings")
    parser.add_argument("--embeddings", action="store_true", help="include all-MiniLM-L6-v2")
    parser.add_argument(
        "--alternatives", action="store_true", help="bm25s, TfidfVectorizer, model2vec + faiss"
    )
    parser.add_argument(
        "--corpus",
        choices=["synthetic", "resampled", "snapshot"],
        default="synthetic",
        help="growing-vocabulary synthetic papers (default) or resampled real abstracts",
    )
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("PAPERWIDGETS_CACHE", tempfile.mkdtemp(prefix="pw-bench-"))
    print(f"{os.cpu_count()} cores; timings are wall-clock on a possibly shared machine")
    if args.quality:
        quality(args.embeddings)
    for size in args.sizes:
        os.environ["PAPERWIDGETS_CACHE"] = tempfile.mkdtemp(prefix="pw-bench-")  # cold
        benchmark(size, args.queries, args.corpus, args.alternatives)


if __name__ == "__main__":
    main()
