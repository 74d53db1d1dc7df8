"""The Reader on a 100k-paper corpus in a real JupyterLab: first render, next paper, state size.

"first_render" is from running the Reader cell in a fresh kernel (it pays the one-time
imports of ipywidgets, anywidget and the notes store); "first_render_warm" is a second
Reader in the same kernel.

Real abstracts resampled to size (benchmarks/similarity_data.py). Prints figures; it is not
a pass/fail test. Needs the test extra and Debian's chromium (`make test` installs both).
Run: .venv/bin/python benchmarks/reader.py [size]
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.jupyter import JupyterServer  # noqa: E402

MOVES = 20
RUN_CELL_JS = """async (i) => {
  const app = window.jupyterapp; const panel = app.shell.currentWidget;
  panel.content.activeCellIndex = i;
  await app.commands.execute('notebook:run-cell');
}"""


def notebook(size: int) -> nbformat.NotebookNode:
    cells = [
        f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r})\n"
        f"from similarity_data import resampled\ncorpus = resampled({size})",
        "reader = corpus.reader(notes='bench-notes.ipynb')\nreader",
        "import json\nstate = reader.get_state()\n"
        "size = lambda v: len(v) if isinstance(v, bytes | memoryview) else len(json.dumps(v))\n"
        "print(json.dumps({k: size(v) for k, v in state.items()}))",
        "again = corpus.reader(notes='bench-notes.ipynb')\nagain",
    ]
    return new_notebook(
        cells=[new_code_cell(c) for c in cells],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )


def run_cell(page, index: int) -> None:
    page.evaluate(RUN_CELL_JS, index)


def measure(page, server: JupyterServer, size: int) -> dict[str, float]:
    nbformat.write(notebook(size), server.root / "bench.ipynb")
    server.open_notebook(page, "bench.ipynb", "lab")
    run_cell(page, 0)
    prompt = page.locator(".jp-Notebook .jp-CodeCell").first.locator(".jp-InputPrompt")
    prompt.filter(has_text="[1]:").wait_for(timeout=600_000)
    t0 = time.perf_counter()
    run_cell(page, 1)
    title = page.locator(".pw-reader .pw-card .pw-title")
    title.wait_for(timeout=120_000)
    first_render = time.perf_counter() - t0
    page.locator(".pw-reader .pw-neighbour").first.wait_for(timeout=600_000)
    neighbours_ready = time.perf_counter() - t0
    page.locator(".pw-reader").focus()
    moves = []
    for _ in range(MOVES):
        before = title.text_content()
        t1 = time.perf_counter()
        page.keyboard.press("j")
        page.wait_for_function(
            "(t) => document.querySelector('.pw-reader .pw-card .pw-title').textContent !== t",
            arg=before,
        )
        moves.append(time.perf_counter() - t1)
    run_cell(page, 2)
    stdout = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stdout']"
    out = page.locator(".jp-Notebook .jp-CodeCell").nth(2).locator(stdout)
    out.wait_for(timeout=60_000)
    sizes = json.loads(out.inner_text())
    t2 = time.perf_counter()
    run_cell(page, 3)
    page.locator(".pw-reader .pw-card .pw-title").nth(1).wait_for(timeout=120_000)
    warm_render = time.perf_counter() - t2
    return {
        "first_render_s": first_render,
        "first_render_warm_s": warm_render,
        "neighbours_ready_s": neighbours_ready,
        "next_paper_p50_ms": statistics.median(moves) * 1000,
        "next_paper_max_ms": max(moves) * 1000,
        "state_kb": sum(sizes.values()) / 1024,
        "state_kb_without_js_css": sum(v for k, v in sizes.items() if k not in ("_esm", "_css"))
        / 1024,
    }


def in_jupyterlab(run, viewport=(1280, 800), keep_cache: bool = False):
    """`run(page, server)` on a fresh Jupyter server in headless Chromium; its result.
    With `keep_cache` the kernel uses your own cache folder (an index already built)."""
    with tempfile.TemporaryDirectory() as tmp:
        server = JupyterServer(Path(tmp))
        if keep_cache:
            env = server._env
            server._env = lambda: {k: v for k, v in env().items() if k != "PAPERWIDGETS_CACHE"}
        server.start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                width, height = viewport
                result = run(browser.new_page(viewport={"width": width, "height": height}), server)
                browser.close()
        finally:
            server.stop()
    return result


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    figures = in_jupyterlab(lambda page, server: measure(page, server, size))
    print(f"Reader on {size:,} papers (JupyterLab 4, headless Chromium, 2 cores)")
    for name, value in figures.items():
        print(f"  {name:26s} {value:10.2f}")


if __name__ == "__main__":
    main()
