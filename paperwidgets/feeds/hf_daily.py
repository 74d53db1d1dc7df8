"""Hugging Face Daily Papers: ``/api/daily_papers?date=YYYY-MM-DD``, read by the hf-json reader."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from paperwidgets.feeds.check import expect
from paperwidgets.feeds.http import Http, fetch

if TYPE_CHECKING:
    from paperwidgets.corpus import Corpus
    from paperwidgets.sources.records import Record

BASE_URL = "https://huggingface.co"


def parse(text: str, url: str) -> list[Record]:
    """Records of a daily_papers response (an empty day is an empty list)."""
    from paperwidgets.sources import hf_json

    if text.strip() == "[]":
        return []
    expect(text, url, hf_json.looks_like, "Hugging Face Daily Papers JSON")
    return hf_json.read(text, url)


def daily_papers(
    date: str | dt.date | None = None,
    base_url: str = BASE_URL,
    timeout: float = 20.0,
    retries: int = 2,
    backoff: float = 1.0,
) -> Corpus:
    """The Daily Papers of ``date`` (default: the latest), fetched once a day and cached.

    Any failure (no network and no cached copy, HTTP error, rate limit, a body that is not
    the listing) is a :class:`~paperwidgets.LoadError` naming the URL.
    """
    from paperwidgets.corpus import from_records

    day = date.isoformat() if isinstance(date, dt.date) else date
    if day is not None:
        dt.date.fromisoformat(day)  # ValueError for anything but YYYY-MM-DD
    url = f"{base_url.rstrip('/')}/api/daily_papers"
    records = fetch(url, {"date": day}, parse, Http(timeout, retries, backoff))
    return from_records(records)
