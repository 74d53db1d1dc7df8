"""Notes across people (issue 21): my values stay mine through a colleague's merge, undo
works, a file put back stays put back, resolutions are remembered, who writes is known."""

from __future__ import annotations

import gc
import json
import subprocess
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_notes import PAPER

import paperwidgets as pw
from paperwidgets import Notes, NotesFileError
from paperwidgets.constants import NOTES_MIME as MIME
from paperwidgets.notes import team
from paperwidgets.notes.store import merged_save
from paperwidgets.notes.times import utc_now
from paperwidgets.widgets.mirror import NotesMirror
from tests.conftest import USER

SECOND = {"id": "arxiv:2501.00002", "title": "A second paper", "abstract": "about games"}
THIRD = {"id": "arxiv:2501.00003", "title": "A third paper"}
HIGHLIGHT = {"quote": "post-training", "start": 10, "end": 23, "comment": "the key idea"}
FUTURE = "2099-01-01T00:00:00.000000+00:00"


def edit_file(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=1))


def cell_of(data: dict, paper_id: str) -> dict:
    return next(
        c["metadata"]["paperwidgets"]
        for c in data["cells"]
        if c["metadata"].get("paperwidgets", {}).get("paper", {}).get("id") == paper_id
    )


@pytest.fixture
def mine(tmp_path) -> Notes:
    notes = Notes(tmp_path / "paper-notes.ipynb")
    notes.set(PAPER, rating=4, status="reading", note="my reading of §3", tags=["vla"])
    notes.set(PAPER, add_highlights=[HIGHLIGHT])
    notes.set(SECOND, note="worth a look", tags=["games"])
    notes.set(THIRD, rating=5, tags=["rl"])
    return notes


def bobs_copy(tmp_path: Path, mine: Notes) -> Notes:
    """Bob's notes file, holding a copy of mine (he merged it earlier)."""
    theirs = Notes(tmp_path / "bob-notes.ipynb", user="Bob")
    theirs.merge_from(mine.path)
    return theirs


def test_a_colleagues_later_rating_deletion_and_future_tombstones_leave_my_work(tmp_path, mine):
    before = {a.id: a for a in mine}
    theirs = bobs_copy(tmp_path, mine)
    theirs.set(PAPER, rating=2, note="not convinced", tags=["games"])  # later than mine
    theirs.set(SECOND, note="bob was here")
    theirs.delete(SECOND)  # Bob deletes a paper I annotated

    def plant_future_tombstones(data):  # a wrong clock, or a hand edit
        third = cell_of(data, THIRD["id"])
        third["removed"] = {"tag:rl": {"by": "Bob", "at": FUTURE}}
        first = cell_of(data, PAPER["id"])
        first["removed"] = {
            "tag:vla": {"by": "Bob", "at": FUTURE},
            "hl:10:23:post-training": {"by": "Bob", "at": FUTURE},
        }
        data["metadata"]["paperwidgets"]["deleted"] = {
            **data["metadata"]["paperwidgets"].get("deleted", {}),
            THIRD["id"]: {"by": "Bob", "at": FUTURE},
        }

    edit_file(theirs.path, plant_future_tombstones)
    merged_at = utc_now()
    table = mine.merge_from(theirs.path)

    first = mine.get(PAPER["id"])
    assert (first.rating, first.status, first.note) == (4, "reading", "my reading of §3")
    assert first.tags == ["vla", "games"] and first.highlights == [HIGHLIGHT]
    assert (first.others["Bob"].rating, first.others["Bob"].note) == (2, "not convinced")
    assert first.added["tag:games"].by == "Bob" and first.added["tag:vla"].by == USER
    assert first.added["tag:games"].at <= utc_now() and first.updated <= utc_now()
    for paper in (SECOND, THIRD):  # mine as they were: Bob's deletion took only his work
        got = mine.get(paper["id"])
        assert got.content() == before[paper["id"]].content() and got.others == {}
    assert all(mark.at <= utc_now() for a in mine for mark in a.added.values())  # clamped
    rows = {(r.id, r.field, r.person, r.outcome) for r in table.itertuples()}
    assert (PAPER["id"], "rating", "Bob", "beside yours") in rows
    assert (SECOND["id"], "paper", "Bob", "kept yours") in rows
    assert (PAPER["id"], "tags", "Bob", f"kept: {USER} added it") in rows
    assert merged_at <= utc_now()


