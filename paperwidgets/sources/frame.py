"""A pandas DataFrame of papers, read column by column: ``pw.load(df)`` at DataFrame speed.

The rules are the table rules of tabular.py (column aliases, exports, ids, authors, dates,
links, ``extra``), applied to whole columns instead of one row dict at a time: a rule runs once
per distinct value of a repetitive column (dates, categories, venues), text that is already
clean keeps its very string object (a million abstracts are not copied), and only rows that
share an id or DOI with another row go through the record-by-record merge. The papers are
those of reading the rows one by one (tests/test_sources_frame.py keeps that reader as the
oracle), except that a cell holding a numpy array (how Parquet gives a list column) reads
like a list, and a missing value of a nullable column (``pd.NA``) like any missing value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from paperwidgets.sources.merge import distinct_ids, doi_key, merge_groups
from paperwidgets.sources.records import (
    COLUMNS,
    MAX_FIELD,
    check_size,
    date_of,
    doi_of,
    given_id,
    ids_of,
    skipped_untitled,
    split_names,
    stand_in,
    strip_tags,
    text_of,
)
from paperwidgets.sources.tabular import (
    EXTRA_FIELDS,
    authors_of,
    categories_of,
    column_map,
    export_of,
    kept_value,
)
from paperwidgets.sources.text_cells import clean_texts, split_runs, text_items, text_lists

Columns = dict[str, list[Any]]  # canonical column -> one value per paper
Column = pd.Series | None  # a frame's column, None where the frame has none


def read_frame(frame: pd.DataFrame, name: str, columns: dict[str, str] | None = None) -> Columns:
    """The canonical columns of a DataFrame's papers: titled or stood in, not yet merged."""
    table = _Table(frame)
    mapping = column_map(table.names, columns, name)
    export, separator = export_of(table.names)
    n = len(table)

    def get(field: str) -> Column:  # tabular's row.get(mapping.get(field, "")), for a column
        return table.get(mapping.get(field, ""))

    title, abstract = _stripped(get("title"), n), _stripped(get("abstract"), n)
    doi = [doi_of(v) if v is not None else "" for v in _cells(get("doi"), n)]
    url, pdf = _texts(get("url"), n), _texts(get("pdf_url"), n)
    papers: Columns = {
        "id": _ids(get("id") if "id" in mapping else None, title, url, doi),
        "title": title,
        "authors": _authors(get("authors"), get("authors_parsed"), separator, n),
        "abstract": abstract,
        "published": _by_value(get("published"), date_of, n),
        "url": [u or (f"https://doi.org/{d}" if d else "") for u, d in zip(url, doi, strict=True)],
        "pdf_url": pdf,
        "categories": _categories(get("categories"), get("primary_category"), n),
        "source": [name] * n,
        "extra": _extras(table, mapping, export, doi),
    }
    return _keep_titled(papers, name)


def records_of(papers: Columns) -> list[dict[str, Any]]:
    """The papers as record dicts (to merge with other sources)."""
    return [dict(zip(COLUMNS, row, strict=True)) for row in zip(*papers.values(), strict=True)]


