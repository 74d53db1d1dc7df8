"""A small journal of acknowledged writes beside the notes file, to undo older overwrites.

Every save appends the saved annotations of the changed papers (one JSON line each) to
``.<file>.journal`` before "Saved" goes back. When the file later changes on disk, fields the
journal holds newer than the file (JupyterLab saving an old copy over it, a restored backup)
are put back. See docs/notes-format.md, *Acknowledged writes*.
"""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from paperwidgets.notes import nbfile
from paperwidgets.notes.edits import edited_at
from paperwidgets.notes.model import FIELDS, Annotation, iso, parse_time, sane

KEEP = timedelta(days=2)  # older acknowledged writes are not restored
COMPACT_AT = 2_000  # lines; then the journal is rewritten with the last entry per paper


def journal_path(target: Path) -> Path:
    """The journal of a notes file."""
    return target.with_name(f".{target.name}.journal")


def append(target: Path, entries: dict[str, Annotation | None], now: datetime) -> None:
    """Record acknowledged writes (None: the paper's annotation was deleted), durably."""
    path = journal_path(target)
    lines = [_line(pid, annotation, now) for pid, annotation in entries.items()]
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, "".join(lines).encode("utf-8"))
        os.fsync(fd)
        size = os.fstat(fd).st_size
    finally:
        os.close(fd)
    if size > COMPACT_AT * 600:  # rough: a line is a few hundred bytes
        _compact(path)


def _line(pid: str, annotation: Annotation | None, now: datetime) -> str:
    record = {"id": pid, "at": iso(now), "annotation": annotation and annotation.to_dict()}
    return json.dumps(record, ensure_ascii=False) + "\n"


def latest(target: Path) -> dict[str, tuple[datetime, Annotation | None]]:
    """The last recent acknowledged write per paper; a damaged line is skipped."""
    try:
        text = journal_path(target).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return {}
    found: dict[str, tuple[datetime, Annotation | None]] = {}
    oldest = datetime.now(timezone.utc) - KEEP
    for line in text.splitlines():
        try:
            record = json.loads(line)
            at = parse_time(record["at"])
            data = record["annotation"]
            found[record["id"]] = (at, None if data is None else Annotation.from_dict(data))
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a crash
    return {pid: entry for pid, entry in found.items() if entry[0] >= oldest}


def _compact(path: Path) -> None:
    entries = latest(path.with_name(path.name[1 : -len(".journal")]))
    lines = [_line(pid, annotation, at) for pid, (at, annotation) in entries.items()]
    nbfile.atomic_write(path, "".join(lines))


def restore(
    annotations: dict[str, Annotation],
    deleted: dict[str, datetime],
    target: Path,
    skip: set[str] = frozenset(),
) -> set[str]:
    """Put back acknowledged writes newer than the file; the ids it changed.

    Papers in ``skip`` have a cell that cannot be read: it is left for a person to fix.
    """
    changed = set()
    for pid, (at, saved) in latest(target).items():
        if pid in skip:
            continue
        held = annotations.get(pid)
        if saved is None:
            if held is not None and sane(held.updated) < at:
                del annotations[pid]
                changed.add(pid)
            continue
        if held is None:
            if sane(deleted.get(pid)) < sane(saved.updated):
                annotations[pid] = saved
                changed.add(pid)
            continue
        newer = newer_fields(held, saved)
        if newer != held:
            annotations[pid] = newer
            changed.add(pid)
    return changed


def newer_fields(held: Annotation, saved: Annotation) -> Annotation:
    """``held`` with every field ``saved`` edited later taken from ``saved``."""
    take = [n for n in FIELDS if sane(edited_at(saved, n)) > sane(edited_at(held, n))]
    if not take:
        return held
    changed = {**held.changed, **{n: saved.changed.get(n, saved.updated) for n in take}}
    removed = {**held.removed, **saved.removed}
    return dataclasses.replace(
        held, **{n: getattr(saved, n) for n in take}, changed=changed, removed=removed,
        updated=max(sane(held.updated), sane(saved.updated)),
    )  # fmt: skip
