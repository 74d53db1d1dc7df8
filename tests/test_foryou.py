"""For you (``corpus.recommend(notes=…)``) and new to me (``corpus.unseen(notes)``).

Today's corpus is the Daily Papers of 2025-03-17; "earlier days" are the papers of 2024-06-14
and the arXiv search fixtures, rated in a notes file and absent from today's corpus.
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import numpy as np
import pytest

import paperwidgets as pw
from paperwidgets import foryou
from paperwidgets.feeds import cache
from paperwidgets.similarity.engine import paper_texts

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def today():
    return pw.load(FIXTURES / "hf-json" / "daily_papers_2025-03-17.json")


@pytest.fixture(scope="module")
def earlier():
    return pw.load(FIXTURES / "hf-json" / "daily_papers_2024-06-14.json")


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERWIDGETS_CACHE", str(tmp_path / "cache"))


def test_a_liked_paper_of_an_earlier_day_ranks_todays_papers_like_it(today, earlier, tmp_path):
    liked = earlier.paper(3)
    notes = pw.Notes(tmp_path / "notes.ipynb")
    notes.set(liked, rating=5)
    assert (
        pw.Notes(tmp_path / "notes.ipynb").get(liked["id"]).paper["abstract"] == liked["abstract"]
    )
    ranked = today.recommend(notes=tmp_path / "notes.ipynb", k=12)
    closest = today.search(f"{liked['title']}. {liked['abstract']}", k=1)
    assert ranked["id"].iloc[0] == closest["id"].iloc[0]
    why = ranked["why"].iloc[0][0]
    assert why.startswith(f"like “{liked['title']}” (★5): shared terms ")
    assert len(ranked) == 12 and liked["id"] not in set(today.papers["id"])


def test_judged_papers_of_this_corpus_are_not_recommended(today, tmp_path):
    notes = pw.Notes(tmp_path / "notes.ipynb")
    notes.set(today.paper(0), rating=4)
    notes.set(today.paper(1), status="read")
    notes.set(today.paper(2), status="skipped")
    ranked = today.recommend(notes=notes, k=20)
    assert not {today.paper(i)["id"] for i in range(3)} & set(ranked["id"])
    assert len(ranked) == len(today) - 3


@pytest.fixture(scope="module")
def library():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pw.load(FIXTURES / "bibtex" / "bbt-mendeley-export.bib")  # 508 real papers


def ranks(corpus, notes) -> dict[str, int]:
    return {pid: i for i, pid in enumerate(corpus.recommend(notes=notes, k=len(corpus))["id"])}


@pytest.mark.parametrize(("liked", "disliked"), [(10, 200), (0, 5), (100, 400)])
def test_a_disliked_paper_pushes_its_neighbours_down(library, tmp_path, liked, disliked):
    plain = pw.Notes(tmp_path / "plain.ipynb")
    plain.set(library.paper(liked), rating=5)
    judged = pw.Notes(tmp_path / "judged.ipynb")
    judged.set(library.paper(liked), rating=5)
    judged.set(library.paper(disliked), rating=1)
    before, after = ranks(library, plain), ranks(library, judged)
    neighbours = library.neighbours(disliked, k=4)["id"]
    for pid in [p for p in neighbours if p != library.paper(liked)["id"]][:3]:
        assert after[pid] > before[pid]  # each of its 3 closest papers falls,
        assert after[pid] > 2 / 3 * len(after)  # into the last third


def test_the_model_tells_liked_papers_from_the_unjudged_ones(library):
    """The logistic regression part: the liked papers' own rows score above every unjudged
    paper's, and a disliked paper's row below the liked ones'."""
    liked, disliked = [10, 11, 12], [300]
    scores = foryou.model_scores(library, texts(library, liked), texts(library, disliked))
    assert scores[liked].min() > np.delete(scores, liked).max()
    assert scores[disliked[0]] < scores[liked].min()


def test_the_soft_negatives_are_a_fixed_sample_of_unjudged_papers(library, monkeypatch):
    """A corpus bigger than the sample: the same notes rank it the same way every time, and a
    judged paper is never drawn as a negative."""
    monkeypatch.setattr(foryou, "NEGATIVES", 50)
    drawn, features = [], foryou._row_features
    monkeypatch.setattr(
        foryou, "_row_features", lambda i, rows: features(i, drawn.append(rows) or rows)
    )
    liked = texts(library, [10, 11])
    first = foryou.model_scores(library, liked, [], judged=[10, 11])
    assert np.array_equal(first, foryou.model_scores(library, liked, [], judged=[10, 11]))
    assert len(drawn[0]) == 50 and not {10, 11} & set(drawn[0].tolist())


