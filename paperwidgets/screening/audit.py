"""The audit trail of a screening: every decision, when, where it stood in the queue, and why.

A log is a list of events in the order they happened. Each event names the record, the
decision (include, exclude, maybe, or undo of the record's last decision), the exclusion
reason, the screener, the time, its step in the log, the record's rank in the queue shown,
and what produced that queue: the model trained on the log's first ``trained_on`` events, the
seeded random start, the random sample for the stopping check, or the screener's own choice.
With the settings the log keeps by digest, that is enough to rebuild every queue
(replay.py). Nothing is ever removed from a log: an undo is an event of its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from paperwidgets.constants import SCREENING_DECISIONS

DECISIONS = SCREENING_DECISIONS  # include, exclude, maybe (constants.json: the widget's keys)
UNDO = "undo"
# what produced the queue a record was taken from
MODES = ("model", "random", "sample", "chosen")
LEARNED = {"include": 1, "exclude": 0}  # maybe is screened but teaches the model nothing


class ScreeningError(ValueError):
    """A screening log or decision that cannot be used; the message says which and why."""


def now() -> str:
    """The time of a decision: ISO 8601 in UTC, to the millisecond."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Event:
    """One entry of the audit trail: a decision on a record, or the undo of its last one."""

    record: str
    decision: str
    reason: str = ""
    note: str = ""
    screener: str = ""
    time: str = ""
    step: int = 0
    rank: int = -1  # the record's place in the queue shown (0 = first); -1: not in it
    mode: str = "chosen"
    trained_on: int = 0
    settings: str = ""  # digest of the queue settings in force (AuditLog.settings)

    def __post_init__(self) -> None:
        if self.decision not in (*DECISIONS, UNDO):
            raise ScreeningError(
                f"record {self.record!r}: decision {self.decision!r} is not one of "
                f"{', '.join((*DECISIONS, UNDO))}"
            )
        if self.mode not in MODES:
            raise ScreeningError(f"record {self.record!r}: queue mode {self.mode!r} is unknown")
        if self.reason and self.decision != "exclude":
            raise ScreeningError(f"record {self.record!r}: only an exclusion has a reason")

    def to_dict(self) -> dict[str, Any]:
        """The event as JSON values (empty text fields left out)."""
        return {k: v for k, v in asdict(self).items() if v != ""}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "") -> Event:
        """An event from its dict; ScreeningError naming the entry when it is not one."""
        known = {f.name: f.type for f in fields(cls)}
        try:
            values = {k: v for k, v in data.items() if k in known}
            for name in ("step", "rank", "trained_on"):
                if name in values:
                    values[name] = _integer(values[name], name)
            for name in ("record", "decision", "reason", "note", "screener", "time", "mode"):
                if name in values and not isinstance(values[name], str):
                    raise ScreeningError(f"{name} is not text")
            return cls(**values)
        except (TypeError, ScreeningError) as err:
            raise ScreeningError(f"{where or 'log entry'}: {err}") from None


def _integer(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScreeningError(f"{name} is not a whole number")
    return value


@dataclass
class AuditLog:
    """The events of one screener's screening, and the queue settings they name by digest."""

    events: list[Event] = field(default_factory=list)
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        given, self.events = self.events, []
        self._stacks: dict[str, list[Event]] = {}  # record -> its decisions in force, last on top
        self._undone: dict[str, Event] = {}  # record -> the decision its last undo took back
        for event in given:
            self.append(event)

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def append(self, event: Event) -> Event:
        """Add an event at the end (its step is set to its place in the log)."""
        if event.settings and event.settings not in self.settings:
            raise ScreeningError(f"settings {event.settings!r} are not in this log")
        stack = self._stacks.setdefault(event.record, [])
        if event.decision == UNDO and not stack:
            raise ScreeningError(f"record {event.record!r} has no decision to undo")
        stamped = Event(**{**asdict(event), "step": len(self.events)})
        self.events.append(stamped)
        if stamped.decision == UNDO:
            self._undone[event.record] = stack.pop()
        else:
            self._undone.pop(event.record, None)
            stack.append(stamped)
        return stamped

    def decision(self, record: str) -> Event | None:
        """The decision in force on a record, or None when it is not screened (now)."""
        stack = self._stacks.get(record)
        return stack[-1] if stack else None

    def undone(self, record: str) -> Event | None:
        """The decision an undo took back on a record, until a new one is made (its note
        comes back with the record, to decide again)."""
        return self._undone.get(record)

    def decisions(self, upto: int | None = None) -> dict[str, Event]:
        """record -> the decision in force after the first `upto` events (all by default)."""
        if upto is None:
            return {record: stack[-1] for record, stack in self._stacks.items() if stack}
        return current(self.events[:upto])

    def to_dict(self) -> dict[str, Any]:
        """The log as JSON values: {"settings": {digest: …}, "events": [...]}."""
        return {"settings": self.settings, "events": [e.to_dict() for e in self.events]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditLog:
        """A log from its JSON values; ScreeningError naming the first bad entry."""
        if not isinstance(data, Mapping) or not isinstance(data.get("events", []), list):
            raise ScreeningError("not a screening log: expected {'settings': …, 'events': [...]}")
        settings = data.get("settings", {})
        if not isinstance(settings, Mapping) or not all(
            isinstance(v, Mapping) for v in settings.values()
        ):
            raise ScreeningError("not a screening log: 'settings' is not a mapping of mappings")
        log = cls(settings={str(k): dict(v) for k, v in settings.items()})
        for step, entry in enumerate(data.get("events", [])):
            if not isinstance(entry, Mapping):
                raise ScreeningError(f"log entry {step}: not a mapping")
            event = Event.from_dict(entry, f"log entry {step}")
            try:
                log.append(event)
            except ScreeningError as err:
                raise ScreeningError(f"log entry {step}: {err}") from None
        return log


def current(events: Iterable[Event]) -> dict[str, Event]:
    """record -> its decision in force: each decision stacks, each undo takes the last off."""
    stacks: dict[str, list[Event]] = {}
    for event in events:
        stack = stacks.setdefault(event.record, [])
        if event.decision == UNDO:
            if stack:
                stack.pop()
        else:
            stack.append(event)
    return {record: stack[-1] for record, stack in stacks.items() if stack}


def training_labels(decisions: Mapping[str, Event]) -> dict[str, int]:
    """record -> 1 (include) or 0 (exclude): what the model learns from (maybe is left out)."""
    return {r: LEARNED[e.decision] for r, e in decisions.items() if e.decision in LEARNED}
