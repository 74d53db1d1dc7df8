"""Static fallbacks: what a notebook shows where a widget cannot run. The only Python HTML.

GitHub, nbviewer, nbconvert and untrusted notebooks show the ``text/html`` and ``image/png``
made here; the JupyterLab extension draws the JSON under the paperwidgets mimetypes with the
widgets' own code. Every feed field goes through :func:`html.escape`; links must be http(s);
notes Markdown is rendered with raw HTML off and cleaned by nh3.
"""

from __future__ import annotations

from html import escape
from typing import Any

from paperwidgets.constants import (
    CARD_MIME,
    MAP_MIME,
    NEIGHBOURS_MIME,
    SANITISER_ATTRIBUTES,
    SANITISER_TAGS,
    TOPIC_COLOURS,
    URL_SCHEMES,
)
from paperwidgets.format import authors_text, date_text, paper_links
from paperwidgets.notes.cells import highlight_markdown, render_annotation
from paperwidgets.notes.model import Annotation


def _links_html(paper: dict[str, Any]) -> str:
    return " · ".join(
        f'<a href="{escape(href)}" target="_blank" rel="noopener noreferrer">{escape(label)}</a>'
        for label, href in paper_links(paper)
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


# --- HTML from notes Markdown (the mirror output and static fallbacks) ---------------------


def markdown_html(markdown: str) -> str:
    """CommonMark -> HTML with raw HTML off (markdown-it-py), then cleaned by nh3.

    The Python twin of the widgets' sanitiser (js/src/lib/sanitize.js), with the same rules
    (constants.json): no script, no style, no ids, links only http(s)/mailto.
    """
    import nh3
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": False}).render(markdown)
    return nh3.clean(
        rendered,
        tags=set(SANITISER_TAGS),
        attributes={tag: set(names) for tag, names in SANITISER_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    )


def reader_html(paper: dict[str, Any] | None, annotated: int, total: int) -> str:
    """The Reader's static fallback: a progress line and the current paper's card."""
    head = f"<p><strong>paperwidgets Reader</strong>: {annotated} / {total} papers annotated</p>"
    return head + (card_html(paper) if paper else "")


def card_static(paper: dict[str, Any] | None, caption: str = "") -> dict[str, Any]:
    """A card's static rendering for the extension (the paper as the widget shows it)."""
    return {CARD_MIME: {"paper": paper, "caption": caption}} if paper else {}


def fulltext_html(paper: dict[str, Any], highlights: list[dict[str, Any]]) -> str:
    """The FullText widget's fallback: the card, then its highlights (page, category, comment)."""
    quotes = "\n\n".join(highlight_markdown(h) for h in highlights)
    count = f"{len(highlights)} highlight{'s' if len(highlights) != 1 else ''}"
    head = f"<p><strong>paperwidgets full text</strong>: {count}</p>"
    return head + card_html(paper) + (markdown_html(quotes) if quotes else "")


def neighbours_html(title: str, items: list[dict[str, Any]]) -> str:
    """The Neighbours widget's fallback: the paper, then its neighbours with score and why."""
    rows = "".join(
        f"<li>{escape(n['title'])} <small>({n['score']:.2f}; "
        f"{escape(', '.join(n['why']))})</small></li>"
        for n in items
    )
    return f"<p>Most like: <strong>{escape(title)}</strong></p><ol>{rows}</ol>"


def neighbours_static(title: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """The Neighbours widget's static rendering for the extension: the paper and its list."""
    shown = [{k: n[k] for k in ("id", "title", "score", "why")} for n in items]
    return {NEIGHBOURS_MIME: {"title": title, "items": shown}}


# --- the notes mirror's summary (viewers without the extension) ------------------------------

NOTES_SHOWN = 20  # notes the HTML summary spells out (the latest); the mirror's JSON holds all


class NotesHtml:
    """Each annotation's escaped HTML, rendered again only when it changed."""

    def __init__(self) -> None:
        self._parts: dict[str, tuple[Annotation, str]] = {}

    def html(self, annotation: Annotation) -> str:
        """The escaped HTML of one annotation."""
        hit = self._parts.get(annotation.id)
        if hit is None or hit[0] != annotation:
            hit = (annotation, markdown_html(render_annotation(annotation, markers=False)))
            self._parts[annotation.id] = hit
        return hit[1]

    def summary(self, annotations: list[Annotation], notes_file: str) -> str:
        """The count, the latest notes in full, and how many more the file holds."""
        count, name = len(annotations), escape(notes_file)
        latest = sorted(annotations, key=_updated, reverse=True)[:NOTES_SHOWN]
        head = f"<p><strong>Paper notes</strong> ({count}) saved in <code>{name}</code>"
        head += f"; the {len(latest)} latest:</p>" if count > NOTES_SHOWN else "</p>"
        body = "".join(f"<hr>\n{self.html(a)}" for a in latest)
        more = count - NOTES_SHOWN
        rest = f"<p>… and {more} more in <code>{name}</code>.</p>" if more > 0 else ""
        return f'<div class="pw-notes-mirror">{head}{body}{rest}</div>'


def _updated(annotation: Annotation) -> str:
    return annotation.to_dict()["updated"] or ""


# --- the corpus map (static picture of paperwidgets.Map) ---------------------------------

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


def screen_html(name: str, panel: dict[str, Any]) -> str:
    """A saved Screen widget: the screening's name and counts (escaped)."""
    counts = ", ".join(
        f"{panel.get(k, 0)} {k}" for k in ("screened", "included", "excluded", "maybe")
    )
    return (
        f"<div class='pw-screen-static'><strong>Screening {escape(name)}</strong>: "
        f"{escape(counts)} of {escape(str(panel.get('records', 0)))} records</div>"
    )
