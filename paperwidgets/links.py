"""A paper's links: the listing's own, arXiv abs/PDF/HTML from an arXiv id, doi.org from a DOI.

The one Python place for the rule; ``cardLinks`` in js/src/lib/format.js is the same rule for
the widgets. Cards, the Reader and the static renderings all use these.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

DOI_SAFE = "/!*'()"  # what encodeURIComponent leaves too, and the DOI's slashes


def safe_url(value: Any) -> str | None:
    """The URL if it is http(s) or mailto, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    scheme = urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in {"http", "https", "mailto"} else None


def arxiv_of(paper: Mapping[str, Any]) -> str:
    """The bare arXiv id of a paper (its ``arxiv:`` id), or ''."""
    pid = str(paper.get("id") or "")
    return pid.removeprefix("arxiv:") if pid.startswith("arxiv:") else ""


def doi_of(paper: Mapping[str, Any]) -> str:
    """The bare DOI of a paper (its ``doi:`` id or ``extra["doi"]``), or ''."""
    pid = str(paper.get("id") or "")
    extra = paper.get("extra")
    doi = extra.get("doi") if isinstance(extra, Mapping) else None
    if pid.startswith("doi:"):
        doi = pid[4:]
    return doi.strip() if isinstance(doi, str) else ""


def arxiv_url(arxiv: str, kind: str = "abs") -> str:
    """https://arxiv.org/<kind>/<id> for kind abs, pdf or html."""
    return f"https://arxiv.org/{kind}/{arxiv}"


def doi_url(doi: str) -> str:
    """https://doi.org/<doi>, escaped the way the JS core escapes it."""
    return f"https://doi.org/{quote(doi, safe=DOI_SAFE)}"


def title_search_url(title: str) -> str | None:
    """arXiv's title search: the link a card offers when the listing gave none."""
    query = quote(str(title or "").strip(), safe="")
    return f"https://arxiv.org/search/?query={query}&searchtype=title" if query else None


def paper_links(paper: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, href) of a paper's links: abs, pdf, html, doi, else a title search."""
    arxiv, doi = arxiv_of(paper), doi_of(paper)
    candidates = [
        ("abs", safe_url(paper.get("url")) or (arxiv and arxiv_url(arxiv, "abs"))),
        ("pdf", safe_url(paper.get("pdf_url")) or (arxiv and arxiv_url(arxiv, "pdf"))),
        ("html", arxiv and arxiv_url(arxiv, "html")),
        ("doi", doi and doi_url(doi)),
    ]
    if not any(href for _, href in candidates):
        candidates.append(("search arXiv", title_search_url(paper.get("title") or "")))
    links: list[tuple[str, str]] = []
    for label, href in candidates:
        if href and href not in (h for _, h in links):
            links.append((label, href))
    return links
