"""The arXiv API (``/api/query``, Atom), paged as arXiv asks: 3 s between calls, ≤2000 a page.

Each page is fetched and cached on its own (see http.py), so a re-run reads them from disk
and waits for nothing.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from paperwidgets.feeds import cache
from paperwidgets.feeds.check import expect
from paperwidgets.feeds.http import Http, fetch, full_url

if TYPE_CHECKING:
    from paperwidgets.corpus import Corpus
    from paperwidgets.sources.records import Record

BASE_URL = "https://export.arxiv.org"
PAGE_LIMIT = 2000  # results per call arXiv serves
RESULT_LIMIT = 30000  # arXiv serves no result past start=30000
DELAY = 3.0  # seconds between calls, arXiv's terms of use for API users


def parse(text: str, url: str) -> list[Record]:
    """Records of one page of an arXiv API response (an API error feed is a LoadError)."""
    from paperwidgets.sources import arxiv_atom

    expect(text, url, arxiv_atom.looks_like, "an arXiv API Atom feed")
    return arxiv_atom.read(text, url)


def arxiv(
    query: str,
    max_results: int = 100,
    base_url: str = BASE_URL,
    page_size: int = 200,
    delay: float = DELAY,
    timeout: float = 30.0,
    retries: int = 2,
    backoff: float = 3.0,
) -> Corpus:
    """Papers matching an arXiv API ``search_query`` (e.g. ``"cat:cs.LG AND abs:diffusion"``).

    Pages of ``page_size`` are fetched ``delay`` seconds apart until ``max_results`` (at most
    30,000) or a short page (the end of the results); failures are :class:`~paperwidgets.LoadError`.
    """
    from paperwidgets.corpus import from_records

    if not query.strip():
        raise ValueError("arxiv() needs a search query, e.g. 'cat:cs.LG'")
    url = f"{base_url.rstrip('/')}/api/query"
    wanted = max(0, min(max_results, RESULT_LIMIT))
    size = max(1, min(page_size, PAGE_LIMIT))
    records: list[Record] = []
    while len(records) < wanted:
        asked = min(size, wanted - len(records))
        params = {"search_query": query, "start": len(records), "max_results": asked}
        if records and cache.get(full_url(url, params)) is None:
            time.sleep(delay)
        page = fetch(url, params, parse, Http(timeout, retries, backoff))
        records.extend(page)
        if len(page) < asked:  # the last page
            break
    return from_records(records)
