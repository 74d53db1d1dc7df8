"""Loading speed: records/s for each format, and BibTeX against bibtexparser alone.

Run: ``.venv/bin/python benchmarks/load.py``. Reads the real files in ``tests/fixtures`` and
``../shared/data/real`` (skipped when absent); the 1,000-entry BibTeX file is built from
the real Mendeley export (entries repeated with new keys). Prints figures, never fails.

``benchmarks/load.py --frame 100000 1000000`` times ``pw.load(df)`` of arXiv-like DataFrames
(load_frame.py) against what a pandas user would do instead, each size in fresh processes.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bibtexparser  # noqa: E402

import paperwidgets  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared" / "data" / "real"
FILES = {
    "bibtex": FIXTURES / "bibtex" / "bbt-mendeley-export.bib",
    "ris": FIXTURES / "ris" / "asreview-baseline-zotero-export.ris",
    "csl-json": FIXTURES / "csl-json" / "bbt-issue811-dates.csl.json",
    "hf-json": FIXTURES / "hf-json" / "daily_papers_2024-06-14.json",
    "arxiv-atom": FIXTURES / "arxiv-atom" / "arxivpy-old-search-au-del_maestro.xml",
    "csv (Scopus)": FIXTURES / "csv" / "scopus-export.csv",
    "csv (Zotero)": SHARED / "corpus" / "csv-exports" / "zotero-csv-export.csv",
    "jsonl": SHARED / "corpus" / "labeled" / "arxiv-labeled-part01.jsonl",
    "daily-text": ROOT / "examples" / "daily_papers.txt",
}


def best_of(fn, repeat: int = 5) -> float:
    """The fastest of `repeat` runs, in seconds (the least disturbed by other work)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def thousand_entries() -> str:
    """1,000 real BibTeX entries: the Mendeley export's entries, repeated under new keys."""
    text = FILES["bibtex"].read_text(encoding="utf-8")
    entries = re.split(r"\n(?=@)", text)
    out = []
    while len(out) < 1000:
        for entry in entries:
            if entry.startswith("@") and len(out) < 1000:
                out.append(re.sub(r"^(@\w+\{)([^,]*),", rf"\1bench{len(out)},", entry, count=1))
    return "\n".join(out)


def per_format() -> None:
    print(f"{'format':14} {'records':>8} {'seconds':>8} {'records/s':>10}")
    for fmt, path in FILES.items():
        if not path.exists():
            print(f"{fmt:14} (skipped: {path} is absent)")
            continue
        count = len(paperwidgets.load(path))
        seconds = best_of(lambda p=path: paperwidgets.load(p))
        print(f"{fmt:14} {count:8d} {seconds:8.3f} {count / seconds:10.0f}")


def bibtex_ratio(pairs: int = 9) -> None:
    """Alternate bibtexparser alone and paperwidgets.load, so machine load hits both alike."""
    path = Path("/tmp") / "paperwidgets-bench-1000.bib"
    path.write_text(thousand_entries(), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    alone, ours = [], []
    for _ in range(pairs):
        alone.append(best_of(lambda: bibtexparser.parse_string(text), 1))
        ours.append(best_of(lambda: paperwidgets.load(path), 1))
    entries = len(bibtexparser.parse_string(text).entries)
    ratios = [o / a for o, a in zip(ours, alone, strict=True)]
    print(f"\n1,000-entry BibTeX ({entries} entries, {len(text) / 1e6:.1f} MB), {pairs} pairs:")
    print(f"  bibtexparser.parse_string alone: best {min(alone):.3f} s")
    print(f"  paperwidgets.load (parse, LaTeX, records, merge, DataFrame): best {min(ours):.3f} s")
    print(
        f"  ratio of bests: {min(ours) / min(alone):.2f}x; median pair ratio: "
        f"{statistics.median(ratios):.2f}x; worst pair: {max(ratios):.2f}x (target <= 2x)"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--frame"]:
        from load_frame import frame_table

        frame_table([int(n) for n in sys.argv[2:]] or [100_000])
        sys.exit()
    warnings.simplefilter("ignore")
    paperwidgets.load(FILES["bibtex"])  # import and warm up the parsers
    per_format()
    bibtex_ratio()
