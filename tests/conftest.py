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
