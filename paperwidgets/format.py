"""How a paper's fields are shown: authors, dates and links (the twin of js/src/lib/format.js).

The one Python place for these rules; js/src/lib/format.js holds the same rules for the
widgets (``formatAuthors``, ``listedText``, ``cardLinks``). Links: the listing's own, arXiv
abs/PDF/HTML from an arXiv id, doi.org from a DOI, else an arXiv title search.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

DOI_SAFE = "/!*'()"  # what encodeURIComponent leaves too, and the DOI's slashes
MAX_AUTHORS = 6


def authors_text(authors: Any, limit: int = MAX_AUTHORS) -> str:
    """ "A, B, C + 2 more" — the same rule as the widget's formatAuthors."""
    names = [str(a).strip() for a in (authors or []) if str(a).strip()]
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} + {len(names) - limit} more"


def date_text(paper: Mapping[str, Any]) -> str:
    """The paper's date, else "listed Mar 21" when only the listing's date is known."""
    published = (paper.get("published") or "")[:10]
    extra = paper.get("extra")
    listed = extra.get("listed") if isinstance(extra, Mapping) else None
    return published or (f"listed {listed}" if listed else "")


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
    candidates: list[tuple[str, str | None]] = [
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