def test_my_note_text_is_never_changed_by_a_merge(tmp_path, mine):
    theirs = bobs_copy(tmp_path, mine)
    theirs.set(PAPER, note="Bob's own take")
    before = mine.get(PAPER["id"]).note
    mine.merge_from(theirs.path)
    mine.merge_from(theirs.path)
    assert mine.get(PAPER["id"]).note == before
    assert "From" not in mine.path.read_text().split("my reading of §3")[1].split("\n")[0]


def test_my_values_in_a_colleagues_file_do_not_replace_mine(tmp_path, mine):
    theirs = bobs_copy(tmp_path, mine)
    edit_file(theirs.path, lambda d: cell_of(d, PAPER["id"])["people"][USER].update(
        rating=1, changed={"rating": FUTURE}))  # fmt: skip
    table = mine.merge_from(theirs.path)
    got = mine.get(PAPER["id"])
    assert got.rating == 4  # mine stays; the other copy waits beside it as a disagreement
    assert {"by": USER, "value": 1, "set_aside": True} in team.disagreements(got)[0]["values"]
    assert list(table["outcome"]) == ["yours kept; theirs set aside"]


def test_undo_merge_twice_restores_both_earlier_states_exactly(tmp_path, mine):
    states = [mine.path.read_bytes()]
    bob = Notes(tmp_path / "bob.ipynb", user="Bob")
    bob.set(PAPER, rating=2, tags=["games"])
    carol = Notes(tmp_path / "carol.ipynb", user="Carol")
    carol.set(SECOND, rating=1, note="no")
    mine.merge_from(bob.path)
    states.append(mine.path.read_bytes())
    mine.merge_from(carol.path)
    assert mine.get(SECOND["id"]).others["Carol"].rating == 1
    mine.undo_merge()
    assert mine.path.read_bytes() == states[1] and mine.get(SECOND["id"]).others == {}
    mine.undo_merge()
    assert mine.path.read_bytes() == states[0]
    got = Notes(mine.path).get(PAPER["id"])
    assert (got.rating, got.status, got.tags, got.others) == (4, "reading", ["vla"], {})
    with pytest.raises(NotesFileError, match="no merge to undo"):
        mine.undo_merge()


def test_undo_merge_refuses_to_drop_later_edits_unless_forced(tmp_path, mine):
    before = mine.path.read_bytes()
    bob = Notes(tmp_path / "bob.ipynb", user="Bob")
    bob.set(PAPER, rating=2)
    mine.merge_from(bob.path)
    mine.set(SECOND, rating=3)  # after the merge
    with pytest.raises(NotesFileError, match="changed since the last merge"):
        mine.undo_merge()
    assert mine.get(SECOND["id"]).rating == 3
    mine.undo_merge(force=True)
    assert mine.path.read_bytes() == before


def test_a_resolved_disagreement_stays_resolved_after_the_colleagues_working_notebook(
    tmp_path, mine
):
    bob = Notes(tmp_path / "bob-notes.ipynb", user="Bob")
    bob.set(PAPER, rating=2, note="meh")
    mine.merge_from(bob.path)
    assert [d["field"] for d in team.disagreements(mine.get(PAPER["id"]))] == ["rating"]
    mine.resolve(PAPER, "rating", 4)  # I keep my 4 stars (the Reader's click does this)
    working = tmp_path / "bob-triage.ipynb"  # Bob's working notebook with its notes output
    bundle = NotesMirror(list(bob), "bob-notes.ipynb", pw.fallbacks.NotesHtml())
    output = {"output_type": "display_data", "data": bundle._repr_mimebundle_(), "metadata": {}}
    cell = {"cell_type": "code", "id": "c1", "metadata": {}, "source": "reader",
            "outputs": [output], "execution_count": 1}  # fmt: skip
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    working.write_text(json.dumps(notebook))
    assert MIME in output["data"]
    mine.merge_from(working)  # another file name, the same values
    got = mine.get(PAPER["id"])
    assert team.disagreements(got) == [] and got.others["Bob"].rating == 2


