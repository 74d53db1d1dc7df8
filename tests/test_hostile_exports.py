"""Exports that cannot be injected (issue 22): a paper id or field from a JSON/CSV listing, a
DataFrame or a merged colleague's notes file, written to every export format, is read back
by the format's own parser as exactly one record per paper with the text intact: no extra
field, entry or `@preamble` in a `.bib`, no extra RIS record, no IRI that is not one."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import bibtexparser
import pandas as pd
import pytest
import rispy
from bibtexparser.model import Entry, ImplicitComment
from test_notes_citation import pandoc

import paperwidgets as pw

INJECTION = '}, note = {INJECTED}, } @preamble{"\\input{/etc/hostname}"} @misc{x, title = {y}'
IDS = [f"arxiv:2501.00001{INJECTION}", f"doi:10.1234/abc{INJECTION}", f"x{INJECTION}"]
TITLE = "Title\nER  - \nTY  - JOUR\nTI  - INJECTED} @misc{z, note={INJECTED}"
VENUE = "Venue}, note = {INJECTED"


def rows() -> list[dict]:
    return [
        {"id": pid, "title": f"{TITLE} {n}", "abstract": "a", "url": "javascript:alert(1)",
         "authors": "Eve } and {INJECTED", "journal": VENUE, "doi": f"10.1/x{INJECTION}"}
        for n, pid in enumerate(IDS)
    ]  # fmt: skip


def from_json(tmp_path: Path) -> pw.Corpus:
    (tmp_path / "listing.json").write_text(json.dumps(rows()))
    return pw.load(tmp_path / "listing.json")


def from_csv(tmp_path: Path) -> pw.Corpus:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows()[0]))
    writer.writeheader()
    writer.writerows(rows())
    (tmp_path / "listing.csv").write_text(out.getvalue())
    return pw.load(tmp_path / "listing.csv")


def from_frame(tmp_path: Path) -> pw.Corpus:
    return pw.load(pd.DataFrame(rows()))


def annotated(source: str, tmp_path: Path) -> pw.Notes:
    """My notes on the hostile papers: set from a corpus, or merged from a colleague's file."""
    corpus = {"json": from_json, "csv": from_csv, "frame": from_frame}.get(source, from_json)(
        tmp_path
    )
    assert sorted(corpus.papers["id"]) == sorted(IDS)
    mine = pw.Notes(tmp_path / "mine.ipynb")
    target = pw.Notes(tmp_path / "colleague.ipynb") if source == "colleague" else mine
    for n in range(len(corpus)):
        target.set(corpus.papers.iloc[n], note=f"note {INJECTION}", tags=["t}@preamble{"])
    if source == "colleague":
        mine.merge_from(tmp_path / "colleague.ipynb")
    return mine


SOURCES = ["json", "csv", "frame", "colleague"]
BIB_FIELDS = {
    "title",
    "author",
    "annote",
    "keywords",
    "journal",
    "howpublished",
    "publisher",
    "year",
}


@pytest.mark.parametrize("source", SOURCES)
def test_bibtex_export_of_hostile_ids_is_one_entry_each_with_no_injected_field(tmp_path, source):
    out = annotated(source, tmp_path).export(tmp_path / "notes.bib")
    library = bibtexparser.parse_string(out.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert all(isinstance(b, Entry | ImplicitComment) for b in library.blocks)
    assert len(library.entries) == len(IDS)
    for entry in library.entries:
        assert set(entry.fields_dict) <= BIB_FIELDS, entry.fields_dict
        assert "eprint" not in entry.fields_dict and "doi" not in entry.fields_dict
    result = subprocess.run(
        [pandoc(), "-f", "bibtex", "-t", "csljson", str(out)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    items = json.loads(result.stdout)
    assert len(items) == len(IDS)
    assert {item["annote"] for item in items} == {f"note {INJECTION}"}
    assert all(item["title"].startswith("Title ER - TY - JOUR TI - INJECTED}") for item in items)
    assert all("note" not in item for item in items)


def test_pandoc_citeproc_cites_every_hostile_entry_and_runs_nothing(tmp_path):
    notes = annotated("json", tmp_path)
    out = notes.export(tmp_path / "notes.bib")
    keys = [e.key for e in bibtexparser.parse_string(out.read_text()).entries]
    document = tmp_path / "paper.md"
    document.write_text(" ".join(f"@{key}" for key in keys) + "\n")
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    for bibliography in (out, notes.export(tmp_path / "notes.json")):
        cited = subprocess.run(
            [pandoc(), "--citeproc", "--bibliography", str(bibliography), "-t", "plain",
             str(document)],
            capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        assert "not found" not in cited.stderr, cited.stderr
        assert cited.stdout.count("Title ER - TY - JOUR") == len(IDS)
        assert not hostname or hostname not in cited.stdout


@pytest.mark.parametrize("source", SOURCES)
def test_csl_json_ris_and_web_annotations_keep_hostile_text_as_text(tmp_path, source):
    notes = annotated(source, tmp_path)
    items = json.loads(notes.export(tmp_path / "notes.json").read_text())
    assert sorted(item["custom"]["paperwidgets-id"] for item in items) == sorted(IDS)
    assert all("DOI" not in item and "URL" not in item for item in items)
    assert all("number" not in item for item in items), "no arXiv number from a bad id"
    records = rispy.loads(notes.export(tmp_path / "notes.ris").read_text())
    assert len(records) == len(IDS)
    assert all(r["title"].startswith("Title ER - TY - JOUR TI - INJECTED}") for r in records)
    assert all("doi" not in r and "urls" not in r for r in records)
    data = json.loads(notes.export(tmp_path / "notes.jsonld").read_text())
    targets = [item["target"] for item in data["first"]["items"]]
    assert len(targets) == len(IDS)
    assert all(re.fullmatch(r"urn:paperwidgets:paper:[A-Za-z0-9%:._~-]+", t) for t in targets)


def test_valid_ids_still_give_eprint_doi_and_iris(tmp_path):
    notes = pw.Notes(tmp_path / "mine.ipynb")
    notes.set({"id": "arxiv:2501.00001v2", "title": "New style"}, note="a")
    notes.set({"id": "arxiv:math.GT/0309136", "title": "Old style"}, note="b")
    notes.set({"id": "doi:10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
               "title": "A SICI DOI"}, note="c")  # fmt: skip
    entries = bibtexparser.parse_string(notes.export(tmp_path / "n.bib").read_text()).entries
    fields = [e.fields_dict for e in entries]
    assert [f["eprint"].value for f in fields[:2]] == ["2501.00001v2", "math.GT/0309136"]
    assert fields[2]["doi"].value == "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
