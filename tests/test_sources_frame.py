"""pw.load(df) reads a DataFrame column by column (sources/frame.py); the papers, ids, authors,
dates, links, extra and warnings are those of reading it row by row, the way it was read before
(kept here as the oracle), on every committed listing and on generated frames."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import paperwidgets
from paperwidgets import LoadError
from paperwidgets.corpus import Corpus, frame_from_records
from paperwidgets.sources import tabular
from paperwidgets.sources.merge import merge
from paperwidgets.sources.records import clean_text
from paperwidgets.sources.text_cells import is_clean

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
LISTINGS = sorted(
    path
    for path in [*FIXTURES.rglob("*"), ROOT / "examples" / "daily_papers.txt"]
    if path.is_file() and path.suffix not in {".md", ".ipynb"} and "LICENSE" not in path.name
)


def row_by_row(frame: pd.DataFrame, columns: dict[str, str] | None = None) -> Corpus:
    """The reader before: every row a dict, every dict a record, then merge and the frame."""
    names = [str(c) for c in frame.columns]
    rows = [dict(zip(names, row, strict=True)) for row in frame.itertuples(index=False, name=None)]
    records = tabular.read_rows(rows, names, "<DataFrame>", columns)
    return Corpus(frame_from_records(merge([records])))


def outcome(read: Any, frame: pd.DataFrame, columns: dict | None = None) -> tuple:
    """(papers or the LoadError's message, warning messages) of one way of reading."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            papers: Any = read(frame, columns=columns).papers
        except LoadError as error:
            papers = str(error)
    return papers, [str(w.message) for w in caught]


def assert_same(frame: pd.DataFrame, columns: dict | None = None) -> None:
    """pw.load(frame) gives exactly what the row-by-row reader gave."""
    new, new_warnings = outcome(paperwidgets.load, frame, columns)
    old, old_warnings = outcome(row_by_row, frame, columns)
    assert new_warnings == old_warnings
    if isinstance(old, str):
        assert new == old
    else:
        pd.testing.assert_frame_equal(new, old)


def quiet_load(source: Any) -> Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return paperwidgets.load(source)


def loadable(path: Path) -> Corpus | None:
    try:
        return quiet_load(path)
    except LoadError:
        return None  # the malformed fixtures: nothing to turn into a frame


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: p.name)
def test_every_listing_as_a_frame_loads_as_row_by_row(path):
    corpus = loadable(path)
    if corpus is None:
        pytest.skip(f"{path.name} is a malformed listing")
    papers = corpus.papers
    assert_same(papers)  # the canonical frame as it is: lists, dicts, datetimes
    dated = papers.assign(published=papers["published"].dt.strftime("%Y-%m-%d"))
    assert_same(dated)  # dates as text, as most users' tables hold them
    flat = papers.assign(
        authors=[" and ".join(a) for a in papers["authors"]],
        categories=[", ".join(c) for c in papers["categories"]],
        doi=[e.get("doi") for e in papers["extra"]],
        id=None,
    )
    assert_same(flat)  # authors and categories as text, ids made from the URL, DOI or title


def test_a_csv_export_read_by_pandas_loads_as_row_by_row():
    for path in FIXTURES.glob("csv/*.csv"):
        assert_same(pd.read_csv(path, on_bad_lines="skip"))
        assert_same(pd.read_csv(path, on_bad_lines="skip", dtype=object))


def test_json_listings_as_frames_load_as_row_by_row():
    import json

    for path in [*FIXTURES.glob("hf-json/daily*.json"), *FIXTURES.glob("csl-json/*.json")]:
        items = json.loads(path.read_text(encoding="utf-8"))
        items = items if isinstance(items, list) else [items]
        frame = pd.json_normalize(items)
        if "title" in frame or "paper.title" in frame:
            assert_same(frame, {"title": "paper.title"} if "paper.title" in frame else None)


def test_the_space_is_the_only_printable_whitespace():
    """is_clean relies on it: a printable text has no whitespace but the space."""
    spaces = [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert [c for c in spaces if chr(c).isprintable()] == [32]
    for text in ["a b", "a  b", " a", "a ", "a\tb", "a\u2028b", "a\xa0b", "", "x"]:
        assert is_clean(text) == (clean_text(text) == text)


def test_rows_that_share_an_id_or_doi_merge_as_before():
    frame = pd.DataFrame(
        {
            "id": ["2401.00001", "arxiv:2401.00001", "p-1", "p-1", None, None, "title:x", "arxiv"],
            "title": ["A", "A again", "B", "B twin", "C", "C'", "x", "D"],
            "doi": [None, "10.1000/X", None, None, "10.1000/x", None, "10.1000/y", "10.1000/Y"],
            "abstract": ["one", None, "two", "", "three", "four", "five", "six"],
            "authors": [["Ann"], [], ["Bo"], ["Cy"], [], ["Di"], [], []],
        }
    )
    assert_same(frame)
    papers = paperwidgets.load(frame).papers
    assert list(papers["id"]) == ["arxiv:2401.00001", "p-1", "title:c", "arxiv"]
    assert list(papers["title"]) == ["A", "B", "C'", "x"]  # rows 1, 2, 5 share the arXiv id or DOI
    assert papers["extra"][0] == {"doi": "10.1000/X"} and papers["extra"][3] == {"doi": "10.1000/y"}


# --- generated frames ----------------------------------------------------------------------------

NAMES = ["id", "title", "Title", "abstract", "summary", "authors", "author", "authors_parsed",
         "published", "date", "year", "doi", "url", "pdf_url", "categories", "primary_category",
         "journal", "keywords", "comment", "Key", "upvotes", "notes", "", "AU", "TI", "PT", "SO",
         "source"]  # fmt: skip
TEXTS = ["", " ", "A  paper\n on <i>x</i>", "2401.00001v2", "arxiv:2312.1", "10.1000/ABC.",
         "doi:10.1/x", "https://arxiv.org/abs/2401.00002", "Smith, J.; Doe, A.", "A and B",
         "cs.LG, stat.ML", "cs.LG cs.LG", "2024-03-05", "2024-02-30", "9999-12-31", "Mar 2020",
         "2019 Mar 15", "x&amp;y", "\u2028a\xa0b", "title:t", "arxiv", "p-1"]  # fmt: skip
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3000), st.floats(allow_nan=True),
    st.sampled_from(TEXTS), st.text(max_size=10),
)  # fmt: skip
cells = st.one_of(
    scalars,
    st.lists(st.one_of(st.sampled_from(TEXTS), st.text(max_size=6), st.none()), max_size=4),
    st.lists(st.lists(st.sampled_from(["Doe", "J.", "", "Jr"]), max_size=3), max_size=3),
    st.dictionaries(st.sampled_from(["a", "doi"]), scalars, max_size=2),
)
KINDS = ["mixed", "texts", "dates", "numbers"]


