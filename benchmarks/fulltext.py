"""The full text in a real JupyterLab: first page drawn, bytes sent, re-anchoring v1 -> v2.

- first page: from running the FullText cell to the first page's picture drawn, for the
  21-page fixture PDF served by the local replay "arXiv" (tests/replay.py): cold (an empty
  cache: the kernel downloads it) and warm (the signed cache on disk: no request).
- bytes sent: the PDF as binary buffers, the widget's code (sent once per model), the synced
  state; against the same PDF as a base64 string trait (the alternative avoided).
- re-anchoring: highlights made in v1 through the view's own path (a selection, then `h`),
  then v2 opened: how many are drawn again, and how many are listed as orphans. The same for
  the HTML fixture, one sentence per paragraph (js/src/fulltext/anchor.js under Node+jsdom).

Prints figures; it is not a pass/fail test. Needs the test extra, Debian's chromium, Node.
Run (one heavy job at a time): flock /tmp/pw-heavy.lock .venv/bin/python benchmarks/fulltext.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.reader import RUN_CELL_JS  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.jupyter import JupyterServer  # noqa: E402
from tests.replay import PAPER, Replay  # noqa: E402

RUNS = 3
# one selection per N text-layer lines, turned into a highlight by the `h` key
SELECT_LINE_JS = """(n) => {
  const spans = [...document.querySelectorAll('.pw-ft-text > span')]
    .filter((s) => s.textContent.length > 30);
  const span = spans[n];
  if (!span) return false;
  span.scrollIntoView({block: 'center'});
  const range = document.createRange();
  range.selectNodeContents(span);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  return true;
}"""


def notebook(url: str) -> nbformat.NotebookNode:
    cells = [
        f"import os, paperwidgets as pw\nos.environ['PAPERWIDGETS_CACHE'] = 'cache'\n"
        f"ARXIV = {url!r}\npaper = {{'id': 'arxiv:{PAPER}', 'title': 'bench'}}",
        f"v1 = ARXIV + '/pdf/{PAPER}v1'\n"
        "cold = pw.FullText(paper, notes='bench-notes.ipynb', source=v1)\ncold",
        "warm = pw.FullText(paper, notes='bench-notes.ipynb', source=v1)\nwarm",
        "import json\nmeta, buffers = warm.text({}, [])\n"
        "state = {k: v for k, v in warm.get_state().items() if k not in ('_esm', '_css')}\n"
        "print(json.dumps({'buffers': sum(len(b) for b in buffers), 'esm': len(warm._esm),\n"
        "  'css': len(warm._css), 'state': len(json.dumps(state))}))",
        f"warm.open_text(ARXIV + '/pdf/{PAPER}v2')",
    ]
    return new_notebook(
        cells=[new_code_cell(c) for c in cells],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )


def first_page(page: Page, index: int, view: int) -> float:
    """Seconds from running cell ``index`` to the first page drawn in FullText view ``view``."""
    t0 = time.perf_counter()
    page.evaluate(RUN_CELL_JS, index)
    page.locator(".pw-ft").nth(view).locator(".pw-ft-pane[data-drawn]").wait_for(timeout=120_000)
    return time.perf_counter() - t0


def reanchor_pdf(page: Page, every: int = 12) -> dict[str, int]:
    """Highlights made in v1 (one line in ``every``) through the view, then v2 opened."""
    view = page.locator(".pw-ft").nth(1)
    made = 0
    for n in range(0, 2000, every):
        if not page.evaluate(SELECT_LINE_JS, n):
            break
        view.press("h")
        made += 1
        page.wait_for_function(
            "(n) => document.querySelectorAll('.pw-ft')[1].dataset.highlights == n", arg=made
        )
    page.evaluate(RUN_CELL_JS, 4)
    page.wait_for_function(
        f"() => document.querySelectorAll('.pw-ft')[1].querySelector('.pw-ft-label')"
        f".textContent.includes('{PAPER}v2')"
    )
    page.wait_for_function(
        "(n) => { const v = document.querySelectorAll('.pw-ft')[1]; return v.dataset.status"
        " === 'shown' && (+v.dataset.highlights + +v.dataset.orphans) == n }",
        arg=made,
        timeout=120_000,
    )
    data = view.evaluate("(v) => ({...v.dataset})")
    return {"made": made, "drawn": int(data["highlights"]), "orphans": int(data["orphans"])}


def measure(page: Page, server: JupyterServer, arxiv: Replay) -> dict[str, Any]:
    nbformat.write(notebook(arxiv.url), server.root / "bench.ipynb")
    server.open_notebook(page, "bench.ipynb", "lab")
    page.evaluate(RUN_CELL_JS, 0)
    page.locator(".jp-CodeCell").first.locator(".jp-InputPrompt").filter(has_text="[1]:").wait_for()
    requests = arxiv.hits[f"/pdf/{PAPER}v1"]
    cold = first_page(page, 1, 0)
    warm = first_page(page, 2, 1)
    assert arxiv.hits[f"/pdf/{PAPER}v1"] == requests + 1, "the warm run fetched again"
    page.evaluate(RUN_CELL_JS, 3)
    output = page.locator(".jp-CodeCell").nth(3).locator(".jp-OutputArea-output")
    output.wait_for()
    sizes = json.loads(output.text_content() or "{}")
    return {"cold": cold, "warm": warm, "sizes": sizes, "pdf": reanchor_pdf(page)}


def html_rate() -> dict[str, Any]:
    run = subprocess.run(
        ["node", str(ROOT / "benchmarks" / "fulltext_anchoring.mjs")],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Any] = json.loads(run.stdout)
    return found


def main() -> None:
    load = os.getloadavg()
    results = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp, Replay(max_requests=400) as arxiv:
            server = JupyterServer(Path(tmp)).start()
            try:
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    results.append(measure(page, server, arxiv))
                    browser.close()
            finally:
                server.stop()
    sizes = results[0]["sizes"]
    pdf = results[0]["pdf"]
    html = html_rate()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores); {RUNS} runs")
    cold = [r["cold"] for r in results]
    warm = [r["warm"] for r in results]
    print(f"first page, cold (download):  median {statistics.median(cold):.2f} s  {cold}")
    print(f"first page, warm (cache):     median {statistics.median(warm):.2f} s  {warm}")
    base64 = -(-sizes["buffers"] // 3) * 4
    print(
        f"bytes to the browser: PDF {sizes['buffers']:,} as a binary buffer "
        f"(base64 trait: {base64:,}, {base64 / sizes['buffers']:.2f}x); widget code "
        f"{sizes['esm']:,} + CSS {sizes['css']:,} once per model; synced state {sizes['state']:,}"
    )
    print(
        f"re-anchoring v1 -> v2, PDF: {pdf['made']} highlights, {pdf['drawn']} drawn again "
        f"({pdf['drawn'] / pdf['made']:.1%}), {pdf['orphans']} listed as orphans"
    )
    kept = html["highlights"] - html["how"].get("orphan", 0)
    print(
        f"re-anchoring v1 -> v2, HTML: {html['highlights']} highlights, {kept} found "
        f"({kept / html['highlights']:.1%}): {html['how']}; {html['ms']:.0f} ms for "
        f"{html['chars']:,} characters"
    )


if __name__ == "__main__":
    main()
