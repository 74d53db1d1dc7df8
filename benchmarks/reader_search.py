"""The Reader's search box on big corpora: kernel and browser latency, and the project() fix.

kernel  - the Reader's `page` answer for a query (widgets/paper_list.py: engine relevance of
          every paper, title words, your notes), as the search box asks while you type
          ("d", "di", "dif", … "diffusion models"); p50 / p95 over all those requests, and the
          first search alone (it reads the title words once).
browser - the same typed in a real JupyterLab (headless Chromium): from the last key to the
          list showing the hits of what was typed ("searching…" gone, rows drawn); p50 / p95.
project - `corpus.search(query, k=1000)` (what the Reader's search did before issue 26: it
          computed a why for 1,000 hits, and a hit without a shared term projected two rows
          on the LSA basis) with the old `project()` (copies the whole basis on every call)
          and the new one (gathers only the query's terms), same run, same queries.

Real abstracts resampled to size (benchmarks/similarity_data.py); the index is built (or
loaded from the cache) first and not counted. Prints figures only, not pass/fail.
Run: .venv/bin/python benchmarks/reader_search.py [--no-browser] [size ...]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
from similarity_data import resampled  # noqa: E402

from paperwidgets.similarity import index as index_module  # noqa: E402
from paperwidgets.widgets.paper_list import Filters, SearchIndex, page  # noqa: E402

QUERIES = ["diffusion models", "graph neural network", "quantization vision", "tulu", "rlhf"]
RARE = ["zebrafish", "tokamak plasma", "sign language"]  # few literal hits: many topic whys


def typed(query: str) -> list[str]:
    """What the search box asks while the query is typed (one request per key)."""
    return [query[: i + 1] for i in range(len(query)) if query[i] != " "]


def old_project(matrix, basis, chunk: int = 10000) -> np.ndarray:
    """project() before issue 26: the whole basis transposed (copied) on every call."""
    from scipy.sparse import csr_matrix

    projected = np.empty((matrix.shape[0], len(basis.components)), np.float32)
    components = np.ascontiguousarray(basis.components.T)
    for start in range(0, matrix.shape[0], chunk):
        rows = matrix[start : start + chunk]
        where = np.minimum(np.searchsorted(basis.columns, rows.indices), len(basis.columns) - 1)
        keep = basis.columns[where] == rows.indices
        indptr = np.concatenate([[0], np.cumsum(keep)])[rows.indptr]
        shape = (rows.shape[0], len(basis.columns))
        used = csr_matrix((rows.data[keep], where[keep], indptr), shape=shape)
        projected[start : start + chunk] = index_module.unit(used @ components)
    return projected


def ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def p50_p95(values: list[float]) -> str:
    return f"p50 {statistics.median(values):7.1f} ms, p95 {np.percentile(values, 95):7.1f} ms"


def kernel(corpus) -> None:
    search = SearchIndex(corpus)
    first = ms(lambda: page(corpus, search, {}, Filters(query="learning")))
    asks = [
        ms(lambda q=q: page(corpus, search, {}, Filters(query=q)))
        for q in QUERIES
        for q in typed(q)
    ]
    print(f"  kernel: Reader search {p50_p95(asks)} over {len(asks)} typed requests; "
          f"first search (reads the title words) {first:.0f} ms")  # fmt: skip


def project_fix(corpus) -> None:
    new = index_module.project
    timings = {}
    for name, fn in (("old", old_project), ("new", new)):
        index_module.project = fn
        timings[name] = [ms(lambda q=q: corpus.search(q, k=1000)) for q in QUERIES + RARE]
    index_module.project = new
    old, fixed = (statistics.median(timings[k]) for k in ("old", "new"))
    topics = sum(
        w[0].startswith("related by topic") for q in RARE for w in corpus.search(q, k=1000)["why"]
    )
    print(f"  project(): corpus.search(k=1000) p50 {old:7.1f} ms before, {fixed:7.1f} ms after "
          f"(x{old / fixed:.1f}; {topics} topic whys over the rare queries)")  # fmt: skip


def browser(size: int) -> None:
    from reader import in_jupyterlab

    run = lambda page_, server: typed_in_browser(page_, server, size)  # noqa: E731
    waits = in_jupyterlab(run, viewport=(1400, 900), keep_cache=True)
    print(f"  browser: last key -> hits shown {p50_p95(waits)} over {len(waits)} queries")


def typed_in_browser(page_, server, size: int) -> list[float]:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    cell = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r})\n"
        f"from similarity_data import resampled\nimport paperwidgets as pw\n"
        f"corpus = pw.Corpus(resampled({size}).papers)  # the user-facing Corpus (.reader)\n"
        "corpus.search('warm up', k=1)\nreader = corpus.reader()\nreader"
    )
    nb = new_notebook(
        cells=[new_code_cell(cell)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(nb, server.root / "search.ipynb")
    server.open_notebook(page_, "search.ipynb", "lab")
    page_.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    reader = page_.locator(".pw-reader")
    try:
        reader.locator(".pw-row-item").first.wait_for(timeout=900_000)
    except Exception:  # say what the notebook shows instead (an error, a static card)
        print(
            "  browser: no Reader rows;", page_.locator(".jp-OutputArea-output").all_inner_texts()
        )
        raise
    box = reader.locator(".pw-search")
    waits = []
    for query in QUERIES * 2:
        box.click()
        page_.keyboard.press("Control+A")
        page_.keyboard.press("Backspace")
        page_.wait_for_function(
            "() => document.querySelector('.pw-reader .pw-list').dataset.query === ''",
            timeout=600_000,
        )
        page_.keyboard.type(query, delay=60)
        t0 = time.perf_counter()
        page_.wait_for_function(
            "(q) => document.querySelector('.pw-reader .pw-list').dataset.query === q",
            arg=query,
            timeout=600_000,
        )
        waits.append((time.perf_counter() - t0) * 1000)
    return waits


def run(size: int, with_browser: bool) -> None:
    corpus = resampled(size)
    t0 = time.perf_counter()
    corpus.search("warm up", k=1)  # builds or loads the index
    print(f"{size:>9,} papers (index ready in {time.perf_counter() - t0:.0f} s, not counted)")
    kernel(corpus)
    project_fix(corpus)
    if with_browser:
        del corpus
        browser(size)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    with_browser = "--no-browser" not in sys.argv
    import os

    print(f"load average {os.getloadavg()[0]:.1f} (2 cores)")
    for n in [int(a) for a in args] or [10_000, 1_000_000]:
        run(n, with_browser)
