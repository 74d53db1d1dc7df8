"""Hostile input is bounded: macro bombs, huge fields and numbers, odd dates, non-files and
huge files end as a LoadError naming the file and the record (or a missing value and one
warning), quickly, never as another exception or a hang."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import pandas as pd
import pytest
from capped import CATCH, run_capped

import paperwidgets as pw
from paperwidgets import LoadError
from paperwidgets.sources.records import MAX_FIELD

HUGE = "1" + "0" * 5000  # over Python's 4,300-digit int(str) limit


def test_a_doubling_string_macro_bomb_stops_early_naming_the_macro(tmp_path):
    """1 KB that doubles 40 times would be 4 GB: it stops at the field limit (macro m19)."""
    lines = ['@string{m0 = "ab"}'] + [
        f"@string{{m{i} = m{i - 1} # m{i - 1}}}" for i in range(1, 41)
    ]
    bomb = tmp_path / "bomb.bib"
    bomb.write_text("\n".join([*lines, "@article{boom, title = m40}"]), encoding="utf-8")
    assert bomb.stat().st_size < 1500
    with pytest.raises(LoadError) as caught:
        pw.load(bomb)
    assert caught.value.source == str(bomb)
    assert caught.value.record == "@string m19"  # 2 * 2**19 characters > 1,000,000
    assert "longer than 1,000,000 characters" in caught.value.reason


def test_a_field_over_the_limit_names_its_entry():
    with pytest.raises(LoadError, match=r"<text>, entry big: a value longer than"):
        pw.load("@article{big, title = {" + "x" * (MAX_FIELD + 1) + "}}")
    assert len(pw.load("@article{ok, title = {" + "x" * 50_000 + "}}")) == 1  # a real size


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("TY  - JOUR\nTI  - " + "y" * (MAX_FIELD + 1) + "\nER  - \n", "record 1"),
        ('[{"title": "T", "abstract": "' + "z" * (MAX_FIELD + 1) + '"}]', "record 1 (title:t)"),
    ],
)
def test_a_title_or_abstract_over_the_limit_names_the_record(text, where):
    with pytest.raises(LoadError, match="longer than 1,000,000 characters") as caught:
        pw.load(text)
    assert caught.value.record == where


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_device_or_folder_is_refused_at_once(tmp_path):
    fifo = tmp_path / "listing.bib"
    os.mkfifo(fifo)  # reading it would wait forever for a writer
    for path, reason in [
        (fifo, "is not a regular file (a FIFO, socket or device)"),
        (Path("/dev/zero"), "is not a regular file (a FIFO, socket or device)"),
        (tmp_path, "is a directory, not a listing file"),
    ]:
        with pytest.raises(LoadError) as caught:
            pw.load(path)
        assert (caught.value.source, caught.value.reason) == (str(path), reason)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_as_notes_path_is_refused_at_once(tmp_path):
    fifo = tmp_path / "paper-notes.ipynb"
    os.mkfifo(fifo)
    for read_only in (False, True):
        with pytest.raises(pw.NotesFileError, match="is not a regular file"):
            pw.Notes(fifo, read_only=read_only)


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    rows = "".join(f"Paper {i},its abstract\n" for i in range(60_000))
    big.write_text("title,abstract\n" + rows, encoding="utf-8")
    monkeypatch.setenv("PAPERWIDGETS_MAX_MB", "1")
    with pytest.raises(LoadError, match=r"big\.csv: is larger than 1 MB, the most a listing"):
        pw.load(big)
    monkeypatch.setenv("PAPERWIDGETS_MAX_MB", "2")
    assert len(pw.load(big)) == 60_000


@pytest.mark.parametrize(
    "text",
    [
        f'[{{"paper": {{"id": "2501.00001", "title": "HF", "upvotes": {HUGE}}}}}]',  # hf-json
        f'[{{"type": "article", "title": "CSL", "DOI": "10.1234/x", "volume": {HUGE}}}]',
        f'[{{"title": "JSON", "year": {HUGE}}}]',
        f'{{"id": "2501.00001", "title": "JSONL", "n": {HUGE}}}\n',
    ],
)
def test_a_huge_json_integer_is_a_missing_value_and_one_warning(text):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = pw.load(text)
    assert len(corpus) == 1
    assert [str(w.message) for w in caught if "digits" in str(w.message)] == [
        "<text>: 1 numbers longer than 4300 digits left empty"
    ]


def test_dates_out_of_range_are_missing_with_one_warning_and_the_paper_still_shows():
    text = (
        '[{"title": "Far", "published": "9999-12-31"}, {"title": "Now", "published": "2020-01-02"}]'
    )
    with pytest.warns(UserWarning, match=r"<text>: 1 dates out of range left empty \(first: '9999"):
        corpus = pw.load(text, format="json")
    assert corpus.papers["published"].isna().tolist() == [True, False]
    card = pw.PaperCard(corpus.papers.iloc[0])
    assert card.paper["published"] is None and "Far" in card.static_html()


YEARS_NO_PAPER_HAS = [9999, 10000, 999, "10000-01-01", 6]  # 6: a real Mendeley export's year


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_years_no_paper_has_are_one_warning_naming_the_file(tmp_path, suffix):
    """Every such year is counted in the one warning (10000, 999 were dropped silently)."""
    rows = [{"id": f"2501.0000{i}", "title": f"Paper {i}", "year": year}
            for i, year in enumerate(YEARS_NO_PAPER_HAS)]  # fmt: skip
    rows.append({"id": "2501.00009", "title": "Now", "year": 2024})
    path = tmp_path / f"listing{suffix}"
    text = json.dumps(rows) if suffix == ".json" else "\n".join(map(json.dumps, rows))
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = pw.load(path)
    dates = [str(w.message) for w in caught if "dates" in str(w.message)]
    assert dates == [
        f"{path}: 5 dates out of range left empty (first: '9999', paper 'arxiv:2501.00000')"
    ]
    assert len(corpus) == 6
    assert corpus.papers["published"].isna().tolist() == [True] * 5 + [False]


def test_a_bibtex_or_csl_year_of_five_digits_is_counted_too(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{far, title={Far}, year={10000}}\n@article{now, title={Now}, year={2024}}\n"
    )
    csl = tmp_path / "refs.json"
    csl.write_text(json.dumps([{"id": "far", "type": "article", "title": "Far",
                                "issued": {"date-parts": [[10000, 1]]}}]))  # fmt: skip
    for path in (bib, csl):
        with pytest.warns(UserWarning, match=rf"{path.name}: 1 dates out of range left empty"):
            assert pw.load(path).papers["published"].isna().tolist()[0]


def test_a_dataframes_datetime_column_keeps_its_dates():
    """pw.load(df) with real datetimes (not strings): they were all dropped, silently."""
    when = [pd.Timestamp("2024-03-05"), pd.Timestamp("2025-01-02 10:30", tz="UTC"), pd.NaT]
    frame = pd.DataFrame({"title": ["A", "B", "C"], "published": when})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = pw.load(frame)
    got = corpus.papers["published"]
    assert got[0] == pd.Timestamp("2024-03-05", tz="UTC")
    assert got[1] == pd.Timestamp("2025-01-02 10:30", tz="UTC") and pd.isna(got[2])


def test_an_empty_or_dateless_listing_still_loads():
    assert pw.load(pd.DataFrame({"title": ["No date"]})).papers["published"].isna().all()
    with pytest.warns(UserWarning, match="1 dates out of range left empty"):
        assert len(pw.load("TY  - JOUR\nTI  - T\nPY  - 9999\nER  - \n")) == 1


LISTING_READ = (
    CATCH
    + """
