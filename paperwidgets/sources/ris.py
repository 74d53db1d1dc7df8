"""RIS files (and Web of Science plain-text exports), read with ``rispy``.

Handles a BOM, CRLF line ends, continuation lines, junk between records and a last record
with no ``ER`` line. Vendor variants (Scopus, Embase, Ovid, ProQuest, PubMed, IEEE Xplore,
Web of Science) differ in which tag carries what: each field below lists the tags to try.
"""

from __future__ import annotations

import re
from typing import Any

from paperwidgets.errors import LoadError
from paperwidgets.progress import progress
from paperwidgets.sources.records import (
    Record,
    arxiv_id,
    clean_text,
    date_of,
    doi_of,
    ids_of,
    keep_titled,
    record,
    strip_tags,
)

_SNIFF = re.compile(r"^(TY  -|PT [A-Z]$)", re.M)
_WOS = re.compile(r"^\s*(FN |VR |PT [A-Z]\s*$)")
# TI T1 (WoS TI), then the short title ST and T2 for a record that has no other title
TITLE_KEYS = ("title", "primary_title", "document_title", "translated_title", "short_title",
              "secondary_title")  # fmt: skip
# canonical field -> rispy keys, first non-empty wins (RIS tag in the comment)
KEYS = {
    "title": TITLE_KEYS,
    "authors": ("author_full_name", "authors", "first_authors", "secondary_authors"),  # AF AU A1
    "abstract": ("abstract", "notes_abstract"),  # AB N2
    "date": ("date", "year", "publication_year"),  # DA PY Y1
    "venue": ("secondary_title", "journal_name", "alternate_title3", "publication_name"),
    "doi": ("doi", "digital_object_identifier"),  # DO (WoS DI)
    "urls": ("urls", "link_to_pdf", "file_attachments1", "file_attachments2"),  # UR L1 L2
}


def looks_like(text: str) -> bool:
    """A ``TY  - `` line (RIS) or a Web of Science ``FN``/``PT`` header near the top."""
    return bool(_SNIFF.search(text[:65536])) or bool(_WOS.match(text[:200]))


def _first(item: dict[str, Any], field: str) -> Any:
    for key in KEYS[field]:
        value = item.get(key)
        if value not in (None, "", []):
            return value
    return None


def _list(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    return [clean_text(v) for v in values if isinstance(v, str) and clean_text(v)]


def _ids(item: dict[str, Any], urls: list[str]) -> tuple[str | None, str]:
    """(arXiv id, DOI) from the DOI tag or any URL of a record."""
    doi = doi_of(_first(item, "doi")) or next((doi_of(u) for u in urls if "doi" in u), "")
    arxiv = next((arxiv_id(u) for u in urls if "arxiv.org/" in u and arxiv_id(u)), None)
    return arxiv, doi


def _extra(item: dict[str, Any], doi: str) -> dict[str, Any]:
    out = {
        "type": clean_text(item.get("type_of_reference") or item.get("publication_type")),
        "venue": clean_text(" ".join(_list(_first(item, "venue"))[:1])),
        "doi": doi,
        "keywords": _list(item.get("keywords")),
        "database": clean_text(item.get("name_of_database")),
        "key": clean_text(item.get("id") if isinstance(item.get("id"), str) else ""),
        "volume": clean_text(item.get("volume")),
        "number": clean_text(item.get("number")),
        "pages": "-".join(
            clean_text(item.get(k)) for k in ("start_page", "end_page") if item.get(k)
        ),
    }
    return {key: value for key, value in out.items() if value}


def to_record(item: dict[str, Any], name: str) -> Record:
    """One canonical record from a rispy record dict."""
    urls = _list(_first(item, "urls"))
    arxiv, doi = _ids(item, urls)
    title = " ".join(_list(_first(item, "title")))
    abstract = _first(item, "abstract")
    return record(
        id=ids_of(arxiv=arxiv, doi=doi, title=title),
        title=title,
        authors=_list(_first(item, "authors")),
        abstract=strip_tags(" ".join(_list(abstract))),
        published=date_of(" ".join(_list(_first(item, "date")))),
        url=next((u for u in urls if u.startswith("http")), "")
        or (f"https://doi.org/{doi}" if doi else ""),
        pdf_url=f"https://arxiv.org/pdf/{arxiv}" if arxiv else "",
        source=name,
        extra=_extra(item, doi),
    )


def parse(text: str, name: str) -> list[dict[str, Any]]:
    """rispy's records of a text (a missing final ER is supplied); LoadError if rispy fails."""
    import rispy

    wos = bool(_WOS.match(text[:200]))
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    lines += "\nEF\n" if wos else "\nER  - \n"
    try:
        parser = rispy.WokParser if wos else rispy.RisParser
        records: list[dict[str, Any]] = rispy.loads(lines, implementation=parser)
        return records
    except Exception as err:  # a third-party parser: any failure means "not readable RIS"
        raise LoadError(name, f"RIS parser failed: {err!r}") from None


def read(text: str, name: str) -> list[Record]:
    """Records of a RIS text; LoadError when it holds no RIS record."""
    items = parse(text, name)
    if not items:
        raise LoadError(name, "no RIS records (a 'TY  - ' line starts each record)")
    records = [to_record(item, name) for item in progress(items, f"reading {name}", "rec")]
    return keep_titled(records, name)