@pytest.mark.parametrize("their_file", ["open in this kernel", "not open"])
def test_a_colleague_who_deleted_a_paper_takes_only_their_values_with_it(
    tmp_path, mine, their_file
):
    theirs = bobs_copy(tmp_path, mine)
    theirs.set("arxiv:9", note="Bob's own find")
    theirs.set(SECOND, note="bob was here")
    mine.merge_from(theirs.path)
    assert mine.get("arxiv:9").others["Bob"].note == "Bob's own find"
    theirs.delete("arxiv:9")
    theirs.delete(SECOND)
    if their_file == "not open":  # merged later, from the file alone
        del theirs
        gc.collect()
    table = mine.merge_from(tmp_path / "bob-notes.ipynb")
    assert mine.get("arxiv:9") is None  # his note, deleted by him: gone here too
    second = mine.get(SECOND["id"])
    assert (second.note, second.tags, second.others) == ("worth a look", ["games"], {})
    rows = {(r.id, r.field, r.person, r.outcome) for r in table.itertuples()}
    assert (SECOND["id"], "paper", "Bob", "kept yours") in rows


def test_removing_the_last_thing_unannotates_the_paper(tmp_path):
    notes = Notes(tmp_path / "n.ipynb")
    notes.set(PAPER, tags=["only"])
    notes.set(PAPER, remove_tags=["only"])
    assert notes.get(PAPER["id"]) is None and len(notes) == 0
    notes.export(tmp_path / "n.bib")
    assert "@" not in (tmp_path / "n.bib").read_text()  # no empty @misc
    notes.set(PAPER, rating=3)
    notes.set(PAPER, rating=None)
    assert len(notes) == 0


def test_clear_empties_my_values_and_keeps_a_colleagues(tmp_path, mine):
    bob = Notes(tmp_path / "bob.ipynb", user="Bob")
    bob.set(PAPER, rating=2)
    mine.merge_from(bob.path)
    cleared = mine.clear(PAPER)
    assert (cleared.note, cleared.rating, cleared.tags, cleared.highlights) == ("", None, [], [])
    assert mine.get(PAPER["id"]).others["Bob"].rating == 2  # Bob's, still annotated
    mine.clear(THIRD)
    assert mine.get(THIRD["id"]) is None


def test_who_writes(tmp_path, monkeypatch):
    assert Notes(tmp_path / "a.ipynb", user=" Grace  Hopper ").user == "Grace Hopper"
    assert Notes(tmp_path / "b.ipynb").user == USER  # $PAPERWIDGETS_USER
    monkeypatch.delenv("PAPERWIDGETS_USER")
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "user.name", "Linus T"], check=True)
    assert Notes(repo / "c.ipynb").user == "Linus T"  # git's user.name for the file's folder
    with pytest.raises(ValueError, match="control characters"):
        Notes(tmp_path / "d.ipynb", user="evil\x1b[31m")
    notes = Notes(repo / "c.ipynb")
    notes.set(PAPER, rating=3)
    assert notes.get(PAPER["id"]).people["Linus T"].rating == 3


def test_a_v1_file_belongs_to_its_opener_and_a_colleagues_to_the_name_given(tmp_path):
    v1 = {"note": "old note", "tags": ["x"], "rating": 3, "status": "read", "highlights": [],
          "created": "2025-01-01T00:00:00.000000+00:00",
          "updated": "2025-01-01T00:00:00.000000+00:00"}  # fmt: skip

    def write_v1(path: Path) -> None:
        cell = {"cell_type": "markdown", "id": "pw-1", "source": "x",
                "metadata": {"paperwidgets": {"paper": {"id": PAPER["id"]}, **v1}}}  # fmt: skip
        meta = {"paperwidgets": {"kind": "notes", "schema_version": 1}}
        path.write_text(json.dumps({"cells": [cell], "metadata": meta, "nbformat": 4,
                                    "nbformat_minor": 5}))  # fmt: skip

    write_v1(tmp_path / "mine.ipynb")
    write_v1(tmp_path / "bobs.ipynb")
    write_v1(tmp_path / "carol-notes.ipynb")
    mine = Notes(tmp_path / "mine.ipynb")
    assert mine.get(PAPER["id"]).people[USER].rating == 3  # my own v1 file: mine
    mine.merge_from(tmp_path / "bobs.ipynb", user="Bob")
    mine.merge_from(tmp_path / "carol-notes.ipynb")  # no name given: the file's stem
    got = mine.get(PAPER["id"])
    assert sorted(got.people) == [USER, "Bob", "carol-notes"]
    data = json.loads((tmp_path / "mine.ipynb").read_text())
    assert data["metadata"]["paperwidgets"]["schema_version"] == 2  # upgraded on write


