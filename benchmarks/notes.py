"""Notes store latency: ``Notes.set`` p50/p95 with 10, 1k and 10k notes in the file.

Run: ``.venv/bin/python benchmarks/notes.py [--sets 60]``. Each ``set`` is a full durable save
(lock, merge, validate, temp file, fsync, ``os.replace``). Also prints the cost of opening the
file, of a ``set`` right after another process changed it (a full reload), of opening a file
with 60k tags and of merging two 50k-note files. Goal: p50 ≤ 50 ms at 10k notes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from paperwidgets.notes import Annotation, Notes, nbfile
from paperwidgets.notes.cells import annotation_cell, new_notebook

NOTE = "A typical note: what the paper does, why it matters, what to try next. " * 4
SIZES = (10, 1_000, 10_000)


def _annotation(n: int) -> Annotation:
    now = datetime.now(timezone.utc)
    paper = {
        "id": f"arxiv:2503.{n:05d}",
        "title": f"A paper about topic {n}",
        "authors": ["A. Author", "B. Author", "C. Author"],
        "url": f"https://arxiv.org/abs/2503.{n:05d}",
        "published": "2025-03-21T00:00:00+00:00",
    }
    return Annotation(
        paper=paper,
        note=NOTE,
        tags=["benchmark", f"t{n % 7}"],
        rating=1 + n % 5,
        status="read",
        created=now,
        updated=now,
    )


def write_file(path: Path, count: int) -> None:
    """A notes file with ``count`` notes, written in one go."""
    notebook = new_notebook()
    notebook["cells"] += [annotation_cell(_annotation(n)) for n in range(count)]
    cells = [nbfile.raw_cell(cell) for cell in notebook["cells"]]
    notebook["cells"] = cells
    nbfile.atomic_write(path, nbfile.assemble(notebook, [nbfile.fragment(c) for c in cells]))


def _ms(seconds: list[float]) -> str:
    cuts = statistics.quantiles(seconds, n=20)
    return f"p50 {1000 * statistics.median(seconds):6.1f} ms   p95 {1000 * cuts[18]:6.1f} ms"


def measure(count: int, sets: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notes.ipynb"
        write_file(path, count)
        start = time.perf_counter()
        notes = Notes(path)
        opened = time.perf_counter() - start
        times = []
        for n in range(sets):  # half edit existing notes, half add new papers
            paper = f"arxiv:2503.{n % max(count, 1):05d}" if n % 2 else f"new:{n}"
            start = time.perf_counter()
            notes.set(paper, note=f"edit {n}", rating=1 + n % 5)
            times.append(time.perf_counter() - start)
        _other_process(path)  # the cache is now stale
        start = time.perf_counter()
        notes.set("arxiv:2503.00000", note="after an outside change")
        reload = time.perf_counter() - start
        size = path.stat().st_size / 1e6
    print(
        f"{count:>6} notes ({size:5.1f} MB): set {_ms(times)}   "
        f"open {1000 * opened:6.0f} ms   set after outside change {1000 * reload:6.0f} ms"
    )


def _other_process(path: Path) -> None:
    code = f"from paperwidgets import Notes; Notes({str(path)!r}).set('other:process', note='x')"
    subprocess.run([sys.executable, "-c", code], check=True)


def measure_scale() -> None:
    """Opening a file with 60k tags on one paper, and merging two 50k-note files."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tags.ipynb"
        Notes(path).set("p", tags=[f"t{n}" for n in range(60_000)])
        start = time.perf_counter()
        Notes(path, read_only=True).get("p")
        opened = time.perf_counter() - start
        mine, theirs = Path(folder) / "mine.ipynb", Path(folder) / "theirs.ipynb"
        write_file(mine, 50_000)
        write_file(theirs, 50_000)
        edit_all(theirs)
        start = time.perf_counter()
        conflicts = Notes(mine).merge_from(theirs)
        merged = time.perf_counter() - start
    print(
        f"open 60k tags {1000 * opened:6.0f} ms   merge 50k + 50k notes {merged:5.1f} s "
        f"({len(conflicts)} disagreements)"
    )


def edit_all(path: Path) -> None:
    """Every note in the file changed by a later writer (a tag, a rating, a new note)."""
    data = json.loads(path.read_text())
    for cell in data["cells"][1:]:
        meta = cell["metadata"]["paperwidgets"]
        meta.update(tags=[*meta["tags"], "theirs"], rating=1 + meta["rating"] % 5)
        meta["updated"] = datetime.now(timezone.utc).isoformat()
    path.write_text(json.dumps(data, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=60, help="set calls timed per size")
    args = parser.parse_args()
    Notes(Path(tempfile.mkdtemp()) / "warm-up.ipynb")  # imports nbformat once, outside timings
    for count in SIZES:
        measure(count, args.sets)
    measure_scale()


if __name__ == "__main__":
    main()
