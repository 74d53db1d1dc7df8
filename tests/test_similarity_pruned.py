"""Neighbours and recommendations of a big corpus score the dense spaces (LSA, embeddings) only
for the papers that can still reach the top k: the results are exactly those of scoring every
paper (ids, order and scores), checked here with pruning forced on a small corpus."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.sparse import csr_matrix

import paperwidgets
from paperwidgets.similarity import index as similarity_index
from paperwidgets.similarity import sparse as similarity_sparse
from paperwidgets.similarity.index import unit_rows

LIBRARY = Path(__file__).parent / "fixtures" / "bibtex" / "bbt-mendeley-export.bib"


@pytest.fixture(scope="module")
def library():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = paperwidgets.load(LIBRARY)  # 508 papers: TF-IDF + LSA
    corpus.neighbours(0)
    return corpus


@pytest.fixture(autouse=True)
def walked(monkeypatch):
    """The TF-IDF part walked as at a million papers, whatever the corpus size."""
    monkeypatch.setattr(similarity_sparse, "WALK_ABOVE", 0)


@pytest.fixture
def pruned(monkeypatch):
    """Prune whatever the corpus size; count the queries answered by pruning."""
    answered = []
    real = similarity_index.Index._pruned

    def counted(self, *args):
        found = real(self, *args)
        answered.append(found is not None)
        return found

    monkeypatch.setattr(similarity_index.Index, "_pruned", counted)
    return answered


def every_answer(corpus) -> list[pd.DataFrame]:
    answers = [corpus.neighbours(p, k=10) for p in range(len(corpus))]
    answers += [corpus.recommend(liked=[p, p + 1], disliked=[p + 2]) for p in range(0, 60, 3)]
    return answers


@pytest.mark.parametrize("walk", ["on while it pays", "to the bound", "none"])
def test_pruned_results_are_those_of_scoring_every_paper(library, pruned, monkeypatch, walk):
    monkeypatch.setattr(similarity_index, "PRUNE_ABOVE", 10**9)
    expected = every_answer(library)
    assert pruned == []
    if walk == "to the bound":  # stop the TF-IDF walk there, and look every paper met up
        monkeypatch.setattr(similarity_sparse, "LOOKUP_POSTINGS", 0)
        monkeypatch.setattr(similarity_sparse, "TERM_STEP_POSTINGS", 0)
    if walk == "none":  # every posting walked, as between PRUNE_ABOVE and WALK_ABOVE papers
        monkeypatch.setattr(similarity_sparse, "WALK_ABOVE", 10**9)
    monkeypatch.setattr(similarity_index, "PRUNE_ABOVE", 0)
    monkeypatch.setattr(similarity_index, "SEEDS", 32)  # a bar from few papers: a close call
    monkeypatch.setattr(similarity_index, "MOST_CANDIDATES", 1.0)
    found = every_answer(library)
    assert sum(pruned) > len(pruned) // 2, "pruning answered most queries"
    for got, want in zip(found, expected, strict=True):
        pd.testing.assert_frame_equal(got, want)


def test_pruned_scores_are_bit_for_bit_the_full_ones(library, monkeypatch):
    index = library.similarity.index
    query = index.rows[7]
    dense = [vectors[7] for _, vectors, _ in index.dense]
    full = index.scores(query, dense)
    rows = np.array([0, 7, 100, 507])
    partial = index._blended(rows, index.sparse_scores(query)[rows], dense)
    assert np.array_equal(full[rows], partial)


def test_papers_tied_at_the_kth_place_are_taken_in_position_order():
    scores = np.array([0.1, 0.3, 0.5, 0.3, 0.3, 0.0, 0.3], np.float32)
    for _ in range(20):  # argpartition alone picks any of the tied papers
        assert similarity_sparse.top_k(scores, 3).tolist() == [2, 1, 3]
    assert similarity_sparse.top_k(scores, 3, exclude=[1]).tolist() == [2, 3, 4]


def a_query(index, paper: int | tuple[list[int], list[int]]):
    """A paper's row, or the profile of liked and disliked papers a recommendation asks with."""
    if isinstance(paper, int):
        return index.rows[paper]
    liked, disliked = paper
    profile = index.rows[liked].mean(axis=0)
    if disliked:
        profile = profile - 0.5 * index.rows[disliked].mean(axis=0)
    return unit_rows(csr_matrix(np.asarray(profile, np.float32)))


@pytest.mark.parametrize("paper", [0, 7, 100, 507, ([3, 40, 41, 42, 43, 44], [7])])
def test_a_paper_met_late_is_scored_bit_for_bit_as_the_full_walk(library, paper, monkeypatch):
    monkeypatch.setattr(similarity_sparse, "POSTINGS_PER_STEP", 40)  # several steps a query
    monkeypatch.setattr(similarity_sparse, "LOOKUP_ENTRIES", 500)  # papers looked up in parts
    monkeypatch.setattr(similarity_sparse, "LOOKUP_POSTINGS", 0)  # rows looked up, however many
    monkeypatch.setattr(similarity_sparse, "TERM_STEP_POSTINGS", 0)
    looked_up = []
    real = similarity_sparse.SparseQuery._weights
    monkeypatch.setattr(
        similarity_sparse.SparseQuery,
        "_weights",
        lambda self, papers: looked_up.append(real(self, papers)) or looked_up[-1],
    )
    index = library.similarity.index
    query = a_query(index, paper)
    full = index.sparse_scores(query)
    walk = index.sparse_query(query)
    walk.seeds(8, np.array([0]))  # half the query's weight walked, rarest terms first
    everyone = np.arange(len(full))
    assert np.array_equal(walk.of(everyone), full)
    assert len(looked_up) > 1 and max(weights.size for weights in looked_up) <= 500


