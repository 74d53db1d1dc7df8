"""The annotation model: what people wrote about one paper, checked and JSON-ready.

Rating, status and note are each person's own (``people``); tags and highlights are shared
sets whose items carry who added them (``added``). An ``Annotation`` handed to a reader is
*their view*: ``note``/``rating``/``status`` are their own values, ``others`` everyone else's.
The store keeps neutral records (``user`` None) and views them per ``Notes(user=…)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from paperwidgets.constants import STATUSES, UNREAD
from paperwidgets.notes.fields import (
    DEFAULTS,
    FIELDS,
    OWN_FIELDS,
    PAPER_KEYS,
    checked_fields,
    paper_id,
    paper_info,
)
from paperwidgets.notes.people import UNKNOWN, check_name
from paperwidgets.notes.times import CLOCK, MAX_SKEW, iso, parse_time, sane

__all__ = [
    "CLOCK", "FIELDS", "MAX_SKEW", "OWN_FIELDS", "PAPER_KEYS", "STATUSES", "Annotation", "Mark",
    "Own", "checked_conflicts", "checked_fields", "checked_resolved", "iso", "paper_id",
    "paper_info", "parse_time", "sane",
]  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Mark:
    """Who did something, and when (an item added, an item or a paper removed)."""

    by: str
    at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "at": iso(self.at)}

    @classmethod
    def from_json(cls, value: Any, owner: str | None = None) -> Mark:
        """A mark from ``{"by", "at"}``, or from a bare v1 time (then ``owner`` made it)."""
        if isinstance(value, str):
            return cls(owner or UNKNOWN, parse_time(value))
        if not isinstance(value, Mapping):
            raise ValueError(f"expected {{'by': name, 'at': time}}, not {value!r}")
        return cls(check_name(value.get("by")), parse_time(value.get("at")))


@dataclasses.dataclass(frozen=True)
class Own:
    """One person's own values on a paper, with when each was set (and what it replaced)."""

    note: str = ""
    rating: int | None = None
    status: str = UNREAD
    changed: dict[str, datetime] = dataclasses.field(default_factory=dict)
    prev: dict[str, datetime] = dataclasses.field(
        default_factory=dict
    )  # time of the value replaced

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in OWN_FIELDS}

    def has_content(self) -> bool:
        """Whether any value differs from the default (a paper is annotated by it)."""
        return any(value != DEFAULTS[name] for name, value in self.values().items())

    def set_at(self, name: str) -> datetime | None:
        """When this person last set ``name``; None if never (an untouched default)."""
        return self.changed.get(name)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = self.values()
        data["changed"] = {name: iso(moment) for name, moment in sorted(self.changed.items())}
        if self.prev:
            data["prev"] = {name: iso(moment) for name, moment in sorted(self.prev.items())}
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Own:
        if not isinstance(data, Mapping):
            raise ValueError(f"a person's values are a JSON object, not {data!r}")
        values = checked_fields({name: data[name] for name in OWN_FIELDS if name in data})
        return cls(
            **values,
            changed=_times(data.get("changed"), OWN_FIELDS),
            prev=_times(data.get("prev"), OWN_FIELDS),
        )