def texts(corpus, rows: list[int]) -> list[str]:
    return paper_texts(corpus.papers.iloc[rows])


def test_ratings_decide_and_status_counts_when_unrated(earlier, tmp_path):
    from paperwidgets.foryou import judgements

    notes = pw.Notes(tmp_path / "notes.ipynb")
    notes.set(earlier.paper(0), rating=5, status="skipped")  # the rating decides
    notes.set(earlier.paper(1), rating=3)  # neither liked nor disliked
    notes.set(earlier.paper(2), status="read")
    notes.set(earlier.paper(3), rating=2)
    notes.set(earlier.paper(4), status="reading")
    found = {j.id: (j.liked, j.how) for j in judgements(notes)}
    ids = [earlier.paper(i)["id"] for i in range(5)]
    assert found == {ids[0]: (True, "★5"), ids[2]: (True, "read"), ids[3]: (False, "★2")}


def test_several_notes_files_and_the_newest_judgement_wins(today, earlier, tmp_path):
    first, second = pw.Notes(tmp_path / "a.ipynb"), pw.Notes(tmp_path / "b.ipynb")
    first.set(earlier.paper(0), rating=5)
    second.set(earlier.paper(1), rating=5)
    first.set(earlier.paper(2), rating=5)
    second.set(earlier.paper(2), rating=1)  # later: disliked after all
    from paperwidgets.foryou import judgements

    found = {j.id: j.liked for j in judgements([tmp_path / "a.ipynb", second])}
    assert found == {earlier.paper(0)["id"]: True, earlier.paper(1)["id"]: True,
                     earlier.paper(2)["id"]: False}  # fmt: skip
    before = (tmp_path / "a.ipynb").read_bytes()
    today.recommend(notes=[tmp_path / "a.ipynb", tmp_path / "b.ipynb"])
    assert (tmp_path / "a.ipynb").read_bytes() == before  # paths are only read


def test_no_liked_paper_is_a_clear_error(today, tmp_path):
    notes = pw.Notes(tmp_path / "notes.ipynb")
    notes.set(today.paper(0), rating=1)
    with pytest.raises(ValueError, match="at least one paper rated 4–5 or marked read"):
        today.recommend(notes=notes)


def test_recommend_from_liked_positions_is_unchanged(today):
    ranked = today.recommend([0, 1], [2], k=5)
    assert list(ranked.columns) == ["id", "title", "score", "why"]
    assert not {today.paper(i)["id"] for i in range(3)} & set(ranked["id"])


def test_unseen_leaves_out_noted_papers_and_earlier_fetched_days(today, tmp_path, monkeypatch):
    notes = pw.Notes(tmp_path / "notes.ipynb")
    notes.set(today.paper(0), note="seen it")
    ids = list(today.papers["id"])
    monkeypatch.setattr(cache, "today", lambda: dt.date(2025, 3, 16))
    cache.put("https://huggingface.co/api/daily_papers?date=2025-03-16", "[]", ids[1:3])
    monkeypatch.setattr(cache, "today", lambda: dt.date(2025, 3, 17))
    cache.put("https://huggingface.co/api/daily_papers?date=2025-03-17", "[]", ids)  # today
    new = today.unseen(notes)
    assert list(new.papers["id"]) == ids[3:]
    assert len(today.unseen()) == len(ids) - 2


def ids_of_page(reader, **filters) -> list[str]:
    answer, _ = reader.page({**filters, "offset": 0, "limit": 200}, [])
    return [row["id"] for row in answer["rows"]]


def test_the_reader_orders_for_you_and_filters_new_to_me(today, earlier, tmp_path):
    notes = pw.Notes(tmp_path / "notes.ipynb")
    notes.set(earlier.paper(3), rating=5)  # an earlier day's paper, not in today's corpus
    reader = today.reader(notes=notes)
    listing = ids_of_page(reader)
    assert listing == list(today.papers["id"])  # listing order unless asked
    for_you = ids_of_page(reader, order="for_you")
    assert for_you[:12] == list(today.recommend(notes=notes, k=12)["id"])
    reader.save({"paper_id": for_you[0], "fields": {"rating": 1}}, [])  # judged: goes last
    assert ids_of_page(reader, order="for_you")[-1] == for_you[0]
    assert for_you[0] not in ids_of_page(reader, new_to_me=True)
    assert len(ids_of_page(reader, new_to_me=True)) == len(today) - 1


def test_a_notes_file_not_written_yet_has_seen_nothing(today, tmp_path):
    assert len(today.unseen(tmp_path / "not-yet.ipynb")) == len(today)
    assert not (tmp_path / "not-yet.ipynb").exists()  # only read, never created
