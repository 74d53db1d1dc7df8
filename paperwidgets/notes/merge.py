"""Merging notes from another file (a colleague's, another branch's): per person, per item.

- Each person's own values (note, rating, status) stay theirs: a colleague's values sit
  beside mine under their name, never over mine. One person's value arriving from two places
  (my notes on two branches): the newer edit wins, and the other, unless it is just an older
  copy, is set aside as a conflict record (shown as a disagreement; nothing is lost).
- Tags and highlights are united. A removal or a paper deletion from the other file removes
  only what its author added there; whatever else it would remove is kept and reported.
- Times from the other file are clamped to the merge time: a wrong clock never wins.
- A resolved disagreement (``resolved``) is not reopened by the same values arriving again.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Any

from paperwidgets.notes import team
from paperwidgets.notes.edits import ITEM_KEYS
from paperwidgets.notes.fields import DEFAULTS, OWN_FIELDS
from paperwidgets.notes.model import Annotation, Mark, Own
from paperwidgets.notes.times import iso, sane

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["id", "title", "field", "person", "yours", "theirs", "outcome"]


@dataclasses.dataclass
class Merge:
    """One merge: whose work is protected, the other file, the time, the report rows."""

    me: str | None  # the store's user (merge_from); None in a git merge (no side is "mine")
    source: str  # the other file's name, kept in conflict records
    now: datetime
    base: dict[str, Annotation] | None = None  # a git merge's common ancestor
    rows: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def report(
        self, a: Annotation, field: str, person: str, yours: Any, theirs: Any, why: str
    ) -> None:
        """A row of the table ``merge_from`` returns."""
        values = (a.id, a.paper.get("title"), field, person, yours, theirs, why)
        self.rows.append(dict(zip(COLUMNS, values, strict=True)))

    def table(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.rows, columns=COLUMNS)


def merge_into(
    ours: dict[str, Annotation],
    theirs: list[Annotation],
    deleted: dict[str, Mark],
    their_deleted: dict[str, Mark],
    merge: Merge,
) -> set[str]:
    """Fold ``theirs`` (records) into ``ours`` in place; the ids that changed.

    ``deleted`` holds this file's deleted papers: an older copy does not bring one back.
    """
    found = {a.id: clamped(a, merge.now) for a in theirs}
    gone = {pid: _clamp_mark(m, merge.now) for pid, m in their_deleted.items()}
    changed = set()
    for pid in [*found, *(p for p in gone if p not in found)]:
        our, their = ours.get(pid), found.get(pid)
        if our is None and their is None:
            continue
        merged = _paper(our, their, deleted.get(pid), gone.get(pid), merge)
        if merged is None or not merged.has_content():
            if our is not None:
                del ours[pid]
                changed.add(pid)
        elif merged != our:
            ours[pid] = merged
            changed.add(pid)
    return changed


def _paper(
    our: Annotation | None, their: Annotation | None, floor: Mark | None, gone: Mark | None,
    merge: Merge,
) -> Annotation | None:  # fmt: skip
    """One paper merged; None when nothing is left."""
    pid = (our or their).id  # type: ignore[union-attr]
    base = merge.base.get(pid) if merge.base is not None else None
    if merge.base is not None and our == base:  # a git merge: only their side changed it
        return their
    if merge.base is not None and their == base and gone is None:
        return our
    start = our or _emptied(their)  # type: ignore[arg-type]
    other = their or _emptied(start)
    if gone is not None and gone.by != merge.me:  # my deletion elsewhere: not taken here
        other = _deleted_by(other, start, gone)
    if gone is not None and merge.me is not None and start.own(merge.me).has_content():
        merge.report(start, "paper", gone.by, "your notes", "deleted", "kept yours")
    if floor is not None:
        other = _after(other, floor.at)
    return _merged(start, other, base, merge)


def _emptied(annotation: Annotation) -> Annotation:
    """The paper of ``annotation`` with nothing on it."""
    return dataclasses.replace(
        annotation, people={}, tags=[], highlights=[], added={}, removed={}, conflicts=[],
        resolved=[],
    )  # fmt: skip


def _merged(
    our: Annotation, their: Annotation, base: Annotation | None, merge: Merge
) -> Annotation:
    people, conflicts = dict(our.people), list(our.conflicts)
    for name in sorted(set(our.people) | set(their.people)):
        own, lost = _own(our, their, base, name, merge)
        people[name] = own
        conflicts += lost
    items = _items(our, their, base, merge)
    resolved = our.resolved + [r for r in their.resolved if r not in our.resolved]
    conflicts += [c for c in their.conflicts if _new_conflict(c, conflicts)]
    merged = dataclasses.replace(
        our, people=people, **items, resolved=resolved,
        paper={**their.paper, **{k: v for k, v in our.paper.items() if v not in (None, [])}},
    )  # fmt: skip
    merged = dataclasses.replace(merged, conflicts=team.unsettled(merged, conflicts))
    if merged != our:
        updated = max(sane(our.updated), sane(their.updated))
        merged = dataclasses.replace(merged, updated=updated)
    _report_beside(our, merged, merge)
    return merged


def _own(
    our: Annotation, their: Annotation, base: Annotation | None, name: str, merge: Merge
) -> tuple[Own, list[dict[str, Any]]]:
    """``name``'s values: per field the newer edit; a concurrent older one set aside."""
    mine, other = our.own(name), their.own(name)
    was = base.own(name) if base is not None else None
    values, changed, prev, lost = mine.values(), dict(mine.changed), dict(mine.prev), []
    for field in OWN_FIELDS:
        here, there = mine.set_at(field), other.set_at(field)
        if there is None or (getattr(mine, field), here) == (getattr(other, field), there):
            continue
        theirs_newer = here is None or sane(there) > sane(here)
        if theirs_newer and here is not None and name == merge.me:  # my value stays mine
            if getattr(mine, field) != getattr(other, field):
                lost.append(_record(field, getattr(other, field), name, merge.source, there))
                yours, theirs = getattr(mine, field), getattr(other, field)
                merge.report(our, field, name, yours, theirs, "yours kept; theirs set aside")
            continue
        win, lose, lose_at = (other, mine, here) if theirs_newer else (mine, other, there)
        if theirs_newer:
            values[field], changed[field] = getattr(other, field), there
            prev.pop(field, None)
            if field in other.prev:
                prev[field] = other.prev[field]
        if getattr(mine, field) == getattr(other, field) or lose_at is None:
            continue
        if _older_copy(lose_at, win, field, lose, was):
            continue
        source = merge.source if lose is other else "this file"
        lost.append(_record(field, getattr(lose, field), name, source, lose_at))
        yours, theirs = getattr(mine, field), getattr(other, field)
        merge.report(our, field, name, yours, theirs, "newer edit kept; the other set aside")
    own = Own(**values, changed=changed, prev=prev)
    return own, lost


