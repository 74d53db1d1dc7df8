"""What changed between two copies of notes, paper by paper and person by person, as lines
of plain text (``paperwidgets notes diff A B``; the caller strips control characters)."""

from __future__ import annotations

from typing import Any

from paperwidgets.notes.edits import ITEM_KEYS
from paperwidgets.notes.fields import OWN_FIELDS
from paperwidgets.notes.model import Annotation, Own


def differences(old: list[Annotation], new: list[Annotation]) -> list[str]:
    """Lines saying what ``new`` has that ``old`` has not, and the other way round."""
    before, after = {a.id: a for a in old}, {a.id: a for a in new}
    order = [*after, *(pid for pid in before if pid not in after)]
    lines: list[str] = []
    for pid in order:
        found = _paper(before.get(pid), after.get(pid))
        if found:
            paper = (after.get(pid) or before[pid]).paper
            lines += [f"{pid} · {paper.get('title') or '(untitled)'}", *found]
    return lines


def _paper(a: Annotation | None, b: Annotation | None) -> list[str]:
    if a is None or b is None:
        side = b or a
        word = "annotated" if a is None else "no longer annotated"
        who = sorted(n for n, own in side.people.items() if own.has_content())  # type: ignore[union-attr]
        return [f"  {'+' if a is None else '-'} {word}" + (f" ({', '.join(who)})" if who else "")]
    lines = []
    for name in sorted(set(a.people) | set(b.people), key=str.casefold):
        lines += _person(name, a.own(name), b.own(name))
    for field, key in ITEM_KEYS.items():
        lines += _items(field, key, a, b)
    return lines


def _person(name: str, a: Own, b: Own) -> list[str]:
    lines = []
    for field in OWN_FIELDS:
        old, new = getattr(a, field), getattr(b, field)
        if old == new:
            continue
        if field == "note":
            lines.append(f"  {name}: note")
            lines += [f"    - {line}" for line in old.splitlines()]
            lines += [f"    + {line}" for line in new.splitlines()]
        else:
            lines.append(f"  {name}: {field} {_shown(field, old)} → {_shown(field, new)}")
    return lines


def _shown(field: str, value: Any) -> str:
    if field == "rating":
        return "★" * value if value else "no rating"
    return str(value)


def _items(field: str, key: Any, a: Annotation, b: Annotation) -> list[str]:
    old = {key(item): item for item in getattr(a, field)}
    new = {key(item): item for item in getattr(b, field)}
    changes = [f"+{_item(field, new[k])}{_by(b, k)}" for k in new if k not in old]
    changes += [f"-{_item(field, old[k])}" for k in old if k not in new]
    changes += [f"~{_item(field, new[k])}{_by(b, k)}" for k in new if k in old and old[k] != new[k]]
    return [f"  {field}: {' '.join(changes)}"] if changes else []


def _item(field: str, item: Any) -> str:
    if field == "tags":
        return f"#{item}"
    comment = f" ({item['comment']})" if item.get("comment") else ""
    return f"“{item['quote']}”{comment}"


def _by(annotation: Annotation, key: str) -> str:
    mark = annotation.added.get(key)
    return f" [{mark.by}]" if mark is not None and mark.by else ""
