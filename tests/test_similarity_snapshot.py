"""The arXiv metadata snapshot (JSON lines): detected by load(), streamed by load_arxiv_snapshot."""

from __future__ import annotations

import gzip
import json

import pytest

import paperwidgets
from paperwidgets import LoadError


def snapshot_line(number: int, categories: str) -> str:
    """One line in the snapshot's own shape (fields as arXiv's dump has them)."""
    return json.dumps(
        {
            "id": f"2401.{number:05d}",
            "submitter": "A. Person",
            "authors": "Ada Lovelace, Alan Turing and Grace Hopper",
            "title": f"Paper {number} on\n  sparse   retrieval",
            "comments": "10 pages",
            "journal-ref": None,
            "doi": f"10.1000/{number}" if number % 2 else None,
            "report-no": None,
            "categories": categories,
            "license": None,
            "abstract": f"  We study sparse retrieval number {number}.\n",
            "versions": [{"version": "v1", "created": "Mon, 1 Jan 2024 10:00:00 GMT"}],
            "update_date": "2024-01-02",
            "authors_parsed": [
                ["Lovelace", "Ada", ""],
                ["Turing", "Alan", ""],
                ["Hopper", "Grace", ""],
            ],
        }
    )


@pytest.fixture
def snapshot(tmp_path):
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    cats = ["cs.IR cs.LG", "astro-ph.EP", "cs.CL", "math.PR stat.ML"]
    path.write_text("\n".join(snapshot_line(i, cats[i % 4]) for i in range(40)) + "\n")
    return path


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
