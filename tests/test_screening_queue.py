"""The screening queue: learns from decisions off the main thread, logs them, replays exactly."""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from paperwidgets.corpus import load
from paperwidgets.screening import (
    AuditLog,
    Event,
    Queue,
    QueueSettings,
    ScreeningError,
    replay,
)
from paperwidgets.screening import learner as learner_module
from paperwidgets.screening.learner import permutation

TOPICS = {
    "heart": "zebrafish heart regeneration cardiomyocyte proliferation after injury",
    "soil": "soil nitrogen fertiliser crop yield field trial wheat",
    "code": "compiler optimisation register allocation static analysis program",
    "bird": "migratory songbird navigation magnetic compass flight",
}


def papers(per_topic: int = 10) -> pd.DataFrame:
    """Records in four topics (ids say which), interleaved so no topic comes first."""
    rows = []
    for i in range(per_topic):
        for topic, words in TOPICS.items():
            rows.append({"title": f"{topic} study {i}", "abstract": f"{words} variant {i}"})
    return load(pd.DataFrame(rows)).papers


FRAME = papers(5)  # 20 records for the property test


def relevant(record: str) -> bool:
    return "heart" in record


def screen(queue: Queue, decisions: int) -> list[str]:
    """Decide the queue's first proposal `decisions` times, heart records included."""
    taken = []
    for _ in range(decisions):
        proposal = queue.propose()[0]
        queue.decide(
            proposal.record,
            "include" if relevant(proposal.record) else "exclude",
            reason="" if relevant(proposal.record) else "wrong topic",
            proposal=proposal,
        )
        taken.append(proposal.record)
    return taken


def test_random_start_until_both_classes_then_the_model_ranks_alike_records_first():
    frame = papers()
    queue = Queue(frame, QueueSettings(seed=3), background=False)
    start = [frame["id"].iloc[p] for p in permutation(len(frame), 3, 0)]
    first_both = next(
        i for i in range(len(start)) if len({relevant(r) for r in start[: i + 1]}) == 2
    )
    taken = screen(queue, first_both + 1)
    assert taken == start[: first_both + 1]  # the seeded random start, record for record
    assert {e.mode for e in queue.log} == {"random"}
    rest = [p.record for p in queue.propose(k=40)]
    hearts_left = 10 - sum(map(relevant, taken))
    assert queue.propose()[0].mode == "model"
    assert all(map(relevant, rest[:hearts_left]))  # every other heart record comes first
    assert not any(map(relevant, rest[hearts_left:]))


def test_decide_and_propose_never_wait_for_a_retrain(monkeypatch):
    frame = papers()
    started, release = threading.Event(), threading.Event()
    real_scores = learner_module.scores

    def slow_scores(*args, **kwargs):
        started.set()
        assert release.wait(30)  # the retrain blocks until the test lets it go
        return real_scores(*args, **kwargs)

    monkeypatch.setattr(learner_module, "scores", slow_scores)
    queue = Queue(frame, QueueSettings(seed=1))
    try:
        screen(queue, 2)
        for _ in range(20):  # a whole screen of keys while the model is still learning
            if started.is_set():
                break
            screen(queue, 1)
        assert started.wait(30)
        screen(queue, 5)  # answered at once from the order in hand
        assert not queue.wait(timeout=0.05)  # the retrain is still running
        release.set()
        assert queue.wait(timeout=60)
        # the worker learned the newest decisions, not each one in turn
        assert queue.propose()[0].mode == "model"
        assert queue.propose()[0].trained_on == len(queue.log)
    finally:
        release.set()
        queue.close()


def test_replaying_a_log_gives_the_same_queue_record_for_record():
    frame = papers()
    queue = Queue(frame, QueueSettings(seed=7, batch=2), screener="ana")
    try:
        screen(queue, 8)
        queue.wait()  # a person reads the next abstract meanwhile
        screen(queue, 4)  # quicker than the retrains: some come from an older model
        queue.undo()
        queue.decide(frame["id"].iloc[5], "maybe")  # picked by hand, not from the queue
        queue.sampling = True
        screen(queue, 4)
        queue.undo()
        screen(queue, 2)
        queue.wait()
    finally:
        queue.close()
    log = AuditLog.from_dict(queue.log.to_dict())  # as stored and read back
    modes = {e.mode for e in log}
    assert {"random", "model", "sample", "chosen"} <= modes
    result = replay(frame, log)
    assert result.matches, result.mismatches
    checked = [e.record for e in log if e.decision != "undo" and e.mode != "chosen"]
    assert [r for r in result.offered if r is not None] == checked


def test_replay_names_the_step_where_a_log_was_altered():
    frame = papers()
    queue = Queue(frame, QueueSettings(seed=2), background=False)
    screen(queue, 15)
    data = queue.log.to_dict()
    model_steps = [e["step"] for e in data["events"] if e["mode"] == "model"]
    data["events"][model_steps[2]]["rank"] = 1  # claims the second record was shown first
    result = replay(frame, AuditLog.from_dict(data))
    assert result.mismatches == [model_steps[2]]


