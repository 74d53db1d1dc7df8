"""PaperCard and its static HTML fallback: feed text is always escaped text."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import paperwidgets as pw
from paperwidgets.fallbacks import card_html

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


def test_card_from_a_papers_row_with_nat_nan_and_numpy_values(daily_papers_path):
    """The README's `corpus.papers.iloc[0]`: a Series whose date may be NaT."""
    corpus = pw.load(daily_papers_path)
    row = corpus.papers.iloc[0].copy()
    row["published"] = pd.NaT
    row["abstract"] = float("nan")
    row["authors"] = np.array(["Muyao Li", "Zihao Wang"])
    row["extra"] = {**row["extra"], "upvotes": np.int64(7)}
    for paper in (row, row.to_dict(), corpus.paper(0)):
        card = pw.PaperCard(paper)
        json.dumps(card.paper)  # what the widget syncs is plain JSON
        out = card.static_html()
        assert html.escape(row["title"]) in out
    card = pw.PaperCard(row)
    assert card.paper["published"] is None and card.paper["abstract"] is None
    assert card.paper["authors"] == ["Muyao Li", "Zihao Wang"]
    assert card.paper["extra"]["upvotes"] == 7
    assert "Muyao Li, Zihao Wang" in card.static_html()


def hrefs(paper: dict) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', card_html(paper))


def test_links_from_an_arxiv_id_and_a_doi_without_a_url():
    assert hrefs({"id": "arxiv:2503.16365", "title": "T"}) == [
        ("https://arxiv.org/abs/2503.16365", "abs"),
        ("https://arxiv.org/pdf/2503.16365", "pdf"),
        ("https://arxiv.org/html/2503.16365", "html"),
    ]
    assert hrefs({"id": "doi:10.1002/jcc.20289", "title": "NAMD"}) == [
        ("https://doi.org/10.1002/jcc.20289", "doi")
    ]
    paper = {"id": "arxiv:2503.16365", "extra": {"doi": "10.1/a<b>#c"}}
    assert hrefs(paper)[-1] == ("https://doi.org/10.1/a%3Cb%3E%23c", "doi")


def test_a_scopus_row_links_its_doi(tmp_path):
    corpus = pw.load(Path(__file__).parent / "fixtures" / "csv" / "scopus-export.csv")
    links = dict((label, href) for href, label in hrefs(corpus.paper("doi:10.1002/jcc.20289")))
    assert links["doi"] == "https://doi.org/10.1002/jcc.20289"


def test_notes_take_a_papers_row_with_nat_and_numpy_values(daily_papers_path, tmp_path):
    corpus = pw.load(daily_papers_path)
    row = corpus.papers.iloc[0].copy()
    row["published"] = pd.NaT
    row["authors"] = np.array(["Muyao Li", "Zihao Wang"])
    notes = pw.Notes(tmp_path / "paper-notes.ipynb")
    notes.set(row, note="from a Series", rating=4)
    stored = pw.Notes(notes.path, read_only=True).get(row["id"])
    assert stored.paper["published"] is None and stored.paper["authors"] == [
        "Muyao Li",
        "Zihao Wang",
    ]
    assert (stored.note, stored.rating) == ("from a Series", 4)
    card = pw.PaperCard(row, notes=notes)
    assert card.annotation["note"] == "from a Series"
