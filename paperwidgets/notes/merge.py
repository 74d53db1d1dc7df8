"""Field-level merge of two sets of annotations: nothing either side wrote is lost.

Tags and highlights are united (a recorded removal newer than the other side's edit wins);
different notes are both kept, the other one attributed; rating and status: the newer edit
wins and the other value is kept in the annotation's ``conflicts`` until a reader picks one.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Any

from paperwidgets.notes.edits import edited_at, highlight_key, tag_key
from paperwidgets.notes.model import FIELDS, Annotation, iso, sane

if TYPE_CHECKING:
    import pandas as pd

PREFER = ("newer", "ours", "theirs")
CONFLICT_COLUMNS = [
    "id",
    "title",
    "kept",
    "fields",
    "ours_updated",
    "theirs_updated",
    "ours",
    "theirs",
]
CHOICES = ("rating", "status")  # one value only: the loser is recorded as a conflict


def merge_into(
    ours: dict[str, Annotation],
    theirs: list[Annotation],
    prefer: str = "newer",
    source: str = "the other file",
    deleted: dict[str, datetime] | None = None,
    their_deleted: dict[str, datetime] | None = None,
) -> tuple[set[str], pd.DataFrame]:
    """Fold ``theirs`` into ``ours`` in place; the changed ids and the disagreements table.

    ``deleted`` holds this file's removed papers (id -> when, updated in place): an older
    annotation of theirs does not bring one back; ``their_deleted`` removes ours if newer.
    """
    import pandas as pd

    if prefer not in PREFER:
        raise ValueError(f"prefer is one of {PREFER}, not {prefer!r}")
    deleted = deleted if deleted is not None else {}
    changed: set[str] = set()
    for pid, moment in (their_deleted or {}).items():  # their deletions newer than our edits
        if pid in ours and sane(ours[pid].updated) < sane(moment):
            del ours[pid]
            changed.add(pid)
        if sane(moment) > sane(deleted.get(pid)):
            deleted[pid] = moment
    rows = []
    for their in theirs:
        our = ours.get(their.id)
        if our is None:
            if sane(their.updated) > sane(deleted.get(their.id)):
                ours[their.id] = their
                deleted.pop(their.id, None)
                changed.add(their.id)
            continue
        merged, row = merge_annotation(our, their, prefer, source)
        if merged != our:
            ours[their.id] = merged
            changed.add(their.id)
        if row is not None:
            rows.append(row)
    return changed, pd.DataFrame(rows, columns=CONFLICT_COLUMNS)


def merge_annotation(
    our: Annotation, their: Annotation, prefer: str = "newer", source: str = "the other file"
) -> tuple[Annotation, dict[str, Any] | None]:
    """One paper's merged annotation, and its disagreement row (None if none)."""
    if our.content() == their.content() and our.conflicts == their.conflicts:
        return our, None
    removed = {k: max(v, their.removed.get(k, v)) for k, v in our.removed.items()}
    removed.update({k: v for k, v in their.removed.items() if k not in removed})
    values = {
        "tags": _united(our, their, "tags", tag_key, removed),
        "highlights": _united(our, their, "highlights", highlight_key, removed),
        "note": _note(our, their, prefer, source),
    }
    changed = {n: t for n in FIELDS if (t := _latest(edited_at(our, n), edited_at(their, n)))}
    conflicts = _union(our.conflicts, their.conflicts)
    winners = {}
    for name in CHOICES:
        value, lost = _choose(our, their, name, prefer, source)
        values[name] = value
        if lost is not None:
            winners[name] = lost["from"] != source  # True: theirs won
            conflicts = _union(conflicts, [lost])
    merged = dataclasses.replace(
        our, **values, changed=changed, removed=removed, conflicts=conflicts,
        updated=max(sane(our.updated), sane(their.updated)),
        paper={k: our.paper.get(k) or their.paper.get(k) for k in our.paper},
    )  # fmt: skip
    return merged, _row(our, their, merged, winners)


def _latest(a: datetime | None, b: datetime | None) -> datetime | None:
    return max((t for t in (a, b) if t is not None), key=sane, default=None)


def _united(our: Annotation, their: Annotation, name: str, key: Any, removed: dict) -> list:
    """Items of both sides, unless removed after the side that has them last edited them."""
    times = {id(our): sane(edited_at(our, name)), id(their): sane(edited_at(their, name))}
    found: dict[str, Any] = {}
    for side in (our, their):
        for item in getattr(side, name):
            gone = removed.get(key(item))
            if key(item) not in found and (gone is None or sane(gone) < times[id(side)]):
                found[key(item)] = item
    return list(found.values())


def _note(our: Annotation, their: Annotation, prefer: str, source: str) -> str:
    mine, other = our.note, their.note
    if other.strip() in mine or prefer == "ours":
        return mine
    if mine.strip() in other or prefer == "theirs":
        return other
    return f"{mine}\n\n---\n\n*From {source}:*\n\n{other}"


def _choose(
    our: Annotation, their: Annotation, name: str, prefer: str, source: str
) -> tuple[Any, dict[str, Any] | None]:
    """The kept value of ``name`` and the losing one as a conflict record (None: agree)."""
    mine, other = getattr(our, name), getattr(their, name)
    ours_at, theirs_at = edited_at(our, name), edited_at(their, name)
    if mine == other or theirs_at is None:
        return mine, None
    if ours_at is None:
        return other, None
    take_theirs = prefer == "theirs" or (prefer == "newer" and sane(theirs_at) > sane(ours_at))
    if take_theirs:
        return other, _record(name, mine, "this file", ours_at)
    return mine, _record(name, other, source, theirs_at)


def _record(name: str, value: Any, origin: str, moment: datetime | None) -> dict[str, Any]:
    return {"field": name, "value": value, "from": origin, "updated": iso(moment)}


def _union(a: list[dict], b: list[dict]) -> list[dict]:
    seen = {(c["field"], repr(c["value"])) for c in a}
    return a + [c for c in b if (c["field"], repr(c["value"])) not in seen]


def _row(our: Annotation, their: Annotation, merged: Annotation, winners: dict) -> dict | None:
    """A disagreement: a rating/status one side lost, or two notes both kept."""
    mine, other = our.note, their.note
    notes_differ = other.strip() not in mine and mine.strip() not in other
    if not winners and not notes_differ:
        return None
    picks = set(winners.values())
    if notes_differ:
        picks.add(True if merged.note == other else False if merged.note == mine else None)
    kept = "theirs" if picks == {True} else "ours" if picks == {False} else "both"
    ours, theirs = our.content(), their.content()
    return {
        "id": our.id,
        "title": our.paper.get("title") or their.paper.get("title"),
        "kept": kept,
        "fields": [name for name in FIELDS if ours[name] != theirs[name]],
        "ours_updated": iso(our.updated),
        "theirs_updated": iso(their.updated),
        "ours": ours,
        "theirs": theirs,
    }
