"""A full text ready for the browser: the PDF or HTML bytes, and the HTML's images.

The kernel fetches everything (the browser may not fetch other origins) and the view gets
binary buffers. An HTML page's images come along only from the page's own host (or, for a
local page, its own folder), a bounded number and size each; the rest are dropped (the view
shows their alt text), so a page can never make the browser load another host.
"""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from paperwidgets.errors import LoadError
from paperwidgets.feeds.http import Http
from paperwidgets.fulltext.fetch import fetch_url, read_file
from paperwidgets.fulltext.source import Source, kind_of

MAX_IMAGES = 40
MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {
    b"\x89PNG": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF8": "image/gif",
    b"RIFF": "image/webp",
}


@dataclasses.dataclass
class Document:
    """The bytes of one full text (``kind`` pdf or html) and the images an HTML page shows."""

    source: Source
    kind: str
    data: bytes
    images: list[tuple[str, str, bytes]] = dataclasses.field(default_factory=list)
    dropped: int = 0

    def meta(self) -> dict[str, Any]:
        """What the view is told beside the buffers (buffer 0 is the text, then the images)."""
        return {
            "kind": self.kind,
            "label": self.source.label,
            "source": self.source.location if self.source.is_url else self.source.label,
            "size": len(self.data),
            "images": [{"src": src, "type": mime} for src, mime, _ in self.images],
            "dropped": self.dropped,
        }

    def buffers(self) -> list[bytes]:
        """The text's bytes, then each image's, in the order of ``meta()["images"]``."""
        return [self.data, *(data for _, _, data in self.images)]

    @property
    def nbytes(self) -> int:
        """Bytes sent to the browser for this document."""
        return sum(len(buffer) for buffer in self.buffers())


def read_source(source: Source, http: Http | None = None) -> bytes:
    """The bytes of one source (URL: cached; file: bounded read)."""
    return fetch_url(source.location, http) if source.is_url else read_file(Path(source.location))


def open_first(sources: list[Source], http: Http | None = None) -> Document:
    """The first source that loads; LoadError naming each one tried when none does."""
    if not sources:
        raise LoadError("full text", "this paper has no file, link or arXiv id to read it from")
    failures = []
    for source in sources:
        try:
            return open_source(source, http)
        except LoadError as err:
            failures.append(str(err))
    raise LoadError(sources[0].location, "no full text could be read: " + "; ".join(failures))


def open_source(source: Source, http: Http | None = None) -> Document:
    """The document at ``source``, with its images when it is HTML."""
    data = read_source(source, http)
    kind = kind_of(source.location, data)
    document = Document(dataclasses.replace(source, kind=kind), kind, data)
    if kind == "html":
        _add_images(document, http)
    return document


class _Images(HTMLParser):
    """The ``src`` of every <img>, and the page's <base href> (arXiv's pages have one)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []
        self.base = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "base" and not self.base:
            self.base = values.get("href") or ""
        src = values.get("src") if tag == "img" else None
        if src and src not in self.sources:
            self.sources.append(src)


def _add_images(document: Document, http: Http | None) -> None:
    parser = _Images()
    parser.feed(document.data.decode("utf-8", errors="replace"))
    page = document.source
    if page.is_url and parser.base:  # a <base> on the page's own host only
        based = urljoin(page.location, parser.base)
        if urlsplit(based)[:2] == urlsplit(page.location)[:2]:
            page = dataclasses.replace(page, location=based)
    for src in parser.sources:
        data = _image(page, src, http) if len(document.images) < MAX_IMAGES else None
        mime = _mime(src, data) if data is not None else None
        if data is None or mime is None:
            document.dropped += 1
        else:
            document.images.append((src, mime, data))


def _image(page: Source, src: str, http: Http | None) -> bytes | None:
    """An image of the page from the page's own host or folder; None when not allowed."""
    try:
        if page.is_url:
            url = urljoin(page.location, src)
            mine = urlsplit(page.location)
            theirs = urlsplit(url)
            if (theirs.scheme, theirs.netloc) != (mine.scheme, mine.netloc):
                return None
            return fetch_url(url, http, MAX_IMAGE_BYTES)
        if "://" in src or src.startswith(("/", "\\")) or ".." in Path(src).parts:
            return None
        return read_file(Path(page.location).parent / src, MAX_IMAGE_BYTES)
    except LoadError:
        return None


def _mime(src: str, data: bytes) -> str | None:
    for magic, mime in IMAGE_TYPES.items():
        if data.startswith(magic):
            return mime
    return "image/svg+xml" if src.lower().endswith(".svg") and b"<svg" in data[:4096] else None
