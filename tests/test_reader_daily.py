"""The Reader as a daily tool, kernel side: undo, lasso batches, the place kept between runs,
folded search, recommendations, progress without widgets (issue 26)."""

from __future__ import annotations

import json

import pytest

import paperwidgets as pw
from paperwidgets.notes import team
from paperwidgets.progress import OutputLine
from paperwidgets.widgets import reader_state
from paperwidgets.widgets.paper_list import fold


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERWIDGETS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("JPY_SESSION_NAME", "triage.ipynb")
    return tmp_path / "cache"


@pytest.fixture
def corpus(daily_papers_path):
    return pw.load(daily_papers_path)


@pytest.fixture
def notes_path(tmp_path):
    return tmp_path / "notes.ipynb"


def ask(widget, command, **msg):
    answer, buffers = getattr(widget, command)(msg, [])
    assert buffers == []
    return answer


def on_disk(path):
    return {a.id: a for a in pw.Notes(path, read_only=True)}


def test_undo_puts_back_each_kind_of_edit(corpus, notes_path):
    reader = corpus.reader(notes=notes_path)
    pid = reader.current_id
    ask(reader, "save", paper_id=pid, fields={"rating": 4})
    ask(reader, "save", paper_id=pid, ops={"add_tags": ["vla"]})
    for text in ("S", "Stro", "Strong"):  # typing: three saves, one step
        ask(reader, "save", paper_id=pid, fields={"note": text})
    ask(reader, "save", paper_id=pid, fields={"rating": 2})
    assert ask(reader, "undo")["undone"].startswith("the rating of")
    assert on_disk(notes_path)[pid].rating == 4
    assert "note" in ask(reader, "undo")["undone"]
    assert on_disk(notes_path)[pid].note == ""
    ask(reader, "undo")
    assert on_disk(notes_path)[pid].tags == []
    ask(reader, "undo")  # the paper had no annotation before its first edit: none again
    assert pid not in on_disk(notes_path)
    assert ask(reader, "undo") == {"undone": "", "ids": []}
    assert reader.progress["annotated"] == 0


def test_undo_of_a_tag_keeps_what_another_writer_added(corpus, notes_path):
    reader = corpus.reader(notes=notes_path)
    pid = reader.current_id
    ask(reader, "save", paper_id=pid, ops={"add_tags": ["mine"]})
    pw.Notes(notes_path).set(pid, add_tags=["theirs"])  # a colleague's widget, the same file
    ask(reader, "undo")
    assert on_disk(notes_path)[pid].tags == ["theirs"]


def test_a_highlight_comment_undoes_to_the_comment_before(corpus, notes_path):
    reader = corpus.reader(notes=notes_path)
    pid = reader.current_id
    hl = {"quote": corpus.paper(pid)["abstract"][:30], "start": 0, "end": 30, "comment": ""}
    ask(reader, "save", paper_id=pid, ops={"add_highlights": [hl]})
    ask(reader, "save", paper_id=pid, fields={"status": "read"})
    for text in ("key", "key idea"):
        ask(reader, "save", paper_id=pid, ops={"add_highlights": [{**hl, "comment": text}]})
    ask(reader, "undo")
    assert [h["comment"] for h in on_disk(notes_path)[pid].highlights] == [""]


def test_undo_of_clear_puts_back_your_values_tags_and_highlights(corpus, notes_path):
    reader = corpus.reader(notes=notes_path)
    pid = reader.current_id
    hl = {"quote": corpus.paper(pid)["abstract"][:30], "start": 0, "end": 30, "comment": "key"}
    ask(reader, "save", paper_id=pid, fields={"rating": 4, "status": "reading", "note": "mine"})
    ask(reader, "save", paper_id=pid, ops={"add_tags": ["vla", "games"], "add_highlights": [hl]})
    ask(reader, "save", paper_id=pid, fields={"note": "mine, typed on"})  # then Clear at once
    ask(reader, "save", paper_id=pid, ops={"clear": ["all"]})  # what the Clear button sends
    assert pid not in on_disk(notes_path) and reader.progress["annotated"] == 0
    assert ask(reader, "undo")["undone"].startswith("Clear of")
    back = on_disk(notes_path)[pid]
    assert (back.rating, back.status, back.note) == (4, "reading", "mine, typed on")
    assert back.tags == ["vla", "games"] and back.highlights == [hl]
    assert reader.progress["annotated"] == 1
    assert "note" in ask(reader, "undo")["undone"]  # the steps before Clear are still there
    assert on_disk(notes_path)[pid].note == "mine"


