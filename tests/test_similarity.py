"""Neighbours, search and recommendations: explained, deterministic, and sane on odd corpora."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import paperwidgets
from paperwidgets import Corpus
from paperwidgets.corpus import frame_from_records
from paperwidgets.similarity import sparse as similarity_sparse
from paperwidgets.similarity.engine import RESULT_COLUMNS, Settings
from paperwidgets.sources.records import record

ASTRO = [
    (
        "Dust in protoplanetary disks",
        "We observe dust grains in protoplanetary disks around "
        "young stars with ALMA and model planet formation in the disk.",
    ),
    (
        "Exoplanet atmospheres with JWST",
        "Transmission spectra of a hot Jupiter exoplanet "
        "atmosphere reveal water and carbon dioxide; the planet orbits a young star.",
    ),
    (
        "Planet formation by pebble accretion",
        "Pebble accretion in protoplanetary disks builds "
        "giant planet cores quickly around young stars.",
    ),
    (
        "Radial velocity survey of M dwarfs",
        "A radial velocity survey finds an exoplanet "
        "orbiting an M dwarf star in the habitable zone.",
    ),
]
LEARNING = [
    (
        "Attention is all you need again",
        "A transformer language model with sparse attention "
        "improves machine translation and language modelling benchmarks.",
    ),
    (
        "Scaling laws for neural language models",
        "We fit scaling laws of transformer language "
        "models: loss falls with parameters, data and compute.",
    ),
    (
        "Instruction tuning of language models",
        "Instruction tuning makes a pretrained language "
        "model follow prompts; the transformer is fine-tuned on tasks.",
    ),
    (
        "Sparse mixture of experts",
        "A mixture of experts transformer routes tokens to experts "
        "and trains larger language models at the same compute.",
    ),
]


def corpus_of(papers: list[tuple[str, str]]) -> Corpus:
    records = [record(title=title, abstract=abstract, source="test") for title, abstract in papers]
    return Corpus(frame_from_records(records))


def words(text: str) -> str:
    """A text as its lower-case words (compounds whole, then their parts), for phrase look-ups."""
    found = re.findall(r"\w+(?:-\w+)+|\w\w+", text.lower())  # 1-letter words are no words
    parts = [part for word in found if "-" in word for part in word.split("-")]
    return " " + " ".join(found) + " | " + " ".join(parts) + " "


def every_why(corpus: Corpus) -> list[tuple[int, str, list[str]]]:
    """(paper, neighbour id, why) of the 10 neighbours of every paper."""
    return [
        (position, row.id, row.why)
        for position in range(len(corpus))
        for row in corpus.neighbours(position).itertuples()
    ]


@pytest.fixture(scope="module")
def daily(daily_papers_path) -> Corpus:
    return paperwidgets.load(daily_papers_path)


def test_neighbours_columns_and_never_itself(daily):
    for key in (0, daily.papers["id"][5], daily.papers["title"][7]):
        found = daily.neighbours(key, k=10)
        assert list(found.columns) == RESULT_COLUMNS
        assert len(found) == 10
        assert daily.paper(key)["id"] not in set(found["id"])
        assert found["score"].is_monotonic_decreasing


def test_paper_by_id_title_or_position_gives_same_neighbours(daily):
    by_position = daily.neighbours(3)
    pd.testing.assert_frame_equal(by_position, daily.neighbours(daily.papers["id"][3]))
    pd.testing.assert_frame_equal(by_position, daily.neighbours(daily.papers["title"][3]))


def test_same_corpus_and_settings_give_same_neighbours(daily_papers_path):
    first, second = paperwidgets.load(daily_papers_path), paperwidgets.load(daily_papers_path)
    for position in (0, 17, 50, 100):
        pd.testing.assert_frame_equal(first.neighbours(position), second.neighbours(position))
    assert first.similarity_settings == second.similarity_settings


def test_every_why_term_occurs_in_both_papers(daily):
    texts = {row.id: words(f"{row.title} {row.abstract}") for row in daily.papers.itertuples()}
    for position in range(0, len(daily), 10):
        own = texts[daily.papers["id"][position]]
        for neighbour in daily.neighbours(position).itertuples():
            assert neighbour.why, "every neighbour is explained"
            for term in neighbour.why:
                assert f" {term} " in own
                assert f" {term} " in texts[neighbour.id]


def test_daily_papers_why_terms_are_whole_words_never_bare_prefixes(daily):
    found = every_why(daily)
    assert len(found) == 10 * len(daily)
    prefixes = {"pre", "post", "semi", "fine", "multi", "non", "self"}
    for position, neighbour, why in found:
        assert why, f"paper {position}: neighbour {neighbour} has no why"
        assert not prefixes & {word for term in why for word in term.split()}, why
    shown = {term for _, _, why in found for term in why}
    assert {"pre-training", "fine-tuning", "post-training"} <= shown


def test_scholarly_filler_is_not_a_why_term(daily):
    filler = {"include", "offer", "making", "recently", "previous", "propose", "paper", "results"}
    for _, _, why in every_why(daily):
        assert not filler & {word for term in why for word in term.split()}, why


def test_a_word_is_not_shown_beside_a_pair_or_compound_holding_it(daily):
    for _, _, why in every_why(daily):
        longer = [term for term in why if " " in term or "-" in term]
        pieces = {p for term in longer for word in term.split() for p in (word, *word.split("-"))}
        assert not {term for term in why if term not in longer} & pieces, why
        assert not {t for t in longer if " " not in t} & pieces - set(longer), why


def test_hyphenated_compounds_match_whole_and_by_their_parts():
    corpus = corpus_of(
        [
            ("Semi-supervised segmentation", "Semi-supervised pre-training for segmentation."),
            ("Semi-supervised detection", "Semi-supervised pre-training for detection."),
            ("Supervised parsing", "Fully supervised parsing of sentences."),
        ]
    )
    why = corpus.neighbours(0, k=2).set_index("title")["why"]
    assert why["Semi-supervised detection"] == ["semi-supervised pre-training"]  # not its parts
    assert why["Supervised parsing"] == ["supervised"]


def test_small_corpora_get_no_lsa_big_ones_do():
    settings = Settings()
    assert settings.resolved_lsa_weight(100) == 0
    assert settings.resolved_lsa_dims(100) == 0
    assert settings.resolved_lsa_weight(5000) > 0 and settings.resolved_lsa_dims(5000) > 0
    assert Settings(lsa_weight=0.5).resolved_lsa_dims(100) > 0


def test_a_phrase_from_an_abstract_finds_that_paper_first(daily):
    for position in range(0, len(daily), 7):
        abstract = daily.papers["abstract"][position].split()
        phrase = " ".join(abstract[20:32])
        assert daily.search(phrase, k=3)["id"][0] == daily.papers["id"][position], phrase


def test_search_explains_with_query_terms(daily):
    found = daily.search("diffusion models for video generation", k=5)
    assert list(found.columns) == RESULT_COLUMNS
    assert all(
        set(w.split()) <= {"diffusion", "models", "video", "generation", "model"} or " " in w
        for why in found["why"]
        for w in why
    )


def test_recommend_ranks_like_liked_above_like_disliked():
    corpus = corpus_of(ASTRO + LEARNING)
    found = corpus.recommend(liked=[0, 1], disliked=[4, 5], k=10)
    titles = list(found["title"])
    assert set(titles[:2]) == {ASTRO[2][0], ASTRO[3][0]}
    assert not {t for t, _ in ASTRO[:2] + LEARNING[:2]} & set(titles), "judged papers excluded"
    assert all(w for w in found["why"][:2])


def test_recommend_needs_a_liked_paper():
    with pytest.raises(ValueError, match="liked"):
        corpus_of(ASTRO).recommend(liked=[])


def test_topics_stay_together():
    corpus = corpus_of(ASTRO + LEARNING)
    for position in range(len(corpus)):
        best = corpus.neighbours(position, k=1)["title"][0]
        same_topic = ASTRO if position < len(ASTRO) else LEARNING
        assert best in {t for t, _ in same_topic}


def test_empty_corpus():
    corpus = Corpus(frame_from_records([]))
    assert list(corpus.search("anything").columns) == RESULT_COLUMNS
    assert corpus.search("anything").empty
    with pytest.raises(IndexError):
        corpus.neighbours(0)
    assert corpus.similarity_settings["method"] == "tfidf"


def test_one_paper_corpus():
    corpus = corpus_of(ASTRO[:1])
    assert corpus.neighbours(0).empty
    assert corpus.search("dust grains")["title"].tolist() == [ASTRO[0][0]]
    assert corpus.recommend(liked=[0]).empty


def test_papers_without_abstracts_match_by_title():
    corpus = corpus_of([(title, "") for title, _ in ASTRO + LEARNING])
    found = corpus.neighbours("Scaling laws for neural language models")
    assert found["title"][0] == "Instruction tuning of language models"
    assert "language models" in found["why"][0]


def test_papers_with_no_words_have_no_neighbours():
    corpus = corpus_of([("", ""), ("", None), ("42", "")])
    assert corpus.neighbours(0).empty
    assert corpus.search("anything").empty


def test_settings_record_method_fingerprint_and_versions(daily):
    settings = daily.similarity_settings
    assert settings["method"] == "tfidf"  # 101 papers: LSA would make neighbours worse
    assert settings["parameters"]["lsa_weight"] == 0
    assert {"scikit-learn", "numpy", "scipy"} <= set(settings["versions"])
    changed = daily.papers.copy()
    changed.loc[0, "abstract"] = "A different abstract."
    assert Corpus(changed).similarity_settings["fingerprint"] != settings["fingerprint"]


def test_configure_rebuilds_with_new_settings(daily_papers_path):
    corpus = paperwidgets.load(daily_papers_path).configure_similarity(lsa_weight=0.5)
    assert corpus.similarity_settings["method"] == "tfidf+lsa"
    assert corpus.similarity_settings["parameters"]["lsa_dims"] > 0
    assert len(corpus.neighbours(0)) == 10


def test_importing_the_corpus_does_not_import_scikit_learn():
    code = "import paperwidgets, paperwidgets.corpus, sys; print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_a_progress_bar_shows_only_for_slow_builds(capsys, monkeypatch):
    corpus_of(ASTRO).neighbours(0)
    assert "similarity index" not in capsys.readouterr().err, "quick builds stay quiet"
    monkeypatch.setattr("paperwidgets.progress.PROGRESS_AFTER_S", 0)
    corpus_of(ASTRO).neighbours(0)
    assert "similarity index" in capsys.readouterr().err


def test_queries_walking_postings_a_few_terms_at_a_time_find_the_same(daily, monkeypatch):
    def found() -> list[pd.DataFrame]:
        return [daily.neighbours(p, k=10) for p in (0, 5, 40)] + [
            daily.search("language models for code generation", k=10)
        ]

    at_once = found()
    monkeypatch.setattr(similarity_sparse, "POSTINGS_PER_STEP", 3)  # a step or two per term
    for before, after in zip(at_once, found(), strict=True):
        assert list(after["id"]) == list(before["id"])
        assert list(after["why"]) == list(before["why"])
        assert np.allclose(after["score"], before["score"], atol=1e-4)