def _older_copy(at: datetime, winner: Own, field: str, loser: Own, was: Own | None) -> bool:
    """Whether the losing value is only an older copy of the winner's history."""
    if was is not None:  # a git merge: the side that still has the ancestor's value changed nothing
        return (getattr(loser, field), loser.set_at(field)) == (
            getattr(was, field),
            was.set_at(field),
        )
    replaced = winner.prev.get(field)
    return replaced is not None and sane(at) <= sane(replaced)


def _record(field: str, value: Any, by: str, source: str, at: datetime) -> dict[str, Any]:
    return {"field": field, "value": value, "by": by, "from": source, "updated": iso(at)}


def _new_conflict(record: dict[str, Any], known: list[dict[str, Any]]) -> bool:
    key = (record["field"], record["by"], repr(record["value"]))
    return all((c["field"], c["by"], repr(c["value"])) != key for c in known)


def _items(
    our: Annotation, their: Annotation, base: Annotation | None, merge: Merge
) -> dict[str, Any]:
    """Tags and highlights united; a removal from their side only takes its author's items."""
    added, removed = dict(our.added), dict(our.removed)
    out: dict[str, Any] = {}
    for field, key_of in ITEM_KEYS.items():
        items = {key_of(item): item for item in getattr(our, field)}
        for item in getattr(their, field):
            key = key_of(item)
            mark = their.added.get(key) or Mark("", None)
            if key in items:
                items[key] = _same_key(our, key, items[key], item, mark, added, merge, field)
            elif not _blocked(key, mark, removed, base):
                items[key], added[key] = item, mark
                removed.pop(key, None)
        for key in list(items):
            tomb = their.removed.get(key)
            if tomb is not None and key not in their.added:
                _removal(our, field, key, items, tomb, added, removed, base, merge)
        for key, tomb in their.removed.items():
            if key not in items and sane(tomb.at) > sane((removed.get(key) or Mark("", None)).at):
                removed[key] = tomb
        out[field] = list(items.values())
    return {**out, "added": added, "removed": removed}


def _same_key(
    our: Annotation, key: str, mine: Any, other: Any, mark: Mark, added: dict[str, Mark],
    merge: Merge,
    field: str,
) -> Any:  # fmt: skip
    """One item on both sides (a highlight whose comment differs): the author's newer copy."""
    if mine == other:
        return mine
    held = added.get(key) or Mark("", None)
    if sane(mark.at) <= sane(held.at):
        return mine
    if held.by and mark.by != held.by:
        merge.report(our, field, mark.by, mine, other, f"kept {held.by}'s; theirs differs")
        return mine
    added[key] = mark
    return other