def disagreeing(corpus, tmp_path, notes_path):
    """My ★5 on the first paper; merged, Bob's ★2 and a later ★3 of mine from his file (set
    aside for me): a rating disagreement of three values."""
    paper = corpus.paper(corpus.papers["id"][0])
    mine = pw.Notes(notes_path)
    mine.set(paper, rating=5, add_tags=["vla"])
    theirs = tmp_path / "bob.ipynb"
    pw.Notes(theirs, user="Bob").set(paper, rating=2)
    pw.Notes(theirs, user="Ada").set(paper, rating=3)
    mine.merge_from(theirs)
    return paper["id"], mine


def disagreement_of(annotation):
    keep = ("rating", "tags", "conflicts", "resolved")
    return {name: getattr(annotation, name) for name in keep}, team.disagreements(annotation)


def test_undo_of_a_resolve_and_of_clear_reopen_the_disagreement_as_it_was(
    corpus, tmp_path, notes_path
):
    pid, mine = disagreeing(corpus, tmp_path, notes_path)
    before = disagreement_of(mine.get(pid))
    values = before[1][0]["values"]  # mine, my other copy set aside, Bob's
    assert sorted(v["value"] for v in values) == [2, 3, 5] and any(v["set_aside"] for v in values)
    reader = corpus.reader(notes=mine)
    ask(reader, "save", paper_id=pid, fields={"rating": 2}, ops={"resolve": ["rating"]})
    settled = on_disk(notes_path)[pid]
    assert settled.rating == 2 and team.disagreements(settled) == [] and settled.resolved
    assert "pick in the rating disagreement" in ask(reader, "undo")["undone"]
    assert disagreement_of(on_disk(notes_path)[pid]) == before
    ask(reader, "save", paper_id=pid, ops={"clear": ["all"]})  # Bob's ★2 stays; mine go
    cleared = on_disk(notes_path)[pid]
    assert cleared.rating is None and cleared.tags == [] and cleared.others["Bob"].rating == 2
    assert not [c for c in cleared.conflicts if c["by"] == "Ada"]
    ask(reader, "undo")
    assert disagreement_of(on_disk(notes_path)[pid]) == before


def test_an_undo_edit_cannot_plant_values_of_another_field(notes_path):
    notes = pw.Notes(notes_path)
    wrong = {"field": "rating", "conflicts": [{"field": "status", "value": "read", "by": "X"}]}
    with pytest.raises(ValueError, match="another field"):
        notes.set_many([("a:1", {"rating": 3, "reopen": [wrong]})])
    with pytest.raises(ValueError, match="reopen is a list"):
        notes.set("a:1", reopen=[{"field": "tags"}])
    assert len(notes) == 0


