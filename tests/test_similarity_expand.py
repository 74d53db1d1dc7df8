"""A paper's neighbours are found from the paper and its 3 closest papers in the dense spaces
(pseudo-relevance feedback), with its own words: checked against the rule computed by hand on
a real 508-paper library, and For you's soft negatives against their definition."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import paperwidgets
from paperwidgets import foryou
from paperwidgets.similarity import index as similarity_index
from paperwidgets.similarity.engine import paper_texts

LIBRARY = Path(__file__).parent / "fixtures" / "bibtex" / "bbt-mendeley-export.bib"


@pytest.fixture(scope="module")
def library():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return paperwidgets.load(LIBRARY)  # 508 papers: TF-IDF + LSA


def by_hand(index, position: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The documented rule: blended scores, the 3 best (not the paper), the LSA query moved to
    the mean of theirs, the k best again."""
    (weight, vectors, _), sparse = index.dense[0], (index.rows @ index.rows[position].T).toarray()
    sparse = index.sparse_weight * sparse.ravel()
    first = sparse + weight * (vectors @ vectors[position])
    first[position] = -np.inf
    closest = np.argsort(-first, kind="stable")[: similarity_index.EXPAND]
    moved = vectors[position] + similarity_index.EXPAND_WEIGHT * vectors[closest].mean(axis=0)
    scores = sparse + weight * (vectors @ (moved / np.linalg.norm(moved)))
    scores[position] = -np.inf
    best = np.argsort(-scores, kind="stable")[:k]
    return best, scores[best]


@pytest.mark.parametrize("position", [0, 17, 250, 507])
def test_neighbours_are_those_of_the_paper_moved_towards_its_closest_papers(library, position):
    index = library.similarity.index
    assert len(index.dense) == 1  # the LSA part: what the expansion moves
    found = library.neighbours(position, k=10)
    best, scores = by_hand(index, position, 10)
    assert list(found["id"]) == list(library.papers["id"].iloc[best])
    assert np.allclose(found["score"], scores, atol=1e-4)
    plain = library.search(paper_texts(library.papers.iloc[[position]])[0], k=10)
    assert list(plain["id"]) != list(found["id"])  # a search is not expanded: it differs


def test_the_why_of_an_expanded_neighbour_still_names_words_of_both_papers(library):
    texts = paper_texts(library.papers)
    for _, row in library.neighbours(3, k=10).iterrows():
        other = texts[library.position(row["id"])].lower()
        for term in row["why"]:
            if not term.startswith("related by topic"):
                assert all(word in other for word in term.split()), (term, row["title"])


def test_a_papers_typical_likeness_is_its_mean_likeness_to_every_paper(library):
    every = foryou.likeness(library, paper_texts(library.papers))
    assert np.allclose(foryou.typical(library), every.mean(axis=1), atol=1e-4)


def test_for_you_counts_likeness_to_everything_against_a_paper(library):
    """Two papers equally close to the liked ones: the one like every paper of the day (a soft
    negative) ranks lower."""
    liked = paper_texts(library.papers.iloc[[10, 11, 12]])
    near, _ = foryou.closest(library, liked)
    scores, _ = foryou.library_scores(library, liked)
    assert np.allclose(scores, near - foryou.TYPICAL_WEIGHT * foryou.typical(library), atol=1e-6)
    typical = foryou.typical(library)
    generic, specific = int(np.argmax(typical)), int(np.argmin(typical))
    assert scores[generic] - near[generic] < scores[specific] - near[specific]
