"""Edits to one annotation by one person: their own fields, single tags and highlights.

A widget sends what the reader did ("add tag vla"), never a whole field from its copy, so two
writers that touch different parts of a paper both keep their change. Every edit records who
made it and when: a person's own fields (``people[user].changed``), the author of each item
added (``added``) and of each removal (``removed``), so a merge knows whose work is whose.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from paperwidgets.notes.fields import FIELDS, OWN_FIELDS, PAPER_KEYS, paper_info
from paperwidgets.notes.model import (
    Annotation,
    Mark,
    Own,
    checked_conflicts,
    checked_fields,
    checked_resolved,
    highlight_key,
    tag_key,
)

OPS = ("add_tags", "remove_tags", "add_highlights", "remove_highlights")
# an undo's edit (not a widget's): fields' set-aside values and settled disagreements put back
# as they were before a resolve or a Clear: [{field, conflicts, resolved}]
REOPEN = "reopen"
ITEM_KEYS: dict[str, Callable[[Any], str]] = {"tags": tag_key, "highlights": highlight_key}

__all__ = ["OPS", "REOPEN", "checked_ops", "edited", "highlight_key", "own_edited", "tag_key"]


def checked_ops(ops: dict[str, Any]) -> dict[str, list[Any]]:
    """The given ops, normalised; TypeError / ValueError naming a wrong one."""
    unknown = set(ops) - {*OPS, REOPEN}
    if unknown:
        raise TypeError(f"unknown annotation edits: {sorted(unknown)}")
    out: dict[str, list[Any]] = {}
    for name, value in ops.items():
        if name == REOPEN:
            out[name] = _checked_reopen(value)
            continue
        field = "tags" if name.endswith("tags") else "highlights"
        out[name] = checked_fields({field: value})[field]
    return out


def edited(
    old: Annotation | None,
    paper: dict[str, Any],
    fields: dict[str, Any],
    ops: dict[str, list[Any]],
    now: datetime,
    user: str,
) -> Annotation:
    """The record ``old`` after ``user`` set ``fields`` and applied ``ops``, stamped ``now``."""
    base = (old or Annotation(paper=paper, created=now)).record()
    people = dict(base.people)
    own_fields = {k: v for k, v in fields.items() if k in OWN_FIELDS}
    if own_fields:
        people[user] = own_edited(base.own(user), own_fields, now)
    items = {"added": dict(base.added), "removed": dict(base.removed)}
    values: dict[str, Any] = {}
    for name, key in ITEM_KEYS.items():
        values[name] = _items(
            getattr(base, name), fields.get(name), ops, name, key, items, user, now
        )
    conflicts = [c for c in base.conflicts if c["by"] != user or c["field"] not in own_fields]
    conflicts, resolved = _reopened(conflicts, list(base.resolved), ops.get(REOPEN, []))
    return dataclasses.replace(
        base, paper=paper, people=people, tags=values["tags"], highlights=values["highlights"],
        added=items["added"], removed=items["removed"], conflicts=conflicts, resolved=resolved,
        updated=now,
    )  # fmt: skip


def _reopened(
    conflicts: list[dict[str, Any]], resolved: list[dict[str, Any]], entries: list[Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each entry's field back as it was: its set-aside values (with any set aside since) and
    the disagreements settled on it then."""
    for entry in entries:
        field = entry["field"]
        conflicts = conflicts + [c for c in entry["conflicts"] if c not in conflicts]
        resolved = [r for r in resolved if r["field"] != field] + entry["resolved"]
    return conflicts, resolved


def _checked_reopen(value: Any) -> list[dict[str, Any]]:
    """A ``reopen`` edit: ``[{field, conflicts, resolved}]``, each list about its field."""
    if not isinstance(value, list) or not all(
        isinstance(e, Mapping) and e.get("field") in OWN_FIELDS for e in value
    ):
        raise ValueError(f"reopen is a list of {{'field': {OWN_FIELDS}, ...}}, not {value!r}")
    out = []
    for entry in value:
        field = entry["field"]
        conflicts = checked_conflicts(entry.get("conflicts") or [], None)
        resolved = checked_resolved(entry.get("resolved") or [])
        if any(item["field"] != field for item in [*conflicts, *resolved]):
            raise ValueError(f"reopen of {field!r} holds values of another field: {entry!r}")
        out.append({"field": field, "conflicts": conflicts, "resolved": resolved})
    return out


def own_edited(own: Own, fields: dict[str, Any], now: datetime) -> Own:
    """A person's values with ``fields`` set at ``now`` (what each replaced is remembered)."""
    prev = dict(own.prev)
    for name in fields:
        if name in own.changed:
            prev[name] = own.changed[name]
    changed = {**own.changed, **dict.fromkeys(fields, now)}
    return dataclasses.replace(own, **fields, changed=changed, prev=prev)


def _items(
    items: list[Any],
    whole: list[Any] | None,
    ops: dict[str, list[Any]],
    field: str,
    key: Callable[[Any], str],
    marks: dict[str, dict[str, Mark]],
    user: str,
    now: datetime,
) -> list[Any]:
    """``items`` set to ``whole`` (when given), then ``add_<field>`` / ``remove_<field>``."""
    result = {key(item): item for item in items}
    adds, removes = ops.get(f"add_{field}", []), ops.get(f"remove_{field}", [])
    if whole is not None:
        kept = {key(item) for item in whole}
        removes = [item for k, item in result.items() if k not in kept] + removes
        adds = [item for item in whole if result.get(key(item)) != item] + adds
    added, removed = marks["added"], marks["removed"]
    for item in adds:
        result[key(item)] = item
        added[key(item)] = Mark(user, now)
        removed.pop(key(item), None)
    for item in removes:
        if result.pop(key(item), None) is not None or key(item) not in removed:
            removed[key(item)] = Mark(user, now)
            added.pop(key(item), None)
    if whole is not None:  # the order given
        first = {key(item): result[key(item)] for item in whole if key(item) in result}
        result = {**first, **result}
    return list(result.values())


def checked_edit(edit: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """One ``set_many`` edit as checked fields and ops (a wrong name or value: its error)."""
    ops = {k: v for k, v in edit.items() if k not in FIELDS}
    return checked_fields({k: v for k, v in edit.items() if k in FIELDS}), checked_ops(ops)


def paper_update(old: dict[str, Any] | None, paper: Any) -> dict[str, Any]:
    """Stored paper info, refreshed from a paper row where the row has a value."""
    new = paper_info(paper)
    if old is None:
        return new
    out = {k: new[k] if new.get(k) not in (None, []) else old.get(k) for k in PAPER_KEYS}
    cite = new.get("cite") or old.get("cite")  # what citing needs (notes/citation.py)
    return {**out, "cite": cite} if cite else out