@st.composite
def frames(draw: Any) -> pd.DataFrame:
    """Small frames of paper-ish columns: mixed cells, text, datetime and number columns."""
    rows = draw(st.integers(0, 6))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=7))
    if draw(st.integers(0, 4)):  # most frames have a title column (without: a LoadError)
        names.insert(draw(st.integers(0, len(names))), draw(st.sampled_from(["title", "TI"])))
    data = {}
    for position in range(len(names)):
        kind = draw(st.sampled_from(KINDS))
        if kind == "texts":
            values: Any = draw(st.lists(st.sampled_from(TEXTS), min_size=rows, max_size=rows))
        elif kind == "dates":
            days = draw(st.lists(st.integers(-5000, 30000), min_size=rows, max_size=rows))
            values = pd.to_datetime(np.array(days), unit="D")
            values = values.tz_localize("UTC") if draw(st.booleans()) else values
        elif kind == "numbers":
            values = draw(st.lists(st.floats(-1e4, 1e4), min_size=rows, max_size=rows))
        else:
            values = draw(st.lists(cells, min_size=rows, max_size=rows))
        data[position] = list(values) if kind != "dates" else values
    frame = pd.DataFrame(data) if rows else pd.DataFrame({i: [] for i in data})
    frame.columns = names  # repeated names too: the last column of a name counts
    return frame


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames())
def test_any_frame_loads_as_row_by_row(frame):
    assert_same(frame)


@settings(max_examples=60, deadline=None)
@given(frame=frames(), title=st.sampled_from(NAMES))
def test_any_frame_with_columns_loads_as_row_by_row(frame, title):
    if title in map(str, frame.columns):
        assert_same(frame, {"title": title})


# --- Parquet and Feather files ---------------------------------------------------------------


def daily_papers() -> pd.DataFrame:
    papers = quiet_load(ROOT / "examples" / "daily_papers.txt").papers
    return papers.drop(columns=["extra"])  # Parquet has no type for a column of empty dicts


@pytest.mark.parametrize("suffix", [".parquet", ".feather"])
def test_a_parquet_or_feather_file_loads_like_its_frame(tmp_path, suffix):
    pytest.importorskip("pyarrow")
    papers = daily_papers()
    path = tmp_path / f"papers{suffix}"
    papers.to_parquet(path) if suffix == ".parquet" else papers.to_feather(path)
    loaded = quiet_load(path).papers
    assert set(loaded["source"]) == {str(path)}
    expected = quiet_load(papers).papers
    columns = ["id", "title", "authors", "abstract", "published", "url", "categories"]
    pd.testing.assert_frame_equal(loaded[columns], expected[columns])
    assert loaded["authors"][0] == papers["authors"][0]  # list columns come back as lists


def test_parquet_without_pyarrow_says_what_to_install(tmp_path, monkeypatch):
    path = tmp_path / "papers.parquet"
    path.write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    with pytest.raises(LoadError, match=r"papers\.parquet: reading Parquet needs pyarrow"):
        paperwidgets.load(path)


def test_a_broken_or_special_parquet_file_is_a_load_error(tmp_path, monkeypatch):
    pytest.importorskip("pyarrow")
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really parquet PAR1")
    with pytest.raises(LoadError, match=r"broken\.parquet: not a readable Parquet file"):
        paperwidgets.load(broken)
    fifo = tmp_path / "pipe.feather"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="not a regular file"):
        paperwidgets.load(fifo)  # at once: a FIFO is never opened for reading
    big = tmp_path / "big.parquet"
    daily_papers().to_parquet(big)
    monkeypatch.setenv("PAPERWIDGETS_MAX_MB", "0.001")
    with pytest.raises(LoadError, match=r"larger than 0\.001 MB"):
        paperwidgets.load(big)


@settings(max_examples=200, deadline=None)
@given(dates=st.lists(st.one_of(st.none(), st.sampled_from(TEXTS), st.sampled_from(
    ["2024-01-02T10:00:00+01:00", "2024-01-02T10:00:00.123456789Z", "2024-01", "1500-03-04",
     "2024-01-02 10:00", "2024"])), max_size=8))  # fmt: skip
def test_dates_parsed_once_each_are_what_pandas_parses(dates):
    """The papers frame parses each distinct date once: the same values and resolution."""
    from paperwidgets.corpus import parsed_dates

    for column in (pd.Series(dates, dtype=object), pd.Series(dates)):  # object, inferred str
        expected = pd.to_datetime(column, errors="coerce", utc=True, format="ISO8601")
        pd.testing.assert_series_equal(parsed_dates(column), expected)
