"""arXiv's metadata snapshot (``arxiv-metadata-oai-snapshot.json``): JSON lines, streamed.

Each line holds ``id, submitter, authors, title, comments, journal-ref, doi, categories,
abstract, versions, update_date, authors_parsed``. The whole dump is ~2.7M papers (4+ GB),
so :func:`read_path` reads it line by line (plain, .gz or .bz2), keeps only the
canonical columns, can stop after ``limit`` papers or keep some categories only, and shows
a progress bar by bytes read; ``paperwidgets.load_arxiv_snapshot`` (corpus.py) makes the
Corpus. A short excerpt also loads through ``paperwidgets.load``.
"""

from __future__ import annotations

import bz2
import gzip
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TextIO

from paperwidgets.errors import LoadError
from paperwidgets.progress import progress
from paperwidgets.sources.records import COLUMNS, Record

KEYS = {"id", "abstract", "categories", "versions"}


def looks_like(text: str) -> bool:
    """A first line that is a snapshot record (id, abstract, categories, versions)."""
    first = text.lstrip("\ufeff \n").split("\n", 1)[0]
    try:
        item = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(item, dict) and set(item) >= KEYS


def read(text: str, name: str) -> list[Record]:
    """Records of a snapshot excerpt given as text."""
    return [_record(item, name) for item in _items(text.split("\n"), name)]


def _items(lines: Iterable[str], name: str) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as error:  # a JSONDecodeError, or an integer over Python's digit limit
            detail = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
            raise LoadError(name, f"line {number}: not JSON ({detail})") from None
        if not isinstance(item, dict) or "id" not in item:
            raise LoadError(name, f"line {number}: not an arXiv record (no id)")
        yield item


def _record(item: dict[str, Any], name: str) -> Record:
    arxiv = str(item["id"])
    return {
        "id": f"arxiv:{arxiv}",
        "title": _one_line(item.get("title")),
        "authors": _authors(item),
        "abstract": _one_line(item.get("abstract")),
        "published": _first_version(item),
        "url": f"https://arxiv.org/abs/{arxiv}",
        "pdf_url": f"https://arxiv.org/pdf/{arxiv}",
        "categories": list(map(sys.intern, (item.get("categories") or "").split())),
        "source": name,
        "extra": {k: item[k] for k in ("doi", "journal-ref") if item.get(k)},
    }


def _one_line(text: str | None) -> str:
    """Whitespace runs made one space (str.split: 5x a regex sub, the same \\s)."""
    return " ".join((text or "").split())


def _authors(item: dict[str, Any]) -> list[str]:
    """Author names, each one string object however many papers share it (sys.intern)."""
    parsed = item.get("authors_parsed")
    if parsed:
        names = (" ".join(p for p in (part[1], part[0], *part[2:]) if p) for part in parsed)
    else:
        names = (a.strip() for a in re.split(r",|\band\b", item.get("authors") or ""))
    return [sys.intern(name) for name in names if name]


def _first_version(item: dict[str, Any]) -> str | None:
    versions = item.get("versions") or []
    try:
        return parsedate_to_datetime(versions[0]["created"]).isoformat()
    except (IndexError, KeyError, TypeError, ValueError):
        return item.get("update_date")


def _open(path: Path) -> TextIO:
    openers: dict[str, Callable[..., TextIO]] = {".gz": gzip.open, ".bz2": bz2.open}
    opener: Callable[..., TextIO] = openers.get(path.suffix, open)
    return opener(path, "rt", encoding="utf-8")


def read_path(
    path: str | os.PathLike[str], limit: int | None = None, categories: Iterable[str] = ()
) -> list[tuple[Any, ...]]:
    """The snapshot's papers as rows in ``COLUMNS`` order: at most ``limit``, ``categories``."""
    path, wanted = Path(path), set(categories)
    rows: list[tuple[Any, ...]] = []  # tuples, not dicts: a third of the memory at a million papers
    with _open(path) as lines, progress(path.stat().st_size, "arXiv snapshot", "B") as bar:
        for item in _items(_counted(lines, bar), str(path)):
            if wanted and not _wanted(item.get("categories") or "", wanted):
                continue
            record = _record(item, path.name)
            rows.append(tuple(record[column] for column in COLUMNS))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def _counted(lines: Iterable[str], bar: Any) -> Iterator[str]:
    for line in lines:
        bar.update(len(line))  # characters: close enough to bytes for a progress bar
        yield line


def _wanted(categories: str, wanted: set[str]) -> bool:
    return any(c in wanted or c.split(".")[0] in wanted for c in categories.split())
