"""Hostile conditions around a notes file: hand-edited times out of range, a lock file that
is not a lock, files the user may not write, a full disk, failures after the save, a hung
lock holder. Each ends in the stored notes read, or a ``NotesFileError`` naming the file,
with nothing of the user's lost."""

from __future__ import annotations

import errno
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from test_notes import _edit_note

from paperwidgets import Notes, NotesFileError, files

STAMPS = [
    "9999-12-31T23:59:59.999999",  # no zone: read as UTC, the last moment Python holds
    "9999-12-31T23:59:59.999999-05:00",  # beyond the last moment once in UTC
    "0001-01-01T00:00:00+05:00",  # before the first
]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "paper-notes.ipynb"


def stamp_cell(path: Path, paper: str, where: str, stamp: str) -> None:
    """Hand-edit one time of ``paper``'s cell, as someone typing in the JSON would."""
    data = json.loads(path.read_text())
    cell = next(
        c
        for c in data["cells"]
        if c["metadata"].get("paperwidgets", {}).get("paper", {}).get("id") == paper
    )
    marks = cell["metadata"]["paperwidgets"]
    if where == "changed":
        next(iter(marks["people"].values()))["changed"]["note"] = stamp
    else:
        marks[where] = stamp
    path.write_text(json.dumps(data, indent=1))


@pytest.mark.parametrize("where", ["updated", "created", "changed"])
@pytest.mark.parametrize("stamp", STAMPS)
def test_an_out_of_range_time_is_a_wrong_clock_not_an_error(path, stamp, where):
    notes = Notes(path)
    notes.set("arxiv:1", note="first", rating=2)
    notes.set("arxiv:2", note="second")
    stamp_cell(path, "arxiv:1", where, stamp)
    reopened = Notes(path)
    assert reopened.get("arxiv:1").note == "first" and reopened.problems == []
    soon = datetime.now(timezone.utc) + timedelta(minutes=10)
    assert reopened.set("arxiv:1", rating=4).updated < soon  # later writes are not pushed out
    assert Notes(path).get("arxiv:1").rating == 4 and Notes(path).get("arxiv:2").note == "second"


@pytest.mark.parametrize("stamp", STAMPS)
def test_a_hand_edit_of_a_cell_dated_out_of_range_is_loaded(path, stamp):
    Notes(path).set("arxiv:1", note="typed in the widget")
    stamp_cell(path, "arxiv:1", "updated", stamp)
    _edit_note(path, "arxiv:1", "typed in JupyterLab")
    reopened = Notes(path)
    assert reopened.get("arxiv:1").note == "typed in JupyterLab"
    reopened.set("arxiv:2", note="another")
    assert Notes(path).get("arxiv:1").note == "typed in JupyterLab"


# --- a lock file that is not a lock, a file the user may not write, a full disk -------------


def lock_of(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def kept(path: Path, notes: Notes, error: NotesFileError, before: bytes) -> None:
    """The error names the notes file; the file is as it was, with no temp file left."""
    assert str(path) in str(error)
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.suffix == ".pwtmp"]


@pytest.mark.parametrize("kind", ["folder", "symlink loop"])
def test_a_lock_file_that_is_not_a_file_is_a_notes_file_error(path, kind):
    notes = Notes(path)
    notes.set("arxiv:1", note="saved")
    before = path.read_bytes()
    lock = lock_of(path)
    lock.unlink()
    if kind == "folder":
        lock.mkdir()
    else:
        lock.symlink_to(lock)
    for attempt in (lambda: notes.set("arxiv:1", note="lost?"), lambda: Notes(path)):
        with pytest.raises(NotesFileError, match="cannot be locked") as caught:
            attempt()
        assert str(lock) in str(caught.value)
        kept(path, notes, caught.value, before)
    lock.rmdir() if kind == "folder" else lock.unlink()  # the cause gone: the same Notes writes
    notes.set("arxiv:1", note="after")
    assert Notes(path).get("arxiv:1").note == "after"


class FullDisk:
    """A file whose writes fail as on a disk with no space (or no inode) left."""

    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    writelines = write

    def __getattr__(self, name):
        return getattr(self.stream, name)


def test_no_space_left_is_a_notes_file_error_and_a_later_set_works(path, monkeypatch):
    notes = Notes(path)
    notes.set("arxiv:1", note="saved")
    before = path.read_bytes()
    fdopen = os.fdopen
    fresh = path.with_name("new-notes.ipynb")
    with monkeypatch.context() as patched:
        patched.setattr(files.os, "fdopen", lambda fd, *a, **k: FullDisk(fdopen(fd, *a, **k)))
        with pytest.raises(NotesFileError, match="No space left") as caught:
            notes.set("arxiv:1", note="typed while the disk was full")
        kept(path, notes, caught.value, before)
        with pytest.raises(NotesFileError, match="No space left") as caught:
            Notes(fresh)
    assert str(fresh) in str(caught.value) and not fresh.exists()
    assert notes.get("arxiv:1").note == "saved"  # memory follows the file, not the failed edit
    notes.set("arxiv:1", note="typed while the disk was full")
    assert Notes(path).get("arxiv:1").note == "typed while the disk was full"


