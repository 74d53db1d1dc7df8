"""The Reader's kernel side: paging, filters, saves, the notes mirror — without a browser."""

from __future__ import annotations

import re

import pytest

import paperwidgets as pw

LIVE_TAG = re.compile(r"<\s*(script|img|svg|iframe|style|details)", re.I)


@pytest.fixture
def corpus(daily_papers_path):
    return pw.load(daily_papers_path)


@pytest.fixture
def reader(corpus, tmp_path):
    return corpus.reader(notes=tmp_path / "notes.ipynb")


def ask(widget, command, **msg):
    answer, buffers = getattr(widget, command)(msg, [])
    assert buffers == []
    return answer


def test_starts_on_the_first_paper_with_progress(reader, corpus):
    assert reader.current["title"] == corpus.papers["title"][0]
    assert reader.progress == {"annotated": 0, "total": 101}
    assert reader.annotation == {}


def test_pages_hold_only_small_rows(reader):
    first = ask(reader, "page", offset=0, limit=50)
    assert first["total"] == 101 and len(first["rows"]) == 50
    assert set(first["rows"][0]) == {
        "id", "title", "status", "rating", "tags", "annotated", "conflicts"
    }  # fmt: skip
    last = ask(reader, "page", offset=100, limit=50)
    assert [r["title"] for r in last["rows"]] == [
        "CLIP-ReIdent: Contrastive Training for Player Re-Identification"
    ]


def test_search_ranks_with_the_engine_title_words_first(reader, corpus):
    answer = ask(reader, "page", query="quantization vision")
    titles = [r["title"] for r in answer["rows"]]
    assert 0 < answer["total"] < 101
    assert "Quant" in titles[0] and "Vision" in titles[0]
    engine = corpus.search("quantization vision", k=5)
    assert [r["id"] for r in answer["rows"][:5]] == list(engine["id"])
    relevance = [r["relevance"] for r in answer["rows"]]
    assert relevance == sorted(relevance, reverse=True) and relevance[0] > 0
    for r in answer["rows"]:  # every hit has a query word in its text
        text = (r["title"] + corpus.paper(r["id"])["abstract"]).lower()
        assert "quantization" in text or "vision" in text


def test_search_finds_your_notes_tags_and_highlight_comments(reader, corpus):
    ids = list(corpus.papers["id"])
    ask(reader, "save", paper_id=ids[40], fields={"note": "reminds me of zebrafish work"})
    ask(reader, "save", paper_id=ids[41], fields={"tags": ["zebrafish"]})
    hl = [{"quote": corpus.paper(ids[42])["abstract"][:20], "comment": "zebrafish again"}]
    ask(reader, "save", paper_id=ids[42], fields={"highlights": hl})
    answer = ask(reader, "page", query="zebrafish")
    assert sorted(r["id"] for r in answer["rows"]) == sorted(ids[40:43])
    assert all(r["in_notes"] for r in answer["rows"])
    # a note word lifts a paper above papers that only mention the query in their text
    ask(reader, "save", paper_id=ids[90], fields={"note": "quantization done right"})
    assert ask(reader, "page", query="quantization")["rows"][0]["id"] == ids[90]


def test_a_filter_that_drops_the_current_paper_shows_the_first_match(reader, corpus):
    ids = list(corpus.papers["id"])
    ask(reader, "save", paper_id=ids[5], fields={"status": "reading"})
    assert reader.current_id == ids[0]
    answer = ask(reader, "page", status="reading", follow=True)
    assert [r["id"] for r in answer["rows"]] == [ids[5]]
    assert reader.current_id == ids[5] and answer["current_at"] == 0
    # without follow (a refresh after a save) the card stays, and says it no longer matches
    ask(reader, "save", paper_id=ids[5], fields={"status": "read"})
    answer = ask(reader, "page", status="reading")
    assert answer["total"] == 0 and answer["current_at"] == -1 and reader.current_id == ids[5]


def test_not_yet_annotated_drops_a_paper_once_you_rate_it(reader, corpus):
    ids = list(corpus.papers["id"])
    assert ask(reader, "page", unannotated=True)["current_at"] == 0
    ask(reader, "save", paper_id=ids[0], fields={"rating": 3})
    answer = ask(reader, "page", unannotated=True)
    assert answer["total"] == 100 and answer["rows"][0]["id"] == ids[1]
    assert answer["current_at"] == -1


def test_back_and_forward_through_visited_papers(reader, corpus):
    ids = list(corpus.papers["id"])
    assert reader.history == {"back": False, "forward": False}
    reader.current_id = ids[1]
    neighbour = ask(reader, "page")["rows"][30]["id"]
    reader.current_id = neighbour  # a jump, e.g. to a similar paper
    assert ask(reader, "go", to="back")["id"] == ids[1]
    assert reader.history == {"back": True, "forward": True}
    assert ask(reader, "go", to="back")["id"] == ids[0]
    assert ask(reader, "go", to="back")["moved"] is False
    assert ask(reader, "go", to="forward")["id"] == ids[1]
    reader.current_id = ids[9]  # a new visit drops the way forward
    assert reader.history == {"back": True, "forward": False}
    assert ask(reader, "go", to="back")["id"] == ids[1]


