"""Neighbours and recommendations of a big corpus score the dense spaces (LSA, embeddings) only
for the papers that can still reach the top k: the results are exactly those of scoring every
paper (ids, order and scores), checked here with pruning forced on a small corpus."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import paperwidgets
from paperwidgets.similarity import index as similarity_index

LIBRARY = Path(__file__).parent / "fixtures" / "bibtex" / "bbt-mendeley-export.bib"


@pytest.fixture(scope="module")
def library():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = paperwidgets.load(LIBRARY)  # 508 papers: TF-IDF + LSA
    corpus.neighbours(0)
    return corpus


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


def test_pruned_results_are_those_of_scoring_every_paper(library, pruned, monkeypatch):
    monkeypatch.setattr(similarity_index, "PRUNE_ABOVE", 10**9)
    expected = every_answer(library)
    assert pruned == []
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
    partial = index._blended(rows, index.sparse_scores(query), dense)
    assert np.array_equal(full[rows], partial)


def test_papers_tied_at_the_kth_place_are_taken_in_position_order():
    scores = np.array([0.1, 0.3, 0.5, 0.3, 0.3, 0.0, 0.3], np.float32)
    for _ in range(20):  # argpartition alone picks any of the tied papers
        assert similarity_index.top_k(scores, 3).tolist() == [2, 1, 3]
    assert similarity_index.top_k(scores, 3, exclude=[1]).tolist() == [2, 3, 4]
