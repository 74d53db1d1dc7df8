"""The notes store: set/get/delete, round trip, the file format, bad paths and hand edits."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import paperwidgets
from paperwidgets import Annotation, Notes, NotesFileError
from paperwidgets.notes.cells import NOTE_END, NOTE_START, cell_id
from tests.conftest import own_values

REAL_NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"  # nbformat's own test files
PAPER = {
    "id": "arxiv:2503.16365",
    "title": "JARVIS-VLA: Post-Training Large-Scale Vision Language Models",
    "authors": ["Muyao Li", "Zihao Wang"],
    "url": "https://arxiv.org/abs/2503.16365",
    "published": "2025-03-21T00:00:00+00:00",
    "abstract": "kept for For you",
}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "paper-notes.ipynb"


@pytest.fixture
def corpus(daily_papers_path):
    return paperwidgets.load(daily_papers_path)


def library_cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text())["cells"]
    return [c for c in cells if "paperwidgets" in c["metadata"]]


def test_new_file_is_a_valid_notes_notebook(path):
    notes = Notes(path)
    assert path.is_file() and len(notes) == 0
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.paperwidgets == {"schema_version": 2, "kind": "notes"}


def test_set_copies_the_paper_and_get_returns_every_field(path):
    notes = Notes(path)
    highlight = {"quote": "post-training", "prefix": "a ", "suffix": " step", "start": 3, "end": 16}
    notes.set(
        PAPER,
        note="**good**",
        tags=["vla", "agents"],
        rating=4,
        status="read",
        highlights=[highlight],
    )
    got = Notes(path).get("arxiv:2503.16365")
    assert isinstance(got, Annotation)
    assert (got.note, got.tags, got.rating, got.status) == (
        "**good**",
        ["vla", "agents"],
        4,
        "read",
    )
    assert got.highlights == [highlight]
    assert got.paper == {
        k: PAPER[k] for k in ("id", "title", "authors", "url", "published", "abstract")
    }
    assert got.created == got.updated and got.updated.tzinfo is not None


def test_only_the_given_fields_change(path):
    notes = Notes(path)
    first = notes.set(PAPER, note="first", tags=["a"], rating=2)
    second = notes.set(PAPER["id"], status="reading")
    assert (second.note, second.tags, second.rating, second.status) == (
        "first",
        ["a"],
        2,
        "reading",
    )
    assert second.created == first.created and second.updated > first.updated
    assert second.paper["title"] == PAPER["title"]  # an id alone keeps the stored paper


def test_paper_rows_from_a_corpus(path, corpus):
    notes = Notes(path)
    notes.set(corpus.paper(0), note="from a dict")
    notes.set(corpus.papers.iloc[1], note="from a row")
    for position in (0, 1):
        expected = corpus.paper(position)
        stored = notes.get(expected["id"]).paper
        assert stored == {k: expected[k] for k in stored}
        assert stored["title"] and isinstance(stored["authors"], list)


def test_len_iteration_delete_and_frame(path, corpus):
    notes = Notes(path)
    ids = [corpus.paper(i)["id"] for i in range(3)]
    for n, pid in enumerate(ids):
        notes.set(corpus.paper(pid), rating=n + 1)
    assert len(notes) == 3 and [a.id for a in notes] == ids
    assert notes.delete(ids[1]) is True and notes.delete(ids[1]) is False
    assert ids[1] not in notes and len(Notes(path)) == 2
    joined = corpus.papers.merge(notes.to_frame(), on="id")
    assert list(joined["id"]) == [ids[0], ids[2]] and list(joined["rating"]) == [1, 3]


def test_writes_are_what_nbformat_writes_and_cells_have_stable_ids(path):
    notes = Notes(path)
    notes.set(PAPER, note="x\ny\n", highlights=[{"quote": "multi\nline"}])
    notes.set("doi:10.1000/xyz", note="second")
    text = path.read_text()
    assert text == nbformat.writes(nbformat.reads(text, as_version=4)) + "\n"
    ids = [c["id"] for c in library_cells(path)]
    assert ids == [cell_id(PAPER["id"]), cell_id("doi:10.1000/xyz")]
    nbformat.validate(nbformat.reads(text, as_version=4))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rating": 6}, "rating"),
        ({"rating": True}, "rating"),
        ({"rating": 4.5}, "rating"),
        ({"rating": "4"}, "rating"),
        ({"rating": np.float64(4.5)}, "rating"),
        ({"rating": np.bool_(True)}, "rating"),
        ({"rating": float("nan")}, "rating"),
        ({"rating": 10**400}, "rating"),
        ({"status": "done"}, "status"),
        ({"tags": "rl"}, "tags"),
        ({"highlights": [{"comment": "no quote"}]}, "quote"),
        ({"highlights": [{"quote": "q", "colour": "red"}]}, "unknown"),
        ({"highlights": [{"quote": "q", "start": -1}]}, "start"),
        ({"note": 3}, "note"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_written(path, fields, message):
    notes = Notes(path)
    before = path.read_bytes()
    with pytest.raises(ValueError, match=message):
        notes.set(PAPER, **fields)
    assert path.read_bytes() == before


def test_a_rating_from_numpy_or_pandas_is_saved_as_a_plain_integer(path):
    """Ratings read from a DataFrame are numpy ints, or floats once a value is missing."""
    table = pd.DataFrame({"id": ["arxiv:1", "arxiv:2", "arxiv:3"], "stars": [4, 2, 5]})
    with_gaps = pd.Series([3, None], dtype="float64")  # [3.0, nan]
    notes = Notes(path)
    for i in table.index:
        stars = table.loc[i, "stars"]
        assert isinstance(stars, np.int64)
        notes.set({"id": table.loc[i, "id"], "title": f"Paper {i}"}, rating=stars)
    notes.set({"id": "arxiv:4", "title": "Paper 4"}, rating=with_gaps[0])
    saved = {
        c["metadata"]["paperwidgets"]["paper"]["id"]: own_values(c)["rating"]
        for c in library_cells(path)
    }
    assert saved == {"arxiv:1": 4, "arxiv:2": 2, "arxiv:3": 5, "arxiv:4": 3}
    assert all(type(r) is int for r in saved.values())  # 4, not 4.0
    assert [Notes(path, read_only=True).get(f"arxiv:{i}").rating for i in range(1, 5)] == [
        4, 2, 5, 3
    ]  # fmt: skip
    with pytest.raises(ValueError, match=r"integer 1–5, not np\.float64\(nan\)"):
        notes.set("arxiv:4", rating=with_gaps[1])  # a gap is not "no rating": say so
    assert Notes(path, read_only=True).get("arxiv:4").rating == 3


def test_round_trip_of_awkward_values(path, xss_payloads):
    notes = Notes(path)
    values = [
        *xss_payloads,
        "",
        "ünïcødé 论文 🚀 \u200b",
        "# heading\n\n- list\n\n```\ncode\n",
        NOTE_START + "inner" + NOTE_END,
        "a" * 5000,
        "  spaces  \n\n",
        "&amp; &lt;",
    ]
    written = {}
    for n, value in enumerate(values):
        paper = {"id": f"title:p{n}", "title": value or None, "authors": [value] if value else []}
        written[paper["id"]] = notes.set(
            paper,
            note=value,
            tags=[value] if value.strip() else [],
            highlights=[{"quote": value, "comment": value}],
        )
    reloaded = Notes(path)
    assert {a.id: a for a in reloaded} == written
    nbformat.validate(nbformat.read(path, as_version=4))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=st.text(), tag=st.text(min_size=1).filter(str.strip), quote=st.text())
def test_any_text_survives_a_reload(tmp_path, note, tag, quote):
    path = tmp_path / "property.ipynb"
    notes = Notes(path)
    written = notes.set("arxiv:1", note=note, tags=[tag], highlights=[{"quote": quote}])
    assert Notes(path).get("arxiv:1") == written


def test_rendered_source_escapes_html_and_keeps_markers_unique(path, xss_payloads):
    notes = Notes(path)
    notes.set(
        {"id": "arxiv:1", "title": xss_payloads[0], "url": "javascript:alert(1)"},
        note="\n".join(xss_payloads),
        tags=[xss_payloads[1]],
    )
    source = "".join(library_cells(path)[0]["source"])
    assert source.count("<!-- paperwidgets:note") == 1 and source.count(NOTE_END) == 1
    for payload in xss_payloads:
        if "<" in payload:
            assert payload not in source
    assert "](javascript" not in source and "[click]&#40;javascript" in source  # no link


# --- files that are not notes notebooks --------------------------------------------------


def _assert_refused(target: Path, *needles: str) -> None:
    before = target.read_bytes() if target.is_file() else None
    with pytest.raises(NotesFileError) as err:
        Notes(target)
    assert str(target) in str(err.value)
    for needle in needles:
        assert needle in str(err.value)
    if before is not None:
        assert target.read_bytes() == before


def test_a_regular_notebook_is_refused(tmp_path):
    target = tmp_path / "analysis.ipynb"
    shutil.copyfile(REAL_NOTEBOOKS / "nbformat-test4.5-cell-ids.ipynb", target)
    _assert_refused(target, "not a paperwidgets notes notebook")


def test_an_invalid_notebook_is_refused(tmp_path):
    target = tmp_path / "broken.ipynb"
    shutil.copyfile(REAL_NOTEBOOKS / "nbformat-INVALID.ipynb", target)
    _assert_refused(target, "not a valid notebook")


@pytest.mark.parametrize("content", [b"", b"{not json", b"\xff\xfe", b"[1, 2]"])
def test_non_notebooks_are_refused(tmp_path, content):
    target = tmp_path / "notes.ipynb"
    target.write_bytes(content)
    _assert_refused(target)


def test_a_directory_is_refused(tmp_path):
    _assert_refused(tmp_path, "directory")


def test_a_read_only_file_is_refused_but_can_be_read(path):
    Notes(path).set(PAPER, note="kept")
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        _assert_refused(path, "read-only")
        assert Notes(path, read_only=True).get(PAPER["id"]).note == "kept"
    finally:
        path.chmod(0o644)


def test_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        _assert_refused(folder / "notes.ipynb", "read-only")
        assert not (folder / "notes.ipynb").exists()
    finally:
        folder.chmod(0o755)


def test_a_missing_folder_is_refused(tmp_path):
    _assert_refused(tmp_path / "nope" / "notes.ipynb", "does not exist")


def test_a_file_broken_after_opening_is_not_overwritten(path):
    notes = Notes(path)
    path.write_text('{"cells": oops')
    with pytest.raises(NotesFileError, match="invalid JSON"):
        notes.set(PAPER, note="new")
    assert path.read_text() == '{"cells": oops'


def test_newer_schema_versions_are_refused(path):
    Notes(path)
    data = json.loads(path.read_text())
    data["metadata"]["paperwidgets"]["schema_version"] = 3
    path.write_text(json.dumps(data))
    _assert_refused(path, "schema_version")


# --- cells the library did not write, and hand edits --------------------------------------


def _edit(path: Path, change) -> None:
    """Change the notebook as JupyterLab would on save (nbformat.write)."""
    notebook = nbformat.read(path, as_version=4)
    change(notebook)
    nbformat.write(notebook, path)


def test_other_cells_stay_where_they_are(path):
    notes = Notes(path)
    notes.set("arxiv:1", note="one")

    def add_cells(notebook):
        notebook.cells.insert(0, nbformat.v4.new_code_cell("print('mine')", id="mine-code"))
        notebook.cells.append(nbformat.v4.new_markdown_cell("my *own* text", id="mine-text"))

    _edit(path, add_cells)
    notes.set("arxiv:2", note="two")
    notes.set("arxiv:1", note="one again")
    notes.delete("arxiv:2")
    cells = nbformat.read(path, as_version=4).cells
    assert [c.id for c in cells] == ["mine-code", "pw-header", cell_id("arxiv:1"), "mine-text"]
    assert cells[0].source == "print('mine')" and cells[3].source == "my *own* text"


def _edit_note(path: Path, paper: str, new_body: str) -> None:
    def change(notebook):
        cell = next(c for c in notebook.cells if c.id == cell_id(paper))
        start = cell.source.index(" -->", cell.source.index("<!-- paperwidgets:note")) + 4
        end = cell.source.index(NOTE_END)
        cell.source = cell.source[:start] + "\n" + new_body + "\n" + cell.source[end:]

    _edit(path, change)


def test_a_hand_edit_is_loaded_and_kept_by_later_writes(path):
    notes = Notes(path)
    before = notes.set("arxiv:1", note="typed in the widget", rating=3)
    notes.set("arxiv:2", note="other")
    _edit_note(path, "arxiv:1", "edited in JupyterLab, with <b>tags</b> & ampersands")
    edited = Notes(path).get("arxiv:1")
    assert edited.note == "edited in JupyterLab, with <b>tags</b> & ampersands"
    assert edited.rating == 3 and edited.updated > before.updated
    notes.set("arxiv:2", note="a later write to another paper")
    assert Notes(path).get("arxiv:1").note == edited.note
    cell = next(c for c in library_cells(path) if c["id"] == cell_id("arxiv:1"))
    assert own_values(cell)["note"] == edited.note  # metadata caught up
    assert "<b>" not in "".join(cell["source"])  # and the rendering is escaped again


def test_an_edit_of_an_escaped_note_unescapes(path):
    notes = Notes(path)
    notes.set("arxiv:1", note="a < b")
    _edit_note(path, "arxiv:1", "a &lt; b &amp;&amp; c")
    assert notes.get("arxiv:1").note == "a < b && c"


def test_a_cell_without_markers_keeps_the_metadata_note(path):
    notes = Notes(path)
    notes.set("arxiv:1", note="safe")

    def drop_markers(notebook):
        notebook.cells[-1].source = "someone rewrote everything"

    _edit(path, drop_markers)
    assert notes.get("arxiv:1").note == "safe"


def test_a_duplicated_cell_collapses_to_the_newer_one(path):
    notes = Notes(path)
    notes.set("arxiv:1", note="old")

    def duplicate(notebook):
        copy = nbformat.from_dict(json.loads(json.dumps(notebook.cells[-1])))
        copy.id = "copied-by-lab"
        notebook.cells.append(copy)

    _edit(path, duplicate)
    _edit_note(path, "arxiv:1", "newer text")  # edits the first cell
    assert notes.get("arxiv:1").note == "newer text" and len(notes) == 1
    notes.set("arxiv:2", note="write")
    assert [c["id"] for c in library_cells(path)] == [cell_id("arxiv:1"), cell_id("arxiv:2")]


@pytest.mark.parametrize("indent", [None, 2, 4])
def test_a_file_laid_out_differently_is_read_and_rewritten_validly(path, indent):
    notes = Notes(path)
    for n in range(3):
        notes.set(f"arxiv:{n}", note=f"note {n}", tags=["x"])
    path.write_text(json.dumps(json.loads(path.read_text()), indent=indent))
    notes.set("arxiv:1", note="changed")
    notes.set("arxiv:9", note="new")
    nbformat.validate(nbformat.read(path, as_version=4))
    assert [a.note for a in Notes(path)] == ["note 0", "changed", "note 2", "new"]


@pytest.mark.parametrize("papers", [0, 1, 5])
def test_cells_sliced_from_the_file_match_fresh_serialisation(path, papers):
    from paperwidgets.notes import nbfile

    notes = Notes(path)
    for n in range(papers):
        notes.set(f"arxiv:{n}", note=f"line one\nline {n}", highlights=[{"quote": "q"}])
    data = path.read_bytes()
    cells = json.loads(data)["cells"]
    assert nbfile.sliced_fragments(data, cells) == [nbfile.fragment(c) for c in cells]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda cell: own_values(cell).update(rating=9), "bad annotation"),
        (lambda cell: cell.update(outputs=[]), "is skipped: is not a valid notebook"),
    ],
)
def test_one_cell_broken_by_someone_else_leaves_the_rest_usable(path, change, message):
    notes = Notes(path)
    notes.set("arxiv:1", note="one")
    notes.set("arxiv:2", note="two")
    data = json.loads(path.read_text())
    change(data["cells"][-1])
    path.write_text(json.dumps(data, indent=1))
    notes.set("arxiv:3", note="three")
    again = Notes(path)
    assert [a.note for a in again] == ["one", "three"]
    assert len(again.problems) == 1 and message in again.problems[0]
    assert data["cells"][-1]["id"] in again.problems[0]  # the cell is named
    assert json.loads(path.read_text())["cells"][2] == data["cells"][-1]  # left as it was


def test_two_cells_with_one_id_stop_the_next_write(path):
    notes = Notes(path)
    notes.set("arxiv:1", note="one")
    data = json.loads(path.read_text())
    data["cells"][-1]["id"] = "pw-header"
    path.write_text(json.dumps(data, indent=1))
    before = path.read_bytes()
    with pytest.raises(NotesFileError, match="share an id"):
        notes.set("arxiv:3", note="three")
    assert path.read_bytes() == before


UMASK_RUN = """
import os, stat, sys
os.umask(0o027)
os.umask = None  # the store must never set the umask (process-wide, racy with threads)
from paperwidgets import Notes
Notes(sys.argv[1]).set("arxiv:1", note="new file")
print(oct(stat.S_IMODE(os.stat(sys.argv[1]).st_mode)))
"""


def test_a_new_notes_file_gets_the_umask_mode_and_the_umask_is_left_alone(tmp_path):
    path = tmp_path / "new.ipynb"
    run = subprocess.run([sys.executable, "-c", UMASK_RUN, str(path)], capture_output=True)
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.decode().strip() == "0o640"  # 0o666 less the umask, as any new file
    path.chmod(0o600)
    Notes(path).set("arxiv:1", note="saved again")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # an existing file keeps its mode


def test_the_umask_probe_agrees_with_the_kernels_own_figure():
    from paperwidgets.notes import nbfile

    assert nbfile._probed_umask() == nbfile.process_umask()
