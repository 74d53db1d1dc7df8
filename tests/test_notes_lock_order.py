"""Writers waiting for a notes file take the lock in the order they came: separate processes
(kernels, the CLI, the Jupyter server), a writer killed while it waits, a queue folder that
cannot be used. What is checked is the notes file on disk: papers follow in the order they
were written. Each writer opens its notes (which reads the file under the lock) before the
test holds the lock, then writes when told: what is ordered is the writes, one turn each."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperwidgets import Notes
from paperwidgets.notes import queue

HOLDER = """
import sys
from paperwidgets.notes.store import save_lock  # the Jupyter server's lock
lock = save_lock(sys.argv[1])
lock.acquire(timeout=30)
print("held", flush=True)
sys.stdin.readline()  # held until the test says
lock.release()
"""
WRITER = """
import sys
from paperwidgets import Notes
from paperwidgets.notes import queue
notes = Notes(sys.argv[1], timeout=60)
print("open", flush=True)
sys.stdin.readline()  # writes when the test says
notes.set(sys.argv[2], note="written by " + sys.argv[2])
"""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "paper-notes.ipynb"
    Notes(path).set("arxiv:0", note="there first")
    return path


def queue_of(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock.queue")


def in_line(path: Path, writer: subprocess.Popen[str]) -> bool:
    """Whether this writer's process has its entry in the queue now."""
    try:
        return any(name.split("-")[2] == str(writer.pid) for name in os.listdir(queue_of(path)))
    except FileNotFoundError:
        return False


def until(condition, what: str, limit: float = 120.0) -> None:
    """Wait for ``condition()`` (generous: a busy machine starts Python slowly)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"still not {what}"
        time.sleep(0.02)


def papers_on_disk(path: Path) -> list[str]:
    """The papers of the notes file in the order its cells hold them."""
    cells = json.loads(path.read_text())["cells"]
    found = [c["metadata"].get("paperwidgets", {}).get("paper", {}).get("id") for c in cells]
    return [paper for paper in found if paper]


def hold(path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def writer(path: Path, paper: str) -> subprocess.Popen[str]:
    """A process with ``path`` open as notes, ready to write ``paper`` when told (``go``)."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), paper],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "open"
    return process


def go(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("go\n")
    process.stdin.flush()


def let_go(holder: subprocess.Popen[str]) -> None:
    go(holder)
    assert holder.wait(timeout=60) == 0


def test_writers_that_waited_write_in_the_order_they_came(path):
    writers = [writer(path, f"arxiv:{n}") for n in range(1, 6)]
    holder = hold(path)
    try:
        for n, process in enumerate(writers, 1):  # each in line before the next is told
            go(process)
            until(lambda p=process: in_line(path, p), f"writer {n} in line")
    finally:
        let_go(holder)
        assert [w.wait(timeout=120) for w in writers] == [0] * 5
    assert papers_on_disk(path) == [f"arxiv:{n}" for n in range(6)]
    assert not queue_of(path).exists()  # the last one out took the line away


def test_a_writer_killed_while_it_waited_does_not_hold_up_the_others(path):
    killed, second = writer(path, "arxiv:killed"), writer(path, "arxiv:1")
    holder = hold(path)
    try:
        go(killed)
        until(lambda: in_line(path, killed), "the first writer in line")
        killed.kill()
        killed.wait(timeout=60)
        go(second)
        until(lambda: in_line(path, second), "the second writer in line behind the killed one")
    finally:
        let_go(holder)
    assert second.wait(timeout=120) == 0  # within its wait: the dead entry was skipped
    assert papers_on_disk(path) == ["arxiv:0", "arxiv:1"]
    assert not queue_of(path).exists()


def test_a_writer_stalled_for_seconds_keeps_its_place(path):
    """A busy machine can stop a waiting process for longer than a killed writer's entry
    takes to count as gone: its process still runs, so the writers behind it wait for it."""
    first, second = writer(path, "arxiv:1"), writer(path, "arxiv:2")
    holder = hold(path)
    try:
        go(first)
        until(lambda: in_line(path, first), "the first writer in line")
        go(second)
        until(lambda: in_line(path, second), "the second writer in line")
        first.send_signal(signal.SIGSTOP)  # its entry stands still from now on
        let_go(holder)
        time.sleep(queue.STALE_AFTER + 1)  # a killed writer's entry would be skipped by now
        assert in_line(path, first)
    finally:
        first.send_signal(signal.SIGCONT)
    assert [first.wait(timeout=120), second.wait(timeout=120)] == [0, 0]
    assert papers_on_disk(path) == ["arxiv:0", "arxiv:1", "arxiv:2"]


@pytest.mark.parametrize("planted", ["file", "link"])
def test_a_queue_that_cannot_be_used_still_lets_every_write_through(path, tmp_path, planted):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if planted == "file":
        queue_of(path).write_text("not a folder")
    else:
        queue_of(path).symlink_to(elsewhere)
    for n in range(1, 4):
        Notes(path).set(f"arxiv:{n}", note="typed")
    assert papers_on_disk(path) == [f"arxiv:{n}" for n in range(4)]
    assert list(elsewhere.iterdir()) == []  # nothing written through the link


def test_a_single_writer_leaves_no_queue_beside_the_notes_file(path):
    notes = Notes(path)
    for n in range(1, 4):
        notes.set(f"arxiv:{n}", note="typed")
    assert not queue_of(path).exists()
