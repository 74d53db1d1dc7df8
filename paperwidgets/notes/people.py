"""Who is writing: the person a ``Notes`` store records as the author of every edit.

The name comes from ``Notes(path, user=…)``, else ``$PAPERWIDGETS_USER``, else git's
``user.name`` (as git sees it in the notes file's folder), else the login name.
"""

from __future__ import annotations

import functools
import getpass
import os
import subprocess
import unicodedata
from pathlib import Path

MAX_NAME = 100
UNKNOWN = "(unknown)"  # the author of values in a file that never named one


def check_name(name: object) -> str:
    """A person's name, stripped; ValueError for an empty, over-long or control-laden one."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"a person's name is non-empty text, not {name!r}")
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise ValueError(f"a person's name has at most {MAX_NAME} characters: {name[:40]!r}…")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise ValueError(f"a person's name has no control characters: {name!r}")
    return name


@functools.lru_cache(maxsize=64)  # one `git config` per folder and kernel
def git_user(folder: Path) -> str | None:
    """git's ``user.name`` as seen from ``folder`` (its repository's config), or None."""
    try:
        found = subprocess.run(
            ["git", "config", "user.name"], cwd=folder if folder.is_dir() else None,
            capture_output=True, text=True, timeout=5, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    name = found.stdout.strip()
    return name if found.returncode == 0 and name else None


def current_user(user: str | None, folder: Path) -> str:
    """The name edits are recorded under: ``user``, $PAPERWIDGETS_USER, git, the login."""
    for name in (user, os.environ.get("PAPERWIDGETS_USER")):
        if name is not None and str(name).strip():
            return check_name(name)
    found = git_user(folder)
    if found:
        return check_name(found)
    try:
        return check_name(getpass.getuser())
    except (OSError, KeyError, ValueError):  # no login name in a container
        return UNKNOWN
