"""For you: precision@20 of a simulated reader, against listing order and arxiv-sanity-lite.

The labelled arXiv sample (2,228 papers, primary category known; arXiv metadata is CC0) is
split at random into "earlier days" and "today". The reader rated 30 earlier papers: 12 of
category A ★5, 12 of B ★4, 6 of C ★1, kept in a notes file. Today's corpus is then ordered
three ways and scored by the share of its top 20 whose primary category is A or B:

- listing order (what a reader sees without help),
- For you: ``corpus.recommend(notes=path)`` (foryou.py),
- arxiv-sanity-lite's per-query SVM (its TF-IDF settings and LinearSVC, tagged papers as
  positives and every other paper as negatives: ``serve.py`` of karpathy/arxiv-sanity-lite),
- and, for reference, ``corpus.recommend(liked, disliked)`` — the Rocchio profile — fed the
  same ratings (it only sees judged papers inside today's corpus, so they are added to it).

Then, on the screening sets (../shared only), For you and its parts: 10 included papers of a
systematic review as the library, the rest ranked (average precision).

    python benchmarks/foryou.py [path/to/arxiv-labeled-part01.jsonl] [--runs 30]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from similarity_data import LABELED, primary_categories, read_jsonl, screening_sets

from paperwidgets import Corpus
from paperwidgets.notes import Notes

RATINGS = ((5, 12), (4, 12), (1, 6))  # (rating, how many) for categories A, B, C
TOP = 20


def asl_svm(today_texts: list[str], liked_texts: list[str]) -> np.ndarray:
    """arxiv-sanity-lite's ranking: TF-IDF as in its compute.py, LinearSVC as in serve.py."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    vectorizer = TfidfVectorizer(
        input="content", encoding="utf-8", decode_error="replace", strip_accents="unicode",
        lowercase=True, analyzer="word", stop_words="english",
        token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b", ngram_range=(1, 2),
        max_features=20000, norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True,
        max_df=0.1, min_df=5,
    )  # fmt: skip
    x = vectorizer.fit_transform(today_texts + liked_texts)
    y = np.r_[np.zeros(len(today_texts)), np.ones(len(liked_texts))]
    svm = LinearSVC(class_weight="balanced", verbose=False, max_iter=10000, tol=1e-6, C=0.01)
    return svm.fit(x, y).decision_function(x[: len(today_texts)])


def precision(order: np.ndarray, relevant: np.ndarray) -> float:
    return float(relevant[order[:TOP]].mean())


