"""On-disk cache of feed responses, one file per URL and day, under ``$PAPERWIDGETS_CACHE``.

Re-running a notebook the same day reads the cached body instead of fetching again; without
network, the newest earlier copy of the URL stands in. Writes are atomic (an unpredictable
temporary name in the same folder, fsync, ``os.replace``) and reads never follow a symlink.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path

ENV = "PAPERWIDGETS_CACHE"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def today() -> dt.date:
    """The cache day (local date): what 'the same day' means for re-running a notebook."""
    return dt.date.today()


def root() -> Path:
    """The feeds cache folder: ``$PAPERWIDGETS_CACHE/feeds`` or ``~/.cache/paperwidgets/feeds``."""
    base = os.environ.get(ENV) or Path.home() / ".cache" / "paperwidgets"
    return Path(base) / "feeds"


def key(url: str) -> str:
    """The file stem of a URL: its SHA-256 (any URL gives a safe, fixed-length name)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def _day_dir(day: dt.date) -> Path:
    return root() / day.isoformat()


def _read(path: Path) -> str | None:
    """The text of a cache file, or None if it is missing or a symlink (never followed)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read().decode("utf-8", errors="replace")


def _write(path: Path, text: str) -> None:
    """Write atomically: a fresh temporary file beside ``path``, fsync, then rename over it."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if folder.is_symlink():
        raise OSError(f"{folder} is a symlink; the cache does not write through links")
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".pw-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def get(url: str, day: dt.date | None = None) -> str | None:
    """The body cached for ``url`` on ``day`` (default today), or None."""
    return _read(_day_dir(day or today()) / f"{key(url)}.body")


def latest(url: str) -> tuple[dt.date, str] | None:
    """(day, body) of the newest cached copy of ``url`` on any day, or None."""
    for day in sorted(_days(), reverse=True):
        body = get(url, day)
        if body is not None:
            return day, body
    return None


def put(url: str, body: str, ids: list[str]) -> None:
    """Keep today's body for ``url`` and the paper ids it listed (for 'new to me')."""
    folder = _day_dir(today())
    stem = key(url)
    try:
        _write(folder / f"{stem}.body", body)
        _write(folder / f"{stem}.ids.json", json.dumps({"url": url, "ids": ids}))
    except OSError:  # a read-only or full disk costs a refetch, never the listing
        return


def _days() -> list[dt.date]:
    try:
        names = [p.name for p in root().iterdir() if p.is_dir() and not p.is_symlink()]
    except OSError:
        return []
    days = []
    for name in names:
        try:
            days.append(dt.date.fromisoformat(name))
        except ValueError:
            continue
    return days


def seen_before(day: dt.date | None = None) -> set[str]:
    """Ids of every paper listed by a feed fetched on a day before ``day`` (default today)."""
    cutoff = day or today()
    ids: set[str] = set()
    for earlier in (d for d in _days() if d < cutoff):
        for path in _day_dir(earlier).glob("*.ids.json"):
            text = _read(path)
            try:
                ids.update(json.loads(text)["ids"] if text else [])
            except (ValueError, KeyError, TypeError):
                continue
    return ids
