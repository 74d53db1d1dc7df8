"""The on-disk caches: reused across processes, invalidated by change, never trusted blindly."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from test_similarity import ASTRO, LEARNING, corpus_of
from test_similarity_embeddings import TopicEmbedder

import paperwidgets
from paperwidgets import cache
from paperwidgets.similarity import build as similarity_build
from paperwidgets.similarity import cache as similarity_cache
from paperwidgets.similarity import index as similarity_index
from paperwidgets.similarity import layout
from paperwidgets.similarity import settings as similarity_settings
from paperwidgets.similarity import sparse as similarity_sparse
from paperwidgets.similarity.settings import fingerprint


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    """A fresh cache folder, and every corpus (even a small one) stores its index."""
    monkeypatch.setenv("PAPERWIDGETS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(similarity_cache, "CACHE_ABOVE", 0)
    monkeypatch.setattr(layout, "_CACHE", {})
    return tmp_path / "cache"


@pytest.fixture
def builds(monkeypatch):
    """How many times an index was built (counted around the real build)."""
    calls = []
    real = similarity_build.count_corpus

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(similarity_build, "count_corpus", counting)
    return calls


def results(corpus) -> str:
    """Neighbours of a few papers and a search, as JSON (what a user sees)."""
    found = [corpus.neighbours(p, k=5).to_dict("list") for p in (0, 17, 60)]
    found.append(corpus.search("language models for code", k=5).to_dict("list"))
    return json.dumps(found)


PROCESS = """
import sys
import paperwidgets
from paperwidgets.similarity import build as similarity_build
from paperwidgets.similarity import cache as similarity_cache
from paperwidgets.similarity import index as similarity_index
similarity_cache.CACHE_ABOVE = 0
if sys.argv[1] == "no-build":
    similarity_build.count_corpus = None  # building would raise
