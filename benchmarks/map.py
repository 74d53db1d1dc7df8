"""The corpus map: honest labels on a small day, topic quality, layout time at 10k / 100k.

- quality: on the daily listing (examples/daily_papers.txt, 101 papers) and the labelled arXiv
  sample (benchmarks/data, 2,228 papers), over 5 layout seeds: 2-D 5-NN topic purity (the share
  of each paper's 5 nearest points on the map in its topic), and for the labels placed by the
  map against the median of each topic's papers (the obvious placement, and the map's before
  issue 25): the share of the 5 papers nearest a label that have its topic, the distance from a
  label to its nearest paper of that topic (in median nearest-neighbour spacings), and how many
  topics are labelled; NMI of topics against arXiv primary categories (labelled sample).
- scale [sizes]: topics + layout + labels of resampled real abstracts, cold and cached, with the
  layouts a user would pick instead on the same vectors in the same run: scikit-learn's t-SNE
  of every paper, PCA, and openTSNE / UMAP when installed.
- browser [size]: a fresh kernel builds the corpus and its map data once (timed, cached), then
  the cell `corpus.map()` runs: first draw = cell run -> canvas drawn; transfer = synced state.

Prints figures and the load average; it is not a pass/fail test.
Run: .venv/bin/python benchmarks/map.py [quality|scale|browser] [sizes...]
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

import paperwidgets as pw  # noqa: E402
from paperwidgets.corpus import Corpus  # noqa: E402
from paperwidgets.similarity import layout, topics  # noqa: E402
from paperwidgets.widgets.map import map_data  # noqa: E402

DAILY = ROOT / "examples" / "daily_papers.txt"
SEEDS = 5
NEAR = 5
ALTERNATIVE_TIMEOUT = 300  # s: a full t-SNE of 100k papers is not waited for longer


def clocked(fn, *args):
    t0 = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - t0


def nearest(xy: np.ndarray, points: np.ndarray, k: int) -> np.ndarray:
    from scipy.spatial import cKDTree

    return np.asarray(cKDTree(xy).query(points, k=k)[1]).reshape(len(points), k)


def purity(xy: np.ndarray, groups: np.ndarray) -> float:
    """Share of each paper's NEAR nearest points on the map that are in its group."""
    near = nearest(xy, xy, NEAR + 1)[:, 1:]
    return float(np.mean(groups[near] == groups[:, None]))


def median_labels(xy: np.ndarray, assignments: np.ndarray) -> list[dict]:
    """The obvious placement (the map's before): each topic at the median of its papers."""
    return [
        {"topic": t, "x": float(x), "y": float(y)}
        for t in np.unique(assignments)
        for x, y in [np.median(xy[assignments == t], axis=0)]
    ]


def label_figures(xy: np.ndarray, assignments: np.ndarray, labels: list[dict]) -> dict:
    """Share of a label's NEAR nearest papers in its topic; distance to its nearest own paper
    in median nearest-neighbour spacings; topics labelled."""
    spacing = float(np.median(np.linalg.norm(xy - xy[nearest(xy, xy, 2)[:, 1]], axis=1)))
    at = np.array([[p["x"], p["y"]] for p in labels])
    near = nearest(xy, at, NEAR)
    topic = np.array([p["topic"] for p in labels])
    gaps = [
        np.linalg.norm(xy[assignments == t] - a, axis=1).min()
        for t, a in zip(topic, at, strict=True)
    ]
    return {
        "share": float(np.mean(assignments[near] == topic[:, None])),
        "gap": float(np.median(gaps)) / spacing,
        "labelled": len(set(topic.tolist())) / len(np.unique(assignments)),
    }


def map_quality(corpus: Corpus, truth: np.ndarray | None) -> dict[str, list[float]]:
    """Purity and label figures of the map over SEEDS layout seeds (and NMI with the truth)."""
    from sklearn.metrics import normalized_mutual_info_score as nmi

    rows: dict[str, list[float]] = {}
    for seed in range(SEEDS):
        data = map_data(corpus, seed=seed)
        figures = {"topic purity": purity(data.xy, data.topics)}
        for name, labels in (("map", data.labels), ("median", median_labels(data.xy, data.topics))):
            for key, value in label_figures(data.xy, data.topics, labels).items():
                figures[f"{name} {key}"] = value
        if truth is not None:
            figures["category purity"] = purity(data.xy, truth)
            figures["NMI"] = nmi(truth, data.topics)
        for key, value in figures.items():
            rows.setdefault(key, []).append(value)
    return rows


