"""BibTeX and BibLaTeX files, read with ``bibtexparser`` v2 and its middlewares.

``@string`` macros are interpolated, LaTeX accents decoded to unicode, protective braces
dropped, ``crossref`` parents fill the fields a child lacks, and entries that repeat a key
(common in Mendeley exports) are kept, not lost. ``@comment`` and ``@preamble`` are ignored.
"""

from __future__ import annotations

import re
from typing import Any

from paperwidgets.errors import LoadError
from paperwidgets.sources.records import (
    arxiv_id,
    clean_text,
    date_of,
    doi_of,
    ids_of,
    iso_date,
    keep_titled,
    progress,
    record,
)

_SNIFF = re.compile(r"^[ \t]*@[A-Za-z_]+[ \t]*[{(]", re.M)
_ARXIV_IN_TEXT = re.compile(r"arXiv[:\s]*(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.I)
_BRACES = str.maketrans({"{": None, "}": None, "~": " "})
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
# the fields a record uses: others are dropped before LaTeX decoding, which is the slow step
FIELDS = {
    "title", "author", "abstract", "year", "date", "month", "doi", "eprint", "archiveprefix",
    "eprinttype", "primaryclass", "eprintclass", "url", "journal", "journaltitle", "booktitle",
    "keywords", "crossref", "publisher", "volume", "number", "pages", "note", "howpublished",
}  # fmt: skip
ORIGINAL_KEY = "x-paperwidgets-key"


def looks_like(text: str) -> bool:
    """A line that opens an ``@type{`` or ``@type(`` block."""
    return bool(_SNIFF.search(text))


def _middlewares() -> list:
    """bibtexparser's parse stack plus our field filter, LaTeX decoding and name splitting."""
    from bibtexparser import middlewares as mw
    from bibtexparser.model import DuplicateBlockKeyBlock

    class KeepFields(mw.BlockMiddleware):
        """Lower-case field keys, keep only FIELDS, and keep entries whose key repeats."""

        def transform_block(self, block: Any, library: Any) -> Any:
            if isinstance(block, DuplicateBlockKeyBlock):
                block = _renamed(block)
            return super().transform_block(block, library)

        def transform_entry(self, entry: Any, library: Any) -> Any:
            entry.fields = [f for f in entry.fields if _lower(f).key in FIELDS | {ORIGINAL_KEY}]
            return entry

    class DecodeLatex(mw.LatexDecodingMiddleware):
        """LaTeX → unicode; values with no LaTeX command just lose braces (decoding is slow)."""

        def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
            if "\\" not in python_string:
                return python_string.translate(_BRACES), ""
            return super()._transform_python_value_string(python_string)

    return [
        KeepFields(),
        mw.ResolveStringReferencesMiddleware(True),
        mw.RemoveEnclosingMiddleware(True),
        DecodeLatex(),
        mw.SeparateCoAuthors(),
        mw.SplitNameParts(),
        mw.MergeNameParts("first"),
    ]


def _lower(field: Any) -> Any:
    field.key = field.key.lower()
    return field


def _renamed(block: Any) -> Any:
    """The entry of a DuplicateBlockKeyBlock, under a unique key (the original one is kept)."""
    from bibtexparser.model import Entry, Field

    entry = block.ignore_error_block
    if not isinstance(entry, Entry):
        return block
    entry.fields.append(Field(ORIGINAL_KEY, entry.key))
    entry.key = f"{entry.key}\x00{block.start_line}"
    return entry


def parse(text: str, name: str) -> Any:
    """The bibtexparser Library of a text; LoadError when the parser itself gives up."""
    import bibtexparser

    try:
        return bibtexparser.parse_string(text, parse_stack=_middlewares())
    except Exception as err:  # a third-party parser: any failure means "not readable BibTeX"
        raise LoadError(name, f"BibTeX parser failed: {err}") from None


def _with_crossref(fields: dict, parents: dict[str, dict]) -> dict:
    """Fields a child entry lacks, taken from its crossref parent (parent title → booktitle)."""
    parent = parents.get(str(fields.get("crossref", "")).lower())
    if not parent:
        return fields
    inherited = {k: v for k, v in parent.items() if k not in ("title", "crossref")}
    if "title" in parent:
        inherited.setdefault("booktitle", parent["title"])
    return {**inherited, **fields}


def _month(value: Any) -> str | None:
    text = str(value or "").strip().lower()
    if text.isdigit():
        return text
    return str(MONTHS.index(text[:3]) + 1) if text[:3] in MONTHS else None


def _arxiv(fields: dict) -> str | None:
    eprint = str(fields.get("eprint", ""))
    kind = str(fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    if eprint and kind == "arxiv" and arxiv_id(eprint):
        return arxiv_id(eprint)
    if "arxiv.org/" in str(fields.get("url", "")):
        return arxiv_id(str(fields["url"]))
    for key in ("journal", "note", "howpublished"):
        match = _ARXIV_IN_TEXT.search(str(fields.get(key, "")))
        if match:
            return match.group(1)
    return None


def _authors(value: Any) -> list[str]:
    names = value if isinstance(value, list) else [value] if value else []
    return [clean_text(n) for n in names if clean_text(n)]


def _extra(entry: Any, fields: dict, doi: str) -> dict:
    out = {
        "key": fields.get(ORIGINAL_KEY, entry.key),
        "type": entry.entry_type.lower(),
        "venue": clean_text(
            fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle")
        ),
        "doi": doi,
        "publisher": clean_text(fields.get("publisher")),
        "keywords": [
            k.strip() for k in re.split(r"[;,]", str(fields.get("keywords", ""))) if k.strip()
        ],
    }
    return {key: value for key, value in out.items() if value}


def to_record(entry: Any, fields: dict, name: str) -> dict:
    """One canonical record from a parsed entry's (crossref-completed) fields."""
    doi = doi_of(fields.get("doi")) or doi_of(fields.get("url"))
    arxiv = _arxiv(fields)
    title = clean_text(fields.get("title"))
    url = clean_text(fields.get("url")) or (f"https://doi.org/{doi}" if doi else "")
    published = date_of(fields.get("date")) or iso_date(
        date_of(fields.get("year")), _month(fields.get("month"))
    )
    return record(
        id=ids_of(arxiv=arxiv, doi=doi, title=title),
        title=title,
        authors=_authors(fields.get("author")),
        abstract=clean_text(fields.get("abstract")),
        published=published,
        url=url or (f"https://arxiv.org/abs/{arxiv}" if arxiv else ""),
        pdf_url=f"https://arxiv.org/pdf/{arxiv}" if arxiv else "",
        categories=[
            c for c in [clean_text(fields.get("primaryclass") or fields.get("eprintclass"))] if c
        ],
        source=name,
        extra=_extra(entry, fields, doi),
    )


def _report_failures(library: Any, name: str) -> None:
    """LoadError if nothing parsed; one warning counting unparseable blocks otherwise."""
    import warnings

    from bibtexparser.model import DuplicateBlockKeyBlock

    failed = [b for b in library.failed_blocks if not isinstance(b, DuplicateBlockKeyBlock)]
    if not failed:
        return
    first = failed[0]
    where = f"line {(first.start_line or 0) + 1}"
    if not library.entries:
        raise LoadError(name, f"unreadable BibTeX block: {first.error}", where)
    warnings.warn(
        f"{name}: skipped {len(failed)} unreadable BibTeX blocks (first at {where}: {first.error})",
        UserWarning,
        stacklevel=3,
    )


def read(text: str, name: str) -> list[dict]:
    """Records of a BibTeX/BibLaTeX text; LoadError when it holds no entry at all."""
    library = parse(text, name)
    _report_failures(library, name)
    if not library.entries:
        raise LoadError(name, "no BibTeX entries (@article{…}, @book{…}, …) found")
    parents = {e.key.lower(): {f.key: f.value for f in e.fields} for e in library.entries}
    records = []
    for entry in progress(library.entries, name):
        fields = _with_crossref({f.key: f.value for f in entry.fields}, parents)
        records.append(to_record(entry, fields, name))
    return keep_titled(records, name)