def test_markdown_export_has_one_heading_per_paper_and_each_persons_note(tmp_path, mine):
    bob = Notes(tmp_path / "bob.ipynb", user="Bob")
    bob.set(PAPER, note="---\n# not a heading\nreally", rating=2)
    mine.merge_from(bob.path)
    text = mine.to_markdown()
    assert text.count("\n## ") == 3 and "\n---" not in text
    assert f"### {USER} — ★★★★☆ · reading\n\nmy reading of §3" in text
    assert "### Bob — ★★☆☆☆\n\n\\---\n\\# not a heading\nreally" in text
    assert "Bob" not in mine.to_markdown(users=[USER])


def test_export_filters_and_whose_notes_a_bibliography_carries(tmp_path, mine):
    bob = Notes(tmp_path / "bob.ipynb", user="Bob")
    bob.set(SECOND, rating=5, note="Bob loves it")
    mine.merge_from(bob.path)
    out = tmp_path / "x.bib"

    def keys(**options) -> list[str]:
        mine.export(out, **options)
        return [line for line in out.read_text().splitlines() if line.startswith("@")]

    assert len(keys()) == 3
    assert len(keys(tags=["vla", "rl"])) == 2
    assert len(keys(min_rating=5)) == 1 and len(keys(status="reading")) == 1
    assert len(keys(min_rating=5, users=["Bob"])) == 1
    mine.export(out)
    assert "Bob loves it" not in out.read_text()  # my notes only…
    mine.export(out, users=[USER, "Bob"])
    assert "Bob: Bob loves it" in out.read_text()  # …others' when asked


def test_set_survives_a_file_rewritten_in_place_meanwhile(tmp_path):
    notes = Notes(tmp_path / "n.ipynb")
    notes.set(PAPER, rating=1)
    stop = threading.Event()

    def jupyter_saving_in_place():  # truncate, then write in pieces, as an in-place save does
        data = notes.path.read_bytes()
        while not stop.is_set():
            with open(notes.path, "r+b") as out:
                out.truncate(0)
                for start in range(0, len(data), 256):
                    out.write(data[start : start + 256])
                    out.flush()
                    time.sleep(0.002)
            time.sleep(0.03)  # the next save (an autosave, another Ctrl+S)

    writer = threading.Thread(target=jupyter_saving_in_place)
    writer.start()
    try:
        for n in range(30):
            notes.set(f"arxiv:9.{n}", note="no invalid JSON for me")  # never raises
    finally:
        stop.set()
        writer.join()


def test_a_file_left_empty_while_a_big_save_serialises_is_waited_for(tmp_path):
    notes = Notes(tmp_path / "n.ipynb")
    notes.set(PAPER, rating=1)
    data, emptied = notes.path.read_bytes(), threading.Event()

    def jupyter_saving_a_big_notebook():  # truncated, then validated and dumped for a second
        with open(notes.path, "r+b") as out:
            out.truncate(0)
            out.flush()
            emptied.set()
            time.sleep(1.0)
            out.write(data)

    writer = threading.Thread(target=jupyter_saving_a_big_notebook)
    writer.start()
    try:
        emptied.wait()
        notes.set(PAPER, rating=2)  # reads the file once it is whole again: no "invalid JSON"
    finally:
        writer.join()
    assert Notes(notes.path, read_only=True).get(PAPER["id"]).rating == 2


def test_a_jupyter_save_keeps_the_hand_edit_and_the_kernels_later_edits(tmp_path):
    notes = Notes(tmp_path / "n.ipynb")
    notes.set(PAPER, note="typed in the Reader", rating=3)
    tab = json.loads(notes.path.read_text())  # what JupyterLab loaded
    notes.set(PAPER, rating=5)  # acknowledged after that
    notes.set(SECOND, tags=["new"])
    cell = next(c for c in tab["cells"] if c["id"] != "pw-header")
    cell["source"] = "".join(cell["source"]).replace("typed in the Reader", "typed in Lab")
    tab["cells"].append({"cell_type": "markdown", "id": "mine", "metadata": {}, "source": "hi"})
    saved = merged_save(notes.path, tab)
    notes.path.write_text(json.dumps(saved))
    again = Notes(notes.path)
    first = again.get(PAPER["id"])
    assert (first.note, first.rating) == ("typed in Lab", 5)
    assert again.get(SECOND["id"]).tags == ["new"]
    assert [c["id"] for c in saved["cells"]][-2:] == ["mine", saved["cells"][-1]["id"]]