def quality() -> None:
    """The map of a small day and of the labelled sample: purity and labels, over seeds."""
    labelled = read_jsonl(LABELED)
    for name, corpus, truth in (
        (f"daily listing ({DAILY.name})", pw.load(DAILY), None),
        ("labelled arXiv sample", labelled, primary_categories(labelled)),
    ):
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["PAPERWIDGETS_CACHE"] = tmp
            rows = map_quality(corpus, truth)
        print(f"{name}: {len(corpus):,} papers, mean (min-max) over {SEEDS} layout seeds")
        for key, values in rows.items():
            print(f"  {key:22s} {np.mean(values):6.3f} ({min(values):.3f}-{max(values):.3f})")
    print("  share: of the 5 papers nearest a label, those in its topic; gap: label to its")
    print("  nearest paper of the topic, in median nearest-neighbour spacings; labelled: topics")


def alternatives(vectors: np.ndarray) -> dict[str, tuple[float, np.ndarray | None]]:
    """Layouts a user would pick instead, on the same vectors: (seconds, coordinates)."""
    found = {"PCA (scikit-learn)": _timed_layout("pca", vectors)}
    found["t-SNE of every paper (scikit-learn)"] = _timed_layout("sklearn-tsne", vectors)
    for name in ("opentsne", "umap"):
        found[name] = _timed_layout(name, vectors)
    return found


def _timed_layout(kind: str, vectors: np.ndarray) -> tuple[float, np.ndarray | None]:
    """One alternative layout in its own process (bounded in time; None when not installed)."""
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        np.save(Path(tmp) / "v.npy", vectors)
        script = ALTERNATIVE.format(kind=kind, folder=tmp)
        try:
            subprocess.run([sys.executable, "-c", script], timeout=ALTERNATIVE_TIMEOUT, check=True)
        except subprocess.TimeoutExpired:
            return float("inf"), None
        except subprocess.CalledProcessError:
            return float("nan"), None
        seconds = float((Path(tmp) / "s.txt").read_text())
        return seconds, np.load(Path(tmp) / "xy.npy") if seconds == seconds else None


ALTERNATIVE = """
import time, numpy as np
v = np.load("{folder}/v.npy"); kind = "{kind}"
try:
    if kind == "pca":
        from sklearn.decomposition import PCA; model = PCA(2, random_state=0)
    elif kind == "sklearn-tsne":
        from sklearn.manifold import TSNE; model = TSNE(2, init="pca", random_state=0)
    elif kind == "opentsne":
        from openTSNE import TSNE; model = TSNE(random_state=0)
    else:
        from umap import UMAP; model = UMAP(random_state=0)
except ImportError:
    open("{folder}/s.txt", "w").write("nan"); raise SystemExit
t0 = time.perf_counter()
xy = model.fit(v) if kind == "opentsne" else model.fit_transform(v)
open("{folder}/s.txt", "w").write(str(time.perf_counter() - t0))
np.save("{folder}/xy.npy", np.asarray(xy, np.float32))
"""


def scale(size: int) -> None:
    """Topics + layout + labels of `size` papers, cold then cached, and the alternatives."""
    from paperwidgets.similarity.regions import label_places

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PAPERWIDGETS_CACHE"] = tmp
        corpus = resampled(size)
        _, index_s = clocked(lambda: corpus.similarity.index)
        found, topics_s = clocked(topics.compute_topics, corpus.similarity)
        xy, layout_s = clocked(layout.corpus_layout, corpus.similarity)
        _, labels_s = clocked(label_places, xy, found.assignments, found.labels)
        layout._CACHE.clear()
        _, cached_s = clocked(map_data, corpus)
        vectors = layout._dense(topics.space(corpus.similarity.index))
    total = topics_s + layout_s + labels_s
    print(f"{size:,} resampled papers (index {index_s:.1f} s, not the map's), load {_load()}")
    print(f"  map: topics {topics_s:.1f} s + layout {layout_s:.1f} s + labels {labels_s:.2f} s"
          f" = {total:.1f} s; from the cache {cached_s:.2f} s;"
          f" topic purity {purity(xy, found.assignments):.3f}")  # fmt: skip
    for name, (seconds, coords) in alternatives(vectors).items():
        if coords is None:
            state = "not installed" if seconds != seconds else f"> {ALTERNATIVE_TIMEOUT} s"
            print(f"  {name}: {state}")
            continue
        print(f"  {name}: layout {seconds:.2f} s ({seconds / layout_s:.2f}x our layout),"
              f" topic purity {purity(coords, found.assignments):.3f}")  # fmt: skip


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


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
    sizes = [int(x) for x in sys.argv[2:]]
    if what in ("quality", "all"):
        quality()
    if what in ("scale", "all"):
        for size in sizes or (10_000, 100_000):
            scale(size)
    if what in ("browser", "all"):
        browser(sizes[0] if sizes else 100_000)


if __name__ == "__main__":
    main()
