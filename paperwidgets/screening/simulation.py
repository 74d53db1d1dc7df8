"""A simulation anyone can rerun: the whole screening loop with known labels as the oracle.

``simulate("labelled.csv")`` reads the records (any reader; duplicates removed), screens them
all in the queue's order — each decision is the record's label — and reports how much work
the order saves (WSS@95, RRF@10, metrics.py) and where the stopping rule said stop, with the
recall reached there. The statistical rule screens in the model's order until
``sample_after`` irrelevant records in a row, then draws the queue's random sample until the
test says stop (stopping.py). ``paperwidgets screen simulate FILE.csv`` prints the same as
one JSON line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np

from paperwidgets.errors import LoadError
from paperwidgets.screening import metrics, stopping
from paperwidgets.screening.inputs import identify
from paperwidgets.screening.learner import QueueSettings, permutation
from paperwidgets.screening.queue import Queue, unscreened

RULES = ("statistical", "heuristic")
ORDERS = ("model", "random")
TRUE = {"1", "1.0", "true", "yes", "y", "included", "include"}
FALSE = {"0", "0.0", "false", "no", "n", "excluded", "exclude"}
SUMMARY = ("records", "included", "wss95", "rrf10", "stopped_at", "recall_at_stop", "rule")


@dataclass(frozen=True)
class Stop:
    """Where a rule stopped: records screened, relevant found, and its last check."""

    screened: int
    found: int
    check: stopping.StopCheck


@dataclass(frozen=True)
class Simulation:
    """One simulated screening: the metrics of its order and where its rule stopped."""

    records: int
    included: int
    wss95: float
    rrf10: float
    stopped_at: int
    recall_at_stop: float
    rule: str
    order: str
    seed: int
    check: stopping.StopCheck

    def summary(self) -> dict[str, Any]:
        """The figures `paperwidgets screen simulate` prints (rounded to 4 places)."""
        values = {key: getattr(self, key) for key in SUMMARY}
        return {k: round(v, 4) + 0.0 if isinstance(v, float) else v for k, v in values.items()}

    def to_json(self) -> str:
        return json.dumps(self.summary())


def _label(value: Any, record: str, column: str, name: str) -> int:
    text = str(value).strip().lower() if value is not None else ""
    if text in TRUE or text in FALSE:
        return int(text in TRUE)
    raise LoadError(name, f"label {value!r} in {column!r} is not 0/1 (include/exclude)", record)


def labels_of(papers: Any, column: str, name: str) -> np.ndarray:
    """The 0/1 label of every record, from the table's own column (kept in `extra`)."""
    found = [extra.get(column) if isinstance(extra, dict) else None for extra in papers["extra"]]
    if all(value is None for value in found):
        raise LoadError(name, f"no label column {column!r} (pass --label-column)")
    labels = [_label(v, str(i), column, name) for v, i in zip(found, papers["id"], strict=True)]
    values = np.asarray(labels, dtype=np.int64)
    if not values.sum():
        raise LoadError(name, f"no record is labelled relevant in {column!r}: nothing to find")
    return values


@dataclass(frozen=True)
class Order:
    """Records in screening order (positions), and the step from which the model ranked."""

    positions: np.ndarray
    learned_from: int  # 0 in random order: the heuristic counts from the first record
    kind: str = "model"  # or "random"


def model_order(papers: Any, labels: np.ndarray, settings: QueueSettings) -> Order:
    """Every record in the order the queue proposes them when each decision is its label."""
    queue = Queue(papers, settings, background=False)
    positions = np.empty(len(labels), dtype=np.int64)
    learned_from = len(labels)
    for step in range(len(labels)):
        proposal = queue.propose()[0]
        position = queue.records.at[proposal.record]
        positions[step] = position
        if proposal.mode == "model":
            learned_from = min(learned_from, step)
        decision = "include" if labels[position] else "exclude"
        queue.decide(proposal.record, decision, proposal=proposal)
    return Order(positions, learned_from)


def random_order(n: int, seed: int) -> Order:
    """The records in the queue's seeded random order (no model)."""
    return Order(permutation(n, seed, 0), 0, "random")


def run_ends(labels: np.ndarray, run: int) -> int:
    """Records screened when `run` irrelevant records in a row are first reached (or all)."""
    zeros = np.concatenate(([0], np.cumsum(labels == 0)))
    since_hit = zeros[1:] - np.maximum.accumulate(np.where(labels == 1, zeros[1:], 0))
    hits = np.flatnonzero(since_hit >= run)
    return int(hits[0]) + 1 if hits.size else len(labels)


