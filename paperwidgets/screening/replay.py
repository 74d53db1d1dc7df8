"""Replaying an audit trail: rebuild every queue a log says its records came from.

Each logged decision names what produced the queue it was taken from (mode), the events the
model had learned (``trained_on``), the settings (by digest) and the record's rank. Replaying
rebuilds those queues from the same records, settings and seed, and checks that each offers
the logged record at the logged rank: the same queue, record for record. Records the screener
picked themselves (mode ``chosen``) and undos have no queue to check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from paperwidgets.screening.audit import UNDO, AuditLog, Event, ScreeningError, training_labels
from paperwidgets.screening.learner import QueueSettings
from paperwidgets.screening.queue import Ranked, Records, unscreened

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Replayed:
    """What the rebuilt queues offered at each step (None: nothing to check), and where not
    the logged record."""

    offered: list[str | None]
    mismatches: list[int] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        """True when every checked step offered the logged record."""
        return not self.mismatches


class _Replayer:
    """The state a queue had at each step of a log, rebuilt event by event."""

    def __init__(self, papers: pd.DataFrame, log: AuditLog):
        self.papers, self.log = papers, log
        self.records: dict[str, Records] = {}
        self.state = AuditLog(settings=dict(log.settings))  # the events up to the step
        self.trainer = AuditLog(settings=dict(log.settings))  # the events the model learned
        self.ranked: dict[tuple[str, int], Ranked | None] = {}
        self.screened = np.zeros(len(papers), dtype=bool)

    def records_of(self, digest: str) -> Records:
        """The records under the settings a log keeps by this digest (checked against it)."""
        if digest not in self.records:
            if digest not in self.log.settings:
                raise ScreeningError(f"the log keeps no queue settings {digest!r}")
            try:
                settings = QueueSettings.from_dict(self.log.settings[digest])
            except ValueError as err:
                raise ScreeningError(f"queue settings {digest!r}: {err}") from None
            if settings.digest() != digest:
                raise ScreeningError(f"queue settings {digest!r} were changed after logging")
            self.records[digest] = Records(self.papers, settings)
        return self.records[digest]

    def model(self, records: Records, digest: str, trained_on: int) -> Ranked | None:
        """The ranking the model trained on the log's first `trained_on` events gives."""
        key = (digest, trained_on)
        if key not in self.ranked:
            if trained_on < len(self.trainer):
                self.trainer = AuditLog(settings=dict(self.log.settings))
            for event in self.log.events[len(self.trainer) : trained_on]:
                self.trainer.append(event)
            labels = training_labels(self.trainer.decisions())
            self.ranked = {key: records.rank(labels, trained_on)}  # keep only the newest
        return self.ranked[key]

    def offered(self, event: Event) -> str | None:
        """The record the queue of this event offered at its rank (None if it had none)."""
        records = self.records_of(event.settings)
        if event.mode == "model":
            ranked = self.model(records, event.settings, event.trained_on)
            if ranked is None:
                return None
            order = ranked.order
        else:
            order = records.start if event.mode == "random" else records.sample
        left = unscreened(order, self.screened)
        return records.ids[left[event.rank]] if 0 <= event.rank < len(left) else None

    def apply(self, event: Event) -> None:
        """Move on past an event: it is now part of the state the next queue sees."""
        self.state.append(event)
        position = self.records_of(event.settings).position(event.record)
        self.screened[position] = self.state.decision(event.record) is not None


def replay(papers: pd.DataFrame, log: AuditLog) -> Replayed:
    """Rebuild each logged queue on these records and compare it with the log, step by step."""
    replayer = _Replayer(papers, log)
    offered: list[str | None] = []
    mismatches: list[int] = []
    for event in log.events:
        checked = event.decision != UNDO and event.mode != "chosen"
        found = replayer.offered(event) if checked else None
        offered.append(found)
        if checked and found != event.record:
            mismatches.append(event.step)
        replayer.apply(event)
    return Replayed(offered, mismatches)
