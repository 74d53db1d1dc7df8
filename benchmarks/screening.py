"""Screening: the work the learned queue saves, and where each stopping rule stops.

For each labelled dataset in ``../shared/data/benchmarks/screening/`` beside the repository
(ASReview's collection: title, abstract, label_included; skipped cleanly when absent) and
each of ``--seeds`` seeds, the whole loop is simulated with the labels as the oracle
(``paperwidgets.screening.simulation``, the code ``paperwidgets screen simulate`` runs):

- **model order** (the queue as the widget runs it, retrained after every decision):
  WSS@95 and RRF@10; the **statistical rule** (Callaghan & Müller-Hansen 2020, counting
  its earlier looks: a random sample begins after max(50, 5 % of the records) irrelevant
  records in a row; recall 95 %, confidence 95 %): records screened and recall at the stop,
  and the share of runs that reached the recall target; the **heuristic** (stop after 50
  irrelevant in a row), the same;
- **random order** (screening without a model): the same figures; the statistical rule is
  then a random sample from the first record.

``--retrain`` times one retrain (TF-IDF fit once, then SVM fit + ranking) at 2,000 and
10,000 records, and the main thread's wait per decision with the retrain on the worker
thread against retraining in line.

    flock /tmp/pw-heavy.lock .venv/bin/python benchmarks/screening.py [--seeds 20] [--retrain]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from paperwidgets.screening import metrics, simulation
from paperwidgets.screening.learner import QueueSettings
from paperwidgets.screening.queue import Queue, Records

HERE = Path(__file__).resolve()
# where the team's shared data sits above the repository (a worktree is one level deeper)
SHARED = next((p / "shared" for p in HERE.parents if (p / "shared" / "data").is_dir()), HERE)
DATA = SHARED / "data" / "benchmarks" / "screening"
COLUMNS = [
    "dataset", "records", "included", "order", "WSS@95", "RRF@10",
    "stat. screened", "stat. recall", "stat. ≥ target", "heur. screened", "heur. recall",
    "heur. ≥ target",
]  # fmt: skip


def datasets(names: list[str]) -> list[Path]:
    found = sorted(p for p in DATA.glob("*_*.csv") if p.stem != "index")
    return [p for p in found if not names or p.stem in names]


def figures(order: simulation.Order, labels: np.ndarray, seed: int, recall: float) -> dict:
    """One run's figures: the order's metrics and where each rule stopped."""
    in_order = labels[order.positions]
    total = int(labels.sum())
    stat = simulation.stop_of(order, labels, seed, "statistical", recall=recall)
    heur = simulation.stop_of(order, labels, seed, "heuristic")
    return {
        "WSS@95": metrics.wss(in_order, 0.95),
        "RRF@10": metrics.rrf(in_order, 0.10),
        "stat. screened": stat.screened / len(labels),
        "stat. recall": stat.found / total,
        "stat. ≥ target": float(stat.found / total >= recall),
        "heur. screened": heur.screened / len(labels),
        "heur. recall": heur.found / total,
        "heur. ≥ target": float(heur.found / total >= recall),
    }


def model_order(
    path: Path,
    papers: pd.DataFrame,
    labels: np.ndarray,
    seed: int,
    batch: int,
    orders: Path | None,
) -> simulation.Order:
    """The queue's order for one seed, kept in `orders` (if given) to test rules on it again.

    The ordering is the slow part (a retrain per decision); a stopping rule reads it only.
    """
    cached = orders / f"{path.stem}-batch{batch}-seed{seed}.npy" if orders else None
    if cached and cached.is_file():
        saved = np.load(cached)
        return simulation.Order(saved[1:], int(saved[0]))
    order = simulation.model_order(papers, labels, QueueSettings(seed=seed, batch=batch))
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.save(cached, np.concatenate(([order.learned_from], order.positions)))
    return order


def run_dataset(
    path: Path, seeds: int, batch: int, recall: float, orders: Path | None = None
) -> list[dict]:
    """Mean figures over the seeds, in model and in random order."""
    papers = simulation.identify(str(path)).corpus.papers
    labels = simulation.labels_of(papers, "label_included", path.name)
    runs: dict[str, list[dict]] = {"model": [], "random": []}
    for seed in range(seeds):
        order = model_order(path, papers, labels, seed, batch, orders)
        runs["model"].append(figures(order, labels, seed, recall))
        runs["random"].append(figures(simulation.random_order(len(labels), seed), labels,
                                      seed, recall))  # fmt: skip
        run = runs["model"][-1]
        print(f"  {path.stem} seed {seed}: WSS@95 {run['WSS@95']:.3f}, statistical rule "
              f"stopped at {run['stat. screened']:.3f} with recall {run['stat. recall']:.3f}",
              file=sys.stderr, flush=True)  # fmt: skip
    rows = []
    for kind, found in runs.items():
        means = pd.DataFrame(found).mean().to_dict()
        rows.append({"dataset": path.stem, "records": len(labels),
                     "included": int(labels.sum()), "order": kind, **means})  # fmt: skip
    return rows


def markdown(table: pd.DataFrame) -> str:
    """The table as Markdown: shares as percentages, WSS and RRF to two places."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in table.to_dict("records"):
        cells = []
        for column in COLUMNS:
            value = row[column]
            if column in ("WSS@95", "RRF@10", "stat. recall", "heur. recall"):
                cells.append(f"{value:.2f}")
            elif column.endswith(("screened", "target")):
                cells.append(f"{value:.0%}")
            else:
                cells.append(f"{value:,}" if isinstance(value, int) else str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def retrain_times(paths: list[Path], sizes: tuple[int, ...] = (2000, 10000)) -> None:
    """Seconds per retrain at each size, and what the main thread waits per decision."""
    # scikit-learn imported before timing, as in a kernel that has screened before
    import sklearn.feature_extraction.text
    import sklearn.svm  # noqa: F401

    frames = [pd.read_csv(p, usecols=["title", "abstract", "label_included"]) for p in paths]
    pool = pd.concat(frames, ignore_index=True).sample(frac=1.0, random_state=0)
    for size in sizes:
        if size > len(pool):
            print(f"{size:,} records: only {len(pool):,} in the datasets, skipped")
            continue
        part = pool.head(size).reset_index(drop=True)
        papers = simulation.identify(part.drop(columns="label_included")).corpus.papers
        labels = dict(zip(papers["id"], part["label_included"].astype(int), strict=True))
        records = Records(papers, QueueSettings())
        start = time.perf_counter()
        records.matrix()
        features = time.perf_counter() - start
        for share in (0.05, 0.25, 0.5):
            known = dict(list(labels.items())[: int(share * size)])
            took = []
            for _ in range(3):
                start = time.perf_counter()
                records.rank(known, len(known))
                took.append(time.perf_counter() - start)
            print(f"{size:,} records, {len(known):,} decided: retrain {np.median(took):.3f} s "
                  f"(TF-IDF of the records, once: {features:.1f} s)")  # fmt: skip
        waits(papers, labels)


def waits(papers: pd.DataFrame, labels: dict[str, int]) -> None:
    """The main thread's time per decision + next proposal: worker-thread retrain vs in line."""
    for background, decisions in ((True, 300), (False, 100)):
        queue = Queue(papers, QueueSettings(), background=background)
        queue.records.matrix()
        took = []
        for _ in range(decisions):
            start = time.perf_counter()
            proposal = queue.propose()[0]
            decision = "include" if labels[proposal.record] else "exclude"
            queue.decide(proposal.record, decision, proposal=proposal)
            took.append(time.perf_counter() - start)
            time.sleep(0.02)  # a very fast screener: 50 decisions a second
        queue.wait()
        queue.close()
        p50, p95, worst = np.percentile(took, [50, 95, 100]) * 1000
        where = "on the worker thread" if background else "in line (main thread)"
        print(f"  retrain {where}, {decisions} decisions 20 ms apart: each waits "
              f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.0f} ms")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--batch", type=int, default=1, help="retrain after this many decisions")
    parser.add_argument("--recall", type=float, default=0.95)
    parser.add_argument("--datasets", nargs="*", default=[], help="dataset names (default all)")
    parser.add_argument("--retrain", action="store_true", help="time the retrains instead")
    parser.add_argument(
        "--rows",
        type=Path,
        help="add this run's rows to a CSV and print the table of all of it "
        "(run one dataset at a time under the heavy-work lock, then the table is whole)",
    )
    parser.add_argument(
        "--orders",
        type=Path,
        help="keep each seed's queue order in this folder and reuse it on the next run",
    )
    args = parser.parse_args()
    paths = datasets(args.datasets)
    if not paths:
        print(f"skipped: no labelled datasets in {DATA}")
        return 0
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores)")
    if args.retrain:
        retrain_times(paths)
    else:
        rows = [row for path in paths for row in run_dataset(path, args.seeds, args.batch,
                                                             args.recall, args.orders)]  # fmt: skip
        table = pd.DataFrame(rows)
        if args.rows:
            earlier = pd.read_csv(args.rows) if args.rows.exists() else table.iloc[:0]
            kept = earlier[~earlier["dataset"].isin(table["dataset"])]
            table = pd.concat([kept, table], ignore_index=True).sort_values(["dataset", "order"])
            table.to_csv(args.rows, index=False)
        means = table.groupby("order", sort=False)[COLUMNS[4:]].mean().reset_index()
        means["dataset"], means["records"], means["included"] = "mean", "", ""
        print(markdown(pd.concat([table, means[table.columns]], ignore_index=True)))
        print(f"{args.seeds} seeds per dataset, retrain every {args.batch} decision(s)")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
