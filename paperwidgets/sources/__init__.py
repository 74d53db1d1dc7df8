"""Loading: turn a path, pasted text or a DataFrame into canonical paper records (records.py).

Each format has one module with ``looks_like(text)`` (a content sniff) and
``read(text, name)``. :func:`read_source` picks the reader from the content (the file
extension is a hint), or from ``format=`` when given. Readers import their parsing
library on first use, so importing this package stays cheap.
"""

from __future__ import annotations

import codecs
import os
import stat
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from paperwidgets.errors import LoadError
from paperwidgets.sources import (
    arxiv_atom,
    arxiv_snapshot,
    bibtex,
    csl_json,
    daily_text,
    hf_json,
    medline,
    ris,
    tabular,
)

Source = str | bytes | os.PathLike
Parse = Callable[..., list[dict]]  # a format's read(text, name, …): its records

# format name -> (sniff, reader); sniffed in this order
FORMATS: dict[str, tuple[Callable[[str], bool], Parse]] = {
    "arxiv-atom": (arxiv_atom.looks_like, arxiv_atom.read),
    "hf-json": (hf_json.looks_like, hf_json.read),
    "arxiv-snapshot": (arxiv_snapshot.looks_like, arxiv_snapshot.read),
    "jsonl": (tabular.looks_like_jsonl, tabular.read_jsonl),
    "csl-json": (csl_json.looks_like, csl_json.read),
    "json": (tabular.looks_like_json_records, tabular.read_json_records),
    "medline": (medline.looks_like, medline.read),
    "ris": (ris.looks_like, ris.read),
    "bibtex": (bibtex.looks_like, bibtex.read),
    "csv": (tabular.looks_like_csv, tabular.read_csv),
    "daily-text": (daily_text.looks_like, daily_text.read),
}
MAX_MB = 200  # the largest real listings are a few MB; a 100k-paper arXiv dump is ~150 MB
TABLES = {"csv", "jsonl", "json"}  # the readers that take columns=
# extension -> format trusted without a sniff (tables may have any header)
EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
# extension -> format tried first
HINTS = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".nbib": "medline",
         ".xml": "arxiv-atom", ".atom": "arxiv-atom", ".txt": "daily-text"}  # fmt: skip


def decode(data: bytes, name: str) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        if encoding == "cp1252":
            warnings.warn(f"{name}: not UTF-8, read as Windows-1252", UserWarning, stacklevel=4)
        return text
    raise LoadError(name, "not a text file (neither UTF-8, UTF-16 nor Windows-1252 text)")


def _is_text(source: str) -> bool:
    """True for pasted listing text rather than a path: several lines, or JSON/XML/BibTeX."""
    stripped = source.lstrip("\ufeff \t")
    return "\n" in source or not stripped or stripped[0] in "[{<@" or len(source) > 4096


def max_bytes() -> int:
    """The largest listing file read: $PAPERWIDGETS_MAX_MB megabytes, else MAX_MB."""
    try:
        return int(float(os.environ.get("PAPERWIDGETS_MAX_MB", MAX_MB)) * 1e6)
    except ValueError:
        return int(MAX_MB * 1e6)


def read_file(path: Path) -> bytes:
    """The bytes of a regular file, bounded; LoadError at once for a FIFO, device or folder."""
    name = str(path)
    try:  # O_NONBLOCK: opening a FIFO must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise LoadError(name, "no such file (pass a path, or the listing text itself)") from None
    except IsADirectoryError:
        raise LoadError(name, "is a directory, not a listing file") from None
    except OSError as err:
        raise LoadError(name, f"cannot read the file ({err.strerror or err})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise LoadError(name, "is a directory, not a listing file")
        raise LoadError(name, "is not a regular file (a FIFO, socket or device)")
    limit = max_bytes()
    with os.fdopen(fd, "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise LoadError(
            name,
            f"is larger than {limit / 1e6:g} MB, the most a listing may be "
            "(set PAPERWIDGETS_MAX_MB to read bigger files)",
        )
    return data


def open_source(source: Source) -> tuple[str, str]:
    """(text, name) of a path, raw bytes or pasted text; name is what errors call the source."""
    if isinstance(source, bytes):
        return decode(source, "<bytes>"), "<bytes>"
    if isinstance(source, str) and _is_text(source):
        return source.lstrip("\ufeff"), "<text>"
    path = Path(source)
    return decode(read_file(path), str(path)), str(path)


def detect(text: str, name: str) -> str:
    """The format of a text: the extension's format if its sniff agrees, else the first sniff."""
    suffix = Path(name).suffix.lower() if not name.startswith("<") else ""
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    hinted = HINTS.get(suffix)
    if hinted and FORMATS[hinted][0](text):
        return hinted
    for fmt, (looks_like, _) in FORMATS.items():
        if looks_like(text):
            return fmt
    known = ", ".join(FORMATS)
    raise LoadError(name, f"not a paper listing in any known format ({known})")


def detect_table(text: str, name: str) -> str:
    """The format of a text loaded with columns=: as detected, else CSV (any header goes)."""
    try:
        return detect(text, name)
    except LoadError:
        return "csv"


def is_frame(source: Any) -> bool:
    """True for a pandas DataFrame (checked without importing pandas)."""
    return type(source).__name__ == "DataFrame" and hasattr(source, "itertuples")


def read_source(
    source: Source | Any, format: str | None = None, columns: dict[str, str] | None = None
) -> tuple[list[dict], str]:
    """(records, format) of one source; `format` forces a reader instead of detection."""
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(FORMATS)}")
    if is_frame(source):
        return tabular.read_frame(source, "<DataFrame>", columns), "dataframe"
    text, name = open_source(source)
    if not text.strip():
        raise LoadError(name, "empty: no paper listing in it")
    detector = detect_table if columns else detect
    fmt = format or detector(text, name)
    reader = FORMATS[fmt][1]
    records = reader(text, name, columns) if fmt in TABLES else reader(text, name)
    return records, fmt


def read_all(
    sources: tuple, format: str | None = None, columns: dict[str, str] | None = None
) -> list[dict]:
    """Records of several sources, duplicates merged (see merge.py), in the order given."""
    from paperwidgets.progress import progress
    from paperwidgets.sources.merge import merge

    many = sources
    if len(sources) > 1:
        many = progress(list(sources), f"reading {len(sources)} sources", "rec")
    return merge([read_source(source, format=format, columns=columns)[0] for source in many])
