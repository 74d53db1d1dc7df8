"""Is a response body the feed we asked for? A clear LoadError when it is not (e.g. HTML)."""

from __future__ import annotations

import re
from collections.abc import Callable

from paperwidgets.errors import LoadError

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_API_ERROR = re.compile(r"/api/errors.*?<summary[^>]*>(.*?)</summary>", re.S)


def expect(text: str, url: str, looks_like: Callable[[str], bool], what: str) -> None:
    """Raise LoadError naming the URL unless ``looks_like(text)``; says what came instead."""
    if looks_like(text):
        return
    raise LoadError(url, f"the response is not {what}; it is {describe(text)}")


def describe(text: str) -> str:
    """A short description of an unexpected body: an HTML page's title, or its first words."""
    head = text.lstrip()[:2000]
    if not head:
        return "empty"
    if head[:1] == "<" and re.search(r"<(!doctype html|html)", head, re.I):
        title = _TITLE.search(head)
        name = " ".join(title.group(1).split())[:80] if title else "untitled"
        return f"an HTML page ({name!r})"
    return f"{' '.join(head[:60].split())!r}…"


def error_detail(text: str) -> str:
    """arXiv's own message in an error response (its Atom error feed), else nothing."""
    match = _API_ERROR.search(text[:4000])
    return f": {' '.join(match.group(1).split())[:200]}" if match else ""
