"""Cold import time of paperwidgets, and of the first load + card, over bare Python.

Each figure is the median of fresh interpreters (no warm module cache in the process).
Run: .venv/bin/python benchmarks/import_time.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
SNIPPETS = {
    "bare python": "pass",
    "import paperwidgets": "import paperwidgets",
    "load 101-paper listing": (
        f"import paperwidgets as pw; pw.load({str(ROOT / 'examples/daily_papers.txt')!r})"
    ),
    "load + first card": (
        "import paperwidgets as pw; "
        f"pw.load({str(ROOT / 'examples/daily_papers.txt')!r}).card(0)._repr_mimebundle_()"
    ),
}


def wall_time(code: str) -> float:
    """Seconds for a fresh interpreter to run `code` and exit."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - t0


def main() -> None:
    medians = {name: statistics.median(wall_time(c) for _ in range(RUNS)) for name, c in
               SNIPPETS.items()}  # fmt: skip
    bare = medians["bare python"]
    for name, seconds in medians.items():
        print(
            f"{name:28s} {seconds * 1000:8.1f} ms   (+{(seconds - bare) * 1000:7.1f} ms over bare)"
        )


if __name__ == "__main__":
    main()
