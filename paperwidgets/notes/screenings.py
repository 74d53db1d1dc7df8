"""Screening logs kept in a notes notebook (``metadata.paperwidgets.screening``).

Each screening (by name) holds one audit log per screener: ``{name: {screener: {"settings":
{digest: {...}}, "events": [...]}}}``. A ``Notes`` appends only to its own user's log, under
the store's lock, saved on return (one decision, one atomic write). Logs only grow, so two
copies merge by prefix: a copy that extends the one here replaces it; two copies of one
person's log that went different ways keep the one here, and the merge names them. The store
keeps the events as JSON values; ``paperwidgets.screening`` gives them meaning (``AuditLog``).
The Markdown export counts them (PRISMA 2020's screening stages), so a notes file reports its
screenings without the package that ran them.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperwidgets.constants import SCREENING_DECISIONS
from paperwidgets.notes.cells import KEY
from paperwidgets.notes.document import Doc
from paperwidgets.notes.live import LiveFile, live_file
from paperwidgets.notes.markdown import markdown_text
from paperwidgets.notes.nbfile import NotesFileError
from paperwidgets.notes.people import check_name

SCREENING = "screening"
_log_warning = logging.getLogger(__name__)
Log = dict[str, Any]  # {"settings": {digest: {...}}, "events": [{...}, ...]}
Logs = dict[str, dict[str, Log]]  # screening name -> screener -> log
UNDO = "undo"
NO_REASON = "no reason given"


def _log(value: Any) -> Log | None:
    """A stored log as JSON values, or None when it is not one (skipped, never guessed)."""
    if not isinstance(value, Mapping):
        return None
    settings, events = value.get("settings", {}), value.get("events", [])
    if not isinstance(settings, Mapping) or not isinstance(events, list):
        return None
    if not all(isinstance(e, Mapping) for e in events):
        return None
    return {"settings": dict(settings), "events": list(events)}


def logs_in(doc: Doc | None) -> Logs:
    """Every screening of a document: name -> screener -> log (malformed parts left out)."""
    found = doc.notebook["metadata"].get(KEY, {}).get(SCREENING) if doc is not None else None
    if not isinstance(found, Mapping):
        return {}
    out: dict[str, dict[str, Log]] = {}
    for name, people in found.items():
        if isinstance(people, Mapping):
            logs = {str(p): log for p, value in people.items() if (log := _log(value)) is not None}
            out[str(name)] = logs
    return out


def _store(doc: Doc, logs: dict[str, dict[str, Log]]) -> None:
    marker = doc.notebook["metadata"][KEY]
    if logs:
        marker[SCREENING] = {n: dict(sorted(p.items())) for n, p in sorted(logs.items())}
    else:
        marker.pop(SCREENING, None)


def _extends(longer: list[Any], shorter: list[Any]) -> bool:
    return len(longer) >= len(shorter) and longer[: len(shorter)] == shorter


def merge_logs(doc: Doc, theirs: dict[str, dict[str, Log]]) -> list[str]:
    """Fold another file's logs into ``doc`` (prefix rule); the logs taken, one line each."""
    logs, changes = logs_in(doc), []
    for name, people in theirs.items():
        mine = logs.setdefault(name, {})
        for person, log in people.items():
            here = mine.get(person)
            if here is None or (
                _extends(log["events"], here["events"]) and log["events"] != here["events"]
            ):
                settings = {**(here or {}).get("settings", {}), **log["settings"]}
                mine[person] = {"settings": settings, "events": copy.deepcopy(log["events"])}
                changes.append(f"{name}: {person}'s log taken ({len(log['events'])} events)")
            elif not _extends(here["events"], log["events"]):
                _log_warning.warning("%s: %s's two logs differ; the one here is kept", name, person)
    if changes:
        _store(doc, logs)
    return changes


def logs_of(other: str | os.PathLike[str] | Any) -> dict[str, dict[str, Log]]:
    """The logs a colleague's notes file holds (a ``Notes``, or a path the merge just read:
    a notebook that is not a notes file, such as a working notebook, holds none)."""
    live = getattr(other, "_live", None)
    if not isinstance(live, LiveFile):
        live = live_file(Path(os.path.realpath(Path(other).expanduser())))
    with live.mutex:
        try:
            return logs_in(live.current())
        except NotesFileError:
            return {}


