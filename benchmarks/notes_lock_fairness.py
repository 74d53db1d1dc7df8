"""Lock fairness: 8 processes writing one notes file at once, under CPU load; does any give up?

Run: ``flock /tmp/pw-heavy.lock .venv/bin/python benchmarks/notes_lock_fairness.py
[--writers 8] [--sets 15] [--notes 2000] [--burn 2]``. Each writer makes ``--sets`` calls of
``Notes.set`` with the default lock timeout; ``--burn`` busy processes load the CPUs
meanwhile. Run twice in one go: waiters in the order they came (notes/queue.py, as shipped)
and the alternative, filelock alone (every waiter polls every 5 ms, so one can lose many
rounds in a row). Prints per-writer give-ups and the longest wait, and the p50/p95/max of all
calls, with the load average, and the same-run ratio of the longest waits. Goal: no writer
gives up; the longest wait well under the timeout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from paperwidgets.notes import Notes
from paperwidgets.notes.locking import LOCK_TIMEOUT

WRITER = """
import json, sys, time
from paperwidgets import Notes, NotesFileError
from paperwidgets.notes import queue
path, who, sets, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
if sys.argv[5] == "race":  # the alternative: filelock alone, every waiter polls (no queue)
    queue.Turn.first = lambda self: True
notes = Notes(path, user=who)
while time.time() < start:
    time.sleep(0.001)
waits, gave_up = [], []
for n in range(sets):
    began = time.monotonic()
    try:
        notes.set(f"arxiv:{who}-{n}", note=f"{who} wrote {n}")
    except NotesFileError as err:
        gave_up.append(str(err))
    waits.append(time.monotonic() - began)
print(json.dumps({"who": who, "waits": waits, "gave_up": gave_up}))
"""
BURN = """
import sys, time
end = time.time() + float(sys.argv[1])
while time.time() < end:
    pass
"""


def seeded(folder: Path, notes: int) -> Path:
    """A notes file already holding ``notes`` annotations (each save rewrites that much)."""
    path = folder / "shared-notes.ipynb"
    edits = [(f"arxiv:seed-{n}", {"note": f"seed note {n} " * 8}) for n in range(notes)]
    Notes(path, user="seed").set_many(edits)
    return path


def run(writers: int, sets: int, notes: int, burn: int, order: str) -> dict[str, object]:
    """Start the writers (and the burners) together; what each writer reported. ``order``:
    "queue" (waiters in the order they came, as shipped) or "race" (filelock alone)."""
    with tempfile.TemporaryDirectory(prefix="pw-lock-fair-") as folder:
        path = seeded(Path(folder), notes)
        start = time.time() + 3  # every writer imported and opened the file by then
        burners = [subprocess.Popen([sys.executable, "-c", BURN, "120"]) for _ in range(burn)]
        children = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(path), f"w{i}", str(sets), str(start), order],
                stdout=subprocess.PIPE,
                text=True,
            )
            for i in range(writers)
        ]
        try:
            reports = [json.loads(child.communicate(timeout=600)[0]) for child in children]
        finally:
            for burner in burners:
                burner.kill()
                burner.wait()
        held = len(Notes(path, read_only=True))
    waits = sorted(w for r in reports for w in r["waits"])
    return {
        "order": order,
        "writers": writers,
        "sets each": sets,
        "notes in file": notes,
        "burners": burn,
        "timeout s": LOCK_TIMEOUT,
        "gave up": {r["who"]: len(r["gave_up"]) for r in reports if r["gave_up"]},
        "longest wait per writer s": {r["who"]: round(max(r["waits"]), 2) for r in reports},
        "p50 s": round(statistics.median(waits), 3),
        "p95 s": round(waits[int(0.95 * (len(waits) - 1))], 3),
        "max s": round(waits[-1], 3),
        "notes written": held - notes,
        "expected": writers * sets,
        "load average": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--sets", type=int, default=15)
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--burn", type=int, default=2)
    args = parser.parse_args()
    print("load average before:", os.getloadavg())
    rows = [run(args.writers, args.sets, args.notes, args.burn, o) for o in ("queue", "race")]
    for row in rows:
        print(json.dumps(row, indent=1))
    ratio = float(str(rows[1]["max s"])) / max(float(str(rows[0]["max s"])), 1e-9)
    print(f"longest wait, race / queue (same run): {ratio:.2f}x")


if __name__ == "__main__":
    main()
