"""Merging two sets of annotations per paper: newer ``updated`` wins by default."""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperwidgets.notes.model import FIELDS, Annotation, iso

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


def merge_into(
    ours: dict[str, Annotation], theirs: list[Annotation], prefer: str = "newer"
) -> tuple[set[str], pd.DataFrame]:
    """Fold ``theirs`` into ``ours`` in place; the changed ids and the conflicts table."""
    import pandas as pd

    if prefer not in PREFER:
        raise ValueError(f"prefer is one of {PREFER}, not {prefer!r}")
    changed: set[str] = set()
    conflicts = []
    for their in theirs:
        our = ours.get(their.id)
        if our is not None and our.content() == their.content():
            continue
        take = our is None or _take_theirs(our, their, prefer)
        if our is not None:
            conflicts.append(_conflict_row(our, their, take))
        if take:
            ours[their.id] = their
            changed.add(their.id)
    return changed, pd.DataFrame(conflicts, columns=CONFLICT_COLUMNS)


def _take_theirs(our: Annotation, their: Annotation, prefer: str) -> bool:
    if prefer != "newer":
        return prefer == "theirs"
    return bool(their.updated and (our.updated is None or their.updated > our.updated))


def _conflict_row(our: Annotation, their: Annotation, took_theirs: bool) -> dict:
    ours, theirs = our.content(), their.content()
    return {
        "id": our.id,
        "title": our.paper.get("title") or their.paper.get("title"),
        "kept": "theirs" if took_theirs else "ours",
        "fields": [name for name in FIELDS if ours[name] != theirs[name]],
        "ours_updated": iso(our.updated),
        "theirs_updated": iso(their.updated),
        "ours": ours,
        "theirs": theirs,
    }
