"""A screening kept in a notes notebook: the queue, your log on disk, and the team's logs.

``Screening(papers, notes, name)`` reads your log of ``name`` back from the notes file (a
kernel restart or a reopened notebook carries on where you were), and writes every decision
and undo to it before the call returns (``Notes.add_screening_event``: under the file's lock,
atomically). Each person screens into their own log (the ``Notes`` user); merging a
colleague's notes file brings theirs beside yours, which gives the agreement and the
disagreement queue. Resolving a disagreement is a decision in the log ``<name>.resolved``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from paperwidgets.screening.agreement import Agreement, Disagreement, agreement
from paperwidgets.screening.audit import AuditLog, Event, ScreeningError, now
from paperwidgets.screening.learner import QueueSettings
from paperwidgets.screening.queue import Proposal, Queue
from paperwidgets.screening.status import Status, status

if TYPE_CHECKING:
    import pandas as pd

    from paperwidgets.notes.store import Notes

RESOLVED = ".resolved"  # the suffix of the log that holds resolved disagreements


@dataclass(frozen=True)
class Team:
    """Two screeners' agreement and the disagreements no one has resolved yet."""

    agreement: Agreement
    open: list[Disagreement]


class Screening:
    """Screen ``papers`` into ``notes`` (as its user), under the name ``name``."""

    def __init__(
        self,
        papers: pd.DataFrame,
        notes: Notes,
        name: str = "screening",
        settings: QueueSettings | None = None,
        background: bool = True,
    ):
        self.papers, self.notes, self.name = papers, notes, name
        self.settings = settings or QueueSettings()
        self.background = background
        self.queue = self._queue()

    def _queue(self) -> Queue:
        """The queue over your log as the notes file holds it."""
        stored = self.notes.screening(self.name).get(self.notes.user)
        log = AuditLog.from_dict(stored) if stored else AuditLog()
        return Queue(self.papers, self.settings, log, self.notes.user, self.background)

    @property
    def log(self) -> AuditLog:
        return self.queue.log

    def _saved(self, event: Event | None) -> Event | None:
        """Write the queue's newest event to the notes file; on failure the queue is read
        back from the file (nothing half-done stays) and the error is raised."""
        if event is None:
            return None
        digest = event.settings
        try:
            self.notes.add_screening_event(
                self.name, event.to_dict(), {digest: self.log.settings[digest]}
            )
        except Exception:
            self.queue.close()
            self.queue = self._queue()
            raise
        return event

    def propose(self) -> Proposal | None:
        """The record to screen next, or None when every record is screened."""
        found = self.queue.propose(1)
        return found[0] if found else None

    def decide(
        self, record: str, decision: str, reason: str = "", note: str = "",
        proposal: Proposal | None = None,
    ) -> Event:  # fmt: skip
        """Decide on a record; on disk when this returns."""
        event = self.queue.decide(record, decision, reason, note, proposal)
        saved = self._saved(event)
        assert saved is not None
        return saved

    def undo(self) -> Event | None:
        """Take back your last decision in force (an undo event, on disk); None if none."""
        return self._saved(self.queue.undo())

    def status(self, recall: float = 0.95, confidence: float = 0.95) -> Status:
        """Counts and both stopping checks now."""
        return status(self.log, len(self.queue.records), recall, confidence)

    def others(self) -> dict[str, AuditLog]:
        """The other screeners' logs of this screening (merged in from their notes files)."""
        logs = self.notes.screening(self.name)
        return {p: AuditLog.from_dict(v) for p, v in logs.items() if p != self.notes.user}

    def resolutions(self) -> AuditLog:
        """The resolved disagreements (by anyone resolving them in this file)."""
        logs = self.notes.screening(self.name + RESOLVED)
        log = AuditLog()
        for person in sorted(logs):
            for event in AuditLog.from_dict(logs[person]).decisions().values():
                log.append(event)
        return log

    def team(self) -> Team | None:
        """Your agreement with the first other screener; None when no one else screened."""
        others = self.others()
        if not others:
            return None
        other = sorted(others)[0]
        found = agreement(self.log.decisions(), others[other].decisions(), (self.notes.user, other))
        done = self.resolutions().decisions()
        return Team(found, [d for d in found.disagreements if d.record not in done])

    def resolve(self, record: str, decision: str, reason: str = "", note: str = "") -> Event:
        """Settle a disagreement on a record with the final decision (on disk on return)."""
        team = self.team()
        if team is None or record not in {d.record for d in team.agreement.disagreements}:
            raise ScreeningError(f"record {record!r} is not a disagreement of this screening")
        event = Event(record, decision, reason, note, screener=self.notes.user, time=now())
        self.notes.add_screening_event(self.name + RESOLVED, event.to_dict(), {})
        return event

    def close(self) -> None:
        """Stop the queue's worker thread."""
        self.queue.close()
