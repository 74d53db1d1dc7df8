"""The one rule for every file paperwidgets opens: bounded reads and atomic writes.

A read opens with ``O_NONBLOCK`` (a FIFO never waits for a writer) and, for paths
paperwidgets chooses itself (cache entries, the cache key), ``O_NOFOLLOW``; ``fstat`` then
refuses anything but a regular file, and the size is checked before a byte is read.
Errors are the input's own type (``LoadError`` for listings, ``NotesFileError`` for
notebooks: pass ``error=``) naming the file. JSON is parsed with deep nesting and memory
exhaustion caught. A write goes to an unpredictable temp name in the target's folder
(``mkstemp``: ``O_EXCL``, never through a symlink), is fsynced, then renamed over the target.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from paperwidgets.errors import LoadError

MAX_MB = 200  # the largest real listings are a few MB; a 100k-paper arXiv dump is ~150 MB
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)
PathLike = str | os.PathLike[str]
ErrorType = type[LoadError]


def max_bytes(default_mb: float = MAX_MB) -> int:
    """The largest file read: $PAPERWIDGETS_MAX_MB megabytes, else ``default_mb``."""
    try:
        return int(float(os.environ.get("PAPERWIDGETS_MAX_MB", default_mb)) * 1e6)
    except ValueError:
        return int(default_mb * 1e6)


def _opened(path: PathLike, follow: bool, error: ErrorType, what: str) -> int:
    """A read-only descriptor of ``path``; ``error`` naming it for anything but a file."""
    flags = os.O_RDONLY | NONBLOCK | (0 if follow else NOFOLLOW)
    try:
        return os.open(path, flags)
    except FileNotFoundError:
        raise error(str(path), "does not exist") from None
    except IsADirectoryError:
        raise error(str(path), f"is a directory, not {what}") from None
    except OSError as err:
        if not follow and os.path.islink(path):
            raise error(str(path), "is a symbolic link (not followed here)") from None
        raise error(str(path), f"cannot be read ({err.strerror or err})") from None


@contextlib.contextmanager
def open_regular(
    path: PathLike, *, error: ErrorType = LoadError, follow: bool = True, what: str = "a file"
) -> Iterator[tuple[IO[bytes], os.stat_result]]:
    """(open binary file, its stat) of a regular file; ``error`` at once for anything else."""
    fd = _opened(path, follow, error, what)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(str(path), f"is a directory, not {what}")
        raise error(str(path), "is not a regular file (a FIFO, socket or device)")
    with os.fdopen(fd, "rb") as file:
        yield file, info


def too_big(limit: int, what: str) -> str:
    """The reason given for a file over ``limit`` bytes."""
    return (
        f"is larger than {limit / 1e6:g} MB, the most {what} may be "
        "(set PAPERWIDGETS_MAX_MB to read bigger files)"
    )


def read_regular(
    path: PathLike,
    *,
    error: ErrorType = LoadError,
    limit: int | None = None,
    follow: bool = True,
    what: str = "a file",
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (default ``max_bytes()``).

    The size is checked on ``fstat`` before reading (a sparse 2 GB file costs nothing) and
    again on what was read (a file growing while read).
    """
    limit = max_bytes() if limit is None else limit
    with open_regular(path, error=error, follow=follow, what=what) as (file, info):
        if info.st_size > limit:
            raise error(str(path), too_big(limit, what))
        try:
            data = file.read(limit + 1)
        except OSError as err:
            raise error(str(path), f"cannot be read ({err.strerror or err})") from None
    if len(data) > limit:
        raise error(str(path), too_big(limit, what))
    return data


def parse_json(data: bytes | str, name: str, error: ErrorType = LoadError, **options: Any) -> Any:
    """The JSON value of ``data``; ``error`` naming ``name`` for bad, too deep or too big JSON."""
    try:
        return json.loads(data, **options)
    except RecursionError:
        raise error(name, "is not usable JSON: nested too deeply") from None
    except MemoryError:
        raise error(name, "is not usable JSON: too big to hold in memory") from None
    except (ValueError, UnicodeDecodeError) as err:  # JSONDecodeError is a ValueError
        raise error(name, f"is not valid JSON ({err})") from None


def mine(info: os.stat_result) -> bool:
    """Whether a file belongs to this user (always, where there are no POSIX owners)."""
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def private(info: os.stat_result) -> bool:
    """Whether no one but its owner may read or write a file (POSIX modes only)."""
    return os.name != "posix" or not info.st_mode & 0o077


def owned_regular(path: PathLike) -> bool:
    """True for a regular file (not a link) of this user: one paperwidgets may remove."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and mine(info)


@contextlib.contextmanager
def atomic_file(
    path: Path, *, prefix: str = ".pw-", suffix: str = ".tmp", mode: int | None = None
) -> Iterator[IO[bytes]]:
    """A temp file beside ``path`` to write; fsynced and renamed over ``path`` on success.

    The temp file is removed on any failure, so a killed or failed write leaves ``path``
    as it was. ``mode`` (e.g. the replaced file's) is set before the rename.
    """
    handle, temp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            if mode is not None:
                os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def atomic_write(
    path: Path,
    content: str | bytes | Iterable[bytes],
    *,
    prefix: str = ".pw-",
    suffix: str = ".tmp",
    mode: int | None = None,
) -> None:
    """Write ``content`` (text as UTF-8, or byte chunks) to ``path`` atomically."""
    if isinstance(content, str):
        content = [content.encode("utf-8")]
    elif isinstance(content, bytes):
        content = [content]
    with atomic_file(path, prefix=prefix, suffix=suffix, mode=mode) as out:
        out.writelines(content)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; folders cannot be opened on Windows)."""
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
