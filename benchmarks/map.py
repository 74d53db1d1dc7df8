"""The corpus map: topic quality, layout time, and a 100k-paper map in a real JupyterLab.

- quality: normalised mutual information (NMI) between topics and arXiv primary categories on
  the labelled sample (shared/data/real/corpus/labeled), for the clusterings tried; layout time.
- layout [size]: topics + 2-D layout of `size` resampled real abstracts, cold cache.
- browser [size]: a fresh kernel builds the corpus and its map data once (timed, cached), then
  the cell `corpus.map()` runs: first draw = cell run -> canvas drawn; transfer = synced state.

Prints figures; it is not a pass/fail test. Run: .venv/bin/python benchmarks/map.py [what] [size]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from similarity_data import LABELED, primary_categories, read_jsonl, resampled  # noqa: E402

from paperwidgets import layout, topics  # noqa: E402


def clocked(fn, *args):
    t0 = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - t0


def quality() -> None:
    """NMI of each clustering against the primary categories, and the layout time."""
    from sklearn.metrics import normalized_mutual_info_score as nmi

    corpus = read_jsonl(LABELED)
    truth = primary_categories(corpus)
    index = corpus.similarity.index
    lsa, tfidf = topics.space(index), index.rows
    chosen, choose_s = clocked(topics.choose_count, lsa)
    size_rule = max(2, round(np.sqrt(len(corpus) / 2)))
    print(f"{len(corpus):,} papers, {len(set(truth))} primary categories")
    rows = [
        (f"k-means on LSA, k={chosen} by silhouette (default)", lsa, chosen),
        (f"k-means on LSA, k={size_rule} by sqrt(n/2)", lsa, size_rule),
        (f"k-means on TF-IDF rows, k={chosen}", tfidf, chosen),
        (f"k-means on LSA, k={len(set(truth))} (= number of categories)", lsa, len(set(truth))),
    ]
    for name, vectors, k in rows:
        found, seconds = clocked(topics.cluster, vectors, k)
        print(f"  NMI {nmi(truth, found):.3f}  {seconds:5.1f} s  {name}")
    print(f"  choosing k by silhouette took {choose_s:.1f} s")
    _, seconds = clocked(layout.layout, layout._dense(lsa))
    print(f"  layout of {len(corpus):,} papers: {seconds:.1f} s")


def layout_time(size: int) -> None:
    """Wall time of topics + layout for `size` papers, index excluded, cold cache."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PAPERWIDGETS_CACHE"] = tmp
        corpus = resampled(size)
        _, index_s = clocked(lambda: corpus.similarity.index)
        _, topics_s = clocked(topics.compute_topics, corpus.similarity)
        _, layout_s = clocked(layout.corpus_layout, corpus.similarity)
        _, cached_s = clocked(layout.corpus_layout, corpus.similarity)
    print(
        f"{size:,} papers: similarity index {index_s:.1f} s (not the map's), topics "
        f"{topics_s:.1f} s, layout {layout_s:.1f} s, cached layout {cached_s * 1000:.0f} ms"
    )


STATE_SIZES = (
    "import json\nfrom ipywidgets.widgets.widget import _remove_buffers\n"
    "state, _, buffers = _remove_buffers(m.get_state())\n"
    "code = len(state.pop('_esm')) + len(state.pop('_css'))\n"
    "print(json.dumps({'json': len(json.dumps(state)), 'code': code,\n"
    "                  'buffers': sum(len(b) for b in buffers)}))"
)


def browser(size: int) -> None:
    """First draw and transfer of a `size`-paper map in JupyterLab (layout cached beforehand)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.browser.jupyter import JupyterServer

    cells = [
        f"import os, sys, tempfile, time; sys.path.insert(0, {str(ROOT / 'benchmarks')!r})\n"
        "os.environ['PAPERWIDGETS_CACHE'] = tempfile.mkdtemp()  # a cold layout cache\n"
        "from similarity_data import resampled\nfrom paperwidgets.widgets.map import map_data\n"
        f"corpus = resampled({size}); corpus.similarity.index\n"
        "t = time.perf_counter(); map_data(corpus); print(f'{time.perf_counter() - t:.1f}')",
        "m = corpus.map()\nm",
        STATE_SIZES,
    ]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    nb = new_notebook(cells=[new_code_cell(c) for c in cells], metadata=kernel)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        server = JupyterServer(Path(tmp)).start()
        try:
            nbformat.write(nb, server.root / "map.ipynb")
            page = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS).new_page(
                viewport={"width": 1280, "height": 800}
            )
            server.open_notebook(page, "map.ipynb", "lab")
            figures = _measure(page)
        finally:
            server.stop()
    print(f"Map of {size:,} papers in JupyterLab 4 (headless Chromium, 2 cores)")
    for name, value in figures.items():
        print(f"  {name:34s} {value}")


def _measure(page) -> dict[str, object]:
    from benchmarks.reader import run_cell

    outputs = page.locator(".jp-Notebook .jp-CodeCell .jp-OutputArea-output")
    run_cell(page, 0)
    prompt = page.locator(".jp-Notebook .jp-CodeCell").first.locator(".jp-InputPrompt")
    prompt.filter(has_text="[1]:").wait_for(timeout=1_800_000)
    map_data_s = float(outputs.last.inner_text().split()[-1])
    t0 = time.perf_counter()
    run_cell(page, 1)
    page.wait_for_selector(".pw-map-canvas[data-drawn]", timeout=120_000)
    first_draw = time.perf_counter() - t0
    drawn = page.locator(".pw-map-canvas").get_attribute("data-drawn")
    run_cell(page, 2)
    sizes_out = page.locator(".jp-Notebook .jp-CodeCell").nth(2).locator(".jp-OutputArea-output")
    sizes = json.loads(sizes_out.inner_text(timeout=120_000).strip())
    return {
        "topics + layout, cold, computed once (s)": round(map_data_s, 1),
        "first draw after the cell runs (s)": round(first_draw, 2),
        "points drawn in the first frame": drawn,
        "transfer: binary buffers (KB)": round(sizes["buffers"] / 1024),
        "transfer: JSON state (KB)": round(sizes["json"] / 1024, 1),
        "widget code, sent once (KB)": round(sizes["code"] / 1024),
        "status line": page.locator(".pw-map-count").inner_text(),
    }


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    size = int(sys.argv[2]) if len(sys.argv) > 2 else None
    if what in ("quality", "all"):
        quality()
    if what in ("layout", "all"):
        layout_time(size or 10_000)
    if what in ("browser", "all"):
        browser(size or 100_000)


if __name__ == "__main__":
    main()
