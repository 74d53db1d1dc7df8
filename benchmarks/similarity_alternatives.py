"""The tools a user would pick instead of paperwidgets' similarity, on the same papers' texts.

Each runs in its own process (its build time and peak RSS are its own): bm25s (BM25; "more
like this" = the paper's whole text as the query), scikit-learn ``TfidfVectorizer`` (words and
bigrams, sublinear tf, English stop words, min_df 2) + ``NearestNeighbors`` brute cosine, and
model2vec (potion-base-8M) + a faiss flat inner-product index when both are installed. Used
by ``benchmarks/similarity.py --alternatives``; prints one line per tool with same-run ratios.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

MLT_QUERIES = 50  # whole-text queries are heavier: fewer of them
RUN = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {here!r})
from similarity_alternatives import {tool} as run
texts = Path({texts!r}).read_text(encoding="utf-8").split("\\n")
ask = json.loads(Path({ask!r}).read_text())
start = time.perf_counter()
mlt, search = run(texts, ask["sample"], ask["words"])
status = Path("/proc/self/status").read_text()
peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps({{"mlt": mlt, "search": search, "peak_mb": peak, **ask.get("extra", {{}})}}))
"""


def timed_ms(function, values) -> list[float]:
    out = []
    for value in values:
        start = time.perf_counter()
        function(value)
        out.append((time.perf_counter() - start) * 1000)
    return out


def bm25(texts: list[str], sample: list[int], words: list[str]) -> tuple[dict, list[float]]:
    import bm25s

    start = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
    build = time.perf_counter() - start

    def ask(text: str) -> None:
        tokens = bm25s.tokenize([text], stopwords="en", show_progress=False)
        retriever.retrieve(tokens, k=11, show_progress=False)

    mlt = timed_ms(ask, [texts[q] for q in sample[:MLT_QUERIES]])
    return {"build": build, "times": mlt}, timed_ms(ask, words)


def tfidf(texts: list[str], sample: list[int], words: list[str]) -> tuple[dict, list[float]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    start = time.perf_counter()
    vectorizer = TfidfVectorizer(
        sublinear_tf=True, stop_words="english", ngram_range=(1, 2), min_df=2, dtype=np.float32
    )
    rows = vectorizer.fit_transform(texts)
    brute = NearestNeighbors(n_neighbors=11, metric="cosine", algorithm="brute").fit(rows)
    build = time.perf_counter() - start
    mlt = timed_ms(lambda q: brute.kneighbors(rows[q]), sample[:5])
    search = timed_ms(lambda w: brute.kneighbors(vectorizer.transform([w])), words[:5])
    return {"build": build, "times": mlt}, search


def model2vec_faiss(texts, sample, words) -> tuple[dict, list[float]]:
    import faiss
    from model2vec import StaticModel

    model = StaticModel.from_pretrained("minishlab/potion-base-8M")
    start = time.perf_counter()
    vectors = np.asarray(model.encode(texts), np.float32)
    faiss.normalize_L2(vectors)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    build = time.perf_counter() - start
    mlt = timed_ms(lambda q: flat.search(vectors[q : q + 1], 11), sample)

    def ask(text: str) -> None:
        query = np.asarray(model.encode([text]), np.float32)
        faiss.normalize_L2(query)
        flat.search(query, 10)

    return {"build": build, "times": mlt}, timed_ms(ask, words)


TOOLS = {
    "bm25s": ("bm25", ["bm25s"]),
    "TfidfVectorizer + NearestNeighbors": ("tfidf", ["sklearn"]),
    "model2vec + faiss flat": ("model2vec_faiss", ["model2vec", "faiss"]),
}


def compare(found: dict, our_p50: float, our_s50: float, our_peak_mb: float) -> None:
    """One line per installed tool: build, peak RSS, "more like this" and search p50, ratios."""
    import importlib.util

    here = str(Path(__file__).resolve().parent)
    with tempfile.TemporaryDirectory() as folder:
        texts, ask = Path(folder) / "texts.txt", Path(folder) / "ask.json"
        texts.write_text("\n".join(found["texts"]), encoding="utf-8")
        sample = [int(q) for q in found["sample"]]
        ask.write_text(json.dumps({"sample": sample, "words": list(found["words"])}))
        for name, (tool, modules) in TOOLS.items():
            if not all(importlib.util.find_spec(m) for m in modules):
                print(f"  {name}: not installed (pip install {' '.join(modules)})", flush=True)
                continue
            code = RUN.format(here=here, tool=tool, texts=str(texts), ask=str(ask))
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
            if done.returncode:
                print(f"  {name}: failed: {done.stderr.strip()[-300:]}", flush=True)
                continue
            result = json.loads(done.stdout.splitlines()[-1])
            mlt, search = np.median(result["mlt"]["times"]), np.median(result["search"])
            print(
                f"  same run, {name}: build {result['mlt']['build']:6.1f} s, peak RSS "
                f"{result['peak_mb']:5.0f} MB (ours {our_peak_mb:5.0f}) | more like this p50 "
                f"{mlt:8.2f} ms = {mlt / our_p50:6.2f}x our neighbours | search p50 "
                f"{search:7.2f} ms = {search / our_s50:5.2f}x our search",
                flush=True,
            )