def test_a_lasso_tags_2000_papers_in_one_write_and_one_undo(notes_path, monkeypatch):
    from paperwidgets.notes.live import LiveFile

    papers = [
        {"id": f"p:{i}", "title": f"Paper {i}", "abstract": f"on {i % 7}"} for i in range(2000)
    ]
    corpus = pw.load(__import__("pandas").DataFrame(papers))
    the_map = corpus.reader(notes=notes_path)  # the Reader's Map tab: the Map's own commands
    writes = []
    save = LiveFile.save
    monkeypatch.setattr(
        LiveFile, "save", lambda self, *a, **k: (writes.append(1), save(self, *a, **k))
    )
    pw.Notes(notes_path).set("p:7", tags=["old"], rating=5)
    writes.clear()
    answer = ask(the_map, "apply", positions=list(range(2000)), tag="batch")
    assert answer == {"count": 2000} and len(writes) == 1
    assert all("batch" in a.tags for a in on_disk(notes_path).values())
    assert "untag" not in ask(the_map, "undo")["undone"]
    kept = on_disk(notes_path)
    assert list(kept) == ["p:7"] and kept["p:7"].tags == ["old"] and kept["p:7"].rating == 5
    ask(the_map, "apply", positions=[7, 8], tag="old", untag=True)  # untag what the lasso holds
    assert on_disk(notes_path)["p:7"].tags == []


def test_set_many_checks_every_edit_before_writing_any(notes_path):
    notes = pw.Notes(notes_path)
    with pytest.raises(ValueError):
        notes.set_many([("a:1", {"rating": 3}), ("a:2", {"rating": 9})])
    assert len(notes) == 0
    notes.set_many([("a:1", {"rating": 3, "add_tags": ["x"]}), ("a:2", {"status": "read"})])
    notes.set_many([("a:1", None)])
    assert [a.id for a in notes] == ["a:2"]


def test_the_reader_opens_where_you_left_off(corpus, notes_path, cache):
    reader = corpus.reader(notes=notes_path)
    target = corpus.papers["id"][17]
    reader.current_id = target
    filters = {"query": "vision", "unannotated": True, "min_rating": None}
    ask(reader, "remember", view="map", filters=filters)
    again = corpus.reader(notes=notes_path)
    assert again.current_id == target
    assert again.view_state == {"view": "map", "filters": filters}
    assert pw.Reader(corpus, notes=notes_path, start=0).current_id == corpus.papers["id"][0]
    # another notebook on the same notes file starts afresh
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JPY_SESSION_NAME", "other.ipynb")
        assert corpus.reader(notes=notes_path).current_id == corpus.papers["id"][0]


def test_a_planted_place_file_is_ignored(corpus, notes_path):
    place = reader_state.state_file(notes_path.absolute())
    place.parent.mkdir(parents=True)
    hostile = {"current_id": 5, "view": "<script>", "filters": {"query": ["x"], "evil": 1}}
    place.write_text(json.dumps(hostile))
    reader = corpus.reader(notes=notes_path)
    assert reader.current_id == corpus.papers["id"][0]
    assert reader.view_state == {"filters": {}}
    place.write_text("x" * (reader_state.MAX_BYTES + 1))
    assert reader_state.load(place) == {}


def test_remember_updates_the_saved_static_card(corpus, notes_path):
    reader = corpus.reader(notes=notes_path)
    updates = []

    class Handle:
        def update(self, data, **kw):
            updates.append(data)

    reader._shown = [Handle()]
    reader.current_id = corpus.papers["id"][3]
    ask(reader, "save", paper_id=reader.current_id, fields={"rating": 5})
    ask(reader, "remember", view="list", filters={})
    card = updates[-1]["application/vnd.paperwidgets.card+json"]
    assert card["paper"]["id"] == corpus.papers["id"][3]
    assert card["caption"] == "paperwidgets Reader: 1 / 101 annotated"
    assert corpus.papers["title"][3] in updates[-1]["text/html"]


def test_search_folds_case_and_accents_and_finds_half_typed_words(tmp_path):
    titles = ["TÜLU 3: Pushing Frontiers", "Tulu for all", "Diffusion Models", "Other"]
    papers = [{"id": f"p:{i}", "title": t, "abstract": "words here"} for i, t in enumerate(titles)]
    corpus = pw.load(__import__("pandas").DataFrame(papers))
    reader = corpus.reader()
    found = ask(reader, "page", query="tulu")
    assert sorted(r["title"] for r in found["rows"]) == sorted(titles[:2])
    assert [r["title"] for r in ask(reader, "page", query="DIFFUS")["rows"]] == [titles[2]]
    assert fold("Ünïcödé ﬁne") == "unicode fine"