def test_undo_takes_back_the_last_decision_and_the_record_comes_back():
    frame = papers()
    queue = Queue(frame, background=False)
    first = queue.propose()[0]
    queue.decide(first.record, "exclude", reason="wrong topic", proposal=first)
    queue.decide(first.record, "maybe")  # changed their mind
    assert queue.log.decision(first.record).decision == "maybe"
    undo = queue.undo()
    assert undo.decision == "undo" and undo.record == first.record
    assert queue.log.decision(first.record).decision == "exclude"
    queue.undo()
    assert queue.log.decision(first.record) is None
    assert queue.remaining == len(frame)
    assert queue.propose()[0].record == first.record
    assert queue.undo() is None
    assert [e.decision for e in queue.log] == ["exclude", "maybe", "undo", "undo"]  # all kept


def test_an_undone_record_comes_back_first_whatever_the_model_learned_and_replays():
    frame = papers()
    queue = Queue(frame, background=False)
    screen(queue, 8)  # both classes: the model's order now
    last = queue.propose(queue.remaining)[-1]  # far down the model's order
    queue.decide(last.record, "exclude", reason="wrong topic", note="checked the methods")
    queue.undo()
    assert queue.propose(2)[0].record == last.record
    assert queue.log.undone(last.record).note == "checked the methods"
    shown = queue.propose()[0]
    queue.decide(shown.record, "include", proposal=shown)  # decided again: first no more
    assert queue.log.undone(last.record) is None and queue.propose()[0].record != last.record
    assert replay(frame, queue.log).matches


def test_bad_decisions_and_logs_are_clear_errors():
    queue = Queue(papers(), background=False)
    with pytest.raises(ScreeningError, match="no record 'nope'"):
        queue.decide("nope", "include")
    with pytest.raises(ScreeningError, match="'yes' is not one of include, exclude, maybe"):
        queue.decide(queue.propose()[0].record, "yes")
    with pytest.raises(ScreeningError, match="only an exclusion has a reason"):
        queue.decide(queue.propose()[0].record, "include", reason="off topic")
    with pytest.raises(ScreeningError, match="log entry 1: step is not a whole number"):
        AuditLog.from_dict(
            {
                "events": [
                    {"record": "a", "decision": "include"},
                    {"record": "b", "decision": "exclude", "step": "x"},
                ]
            }
        )
    with pytest.raises(ScreeningError, match="log entry 0: record 'a' has no decision to undo"):
        AuditLog.from_dict({"events": [{"record": "a", "decision": "undo"}]})
    with pytest.raises(ScreeningError, match="not a screening log"):
        AuditLog.from_dict({"events": "all of them"})


def test_a_queue_resumes_from_its_log():
    frame = papers()
    first = Queue(frame, QueueSettings(seed=4), background=False)
    screen(first, 10)
    resumed = Queue(frame, QueueSettings(seed=4), log=AuditLog.from_dict(first.log.to_dict()),
                    background=False)  # fmt: skip
    assert resumed.remaining == first.remaining
    assert resumed.propose(k=5) == first.propose(k=5)


def test_events_carry_time_screener_rank_and_settings():
    queue = Queue(papers(), QueueSettings(seed=5, c=0.5), screener="bo", background=False)
    screen(queue, 3)
    event: Event = queue.log.events[-1]
    assert event.screener == "bo" and event.time.endswith("+00:00") and event.rank == 0
    assert queue.log.settings[event.settings]["c"] == 0.5
    assert np.all([e.step == i for i, e in enumerate(queue.log)])


def test_replay_refuses_settings_that_were_changed_or_are_missing():
    frame = papers()
    queue = Queue(frame, QueueSettings(seed=2), background=False)
    screen(queue, 6)
    data = queue.log.to_dict()
    digest = next(iter(data["settings"]))
    data["settings"][digest]["seed"] = 3  # another seed would give another queue
    with pytest.raises(ScreeningError, match="were changed after logging"):
        replay(frame, AuditLog.from_dict(data))
    data["events"][0]["settings"] = ""  # an event that names no settings
    data["settings"][digest]["seed"] = 2
    with pytest.raises(ScreeningError, match="keeps no queue settings ''"):
        replay(frame, AuditLog.from_dict(data))


@settings(max_examples=25, deadline=None)
@given(
    actions=st.lists(
        st.sampled_from(["next", "next", "next", "undo", "pick", "sample", "model", "maybe"]),
        min_size=1,
        max_size=40,
    ),
    seed=st.integers(0, 3),
    batch=st.integers(1, 3),
)
# a record undone, then decided again: the live queue learned it last, the replay in its
# first place (the model now learns in record order)
@example(actions=["next", "next", "undo", "pick", *["next"] * 10], seed=0, batch=1)
def test_any_screening_session_replays_exactly(actions, seed, batch):
    frame = FRAME
    queue = Queue(frame, QueueSettings(seed=seed, batch=batch), background=False)
    for at, action in enumerate(actions):
        if not queue.remaining and action != "undo":
            continue
        if action == "undo":
            queue.undo()
        elif action in ("sample", "model"):
            queue.sampling = action == "sample"
        elif action == "pick":  # a record the screener chose: the last one left in the order
            record = queue.propose(k=len(frame))[-1].record
            queue.decide(record, "include" if relevant(record) else "exclude")
        else:
            shown = queue.propose(k=2)[-1 if action == "maybe" and at % 2 else 0]
            decision = "maybe" if action == "maybe" else (
                "include" if relevant(shown.record) else "exclude")  # fmt: skip
            queue.decide(shown.record, decision, proposal=shown)
    assert replay(frame, AuditLog.from_dict(queue.log.to_dict())).matches
