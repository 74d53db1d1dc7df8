"""On-disk cache of feed responses, one file per URL and day, under the one cache folder.

Re-running a notebook the same day reads the cached body instead of fetching again; without
network, the newest earlier copy of the URL stands in. Every file is signed with the per-user
cache key (``paperwidgets.cache.secret``) over its kind, day, URL hash and content, so a
planted or edited response is never served, and bounded-read (``files.read_regular``: no
link followed, no FIFO waited on). Writes are atomic (``files.atomic_write``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from paperwidgets import cache, files
from paperwidgets.errors import LoadError

SEAL = b"PWFEED1\n"


def today() -> dt.date:
    """The cache day (local date): what 'the same day' means for re-running a notebook."""
    return dt.date.today()


def root() -> Path:
    """The feeds cache folder: ``feeds/`` in the one cache folder (``cache.cache_root``)."""
    return cache.cache_root() / "feeds"


def key(url: str) -> str:
    """The file stem of a URL: its SHA-256 (any URL gives a safe, fixed-length name)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def _day_dir(day: dt.date) -> Path:
    return root() / day.isoformat()


def _mac(secret: bytes, path: Path, payload: bytes) -> bytes:
    """The signature of a file's payload, bound to its day folder and name."""
    return cache.sign(secret, b"feed", path.parent.name.encode(), path.name.encode(), payload)


def _read(path: Path) -> bytes | None:
    """The payload of a signed cache file; None if missing, not a file, or not signed by us.

    A regular file of ours that fails the check is removed (the next fetch rewrites it).
    """
    secret = cache.secret()
    if secret is None:
        return None
    try:
        data = files.read_regular(path, follow=False, what="a feed cache file")
    except LoadError:
        return None
    mac, _, payload = data.removeprefix(SEAL).partition(b"\n")
    if data.startswith(SEAL) and mac == _mac(secret, path, payload):
        return payload
    if files.owned_regular(path):
        path.unlink(missing_ok=True)
    return None


def _write(path: Path, payload: bytes) -> None:
    """Sign and write atomically; OSError where the cache cannot be written."""
    secret = cache.secret()
    if secret is None:
        return
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.is_symlink() or folder.parent.is_symlink():
        raise OSError(f"{folder} is a symlink; the cache does not write through links")
    files.atomic_write(path, [SEAL, _mac(secret, path, payload), b"\n", payload])


def get(url: str, day: dt.date | None = None) -> tuple[str, str] | None:
    """(final URL, body) cached for ``url`` on ``day`` (default today), or None."""
    payload = _read(_day_dir(day or today()) / f"{key(url)}.body")
    if payload is None:
        return None
    final, _, body = payload.decode("utf-8", errors="replace").partition("\n")
    return final, body


def latest(url: str) -> tuple[dt.date, str, str] | None:
    """(day, final URL, body) of the newest cached copy of ``url`` on any day, or None."""
    for day in sorted(_days(), reverse=True):
        found = get(url, day)
        if found is not None:
            return day, *found
    return None


def put(url: str, body: str, ids: list[str], final: str | None = None) -> None:
    """Keep today's body for ``url`` (and for the ``final`` URL it was redirected to) and
    the paper ids it listed (for 'new to me')."""
    folder, final = _day_dir(today()), final or url
    payload = f"{final}\n{body}".encode()
    try:
        for stem in dict.fromkeys([key(url), key(final)]):
            _write(folder / f"{stem}.body", payload)
        _write(folder / f"{key(final)}.ids.json", json.dumps({"url": final, "ids": ids}).encode())
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
            payload = _read(path)
            try:
                listed = json.loads(payload)["ids"] if payload else []
                ids.update(i for i in listed if isinstance(i, str))
            except (ValueError, KeyError, TypeError, RecursionError):
                continue
    return ids
