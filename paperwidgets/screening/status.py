"""Where a screening stands, from its log: counts, the stopping checks, relevant left.

The statistical check reads the log's current random sample: the unbroken run of decisions
taken from the queue's *sample* mode at the end of the log (undoing one of them keeps the
run; any other decision ends it, and a new sample starts with the next sampled record).
For stopping, *maybe* counts as relevant: a record you may include is one you found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from paperwidgets.screening import stopping
from paperwidgets.screening.audit import UNDO, AuditLog, Event

FOUND = ("include", "maybe")


@dataclass(frozen=True)
class Status:
    """Counts of a screening and what the stopping rules say now."""

    records: int
    screened: int
    included: int
    excluded: int
    maybe: int
    heuristic: stopping.StopCheck
    statistical: stopping.StopCheck | None  # None until a random sample began
    # relevant records still unscreened, estimated from the sample: (estimate, low, high)
    relevant_left: tuple[float, int, int] | None


def sample_start(log: AuditLog) -> int | None:
    """The step at which the log's current random sample began, or None."""
    replayed = AuditLog(settings=dict(log.settings))
    start: int | None = None
    for event in log.events:
        if event.decision == UNDO:
            undone = replayed.decision(event.record)
            if start is None or undone is None or undone.step < start:
                start = None
        elif event.mode == "sample":
            start = event.step if start is None else start
        else:
            start = None
        replayed.append(event)
    return start


def _found(events: Iterable[Event]) -> int:
    return sum(event.decision in FOUND for event in events)


def statistical_check(
    log: AuditLog, records: int, recall: float = 0.95, confidence: float = 0.95
) -> stopping.StopCheck | None:
    """The hypergeometric test on the log's current random sample (None: no sample yet)."""
    start = sample_start(log)
    if start is None:
        return None
    before = log.decisions(upto=start)
    sample = [e for e in log.decisions().values() if e.step >= start]
    urn = records - len(before)
    return stopping.statistical(
        _found(before.values()), urn, len(sample), _found(sample), recall, confidence
    )


def heuristic_check(log: AuditLog, run: int = stopping.HEURISTIC_RUN) -> stopping.StopCheck:
    """Irrelevant records in a row among the decisions in force, from the model's first one."""
    decided = sorted(log.decisions().values(), key=lambda e: e.step)
    learned = next((e.step for e in decided if e.mode == "model"), 0)
    labels = [int(e.decision in FOUND) for e in decided if e.step >= learned]
    return stopping.heuristic(labels, run)


def status(
    log: AuditLog,
    records: int,
    recall: float = 0.95,
    confidence: float = 0.95,
    run: int = stopping.HEURISTIC_RUN,
) -> Status:
    """Counts, both stopping checks and the relevant records left (from the sample)."""
    decided = log.decisions()
    counts = {d: sum(e.decision == d for e in decided.values()) for d in (*FOUND, "exclude")}
    check = statistical_check(log, records, recall, confidence)
    left = None
    if check is not None and check.sample:
        left = stopping.remaining(check.urn, check.sample, check.found_in_sample, confidence)
    return Status(
        records, len(decided), counts["include"], counts["exclude"], counts["maybe"],
        heuristic_check(log, run), check, left,
    )  # fmt: skip
