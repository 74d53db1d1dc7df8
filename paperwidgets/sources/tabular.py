"""Tables of papers: CSV exports, JSON lines (arXiv dumps), JSON arrays and DataFrames.

Zotero, Scopus, IEEE Xplore, Springer and Web of Science (tab-delimited) exports are
recognised by their headers; any other table works when it has a title column, or with
``columns={"title": …, "abstract": …}``. A table that carries an ``id`` keeps it.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from paperwidgets.errors import LoadError
from paperwidgets.progress import progress
from paperwidgets.sources.records import (
    BoundedInts,
    Record,
    date_of,
    doi_of,
    given_id,
    ids_of,
    json_items,
    json_loads,
    keep_titled,
    parse_json,
    record,
    split_names,
    strip_tags,
    text_of,
)

# export -> (columns that identify it, author separator)
EXPORTS = {
    "zotero": ({"Key", "Item Type", "Abstract Note"}, ";"),
    "scopus": ({"Authors", "Title", "Source title"}, None),
    "ieee-xplore": ({"Document Title", "Authors", "PDF Link"}, ";"),
    "springer": ({"Item Title", "Item DOI", "Content Type"}, None),
    "web-of-science": ({"PT", "AU", "TI", "SO"}, ";"),
}
# field -> column names to try, matched case-insensitively, first present wins
ALIASES = {
    "id": ["id"],
    "title": ["title", "Document Title", "Item Title", "Article Title", "TI"],
    "abstract": ["abstract", "summary", "Abstract Note", "AB"],
    "authors_parsed": ["authors_parsed"],  # arXiv metadata dumps: [[last, first, suffix], …]
    "authors": ["authors", "author", "Author full names", "AU"],
    "published": ["published", "publishedAt", "date", "Publication Date", "Online Date",
                  "update_date", "updated_date", "listing_date", "year", "Publication Year", "PY"],
    "doi": ["doi", "Item DOI", "DI"],
    "url": ["url", "abs", "link", "abs_url"],
    "pdf_url": ["pdf_url", "pdf", "PDF Link"],
    "categories": ["categories"],
    "primary_category": ["primary_category"],
    "venue": ["Publication Title", "Source title", "journal-ref", "journal", "SO"],
    "keywords": ["Author Keywords", "Manual Tags", "keywords"],
    "comment": ["comment", "comments"],
    "key": ["Key", "EID"],
}  # fmt: skip
EXTRA_FIELDS = ("venue", "keywords", "comment", "key")


def _header(text: str) -> list[str]:
    lines = text.lstrip("\ufeff")[:65536].splitlines()
    first = lines[0] if lines else ""
    try:
        return next(csv.reader([first], delimiter=_delimiter(first)), [])
    except csv.Error:
        return []


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", "\t", ";")}
    return max(counts, key=lambda d: counts[d])


def looks_like_csv(text: str) -> bool:
    """A header line of two or more columns, one of them a known title column."""
    header = [h.strip().lower() for h in _header(text)]
    titles = {t.lower() for t in ALIASES["title"]}
    return len(header) >= 2 and bool(titles & set(header))


def looks_like_jsonl(text: str) -> bool:
    """A first line that is a whole JSON object."""
    first = text.lstrip().split("\n", 1)[0]
    if not first.startswith("{"):
        return False
    try:
        return isinstance(json_loads(first), dict)
    except (ValueError, RecursionError):
        return False


def column_map(names: list[str], columns: dict[str, str] | None, name: str) -> dict[str, str]:
    """field -> column of this table: `columns` first, then the known aliases."""
    lower = {str(n).strip().lower(): n for n in names}
    mapping: dict[str, str] = {}
    for field, column in (columns or {}).items():
        if column not in names:
            raise LoadError(name, f"columns= names {column!r} for {field!r}, not a column here")
        mapping[field] = column
    for field, aliases in ALIASES.items():
        found = next((lower[a.lower()] for a in aliases if a.lower() in lower), None)
        if field not in mapping and found is not None:
            mapping[field] = found
    if "title" not in mapping:
        shown = ", ".join(map(str, names[:12]))
        raise LoadError(name, f"no title column among [{shown}]; pass columns={{'title': …}}")
    return mapping


def export_of(names: list[str]) -> tuple[str, str | None]:
    """(export name, author separator) recognised from a header, or ('', None)."""
    present = set(map(str, names))
    for export, (needed, separator) in EXPORTS.items():
        if needed <= present:
            return export, separator
    return "", None


def authors_of(value: Any, parsed: Any, separator: str | None) -> list[str]:
    """Names from arXiv's authors_parsed, a list, or one string ('A; B', 'A, B and C')."""
    if isinstance(parsed, list) and parsed and all(isinstance(v, list) for v in parsed):
        return [" ".join(text_of(p) for p in reversed(v[:2]) if text_of(p)) for v in parsed]
    if isinstance(value, list) or separator:
        return split_names(value, separator or ";")
    text = text_of(value)
    if ";" in text:
        return split_names(text, ";")
    return [name for name in re.split(r",\s*|\s+and\s+", text) if name.strip()]