def _blocked(key: str, mark: Mark, removed: dict[str, Mark], base: Annotation | None) -> bool:
    """Whether an item of theirs stays out: removed here after they added it."""
    tomb = removed.get(key)
    if tomb is not None and sane(tomb.at) >= sane(mark.at):
        return True
    return base is not None and key in base.added and base.added[key] == mark


def _removal(
    our: Annotation, field: str, key: str, items: dict[str, Any], tomb: Mark,
    added: dict[str, Mark], removed: dict[str, Mark],
    base: Annotation | None, merge: Merge,
) -> None:  # fmt: skip
    """Their removal of an item: taken if its author removed it (or, in a git merge, if this
    side left it untouched); otherwise it stays and is reported."""
    held = added.get(key) or Mark("", None)
    if sane(tomb.at) <= sane(held.at):
        return
    untouched = base is not None and base.added.get(key) == added.get(key)
    if (tomb.by == held.by and tomb.by != merge.me) or untouched:
        del items[key]
        added.pop(key, None)
        removed[key] = tomb
        return
    shown = items[key] if field == "tags" else items[key].get("quote")
    merge.report(our, field, tomb.by, shown, None, f"kept: {held.by or 'someone'} added it")


def _deleted_by(their: Annotation, our: Annotation, gone: Mark) -> Annotation:
    """Their paper deletion as what it means here: its author cleared their own values and
    removed the items they added, before ``gone.at`` (nobody else's)."""
    own = their.own(gone.by)
    cleared = {f: gone.at for f in OWN_FIELDS if sane(own.set_at(f)) < sane(gone.at)}
    own = Own(
        **{**own.values(), **{f: DEFAULTS[f] for f in cleared}},
        changed={**own.changed, **cleared},  # type: ignore[dict-item]
        prev={**own.prev, **cleared},  # type: ignore[dict-item]  # it replaced what was before
    )
    removed = dict(their.removed)
    for key, mark in our.added.items():
        if mark.by == gone.by and key not in their.added and sane(mark.at) < sane(gone.at):
            removed[key] = gone
    return dataclasses.replace(their, people={**their.people, gone.by: own}, removed=removed)


def _after(their: Annotation, floor: datetime | None) -> Annotation:
    """Only what they did after this file deleted the paper."""
    people = {
        name: Own(**{f: v for f, v in own.values().items() if sane(own.set_at(f)) > sane(floor)},
                  changed={f: t for f, t in own.changed.items() if sane(t) > sane(floor)})
        for name, own in their.people.items()
    }  # fmt: skip
    keep = {k for k, m in their.added.items() if sane(m.at) > sane(floor)}
    tags = [t for t in their.tags if ITEM_KEYS["tags"](t) in keep]
    highlights = [h for h in their.highlights if ITEM_KEYS["highlights"](h) in keep]
    added = {k: m for k, m in their.added.items() if k in keep}
    return dataclasses.replace(their, people=people, tags=tags, highlights=highlights, added=added)


def _report_beside(our: Annotation, merged: Annotation, merge: Merge) -> None:
    """Rows for a colleague's value that now sits beside mine and differs from it."""
    if merge.me is None:
        return
    mine = merged.own(merge.me)
    for name, own in merged.people.items():
        if name == merge.me or own == our.people.get(name):
            continue
        for field in ("rating", "status"):
            theirs, yours = getattr(own, field), getattr(mine, field)
            if team.counts(own, field) and team.counts(mine, field) and theirs != yours:
                merge.report(merged, field, name, yours, theirs, "beside yours")


def clamped(annotation: Annotation, now: datetime) -> Annotation:
    """Every time in ``annotation`` at most ``now`` (another file's clock never wins)."""

    def at(moment: datetime) -> datetime:
        return min(sane(moment), now)

    people = {
        name: dataclasses.replace(
            own,
            changed={f: at(t) for f, t in own.changed.items()},
            prev={f: at(t) for f, t in own.prev.items()},
        )
        for name, own in annotation.people.items()
    }
    marks = {
        name: {k: _clamp_mark(m, now) for k, m in getattr(annotation, name).items()}
        for name in ("added", "removed")
    }
    return dataclasses.replace(
        annotation, people=people, **marks,  # type: ignore[arg-type]
        created=annotation.created and at(annotation.created),
        updated=annotation.updated and at(annotation.updated),
    )  # fmt: skip


def _clamp_mark(mark: Mark, now: datetime) -> Mark:
    return mark if mark.at is None else Mark(mark.by, min(sane(mark.at), now))
