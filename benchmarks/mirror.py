"""A notebook carrying a big notes output, opened in a real JupyterLab: time to the first note
cards and the DOM it builds (issue 22: 20,000 notes took 50.7 s and 420,007 DOM nodes when
every card was drawn at once).

Each size is opened in a fresh page; "first cards" runs from the notebook's first cell
appearing to the first note card, "open" from page.goto to the first card. The same run
opens a 20-note notebook as the baseline a user has anyway. Prints figures; it is not a
pass/fail test. Run: flock /tmp/pw-heavy.lock .venv/bin/python benchmarks/mirror.py [sizes…]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from nbformat import write
from nbformat.v4 import new_code_cell, new_notebook, new_output
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from paperwidgets.constants import NOTES_MIME as MIME  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.jupyter import JupyterServer  # noqa: E402

CARD = f"[data-mime-type='{MIME}'] .pw-note-card"


def notebook(size: int):
    notes = [
        {"paper": {"id": f"arxiv:2501.{i:05d}", "title": f"Paper {i} on a topic",
                   "authors": ["A. Author", "B. Author"], "published": "2025-01-02"},
         "note": f"A note with **Markdown** about paper {i}.", "tags": ["to-read", "ml"],
         "rating": 1 + i % 5, "status": "read", "updated": "2026-01-02T10:00:00+00:00"}
        for i in range(size)
    ]  # fmt: skip
    cell = new_code_cell("reader")
    data = {MIME: {"schema_version": 1, "notes_file": "paper-notes.ipynb", "annotations": notes}}
    cell.outputs = [new_output("display_data", data={**data, "text/plain": f"{size} notes"})]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    return new_notebook(cells=[cell], metadata=kernel)


def measure(page, server: JupyterServer, size: int) -> dict[str, float]:
    name = f"mirror-{size}.ipynb"
    write(notebook(size), server.root / name)
    t0 = time.perf_counter()
    page.goto(f"{server.url}/lab/tree/{name}?reset")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=600_000)
    t1 = time.perf_counter()
    page.locator(CARD).first.wait_for(timeout=600_000)
    t2 = time.perf_counter()
    nodes = page.evaluate(f"() => document.querySelector(\"[data-mime-type='{MIME}']\")"
                          ".querySelectorAll('*').length")  # fmt: skip
    filter_box = page.locator(f"[data-mime-type='{MIME}'] .pw-static-filter")
    filter_box.click()
    t3 = time.perf_counter()
    page.keyboard.type(f"paper {size - 1}.")
    page.wait_for_function(
        f'() => document.querySelectorAll("{CARD}").length === 1', timeout=600_000
    )
    found = time.perf_counter() - t3
    return {"open_s": t2 - t0, "first_cards_s": t2 - t1, "dom_nodes": nodes, "find_last_s": found,
            "file_mb": (server.root / name).stat().st_size / 1e6}  # fmt: skip


def main() -> None:
    sizes = [int(s) for s in sys.argv[1:]] or [20, 2000, 20000]
    with tempfile.TemporaryDirectory() as tmp:
        server = JupyterServer(Path(tmp)).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                rows = {}
                for size in sizes:
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    rows[size] = measure(page, server, size)
                    page.close()
                browser.close()
        finally:
            server.stop()
    load = os.getloadavg()[0]
    print(f"Notes output in JupyterLab 4 (headless Chromium, 2 cores, load {load:.1f})")
    print(f"  {'notes':>7} {'file MB':>8} {'open s':>7} {'first cards s':>14} {'DOM nodes':>10}"
          f" {'find last s':>12}")  # fmt: skip
    base = rows[min(rows)]
    for size, r in rows.items():
        print(f"  {size:>7,} {r['file_mb']:>8.1f} {r['open_s']:>7.2f} {r['first_cards_s']:>14.2f}"
              f" {r['dom_nodes']:>10,} {r['find_last_s']:>12.2f}")  # fmt: skip
    for size, r in rows.items():
        ratio = r["first_cards_s"] / max(base["first_cards_s"], 1e-3)
        print(f"  first cards at {size:,} notes: {ratio:.1f}x the {min(rows):,}-note notebook")


if __name__ == "__main__":
    main()
