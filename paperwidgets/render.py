"""Static HTML for sharing: the only place Python writes HTML.

Every feed field goes through :func:`html.escape`; links must be http(s). The output is
what GitHub, nbviewer and nbconvert show where the widget itself cannot run.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import quote, urlsplit

MAX_AUTHORS = 6
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"


def safe_url(value: Any) -> str | None:
    """The URL if it is http(s) or mailto, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    scheme = urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in {"http", "https", "mailto"} else None


def authors_text(authors: Any, limit: int = MAX_AUTHORS) -> str:
    """ "A, B, C + 2 more" — the same rule as the widget's formatAuthors."""
    names = [str(a).strip() for a in (authors or []) if str(a).strip()]
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} + {len(names) - limit} more"


def title_search_url(title: str) -> str | None:
    """arXiv's title search: the link a card offers when the listing gave none."""
    query = quote(str(title or "").strip(), safe="")
    return f"https://arxiv.org/search/?query={query}&searchtype=title" if query else None


def card_links(paper: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, href) of a card's links: abs, pdf, else a title search. Same rule as the JS."""
    links: list[tuple[str, str]] = []
    for label, key in (("abs", "url"), ("pdf", "pdf_url")):
        href = safe_url(paper.get(key))
        if href and href not in (h for _, h in links):
            links.append((label, href))
    search = title_search_url(paper.get("title") or "")
    if not links and search:
        links.append(("search arXiv", search))
    return links


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


# --- the corpus map (static SVG fallback of paperwidgets.Map) -----------------------------

# the widget's topic palette (js/src/lib/map-core.js TOPIC_COLOURS), for the same picture
TOPIC_COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
MAP_SIZE = (560, 360)
MAP_POINTS = 1500


def map_svg(xy: Any, topics: Any, labels: list[str], titles: list[str]) -> str:
    """The map as a small escaped SVG: points coloured by topic (title on hover), labels."""
    import numpy as np

    width, height = MAP_SIZE
    n = len(xy)
    shown = np.arange(n)
    if n > MAP_POINTS:  # a fixed sample keeps the saved notebook small
        shown = np.sort(np.random.default_rng(0).choice(n, MAP_POINTS, replace=False))
    sx, sy = _svg_scale(np.asarray(xy, dtype=float), width, height)
    dots = [
        f'<circle cx="{sx[i]:.1f}" cy="{sy[i]:.1f}" r="3" '
        f'fill="{TOPIC_COLOURS[int(topics[i]) % len(TOPIC_COLOURS)]}" fill-opacity="0.75">'
        f"<title>{escape(str(titles[i]))}</title></circle>"
        for i in shown
    ]
    return (
        f'<div class="pw-static-map"><p><strong>paperwidgets Map</strong>: {n} papers, '
        f'{len(labels)} topics</p><svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" style="font:11px sans-serif">'
        + "".join(dots)
        + "".join(_svg_labels(np.asarray(xy, dtype=float), topics, labels, sx, sy))
        + "</svg></div>"
    )


def _svg_scale(xy: Any, width: int, height: int, pad: int = 24) -> tuple[Any, Any]:
    xy = xy.reshape(-1, 2)
    if not len(xy):
        return xy[:, 0], xy[:, 1]
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = (high - low).clip(min=1e-9)
    scale = min((width - 2 * pad) / span[0], (height - 2 * pad) / span[1])
    return pad + (xy[:, 0] - low[0]) * scale, pad + (xy[:, 1] - low[1]) * scale


def _svg_labels(xy: Any, topics: Any, labels: list[str], sx: Any, sy: Any) -> list[str]:
    import numpy as np

    out = []
    for topic, label in enumerate(labels):
        members = np.flatnonzero(np.asarray(topics) == topic)
        if len(members):
            x, y = float(np.median(sx[members])), float(np.median(sy[members]))
            out.append(
                f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" fill="#24292f" '
                f'stroke="#fff" stroke-width="3" paint-order="stroke">{escape(str(label))}</text>'
            )
    return out
