"""One live notes store per file: widgets and Notes share it, edits are ops, merges lose nothing,
and a file put back on purpose (an older copy) is taken as it is."""

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
from paperwidgets.notes import team
from paperwidgets.notes.live import POLL

HIGHLIGHT = {"quote": "post-training", "start": 10, "end": 23, "comment": "the key idea"}


def ask(widget, command, **msg):
    answer, _ = getattr(widget, command)(msg, [])
    return answer


def in_other_process(path: Path, code: str) -> None:
    """Run ``code`` with ``notes = Notes(path)`` in a fresh Python process."""
    script = f"from paperwidgets import Notes\nnotes = Notes({str(path)!r})\n{code}"
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def wait_for(check, timeout: float = 60.0):
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
    assert reader.annotation["rating"] == 2 and the_map.annotations[pid].rating == 2
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
    theirs = Notes(tmp_path / "colleague.ipynb", user="Bob")
    theirs.set(PAPER, tags=["games"])  # newer, tag only
    conflicts = mine.merge_from(theirs.path)
    got = mine.get(PAPER["id"])
    assert (got.note, got.rating, got.status) == ("my note", 4, "read")
    assert got.tags == ["vla", "games"] and got.highlights == [HIGHLIGHT]
    assert len(conflicts) == 0 and got.conflicts == []


def test_two_peoples_notes_and_ratings_stay_theirs_and_a_resolution_stays(tmp_path, mine):
    theirs = Notes(tmp_path / "colleague.ipynb", user="Bob")
    theirs.set(PAPER, note="their note", rating=2)
    mine.merge_from(theirs.path)
    got = Notes(mine.path).get(PAPER["id"])  # as the file holds it
    assert (got.note, got.rating) == ("my note", 4)
    assert (got.others["Bob"].note, got.others["Bob"].rating) == ("their note", 2)
    assert [d["field"] for d in team.disagreements(got)] == ["rating"]
    before = mine.path.read_bytes()
    assert len(mine.merge_from(theirs.path)) == 0  # again: nothing new, nothing doubled
    assert mine.path.read_bytes() == before
    mine.resolve(PAPER, "rating", 4)  # the reader keeps their 4 stars
    assert team.disagreements(mine.get(PAPER["id"])) == []
    mine.merge_from(theirs.path)
    assert team.disagreements(mine.get(PAPER["id"])) == []  # the same values: still settled
    theirs.set(PAPER, rating=1)  # a new value reopens it
    mine.merge_from(theirs.path)
    assert team.disagreements(mine.get(PAPER["id"]))[0]["values"] == [
        {"by": "Ada", "value": 4, "set_aside": False},
        {"by": "Bob", "value": 1, "set_aside": False},
    ]


def test_deletions_survive_a_merge(tmp_path, mine):
    copy = Notes(tmp_path / "copy.ipynb", user="Bob")  # a colleague's copy of my notes
    copy.merge_from(mine)
    mine.set(PAPER, remove_tags=["vla"])
    mine.set("arxiv:2", note="gone soon")
    copy.merge_from(mine)
    mine.delete("arxiv:2")
    mine.merge_from(copy.path)  # an older copy: the tag and the paper stay deleted
    assert mine.get(PAPER["id"]).tags == [] and mine.get("arxiv:2") is None
    copy.merge_from(mine)
    assert copy.get(PAPER["id"]).tags == [] and copy.get("arxiv:2") is None


def test_undo_merge_puts_the_file_back_exactly(tmp_path, mine):
    theirs = Notes(tmp_path / "colleague.ipynb", user="Bob")
    theirs.set("arxiv:3", note="new to me")
    before = mine.path.read_bytes()
    mine.merge_from(theirs)
    assert mine.get("arxiv:3") is not None
    mine.undo_merge()
    assert mine.path.read_bytes() == before and mine.get("arxiv:3") is None
    with pytest.raises(pw.NotesFileError, match="no merge to undo"):
        mine.undo_merge()


def test_a_merge_into_a_new_file_keeps_the_colleagues_order(tmp_path):
    theirs = Notes(tmp_path / "colleague.ipynb")
    ids = [f"arxiv:2501.{n:05d}" for n in range(12)]
    for pid in ids:
        theirs.set(pid, note=f"note on {pid}")
    mine = Notes(tmp_path / "mine.ipynb")
    mine.merge_from(theirs.path)
    assert [a.id for a in Notes(mine.path, read_only=True)] == ids  # file order, not set order


# --- a file put back on purpose ------------------------------------------------------------


def test_an_older_copy_put_back_by_hand_is_kept_exactly(tmp_path):
    notes = Notes(tmp_path / "n.ipynb")
    notes.set(PAPER, rating=3, note="kept")
    old = notes.path.read_bytes()  # a backup, or the file in an older commit
    notes.set(PAPER, rating=5)
    notes.set("arxiv:9", note="added later")
    time.sleep(0.02)  # a later write: the file's mtime moves on
    notes.path.write_bytes(old)  # cp backup.ipynb n.ipynb, git checkout n.ipynb
    again = Notes(notes.path)
    assert again.get(PAPER["id"]).rating == 3 and again.get("arxiv:9") is None
    assert notes.get(PAPER["id"]).rating == 3  # the open store reads it too
    assert notes.path.read_bytes() == old  # nothing re-applied behind the user's back
    assert not list(tmp_path.glob(".*journal*"))  # no hidden log beside the notes


def test_a_listening_store_leaves_a_file_put_back_alone(tmp_path):
    notes = Notes(tmp_path / "n.ipynb")
    heard = []
    notes.listen(heard.append)  # an open widget listens
    notes.set(PAPER, rating=3)
    old = notes.path.read_bytes()
    notes.set(PAPER, rating=5)
    time.sleep(0.02)
    notes.path.write_bytes(old)
    wait_for(lambda: heard.count({PAPER["id"]}) >= 3)  # the widgets hear of the change…
    time.sleep(2 * POLL)
    assert notes.path.read_bytes() == old  # …and the file stays as put back


def test_a_hand_edit_of_the_note_is_loaded(tmp_path):
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
    mine, theirs = Notes(tmp_path / "mine.ipynb"), Notes(tmp_path / "colleague.ipynb", user="Bob")
    mine.set(first, rating=4)
    mine.set(second, tags=["x"])
    theirs.set(first, rating=2)
    reader = corpus.reader(notes=mine.path)
    mine.merge_from(theirs.path)
    rows = ask(reader, "page", disagreements=True)["rows"]
    assert [(r["id"], r["conflicts"]) for r in rows] == [(first["id"], 1)]
    shown = reader.annotation  # the Reader shows it at once: you and Bob, by name
    assert shown["conflicts"][0]["values"] == [
        {"by": "Ada", "value": 4, "set_aside": False},
        {"by": "Bob", "value": 2, "set_aside": False},
    ]
    assert shown["you"] == "Ada" and shown["team"] == {
        "by": [{"by": "Ada", "value": 4}, {"by": "Bob", "value": 2}],
        "mean": 3.0,
    }
    ask(reader, "save", paper_id=first["id"], fields={"rating": 4}, ops={"resolve": ["rating"]})
    assert ask(reader, "page", disagreements=True)["rows"] == []
    mine.merge_from(theirs.path)  # Bob's same rating again: stays settled
    assert ask(reader, "page", disagreements=True)["rows"] == []
