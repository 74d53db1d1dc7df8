"""Writers waiting for a notes file's lock take it in the order they came (FIFO).

A file lock alone is a race: the writer that just let go polls again first and wins, so with
eight writers one of them waited 9 s while others wrote again and again. Each waiter puts an
entry ``<arrival ns>-<host>-<pid>-<token>`` into ``.<name>.lock.queue/`` beside the lock
file, touches it while it waits, and tries the lock only when no live entry is older than its
own. A waiter of this host is gone when its process is; one whose process still runs but whose
time stood still for ``STUCK_AFTER`` seconds is skipped too (a busy machine can stall a
process, or its touch, for seconds: skipping it then broke the order). A waiter of another
host (a shared folder) is gone when its time stops moving for ``STALE_AFTER`` seconds. Gone
entries are removed; entries are read only by name and time, never opened. When the queue
folder cannot be used (a read-only folder, a link, a file in its place) waiters race as
before; the last one out removes the empty folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import socket
import stat
import time
from pathlib import Path

STALE_AFTER = 3.0  # seconds another host's entry may stand still before its waiter counts as gone
STUCK_AFTER = 10.0  # the same for a waiter of this host whose process still runs
HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]  # names this host in entries
JOIN_TRIES = 3  # a folder removed by the last one out between our mkdir and our entry


def queue_folder(lock_file: Path) -> Path:
    """The folder of ``lock_file``'s waiting writers."""
    return lock_file.with_name(lock_file.name + ".queue")


class Turn:
    """One writer's place in the queue of a lock file (a context manager: in while waiting)."""

    def __init__(self, lock_file: Path):
        self.folder = queue_folder(lock_file)
        self.name = f"{time.time_ns():020d}-{HOST}-{os.getpid()}-{secrets.token_hex(6)}"
        self.fd: int | None = None
        self._seen: dict[str, tuple[int, float]] = {}  # entry -> (its time, when we saw it)

    def __enter__(self) -> Turn:
        for _ in range(JOIN_TRIES):
            with contextlib.suppress(OSError):
                self.fd = _join(self.folder, self.name)
                return self
        return self  # no usable queue: this writer races for the lock as before

    def __exit__(self, *_: object) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.name, dir_fd=self.fd)
        with contextlib.suppress(OSError):  # not empty: others still wait
            os.rmdir(self.folder)
        os.close(self.fd)
        self.fd = None

    def first(self) -> bool:
        """Whether no live waiter came before this one (its own entry touched meanwhile)."""
        if self.fd is None:
            return True
        try:
            os.utime(self.name, dir_fd=self.fd, follow_symlinks=False)
            ahead = sorted(n for n in os.listdir(self.fd) if n < self.name)
        except OSError:
            return True  # the queue went away: fall back to the race
        return not any(self._alive(name) for name in ahead)

    def _alive(self, name: str) -> bool:
        """Whether the waiter of entry ``name`` still waits (its time moved lately)."""
        try:
            info = os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode):
            return False  # not an entry of ours: never waited for
        now = time.monotonic()
        moved, since = self._seen.get(name, (-1, now))
        if info.st_mtime_ns != moved:
            self._seen[name] = (info.st_mtime_ns, now)
            return True
        if now - since < _patience(name):
            return True
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=self.fd)
        return False


def _patience(name: str) -> float:
    """Seconds entry ``name``'s time may stand still before its waiter counts as gone: none
    when it is of this host and its process ended, longer while that process runs."""
    _, host, pid, *_ = [*name.split("-"), "", ""]
    if host != HOST or not pid.isdigit() or os.name != "posix":  # Windows: os.kill ends it
        return STALE_AFTER
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return 0.0
    except OSError:  # it runs as someone else
        pass
    return STUCK_AFTER


def _join(folder: Path, name: str) -> int:
    """Put ``name`` into ``folder`` (made if missing, never through a link); the folder's fd."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, 0o777)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    try:
        os.close(os.open(name, flags, 0o666, dir_fd=fd))
    except OSError:  # also: the folder was removed by the last one out since our mkdir
        os.close(fd)
        raise
    return fd
