"""PaperCard and its static HTML fallback: feed text is always escaped text."""

from __future__ import annotations

import html
import re

import pytest

import paperwidgets as pw
from paperwidgets.render import card_html

LIVE_TAG = re.compile(r"<\s*(script|img|svg|iframe|style|details|a\s+href=\"javascript)", re.I)


def test_card_for_a_paper_of_the_listing(daily_papers_path):
    corpus = pw.load(daily_papers_path)
    card = corpus.card("Qwen2.5 Technical Report")
    assert card.paper["title"] == "Qwen2.5 Technical Report"
    data, _ = card._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert "<h3" in data["text/html"] and "Qwen2.5 Technical Report" in data["text/html"]


def test_card_js_and_css_come_from_the_built_bundle():
    card = pw.PaperCard({"id": "x", "title": "T"})
    assert "render" in card._esm
    assert ".pw-card" in card._css


def test_fallback_escapes_every_payload(xss_payloads):
    for payload in xss_payloads:
        paper = {
            "title": payload,
            "abstract": payload,
            "authors": [payload],
            "categories": [payload],
            "url": "javascript:alert(1)",
            "pdf_url": payload,
        }
        out = card_html(paper)
        assert not LIVE_TAG.search(out), (payload, out)
        assert html.escape(payload) in out
        assert 'href="javascript' not in out


@pytest.mark.parametrize(
    ("url", "shown"),
    [("https://arxiv.org/abs/2412.15115", True), ("javascript:alert(1)", False), ("", False)],
)
def test_fallback_links_only_http(url, shown):
    out = card_html({"title": "T", "url": url})
    assert ('href="https://arxiv.org/abs/2412.15115"' in out) is shown


def test_long_author_lists_are_shortened():
    authors = [f"Author {i}" for i in range(1000)]
    out = card_html({"title": "T", "authors": authors})
    assert "Author 5 + 994 more" in out
    assert "Author 999" not in out


def test_fallback_shows_the_listing_date_when_there_is_no_paper_date():
    assert "listed Mar 21" in card_html({"title": "T", "extra": {"listed": "Mar 21"}})
    assert "2025-03-21" in card_html({"title": "T", "published": "2025-03-21T00:00:00+00:00"})
