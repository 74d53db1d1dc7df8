"""git as the team's sync: two branches that annotated the notes notebook merge per paper and
person through the driver `paperwidgets notes git-setup` registers (a real git, in a temp
folder); a notes file checked out from an older commit stays exactly as checked out."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import nbformat
import pytest
from test_notes import PAPER

from paperwidgets import Notes
from paperwidgets.cli import main
from paperwidgets.notes import team

SECOND = {"id": "arxiv:2501.00002", "title": "Only on the first branch"}
THIRD = {"id": "arxiv:2501.00003", "title": "Only on the second branch"}
NOTES = "paper-notes.ipynb"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.name", "Test")
    git(folder, "config", "user.email", "test@example.org")
    monkeypatch.chdir(folder)
    assert main(["notes", "git-setup"]) == 0
    notes = Notes(folder / NOTES)
    notes.set(PAPER, note="first look", rating=3, tags=["vla"])
    plain = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"cell {n}", id=f"c{n}")
                                            for n in range(6)])  # fmt: skip
    nbformat.write(plain, folder / "analysis.ipynb")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "base")
    return folder


def edit_plain(repo: Path, index: int, text: str) -> None:
    notebook = nbformat.read(repo / "analysis.ipynb", as_version=4)
    notebook.cells[index].source = text
    nbformat.write(notebook, repo / "analysis.ipynb")


def test_two_branches_that_annotated_merge_with_no_conflict_markers(repo, capsys):
    assert "merge=paperwidgets" in (repo / ".gitattributes").read_text()
    git(repo, "checkout", "-q", "-b", "ada")
    ada = Notes(repo / NOTES, user="Ada")
    ada.set(PAPER, rating=4, status="read", add_tags=["agents"])
    ada.set(SECOND, note="Ada's find")
    edit_plain(repo, 0, "Ada's first cell")
    git(repo, "commit", "-qam", "ada")
    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "bob")
    bob = Notes(repo / NOTES, user="Bob")
    bob.set(PAPER, rating=2, note="Bob disagrees", add_tags=["games"])
    bob.set(THIRD, note="Bob's find")
    Notes(repo / NOTES, user="Ada").set(PAPER, status="skipped")  # Ada, on the other branch too
    edit_plain(repo, 5, "Bob's last cell")
    git(repo, "commit", "-qam", "bob")

    git(repo, "checkout", "-q", "ada")
    git(repo, "merge", "-q", "--no-edit", "bob")  # exit status 0: no conflict
    text = (repo / NOTES).read_text()
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    merged = Notes(repo / NOTES, user="Ada", read_only=True)
    first = merged.get(PAPER["id"])
    assert (first.rating, first.note) == (4, "first look")
    assert (first.others["Bob"].rating, first.others["Bob"].note) == (2, "Bob disagrees")
    assert first.tags == ["vla", "agents", "games"]
    assert first.status == "skipped"  # Ada's later edit wins…
    ada_aside = [v for d in team.disagreements(first) for v in d["values"] if v["set_aside"]]
    assert {"by": "Ada", "value": "read", "set_aside": True} in ada_aside  # …the other kept
    assert merged.get(SECOND["id"]).note == "Ada's find"
    assert merged.get(THIRD["id"]).others["Bob"].note == "Bob's find"
    plain = nbformat.read(repo / "analysis.ipynb", as_version=4)  # git's own merge for it
    assert [plain.cells[0].source, plain.cells[5].source] == ["Ada's first cell", "Bob's last cell"]
    assert git(repo, "status", "--porcelain") == ""  # lock files excluded, nothing left over

    assert main(["notes", "diff", str(repo / NOTES), str(repo / NOTES)]) == 0
    (repo.parent / "old.ipynb").write_text(git(repo, "show", f"main:{NOTES}"))
    capsys.readouterr()
    assert main(["notes", "diff", str(repo.parent / "old.ipynb"), str(repo / NOTES)]) == 0
    diff = capsys.readouterr().out
    assert "Bob: rating no rating → ★★" in diff and "+ annotated (Bob)" in diff
    assert "tags: +#agents [Ada] +#games [Bob]" in diff


def test_a_paper_deleted_on_one_branch_stays_deleted_after_the_merge(repo):
    Notes(repo / NOTES).set(SECOND, note="to be dropped")
    Notes(repo / NOTES).set(THIRD, note="to be kept, edited on main")
    git(repo, "commit", "-qam", "two more papers")
    git(repo, "checkout", "-q", "-b", "tidy")
    tidy = Notes(repo / NOTES)
    tidy.delete(SECOND)  # deliberately: not relevant after all
    tidy.delete(THIRD)
    git(repo, "commit", "-qam", "tidy up")
    git(repo, "checkout", "-q", "main")
    Notes(repo / NOTES).set(THIRD, note="still relevant, see §4")  # changed here since
    git(repo, "commit", "-qam", "more on the third")

    git(repo, "merge", "-q", "--no-edit", "tidy")  # the driver runs in git's own process
    merged = Notes(repo / NOTES, read_only=True)
    assert merged.get(SECOND["id"]) is None  # untouched here: the deletion is taken
    assert merged.get(THIRD["id"]).note == "still relevant, see §4"  # my later work stays
    assert merged.get(PAPER["id"]).note == "first look"
    assert git(repo, "status", "--porcelain") == ""


def test_a_notes_file_checked_out_from_an_older_commit_stays_as_checked_out(repo):
    notes = Notes(repo / NOTES)
    notes.set(PAPER, rating=5)
    notes.set(SECOND, note="later")
    git(repo, "commit", "-qam", "later")
    git(repo, "checkout", "HEAD~1", "--", NOTES)  # the user's intent: the older notes
    old = (repo / NOTES).read_bytes()
    again = Notes(repo / NOTES)
    assert again.get(PAPER["id"]).rating == 3 and again.get(SECOND["id"]) is None
    assert (repo / NOTES).read_bytes() == old


def test_diff_output_has_no_terminal_escapes(tmp_path, capsys):
    a, b = Notes(tmp_path / "a.ipynb"), Notes(tmp_path / "b.ipynb")
    a.set(PAPER, note="calm")
    b.set(PAPER, note="\x1b[31mred\x1b]0;title\x07 and \x9b2J", tags=["\x1b[1mbold"])
    assert main(["notes", "diff", str(a.path), str(b.path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "red" in out and json.dumps(out)