@dataclasses.dataclass(frozen=True)
class Annotation:
    """Notes on one paper: a person's view (``user``) of everyone's values and shared items."""

    paper: dict[str, Any]
    note: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    rating: int | None = None
    status: str = UNREAD
    highlights: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    created: datetime | None = None
    updated: datetime | None = None
    changed: dict[str, datetime] = dataclasses.field(default_factory=dict)  # the viewer's own
    removed: dict[str, Mark] = dataclasses.field(default_factory=dict)  # tag/highlight tombstones
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # set-aside values
    user: str | None = None  # whose note/rating/status the fields above are
    people: dict[str, Own] = dataclasses.field(default_factory=dict)  # everyone's own values
    added: dict[str, Mark] = dataclasses.field(default_factory=dict)  # who added each item
    resolved: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # settled

    @property
    def id(self) -> str:
        """The paper id this annotation belongs to."""
        return str(self.paper["id"])

    def content(self) -> dict[str, Any]:
        """The fields a reader edits, as this view shows them."""
        return {name: getattr(self, name) for name in FIELDS}

    @property
    def others(self) -> dict[str, Own]:
        """Everyone else's own values (name -> Own), for those who set any."""
        return {n: own for n, own in self.people.items() if n != self.user and own.has_content()}

    def own(self, name: str) -> Own:
        """``name``'s own values (defaults when they set none)."""
        return self.people.get(name) or Own()

    def seen_by(self, user: str) -> Annotation:
        """This annotation as ``user`` sees it: their note, rating and status in front."""
        own = self.own(user)
        return dataclasses.replace(self, **own.values(), changed=dict(own.changed), user=user)

    def record(self) -> Annotation:
        """The neutral form the store keeps (no viewer)."""
        if self.user is None:
            return self
        return dataclasses.replace(self, **DEFAULTS_OWN, changed={}, user=None)

    def has_content(self) -> bool:
        """Whether anything is left: someone's value, a tag or a highlight."""
        people = any(own.has_content() for own in self.people.values())
        return people or bool(self.tags or self.highlights)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (schema v2); a view also carries its ``user`` and their values."""
        data: dict[str, Any] = {"paper": dict(self.paper)}
        if self.people:
            data["people"] = {n: own.to_dict() for n, own in sorted(self.people.items())}
        if self.user is not None or not self.people:  # a view: its values up front too
            data.update({name: getattr(self, name) for name in OWN_FIELDS})
        if not self.people and self.changed:  # unattributed (v1) values
            data["changed"] = {n: iso(t) for n, t in sorted(self.changed.items())}
        if self.user is not None:
            data["user"] = self.user
        data.update(tags=self.tags, highlights=self.highlights)
        data.update(created=iso(self.created), updated=iso(self.updated))
        for name in ("added", "removed"):
            marks = getattr(self, name)
            if marks:
                data[name] = {key: mark.to_dict() for key, mark in marks.items()}
        if self.conflicts:
            data["conflicts"] = [dict(c) for c in self.conflicts]
        if self.resolved:
            data["resolved"] = [dict(r) for r in self.resolved]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], owner: str | None = None) -> Annotation:
        """An Annotation from its JSON form; ValueError if a field is wrong.

        A v1 form (no ``people``) holds one person's values: they become ``owner``'s (and
        its tags and highlights are ``owner``'s); without an owner they stay unattributed.
        """
        if not isinstance(data, Mapping):
            raise ValueError(f"an annotation is a JSON object, not {type(data).__name__}")
        shared = checked_fields({n: data[n] for n in ("tags", "highlights") if n in data})
        base = cls(
            paper=paper_info(data.get("paper")),
            **shared,
            created=parse_time(data.get("created")),
            updated=parse_time(data.get("updated")),
            removed=_marks(data.get("removed"), owner),
            conflicts=checked_conflicts(data.get("conflicts"), owner),
            resolved=checked_resolved(data.get("resolved")),
        )
        if data.get("people") is None:
            return _from_v1(base, data, owner)
        people = data["people"]
        if not isinstance(people, Mapping):
            raise ValueError(f"people is {{name: values}}, not {people!r}")
        found = {check_name(name): Own.from_dict(own) for name, own in people.items()}
        record = dataclasses.replace(base, people=found, added=_marks(data.get("added")))
        user = data.get("user")
        return record.seen_by(check_name(user)) if user is not None else record


DEFAULTS_OWN = {name: DEFAULTS[name] for name in OWN_FIELDS}


def _from_v1(base: Annotation, data: Mapping[str, Any], owner: str | None) -> Annotation:
    """A v1 annotation: one person's values (``owner``'s when named) and items."""
    values = checked_fields({name: data[name] for name in OWN_FIELDS if name in data})
    times = _times(data.get("changed"), FIELDS)
    if owner is None:
        return dataclasses.replace(base, **values, changed=times)
    at = {n: times.get(n, base.updated) for n in FIELDS if n in times or n in values}
    own = Own(**values, changed={n: t for n, t in at.items() if n in OWN_FIELDS and t})
    people = {owner: own} if own.has_content() or own.changed else {}
    added = {key: Mark(owner, at.get(field)) for field, key in _item_keys(base)}
    return dataclasses.replace(base, people=people, added=added)


def highlight_key(highlight: Mapping[str, Any]) -> str:
    """What identifies a highlight: its quote and where it sits (the comment may change)."""
    return f"hl:{highlight.get('start', '')}:{highlight.get('end', '')}:{highlight['quote']}"


def tag_key(tag: str) -> str:
    """The key of a tag among an annotation's items (and its tombstone)."""
    return f"tag:{tag}"


def _item_keys(annotation: Annotation) -> list[tuple[str, str]]:
    keys = [("tags", tag_key(tag)) for tag in annotation.tags]
    return keys + [("highlights", highlight_key(h)) for h in annotation.highlights]


def _times(value: Any, names: tuple[str, ...]) -> dict[str, datetime]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or set(value) - set(names):
        raise ValueError(f"expected {{name: ISO time}} for {names}, not {value!r}")
    return {str(k): t for k, v in value.items() if (t := parse_time(v)) is not None}


def _marks(value: Any, owner: str | None = None) -> dict[str, Mark]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"expected {{key: {{'by', 'at'}}}}, not {value!r}")
    return {str(key): Mark.from_json(mark, owner) for key, mark in value.items()}


def checked_conflicts(value: Any, owner: str | None) -> list[dict[str, Any]]:
    """Values a merge set aside: ``{field, value, by, from, updated}``."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"conflicts is a list, not {type(value).__name__}")
    found = []
    for item in value:
        if not isinstance(item, Mapping) or item.get("field") not in OWN_FIELDS:
            raise ValueError(f"a conflict is {{'field': {OWN_FIELDS}, ...}}, not {item!r}")
        checked_fields({item["field"]: item.get("value")})
        found.append({**item, "by": check_name(item.get("by") or owner or UNKNOWN)})
    return found


def checked_resolved(value: Any) -> list[dict[str, Any]]:
    """Disagreements a reader settled: ``{field, values: [[who, value], …]}``."""
    if value is None:
        return []
    ok = isinstance(value, list) and all(
        isinstance(r, Mapping)
        and r.get("field") in OWN_FIELDS
        and isinstance(r.get("values"), list)
        for r in value
    )
    if not ok:
        raise ValueError(f"resolved is a list of {{'field', 'values'}}, not {value!r}")
    return [{"field": r["field"], "values": [list(v) for v in r["values"]]} for r in value]
