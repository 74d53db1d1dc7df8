"""The notes file's text rules: untrusted text made inert in Markdown, and the note markers.

A cell of the notes notebook renders a paper's annotation as Markdown (cells.py); every
value in it comes from a feed or a person, so it is escaped here, reversibly for the note.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import quote

from paperwidgets.format import safe_url

NOTE_START = "<!-- paperwidgets:note -->"
NOTE_END = "<!-- /paperwidgets:note -->"
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"
_SAFE_LINK = re.compile(r"\s*(?:https?://|mailto:)", re.IGNORECASE)
_LINK_OPENERS = {"(": "&#40;", ":": "&#58;"}
_NOTE_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&#40;": "(", "&#58;": ":", "&#33;": "!"}
_NOTE_ENTITY = re.compile("|".join(map(re.escape, _NOTE_ENTITIES)))
_MD_INLINE = re.compile(r"([\\`*_\[\]~|$])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])", re.MULTILINE)


def _defuse_link(match: re.Match[str]) -> str:
    text, rest = match.group(0), match.string[match.end() :]
    if _SAFE_LINK.match(rest):
        return text
    return "]" + _LINK_OPENERS[text[1]]


def escape_note(note: str) -> str:
    """A note's Markdown with HTML escaped, images and non-http(s) links defused; reversible."""
    text = escape(note, quote=False).replace("![", "&#33;[")  # an image shows as a link, unfetched
    return re.sub(r"\][(:]", _defuse_link, text)


def unescape_note(body: str) -> str:
    """The note text back from :func:`escape_note` output (or from a hand edit)."""
    return _NOTE_ENTITY.sub(lambda m: _NOTE_ENTITIES[m.group(0)], body)


def markdown_text(value: Any) -> str:
    """Plain text made inert in Markdown: HTML escaped, Markdown syntax backslashed."""
    text = _MD_INLINE.sub(r"\\\1", escape(str(value), quote=False))
    return _MD_LINE_START.sub(r"\1\\\2", text)


def markdown_link(text: str, url: Any) -> str:
    """``[text](url)`` for an http(s)/mailto URL, else just the escaped text."""
    href = safe_url(url)
    label = markdown_text(text)
    return f"[{label}]({quote(href, safe=_URL_SAFE)})" if href else label