ORDINARY_CHILD = """
import json, os, sys
from pathlib import Path
from paperwidgets import Notes, NotesFileError
path = Path(sys.argv[1]); case = sys.argv[2]
lock = path.with_name("." + path.name + ".lock")
undo = {
    "file": lambda: (path.chmod(0o444), lambda: path.chmod(0o644)),
    "folder": lambda: (path.parent.chmod(0o555), lambda: path.parent.chmod(0o755)),
}
if case == "lock owned by another user":  # the parent made it; the user's folder: may remove it
    notes, fix = None, lock.unlink
else:
    notes = Notes(path, timeout=5)
    notes.set("arxiv:1", note="saved")
    fix = undo[case]()[1]
before = path.read_bytes()
try:
    notes = notes or Notes(path, timeout=5)
    notes.set("arxiv:1", note="typed")
    error = None
except NotesFileError as err:
    error = str(err)
except BaseException as err:
    error = "RAW " + type(err).__name__ + ": " + str(err)
unchanged = path.read_bytes() == before
fix()
(notes or Notes(path, timeout=5)).set("arxiv:1", note="typed")
print(json.dumps({"error": error, "unchanged": unchanged,
                  "after": Notes(path).get("arxiv:1").note, "uid": os.getuid()}))
"""


def ordinary_user() -> int | None:
    """A user id without root's rights to run a child as (None: none to be had)."""
    if os.geteuid() != 0:
        return os.geteuid()
    if shutil.which("setpriv") is None:
        return None
    found = [u.pw_uid for u in pwd.getpwall() if 1000 <= u.pw_uid < 65534]
    return found[0] if found else None


@pytest.mark.parametrize("case", ["file", "folder", "lock owned by another user"])
def test_a_read_only_file_or_folder_for_an_ordinary_user(case):
    uid = ordinary_user()
    if uid is None:
        pytest.skip("runs as root with no other user (or no setpriv) to check permissions as")
    folder = Path(tempfile.mkdtemp(prefix="pw-readonly-"))  # pytest's tmp_path is root's 0700
    try:
        os.chown(folder, uid, -1)
        path = folder / "paper-notes.ipynb"
        if case == "lock owned by another user":  # left by root's Jupyter server, say
            Notes(path).set("arxiv:1", note="saved")
            os.chown(path, uid, -1)
            lock_of(path).chmod(0o644)
        command = [sys.executable, "-c", ORDINARY_CHILD, str(path), case]
        if os.geteuid() == 0:
            command = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", *command]
        env = {**os.environ, "HOME": str(folder), "PAPERWIDGETS_STATE": str(folder / "state")}
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout.splitlines()[-1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert result["uid"] == uid
    assert result["error"] and not result["error"].startswith("RAW"), result
    assert str(path) in result["error"] and result["unchanged"]
    assert result["after"] == "typed"


# --- after the change is on disk, set() does not fail ---------------------------------------


def on_disk(path: Path, paper: str) -> str:
    """A paper's note as the file holds it, read by another process (not this kernel's cache)."""
    code = "import sys, paperwidgets as pw; print(pw.Notes(sys.argv[1]).get(sys.argv[2]).note)"
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), paper],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_a_folder_sync_failing_after_the_replace_is_logged_not_raised(path, monkeypatch, caplog):
    notes = Notes(path)
    notes.set("arxiv:1", note="first")

    def fail(folder):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files, "fsync_folder", fail)
    assert notes.set("arxiv:1", note="second").note == "second"
    assert on_disk(path, "arxiv:1") == "second"
    assert f"{path}: saved, but not confirmed on disk yet (Input/output error)" in caplog.text
    assert notes.set("arxiv:2", note="next").note == "next"  # the store is not left confused


def test_a_failing_listener_is_logged_and_the_others_are_told(path, caplog):
    notes = Notes(path)
    told: list[set[str]] = []

    def broken(ids):
        raise RuntimeError("a widget that went wrong")

    notes.listen(broken)
    notes.listen(told.append)
    assert notes.set("arxiv:1", note="saved").note == "saved"
    assert told == [{"arxiv:1"}] and on_disk(path, "arxiv:1") == "saved"
    assert f"{path}: a listener of this notes file failed" in caplog.text
    assert "a widget that went wrong" in caplog.text


# --- a lock holder that hangs ---------------------------------------------------------------

HOLDER = """
import sys, time
from paperwidgets.notes.saving import save_lock  # the Jupyter server's way in
with save_lock(sys.argv[1]).acquire(timeout=30):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


@pytest.mark.slow
def test_a_hung_lock_holder_is_named_and_does_not_block_for_a_minute(path):
    Notes(path).set("arxiv:1", note="saved")
    before = path.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), "90"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(NotesFileError) as caught:
            Notes(path).set("arxiv:1", note="typed while it hung")  # the default wait
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait(timeout=60)
    message = str(caught.value)
    assert str(path) in message and f"process {holder.pid} on {socket.gethostname()}" in message
    assert waited < 60  # the old default: every writer stuck a full minute
    assert path.read_bytes() == before
    assert Notes(path).set("arxiv:1", note="after").note == "after"  # its lock ended with it


@pytest.mark.parametrize("planted", ["\\x1b[2J99999@\\u202ehost", "", "x" * 10_000])
def test_a_planted_lock_file_never_reaches_the_message_as_is(path, planted):
    from paperwidgets.notes.locking import holder

    lock_of(path).write_text(planted.encode().decode("unicode_escape"))
    assert holder(lock_of(path)) == "another process"
