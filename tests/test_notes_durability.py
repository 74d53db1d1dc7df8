"""Durability: writers killed with SIGKILL mid-run, and two processes writing one file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from paperwidgets import Notes

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork-style processes")

# Sets notes arxiv:<start>..arxiv:<stop-1>; prints each number once its set has returned.
WRITER = """
import sys
from paperwidgets import Notes
path, prefix, start, stop, size = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
notes = Notes(path)
for i in range(start, stop):
    done = notes.set(f"{prefix}:{i}", note=f"note {i} " + "x" * size, tags=[prefix])
    print(i, done.updated.isoformat(), flush=True)
"""


def _writer(path: Path, prefix: str, start: int, stop: int, size: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), prefix, str(start), str(stop), str(size)],
        stdout=subprocess.PIPE,
        text=True,
    )


def _assert_valid(path: Path) -> Notes:
    nbformat.validate(nbformat.read(path, as_version=4))
    return Notes(path, read_only=True)


@pytest.mark.slow
def test_a_writer_killed_at_random_moments_loses_nothing_that_returned(tmp_path):
    path = tmp_path / "notes.ipynb"
    Notes(path)
    rng = random.Random(20251126)
    returned: list[int] = []
    start = 0
    for _ in range(6):
        writer = _writer(path, "arxiv", start, start + 10_000, 2_000)
        first = writer.stdout.readline()  # start-up (imports) done, writing has begun
        time.sleep(rng.uniform(0.0, 0.5))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        done = [int(line.split()[0]) for line in (first + out).splitlines() if line.strip()]
        returned += done
        start = (done[-1] + 1) if done else start
        notes = _assert_valid(path)
        missing = [i for i in returned if notes.get(f"arxiv:{i}") is None]
        assert not missing, f"notes whose set returned are gone: {missing[:5]}"
    assert len(returned) > 20  # the writers did get work done between kills
    Notes(path).set("arxiv:after", note="a clean write sweeps leftover temp files")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pwtmp") == []


@pytest.mark.slow
def test_two_processes_on_distinct_papers_keep_every_note(tmp_path):
    path = tmp_path / "notes.ipynb"
    Notes(path)
    writers = [_writer(path, prefix, 0, 300, 20) for prefix in ("alice", "bob")]
    for writer in writers:
        writer.communicate(timeout=120)
        assert writer.returncode == 0
    notes = _assert_valid(path)
    assert len(notes) == 600
    assert {a.tags[0] for a in notes} == {"alice", "bob"}


SAME_PAPER = """
import sys
from paperwidgets import Notes
notes = Notes(sys.argv[1])
for i in range(60):
    done = notes.set("arxiv:shared", note=f"{sys.argv[2]} {i}", rating=1 + i % 5)
    print(done.updated.isoformat(), done.note, flush=True)
"""


def test_two_processes_on_one_paper_the_newer_wins(tmp_path):
    path = tmp_path / "notes.ipynb"
    Notes(path)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", SAME_PAPER, str(path), who], stdout=subprocess.PIPE, text=True
        )
        for who in ("alice", "bob")
    ]
    results = []
    for writer in writers:
        out, _ = writer.communicate(timeout=120)
        results += [line.split(" ", 1) for line in out.splitlines()]
    assert len(results) == 120
    assert len({stamp for stamp, _ in results}) == 120  # every set got its own time
    newest_stamp, newest_note = max(results)
    final = _assert_valid(path).get("arxiv:shared")
    assert final.updated.isoformat() == newest_stamp and final.note == newest_note