def categories_of(value: Any, primary: Any) -> list[str]:
    """Categories from a list or one string ('cs.LG stat.ML', 'cs.LG, stat.ML'), primary first."""
    values = value if isinstance(value, list) else text_of(value).replace(",", " ").split()
    return list(dict.fromkeys(c for c in [text_of(primary), *map(text_of, values)] if c))


def _extra(row: dict[str, Any], mapping: dict[str, str], export: str, doi: str) -> dict[str, Any]:
    out: dict[str, Any] = {"export": export, "doi": doi}
    for field in EXTRA_FIELDS:
        value = row.get(mapping.get(field, ""))
        out[field] = split_names(value, ";") if field == "keywords" else text_of(value)
    if not export:  # a user's own table: keep its other columns
        used = set(mapping.values())
        out.update({k: v for k, v in row.items() if k not in used and k not in out})
    return {k: v for k, v in out.items() if kept_value(v)}


def kept_value(value: Any) -> bool:
    """Whether ``extra`` keeps a value: not empty, not missing (NaN, NaT, ``pd.NA``)."""
    try:
        return bool(value not in ("", [], None) and value == value)
    except (TypeError, ValueError):  # pd.NA has no truth value; an array compares per item
        return type(value).__name__ != "NAType"


def to_record(
    row: dict[str, Any], mapping: dict[str, str], export: tuple[str, str | None], name: str
) -> Record:
    """One canonical record from a table row (a dict of column -> value)."""

    def get(field: str) -> Any:
        return row.get(mapping.get(field, ""))

    title = strip_tags(get("title"))
    doi = doi_of(get("doi"))
    url, pdf = text_of(get("url")), text_of(get("pdf_url"))
    has_id = "id" in mapping and text_of(get("id"))
    return record(
        id=given_id(get("id"), title) if has_id else ids_of(arxiv=url, doi=doi, title=title),
        title=title,
        authors=authors_of(get("authors"), get("authors_parsed"), export[1]),
        abstract=strip_tags(get("abstract")),
        published=date_of(get("published")),
        url=url or (f"https://doi.org/{doi}" if doi else ""),
        pdf_url=pdf,
        categories=categories_of(get("categories"), get("primary_category")),
        source=name,
        extra=_extra(row, mapping, export[0], doi),
    )


def read_rows(
    rows: list[dict[str, Any]], names: list[str], name: str, columns: dict[str, str] | None
) -> list[Record]:
    """Records of table rows with these column names."""
    mapping = column_map(names, columns, name)
    export = export_of(names)
    records = [
        to_record(row, mapping, export, name) for row in progress(rows, f"reading {name}", "rec")
    ]
    return keep_titled(records, name)


