"""One live notes file per kernel: the shared cache, lock, listeners and file watcher.

Every ``Notes(path)`` on the same file (through any path or symlink to it) shares one
``LiveFile``, so the Reader, a Map, cards and ``pw.Notes(path)`` in a later cell all see the
same annotations. A change through any of them, or on disk (a hand edit, a merge, another
process, JupyterLab saving the file), is told to every listener with the changed paper ids.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

from paperwidgets.notes import nbfile
from paperwidgets.notes.cells import add_viewer_metadata, upgrading
from paperwidgets.notes.document import (
    Doc,
    annotations_in_order,
    apply,
    doc_from,
    empty_doc,
    signature,
)
from paperwidgets.notes.locking import held, notes_lock
from paperwidgets.notes.model import Annotation
from paperwidgets.notes.nbfile import NotesFileError
from paperwidgets.notes.people import UNKNOWN

POLL = 0.5  # seconds between looks at the file while widgets listen
SETTLE = 5.0  # seconds a file being written in place (not JSON yet) is waited for, at most
SETTLE_POLL = 0.02  # seconds between reads of such a file
STABLE = 0.3  # seconds the same invalid bytes stay: the file is broken, not being written
# an empty file stays empty while an in-place writer serialises: a Jupyter server without the
# extension truncates the file, then validates and dumps the notebook (seconds for a big one
# on a loaded machine)
STABLE_EMPTY = 3.0
Listener = Callable[[set[str]], None]
_FILES: weakref.WeakValueDictionary[Path, LiveFile] = weakref.WeakValueDictionary()
_FILES_LOCK = threading.Lock()
log = logging.getLogger(__name__)


def live_file(path: Path, owner: str | None = None) -> LiveFile:
    """The one LiveFile for the file at ``path`` (symlinks followed: writes go to the target).

    ``owner`` (the first one given) is whose values the file's v1 cells hold.
    """
    target = Path(os.path.realpath(path))
    with _FILES_LOCK:
        found = _FILES.get(target)
        if found is None:
            found = _FILES[target] = LiveFile(target)
        if owner and not found.owner:
            found.owner = owner
        return found


def annotations_on_disk(path: Path, owner: str) -> list[Annotation]:
    """A notes file's annotations in file order, as on disk now: the store's read, read-only.

    Values in v1 cells are ``owner``'s (unless the file is already open in this kernel).
    """
    live = live_file(path, owner)
    with live.mutex:
        return annotations_in_order(live.current())


class LiveFile:
    """A notes file's cached document, its lock and who listens for changes."""

    def __init__(self, target: Path):
        self.target = target
        self.owner = ""
        self.doc: Doc | None = None
        self.mutex = threading.RLock()
        self.lock = notes_lock(target)
        self._pin: int | None = None
        self._listeners: list[Callable[[], Listener | None]] = []
        self._watcher: threading.Thread | None = None

    # --- listeners -----------------------------------------------------------------------

    def listen(self, listener: Listener) -> None:
        """Call ``listener(ids)`` after every change (kept weakly: a widget may go away)."""
        try:
            bound = hasattr(listener, "__self__")
            ref: Callable[[], Listener | None] = (
                weakref.WeakMethod(listener) if bound else weakref.ref(listener)
            )
        except TypeError:  # a builtin such as list.append: held strongly
            ref = lambda: listener  # noqa: E731
        with self.mutex:
            self._listeners.append(ref)
            if self._watcher is None or not self._watcher.is_alive():
                self._watcher = threading.Thread(
                    target=_watch, args=(weakref.ref(self),), daemon=True, name="pw-notes-watch"
                )
                self._watcher.start()

    def notify(self, ids: set[str]) -> None:
        """Tell every listener that these papers' annotations changed."""
        if not ids:
            return
        live = [(ref, ref()) for ref in self._listeners]
        self._listeners = [ref for ref, fn in live if fn is not None]
        for _, fn in live:
            if fn is not None:
                try:
                    fn(set(ids))
                except Exception:  # one broken listener: the others are still told
                    log.exception("%s: a listener of this notes file failed", self.target)

    def listening(self) -> bool:
        return any(ref() is not None for ref in self._listeners)

    # --- the document --------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self, timeout: float) -> Iterator[Doc]:
        """The current document, with this file's lock held (re-entrant)."""
        with self.mutex, held(self.lock, self.target, timeout):
            try:
                nbfile.remove_stale_temps(self.target)  # a writer killed mid-save left one
                yield self.current()
            except BaseException:
                self.doc = None  # memory may be ahead of the file: reload next time
                raise

    def current(self) -> Doc:
        """The document as on disk: the cached one if the file is unchanged, else reloaded."""
        try:
            info = os.stat(self.target)
        except FileNotFoundError:
            if self.doc is None or self.doc.signature is not None:
                self.doc = empty_doc()
            return self.doc
        except OSError as err:
            raise NotesFileError(self.target, f"cannot be read ({err.strerror or err})") from err
        if self.doc is None or self.doc.signature != signature(info):
            before = self.doc
            self.doc = self._load()
            if before is not None:
                self.notify(_differ(before, self.doc))
        return self.doc

    def _load(self) -> Doc:
        """The file parsed; a file that is not JSON *yet* (another program writing it in place,
        e.g. a Jupyter server saving) is read again until it settles."""
        start = time.monotonic()
        last, since = None, start
        while True:
            fd, info, data = self._read()
            try:
                doc = doc_from(self.target, data, info, self.doc, self.owner or UNKNOWN)
            except NotesFileError:
                os.close(fd)
                now = time.monotonic()
                if data != last:
                    last, since = data, now
                stable = STABLE_EMPTY if not data.strip() else STABLE
                if not _torn(data) or now - since > stable or now - start > SETTLE:
                    raise  # broken for good, not being written
                time.sleep(SETTLE_POLL)
                continue
            self._pin_file(fd)
            return doc

    def _read(self) -> tuple[int, os.stat_result, bytes]:
        if self.target.is_dir():
            raise NotesFileError(self.target, "is a directory, not a notes notebook file")
        try:
            fd = os.open(self.target, os.O_RDONLY)
        except OSError as err:
            raise NotesFileError(self.target, f"cannot be read ({err.strerror or err})") from err
        try:
            info = os.fstat(fd)
            with open(fd, "rb", closefd=False) as stream:
                return fd, info, stream.read()
        except OSError as err:
            os.close(fd)
            raise NotesFileError(self.target, f"cannot be read ({err.strerror or err})") from err

    def _pin_file(self, fd: int) -> None:
        """Keep the file open so its inode is not reused while the cache trusts its stat."""
        if self._pin is not None:
            os.close(self._pin)
        self._pin = fd

    def save(self, doc: Doc, changed: set[str]) -> None:
        """Render changed cells, validate, write atomically; then tell the listeners.

        NotesFileError when the change did not reach the file; once it has, nothing after
        (syncing the folder, a listener) makes this fail: that is logged instead.
        """
        nbfile.check_writable(self.target)
        add_viewer_metadata(doc.notebook)
        rewrite = set(changed) | doc.dirty
        if upgrading(doc.notebook):  # a v1 file: every cell and deletion written as v2
            rewrite |= set(doc.annotations) - doc.unreadable
            doc.set_deleted(doc.deleted)
        try:
            touched = apply(self.target, doc, rewrite)
            nbfile.validate(self.target, {**doc.notebook, "cells": touched})  # untouched: valid
            self._write(nbfile.assemble(doc.notebook, doc.fragments))
        except UnicodeError as err:
            raise NotesFileError(self.target, f"cannot be written ({err})") from err
        doc.dirty.clear()
        self._pin_saved(doc)
        self.notify(set(changed))

    def _write(self, chunks: list[bytes]) -> None:
        """Write the file; an error once the new content is in place is only logged."""
        try:
            nbfile.atomic_write(self.target, chunks)
        except OSError as err:
            reason = err.strerror or str(err)
            if not nbfile.holds(self.target, chunks):
                raise NotesFileError(self.target, f"cannot be written ({reason})") from err
            log.warning("%s: saved, but not confirmed on disk yet (%s)", self.target, reason)

    def _pin_saved(self, doc: Doc) -> None:
        """Remember the written file's stat (and keep it open); if it cannot be opened now,
        the document is read again next time."""
        try:
            pin = os.open(self.target, os.O_RDONLY)
        except OSError:
            self.doc = None
            return
        self._pin_file(pin)
        doc.signature = signature(os.fstat(pin))

    def __del__(self) -> None:
        pin = getattr(self, "_pin", None)
        if pin is not None:
            os.close(pin)
            self._pin = None


def _torn(data: bytes) -> bool:
    """Whether ``data`` is not JSON at all (a file caught while being written in place)."""
    try:
        json.loads(data)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return True
    return False


def _differ(before: Doc, after: Doc) -> set[str]:
    """Paper ids whose annotation is not the same object in both (unchanged cells are reused)."""
    old, new = before.annotations, after.annotations
    return {pid for pid in old.keys() | new.keys() if old.get(pid) != new.get(pid)}


def _watch(ref: weakref.ref[LiveFile]) -> None:
    """Look at the file every POLL seconds while someone listens; reload on a change."""
    import time

    while True:
        time.sleep(POLL)
        live = ref()
        if live is None or not live.listening():
            return
        try:
            info = os.stat(live.target)
            if live.doc is not None and live.doc.signature == signature(info):
                continue
            with live.locked(timeout=0.2):
                pass  # reloading under the lock notifies the listeners
        except (OSError, NotesFileError):
            continue  # gone, locked or broken for now: look again later
        finally:
            del live
