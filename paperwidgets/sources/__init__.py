"""Loading: turn a path, pasted text or a DataFrame into canonical paper records (records.py).

Each format has one module with ``looks_like(text)`` (a content sniff) and
``read(text, name)``. :func:`read_source` picks the reader from the content (the file
extension is a hint), or from ``format=`` when given. Readers import their parsing
library on first use, so importing this package stays cheap. DataFrames, and Parquet and
Feather files (read by pandas with pyarrow, an optional extra), go through frame.py.
"""

from __future__ import annotations

import codecs
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from paperwidgets import files
from paperwidgets.errors import LoadError
from paperwidgets.sources import (
    arxiv_atom,
    arxiv_snapshot,
    bibtex,
    csl_json,
    daily_text,
    frame,
    hf_json,
    medline,
    ris,
    tabular,
)
from paperwidgets.sources.records import Record

Source = str | bytes | os.PathLike[str]
Parse = Callable[..., list[Record]]  # a format's read(text, name, …): its records

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
FRAME = "<DataFrame>"  # what errors and the source column call a DataFrame
MAX_TABLE_MB = 4000  # Parquet/Feather: all of arXiv's metadata (2.7M papers) is ~2.5 GB
TABLE_FILES = {".parquet": "parquet", ".pq": "parquet", ".feather": "feather", ".arrow": "feather"}
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


def read_file(path: Path) -> bytes:
    """The bytes of a listing file, read by the one bounded-read rule (files.py)."""
    if not path.exists() and not path.is_symlink():
        raise LoadError(str(path), "no such file (pass a path, or the listing text itself)")
    return files.read_regular(path, what="a listing file")


def table_file(source: Any) -> Path | None:
    """The path of a Parquet or Feather file (known by its extension), else None."""
    if not isinstance(source, str | os.PathLike) or (isinstance(source, str) and _is_text(source)):
        return None
    path = Path(source)
    return path if path.suffix.lower() in TABLE_FILES else None


def read_table_file(path: Path) -> Any:
    """The DataFrame in a Parquet or Feather file (pandas with pyarrow), bounded in size."""
    import pandas as pd

    name, kind = str(path), TABLE_FILES[path.suffix.lower()]
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise LoadError(
            name, f"reading {kind.title()} needs pyarrow: pip install 'paperwidgets[parquet]'"
        ) from None
    limit, what = files.max_bytes(MAX_TABLE_MB), f"a {kind.title()} file"
    with files.open_regular(path, what=what) as (file, info):
        if info.st_size > limit:
            raise LoadError(name, files.too_big(limit, what))
        try:
            return pd.read_parquet(file) if kind == "parquet" else pd.read_feather(file)
        except (ValueError, OSError, TypeError, KeyError, IndexError, NotImplementedError) as err:
            raise LoadError(name, f"not a readable {kind.title()} file: {err}") from None


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
) -> tuple[list[Record], str]:
    """(records, format) of one source; `format` forces a reader instead of detection."""
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(FORMATS)}")
    table = table_of(source)
    if table is not None:
        return frame.records_of(frame.read_frame(*table, columns)), "dataframe"
    text, name = open_source(source)
    if not text.strip():
        raise LoadError(name, "empty: no paper listing in it")
    detector = detect_table if columns else detect
    fmt = format or detector(text, name)
    reader = FORMATS[fmt][1]
    records = reader(text, name, columns) if fmt in TABLES else reader(text, name)
    return records, fmt


def file_stamp(path: str | os.PathLike[str], **reading: Any) -> dict[str, Any] | None:
    """What identifies a file's content without reading it — its real path, device, inode,
    size, modification and change times — and how it was read; None if it cannot be stat'ed.

    A rewritten file has another change time (which no user can set back), so the same stamp
    means the same papers: it keys the fingerprint a million papers took a second to hash.
    """
    try:
        found = os.stat(path)
    except OSError:
        return None
    return {
        "path": str(Path(path).resolve()),
        "file": [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns],
        "read": reading,
    }


def table_of(source: Any) -> tuple[Any, str] | None:
    """(DataFrame, name) of a DataFrame, or of a Parquet or Feather file; else None."""
    if is_frame(source):
        return source, FRAME
    path = table_file(source)
    return None if path is None else (read_table_file(path), str(path))


def read_one_frame(source: Any, columns: dict[str, str] | None = None) -> frame.Columns | None:
    """The canonical columns of the papers of one DataFrame, Parquet or Feather file, read
    column by column and merged; None for any other source."""
    table = table_of(source)
    return None if table is None else frame.merged(frame.read_frame(*table, columns))


def read_all(
    sources: tuple[Source | Any, ...],
    format: str | None = None,
    columns: dict[str, str] | None = None,
) -> list[Record]:
    """Records of several sources, duplicates merged (see merge.py), in the order given."""
    from paperwidgets.progress import progress
    from paperwidgets.sources.merge import merge

    many = sources
    if len(sources) > 1:
        many = progress(list(sources), f"reading {len(sources)} sources", "rec")
    return merge([read_source(source, format=format, columns=columns)[0] for source in many])
