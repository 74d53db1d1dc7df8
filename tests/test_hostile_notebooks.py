"""Notebooks and notes from others (issue 22): `merge_from` and `paperwidgets notes show|merge`
read a colleague's file by the one bounded-read rule. A FIFO, a device, a folder, a link to
one, a 2 GB file, a 100k-deep output or metadata of the wrong shape is a NotesFileError
naming the file, at once and under a memory cap (a child process), and the user's own
notes file is left as it was. Two notes files' outputs in one notebook are never mixed."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import nbformat
import pytest
from capped import CATCH, run_capped

import paperwidgets as pw
from paperwidgets.cli import main
from paperwidgets.constants import NOTES_MIME as MIME
from paperwidgets.notes.carried import annotations_in
from paperwidgets.widgets.mirror import compact
from tests.conftest import USER

PAPER = {"id": "arxiv:2503.16365", "title": "JARVIS-VLA", "authors": ["Muyao Li"]}
OTHER = {"id": "arxiv:2501.00001", "title": "Team paper", "authors": ["B. Author"]}
DEEP = 100_000
RAISE_IT = "(set PAPERWIDGETS_MAX_MB to read bigger files)"


def notebook_with_outputs(path: Path, *mirrors: dict) -> Path:
    """A working notebook whose cells carry these notes outputs (as JupyterLab saves them)."""
    nb = nbformat.v4.new_notebook()
    for n, data in enumerate(mirrors):
        cell = nbformat.v4.new_code_cell(f"reader{n}")
        cell.outputs = [nbformat.v4.new_output("display_data", data={MIME: data})]
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def mirror_of(notes: pw.Notes, notes_file: str) -> dict:
    annotations = [compact(a) for a in notes]
    return {"schema_version": 1, "notes_file": notes_file, "count": len(annotations),
            "annotations": annotations}  # fmt: skip


@pytest.fixture
def mine(tmp_path) -> pw.Notes:
    notes = pw.Notes(tmp_path / "mine.ipynb")
    notes.set(PAPER, note="my own note", rating=4)
    return notes


def hostile(kind: str, folder: Path) -> tuple[Path, str]:
    """(path, what the error says) of one hostile 'colleague notebook'."""
    path = folder / "colleague.ipynb"
    if kind == "fifo":
        os.mkfifo(path)
        return path, "is not a regular file (a FIFO, socket or device)"
    if kind == "/dev/zero":
        return Path("/dev/zero"), "is not a regular file (a FIFO, socket or device)"
    if kind == "folder":
        path.mkdir()
        return path, "is a directory, not a notebook"
    if kind == "link to a FIFO":
        os.mkfifo(folder / "pipe")
        path.symlink_to(folder / "pipe")
        return path, "is not a regular file (a FIFO, socket or device)"
    if kind == "symlink loop":
        path.symlink_to(path)
        return path, "cannot be read (Too many levels of symbolic links)"
    if kind == "2 GB notebook (sparse)":
        with path.open("wb") as out:
            out.write(b'{"cells": [')
            out.truncate(2_000_000_000)
        return path, "is larger than 200 MB, the most a notebook may be " + RAISE_IT
    if kind == "100k-deep output":
        deep = "[" * DEEP + "]" * DEEP
        path.write_text('{"cells": [{"outputs": [{"data": {"x": ' + deep + "}}]}]}")
        return path, "is not usable JSON: nested too deeply"
    if kind == "metadata a list":
        path.write_text(json.dumps({"cells": [], "metadata": [], "nbformat": 4}))
        return path, "is not a notebook: metadata is a list"
    path.write_text(json.dumps({"cells": [], "metadata": {"paperwidgets": "notes"}}))
    return path, "has metadata.paperwidgets that is a str, not an object"


KINDS = ["fifo", "/dev/zero", "folder", "link to a FIFO", "symlink loop",
         "2 GB notebook (sparse)", "100k-deep output", "metadata a list",
         "metadata.paperwidgets a string"]  # fmt: skip

SHOW = (
    CATCH
    + """
from paperwidgets.cli import main
import io, contextlib
err = io.StringIO()
with contextlib.redirect_stderr(err):
    started = time.monotonic()
    status = main(["notes", "show", sys.argv[1]])
report(status=status, stderr=err.getvalue(), seconds=time.monotonic() - started)
"""
)

MERGE = (
    CATCH
    + """
