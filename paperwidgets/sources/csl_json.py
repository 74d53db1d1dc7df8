"""CSL-JSON: what Zotero, Better BibTeX, Crossref and manubot export (a list of items).

Dates come in every ``date-parts`` shape (empty, null, strings, seasons, ranges, negative
years) or as ``raw``/``literal`` text: a record keeps the start date at the precision given.
Crossref abstracts carry JATS markup (``<jats:p>``), which is stripped.
"""

from __future__ import annotations

import re
from typing import Any

from paperwidgets.progress import progress
from paperwidgets.sources.records import (
    Record,
    arxiv_id,
    date_of,
    doi_of,
    ids_of,
    iso_date,
    json_items,
    keep_titled,
    parse_json,
    record,
    strip_tags,
    text_of,
)

_SNIFF = re.compile(r'"(type|issued|container-title|DOI|citation-key|author|URL)"\s*:')
_ARXIV_IN_TEXT = re.compile(r"arXiv[:\s]*(\d{4}\.\d{4,5})", re.I)
NAME_PARTS = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")


def looks_like(text: str) -> bool:
    """A JSON array or object whose first items carry CSL variables."""
    head = text[:4000]
    return head.lstrip()[:1] in ("[", "{") and bool(_SNIFF.search(head))


def _name(person: Any) -> str:
    if not isinstance(person, dict):
        return text_of(person)
    if person.get("literal"):
        return text_of(person["literal"])
    return " ".join(p for p in (text_of(person.get(k)) for k in NAME_PARTS) if p)


def date_of_csl(value: Any) -> str | None:
    """The start of a CSL date: ``date-parts`` first, then ``raw``, then ``literal``."""
    if not isinstance(value, dict):
        return date_of(value)
    parts = value.get("date-parts")
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
    return iso_date(*first[:3]) if first else date_of(value.get("raw") or value.get("literal"))


def _text(value: Any) -> str:
    """A CSL string variable (some exporters write a list of strings) without markup."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    return strip_tags(value)


def _arxiv(item: dict[str, Any]) -> str | None:
    for key in ("URL", "number", "note", "archive_location"):
        text = _text(item.get(key))
        found = arxiv_id(text) if "arxiv.org/" in text else None
        match = _ARXIV_IN_TEXT.search(text)
        if found:
            return found
        if match:
            return match.group(1)
    return None


def _extra(item: dict[str, Any], doi: str) -> dict[str, Any]:
    out = {
        "key": _text(item.get("citation-key") or item.get("id")),
        "type": _text(item.get("type")),
        "venue": _text(item.get("container-title")),
        "doi": doi,
        "publisher": _text(item.get("publisher")),
        "volume": _text(item.get("volume")),
        "number": _text(item.get("issue")),
        "pages": _text(item.get("page")),
        "keywords": [k.strip() for k in _text(item.get("keyword")).split(",") if k.strip()],
    }
    return {key: value for key, value in out.items() if value}


def to_record(item: dict[str, Any], name: str) -> Record:
    """One canonical record from a CSL item."""
    doi = doi_of(_text(item.get("DOI")))
    arxiv = _arxiv(item)
    title = _text(item.get("title"))
    authors = item.get("author")
    if not isinstance(authors, list):
        authors = []
    return record(
        id=ids_of(arxiv=arxiv, doi=doi, title=title),
        title=title,
        authors=[n for n in map(_name, authors) if n],
        abstract=_text(item.get("abstract")),
        published=date_of_csl(item.get("issued")),
        url=_text(item.get("URL")) or (f"https://doi.org/{doi}" if doi else ""),
        pdf_url=f"https://arxiv.org/pdf/{arxiv}" if arxiv else "",
        source=name,
        extra=_extra(item, doi),
    )


def read(text: str, name: str) -> list[Record]:
    """Records of a CSL-JSON file; LoadError names the item that is not a CSL object."""
    value = parse_json(text, name)
    if isinstance(value, dict) and isinstance(value.get("items"), list):
        value = value["items"]  # CSL-JSON wrapped as {"items": [...]} by some tools
    items = json_items(value, name, "CSL item")
    records = [to_record(item, name) for item in progress(items, f"reading {name}", "rec")]
    return keep_titled(records, name)
