"""A screening kept in the notes notebook: every decision on disk, read back after a restart,
two screeners' files merged both ways, resolutions, and a writer killed mid-screening."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sklearn.metrics import cohen_kappa_score

from paperwidgets import Notes
from paperwidgets.screening import AuditLog, Screening, replay
from tests.test_screening_queue import papers, relevant

FRAME = papers(6)  # 24 records


def run(screening: Screening, count: int, flip: set[str] = frozenset()) -> list[str]:
    """Screen the queue's first `count` proposals (heart included; records in `flip` maybe)."""
    done = []
    for _ in range(count):
        proposal = screening.propose()
        assert proposal is not None
        record = proposal.record
        if record in flip:
            decision, reason = "maybe", ""
        elif relevant(record):
            decision, reason = "include", ""
        else:
            decision, reason = "exclude", "wrong topic"
        screening.decide(record, decision, reason, proposal=proposal)
        screening.queue.wait(60)
        done.append(record)
    return done


def on_disk(path: Path, name: str = "screening") -> dict:
    """The screening logs as the file holds them, read with plain json."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return notebook["metadata"]["paperwidgets"]["screening"][name]


def test_every_decision_and_undo_is_on_disk_when_the_call_returns(tmp_path):
    path = tmp_path / "alice-notes.ipynb"
    screening = Screening(FRAME, Notes(path, user="alice"))
    screened = run(screening, 5)
    assert [e["record"] for e in on_disk(path)["alice"]["events"]] == screened
    undone = screening.undo()
    events = on_disk(path)["alice"]["events"]
    assert undone is not None and events[-1]["decision"] == "undo"
    assert events[-1]["record"] == screened[-1] and events[-1]["screener"] == "alice"
    screening.close()


def test_a_restarted_kernel_carries_on_and_the_log_replays(tmp_path):
    path = tmp_path / "alice-notes.ipynb"
    first = Screening(FRAME, Notes(path, user="alice"))
    run(first, 8)
    first.undo()
    first.queue.wait(60)
    expected_next = first.propose()
    first.close()
    restarted = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(f"""
            from paperwidgets import Notes
            from paperwidgets.screening import Screening
            from tests.test_screening_queue import papers
            s = Screening(papers(6), Notes({str(path)!r}, user="alice"))
            s.queue.wait(60)
            p = s.propose()
            print(p.record, len(s.log), s.status().screened)
        """)],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    record, events, screened = restarted.stdout.split()
    assert expected_next is not None and record == expected_next.record
    assert (int(events), int(screened)) == (9, 7)
    log = AuditLog.from_dict(on_disk(path)["alice"])
    assert replay(FRAME, log).matches


def test_two_screeners_files_merged_both_ways_agree_and_undo(tmp_path):
    alice_path, bob_path = tmp_path / "alice-notes.ipynb", tmp_path / "bob-notes.ipynb"
    alice = Screening(FRAME, Notes(alice_path, user="alice"))
    bob = Screening(FRAME, Notes(bob_path, user="bob"))
    run(alice, 12)
    bob_screened = run(bob, 10, flip=set(list(FRAME["id"].astype(str))[::3]))
    before = alice_path.read_bytes()
    alice.notes.merge_from(bob_path)
    bob.notes.merge_from(alice_path)
    assert on_disk(alice_path) == on_disk(bob_path)
    assert sorted(on_disk(alice_path)) == ["alice", "bob"]

    team = alice.team()
    assert team is not None
    a, b = alice.log.decisions(), bob.log.decisions()
    shared = [r for r in a if r in b]
    assert team.agreement.shared == len(shared) > 0
    expected = cohen_kappa_score(
        [a[r].decision for r in shared], [b[r].decision for r in shared],
        labels=["include", "exclude", "maybe"],
    )  # fmt: skip
    assert team.agreement.kappa == pytest.approx(expected)
    assert {d.record for d in team.open} == {r for r in shared if a[r].decision != b[r].decision}
    assert team.open, "the flipped records disagree"
    assert set(team.agreement.awaiting["alice"]) == set(bob_screened) - set(a)

    # merging again changes nothing; undo puts alice's file back as it was
    alice.notes.merge_from(bob_path)
    alice.notes.undo_merge()
    assert alice_path.read_bytes() == before
    assert "bob" not in alice.notes.screening("screening")
    alice.close()
    bob.close()


def test_my_log_is_never_replaced_by_an_older_or_diverged_copy(tmp_path):
    path, copy = tmp_path / "alice-notes.ipynb", tmp_path / "alice-laptop.ipynb"
    mine = Screening(FRAME, Notes(path, user="alice"))
    run(mine, 4)
    copy.write_bytes(path.read_bytes())  # the file copied to a laptop
    run(mine, 2)
    laptop = Screening(FRAME, Notes(copy, user="alice"))
    laptop.undo()  # the laptop's log went another way
    kept = on_disk(path)["alice"]["events"]
    mine.notes.merge_from(copy)
    assert on_disk(path)["alice"]["events"] == kept
    laptop.notes.merge_from(path)
    assert on_disk(copy)["alice"]["events"][-1]["decision"] == "undo"
    older = tmp_path / "older.ipynb"
    older.write_bytes(path.read_bytes())
    run(mine, 1)
    grown = on_disk(path)["alice"]["events"]
    mine.notes.merge_from(older)
    assert on_disk(path)["alice"]["events"] == grown
    mine.close()
    laptop.close()


def test_a_resolution_is_the_final_decision_and_closes_the_disagreement(tmp_path):
    alice_path, bob_path = tmp_path / "alice-notes.ipynb", tmp_path / "bob-notes.ipynb"
    alice = Screening(FRAME, Notes(alice_path, user="alice"))
    bob = Screening(FRAME, Notes(bob_path, user="bob"))
    screened = run(alice, 6)
    for record in screened:
        bob.decide(record, "maybe")
    alice.notes.merge_from(bob_path)
    team = alice.team()
    assert team is not None and len(team.open) == 6
    target = team.open[0].record
    alice.resolve(target, "include", note="both read the abstract only")
    team = alice.team()
    assert team is not None and target not in {d.record for d in team.open}
    resolved = on_disk(alice_path, "screening.resolved")["alice"]["events"][0]
    assert resolved["record"] == target and resolved["note"] == "both read the abstract only"
    assert alice.log.decision(target).decision == team.agreement.disagreements[0].first
    alice.close()
    bob.close()


KILLED = """
import sys
from paperwidgets import Notes
from paperwidgets.screening import Screening
from tests.test_screening_queue import papers
s = Screening(papers(6), Notes(sys.argv[1], user="alice"), background=False)
while True:
    p = s.propose()
    if p is None:
        while s.undo() is not None:
            print("u", flush=True)
        continue
    s.decide(p.record, "exclude", "wrong topic", proposal=p)
    print("d", flush=True)