def heuristic_stop(in_order: np.ndarray, run: int, counted_from: int = 0) -> Stop:
    """Where "stop after `run` irrelevant in a row" stops, counting from the model's start.

    The records of the random start (before the model ranks anything) do not count: in a
    review with 2 % relevant records, 50 irrelevant ones in a row are likely there.
    """
    at = counted_from + run_ends(in_order[counted_from:], run)
    return Stop(at, int(in_order[:at].sum()), stopping.heuristic(in_order[counted_from:at], run))


def statistical_stop(
    order: np.ndarray,
    labels: np.ndarray,
    sample: np.ndarray,
    start: int,
    recall: float = 0.95,
    confidence: float = 0.95,
) -> Stop:
    """Screen `order[:start]`, then draw `sample`'s unscreened records until the test stops."""
    screened = np.zeros(len(labels), dtype=bool)
    screened[order[:start]] = True
    drawn = labels[unscreened(sample, screened)]
    before, urn = int(labels[order[:start]].sum()), len(drawn)
    found = np.cumsum(drawn)
    n = first_stop(before, urn, found, recall, confidence)
    in_sample = int(found[n - 1]) if n else 0
    check = stopping.statistical(before, urn, n, in_sample, recall, confidence)
    return Stop(start + n, before + in_sample, check)


def first_stop(before: int, urn: int, found: np.ndarray, recall: float, confidence: float) -> int:
    """The sample size at which the statistical rule first says stop (the whole urn if never),
    `found` being the relevant records in the sample after each draw.

    For each count k in turn: the draws that hold k, the first of them from which the rule's
    boundary for k is reached, or from which the urn cannot hold K_tar(k) relevant records.
    """
    if not urn:
        return 0
    firsts = np.searchsorted(found, np.arange(int(found[-1]) + 2), side="left") + 1
    for k in range(len(firsts) - 1):
        first, last = int(firsts[k]), int(firsts[k + 1]) - 1
        certain = stopping.certain_from(before, urn, k, recall)
        rule = stopping.boundary(before, urn, k, recall, confidence) if certain > first else first
        at = max(first, min(rule, certain))
        if at <= last:
            return at
    return urn


def stop_of(
    screening: Order,
    labels: np.ndarray,
    seed: int,
    rule: str,
    run: int = stopping.HEURISTIC_RUN,
    recall: float = 0.95,
    confidence: float = 0.95,
    sample_after: int | None = None,
) -> Stop:
    """Where a rule stops a screening in this order.

    Heuristic: after `run` irrelevant records in a row. Statistical: in model order the
    random sample begins after `sample_after` irrelevant records in a row (by default
    ``stopping.sample_after``); in random order the screening is the sample from the start.
    """
    in_order = labels[screening.positions]
    if rule == "heuristic":
        return heuristic_stop(in_order, run, screening.learned_from)
    if screening.kind == "random":  # the screening itself is the random sample
        return statistical_stop(screening.positions, labels, screening.positions, 0, recall,
                                confidence)  # fmt: skip
    after = sample_after or stopping.sample_after(len(labels))
    start = heuristic_stop(in_order, after, screening.learned_from).screened
    sample = permutation(len(labels), seed, 1)
    return statistical_stop(screening.positions, labels, sample, start, recall, confidence)


def simulate(
    source: Any,
    label_column: str = "label_included",
    seed: int = 0,
    recall: float = 0.95,
    confidence: float = 0.95,
    rule: str = "statistical",
    order: str = "model",
    run: int = stopping.HEURISTIC_RUN,
    sample_after: int | None = None,
    format: str | None = None,
) -> Simulation:
    """Screen a labelled listing with its labels as the oracle (see the module docstring)."""
    if rule not in RULES or order not in ORDERS:
        raise ValueError(f"rule must be one of {RULES} and order one of {ORDERS}")
    identified = identify(source, format=format)
    papers, name = identified.corpus.papers, next(iter(identified.sources))
    labels = labels_of(papers, label_column, name)
    if order == "model":
        screening = model_order(papers, labels, QueueSettings(seed=seed))
    else:
        screening = random_order(len(labels), seed)
    stop = stop_of(screening, labels, seed, rule, run, recall, confidence, sample_after)
    in_order = labels[screening.positions]
    return Simulation(
        len(labels), int(labels.sum()), metrics.wss(in_order, 0.95), metrics.rrf(in_order, 0.10),
        stop.screened, stop.found / int(labels.sum()), rule, order, seed, stop.check,
    )  # fmt: skip
