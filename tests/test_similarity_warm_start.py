"""A new kernel's first query from the cache: papers read from arXiv's snapshot (or a Parquet
file) find their fingerprint by the file's stamp instead of hashing every paper again, and
anything that changed the papers — the file rewritten, rows dropped — means hashing again."""

from __future__ import annotations

import os
import warnings

import pytest

import paperwidgets
from paperwidgets import cache as store
from paperwidgets.similarity import cache, engine


@pytest.fixture(autouse=True)
def small_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERWIDGETS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "CACHE_ABOVE", 10)  # cache these small test corpora too


@pytest.fixture
def hashed(monkeypatch):
    """How many times the papers were hashed for their fingerprint."""
    calls = []
    real = engine.fingerprint
    monkeypatch.setattr(engine, "fingerprint", lambda papers: calls.append(1) or real(papers))
    return calls


def kernel(path, **reading):
    """What a new kernel does: load the snapshot, ask for neighbours (from the cache)."""
    corpus = paperwidgets.load_arxiv_snapshot(path, **reading)
    return corpus, corpus.neighbours(3, k=5)


def test_a_new_kernel_finds_the_fingerprint_by_the_files_stamp(snapshot, hashed):
    first, found = kernel(snapshot)
    assert len(hashed) == 1
    again, found_again = kernel(snapshot)
    assert len(hashed) == 1, "hashed again"
    assert again.similarity.fingerprint() == first.similarity.fingerprint()
    assert found_again.equals(found)
    kernel(snapshot, categories=["cs"])  # other papers of the same file: their own fingerprint
    assert len(hashed) == 2


def test_a_rewritten_file_is_hashed_again(snapshot, hashed):
    first, _ = kernel(snapshot)
    text = snapshot.read_text().replace("sparse retrieval number 7.", "dense retrieval number 7.")
    stat = os.stat(snapshot)
    snapshot.write_text(text)
    os.utime(snapshot, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same modification time
    again, _ = kernel(snapshot)
    assert len(hashed) == 2
    assert again.similarity.fingerprint() != first.similarity.fingerprint()


def test_papers_dropped_after_loading_are_hashed_again(snapshot, hashed):
    kernel(snapshot)
    corpus = paperwidgets.load_arxiv_snapshot(snapshot)
    corpus.papers = corpus.papers.iloc[2:].reset_index(drop=True)  # before the first query
    corpus.neighbours(0)
    assert len(hashed) == 2


@pytest.mark.parametrize("suffix", [".parquet", ".feather"])
def test_a_parquet_corpus_remembers_its_fingerprint_too(tmp_path, hashed, snapshot, suffix):
    pytest.importorskip("pyarrow")
    papers = paperwidgets.load_arxiv_snapshot(snapshot).papers.drop(columns=["extra"])
    path = tmp_path / f"papers{suffix}"
    papers.to_parquet(path) if suffix == ".parquet" else papers.to_feather(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(2):
            paperwidgets.load(path).neighbours(0)
    assert len(hashed) == 1


def test_an_entry_whose_blocks_were_altered_is_refused(snapshot, monkeypatch):
    """The MAC covers every block's digest: a byte changed deep in an array is caught."""
    monkeypatch.setattr(store, "MAC_BLOCK", 1024)  # many blocks, hashed in threads
    _, found = kernel(snapshot)
    (entry,) = [p for p in store.cache_root().glob("index/*.pwc") if "source-" not in p.name]
    data = bytearray(entry.read_bytes())
    data[-100] ^= 1
    entry.write_bytes(bytes(data))
    again, found_again = kernel(snapshot)
    assert found_again.equals(found)  # rebuilt, not read from the altered entry
    assert again.similarity.index is not None