def test_cli_undo_merge_and_export_filters(tmp_path, mine, capsys):
    from paperwidgets.cli import main

    before = mine.path.read_bytes()
    bob = Notes(tmp_path / "bob.ipynb", user="Bob")
    bob.set(SECOND, rating=5)
    assert main(["notes", "merge", str(bob.path), "-o", str(mine.path)]) == 0
    assert "(3 annotated papers)" in capsys.readouterr().out
    assert mine.get(SECOND["id"]).others["Bob"].rating == 5
    assert main(["notes", "undo-merge", str(mine.path)]) == 0
    assert mine.path.read_bytes() == before
    assert main(["notes", "undo-merge", str(mine.path)]) == 2
    assert "no merge to undo" in capsys.readouterr().err
    out = tmp_path / "reading.md"
    assert main(["notes", "export", str(mine.path), str(out), "--status", "reading"]) == 0
    assert out.read_text().count("\n## ") == 1
    assert main(["notes", "export", str(mine.path), str(out), "--tag", "rl", "--tag", "x"]) == 0
    assert "A third paper" in out.read_text() and out.read_text().count("\n## ") == 1


def test_a_tab_saved_again_and_again_keeps_its_edits_and_never_reverts_the_kernel(tmp_path):
    notes = Notes(tmp_path / "n.ipynb")
    notes.set(PAPER, note="typed in the Reader")
    tab = json.loads(notes.path.read_text())  # the tab loads once and keeps its copy
    cell = next(c for c in tab["cells"] if c["id"] != "pw-header")
    source = "".join(cell["source"])

    def save(text: str) -> None:
        cell["source"] = source.replace("typed in the Reader", text)
        notes.path.write_text(json.dumps(merged_save(notes.path, tab)))

    save("first hand edit")
    assert Notes(notes.path).get(PAPER["id"]).note == "first hand edit"
    save("second hand edit")  # the tab's metadata still says "typed in the Reader"
    assert Notes(notes.path).get(PAPER["id"]).note == "second hand edit"
    notes.set(PAPER, note="the kernel's later note")  # acknowledged
    save("second hand edit")  # the same stale tab, saved again (autosave)
    save("second hand edit")
    got = Notes(notes.path).get(PAPER["id"])
    assert got.note == "the kernel's later note"  # never reverted
    assert [c["value"] for c in got.conflicts] == ["second hand edit"]  # set aside, once


PAPERS = [f"arxiv:2501.1000{n}" for n in range(3)]
EDITS = st.lists(
    st.tuples(
        st.sampled_from(PAPERS),
        st.sampled_from(["rate", "note", "tag", "untag", "delete", "clear"]),
        st.integers(1, 5),
    ),
    max_size=8,
)


def _apply(notes: Notes, edits) -> None:
    for pid, what, n in edits:
        if what == "rate":
            notes.set(pid, rating=n)
        elif what == "note":
            notes.set(pid, note=f"{notes.user} {n}")
        elif what == "tag":
            notes.set(pid, add_tags=[f"t{n}"])
        elif what == "untag":
            notes.set(pid, remove_tags=[f"t{n}"])
        elif what == "delete":
            notes.delete(pid)
        else:
            notes.clear(pid)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mine_first=EDITS, theirs_after=EDITS)
def test_no_colleague_file_removes_or_replaces_my_work(tmp_path_factory, mine_first, theirs_after):
    folder = tmp_path_factory.mktemp("property")
    mine = Notes(folder / "mine.ipynb")
    _apply(mine, mine_first)
    bob = Notes(folder / "bob.ipynb", user="Bob")
    bob.merge_from(mine.path)
    _apply(bob, theirs_after)  # anything Bob does, including removing my tags, deleting
    before = {a.id: a for a in mine}
    mine.merge_from(bob.path)
    for pid, old in before.items():
        new = mine.get(pid)
        assert new is not None
        assert (new.note, new.rating, new.status) == (old.note, old.rating, old.status)
        assert (
            set(old.tags) <= set(new.tags)
            and old.highlights == new.highlights[: len(old.highlights)]
        )