def test_looking_up_more_than_walking_costs_walks_instead(library):
    index = library.similarity.index
    query = a_query(index, (list(range(0, 400, 2)), []))  # a profile of 200 liked papers
    walk = index.sparse_query(query)
    everyone = np.arange(index.rows.shape[0])
    assert np.array_equal(walk.of(everyone), index.sparse_scores(query))
    assert walk._full is not None, "every posting walked once, no rows looked up"


# papers sharing words with many others, and a profile with terms weighed down (negative)
@pytest.mark.parametrize("paper", [0, 7, 100, 300, ([3, 40], [7]), ([100], [0, 300, 301])])
def test_every_paper_that_reaches_a_bar_is_named(library, paper):
    index = library.similarity.index
    query = a_query(index, paper)
    assert isinstance(paper, int) or query.data.min() < 0
    full = index.sparse_scores(query)
    bars = sorted({0.5, 0.3, 0.2, 0.1, 0.05, *full[full > 0][:20].tolist()}, reverse=True)
    falling = index.sparse_query(query)  # asked as the pruning asks it: the bar may drop
    for bar in bars:
        for walk in (falling, index.sparse_query(query)):
            assert set(np.flatnonzero(full >= bar)) <= set(walk.reaching(bar).tolist())
    named = index.sparse_query(query).reaching(float(np.sort(full)[-11]))  # ten neighbours' bar
    assert len(named) < np.count_nonzero(full) / 2, "not every paper sharing a word is named"


@pytest.mark.parametrize(
    ("n", "zero_share", "n_excluded"),
    [
        (40000, 0.0, 0),
        (1_000_000, 0.5, 3),
        (300000, 0.999, 50),
        (50000, 0.99998, 2),
        (1_000_000, 0.0, 5000),
        (70000, 0.3, 1),
    ],
)
def test_the_top_k_of_many_scores_is_that_of_sorting_them(n, zero_share, n_excluded):
    rng = np.random.default_rng(n + n_excluded)
    scores = np.round(rng.random(n, np.float32), 3)  # many ties, also at the k-th place
    scores[rng.random(n) < zero_share] = 0  # some, or almost no, papers score at all
    exclude = rng.choice(n, n_excluded, replace=False)
    kept = scores.copy()
    kept[exclude] = 0
    by_score_then_position = np.lexsort((np.arange(n), -kept))
    expected = [int(p) for p in by_score_then_position[:10] if kept[p] > 0]
    assert similarity_sparse.top_k(scores, 10, exclude).tolist() == expected


def topic_papers(n: int = 3000, topics: int = 30, seed: int = 0) -> pd.DataFrame:
    """Papers on a few topics: each draws most words from its topic's own, some from all."""
    rng = np.random.default_rng(seed)
    shared = [f"common{i}" for i in range(300)]
    own = [[f"t{t}w{i}" for i in range(150)] for t in range(topics)]

    def text(topic: int, length: int) -> str:
        mine = rng.zipf(1.3, length) % 150
        words = [own[topic][i] if rng.random() < 0.6 else shared[i] for i in mine]
        return " ".join(words)

    picks = rng.integers(0, topics, n)
    return pd.DataFrame(
        {
            "id": [f"paper:{i}" for i in range(n)],
            "title": [text(t, 8) for t in picks],
            "abstract": [text(t, 120) for t in picks],
        }
    )


def test_a_walk_stopped_early_finds_what_scoring_every_paper_finds(monkeypatch):
    corpus = paperwidgets.load(topic_papers())
    asks = [(p, ([p, p + 1], [p + 2])) for p in range(0, 3000, 97)]

    def answers() -> list[pd.DataFrame]:
        found = [corpus.neighbours(p, k=10) for p, _ in asks]
        return found + [corpus.recommend(liked, disliked) for _, (liked, disliked) in asks]

    monkeypatch.setattr(similarity_index, "PRUNE_ABOVE", 10**9)
    expected = answers()
    monkeypatch.setattr(similarity_index, "PRUNE_ABOVE", 0)
    walks = []
    real = similarity_sparse.SparseQuery.reaching

    def reaching(self, bar):
        walks.append((self.walked, len(self.order)))
        return real(self, bar)

    monkeypatch.setattr(similarity_sparse.SparseQuery, "reaching", reaching)
    for got, want in zip(answers(), expected, strict=True):
        pd.testing.assert_frame_equal(got, want)
    stopped = [walked < terms for walked, terms in walks]
    assert sum(stopped) > len(stopped) / 2, "most walks stopped before the query's last term"
