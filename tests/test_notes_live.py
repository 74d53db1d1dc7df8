"""One live notes store per file: widgets and Notes share it, edits are ops, merges lose nothing,
and an acknowledged write survives an older copy saved over the file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_notes import PAPER

import paperwidgets as pw
from paperwidgets import Notes

HIGHLIGHT = {"quote": "post-training", "start": 10, "end": 23, "comment": "the key idea"}


def ask(widget, command, **msg):
    answer, _ = getattr(widget, command)(msg, [])
    return answer


def in_other_process(path: Path, code: str) -> None:
    """Run ``code`` with ``notes = Notes(path)`` in a fresh Python process."""
    script = f"from paperwidgets import Notes\nnotes = Notes({str(path)!r})\n{code}"
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def wait_for(check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def corpus(daily_papers_path):
    return pw.load(daily_papers_path)


# --- one live store ----------------------------------------------------------------------


def test_every_notes_on_a_file_shares_one_store_and_hears_every_change(tmp_path):
    a, b = Notes(tmp_path / "n.ipynb"), Notes(str(tmp_path / "." / "n.ipynb"))
    heard = []
    b.listen(heard.append)
    a.set("arxiv:1", tags=["vla"])
    assert b.get("arxiv:1").tags == ["vla"] and heard == [{"arxiv:1"}]


def test_a_change_on_disk_reaches_listeners_without_a_call(tmp_path):
    notes = Notes(tmp_path / "n.ipynb")
    heard = []
    notes.listen(heard.append)
    in_other_process(notes.path, "notes.set('arxiv:9', note='from elsewhere')")
    wait_for(lambda: {"arxiv:9"} in heard)
    assert notes.get("arxiv:9").note == "from elsewhere"


def test_reader_map_and_a_cell_on_one_file_keep_each_others_edits(corpus, tmp_path):
    path = tmp_path / "notes.ipynb"
    reader = corpus.reader(notes=path)
    the_map = corpus.map(notes=path)
    pid = reader.current_id
    assert ask(the_map, "apply", positions=[0, 1], tag="lasso") == {"count": 2}
    assert reader.annotation["tags"] == ["lasso"]  # the Reader shows the Map's tag at once
    ask(reader, "save", paper_id=pid, ops={"add_tags": ["mine"]})
    Notes(path).set(pid, rating=2)  # a later cell
    assert reader.annotation["rating"] == 2 and the_map._annotations[pid].rating == 2
    ask(reader, "save", paper_id=pid, ops={"add_tags": ["after"]})
    on_disk = Notes(path).get(pid)
    assert (on_disk.tags, on_disk.rating) == (["lasso", "mine", "after"], 2)
    assert reader.annotation["tags"] == ["lasso", "mine", "after"]


def test_a_failed_save_answers_with_the_error_naming_the_file(corpus, tmp_path):
    path = tmp_path / "notes.ipynb"
    reader = corpus.reader(notes=path)
    path.chmod(0o444)
    answer = ask(reader, "save", paper_id=reader.current_id, fields={"note": "kept?"})
    assert "read-only" in answer["error"] and str(path) in answer["error"]
    path.chmod(0o644)
    assert "error" not in ask(reader, "save", paper_id=reader.current_id, fields={"note": "kept"})
    assert Notes(path).get(reader.current_id).note == "kept"


# --- edits are ops -----------------------------------------------------------------------


def test_ops_change_the_file_as_it_is_not_a_stale_copy(tmp_path):
    notes = Notes(tmp_path / "n.ipynb")
    notes.set(PAPER, tags=["a"])
    in_other_process(notes.path, f"notes.set({PAPER['id']!r}, tags=['a', 'x'], rating=3)")
    notes.set(PAPER, add_tags=["b"], remove_tags=["a"])
    got = notes.get(PAPER["id"])
    assert (got.tags, got.rating) == (["x", "b"], 3)
    notes.set(PAPER, add_highlights=[HIGHLIGHT])
    notes.set(PAPER, add_highlights=[{**HIGHLIGHT, "comment": "changed"}])  # same place: replaced
    assert notes.get(PAPER["id"]).highlights == [{**HIGHLIGHT, "comment": "changed"}]
    notes.set(PAPER, remove_highlights=[HIGHLIGHT])
    assert notes.get(PAPER["id"]).highlights == []


# --- merge -------------------------------------------------------------------------------


@pytest.fixture
def mine(tmp_path) -> Notes:
    notes = Notes(tmp_path / "mine.ipynb")
    notes.set(PAPER, note="my note", rating=4, status="read", tags=["vla"])
    notes.set(PAPER, add_highlights=[HIGHLIGHT])
    return notes


def test_a_colleague_who_only_tagged_later_erases_nothing(tmp_path, mine):
    theirs = Notes(tmp_path / "colleague.ipynb")
    theirs.set(PAPER, tags=["games"])  # newer, tag only
    conflicts = mine.merge_from(theirs.path)
    got = mine.get(PAPER["id"])
    assert (got.note, got.rating, got.status) == ("my note", 4, "read")
    assert got.tags == ["vla", "games"] and got.highlights == [HIGHLIGHT]
    assert len(conflicts) == 0 and got.conflicts == []


def test_two_notes_are_both_kept_and_a_rating_conflict_stays_until_picked(tmp_path, mine):
    theirs = Notes(tmp_path / "colleague.ipynb")
    theirs.set(PAPER, note="their note", rating=2)
    conflicts = mine.merge_from(theirs.path)
    got = Notes(mine.path).get(PAPER["id"])  # as the file holds it
    assert got.note == "my note\n\n---\n\n*From colleague.ipynb:*\n\ntheir note"
    assert got.rating == 2 and got.conflicts[0]["value"] == 4
    assert got.conflicts[0]["from"] == "this file"
    assert list(conflicts["kept"]) == ["both"] and "rating" in conflicts["fields"][0]
    mine.merge_from(theirs.path)  # again: nothing new, the note is not doubled
    assert mine.get(PAPER["id"]).note == got.note
    mine.set(PAPER, rating=4)  # the reader picks a value
    assert mine.get(PAPER["id"]).conflicts == []


def test_deletions_survive_a_merge(tmp_path, mine):
    copy = Notes(tmp_path / "copy.ipynb")
    copy.merge_from(mine)
    mine.set(PAPER, remove_tags=["vla"])
    mine.set("arxiv:2", note="gone soon")
    copy.merge_from(mine)
    mine.delete("arxiv:2")
    mine.merge_from(copy.path)  # an older copy: the tag and the paper stay deleted
    assert mine.get(PAPER["id"]).tags == [] and mine.get("arxiv:2") is None
    copy.merge_from(mine)
    assert copy.get(PAPER["id"]).tags == [] and copy.get("arxiv:2") is None


def test_merge_writes_a_backup_first(tmp_path, mine):
    theirs = Notes(tmp_path / "colleague.ipynb")
    theirs.set("arxiv:3", note="new to me")
    before = mine.path.read_bytes()
    mine.merge_from(theirs)
    assert mine.backup_path().read_bytes() == before
    assert Notes(mine.backup_path()).get("arxiv:3") is None


def test_a_merge_into_a_new_file_keeps_the_colleagues_order(tmp_path):
    theirs = Notes(tmp_path / "colleague.ipynb")
    ids = [f"arxiv:2501.{n:05d}" for n in range(12)]
    for pid in ids:
        theirs.set(pid, note=f"note on {pid}")
    mine = Notes(tmp_path / "mine.ipynb")
    mine.merge_from(theirs.path)
    assert [a.id for a in Notes(mine.path, read_only=True)] == ids  # file order, not set order


# --- acknowledged writes -----------------------------------------------------------------


def test_an_older_copy_saved_over_the_file_does_not_undo_a_saved_rating(tmp_path):
    notes = Notes(tmp_path / "n.ipynb")
    notes.set(PAPER, rating=3, note="kept")
    old = notes.path.read_bytes()  # what JupyterLab holds
    notes.set(PAPER, rating=5)  # acknowledged
    data = json.loads(old)
    data["metadata"]["language_info"] = {"name": "python"}  # Lab adds metadata as it saves
    time.sleep(0.02)  # a later save: the file's mtime moves on (it has a few ms granularity)
    notes.path.write_text(json.dumps(data, indent=1))
    assert Notes(notes.path).get(PAPER["id"]).rating == 5
    assert Notes(notes.path, read_only=True).get(PAPER["id"]).rating == 5  # back in the file


def test_a_listening_store_puts_a_lost_write_back_on_disk_by_itself(tmp_path):
    notes = Notes(tmp_path / "n.ipynb")
    heard = []
    notes.listen(heard.append)  # an open widget listens
    notes.set(PAPER, rating=3)
    old = notes.path.read_bytes()
    notes.set(PAPER, rating=5)
    time.sleep(0.02)  # a later save: the file's mtime moves on (it has a few ms granularity)
    notes.path.write_bytes(old)
    wait_for(lambda: b'"rating": 5' in notes.path.read_bytes())


def test_a_hand_edit_of_the_note_is_not_undone_by_the_journal(tmp_path):
    notes = Notes(tmp_path / "n.ipynb")
    notes.set(PAPER, note="typed in the Reader", rating=4)
    text = notes.path.read_text().replace("typed in the Reader", "edited in JupyterLab")
    time.sleep(0.01)
    notes.path.write_text(text)
    got = Notes(notes.path).get(PAPER["id"])
    assert (got.note, got.rating) == ("edited in JupyterLab", 4)


def test_the_notes_notebook_names_a_kernel(tmp_path):
    metadata = json.loads(Notes(tmp_path / "n.ipynb").path.read_text())["metadata"]
    assert metadata["kernelspec"]["name"] == "python3"  # JupyterLab asks for no kernel
    assert metadata["language_info"]["name"] == "python"  # and keeps the tab clean


def test_the_reader_lists_the_disagreements_a_merge_left(corpus, tmp_path):
    first, second = corpus.paper(0), corpus.paper(1)
    mine, theirs = Notes(tmp_path / "mine.ipynb"), Notes(tmp_path / "colleague.ipynb")
    mine.set(first, rating=4)
    mine.set(second, tags=["x"])
    theirs.set(first, rating=2)
    reader = corpus.reader(notes=mine.path)
    mine.merge_from(theirs.path)
    rows = ask(reader, "page", disagreements=True)["rows"]
    assert [(r["id"], r["conflicts"]) for r in rows] == [(first["id"], 1)]
    assert reader.annotation["conflicts"][0]["value"] == 4  # the Reader shows it at once
    ask(reader, "save", paper_id=first["id"], fields={"rating": 4})  # one click picks
    assert ask(reader, "page", disagreements=True)["rows"] == []