"""


def test_a_screener_killed_mid_decision_leaves_a_whole_log(tmp_path):
    path = tmp_path / "alice-notes.ipynb"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        seen = 0
        deadline = time.monotonic() + 240
        while seen < 30 and time.monotonic() < deadline:
            seen += proc.stdout.readline() != ""
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert seen >= 30
    stored = Notes(path, user="alice").screening("screening")["alice"]
    log = AuditLog.from_dict(stored)  # every event whole: it parses
    assert len(log) >= seen
    reopened = Screening(FRAME, Notes(path, user="bob"))
    assert reopened.others()["alice"].events == log.events
    reopened.close()


def test_a_second_screening_and_bad_stored_logs_are_kept_apart(tmp_path):
    path = tmp_path / "notes.ipynb"
    notes = Notes(path, user="alice")
    Screening(FRAME, notes, "titles").decide(str(FRAME["id"][0]), "include")
    Screening(FRAME, notes, "full texts").decide(str(FRAME["id"][1]), "exclude")
    assert notes.screenings() == ["full texts", "titles"]
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["metadata"]["paperwidgets"]["screening"]["titles"]["bob"] = {"events": "nope"}
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert sorted(Notes(path, user="alice").screening("titles")) == ["alice"]


def test_a_file_written_by_another_process_is_merged(tmp_path):
    """Bob screens in his own kernel; Ada's kernel has never opened his file."""
    bob_path = tmp_path / "bob-notes.ipynb"
    subprocess.run(
        [sys.executable, "-c", textwrap.dedent(f"""
            from paperwidgets import Notes
            from paperwidgets.screening import Screening
            from tests.test_screening_queue import papers
            s = Screening(papers(6), Notes({str(bob_path)!r}, user="bob"), background=False)
            for _ in range(4):
                p = s.propose()
                s.decide(p.record, "maybe", proposal=p)
        """)],
        check=True, timeout=300,
    )  # fmt: skip
    ada = Screening(FRAME, Notes(tmp_path / "ada-notes.ipynb", user="ada"))
    ada.notes.merge_from(bob_path)
    assert len(ada.others()["bob"].decisions()) == 4
    ada.close()


def test_a_git_merge_of_two_branches_keeps_both_screeners_logs(tmp_path):
    """Ada and Bob screened on two branches of one notes file; the merge driver's three-way
    merge (Notes.merge_branch) holds both logs, whichever side is "ours"."""
    base = tmp_path / "base.ipynb"
    Notes(base, user="ada").set(str(FRAME["id"][0]), note="shared paper")
    ours, theirs = tmp_path / "ours.ipynb", tmp_path / "theirs.ipynb"
    for copy in (ours, theirs):
        copy.write_bytes(base.read_bytes())
    ada = Screening(FRAME, Notes(ours, user="ada"))
    bob = Screening(FRAME, Notes(theirs, user="bob"))
    run(ada, 3)
    run(bob, 2)
    ada.close()
    bob.close()
    both_ways = []
    for mine, other in ((ours, theirs), (theirs, ours)):
        merged = tmp_path / f"merged-{mine.stem}.ipynb"
        merged.write_bytes(mine.read_bytes())
        Notes(merged, user="ada").merge_branch(other, base, "other branch")
        both_ways.append(on_disk(merged))
    assert both_ways[0] == both_ways[1]
    assert {p: len(log["events"]) for p, log in both_ways[0].items()} == {"ada": 3, "bob": 2}