class _Table:
    """A frame's columns by name, as ``dict(zip(names, row))`` sees them (the last one wins)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.names = [str(c) for c in frame.columns]
        self.position = {name: i for i, name in enumerate(self.names)}

    def __len__(self) -> int:
        return len(self.frame)

    def get(self, name: str) -> Column:
        """The column of this name, or None when there is none."""
        position = self.position.get(name)
        return None if position is None else self.frame.iloc[:, position]


def _cells(column: Column, n: int) -> list[Any]:
    """The cells of a column as a row dict holds them (None where there is no column)."""
    if column is None:
        return [None] * n
    if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
        values: list[Any] = column.to_numpy(object).tolist()  # strings: NaN or pd.NA missing
        return values
    return list(column)  # numbers as Python numbers, datetimes as Timestamps


def _texts(column: Column, n: int) -> list[str]:
    """``text_of`` of every cell; clean strings are kept as they are (the same objects)."""
    return clean_texts(_cells(column, n), text_of, markup=False)


def _stripped(column: Column, n: int) -> list[str]:
    """``strip_tags`` of every cell; clean strings without markup are kept as they are."""
    return clean_texts(_cells(column, n), strip_tags, markup=True)


def _by_value(column: Column, rule: Callable[[Any], Any], n: int) -> list[Any]:
    """``rule`` of every cell, computed once per distinct value (results shared: immutable).

    Only strings are looked up by value in an object column (1, 1.0 and True are equal keys
    but not the same text); string and datetime columns hold one kind, so they factorize.
    """
    if column is None:
        return [rule(None)] * n
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype | pd.DatetimeTZDtype) or dtype.kind == "M":
        codes, uniques = pd.factorize(column)
        found = [rule(value) for value in uniques]
        if (codes < 0).any():  # the missing value, as iterating the column gives it
            found.append(rule(column.iloc[int(np.argmax(codes < 0))]))
        return [found[code] for code in codes.tolist()]
    memo: dict[str, Any] = {}
    out = []
    for value in _cells(column, n):
        if type(value) is str:
            if value not in memo:
                memo[value] = rule(value)
            out.append(memo[value])
        else:
            out.append(rule(value))
    return out


def _lists(column: Column, n: int) -> list[list[Any]] | None:
    """The cells as lists when every cell is a list (or a numpy array), else None."""
    if column is None or column.dtype != object:
        return None
    cells: list[Any] = column.tolist()
    if all(type(cell) is list for cell in cells):
        return cells
    if all(isinstance(cell, list | np.ndarray) for cell in cells):
        return [cell.tolist() if isinstance(cell, np.ndarray) else cell for cell in cells]
    return None


def _authors(authors: Column, parsed: Column, separator: str | None, n: int) -> list[list[str]]:
    """``authors_of`` of every row: arXiv's authors_parsed where a row has it, else author
    lists, else names in one string (read once per distinct string)."""
    lists = _lists(authors, n) if parsed is None else None
    if lists is not None:
        return text_lists(lists)
    if parsed is None:
        found = _by_value(authors, lambda v: authors_of(_listed(v), None, separator), n)
        return [list(names) for names in found]
    cells = [_listed(cell) for cell in _cells(parsed, n)]
    rows = [i for i, p in enumerate(cells) if _is_parsed(p)]
    out: list[list[str] | None] = [None] * n
    for row, names in zip(rows, _parsed_names([cells[i] for i in rows]), strict=True):
        out[row] = names
    memo: dict[str, list[str]] = {}
    for row, value in enumerate(_cells(authors, n)):
        if out[row] is None:
            if type(value) is not str:
                out[row] = authors_of(_listed(value), None, separator)
                continue
            if value not in memo:
                memo[value] = authors_of(value, None, separator)
            out[row] = list(memo[value])
    return out  # type: ignore[return-value]


def _is_parsed(value: Any) -> bool:
    """An authors_parsed cell that authors_of reads: a non-empty list of lists."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, list) for v in value)


def _parsed_names(cells: list[list[list[Any]]]) -> list[list[str]]:
    """Names of authors_parsed cells ([[last, first, suffix], …]): "first last"."""
    parts = chain.from_iterable(
        (part[1] if len(part) > 1 else "", part[0] if part else "")
        for part in chain.from_iterable(cells)
    )
    sizes = [len(cell) for cell in cells]
    texts = text_items(np.fromiter(parts, object, 2 * sum(sizes)))
    names = [
        f"{a} {b}" if a and b else a or b for a, b in zip(texts[::2], texts[1::2], strict=True)
    ]
    return split_runs(names, sizes)


def _listed(value: Any) -> Any:
    """A numpy array cell as a list (of lists, for arXiv's authors_parsed); others as they are."""
    return value.tolist() if isinstance(value, np.ndarray) else value


def _categories(column: Column, primary: Column, n: int) -> list[list[str]]:
    """``categories_of`` of every row: one string read once per distinct string."""
    lists = _lists(column, n)
    if lists is not None and primary is None:
        return [
            cats if len(cats) < 2 or len(set(cats)) == len(cats) else list(dict.fromkeys(cats))
            for cats in text_lists(lists)
        ]
    if primary is None:
        return [list(c) for c in _by_value(column, lambda v: categories_of(_listed(v), None), n)]
    pairs = zip(_cells(column, n), primary, strict=True)
    return [categories_of(_listed(value), first) for value, first in pairs]


def _ids(column: Column, titles: list[str], urls: list[str], dois: list[str]) -> list[str]:
    """The table's own id (arXiv ids and DOIs canonicalised), else one from URL, DOI, title."""
    given = _texts(column, len(titles)) if column is not None else [""] * len(titles)
    return [
        value
        if value.startswith(("arxiv:", "doi:", "title:"))  # given_id keeps these as they are
        else given_id(value, title)
        if value
        else ids_of(arxiv=url, doi=doi, title=title)
        for value, title, url, doi in zip(given, titles, urls, dois, strict=True)
    ]


