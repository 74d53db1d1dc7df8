"""Topics of the example listing: one per paper, labelled by top terms, seeded and cached."""

from __future__ import annotations

import numpy as np
import pytest

import paperwidgets as pw
from paperwidgets.memo import Memo
from paperwidgets.similarity import topics


@pytest.fixture(scope="module")
def corpus(daily_papers_path):
    return pw.load(daily_papers_path)


def test_every_paper_gets_a_labelled_topic(corpus):
    column = corpus.topics()
    assert len(column) == len(corpus) == 101
    assert corpus.papers["topic"].equals(column)
    labels = list(column.cat.categories)
    assert 2 <= len(labels) <= topics.candidate_counts(101)[-1]
    assert all(1 <= len(label.split(" · ")) <= topics.LABEL_TERMS for label in labels)
    assert set(column.cat.codes) == set(range(len(labels)))  # no empty topic


def test_a_label_names_terms_its_papers_use(corpus):
    found = topics.compute_topics(corpus.similarity)
    texts = (corpus.papers["title"] + " " + corpus.papers["abstract"]).str.lower()
    for topic, label in enumerate(found.labels):
        members = texts[found.assignments == topic]
        for term in label.split(" · "):
            assert members.str.contains(term, regex=False).any(), (label, term)


def test_topics_are_deterministic_and_cached(corpus, daily_papers_path):
    first = topics.compute_topics(corpus.similarity)
    assert topics.compute_topics(corpus.similarity) is first
    again = pw.load(daily_papers_path)  # same listing, new objects: same fingerprint
    assert topics.compute_topics(again.similarity) is first
    topics._CACHE.clear()
    assert np.array_equal(topics.compute_topics(again.similarity).assignments, first.assignments)


def test_n_topics_can_be_given(corpus):
    column = corpus.topics(n=4)
    assert len(column.cat.categories) == 4


def test_tiny_corpora_still_get_topics(daily_papers_path):
    corpus = pw.Corpus(pw.load(daily_papers_path).papers.head(2))
    assert list(corpus.topics()) == ["all papers", "all papers"]


def test_import_paperwidgets_does_not_import_sklearn():
    import subprocess
    import sys

    code = "import sys, paperwidgets as pw; pw.Map; assert 'sklearn' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_topic_cache_keeps_only_the_latest_clusterings(corpus, monkeypatch):
    monkeypatch.setattr(topics, "_CACHE", Memo(2))
    parts = [pw.Corpus(corpus.papers.iloc[s : s + 40].reset_index(drop=True)) for s in (0, 30, 60)]
    found = [topics.compute_topics(part.similarity, n=3) for part in parts]
    assert len(topics._CACHE) == 2  # a kernel that clusters corpus after corpus stays bounded
    assert topics.compute_topics(parts[2].similarity, n=3) is found[2]  # the latest is kept
    again = topics.compute_topics(parts[0].similarity, n=3)  # the oldest was dropped: redone
    assert again is not found[0] and np.array_equal(again.assignments, found[0].assignments)
    assert len(topics._CACHE) == 2
