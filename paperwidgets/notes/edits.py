"""Edits to one annotation: set fields, add or remove single tags and highlights.

A widget sends what the reader did ("add tag vla"), never a whole field from its copy, so two
writers that touch different parts of a paper both keep their change. Every edit stamps the
fields it touched (``changed``) and records what it removed (``removed``) so a merge knows.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from paperwidgets.notes.model import Annotation, checked_fields

OPS = ("add_tags", "remove_tags", "add_highlights", "remove_highlights")
DEFAULTS = {"note": "", "tags": [], "rating": None, "status": "unread", "highlights": []}


def highlight_key(highlight: dict[str, Any]) -> str:
    """What identifies a highlight: its quote and where it sits (the comment may change)."""
    return f"hl:{highlight.get('start', '')}:{highlight.get('end', '')}:{highlight['quote']}"


def tag_key(tag: str) -> str:
    """The tombstone key of a tag."""
    return f"tag:{tag}"


def checked_ops(ops: dict[str, Any]) -> dict[str, list[Any]]:
    """The given ops, normalised; TypeError / ValueError naming a wrong one."""
    unknown = set(ops) - set(OPS)
    if unknown:
        raise TypeError(f"unknown annotation edits: {sorted(unknown)}")
    out: dict[str, list[Any]] = {}
    for name, value in ops.items():
        field = "tags" if name.endswith("tags") else "highlights"
        out[name] = checked_fields({field: value})[field]
    return out


def edited(
    old: Annotation | None,
    paper: dict[str, Any],
    fields: dict[str, Any],
    ops: dict[str, list[Any]],
    now: datetime,
) -> Annotation:
    """``old`` with ``fields`` set and ``ops`` applied, stamped ``now``."""
    base = old or Annotation(paper=paper, created=now)
    values = {**base.content(), **fields}
    removed = dict(base.removed)
    if "tags" in fields:
        _tombstone(removed, base.tags, fields["tags"], tag_key, now)
    if "highlights" in fields:
        _tombstone(removed, base.highlights, fields["highlights"], highlight_key, now)
    for name, key in (("tags", tag_key), ("highlights", highlight_key)):
        values[name] = _apply(values[name], ops, name, key, removed, now)
    touched = set(fields) | {"tags" for op in ops if op.endswith("tags")}
    touched |= {"highlights" for op in ops if op.endswith("highlights")}
    changed = {**base.changed, **dict.fromkeys(touched, now)}
    conflicts = [c for c in base.conflicts if c["field"] not in touched]
    return dataclasses.replace(
        base, paper=paper, **values, changed=changed, removed=removed,
        conflicts=conflicts, updated=now,
    )  # fmt: skip


def _tombstone(removed: dict, before: list, after: list, key: Any, now: datetime) -> None:
    kept = {key(item) for item in after}
    for item in before:
        if key(item) not in kept:
            removed[key(item)] = now
    for name in kept:
        removed.pop(name, None)


def _apply(
    items: list, ops: dict[str, list], field: str, key: Any, removed: dict, now: datetime
) -> list:
    """``items`` with ``add_<field>`` added (or replaced, same key) and ``remove_<field>`` gone."""
    result = {key(item): item for item in items}
    for item in ops.get(f"add_{field}", []):
        result[key(item)] = item
        removed.pop(key(item), None)
    for item in ops.get(f"remove_{field}", []):
        if result.pop(key(item), None) is not None or key(item) not in removed:
            removed[key(item)] = now
    return list(result.values())


def edited_at(annotation: Annotation, name: str) -> datetime | None:
    """When a reader last set a field; None if never (an untouched default loses merges)."""
    if annotation.changed:
        return annotation.changed.get(name)
    value = getattr(annotation, name)
    return None if value == DEFAULTS[name] else annotation.updated
