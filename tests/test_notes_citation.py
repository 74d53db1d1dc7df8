"""Cite from your notes: own citekeys kept, new keys short and unique, fields from the source,
hostile text escaped so that bibtexparser and pandoc read every field back whole."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
import rispy

import paperwidgets as pw

HOSTILE = r"Fast & Furious: 100% of {it} #1 $5 ~a ^b _c \d"
BIB = r"""@article{Smith2020Fast,
  title = {Fast \& Furious: 100\% of it},
  author = {Smith, Jane and Doe, John},
  journal = {J. Hostile Inputs}, volume = {12}, number = {3}, pages = {1-10}, year = {2020},
  doi = {10.1234/abc_def}
}
@inproceedings{vaswani:attention,
  title = {Attention Is All You Need}, author = {Ashish Vaswani}, year = {2017},
  booktitle = {NeurIPS}, eprint = {1706.03762}, archiveprefix = {arXiv}, primaryclass = {cs.CL}
}
"""


def pandoc() -> str:
    path = shutil.which("pandoc")
    if path is None:
        pytest.skip("pandoc is missing (make test installs Debian's pandoc when run as root)")
    return path


@pytest.fixture
def notes(tmp_path: Path) -> pw.Notes:
    return pw.Notes(tmp_path / "paper-notes.ipynb")


def bib_entries(path: Path) -> dict:
    library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    return {entry.key: entry for entry in library.entries}


def test_a_bib_entrys_own_key_survives_load_annotate_export(tmp_path, notes):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    corpus = pw.load(tmp_path / "refs.bib")
    for position in range(len(corpus)):
        notes.set(corpus.papers.iloc[position], note=f"note {position}", tags=["to-cite"])
    reopened = pw.Notes(notes.path, read_only=True)  # from the file, as a colleague has it
    entries = bib_entries(reopened.export(tmp_path / "out.bib"))
    assert set(entries) == {"Smith2020Fast", "vaswani:attention"}
    smith = entries["Smith2020Fast"]
    assert smith.entry_type == "article"
    fields = {k: smith[k] for k in ("journal", "volume", "number", "pages", "year", "doi")}
    assert fields == {"journal": "J. Hostile Inputs", "volume": "12", "number": "3",
                      "pages": "1--10", "year": "2020", "doi": "10.1234/abc_def"}  # fmt: skip
    vaswani = entries["vaswani:attention"]
    assert vaswani.entry_type == "inproceedings" and vaswani["booktitle"] == "NeurIPS"
    assert (vaswani["eprint"], vaswani["archiveprefix"], vaswani["primaryclass"]) == (
        "1706.03762",
        "arXiv",
        "cs.CL",
    )
    items = json.loads(reopened.export(tmp_path / "out.json").read_text())
    assert {i["citation-key"] for i in items} == {"Smith2020Fast", "vaswani:attention"}
    assert {i["id"] for i in items} == {"Smith2020Fast", "vaswani:attention"}  # pandoc cites ids
    assert {i["type"] for i in items} == {"article-journal", "paper-conference"}
    records = rispy.loads((reopened.export(tmp_path / "out.ris")).read_text())
    assert {r["id"] for r in records} == {"Smith2020Fast", "vaswani:attention"}
    smith_ris = next(r for r in records if r["id"] == "Smith2020Fast")
    assert smith_ris["type_of_reference"] == "JOUR" and smith_ris["notes"] == ["note 0"]
    assert (smith_ris["start_page"], smith_ris["end_page"]) == ("1", "10")


def test_csl_and_ris_keys_are_kept_too(notes, tmp_path):
    csl = '[{"id": "knuth84", "type": "book", "title": "The TeXbook", "issued": "1984"}]'
    ris = "TY  - JOUR\nID  - lamport94\nTI  - LaTeX\nPY  - 1994\nER  - \n"
    for paper in [*pw.load(csl), *pw.load(ris)]:
        notes.set(paper, note="classic")
    assert set(bib_entries(notes.export(tmp_path / "out.bib"))) == {"knuth84", "lamport94"}


def test_new_keys_are_short_stable_and_unique(notes, tmp_path):
    paper = {"id": "arxiv:2503.16365", "title": "The JARVIS-VLA model", "authors": ["Muyao Li"],
             "published": "2025-03-21"}  # fmt: skip
    notes.set(paper, note="a")
    notes.set({**paper, "id": "arxiv:2503.99999"}, note="b")
    notes.set({**paper, "id": "doi:10.1234/x", "authors": ["Phillips J.C."]}, note="c")
    keys = list(bib_entries(notes.export(tmp_path / "out.bib")))
    assert keys == ["li2025jarvis", "li2025jarvisa", "phillips2025jarvis"]
    assert keys == list(bib_entries(notes.export(tmp_path / "again.bib")))


def test_hostile_notes_export_to_bib_that_bibtexparser_and_pandoc_read_whole(notes, tmp_path):
    paper = {"id": "title:x", "title": HOSTILE, "authors": ["Acme & Sons", "O'Brien, Pat"],
             "published": "2021-01-01"}  # fmt: skip
    notes.set(paper, note=HOSTILE, tags=["a_b", "c%d", "x&y"])
    notes.set({"id": "doi:10.1234/a{b}%c", "title": "Braces in a DOI"}, note="}{ unbalanced")
    out = notes.export(tmp_path / "notes.bib")
    assert len(bib_entries(out)) == 2  # no failed block: nothing cut an entry short
    result = subprocess.run(
        [pandoc(), "-f", "bibtex", "-t", "csljson", str(out)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    items = {item["id"]: item for item in json.loads(result.stdout)}
    hostile = items["sons2021fast"]
    assert hostile["title"] == HOSTILE
    assert hostile["annote"] == HOSTILE
    assert hostile["keyword"] == "a_b, c%d, x&y"
    assert hostile["author"][0] == {"literal": "Acme & Sons"}
    assert items["braces"]["annote"] == "}{ unbalanced"
    document = tmp_path / "paper.md"
    document.write_text("As shown by @sons2021fast.\n", encoding="utf-8")
    cited = subprocess.run(
        [pandoc(), "--citeproc", "--bibliography", str(out), "-t", "plain", str(document)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert "not found" not in cited.stderr
    assert "Fast & Furious: 100% of {it} #1 $5\n~a ^b _c \\d" in cited.stdout
    as_csl = subprocess.run(
        [pandoc(), "--citeproc", "--bibliography", str(notes.export(tmp_path / "n.json")),
         "-t", "plain", str(document)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert "not found" not in as_csl.stderr and "Acme & Sons" in as_csl.stdout


def test_web_annotation_targets_are_iris(notes, tmp_path):
    notes.set({"id": "title:no-link", "title": "No link"}, note="x")
    notes.set({"id": "arxiv:hep-th/9901001", "title": "Old"}, note="y")
    data = json.loads(notes.export(tmp_path / "notes.jsonld").read_text())
    targets = [item["target"] for item in data["first"]["items"]]
    assert targets == [
        "urn:paperwidgets:paper:title:no-link",
        "https://arxiv.org/abs/hep-th/9901001",
    ]
