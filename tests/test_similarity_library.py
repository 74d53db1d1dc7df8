"""Neighbours in a background library: another corpus's papers most like one of today's."""

from __future__ import annotations

import json
import time

import pytest
from test_similarity import ASTRO, LEARNING, corpus_of, words

import paperwidgets
from paperwidgets import Corpus
from paperwidgets.format import paper_links
from paperwidgets.similarity.engine import RESULT_COLUMNS, TOPIC


@pytest.fixture(scope="module")
def split(daily_papers_path) -> tuple[Corpus, Corpus]:
    """Today's listing (papers 0-59) and a library (papers 50-100): ten papers in both."""
    papers = paperwidgets.load(daily_papers_path).papers
    today = Corpus(papers.iloc[:60].reset_index(drop=True))
    library = Corpus(papers.iloc[50:].reset_index(drop=True))
    return today, library


def test_among_returns_only_library_papers_never_the_paper_itself(split):
    today, library = split
    in_library = set(library.papers["id"])
    for position in range(len(today)):
        found = today.neighbours(position, k=10, among=library)
        assert list(found.columns) == RESULT_COLUMNS
        assert len(found) == 10
        assert set(found["id"]) <= in_library
        assert today.papers["id"][position] not in set(found["id"])
        assert found["score"].is_monotonic_decreasing


def test_among_why_terms_occur_in_both_texts(split):
    today, library = split
    texts = {r.id: words(f"{r.title} {r.abstract}") for r in library.papers.itertuples()}
    for row in today.papers.itertuples():
        own = words(f"{row.title} {row.abstract}")
        for neighbour in today.neighbours(row.id, among=library).itertuples():
            assert neighbour.why
            for term in neighbour.why:
                assert not term.startswith(TOPIC), "the default space always shares terms"
                assert f" {term} " in own and f" {term} " in texts[neighbour.id]


def test_a_paper_finds_its_own_topic_in_the_library():
    library = corpus_of(ASTRO[1:] + LEARNING[1:])
    today = corpus_of([ASTRO[0], LEARNING[0]])
    astro = {title for title, _ in ASTRO}
    assert set(today.neighbours(0, k=2, among=library)["title"]) <= astro
    assert today.neighbours(1, k=1, among=library)["title"][0] not in astro


def test_among_scores_match_the_librarys_own_neighbours(split):
    today, library = split
    shared = today.papers["id"][55]  # in both corpora
    inside = library.neighbours(shared, k=5)
    outside = today.neighbours(shared, k=5, among=library)
    assert outside["id"].tolist() == inside["id"].tolist()
    assert outside["why"].tolist() == inside["why"].tolist()


def wait_for(read, seconds: float = 30.0):
    """The value of `read()` once it is non-empty (the Reader finds neighbours in a thread)."""
    deadline = time.monotonic() + seconds
    while not read() and time.monotonic() < deadline:
        time.sleep(0.05)
    return read()


def test_the_reader_shows_similar_papers_in_your_library(split, tmp_path):
    today, library = split
    reader = today.reader(notes=tmp_path / "notes.ipynb", library=library)
    for paper in (today.papers["id"][3], today.papers["id"][55]):
        reader.current_id = paper
        shown = wait_for(lambda: reader.library_neighbours)
        expected = today.neighbours(paper, k=reader.k, among=library)
        assert [n["id"] for n in shown] == list(expected["id"])
        assert paper not in {n["id"] for n in shown}
        assert all(n["why"] for n in shown)
        cards = [paper_links(library.paper(n["id"]))[0][1] for n in shown]  # a card's first link
        assert [n["url"] for n in shown] == cards and all(cards)
    assert "Similar in your library" in reader._esm


def test_a_reader_without_a_library_shows_none(split, tmp_path):
    today, _ = split
    reader = today.reader(notes=tmp_path / "notes.ipynb")
    assert wait_for(lambda: reader.neighbours)
    assert reader.library_neighbours == []


def test_a_library_paper_without_a_url_opens_the_link_its_card_offers(tmp_path):
    """A JSON-lines or BibTeX library often has no url: the panel links arXiv or a search."""
    listing = tmp_path / "library.jsonl"
    rows = [{"id": "2501.00001", "title": ASTRO[1][0], "abstract": ASTRO[1][1]}]
    rows += [{"title": title, "abstract": abstract} for title, abstract in ASTRO[2:]]
    listing.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    library = paperwidgets.load(listing)
    assert set(library.papers["url"]) == {""}
    today = Corpus(corpus_of([ASTRO[0]]).papers)
    reader = today.reader(notes=tmp_path / "notes.ipynb", library=library)
    shown = {n["id"]: n["url"] for n in wait_for(lambda: reader.library_neighbours)}
    assert shown["arxiv:2501.00001"] == "https://arxiv.org/abs/2501.00001"
    search = {url for pid, url in shown.items() if pid.startswith("title:")}
    assert search and all(u.startswith("https://arxiv.org/search/?query=") for u in search)


def test_library_papers_in_your_notes_are_marked_as_annotated(split, tmp_path):
    today, library = split
    shared = today.papers["id"][55]  # in both corpora
    reader = today.reader(notes=tmp_path / "notes.ipynb", library=library)
    reader.current_id = today.papers["id"][56]
    shown = wait_for(lambda: reader.library_neighbours)
    assert shared in {n["id"] for n in shown} and not any(n["annotated"] for n in shown)
    reader.notes.set(today.paper(55), rating=5)  # as a widget or a later cell would
    marked = wait_for(lambda: [n["id"] for n in reader.library_neighbours if n["annotated"]])
    assert marked == [shared]
    assert [n["id"] for n in reader.library_neighbours] == [n["id"] for n in shown]
