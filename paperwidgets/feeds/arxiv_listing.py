"""A category's latest arXiv announcement: the listing feed ``rss.arxiv.org/atom/<category>``.

The Atom listing is read by the same arxiv-atom reader as the API (its ``oai:`` ids,
``dc:creator`` authors and "Announce Type" summary lines are handled there). A day without
an announcement (weekends) is an empty feed, hence an empty corpus.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from paperwidgets.feeds.check import expect
from paperwidgets.feeds.http import Http, fetch

if TYPE_CHECKING:
    from paperwidgets.corpus import Corpus
    from paperwidgets.sources.records import Record

BASE_URL = "https://rss.arxiv.org"
_CATEGORY = re.compile(r"^[a-z\-]+(\.[A-Za-z\-]+)?(\+[a-z\-]+(\.[A-Za-z\-]+)?)*$")


def parse(text: str, url: str) -> list[Record]:
    """Records of an arXiv listing feed."""
    from paperwidgets.sources import arxiv_atom

    expect(text, url, arxiv_atom.looks_like, "an arXiv listing Atom feed")
    return arxiv_atom.read(text, url)


def arxiv_new(
    category: str,
    base_url: str = BASE_URL,
    timeout: float = 20.0,
    retries: int = 2,
    backoff: float = 1.0,
) -> Corpus:
    """The papers of ``category``'s latest announcement (e.g. ``"cs.LG"``, ``"cs.CL+cs.AI"``)."""
    from paperwidgets.corpus import from_records

    if not _CATEGORY.match(category):
        raise ValueError(f"not an arXiv category: {category!r} (e.g. 'cs.LG' or 'cs.CL+cs.AI')")
    url = f"{base_url.rstrip('/')}/atom/{category}"
    records = fetch(url, None, parse, Http(timeout, retries, backoff))
    return from_records(records)