def test_annotated_papers_are_marked_in_neighbour_lists_and_on_the_map(reader, corpus):
    import time

    deadline = time.monotonic() + 30
    while not reader.neighbours and time.monotonic() < deadline:
        time.sleep(0.05)
    first = reader.neighbours[0]["id"]
    assert reader.neighbours[0]["annotated"] is False
    ask(reader, "save", paper_id=first, fields={"rating": 5})
    assert reader.neighbours[0]["annotated"] is True
    ask(reader, "open_map")
    assert reader.annotated_positions == [corpus.position(first)]


def test_map_tab_lasso_tags_and_sets_status(reader, corpus, tmp_path):
    ask(reader, "open_map")
    assert ask(reader, "apply", positions=[3, 4], tag="maybe")["count"] == 2
    ask(reader, "apply", positions=[4], status="read")
    notes = pw.Notes(tmp_path / "notes.ipynb")
    assert notes.get(corpus.papers["id"][4]).tags == ["maybe"]
    assert notes.get(corpus.papers["id"][4]).status == "read"
    assert reader.tags_in_use == ["maybe"] and reader.annotated_positions == [3, 4]
    reader.colour_by = "status"
    assert reader.legend[0]["label"] == "unread" and reader.values[4] == 2
    assert ask(reader, "page", tag="maybe")["total"] == 2


def test_save_writes_the_notes_file_and_updates_progress(reader, tmp_path):
    pid = reader.current_id
    answer = ask(reader, "save", paper_id=pid, fields={"note": "Read *this*", "rating": 4})
    assert answer["annotation"]["note"] == "Read *this*"
    assert answer["marks"]["rating"] == 4
    on_disk = pw.Notes(tmp_path / "notes.ipynb").get(pid)
    assert (on_disk.note, on_disk.rating) == ("Read *this*", 4)
    assert reader.progress["annotated"] == 1
    reader.wait()  # recommendations are looked up on the Reader's worker thread
    assert reader.recommended and pid not in [r["id"] for r in reader.recommended]


def test_bad_saves_answer_with_an_error_and_write_nothing(reader, tmp_path):
    assert "error" in ask(reader, "save", paper_id="nope", fields={"note": "x"})
    assert (
        "rating" in ask(reader, "save", paper_id=reader.current_id, fields={"rating": 9})["error"]
    )
    assert "error" in ask(reader, "save", paper_id=reader.current_id, fields={"evil": 1})
    assert len(pw.Notes(tmp_path / "notes.ipynb")) == 0


def test_filters_by_status_tag_rating_and_unannotated(reader, corpus):
    ids = list(corpus.papers["id"])
    ask(reader, "save", paper_id=ids[1], fields={"status": "read", "tags": ["rl"], "rating": 5})
    ask(reader, "save", paper_id=ids[2], fields={"status": "skipped", "rating": 2})
    assert [r["id"] for r in ask(reader, "page", status="read")["rows"]] == [ids[1]]
    assert [r["id"] for r in ask(reader, "page", tag="rl")["rows"]] == [ids[1]]
    assert [r["id"] for r in ask(reader, "page", min_rating=4)["rows"]] == [ids[1]]
    assert ask(reader, "page", unannotated=True)["total"] == 99
    assert ask(reader, "page", status="unread")["total"] == 99
    assert reader.tags_in_use == ["rl"]


def test_moving_shows_the_paper_and_its_annotation(reader, corpus):
    pid = corpus.papers["id"][7]
    ask(reader, "save", paper_id=pid, fields={"tags": ["later"]})
    reader.current_id = pid
    assert reader.current["id"] == pid
    assert reader.annotation["tags"] == ["later"]


def test_notes_come_back_when_the_reader_is_made_again(corpus, tmp_path):
    path = tmp_path / "notes.ipynb"
    first = corpus.reader(notes=path)
    ask(first, "save", paper_id=first.current_id, fields={"note": "kept", "status": "read"})
    again = corpus.reader(notes=path)
    assert again.annotation["note"] == "kept"
    assert again.progress["annotated"] == 1


def test_card_with_notes_saves_only_its_paper(corpus, tmp_path):
    card = corpus.card(3, notes=tmp_path / "notes.ipynb")
    assert card.annotating
    assert "error" in ask(card, "save", paper_id=corpus.papers["id"][4], fields={"note": "x"})
    ask(card, "save", paper_id=card.paper["id"], fields={"highlights": [{"quote": "open recipes"}]})
    assert (
        pw.Notes(tmp_path / "notes.ipynb").get(card.paper["id"]).highlights[0]["quote"]
        == "open recipes"
    )


def test_static_fallbacks_are_escaped(corpus, tmp_path, xss_payloads):
    reader = corpus.reader()
    assert "0 / 101 papers annotated" in reader.static_html()
    neighbours = pw.Neighbours(corpus, 0, k=3)
    assert len(neighbours.items) == 3
    assert corpus.papers["title"][0] in neighbours.static_html()


def test_map_view_lays_out_the_corpus_and_opens_a_point(reader, corpus):
    assert reader.xy == b""  # nothing is laid out until the Map view is shown
    answer = ask(reader, "open_map")
    assert answer == {"count": 101}
    assert len(reader.xy) == 101 * 2 * 4  # float32 x, y per paper
    assert len(reader.values) == 101 and reader.labels
    assert ask(reader, "titles", positions=[5])["titles"] == {"5": corpus.papers["title"][5]}
    assert ask(reader, "open_position", position=5)["id"] == corpus.papers["id"][5]
    assert reader.current["title"] == corpus.papers["title"][5]
    assert reader.current_position == 5
    assert "error" in ask(reader, "open_position", position=999)
