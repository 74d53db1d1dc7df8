"""Every corpus a user is handed has its widgets (front.py); the widgets need only the data."""

from __future__ import annotations

import json

import paperwidgets as pw
from paperwidgets import corpus as data
from paperwidgets.widgets.map import Map
from paperwidgets.widgets.reader import Reader


def test_load_and_unseen_hand_out_corpora_with_widgets(daily_papers_path, tmp_path):
    corpus = pw.load(daily_papers_path)
    notes = pw.Notes(tmp_path / "notes.ipynb")
    notes.set(corpus.paper(0), status="read")
    new = corpus.unseen(notes)
    assert isinstance(new, pw.Corpus) and len(new) == len(corpus) - 1
    reader = new.reader(notes=notes)
    assert reader.current["id"] == corpus.papers["id"][1]
    assert corpus.card(2).paper["id"] == corpus.papers["id"][2]


def test_the_snapshot_loader_hands_out_a_corpus_with_widgets(tmp_path):
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    lines = [
        {"id": f"2401.{n:05d}", "title": f"Paper {n}", "abstract": "On retrieval.",
         "categories": "cs.IR", "versions": []}
        for n in range(5)
    ]  # fmt: skip
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    corpus = pw.load_arxiv_snapshot(path, limit=3)
    assert isinstance(corpus, pw.Corpus)
    assert corpus.reader().current["id"] == "arxiv:2401.00000"


def test_a_widget_takes_a_data_corpus_without_the_front(daily_papers_path):
    plain = data.Corpus(pw.load(daily_papers_path).papers)
    assert not isinstance(plain, pw.Corpus)
    assert Reader(plain).current["id"] == plain.papers["id"][0]
    assert Map(plain).count == len(plain)


def test_the_user_facing_corpus_shares_the_data_corpus_it_wraps(daily_papers_path):
    plain = data.load(daily_papers_path)
    facing = pw.Corpus.of(plain)
    assert facing.papers is plain.papers
    assert facing.position(plain.papers["title"][3]) == 3
    assert pw.Corpus.of(facing) is facing