def read_csv(text: str, name: str, columns: dict[str, str] | None = None) -> list[Record]:
    """Records of a CSV (or tab/semicolon-separated) export; LoadError names a bad line."""
    text = text.lstrip("\ufeff")
    header = (text[:65536].splitlines() or [""])[0]
    delimiter = _delimiter(header)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[dict[str | None, Any]] = []  # DictReader files extra fields under None
    before = end = 0  # the lines read before the last record, and after it
    try:
        for row in reader:
            rows.append(row)
            before, end = end, reader.line_num
    except csv.Error as err:
        raise LoadError(name, f"not readable CSV: {err}", f"line {reader.line_num}") from None
    if not reader.fieldnames:
        raise LoadError(name, "empty: no CSV header line")
    start = max(before, 1) + 1
    if end > start:  # the last record spans lines: was a quote left open?
        _check_closed(text, start, delimiter, name)
    _warn_long_rows(rows, name)
    named = [{k: v for k, v in row.items() if k is not None} for row in rows]
    return read_rows(named, list(reader.fieldnames), name, columns)


def _check_closed(text: str, start: int, delimiter: str, name: str) -> None:
    """LoadError if the record from line ``start`` opens a quote that never closes: Python's
    csv then takes the rest of the file into that one field (rows silently merged)."""
    lines = io.StringIO(text, newline="")
    offset = sum(len(line) for _, line in zip(range(start - 1), lines, strict=False))
    tail = io.StringIO(text[offset:], newline="")
    try:
        for _row in csv.reader(tail, delimiter=delimiter, strict=True):
            pass
    except csv.Error as err:
        if "end of data" not in str(err):  # strict's other complaints: read as before
            return
        raise LoadError(
            name,
            "a quoted field is never closed: it would take in every line after it",
            f"line {start}",
        ) from None


def _warn_long_rows(rows: list[dict[str | None, Any]], name: str) -> None:
    """One warning when rows have more fields than the header (their last columns shift)."""
    import warnings

    long = sum(1 for row in rows if row.get(None))
    if long:
        warnings.warn(
            f"{name}: {long} of {len(rows)} rows have more fields than the header; "
            "values in their last columns may be shifted",
            UserWarning,
            stacklevel=4,
        )


def _json_line(line: str, number: int, name: str, ints: BoundedInts) -> dict[str, Any]:
    try:
        value = json_loads(line, ints)
    except (ValueError, RecursionError) as err:
        raise LoadError(name, f"not a JSON object: {err}", f"line {number}") from None
    if not isinstance(value, dict):
        raise LoadError(
            name, f"expected a JSON object, found {type(value).__name__}", f"line {number}"
        )
    return value


def read_jsonl(text: str, name: str, columns: dict[str, str] | None = None) -> list[Record]:
    """Records of JSON lines, one paper object per line; LoadError names the bad line."""
    lines = text.lstrip("\ufeff").split("\n")
    ints = BoundedInts()
    rows = [_json_line(line, n, name, ints) for n, line in enumerate(lines, 1) if line.strip()]
    if not rows:
        raise LoadError(name, "empty: no JSON lines")
    ints.warn(name)
    names = list(dict.fromkeys(k for row in rows for k in row))
    return read_rows(rows, names, name, columns)


def looks_like_json_records(text: str) -> bool:
    """A JSON array whose first object has a title key (``DataFrame.to_json(orient="records")``)."""
    head = text.lstrip()[:4000]
    return head.startswith("[") and bool(re.search(r'"(title|Title)"\s*:', head))


def read_json_records(text: str, name: str, columns: dict[str, str] | None = None) -> list[Record]:
    """Records of a JSON array of paper objects (one per paper, like JSON lines)."""
    rows = json_items(parse_json(text, name), name, "paper")
    if not rows:
        raise LoadError(name, "empty: a JSON array with no papers")
    names = list(dict.fromkeys(k for row in rows for k in row))
    return read_rows(rows, names, name, columns)
