"""The arXiv metadata snapshot (JSON lines): detected by load(), streamed by load_arxiv_snapshot."""

from __future__ import annotations

import gzip

import pytest

import paperwidgets
from paperwidgets import LoadError


def test_load_detects_the_snapshot_and_keeps_its_fields(snapshot):
    corpus = paperwidgets.load(snapshot)
    assert len(corpus) == 40
    paper = corpus.paper("arxiv:2401.00001")
    assert paper["title"] == "Paper 1 on sparse retrieval"
    assert paper["abstract"] == "We study sparse retrieval number 1."
    assert paper["authors"] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert paper["categories"] == ["astro-ph.EP"]
    assert paper["published"].startswith("2024-01-01T10:00:00")
    assert paper["url"] == "https://arxiv.org/abs/2401.00001"
    assert paper["extra"]["doi"] == "10.1000/1"


def test_streaming_load_stops_at_the_limit_and_filters_categories(snapshot):
    assert len(paperwidgets.load_arxiv_snapshot(snapshot, limit=7)) == 7
    cs = paperwidgets.load_arxiv_snapshot(snapshot, categories=["cs"])
    assert len(cs) == 20 and all(c[0].startswith("cs.") for c in cs.papers["categories"])
    learning = paperwidgets.load_arxiv_snapshot(snapshot, categories=["cs.LG", "stat.ML"])
    assert len(learning) == 20
    assert list(learning.papers["id"]) == sorted(learning.papers["id"])


def test_a_gzipped_snapshot_streams_the_same(snapshot, tmp_path):
    packed = tmp_path / "snapshot.json.gz"
    packed.write_bytes(gzip.compress(snapshot.read_bytes()))
    same = paperwidgets.load_arxiv_snapshot(packed).papers.drop(columns="source")
    assert same.equals(paperwidgets.load_arxiv_snapshot(snapshot).papers.drop(columns="source"))


def test_a_broken_line_is_named(snapshot):
    lines = snapshot.read_text().splitlines()
    lines[12] = lines[12][:40]
    snapshot.write_text("\n".join(lines))
    with pytest.raises(LoadError, match=r"line 13: not JSON"):
        paperwidgets.load_arxiv_snapshot(snapshot)


def test_a_number_past_pythons_digit_limit_is_named(snapshot):
    """json.loads raises a plain ValueError (no JSONDecodeError) for a 5,000-digit integer."""
    lines = snapshot.read_text().splitlines()
    lines[4] = lines[4][:-1] + ', "n": ' + "9" * 5000 + "}"
    snapshot.write_text("\n".join(lines))
    with pytest.raises(LoadError, match=r"line 5: not JSON \(.*digits"):
        paperwidgets.load_arxiv_snapshot(snapshot)


def test_a_big_snapshot_shows_progress(snapshot, monkeypatch, capsys):
    monkeypatch.setattr("paperwidgets.progress.PROGRESS_AFTER_S", 0)
    paperwidgets.load_arxiv_snapshot(snapshot)
    assert "arXiv snapshot" in capsys.readouterr().err
