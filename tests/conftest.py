"""Shared fixtures: paths to the example listing, the committed real files and the XSS table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures"  # real files with their licences (fixtures/README.md)


@pytest.fixture(scope="session")
def daily_papers_path() -> Path:
    return EXAMPLES / "daily_papers.txt"


@pytest.fixture(scope="session")
def xss_payloads() -> list[str]:
    return json.loads((ROOT / "tests" / "xss_payloads.json").read_text())["payloads"]


USER = "Ada"  # who writes notes in the tests (test_notes_people.py checks how it is found)


@pytest.fixture(autouse=True)
def _private_state(tmp_path_factory, monkeypatch):
    """Merge undo copies go to a temporary state folder, never the user's ~/.local/state;
    notes are written as USER."""
    monkeypatch.setenv("PAPERWIDGETS_STATE", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("PAPERWIDGETS_USER", USER)


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """A cache folder of the test's own (full-text fetches, feeds, title look-ups)."""
    monkeypatch.setenv("PAPERWIDGETS_CACHE", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def arxiv():
    """The local replay "arXiv" (tests/replay.py), one per test module; it stops by itself."""
    from tests.replay import Replay

    with Replay(max_requests=400, max_seconds=300) as server:
        yield server


def own_values(cell: dict, user: str = USER) -> dict:
    """A person's values as a notes cell stores them (schema v2: metadata.paperwidgets.people)."""
    return cell["metadata"]["paperwidgets"]["people"][user]


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
def snapshot(tmp_path: Path) -> Path:
    """A 40-paper arXiv metadata snapshot (four category mixes) in a temporary folder."""
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    cats = ["cs.IR cs.LG", "astro-ph.EP", "cs.CL", "math.PR stat.ML"]
    path.write_text("\n".join(snapshot_line(i, cats[i % 4]) for i in range(40)) + "\n")
    return path
