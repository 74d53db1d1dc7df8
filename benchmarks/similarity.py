"""Similarity benchmark: index build, query latency, memory, and same-run ratios to baselines.

    .venv/bin/python benchmarks/similarity.py                 # 1k, 10k, 100k papers
    .venv/bin/python benchmarks/similarity.py --sizes 1000 --quality

Corpora are real abstracts from ../shared/data resampled to size (see similarity_data.py).
Baselines, timed in the same run on the same TF-IDF rows: scikit-learn
``NearestNeighbors(metric="cosine", algorithm="brute")`` and a per-query ``LinearSVC`` trained
with the query paper as the only positive (as arxiv-sanity-lite does it).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from similarity_data import DAILY_CS, LABELED, precision_at_10, read_jsonl, resampled

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


def benchmark(size: int, queries: int, seed: int = 0) -> None:
    """Print build time, latency percentiles, memory and baseline ratios for one size."""
    from sklearn.neighbors import NearestNeighbors

    corpus = resampled(size, seed)
    build_s = timed(lambda: corpus.similarity.index) / 1000
    build_rss = peak_rss_mb()  # before the baselines, which copy the matrix
    sample = np.random.default_rng(seed).choice(size, min(queries, size), replace=False)
    ours = latencies(lambda q: corpus.neighbours(q, k=10), sample)
    words = corpus.papers["abstract"].str.split().str[10:16].str.join(" ").to_numpy()
    search = latencies(lambda q: corpus.search(words[q], k=10), sample)
    rows = corpus.similarity.index.rows
    brute = NearestNeighbors(n_neighbors=11, metric="cosine", algorithm="brute").fit(rows)
    nn = latencies(lambda q: brute.kneighbors(rows[q]), sample[: max(5, queries // 10)])
    svm = latencies(lambda q: svm_scores(rows, q), sample[:3])
    p50 = np.percentile(ours, 50)
    print(
        f"{size:>7} papers | build {build_s:5.1f} s | neighbours p50 {p50:6.2f} ms "
        f"p95 {np.percentile(ours, 95):6.2f} ms | search p50 {np.percentile(search, 50):6.2f} ms "
        f"| index {index_megabytes(corpus):4.0f} MB, peak RSS after build {build_rss:5.0f} MB\n"
        f"{'':>7}        | NearestNeighbors brute p50 {np.median(nn):8.1f} ms = "
        f"{np.median(nn) / p50:6.0f}x | per-query LinearSVC p50 {np.median(svm):8.0f} ms = "
        f"{np.median(svm) / p50:6.0f}x   ({corpus.similarity_settings['method']}, "
        f"lsa_dims {corpus.similarity_settings['parameters']['lsa_dims']})",
        flush=True,
    )


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


QUALITY_SIZES = [30, 60, 100, 200, 300, 500, 1000, 2228]


def subsample(corpus: Corpus, size: int, seed: int) -> Corpus:
    """A random subset of a labelled corpus (fixed seed), as its own corpus."""
    rows = np.sort(np.random.default_rng(seed).choice(len(corpus), size, replace=False))
    return Corpus(corpus.papers.iloc[rows].reset_index(drop=True))


def minilm_lookup(corpus: Corpus) -> Callable[[list[str]], np.ndarray]:
    """all-MiniLM-L6-v2 vectors of every paper, encoded once; subsets look theirs up by text."""
    from paperwidgets.embeddings import Embedder
    from paperwidgets.similarity import paper_texts

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


def main() -> None:
    """Command line: sizes to benchmark, queries per size, optional quality table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--quality", action="store_true", help="precision@10 on real listings")
    parser.add_argument("--embeddings", action="store_true", help="include all-MiniLM-L6-v2")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("PAPERWIDGETS_CACHE", tempfile.mkdtemp(prefix="pw-bench-"))
    print(f"{os.cpu_count()} cores; timings are wall-clock on a possibly shared machine")
    if args.quality:
        quality(args.embeddings)
    for size in args.sizes:
        benchmark(size, args.queries)


if __name__ == "__main__":
    main()
