"""Undo for merges: the notes file as it was before each merge, kept per user outside the notes
folder (``$PAPERWIDGETS_STATE``, else ``$XDG_STATE_HOME/paperwidgets``, else
``~/.local/state/paperwidgets``), newest last. Nothing here is ever applied by itself: only
``Notes.undo_merge()`` (or ``paperwidgets notes undo-merge``) puts a copy back.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from pathlib import Path

from paperwidgets.notes.nbfile import NotesFileError, atomic_write

KEEP = 20  # merges remembered per notes file
MAX_BYTES = 512 * 1024 * 1024  # a copy bigger than this is not read back


def state_root() -> Path:
    """The per-user folder for paperwidgets' state (not a cache: not cleared by itself)."""
    own = os.environ.get("PAPERWIDGETS_STATE")
    if own:
        return Path(own).expanduser()
    xdg = os.environ.get("XDG_STATE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "state") / "paperwidgets"


def folder_of(target: Path) -> Path:
    """Where the undo copies of one notes file live (by the hash of its real path)."""
    digest = hashlib.sha256(str(target).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return state_root() / "undo" / digest


@dataclasses.dataclass(frozen=True)
class Entry:
    """One merge that can be undone: the file before it and a digest of the file after it."""

    before: Path
    info: Path

    def after_digest(self) -> str | None:
        try:
            after = json.loads(_read(self.info)).get("after")
        except (ValueError, AttributeError):
            return None
        return after if isinstance(after, str) else None

    def drop(self) -> None:
        for path in (self.before, self.info):
            path.unlink(missing_ok=True)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _folder(target: Path) -> Path:
    """The undo folder, made private (0700) and never a symlink."""
    folder = folder_of(target)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise NotesFileError(folder, "is not a private folder of this user: merge undo refused")
    return folder


def push(target: Path, before: bytes) -> Entry:
    """Keep ``before`` (the file as it is) ahead of a merge; the entry to finish after it."""
    try:
        folder = _folder(target)
        numbers = [int(p.name.split(".")[0]) for p in folder.glob("*.json") if p.name[0].isdigit()]
        n = max(numbers, default=0) + 1
        entry = Entry(folder / f"{n:06d}.before.ipynb", folder / f"{n:06d}.json")
        atomic_write(entry.before, [before])
        atomic_write(entry.info, json.dumps({"target": str(target), "after": None}))
        for old in _entries(folder)[:-KEEP]:
            old.drop()
    except OSError as err:
        raise NotesFileError(target, f"cannot keep a copy to undo the merge ({err})") from err
    return entry


def finish(entry: Entry, target: Path, after: bytes) -> None:
    """Record what the merge wrote, so that undo can tell whether the file changed since."""
    atomic_write(entry.info, json.dumps({"target": str(target), "after": digest(after)}))


def latest(target: Path) -> Entry | None:
    """The last merge of ``target`` that can be undone, or None."""
    folder = folder_of(target)
    entries = _entries(folder) if folder.is_dir() and not folder.is_symlink() else []
    return entries[-1] if entries else None


def before_bytes(entry: Entry) -> bytes:
    """The file as it was before that merge."""
    return _read(entry.before)


def _entries(folder: Path) -> list[Entry]:
    infos = sorted(p for p in folder.glob("*.json") if p.name[:6].isdigit())
    found = [Entry(p.with_name(p.name[:6] + ".before.ipynb"), p) for p in infos]
    return [e for e in found if e.before.is_file()]


def _read(path: Path) -> bytes:
    """A regular file's bytes (no symlink followed, size-capped)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode) or os.fstat(fd).st_size > MAX_BYTES:
            raise NotesFileError(path, "is not a regular file of a sane size")
        return stream.read()
