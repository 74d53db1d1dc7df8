"""Static HTML for sharing: the only place Python writes HTML.

Every feed field goes through :func:`html.escape`; links must be http(s). The output is
what GitHub, nbviewer and nbconvert show where the widget itself cannot run.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import quote

from paperwidgets.links import paper_links, safe_url

MAX_AUTHORS = 6
CARD_MIME = "application/vnd.paperwidgets.card+json"  # a widget's card: {paper, caption}
MAP_MIME = "application/vnd.paperwidgets.map+json"  # the map: {caption, labels, width, height}
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"


def authors_text(authors: Any, limit: int = MAX_AUTHORS) -> str:
    """ "A, B, C + 2 more" — the same rule as the widget's formatAuthors."""
    names = [str(a).strip() for a in (authors or []) if str(a).strip()]
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} + {len(names) - limit} more"


def card_links(paper: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, href) of a card's links (links.py holds the rule, shared with the JS core)."""
    return paper_links(paper)


def date_text(paper: dict[str, Any]) -> str:
    """The paper's date, else "listed Mar 21" when only the listing's date is known."""
    published = (paper.get("published") or "")[:10]
    listed = (paper.get("extra") or {}).get("listed")
    return published or (f"listed {listed}" if listed else "")


def _links_html(paper: dict[str, Any]) -> str:
    return " · ".join(
        f'<a href="{escape(href)}" target="_blank" rel="noopener noreferrer">{escape(label)}</a>'
        for label, href in card_links(paper)
    )


def card_html(paper: dict[str, Any]) -> str:
    """One paper card as escaped, self-contained HTML (no script, no external CSS)."""
    meta = [authors_text(paper.get("authors")), date_text(paper)]
    meta += [str(c) for c in paper.get("categories") or []]
    parts = [
        '<div class="pw-static-card" style="border:1px solid #d1d9e0;border-radius:6px;'
        'padding:8px 12px;max-width:72em">',
        f'<h3 style="margin:0 0 4px">{escape(paper.get("title") or "(untitled)")}</h3>',
        f'<div style="color:#59636e">{escape(" · ".join(m for m in meta if m))}</div>',
        f"<p>{escape(paper.get('abstract') or '')}</p>",
    ]
    links = _links_html(paper)
    if links:
        parts.append(f"<div>{links}</div>")
    parts.append("</div>")
    return "".join(parts)


# --- notes: Markdown renderings of untrusted text (used by paperwidgets.notes) ---------------

NOTE_START = "<!-- paperwidgets:note -->"
NOTE_END = "<!-- /paperwidgets:note -->"
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


# --- HTML from notes Markdown (the mirror output and static fallbacks) ---------------------

_ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol",
    "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def markdown_html(markdown: str) -> str:
    """CommonMark -> HTML with raw HTML off (markdown-it-py), then cleaned by nh3.

    The Python twin of the widgets' sanitiser (js/src/lib/sanitize.js): no script, no
    style, no ids, links only http(s)/mailto.
    """
    import nh3
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": False}).render(markdown)
    return nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "ol": {"start"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def reader_html(paper: dict[str, Any] | None, annotated: int, total: int) -> str:
    """The Reader's static fallback: a progress line and the current paper's card."""
    head = f"<p><strong>paperwidgets Reader</strong>: {annotated} / {total} papers annotated</p>"
    return head + (card_html(paper) if paper else "")


def card_static(paper: dict[str, Any] | None, caption: str = "") -> dict[str, Any]:
    """A card's static rendering for the extension (the paper as the widget shows it)."""
    return {CARD_MIME: {"paper": paper, "caption": caption}} if paper else {}


# --- the corpus map (static picture of paperwidgets.Map) ---------------------------------

# the widget's topic palette (js/src/lib/map-core.js TOPIC_COLOURS), for the same picture
TOPIC_COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
MAP_SIZE = (560, 360)
_DOT = [(dx, dy) for dx in range(-2, 3) for dy in range(-2, 3) if dx * dx + dy * dy <= 5]


def map_png(xy: Any, topics: Any, size: tuple[int, int] = MAP_SIZE) -> bytes:
    """The map as a small PNG: one dot per paper, coloured by topic (numpy + zlib only).

    A picture survives every sanitiser (GitHub, nbviewer, untrusted JupyterLab) and its size
    does not grow with the number of papers, unlike inline SVG.
    """
    import numpy as np

    width, height = size
    image = np.full((height, width, 3), 255, np.uint8)
    sx, sy = _scale(np.asarray(xy, dtype=float), width, height)
    palette = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in TOPIC_COLOURS])
    colours = palette[np.asarray(topics, dtype=int) % len(palette)]
    px, py = np.round(sx).astype(int), np.round(sy).astype(int)
    for dx, dy in _DOT:
        x, y = np.clip(px + dx, 0, width - 1), np.clip(py + dy, 0, height - 1)
        image[y, x] = (0.25 * image[y, x] + 0.75 * colours).astype(np.uint8)
    return _png(image)


def _png(image: Any) -> bytes:
    """An RGB uint8 array as PNG bytes (filter 0 per row, zlib level 9)."""
    import struct
    import zlib

    height, width, _ = image.shape
    rows = b"".join(b"\x00" + row.tobytes() for row in image)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        (chunk(b"IHDR", header), chunk(b"IDAT", zlib.compress(rows, 9)), chunk(b"IEND", b""))
    )


def map_static(xy: Any, topics: Any, labels: list[str]) -> dict[str, Any]:
    """The map's static rendering: the PNG (``image/png``, which GitHub, nbviewer, nbconvert
    and untrusted JupyterLab all show) and, for the extension, its caption and topic labels."""
    import base64

    caption = f"paperwidgets Map: {len(xy)} papers, {len(labels)} topics"
    width, height = MAP_SIZE
    about = {"caption": caption, "labels": [str(x) for x in labels]}
    return {
        MAP_MIME: {**about, "width": width, "height": height},
        "image/png": base64.b64encode(map_png(xy, topics)).decode("ascii"),
    }


def _scale(xy: Any, width: int, height: int, pad: int = 12) -> tuple[Any, Any]:
    xy = xy.reshape(-1, 2)
    if not len(xy):
        return xy[:, 0], xy[:, 1]
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = (high - low).clip(min=1e-9)
    scale = min((width - 2 * pad) / span[0], (height - 2 * pad) / span[1])
    return pad + (xy[:, 0] - low[0]) * scale, pad + (xy[:, 1] - low[1]) * scale
