"""git as the team's sync: a merge driver that merges notes notebooks per paper and person.

``paperwidgets notes git-setup`` registers it (a ``.gitattributes`` line and
``git config merge.paperwidgets.driver``); ``git merge`` / ``git pull`` then call
``paperwidgets notes merge-driver %O %A %B %P`` for those files: two notes notebooks are merged
three-way through the store (no conflict markers; one person's two different values become
a recorded disagreement); any other file goes to git's own ``git merge-file``.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from paperwidgets.notes.locking import lock_path
from paperwidgets.notes.store import Notes, is_notes_notebook

DRIVER = "paperwidgets"
ATTRIBUTE = f"merge={DRIVER}"
LOCKS = ".*.ipynb.lock"  # the notes store's lock files, never committed


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0:
        raise ValueError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout.strip()


def setup(patterns: list[str], cwd: Path) -> tuple[Path, list[str]]:
    """Register the driver in the repository at ``cwd`` for ``patterns`` (default ``*.ipynb``:
    other notebooks fall back to git's merge). Returns .gitattributes and the lines added."""
    root = Path(_git("rev-parse", "--show-toplevel", cwd=cwd))
    command = f"{shlex.quote(sys.executable)} -m paperwidgets notes merge-driver %O %A %B %P"
    _git("config", f"merge.{DRIVER}.name", "paperwidgets notes: per paper and person", cwd=root)
    _git("config", f"merge.{DRIVER}.driver", command, cwd=root)
    attributes = root / ".gitattributes"
    present = attributes.read_text(encoding="utf-8").splitlines() if attributes.is_file() else []
    added = []
    for pattern in patterns or ["*.ipynb"]:
        relative = _relative(pattern, cwd, root)
        line = f"{relative} {ATTRIBUTE}"
        if line not in present and line not in added:
            added.append(line)
    if added:
        text = "\n".join([*present, *added]) + "\n"
        attributes.write_text(text, encoding="utf-8")
    _exclude_locks(Path(_git("rev-parse", "--git-path", "info/exclude", cwd=root)), root)
    return attributes, added


def _exclude_locks(exclude: Path, root: Path) -> None:
    """Keep the notes files' lock files (``.<name>.lock``) out of ``git status``."""
    exclude = exclude if exclude.is_absolute() else root / exclude
    lines = exclude.read_text(encoding="utf-8").splitlines() if exclude.is_file() else []
    if LOCKS not in lines:
        exclude.parent.mkdir(parents=True, exist_ok=True)
        exclude.write_text("\n".join([*lines, LOCKS]) + "\n", encoding="utf-8")


def _relative(pattern: str, cwd: Path, root: Path) -> str:
    """A pattern as .gitattributes at the root reads it (a path in a subfolder anchored)."""
    if "/" not in pattern and cwd.resolve() == root.resolve():
        return pattern
    return "/" + (cwd.resolve() / pattern).relative_to(root.resolve()).as_posix()


def merge_driver(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """git's merge driver: the merged file in ``ours``; 0 when clean, 1 with conflicts."""
    if not (_is_notes(ours) and _is_notes(theirs)):
        labels = ["-L", f"{name} (ours)", "-L", f"{name} (base)", "-L", f"{name} (theirs)"]
        done = subprocess.run(["git", "merge-file", *labels, str(ours), str(base), str(theirs)],
                              check=False, timeout=120)  # fmt: skip
        return 0 if done.returncode == 0 else 1
    notes = Notes(ours)
    try:
        notes.merge_branch(theirs, base if _is_notes(base) else None, name)
    finally:
        lock_path(notes.path).unlink(missing_ok=True)  # beside git's temp file: not ours to keep
    return 0


def _is_notes(path: Path) -> bool:
    import json

    try:
        return is_notes_notebook(json.loads(path.read_bytes() or b"{}"))
    except (OSError, ValueError):
        return False
