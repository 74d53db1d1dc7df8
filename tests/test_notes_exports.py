"""Notes out and in: merging a colleague's file, exports, annotated notebooks, nbconvert, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import nbformat
import pytest
from test_notes import PAPER  # the same sample paper

from paperwidgets import Notes, NotesFileError, export_annotated
from paperwidgets.cli import main


@pytest.fixture
def notes(tmp_path: Path) -> Notes:
    notes = Notes(tmp_path / "mine.ipynb")
    notes.set(
        PAPER,
        note="Strong *baseline*; see §3.",
        tags=["vla", "minecraft"],
        rating=4,
        status="read",
        highlights=[
            {
                "quote": "post-training",
                "prefix": "visual ",
                "suffix": " step",
                "start": 10,
                "end": 23,
                "comment": "the key idea",
            }
        ],
    )
    notes.set("doi:10.1000/xyz", note="only an id {unbalanced")
    return notes


# --- merge --------------------------------------------------------------------------------


def test_a_colleagues_notes_go_beside_mine_under_their_name(tmp_path, notes):
    theirs = Notes(tmp_path / "colleague.ipynb", user="Bob")
    theirs.set("arxiv:9999.00001", note="only theirs")
    theirs.set(PAPER, note="their later take", rating=5)  # newer than mine
    table = notes.merge_from(theirs.path)
    assert notes.get("arxiv:9999.00001").others["Bob"].note == "only theirs"
    merged = notes.get(PAPER["id"])
    assert (merged.note, merged.rating) == ("Strong *baseline*; see §3.", 4)  # mine, untouched
    assert (merged.others["Bob"].note, merged.others["Bob"].rating) == ("their later take", 5)
    rows = table.set_index("id")
    assert rows.loc[PAPER["id"], ["field", "person", "yours", "theirs"]].tolist() == [
        "rating", "Bob", 4, 5
    ]  # fmt: skip
    assert len(Notes(notes.path)) == 3


def test_merging_the_same_notes_twice_changes_nothing(tmp_path, notes):
    other = Notes(tmp_path / "other.ipynb", user="Bob")
    other.merge_from(notes)
    before = other.path.read_bytes()
    assert len(other.merge_from(notes)) == 0 and other.path.read_bytes() == before
    assert other.get(PAPER["id"]).others["Ada"].note == "Strong *baseline*; see §3."


def test_merging_a_regular_notebook_is_refused(tmp_path, notes):
    plain = tmp_path / "plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), plain)
    with pytest.raises(NotesFileError, match="not a paperwidgets notes notebook"):
        notes.merge_from(plain)


# --- exports ------------------------------------------------------------------------------


def test_markdown_export_is_readable_and_escaped(notes, xss_payloads):
    notes.set("arxiv:1", note="\n".join(xss_payloads), tags=[xss_payloads[0]])
    text = notes.to_markdown()
    assert "Strong *baseline*" in text and "> post-training\n>\n> — the key idea" in text
    assert "JARVIS-VLA" in text and "#vla #minecraft" in text
    assert "<img" not in text and "<script" not in text and "](javascript" not in text
    assert "paperwidgets:note" not in text.replace("&lt;!-- paperwidgets:note", "")


def test_bibtex_export_has_annote_and_keywords(tmp_path, notes):
    out = notes.export(tmp_path / "notes.bib")
    library = bibtexparser.parse_string(out.read_text())
    assert not library.failed_blocks
    entries = {entry.key: entry for entry in library.entries}
    jarvis = entries["li2025jarvis"]  # Better BibTeX style: author, year, first title word
    assert jarvis.entry_type == "misc" and jarvis["archiveprefix"] == "arXiv"
    assert jarvis["title"] == "{JARVIS-VLA: Post-Training Large-Scale Vision Language Models}"
    assert jarvis["annote"] == "Strong *baseline*; see §3."
    assert jarvis["keywords"] == "vla, minecraft"
    assert jarvis["author"] == "Muyao Li and Zihao Wang" and jarvis["year"] == "2025"
    assert jarvis["eprint"] == "2503.16365"
    only_id = entries["doi101000xyz"]  # no author, year or title: the id's letters
    assert only_id["doi"] == "10.1000/xyz"
    assert only_id["annote"] == r"only an id \{unbalanced"


def test_csl_json_export_has_note(tmp_path, notes):
    items = json.loads(notes.export(tmp_path / "notes.json").read_text())
    jarvis = next(i for i in items if i["custom"]["paperwidgets-id"] == PAPER["id"])
    assert jarvis["note"] == "Strong *baseline*; see §3." and jarvis["type"] == "article"
    assert jarvis["citation-key"] == "li2025jarvis" and jarvis["number"] == "arXiv:2503.16365"
    assert jarvis["author"] == [{"literal": "Muyao Li"}, {"literal": "Zihao Wang"}]
    assert jarvis["issued"] == {"date-parts": [[2025, 3, 21]]}
    assert jarvis["keyword"] == "vla, minecraft" and jarvis["URL"] == PAPER["url"]


def test_web_annotation_export_has_notes_and_highlights(tmp_path, notes):
    data = json.loads(notes.export(tmp_path / "notes.jsonld").read_text())
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 3  # two notes and one highlight
    targets = {i["target"] for i in items if i["motivation"] == "commenting"}
    assert targets == {"https://arxiv.org/abs/2503.16365", "https://doi.org/10.1000/xyz"}
    note = next(i for i in items if i["target"] == "https://arxiv.org/abs/2503.16365")
    purposes = {body["purpose"]: body["value"] for body in note["body"]}
    assert purposes["commenting"] == "Strong *baseline*; see §3." and purposes["assessing"] == "4/5"
    highlight = next(i for i in items if i["motivation"] == "highlighting")
    quote, position = highlight["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "post-training",
        "prefix": "visual ",
        "suffix": " step",
    }
    assert position == {"type": "TextPositionSelector", "start": 10, "end": 23}
    assert highlight["body"][0]["value"] == "the key idea"


def test_unknown_export_extension_is_refused(tmp_path, notes):
    with pytest.raises(ValueError, match=r"\.md, \.bib, \.json, \.jsonld, \.ris"):
        notes.export(tmp_path / "notes.docx")
    assert not (tmp_path / "notes.docx").exists()


def test_frame_has_one_row_per_paper(notes):
    frame = notes.to_frame()
    assert list(frame["id"]) == [PAPER["id"], "doi:10.1000/xyz"]
    assert str(frame["rating"].dtype) == "Int64" and str(frame["updated"].dt.tz) == "UTC"


# --- annotated notebooks and nbconvert ------------------------------------------------------


def test_export_annotated_writes_a_new_notebook_and_leaves_src_alone(tmp_path, notes):
    src = tmp_path / "analysis.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("1 + 1"))
    nbformat.write(notebook, src)
    before = src.read_bytes()
    dst = export_annotated(src, tmp_path / "analysis-annotated.ipynb", notes)
    again = export_annotated(dst, tmp_path / "again.ipynb", notes.path, papers=[PAPER["id"]])
    assert src.read_bytes() == before
    for path, count in ((dst, 2), (again, 1)):
        result = nbformat.read(path, as_version=4)
        nbformat.validate(result)
        assert len(result.metadata.paperwidgets["notes"]) == count
        assert [c.cell_type for c in result.cells] == ["code", "markdown"]  # replaced, not added
        assert "Strong *baseline*" in result.cells[-1].source
    with pytest.raises(ValueError, match="never over"):
        export_annotated(src, src, notes)


class _Tags(HTMLParser):
    """Every start tag and attribute in an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_nbconvert_html_shows_the_notes_and_no_live_tag_from_them(tmp_path, xss_payloads):
    notes = Notes(tmp_path / "xss.ipynb")
    for n, payload in enumerate(xss_payloads):
        notes.set(
            {
                "id": f"title:x{n}",
                "title": payload,
                "authors": [payload],
                "url": "javascript:alert(1)",
            },
            note=f"note {n}: {payload}",
            tags=[payload],
            highlights=[{"quote": payload, "comment": payload}],
        )
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "html", str(notes.path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    page = (tmp_path / "xss.html").read_text()
    for n in range(len(xss_payloads)):
        assert f"note {n}: " in page
    assert "note 0: &lt;img src=x onerror=alert(1)&gt;" in page
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not str(attrs.get("href", "")).lower().startswith("javascript"), (tag, attrs)
        assert tag not in {"img", "svg", "iframe", "details"}, (tag, attrs)
    assert "alert(1)</script>" not in page and "<style>*{display:none}" not in page


# --- command line -------------------------------------------------------------------------


def test_cli_show_export_and_merge(tmp_path, notes, capsys):
    assert main(["notes", "show", str(notes.path)]) == 0
    shown = capsys.readouterr().out
    assert "2 annotated papers" in shown and "arxiv:2503.16365 · #vla #minecraft" in shown
    assert "  Ada · ★★★★☆ · read" in shown and "| Strong *baseline*; see §3." in shown
    assert main(["notes", "export", str(notes.path), str(tmp_path / "n.bib")]) == 0
    assert "@misc{li2025jarvis," in (tmp_path / "n.bib").read_text()
    other = Notes(tmp_path / "other.ipynb", user="Bob")
    other.set(PAPER, note="newer in the other file", rating=2)
    merged = tmp_path / "merged.ipynb"
    assert main(["notes", "merge", str(notes.path), str(other.path), "-o", str(merged)]) == 0
    out = capsys.readouterr().out
    assert "merged.ipynb (2 annotated papers)" in out
    assert "arxiv:2503.16365: rating Bob: 4 / 2 — beside yours" in out
    got = Notes(merged).get(PAPER["id"])
    assert (got.note, got.others["Bob"].note) == (
        "Strong *baseline*; see §3.",
        "newer in the other file",
    )


def test_cli_errors_name_the_file(tmp_path, capsys):
    plain = tmp_path / "plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), plain)
    assert main(["notes", "show", str(plain)]) == 2
    assert str(plain) in capsys.readouterr().err
    assert main(["notes", "export", str(plain), str(tmp_path / "x.md")]) == 2
    notes = Notes(tmp_path / "n.ipynb")
    assert main(["notes", "export", str(notes.path), str(tmp_path / "x.pdf")]) == 2
    assert "x.pdf" in capsys.readouterr().err
