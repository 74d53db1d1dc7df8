"""One live notes file per kernel: the shared cache, lock, listeners and file watcher.

Every ``Notes(path)`` on the same file (through any path or symlink to it) shares one
``LiveFile``, so the Reader, a Map, cards and ``pw.Notes(path)`` in a later cell all see the
same annotations. A change through any of them, or on disk (a hand edit, a merge, another
process, JupyterLab saving the file), is told to every listener with the changed paper ids.
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

from paperwidgets.notes import journal, nbfile
from paperwidgets.notes.cells import add_viewer_metadata
from paperwidgets.notes.document import (
    Doc,
    annotations_in_order,
    apply,
    doc_from,
    empty_doc,
    signature,
)
from paperwidgets.notes.model import CLOCK, Annotation
from paperwidgets.notes.nbfile import NotesFileError

POLL = 0.5  # seconds between looks at the file while widgets listen
LOCK_POLL = 0.005  # seconds between tries while another writer holds the lock
Listener = Callable[[set[str]], None]
_FILES: weakref.WeakValueDictionary[Path, LiveFile] = weakref.WeakValueDictionary()
_FILES_LOCK = threading.Lock()


def live_file(path: Path) -> LiveFile:
    """The one LiveFile for the file at ``path`` (symlinks followed: writes go to the target)."""
    target = Path(os.path.realpath(path))
    with _FILES_LOCK:
        found = _FILES.get(target)
        if found is None:
            found = _FILES[target] = LiveFile(target)
        return found


def annotations_on_disk(path: Path) -> list[Annotation]:
    """A notes file's annotations in file order, as on disk now: the store's read, read-only."""
    live = live_file(path)
    with live.mutex:
        return annotations_in_order(live.current())


class LiveFile:
    """A notes file's cached document, its lock, the journal and who listens for changes."""

    def __init__(self, target: Path):
        from filelock import FileLock

        self.target = target
        self.doc: Doc | None = None
        self.mutex = threading.RLock()
        self.lock = FileLock(target.with_name(f".{target.name}.lock"))
        self._pin: int | None = None
        self._journal_checked: tuple[int, ...] | None = None  # file state compared to the journal
        self._listeners: list[weakref.ref] = []
        self._watcher: threading.Thread | None = None

    # --- listeners -----------------------------------------------------------------------

    def listen(self, listener: Listener) -> None:
        """Call ``listener(ids)`` after every change (kept weakly: a widget may go away)."""
        try:
            bound = hasattr(listener, "__self__")
            ref = weakref.WeakMethod(listener) if bound else weakref.ref(listener)
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
                fn(set(ids))

    def listening(self) -> bool:
        return any(ref() is not None for ref in self._listeners)

    # --- the document --------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self, timeout: float) -> Iterator[Doc]:
        """The current document, with this file's lock held (re-entrant)."""
        from filelock import Timeout

        with self.mutex:
            try:
                with self.lock.acquire(timeout=timeout, poll_interval=LOCK_POLL):
                    # a writer killed mid-save or mid-compaction of the journal leaves a temp
                    nbfile.remove_stale_temps(self.target, journal.journal_path(self.target))
                    yield self.current(restore=True)
            except Timeout as err:
                raise NotesFileError(self.target, f"is locked by another writer ({err})") from err
            except BaseException:
                self.doc = None  # memory may be ahead of the file: reload next time
                raise

    def current(self, restore: bool = False) -> Doc:
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
        if restore and self._journal_checked != self.doc.signature:
            self._restore(self.doc)
            self._journal_checked = self.doc.signature
        return self.doc

    def _load(self) -> Doc:
        if self.target.is_dir():
            raise NotesFileError(self.target, "is a directory, not a notes notebook file")
        try:
            fd = os.open(self.target, os.O_RDONLY)
        except OSError as err:
            raise NotesFileError(self.target, f"cannot be read ({err.strerror or err})") from err
        try:
            info = os.fstat(fd)
            with open(fd, "rb", closefd=False) as stream:
                data = stream.read()
        except OSError as err:
            os.close(fd)
            raise NotesFileError(self.target, f"cannot be read ({err.strerror or err})") from err
        self._pin_file(fd)
        return doc_from(self.target, data, info, self.doc)

    def _restore(self, doc: Doc) -> None:
        """Acknowledged writes the file lost (an older copy saved over it) are written back."""
        lost = journal.restore(doc.annotations, doc.deleted, self.target, skip=doc.unreadable)
        if lost:
            self.save(doc, lost, record=False)

    def _pin_file(self, fd: int) -> None:
        """Keep the file open so its inode is not reused while the cache trusts its stat."""
        if self._pin is not None:
            os.close(self._pin)
        self._pin = fd

    def save(self, doc: Doc, changed: set[str], record: bool = True) -> None:
        """Render changed cells, validate, write atomically, journal; then tell the listeners."""
        nbfile.check_writable(self.target)
        add_viewer_metadata(doc.notebook)
        try:
            touched = apply(self.target, doc, set(changed) | doc.dirty)
            nbfile.validate(self.target, {**doc.notebook, "cells": touched})  # untouched: valid
            nbfile.atomic_write(self.target, nbfile.assemble(doc.notebook, doc.fragments))
            if record and changed:
                saved = {pid: doc.annotations.get(pid) for pid in changed}
                journal.append(self.target, saved, CLOCK.now())
            self._pin_file(os.open(self.target, os.O_RDONLY))
        except (OSError, UnicodeError) as err:
            reason = getattr(err, "strerror", None) or err
            raise NotesFileError(self.target, f"cannot be written ({reason})") from err
        doc.signature = self._journal_checked = signature(os.fstat(self._pin))
        doc.dirty.clear()
        self.notify(set(changed))

    def __del__(self) -> None:
        if getattr(self, "_pin", None) is not None:
            os.close(self._pin)
            self._pin = None


def _differ(before: Doc, after: Doc) -> set[str]:
    """Paper ids whose annotation is not the same object in both (unchanged cells are reused)."""
    old, new = before.annotations, after.annotations
    return {pid for pid in old.keys() | new.keys() if old.get(pid) != new.get(pid)}


def _watch(ref: weakref.ref) -> None:
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