def one_run(full: Corpus, cats: np.ndarray, common: list[str], seed: int, folder: Path) -> dict:
    rng = np.random.default_rng(seed)
    chosen = rng.choice(common, 3, replace=False)
    perm = rng.permutation(len(full))
    earlier, today_rows = perm[: len(full) // 2], perm[len(full) // 2 :]
    notes = Notes(folder / f"notes-{seed}.ipynb")
    rated: list[tuple[int, int]] = []
    for category, (rating, n) in zip(chosen, RATINGS, strict=True):
        for row in [i for i in earlier if cats[i] == category][:n]:
            notes.set(full.paper(int(row)), rating=rating)
            rated.append((int(row), rating))
    today = Corpus(full.papers.iloc[today_rows].reset_index(drop=True))
    relevant = np.isin(cats[today_rows], chosen[:2])
    texts = (full.papers["title"] + ". " + full.papers["abstract"]).tolist()
    started = time.perf_counter()
    for_you = today.recommend(notes=notes.path, k=len(today))
    took = time.perf_counter() - started
    position = {pid: i for i, pid in enumerate(today.papers["id"])}
    results = {
        "listing order": precision(np.arange(len(today)), relevant),
        "For you (notes)": precision(np.array([position[i] for i in for_you["id"]]), relevant),
    }
    liked_texts = [texts[row] for row, rating in rated if rating >= 4]
    results["arxiv-sanity-lite SVM"] = precision(
        np.argsort(-asl_svm([texts[i] for i in today_rows], liked_texts), kind="stable"), relevant
    )
    results["Rocchio recommend()"] = rocchio(full, today_rows, rated, relevant)
    return results | {"_seconds": took}


def rocchio(full: Corpus, today_rows: np.ndarray, rated: list, relevant: np.ndarray) -> float:
    """The older recommend(liked, disliked): judged papers must be in the corpus, so add them."""
    rows = np.r_[today_rows, [row for row, _ in rated]]
    both = Corpus(full.papers.iloc[rows].reset_index(drop=True))
    n = len(today_rows)
    liked = [n + i for i, (_, rating) in enumerate(rated) if rating >= 4]
    disliked = [n + i for i, (_, rating) in enumerate(rated) if rating <= 2]
    ranked = both.recommend(liked, disliked, k=len(both))
    order = [both.position(pid) for pid in ranked["id"]]
    return precision(np.array([p for p in order if p < n]), relevant)


def screening_library(seeds: int = 6, size: int = 10) -> None:
    """A library of `size` included papers of each screening set (../shared, skipped without):
    average precision of the rest ranked by For you (library score + model), by the library
    score alone, by the mean of the 3 closest (before both), and by the library's centroid (a
    Rocchio profile)."""
    from sklearn.metrics import average_precision_score

    from paperwidgets import foryou
    from paperwidgets.similarity.engine import paper_texts

    for name, corpus, included in screening_sets():
        texts, rows = paper_texts(corpus.papers), []
        for seed in range(seeds):
            library = np.random.default_rng(seed).choice(np.flatnonzero(included), size, False)
            rest = np.setdiff1d(np.arange(len(corpus)), library)
            today = Corpus(corpus.papers.iloc[rest].reset_index(drop=True))
            liked = [texts[i] for i in library]
            judged = [foryou.Judgement(str(i), "", texts[i], True, "★5") for i in library]
            ways = [
                foryou.score(today, judged)[0],
                foryou.library_scores(today, liked)[0],
                foryou.closest(today, liked, 3)[0],
                foryou.likeness(today, liked).mean(axis=1),
            ]
            rows.append([average_precision_score(included[rest], w) for w in ways])
        print(f"  {name:32s} AP " + " | ".join(f"{v:.3f}" for v in np.mean(rows, axis=0)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labeled", nargs="?", type=Path, default=LABELED)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if not args.labeled.is_file():
        sys.exit(f"{args.labeled}: the labelled sample is not there (pass its path)")
    full = read_jsonl(args.labeled)
    cats = primary_categories(full)
    names, counts = np.unique(cats, return_counts=True)
    common = sorted(str(c) for c, n in zip(names, counts, strict=True) if n >= 60)
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(args.runs):
            runs.append(one_run(full, cats, common, seed, Path(folder)))
    print(f"precision@{TOP}, {args.runs} simulated readers ({len(full)} papers, half 'today';")
    print(f"30 ratings each: 12 ★5 + 12 ★4 in two categories, 6 ★1 in a third; {len(common)}"
          " categories with 60+ papers)")  # fmt: skip
    print(f"{'ranking':24s} {'mean':>6s} {'min':>6s} {'max':>6s}")
    for name in [k for k in runs[0] if not k.startswith("_")]:
        values = np.array([run[name] for run in runs])
        print(f"{name:24s} {values.mean():6.3f} {values.min():6.2f} {values.max():6.2f}")
    base = np.mean([run["listing order"] for run in runs])
    fy = np.mean([run["For you (notes)"] for run in runs])
    svm = np.mean([run["arxiv-sanity-lite SVM"] for run in runs])
    print(
        f"For you / listing order: {fy / base:.1f}x; For you / arxiv-sanity-lite: {fy / svm:.2f}x"
    )
    seconds = np.median([run["_seconds"] for run in runs])
    print(
        f"For you ranking time (index build + 30 judgements, ~1.1k papers): {seconds:.2f} s median"
    )
    print("Screening sets, 10 included papers as the library, 6 seeds: average precision of")
    print("  For you | its library score alone | mean of the 3 closest | centroid (Rocchio)")
    screening_library()


if __name__ == "__main__":
    main()
