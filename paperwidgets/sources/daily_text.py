"""Hugging Face Daily Papers page text: what a browser copies from huggingface.co/papers.

Layout: page chrome lines ("Get trending papers…", "Subscribe", …), a date line such as
``Mar 21``, then one title line and one abstract paragraph per paper.
"""

from __future__ import annotations

import re

from paperwidgets.errors import LoadError
from paperwidgets.sources.records import Record, record

DATE_LINE = re.compile(
    r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(, \d{4})?$"
)
MAX_TITLE = 400  # characters: a longer "title" line is an abstract out of place
MAX_CHROME = 30  # non-empty lines before the date line


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their 1-based line numbers, trailing blanks stripped."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def find_date_line(text: str) -> int | None:
    """Index (in the non-empty lines) of the listing's date line, or None."""
    for i, (_, line) in enumerate(_numbered_lines(text)[:MAX_CHROME]):
        if DATE_LINE.match(line):
            return i
    return None


def looks_like(text: str) -> bool:
    """Cheap content sniff: a date line near the top followed by title/abstract pairs."""
    start = find_date_line(text)
    return start is not None and len(_numbered_lines(text)) > start + 2


def read(text: str, name: str) -> list[Record]:
    """Records of a Daily Papers page text; LoadError names the line that breaks the layout."""
    lines = _numbered_lines(text)
    start = find_date_line(text)
    if start is None:
        raise LoadError(
            name, "no date line such as 'Mar 21' near the top: not a Daily Papers page text"
        )
    listed = lines[start][1]
    body = lines[start + 1 :]
    if not body:
        raise LoadError(name, f"no papers after the date line {listed!r}")
    if len(body) % 2:
        lineno, line = body[-1]
        raise LoadError(name, f"title {line[:60]!r} has no abstract after it", f"line {lineno}")
    records = []
    for (title_no, title), (_, abstract) in zip(body[::2], body[1::2], strict=True):
        if len(title) > MAX_TITLE:
            raise LoadError(
                name,
                f"expected a title line, found a paragraph of {len(title)} characters",
                f"line {title_no}",
            )
        records.append(
            record(title=title, abstract=abstract, source=name, extra={"listed": listed})
        )
    return records
