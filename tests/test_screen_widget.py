"""The Screen widget's kernel side: each command writes the notes file and answers with the
next record; the stopping panel and the team follow; bad input is said, never raised."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import paperwidgets as pw
from paperwidgets import Notes
from paperwidgets.screening import Screening
from tests.test_screening_queue import papers, relevant

REASONS = ["wrong population", "wrong design"]


def ask(widget, command, **msg):
    answer, _ = getattr(widget, command)(msg, [])
    return answer


@pytest.fixture
def corpus():
    return pw.Corpus(papers(6))


def screen_some(widget, count: int) -> list[str]:
    done = []
    for _ in range(count):
        record = widget.record["id"]
        if relevant(record):
            answer = ask(widget, "decide", record=record, decision="include")
        else:
            answer = ask(widget, "decide", record=record, decision="exclude", reason=1)
        assert answer.get("ok"), answer
        done.append(record)
    return done


def test_keys_decide_undo_and_the_panel_follows(tmp_path, corpus):
    path = tmp_path / "alice-notes.ipynb"
    widget = corpus.screen(notes=Notes(path, user="alice"), reasons=REASONS)
    assert widget.record["title"] and widget.panel["screened"] == 0
    done = screen_some(widget, 6)
    assert widget.panel["screened"] == 6 and widget.record["id"] not in done
    stored = json.loads(path.read_text())["metadata"]["paperwidgets"]["screening"]["screening"]
    excluded = [e for e in stored["alice"]["events"] if e["decision"] == "exclude"]
    assert excluded and all(e["reason"] == "wrong design" for e in excluded)
    ask(widget, "undo")
    assert widget.panel["screened"] == 5 and widget.record["id"] == done[-1]
    assert widget.message.startswith("Undone")
    ask(widget, "sample", on=True)
    assert widget.panel["sampling"] and widget.panel["statistical"] is None
    screen_some(widget, 3)
    assert widget.panel["statistical"]["rule"] == "statistical"
    assert widget.panel["relevant_left"] is not None
    widget.close()


def test_bad_commands_are_said_and_nothing_is_written(tmp_path, corpus):
    path = tmp_path / "notes.ipynb"
    widget = pw.Screen(corpus, Notes(path, user="alice"), reasons=REASONS)
    before = path.read_bytes()
    record = widget.record["id"]
    assert "error" in ask(widget, "decide", record=record, decision="perhaps")
    assert "error" in ask(widget, "decide", record=record, decision="exclude", reason=7)
    assert "error" in ask(widget, "decide", record="no-such-id", decision="include")
    assert "error" in ask(widget, "merge", path=str(tmp_path / "missing.ipynb"))
    assert "error" in ask(widget, "resolve", record=record, decision="include")
    assert path.read_bytes() == before and widget.record["id"] == record
    with pytest.raises(ValueError, match="at most 9"):
        pw.Screen(corpus, Notes(path, user="alice"), reasons=[str(n) for n in range(10)])
    widget.close()


def test_a_second_screeners_file_merged_shows_kappa_and_resolving_closes_one(tmp_path, corpus):
    bob_path = tmp_path / "bob-notes.ipynb"
    widget = corpus.screen(
        notes=Notes(tmp_path / "alice-notes.ipynb", user="alice"), reasons=REASONS
    )
    done = screen_some(widget, 5)
    bob = Screening(corpus.papers, Notes(bob_path, user="bob"))
    for record in done:
        bob.decide(record, "maybe")
    bob.close()
    assert widget.team == {}
    assert ask(widget, "merge", path="bob-notes.ipynb").get("ok")  # beside the notes file
    team = widget.team
    assert team["names"] == ["alice", "bob"] and team["shared"] == 5
    assert team["open_count"] == 5 and "κ" in team["summary"]
    first = team["open"][0]["id"]
    assert ask(widget, "resolve", record=first, decision="include").get("ok")
    assert widget.team["open_count"] == 4
    assert first not in {d["id"] for d in widget.team["open"]}
    widget.close()


def test_the_saved_rendering_is_escaped_text(tmp_path):
    hostile = pw.Corpus(papers(2).assign(title="<img src=x onerror=alert(1)>"))
    widget = hostile.screen(notes=Notes(tmp_path / "n.ipynb", user="alice"), name="<b>x</b>")
    assert "<b>" not in widget.static_html() and "&lt;b&gt;" in widget.static_html()
    assert widget.record["title"] == "<img src=x onerror=alert(1)>"  # text; JS sets textContent
    widget.close()


CRITERIA = {
    "inclusion": ["heart regeneration in animal models"],
    "exclusion": REASONS,
    "keywords": ["Cardiomyocyte", "heart"],
}
READ_BACK = """
import json, sys
from paperwidgets import Notes
from paperwidgets.screening import AuditLog
logs = Notes(sys.argv[1], user="someone-else", read_only=True).screening("screening")
print(json.dumps([[e.decision, e.reason, e.note] for e in AuditLog.from_dict(logs["alice"])]))
"""


def test_criteria_are_shown_with_the_terms_to_mark_and_give_the_reason_keys(tmp_path, corpus):
    widget = corpus.screen(notes=Notes(tmp_path / "n.ipynb", user="alice"), criteria=CRITERIA)
    assert widget.criteria == {**CRITERIA, "terms": ["Cardiomyocyte", "heart"]}
    record = widget.record["id"]
    assert ask(widget, "decide", record=record, decision="exclude", reason=1).get("ok")
    assert widget.session.log.events[-1].reason == "wrong design"
    widget.close()
    with pytest.raises(TypeError, match="criteria: a Criteria or a dict, not str"):
        corpus.screen(notes=tmp_path / "never.ipynb", criteria="hearts")
    assert not (tmp_path / "never.ipynb").exists()  # refused before any file was touched


def test_a_note_goes_with_its_decision_to_disk_and_comes_back_with_an_undo(tmp_path, corpus):
    path = tmp_path / "alice-notes.ipynb"
    widget = corpus.screen(notes=Notes(path, user="alice"), criteria=CRITERIA)
    first = widget.record["id"]
    answer = ask(widget, "decide", record=first, decision="exclude", reason=0, note=" mice only ")
    assert answer.get("ok") and widget.message.endswith("— note: mice only")
    assert widget.record["note"] == ""  # the next record: no note yet
    second = widget.record["id"]
    assert ask(widget, "decide", record=second, decision="include").get("ok")
    run = subprocess.run(
        [sys.executable, "-c", READ_BACK, str(path)], capture_output=True, text=True, check=True
    )  # another process reads the file on disk
    assert json.loads(run.stdout) == [
        ["exclude", "wrong population", "mice only"],
        ["include", "", ""],
    ]
    ask(widget, "undo")
    ask(widget, "undo")
    assert widget.record == {**widget.record, "id": first, "note": "mice only"}
    assert widget.message.endswith("(its note is back in the note field)")
    widget.close()
    again = corpus.screen(notes=Notes(path, user="alice"), criteria=CRITERIA)  # a restart
    assert again.record["id"] == first and again.record["note"] == "mice only"
    again.close()


def test_a_note_that_is_not_text_or_too_long_is_refused_and_nothing_is_written(tmp_path, corpus):
    path = tmp_path / "notes.ipynb"
    widget = corpus.screen(notes=Notes(path, user="alice"), reasons=REASONS)
    before = path.read_bytes()
    record = widget.record["id"]
    for note in (["a list"], "x" * 2001):
        answer = ask(widget, "decide", record=record, decision="include", note=note)
        assert "at most 2000 characters" in answer["error"]
    assert path.read_bytes() == before and widget.record["id"] == record
    widget.close()
