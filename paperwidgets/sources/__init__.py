"""Loading: turn a path or pasted text into canonical paper records (see records.py).

Each format has one module with ``looks_like(text)`` (a content sniff) and
``read(text, name)``. :func:`read_source` picks the reader from the content, or from
``format=`` when given.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from paperwidgets.errors import LoadError
from paperwidgets.sources import daily_text

Source = str | os.PathLike

# format name -> (sniff, reader); sniffed in this order
FORMATS: dict[str, tuple[Callable[[str], bool], Callable[[str, str], list[dict]]]] = {
    "daily-text": (daily_text.looks_like, daily_text.read),
}


def open_source(source: Source) -> tuple[str, str]:
    """(text, name) of a path or of pasted text; name is what errors call the source."""
    if isinstance(source, str) and ("\n" in source or not source.strip()):
        return source, "<text>"
    path = Path(source)
    if not path.exists():
        raise LoadError(str(path), "no such file (pass a path, or the listing text itself)")
    if path.is_dir():
        raise LoadError(str(path), "is a directory, not a listing file")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), str(path)
    except UnicodeDecodeError as err:
        raise LoadError(str(path), f"not UTF-8 text ({err.reason} at byte {err.start})") from None


def detect(text: str, name: str) -> str:
    """The format whose sniff accepts the text; LoadError when none does."""
    for fmt, (looks_like, _) in FORMATS.items():
        if looks_like(text):
            return fmt
    known = ", ".join(FORMATS)
    raise LoadError(name, f"not a paper listing in any known format ({known})")


def read_source(source: Source, format: str | None = None) -> tuple[list[dict], str]:
    """(records, format) of one source; `format` forces a reader instead of detection."""
    text, name = open_source(source)
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(FORMATS)}")
    fmt = format or detect(text, name)
    return FORMATS[fmt][1](text, name), fmt