def in_force(events: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The decision in force on each record: decisions stack, an undo takes the last off
    (the rule of ``screening.audit``, on the stored JSON)."""
    stacks: dict[str, list[Mapping[str, Any]]] = {}
    for event in events:
        stack = stacks.setdefault(str(event.get("record", "")), [])
        if event.get("decision") == UNDO and stack:
            stack.pop()
        elif event.get("decision") in SCREENING_DECISIONS:
            stack.append(event)
    return [stack[-1] for stack in stacks.values() if stack]


STAGE_OF = {"include": "included", "exclude": "excluded", "maybe": "maybe (undecided)"}
STAGES = ("screened", "excluded", "maybe (undecided)", "included")  # PRISMA's order
ELSEWHERE = (
    "Records identified, duplicates removed and records not screened depend on the records "
    "read: `paperwidgets.screening.prisma(log, identify(…))` gives them."
)


def prisma_rows(events: list[Mapping[str, Any]]) -> Counter[tuple[str, str]]:
    """(stage, detail) -> records: PRISMA 2020's screening stages of one screener's log."""
    decided = in_force(events)
    rows = Counter({("screened", ""): len(decided)})
    for event in decided:
        rows[(STAGE_OF[event["decision"]], "")] += 1
        if event["decision"] == "exclude":
            rows[("excluded", str(event.get("reason") or NO_REASON))] += 1
    return rows


def _row(cells: list[str]) -> str:
    """A Markdown table row; each cell's text on one line, escaped."""
    return "| " + " | ".join(markdown_text(" ".join(cell.split())) for cell in cells) + " |"


def prisma_markdown(name: str, logs: Mapping[str, Log]) -> str:
    """A screening's PRISMA 2020 counts as a Markdown section, a column per screener."""
    counts = [prisma_rows(log["events"]) for log in logs.values()]
    totals: Counter[tuple[str, str]] = sum(counts, Counter())
    reasons = sorted((key for key in totals if key[1]), key=lambda key: -totals[key])
    order = sorted([(stage, "") for stage in STAGES] + reasons, key=lambda k: STAGES.index(k[0]))
    table = [_row(["stage", "detail", *logs]), "|---|---|" + "---:|" * len(logs)]
    table += [
        _row([stage, why, *(f"{rows[(stage, why)]:,}" for rows in counts)]) for stage, why in order
    ]
    heading = f"## PRISMA 2020 counts: screening “{markdown_text(' '.join(name.split()))}”"
    return "\n\n".join([heading, ELSEWHERE, "\n".join(table)])


class ScreeningLogs:
    """The ``Notes`` methods for screening logs (see the module's docstring)."""

    user: str
    _live: LiveFile

    if TYPE_CHECKING:

        def _reading(self) -> contextlib.AbstractContextManager[Doc]: ...

        def _writing(self) -> contextlib.AbstractContextManager[Doc]: ...

    def screenings(self) -> list[str]:
        """The names of the screenings kept in this file."""
        with self._reading() as doc:
            return sorted(logs_in(doc))

    def screening_logs(self) -> Logs:
        """Every screening kept here: name -> screener -> {settings, events}."""
        with self._reading() as doc:
            return copy.deepcopy(logs_in(doc))

    def screening(self, name: str) -> dict[str, Log]:
        """Every screener's log of screening ``name``: screener -> {settings, events}."""
        with self._reading() as doc:
            return copy.deepcopy(logs_in(doc).get(name, {}))

    def add_screening_event(
        self, name: str, event: Mapping[str, Any], settings: Mapping[str, Mapping[str, Any]]
    ) -> int:
        """Append one event to your log of ``name`` (with the queue settings it names by
        digest); on disk when this returns. Returns the event's step in your log."""
        name = check_name(name)
        with self._writing() as doc:
            logs = logs_in(doc)
            log = logs.setdefault(name, {}).setdefault(self.user, {"settings": {}, "events": []})
            log["settings"].update({k: dict(v) for k, v in settings.items()})
            log["events"].append({**event, "screener": self.user})
            _store(doc, logs)
            self._live.save(doc, set())
            return len(log["events"]) - 1