def _extras(
    table: _Table, mapping: dict[str, str], export: str, doi: list[str]
) -> list[dict[str, Any]]:
    """Each row's ``extra``: export, DOI, venue, keywords, comment, key; a user's own table
    also keeps its other columns. Empty values are left out (tabular's rule)."""
    n = len(table)
    fields: list[tuple[str, Sequence[Any], np.ndarray]] = [
        ("export", [export] * n, np.full(n, bool(export))),
        ("doi", doi, _non_empty(doi)),
    ]
    for field in EXTRA_FIELDS:
        column = table.get(mapping.get(field, ""))
        if field == "keywords":
            lists = _lists(column, n)
            found = text_lists(lists) if lists is not None else _keywords(column, n)
        else:
            found = _by_value(column, text_of, n)
        fields.append((field, found, _non_empty(found)))
    if not export:  # a user's own table: its other columns, as the row dict holds them
        used = set(mapping.values()) | {field for field, _, _ in fields}
        for name in dict.fromkeys(table.names):
            if name not in used:
                column = table.get(name)
                assert column is not None
                fields.append((name, column.tolist(), _kept(column)))
    extras: list[dict[str, Any]] = [{} for _ in range(n)]
    for key, values, kept in fields:
        for row in np.flatnonzero(kept).tolist():
            extras[row][key] = values[row]
    return extras


def _keywords(column: Column, n: int) -> list[list[str]]:
    return [list(k) for k in _by_value(column, lambda v: split_names(_listed(v), ";"), n)]


def _non_empty(values: Sequence[Any]) -> np.ndarray:
    """Which strings or lists are not empty."""
    return np.fromiter(map(bool, values), bool, len(values))


def _kept(column: pd.Series) -> np.ndarray:
    """Which cells of a column ``extra`` keeps: not empty, not missing (``kept_value``)."""
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biu":
        return np.ones(len(column), bool)
    if isinstance(dtype, pd.StringDtype):
        return (column.notna() & (column != "")).to_numpy(bool, na_value=False)
    if dtype.kind in "fmM" or isinstance(dtype, pd.DatetimeTZDtype):
        return column.notna().to_numpy(bool)
    return np.fromiter(
        (bool(v) if type(v) in (str, list) else type(v) is dict or kept_value(v) for v in column),
        bool,
        len(column),
    )  # a string or a list is kept when not empty, a dict always (kept_value's rule, faster)


def _keep_titled(papers: Columns, name: str) -> Columns:
    """records.keep_titled for columns: sizes checked, stand-in titles, the rest dropped."""
    n = len(papers["title"])
    sizes = [np.fromiter(map(len, papers[f]), np.int64, n) for f in ("title", "abstract")]
    too_long = np.flatnonzero((sizes[0] > MAX_FIELD) | (sizes[1] > MAX_FIELD))
    if len(too_long):
        row = int(too_long[0])
        check_size(
            {field: papers[field][row] for field in ("id", "title", "abstract")}, name, row + 1
        )
    dropped = []
    for row in [i for i, title in enumerate(papers["title"]) if not title]:
        rec = {column: values[row] for column, values in papers.items()}
        if stand_in(rec):
            for column in ("id", "title", "extra"):
                papers[column][row] = rec[column]
        else:
            dropped.append(row)
    skipped_untitled(name, len(papers["title"]), len(dropped))
    return _without(papers, dropped) if dropped else papers


def _without(papers: Columns, rows: list[int]) -> Columns:
    keep = np.ones(len(papers["id"]), bool)
    keep[rows] = False
    kept = np.flatnonzero(keep).tolist()
    return {column: [values[i] for i in kept] for column, values in papers.items()}


def merged(papers: Columns) -> Columns:
    """merge.merge of one source's papers: rows that share an id or DOI merged, ids distinct.

    Rows whose keys no other row has are left alone; the others (a superset of the rows the
    merge joins) go through merge.merge_groups in their order.
    """
    ids, dois = pd.Series(papers["id"], dtype=object), papers["extra"]
    keys = ids.replace({"arxiv": "arxiv:arxiv", "doi": "doi:doi"})  # ids without a colon
    doi_keys = [f"doi:{doi_key(extra['doi'])}" if extra.get("doi") else None for extra in dois]
    shared = pd.concat([keys, pd.Series(doi_keys, dtype=object)], ignore_index=True)
    repeated = shared.notna() & shared.duplicated(keep=False)
    n = len(ids)
    touched = np.flatnonzero(repeated[:n].to_numpy() | repeated[n:].to_numpy()).tolist()
    if touched:
        papers = _merge_rows(papers, touched)
    papers["id"] = distinct_ids(papers["id"])
    return papers


def _merge_rows(papers: Columns, rows: list[int]) -> Columns:
    """The papers with these rows merged record by record (each group at its first row)."""
    records = [{column: values[row] for column, values in papers.items()} for row in rows]
    groups, firsts = merge_groups([records])
    for rec, first in zip(groups, firsts, strict=True):
        for column in COLUMNS:
            papers[column][rows[first]] = rec[column]
    firsts_set = set(firsts)
    return _without(papers, [row for i, row in enumerate(rows) if i not in firsts_set])
