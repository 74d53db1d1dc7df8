"""The lock every writer of a notes file holds (kernels, the CLI, the Jupyter server).

It is filelock's ``FileLock`` on ``.<name>.lock`` beside the file, taken in the order the
writers came (``notes/queue.py``). The holder writes
``<pid>@<host>`` into the lock file when it takes the lock (filelock's ``on_acquired``), so
a writer that waits longer than its timeout says who holds the file, and a lock file that
cannot be used (a folder, a link loop, someone else's file) is a ``NotesFileError``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from paperwidgets.notes.nbfile import NotesFileError
from paperwidgets.notes.queue import Turn

LOCK_TIMEOUT = 15.0  # seconds a write waits for another writer (a save takes well under 1 s)
LOCK_POLL = 0.005  # seconds between tries while another writer holds the lock
HOLDER_BYTES = 256  # at most this much of a lock file is read to name its holder


def lock_path(target: Path) -> Path:
    """The lock file every writer of ``target`` holds."""
    return target.with_name(f".{target.name}.lock")


def notes_lock(target: Path, thread_local: bool = True) -> Any:
    """The ``FileLock`` of the notes file ``target`` (its real path), signing its holder."""
    from filelock import FileLock

    return FileLock(lock_path(target), thread_local=thread_local, on_acquired=_sign)


def _sign(fd: int) -> None:
    """Write who holds the lock into it; a lock file that cannot take it is still a lock."""
    with contextlib.suppress(OSError):
        mark = f"{os.getpid()}@{socket.gethostname()}".encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, mark, 0)


@contextlib.contextmanager
def held(lock: Any, target: Path, timeout: float) -> Iterator[None]:
    """``lock`` held for the block, taken in turn (see :func:`turns`)."""
    for _ in turns(lock, target, timeout):
        time.sleep(LOCK_POLL)
    try:
        yield
    finally:
        lock.release()


def turns(lock: Any, target: Path, timeout: float) -> Iterator[None]:
    """Take ``lock`` in the order writers came (:mod:`~paperwidgets.notes.queue`): yields
    while it must wait (the caller sleeps ``LOCK_POLL``, or awaits it), returns once held.
    NotesFileError naming ``target`` when it cannot be taken within ``timeout`` seconds
    (saying who holds it) or the lock file is not usable."""
    if lock.is_locked:  # taken again by its holder (re-entrant): nobody to wait for
        yield from _tries(lock, target, timeout, first=lambda: True)
        return
    with Turn(Path(lock.lock_file)) as turn:
        yield from _tries(lock, target, timeout, first=turn.first)


def _tries(lock: Any, target: Path, timeout: float, first: Callable[[], bool]) -> Iterator[None]:
    """Try ``lock`` whenever ``first()`` says it is this writer's turn, until ``timeout``."""
    from filelock import Timeout

    deadline = time.monotonic() + timeout
    while True:
        try:
            if first():
                lock.acquire(timeout=0)
                return
        except Timeout:
            pass
        except OSError as err:
            reason = f"cannot be locked ({lock.lock_file}: {err.strerror or err})"
            raise NotesFileError(target, reason) from err
        if time.monotonic() >= deadline:
            raise NotesFileError(target, busy(Path(lock.lock_file), timeout))
        yield


def busy(lock: Path, timeout: float) -> str:
    """Why a write gave up: who holds the lock, and what to do."""
    return (
        f"is being written by {holder(lock)} and stayed locked for {timeout:g} s; nothing "
        f"was changed. Try again; if that process hangs, stop it (its lock ends with it)"
    )


def holder(lock: Path) -> str:
    """``process <pid> on <host>`` as the holder wrote it in ``lock`` (read bounded, never
    through a link or from a FIFO), or ``another process`` when it cannot be told."""
    try:
        fd = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return "another process"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "another process"
        text = os.read(fd, HOLDER_BYTES).decode("utf-8", "replace")
    except OSError:
        return "another process"
    finally:
        os.close(fd)
    pid, _, host = text.strip().partition("@")
    if not pid.isdigit() or not host.isprintable() or not host:
        return "another process"
    return f"process {int(pid)} on {host}"
