"""Feeds: fetch today's listings (Hugging Face Daily Papers, arXiv search, arXiv new) into a Corpus.

One module per feed, each behind the reader of its format (sources/), so a fetched corpus is
the same as one loaded from the saved file. http.py fetches (httpx, retries, LoadError);
cache.py keeps each response per URL and day under ``$PAPERWIDGETS_CACHE``.
"""

from __future__ import annotations

from paperwidgets.feeds.arxiv_api import arxiv
from paperwidgets.feeds.arxiv_listing import arxiv_new
from paperwidgets.feeds.hf_daily import daily_papers

__all__ = ["arxiv", "arxiv_new", "daily_papers"]
