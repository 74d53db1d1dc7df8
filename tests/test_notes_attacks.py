"""Attacks on the notes store, each once found to lose or block notes."""

from __future__ import annotations

import errno
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from test_notes import PAPER

from paperwidgets import Notes, NotesFileError
from paperwidgets.notes import nbfile
from tests.conftest import own_values


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "paper-notes.ipynb"


def edit_file(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=1))


def test_a_paper_stamped_in_the_future_does_not_poison_later_writes(path):
    notes = Notes(path)
    notes.set(PAPER, rating=3)

    def stamp(data):  # a colleague's wrong clock, or a hand edit
        data["cells"][-1]["metadata"]["paperwidgets"]["updated"] = "2099-01-01T00:00:00+00:00"

    edit_file(path, stamp)
    soon = datetime.now(timezone.utc) + timedelta(minutes=10)
    assert Notes(path).set(PAPER, rating=4).updated < soon
    assert notes.set("arxiv:2", note="another paper").updated < soon


def test_a_symlinked_notes_file_is_written_through_to_its_target(tmp_path):
    target = tmp_path / "synced" / "notes.ipynb"
    target.parent.mkdir()
    Notes(target).set(PAPER, note="first")
    link = tmp_path / "paper-notes.ipynb"
    link.symlink_to(target)
    Notes(link).set(PAPER, note="through the link")
    assert link.is_symlink() and Notes(target).get(PAPER["id"]).note == "through the link"


def test_a_file_made_read_only_after_opening_is_not_rewritten(path):
    notes = Notes(path)
    notes.set(PAPER, note="before")
    path.chmod(0o444)
    before = path.read_bytes()
    with pytest.raises(NotesFileError, match="read-only") as caught:
        notes.set(PAPER, note="after")
    assert str(path) in str(caught.value) and path.read_bytes() == before


@pytest.mark.parametrize("kind", ["code", "raw"])
def test_a_cell_converted_to_code_or_raw_keeps_its_note_and_takes_writes(path, kind):
    notes = Notes(path)
    notes.set(PAPER, note="my note")

    def convert(data):
        cell = data["cells"][-1]
        cell["cell_type"] = kind
        if kind == "code":
            cell.update(outputs=[], execution_count=None)

    edit_file(path, convert)
    assert Notes(path).get(PAPER["id"]).note == "my note"
    Notes(path).set(PAPER, rating=5)
    cell = json.loads(path.read_text())["cells"][-1]
    assert cell["cell_type"] == "markdown" and own_values(cell)["rating"] == 5


def test_merge_from_itself_returns_at_once(path):
    notes = Notes(path, timeout=2)
    notes.set(PAPER, note="mine")
    assert len(notes.merge_from(path)) == 0 and len(notes.merge_from(notes)) == 0
    assert notes.get(PAPER["id"]).note == "mine"


def test_temp_clean_up_leaves_other_programs_files_alone(path):
    Notes(path).set(PAPER, note="x")
    others = [path.with_name(f".{path.name}.{n}.pwtmp") for n in ("backup", "abcdefgh")]
    ours = [path.with_name(f".{path.name}.pw-k1ll3d_1.pwtmp")]  # left by a killed writer
    for file in [*others, *ours]:
        file.write_text("someone's data")
    Notes(path).set(PAPER, note="y")
    assert all(file.exists() for file in others) and not any(file.exists() for file in ours)


def test_a_symlink_loop_is_a_notes_file_error(tmp_path):
    a, b = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(NotesFileError, match=r"[ab]\.ipynb"):
        Notes(a)


@pytest.mark.parametrize(
    "error", [OSError(errno.ENOSPC, "No space left on device"), PermissionError(13, "denied")]
)
def test_a_full_disk_or_refused_write_is_a_notes_file_error_and_loses_nothing(
    path, monkeypatch, error
):
    notes = Notes(path)
    notes.set(PAPER, note="saved")
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(nbfile.os, "replace", fail)
    with pytest.raises(NotesFileError, match="cannot be written") as caught:
        notes.set(PAPER, note="not saved")
    assert str(path) in str(caught.value)
    monkeypatch.undo()
    assert path.read_bytes() == before and notes.get(PAPER["id"]).note == "saved"
    assert not [p for p in path.parent.iterdir() if p.suffix == ".pwtmp"]


def test_a_lone_surrogate_is_refused_with_a_clear_error(path):
    notes = Notes(path)
    with pytest.raises(ValueError, match="note holds"):
        notes.set(PAPER, note="broken paste \ud800")
    with pytest.raises(ValueError, match="tags holds"):
        notes.set(PAPER, tags=["ok", "\udfff"])
    with pytest.raises(NotesFileError, match="cannot be written"):
        notes.set({**PAPER, "title": "a title \ud800"}, note="fine")
    assert notes.get(PAPER["id"]) is None


def test_sixty_thousand_tags_load_and_keep_their_order(path):
    tags = [f"t{n}" for n in range(60_000)]
    Notes(path).set(PAPER, tags=[*tags, "t5", " t7 "])
    assert Notes(path, read_only=True).get(PAPER["id"]).tags == tags