def test_recommended_never_offers_the_current_or_a_rated_paper(corpus, notes_path):
    reader = corpus.reader(notes=notes_path)
    ids = list(corpus.papers["id"])
    ask(reader, "save", paper_id=ids[0], fields={"rating": 5})
    ask(reader, "save", paper_id=ids[1], fields={"status": "reading"})
    reader.wait()
    offered = [r["id"] for r in reader.recommended]
    assert offered and not {ids[0], ids[1]} & set(offered)
    reader.current_id = offered[0]
    assert offered[0] not in [r["id"] for r in reader.recommended]
    assert len(reader.recommended) == reader.k
    # the same rule as For you: a paper marked read without a rating counts as liked
    only_read = corpus.reader(notes=notes_path.with_name("read.ipynb"))
    ask(only_read, "save", paper_id=ids[5], fields={"status": "read"})
    only_read.wait()
    assert only_read.recommended


def test_progress_in_a_kernel_is_a_text_line_emptied_at_the_end(monkeypatch):
    shown = []

    class Handle:
        def update(self, data, **kw):
            shown.append(data["text/plain"])

    monkeypatch.setattr(
        "IPython.display.display",
        lambda data, **kw: (shown.append(data["text/plain"]), Handle())[1],
    )
    from tqdm.std import tqdm

    bar = tqdm(total=3, file=OutputLine(), ncols=80, ascii=True, leave=False, mininterval=0)
    for _ in range(3):
        bar.update(1)
    bar.close()
    assert any("3/3" in line for line in shown) and shown[-1] == ""


def test_only_the_newest_search_is_answered_and_saves_do_not_wait(corpus, notes_path):
    import threading

    reader = corpus.reader(notes=notes_path)
    sent = []
    reader.send = lambda message, buffers=None: sent.append(message)
    busy = threading.Event()
    reader._worker.executor.submit(busy.wait, 30)  # a slow search still running
    for i, query in enumerate(["t", "tu", "tulu"]):
        msg = {"kind": "pw-background", "id": f"q{i}", "name": "page", "msg": {"query": query}}
        reader._worker._on_msg(reader, msg, [])
    answer = ask(reader, "save", paper_id=reader.current_id, fields={"rating": 3})
    assert answer["marks"]["rating"] == 3  # written while the search thread is busy
    busy.set()
    reader.wait()
    by_id = {m["id"]: m["response"] for m in sent}
    assert by_id["q0"] == by_id["q1"] == {"superseded": True}
    assert [r["title"] for r in by_id["q2"]["rows"]][:1] == [
        "TÜLU 3: Pushing Frontiers in Open Language Model Post-Training"
    ]
    assert all(m["kind"] == "anywidget-command-response" for m in sent)


def test_each_view_of_a_reader_gets_its_own_newest_page(corpus, notes_path):
    """The cell's Reader and its panel beside the notebook both reload their list after an
    edit: the panel's request must not leave the cell's list unanswered (stale ratings)."""
    import threading

    reader = corpus.reader(notes=notes_path)
    sent = []
    reader.send = lambda message, buffers=None: sent.append(message)
    busy = threading.Event()
    reader._worker.executor.submit(busy.wait, 30)
    for view, number in (("cell", 0), ("panel", 1), ("cell", 2)):
        msg = {"kind": "pw-background", "id": f"p{number}", "name": "page", "view": view,
               "msg": {"offset": 0, "limit": 5}}  # fmt: skip
        reader._worker._on_msg(reader, msg, [])
    busy.set()
    reader.wait()
    by_id = {m["id"]: m["response"] for m in sent}
    assert by_id["p0"] == {"superseded": True}  # the cell's older request
    assert len(by_id["p1"]["rows"]) == len(by_id["p2"]["rows"]) == 5  # each view's newest