import paperwidgets as pw
attempt(lambda: len(pw.load(sys.argv[1])))
"""
)


def hostile_listing(kind: str, folder: Path) -> tuple[Path, str]:
    """(path, the LoadError's reason) of a listing file that must not be read whole."""
    path = folder / "listing.json"
    if kind == "2 GB listing (sparse)":
        with path.open("wb") as out:
            out.write(b'[{"title": "x"}')
            out.truncate(2_000_000_000)
        return path, "is larger than 200 MB, the most a listing file may be"
    if kind == "link to a FIFO":
        os.mkfifo(folder / "pipe")
        path.symlink_to(folder / "pipe")
        return path, "is not a regular file (a FIFO, socket or device)"
    path.write_text('[{"title": ' + "[" * 100_000 + "]" * 100_000 + "}]")
    return path, "JSON nested too deeply"


@pytest.mark.parametrize("kind", ["2 GB listing (sparse)", "link to a FIFO", "100k-deep JSON"])
def test_a_listing_that_must_not_be_read_whole_is_refused_at_once_under_a_memory_cap(
    tmp_path, kind
):
    path, reason = hostile_listing(kind, tmp_path)
    found = run_capped(LISTING_READ, str(path), timeout=120)
    assert (found["ok"], found["type"]) == (False, "LoadError"), found
    assert found["message"].startswith(f"{path}: {reason}")


def test_a_csv_quote_that_never_closes_is_a_load_error_naming_its_line(tmp_path):
    """Python's csv would take every later line into that one field: 3 papers became 1."""
    path = tmp_path / "listing.csv"
    path.write_text('title,abstract\nFirst,"fine"\nSecond,"never closed\nThird,x\nFourth,y\n')
    with pytest.raises(LoadError) as caught:
        pw.load(path)
    assert (caught.value.source, caught.value.record) == (str(path), "line 3")
    assert "a quoted field is never closed" in caught.value.reason
    path.write_text('title,abstract\nFirst,"spans\ntwo lines"\nSecond,"and ""quotes"""\n')
    assert pw.load(path).papers["abstract"].tolist() == ["spans two lines", 'and "quotes"']
