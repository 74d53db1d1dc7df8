"""The team's view of one paper: who rated what, and where people (or one person's two copies)
disagree, unless a reader settled it.

A disagreement on a field is the set of (person, value) pairs that differ: each person's
rating or status, and values a merge set aside (``conflicts``). A reader who resolves it
(``Notes.resolve``) has that set remembered (``resolved``): the same values arriving again,
from any file, do not reopen it; a new value does.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from paperwidgets.constants import UNREAD
from paperwidgets.notes.fields import OWN_FIELDS
from paperwidgets.notes.model import Annotation, Own

Pairs = frozenset[tuple[str, str]]  # (person, value as JSON)


def counts(own: Own, field: str) -> bool:
    """Whether a person's value takes part in a disagreement (a set rating, a status beyond
    unread, a note)."""
    value = getattr(own, field)
    if field == "rating":
        return value is not None
    if field == "status":
        return bool(value != UNREAD)
    return bool(str(value).strip())


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def pairs(
    annotation: Annotation, field: str, conflicts: list[dict[str, Any]] | None = None
) -> Pairs:
    """The (person, value) pairs of a field: people's values (notes only where a merge set
    one aside) and the values set aside."""
    given = annotation.conflicts if conflicts is None else conflicts
    records = [c for c in given if c["field"] == field]
    found = {(c["by"], _key(c["value"])) for c in records}
    people: list[tuple[str, Own]] = list(annotation.people.items())
    if field == "note":
        people = [(name, own) for name, own in people if any(c["by"] == name for c in records)]
    found |= {(name, _key(getattr(own, field))) for name, own in people if counts(own, field)}
    return frozenset(found)


def settled(annotation: Annotation, field: str, found: Pairs) -> bool:
    """Whether a reader already resolved a disagreement holding no other values."""
    for entry in annotation.resolved:
        if entry["field"] == field and found <= {(w, _key(v)) for w, v in entry["values"]}:
            return True
    return False


def disagreements(annotation: Annotation) -> list[dict[str, Any]]:
    """Open disagreements: ``{field, values: [{by, value, set_aside}]}``, one per field."""
    out = []
    for field in OWN_FIELDS:
        found = pairs(annotation, field)
        if len({value for _, value in found}) < 2 or settled(annotation, field, found):
            continue
        aside = {(c["by"], _key(c["value"])) for c in annotation.conflicts if c["field"] == field}
        values = [
            {"by": who, "value": json.loads(value), "set_aside": (who, value) in aside}
            for who, value in sorted(found)
        ]
        out.append({"field": field, "values": values})
    return out


def unsettled(annotation: Annotation, conflicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``conflicts`` without those of fields whose disagreement a reader already resolved."""
    done = {f for f in OWN_FIELDS if settled(annotation, f, pairs(annotation, f, conflicts))}
    return [c for c in conflicts if c["field"] not in done]


def resolution(before: Annotation, after: Annotation, field: str) -> dict[str, Any]:
    """What a reader settled: the field's values before and after their pick."""
    found = pairs(before, field) | pairs(after, field)
    return {"field": field, "values": [[who, json.loads(value)] for who, value in sorted(found)]}


def ratings(annotation: Annotation) -> dict[str, Any]:
    """Who rated the paper and how (``{by, value}``), and the mean rating (None if none)."""
    rated = [(name, own.rating) for name, own in annotation.people.items() if own.rating]
    rated.sort(key=lambda item: item[0].casefold())
    mean = sum(value for _, value in rated) / len(rated) if rated else None
    return {"by": [{"by": n, "value": v} for n, v in rated], "mean": mean}


def resolved(old: Annotation, new: Annotation, field: str) -> Annotation:
    """``new`` with the disagreement on ``field`` remembered as settled (its set-aside values
    dropped)."""
    entry = resolution(old, new, field)
    conflicts = [c for c in new.conflicts if c["field"] != field]
    resolved = [r for r in new.resolved if r["field"] != field] + [entry]
    return dataclasses.replace(new, conflicts=conflicts, resolved=resolved)
