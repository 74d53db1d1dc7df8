"""arXiv API Atom feeds (``export.arxiv.org/api/query``), legacy and 2026 layouts.

Ids lose their version (``arxiv:2403.16981``); categories start with the primary one; the PDF
link, DOI, journal reference and comment are kept. An arXiv *error* feed (one entry whose id is
``…/api/errors#…``) is a LoadError carrying the API's message; a feed with no entries is empty.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from paperwidgets.errors import LoadError
from paperwidgets.progress import progress
from paperwidgets.sources.records import (
    Record,
    clean_text,
    date_of,
    doi_of,
    ids_of,
    keep_titled,
    record,
)

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
# the listing feed (rss.arxiv.org/atom/<category>) starts each summary with this line
_ANNOUNCE = re.compile(r"^arXiv:\S+\s+Announce Type:\s*\S+\s*(Abstract:\s*)?")


def looks_like(text: str) -> bool:
    """An XML document whose root is an Atom <feed>."""
    head = text[:2000]
    return "<feed" in head and "http://www.w3.org/2005/Atom" in head


def _text(entry: ET.Element, tag: str) -> str:
    return clean_text(entry.findtext(tag))


def _links(entry: ET.Element) -> dict[str, str]:
    """'url', 'pdf' and 'doi' hrefs of an entry's <link>s."""
    links: dict[str, str] = {}
    for link in entry.iter(f"{ATOM}link"):
        href, title, rel = link.get("href", ""), link.get("title"), link.get("rel")
        if title == "pdf" or link.get("type") == "application/pdf":
            links.setdefault("pdf", href)
        elif title == "doi":
            links.setdefault("doi", href)
        elif rel in (None, "alternate"):
            links.setdefault("url", href)
    return links


def _categories(entry: ET.Element) -> list[str]:
    primary = entry.find(f"{ARXIV}primary_category")
    terms = [primary.get("term", "")] if primary is not None else []
    terms += [c.get("term", "") for c in entry.iter(f"{ATOM}category")]
    return list(dict.fromkeys(t for t in terms if t))


def _extra(entry: ET.Element, doi: str) -> dict[str, Any]:
    fields = {
        "doi": doi,
        "journal_ref": _text(entry, f"{ARXIV}journal_ref"),
        "comment": _text(entry, f"{ARXIV}comment"),
        "announce_type": _text(entry, f"{ARXIV}announce_type"),
        "updated": date_of(_text(entry, f"{ATOM}updated")),
    }
    return {key: value for key, value in fields.items() if value}


def _authors(entry: ET.Element) -> list[str]:
    """<author><name>s (API feed), else the comma-separated <dc:creator> (listing feed)."""
    names = [_text(a, f"{ATOM}name") for a in entry.iter(f"{ATOM}author")]
    if names:
        return names
    return [n.strip() for n in _text(entry, f"{DC}creator").split(",") if n.strip()]


def to_record(entry: ET.Element, name: str) -> Record:
    """One canonical record from an Atom <entry>."""
    links = _links(entry)
    doi = doi_of(_text(entry, f"{ARXIV}doi") or links.get("doi"))
    title = _text(entry, f"{ATOM}title")
    arxiv = _text(entry, f"{ATOM}id").removeprefix("oai:arXiv.org:")
    return record(
        id=ids_of(arxiv=arxiv, doi=doi, title=title),
        title=title,
        authors=_authors(entry),
        abstract=_ANNOUNCE.sub("", _text(entry, f"{ATOM}summary")),
        published=date_of(_text(entry, f"{ATOM}published")),
        url=links.get("url", ""),
        pdf_url=links.get("pdf", ""),
        categories=_categories(entry),
        source=name,
        extra=_extra(entry, doi),
    )


def _feed(text: str, name: str) -> ET.Element:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        line, column = err.position
        reason = str(err).split(":")[0]
        raise LoadError(
            name, f"not well-formed XML ({reason})", f"line {line} column {column}"
        ) from None
    if root.tag != f"{ATOM}feed":
        raise LoadError(name, f"the XML root is <{root.tag}>, not an Atom <feed>")
    return root


def _raise_api_error(entries: list[ET.Element], name: str) -> None:
    for number, entry in enumerate(entries, 1):
        if "/api/errors" in _text(entry, f"{ATOM}id"):
            message = _text(entry, f"{ATOM}summary") or _text(entry, f"{ATOM}title")
            raise LoadError(name, f"arXiv API error: {message}", f"entry {number}")


def read(text: str, name: str) -> list[Record]:
    """Records of an arXiv Atom feed; an API error feed raises LoadError with arXiv's message."""
    entries = _feed(text, name).findall(f"{ATOM}entry")
    _raise_api_error(entries, name)
    records = [to_record(entry, name) for entry in progress(entries, f"reading {name}", "rec")]
    return keep_titled(records, name) if records else []