import paperwidgets as pw
mine = pw.Notes(sys.argv[2])
attempt(lambda: mine.merge_from(sys.argv[1]))
"""
)


@pytest.mark.parametrize("kind", KINDS)
def test_notes_show_of_a_hostile_notebook_is_one_error_line_naming_it(tmp_path, kind):
    path, reason = hostile(kind, tmp_path)
    shown = run_capped(SHOW, str(path), timeout=120)
    assert shown["status"] == 2
    assert shown["stderr"] == f"paperwidgets: error: {path}: {reason}\n"


@pytest.mark.parametrize("kind", KINDS)
def test_merge_from_a_hostile_notebook_is_a_notes_file_error_and_keeps_mine(tmp_path, mine, kind):
    before = mine.path.read_bytes()
    path, reason = hostile(kind, tmp_path)
    merged = run_capped(MERGE, str(path), str(mine.path), timeout=120)
    assert (merged["ok"], merged["type"]) == (False, "NotesFileError")
    assert merged["message"] == f"{path}: {reason}"
    assert mine.path.read_bytes() == before
    with pytest.raises(pw.NotesFileError, match="has no merge to undo"):
        mine.undo_merge()  # nothing was merged, so there is nothing to undo


def test_outputs_of_two_notes_files_are_never_merged_together(tmp_path, mine):
    team = pw.Notes(tmp_path / "team.ipynb")
    team.set(OTHER, note="team note")
    working = notebook_with_outputs(
        tmp_path / "triage.ipynb",
        mirror_of(mine, "mine.ipynb"),
        mirror_of(team, "notes/team.ipynb"),
    )
    with pytest.raises(pw.NotesFileError) as refused:
        annotations_in(working)
    assert "carries the notes of 2 notes files ('mine.ipynb', 'notes/team.ipynb')" in str(
        refused.value
    )
    assert [a.id for a in annotations_in(working, notes_file="team.ipynb")] == [OTHER["id"]]
    assert [a.id for a in annotations_in(working, notes_file="mine.ipynb")] == [PAPER["id"]]
    with pytest.raises(pw.NotesFileError, match=r"has no notes output of 'other\.ipynb'"):
        annotations_in(working, notes_file="other.ipynb")
    fresh = pw.Notes(tmp_path / "fresh.ipynb")
    fresh.merge_from(working, notes_file="notes/team.ipynb")
    assert [a.id for a in fresh] == [OTHER["id"]]


def test_the_command_line_picks_one_notes_file_with_notes_file(tmp_path, mine, capsys):
    team = pw.Notes(tmp_path / "team.ipynb")
    team.set(OTHER, note="team note")
    working = notebook_with_outputs(
        tmp_path / "triage.ipynb", mirror_of(mine, "mine.ipynb"), mirror_of(team, "team.ipynb")
    )
    assert main(["notes", "show", str(working)]) == 2
    assert "'mine.ipynb', 'team.ipynb'" in capsys.readouterr().err
    assert main(["notes", "show", str(working), "--notes-file", "team.ipynb"]) == 0
    out = capsys.readouterr().out
    assert "1 annotated paper" in out and "team note" in out and "my own note" not in out
    merged = tmp_path / "merged.ipynb"
    argv = ["notes", "merge", str(working), "--notes-file", "mine.ipynb", "-o", str(merged)]
    assert main(argv) == 0
    assert [a.id for a in pw.Notes(merged)] == [PAPER["id"]]


def test_an_annotation_without_updated_is_reported_not_dropped_silently(tmp_path, mine):
    dated = mirror_of(mine, "mine.ipynb")
    undated = json.loads(json.dumps(dated))
    undated["annotations"][0].pop("updated")
    undated["annotations"][0]["note"] = "an older copy, no time"
    working = notebook_with_outputs(tmp_path / "triage.ipynb", undated, dated)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = annotations_in(working)
    assert [a.seen_by(USER).note for a in found] == ["my own note"]  # the dated copy wins
    (warning,) = [w for w in caught if "no 'updated' time" in str(w.message)]
    assert "cell 0" in str(warning.message) and PAPER["id"] in str(warning.message)
    assert str(working) in str(warning.message)


def test_a_notebook_of_normal_size_with_a_link_to_it_is_read(tmp_path, mine):
    """A link the user names is followed when it leads to a regular file (only the target
    kind is checked: a link to a FIFO is refused above)."""
    working = notebook_with_outputs(tmp_path / "triage.ipynb", mirror_of(mine, "mine.ipynb"))
    link = tmp_path / "latest.ipynb"
    link.symlink_to(working)
    assert [a.seen_by(USER).note for a in annotations_in(link)] == ["my own note"]