corpus = paperwidgets.load(sys.argv[2]).configure_similarity(lsa_weight=0.3)
print(corpus.neighbours(5, k=5).to_json())
"""


def test_a_second_process_loads_the_index_and_builds_nothing(tmp_path, daily_papers_path):
    # a folder of the two processes' own: a build left running in this one by an earlier test
    # writes to the fixture's folder (from the environment), never to this one
    cache_dir = tmp_path / "processes-cache"
    env = {**os.environ, "PAPERWIDGETS_CACHE": str(cache_dir)}

    def run(mode: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-c", PROCESS, mode, str(daily_papers_path)]
        return subprocess.run(command, capture_output=True, text=True, env=env)

    first = run("build")
    assert first.returncode == 0, first.stderr
    stored = sorted(path.name for path in (cache_dir / "index").iterdir())
    assert len(stored) == 1 and stored[0].endswith(".pwc"), stored
    second = run("no-build")
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout


def test_results_are_identical_with_and_without_the_cache(daily_papers_path, builds):
    fresh = results(paperwidgets.load(daily_papers_path).configure_similarity(lsa_weight=0.3))
    cached = results(paperwidgets.load(daily_papers_path).configure_similarity(lsa_weight=0.3))
    assert len(builds) == 1, "the second corpus mapped the stored index"
    assert cached == fresh


def test_an_index_stored_without_term_maxima_answers_the_same(
    daily_papers_path, builds, monkeypatch
):
    monkeypatch.setattr(similarity_index, "PRUNE_ABOVE", 0)  # the walk that reads the maxima
    monkeypatch.setattr(similarity_sparse, "WALK_ABOVE", 0)
    with monkeypatch.context() as before:  # an entry as the previous release stored it
        before.setattr(similarity_build, "term_maxima", lambda postings: None)
        fresh = results(paperwidgets.load(daily_papers_path).configure_similarity(lsa_weight=0.3))
    cached = paperwidgets.load(daily_papers_path).configure_similarity(lsa_weight=0.3)
    assert results(cached) == fresh
    assert len(builds) == 1, "the stored index was used, its maxima computed"
    assert cached.similarity.index.maxima is not None


def test_words_past_ascii_read_back_from_the_stored_vocabulary(builds):
    papers = [
        ("Tülu instruction tuning", "Tülu models learn from naïve feedback of Schrödinger."),
        ("Evaluating Tülu", "We evaluate Tülu on naïve benchmarks and report Schrödinger."),
        ("Protoplanetary disks", "Dust grains in protoplanetary disks around young stars."),
    ]
    for corpus in (corpus_of(papers), corpus_of(papers)):  # built, then mapped from the cache
        assert corpus.neighbours(0, k=1)["why"][0][:3] == ["tülu", "naïve", "schrödinger"]
        assert corpus.search("naïve Tülu", k=3)["title"].tolist()[:2] == [
            "Evaluating Tülu",
            "Tülu instruction tuning",
        ]
    assert len(builds) == 1


def test_changed_settings_or_papers_rebuild(daily_papers_path, builds, cache_dir):
    corpus = paperwidgets.load(daily_papers_path)
    corpus.neighbours(0)
    corpus.configure_similarity(lsa_weight=0.5).neighbours(0)
    assert len(builds) == 2
    changed = paperwidgets.load(daily_papers_path).papers.copy()
    changed.loc[3, "abstract"] = "Pebble accretion builds giant planet cores."
    paperwidgets.Corpus(changed).neighbours(0)
    assert len(builds) == 3
    assert len(list((cache_dir / "index").glob("*.pwc"))) == 3
    paperwidgets.load(daily_papers_path).neighbours(0)
    assert len(builds) == 3, "the unchanged corpus still finds its own entry"


@pytest.mark.parametrize("column", ["id", "title", "abstract"])
def test_the_fingerprint_changes_when_any_paper_changes(daily_papers_path, monkeypatch, column):
    monkeypatch.setattr(similarity_settings, "FINGERPRINT_CHUNK", 7)  # many chunks, uneven end
    papers = paperwidgets.load(daily_papers_path).papers
    before = fingerprint(papers)
    assert fingerprint(paperwidgets.load(daily_papers_path).papers) == before
    for row in (0, 8, 50, len(papers) - 1):
        changed = papers.copy()
        changed.loc[row, column] = changed.loc[row, column] + "x"
        assert fingerprint(changed) != before, (column, row)
    changed = papers.copy()
    changed.loc[3, column], changed.loc[4, column] = papers.loc[4, column], papers.loc[3, column]
    assert fingerprint(changed) != before, "two papers swapped their text"


def test_the_fingerprint_ignores_what_the_index_does_not_read(daily_papers_path):
    papers = paperwidgets.load(daily_papers_path).papers
    changed = papers.copy()
    changed.loc[2, "authors"] = ["Someone Else"]
    changed.loc[2, "categories"] = ["astro-ph.EP"]
    assert fingerprint(changed) == fingerprint(papers)
    moved = papers.copy()  # text moved between title and abstract is another paper
    moved.loc[2, "title"] = papers.loc[2, "title"] + " " + papers.loc[2, "abstract"].split()[0]
    moved.loc[2, "abstract"] = " ".join(papers.loc[2, "abstract"].split()[1:])
    assert fingerprint(moved) != fingerprint(papers)


@pytest.mark.parametrize("damage", ["truncate", "flip a byte", "garbage", "empty"])
def test_a_damaged_index_file_is_rebuilt_not_trusted(daily_papers_path, builds, cache_dir, damage):
    expected = results(paperwidgets.load(daily_papers_path))
    (path,) = (cache_dir / "index").glob("*.pwc")
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip a byte":
        data[len(data) * 3 // 4] ^= 0xFF
    elif damage == "garbage":
        data = bytearray(os.urandom(len(data)))
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    assert results(paperwidgets.load(daily_papers_path)) == expected
    assert len(builds) == 2
    assert results(paperwidgets.load(daily_papers_path)) == expected
    assert len(builds) == 2, "the rebuilt index was stored again"


def test_a_planted_embeddings_file_is_not_used(cache_dir):
    clean = corpus_of(ASTRO + LEARNING).use_embeddings(TopicEmbedder(), weight=0.5)
    expected = results_small(clean)
    (path,) = (cache_dir / "embeddings").glob("*.pwc")
    other = corpus_of(LEARNING + ASTRO).use_embeddings(TopicEmbedder(), weight=0.5)
    other.neighbours(0)
    planted = next(p for p in (cache_dir / "embeddings").glob("*.pwc") if p != path)
    path.write_bytes(planted.read_bytes())  # a valid entry, for other papers
    again = TopicEmbedder()
    assert results_small(corpus_of(ASTRO + LEARNING).use_embeddings(again, weight=0.5)) == expected
    probe = 3  # the papers a model given as a function encodes to key its cache
    assert again.texts_seen == probe + len(ASTRO + LEARNING), "re-encoded, not read from the plant"


def test_a_forged_entry_without_the_users_key_is_refused(cache_dir, monkeypatch):
    corpus_of(ASTRO + LEARNING).use_embeddings(TopicEmbedder(), weight=0.5).neighbours(0)
    (path,) = (cache_dir / "embeddings").glob("*.pwc")
    key = path.stem
    meta = {"model": "topic-counts", "papers": 8, "version": 3}
    with monkeypatch.context() as forger:
        forger.setattr(cache, "secret", lambda: b"someone else's key")
        cache.store("embeddings", key, meta, {"vectors": np.ones((8, 2), np.float32)})
    assert cache.load("embeddings", key, meta) is None
    assert not path.exists(), "a refused entry is removed, to be rebuilt"


def results_small(corpus) -> list:
    return [corpus.neighbours(p, k=3)["title"].tolist() for p in range(len(corpus))]


def test_cache_writes_never_follow_a_planted_symlink(cache_dir, tmp_path, daily_papers_path):
    corpus = paperwidgets.load(daily_papers_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    key = layout.layout_key(corpus.similarity, 0)
    entry = cache.entry_path("layouts", key)
    entry.parent.mkdir(parents=True)
    entry.symlink_to(victim)
    for name in (".tmp-1.pwc", f"{key}.tmp.npy", f"{key}.pwc.tmp"):  # guessed temp names
        (entry.parent / name).symlink_to(victim)
    coords = layout.corpus_layout(corpus.similarity)
    assert victim.read_text() == "precious"
    assert entry.is_file() and not entry.is_symlink()
    layout._CACHE.clear()
    assert np.array_equal(layout.corpus_layout(corpus.similarity), coords)


def test_a_symlinked_cache_folder_is_not_written_through(cache_dir, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache_dir.mkdir()
    (cache_dir / "embeddings").symlink_to(elsewhere, target_is_directory=True)
    embedder = TopicEmbedder()
    corpus_of(ASTRO + LEARNING).use_embeddings(embedder, weight=0.5).neighbours(0)
    assert list(elsewhere.iterdir()) == []


def test_clear_caches_removes_every_entry(daily_papers_path, cache_dir, builds):
    corpus = paperwidgets.load(daily_papers_path)
    corpus.neighbours(0)
    layout.corpus_layout(corpus.similarity)
    assert paperwidgets.clear_caches() == 2
    assert not list(cache_dir.rglob("*.pwc"))
    paperwidgets.load(daily_papers_path).neighbours(0)
    assert len(builds) == 2


def test_a_read_only_cache_still_gives_neighbours(cache_dir, daily_papers_path, monkeypatch):
    monkeypatch.setattr(cache, "_write", lambda *args: (_ for _ in ()).throw(OSError("read-only")))
    found = paperwidgets.load(daily_papers_path).neighbours(0)
    assert isinstance(found, pd.DataFrame) and len(found) == 10
