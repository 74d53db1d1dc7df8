"""Where a paper's full text is: a file given or attached, a URL, or arXiv's PDF/HTML pages.

Candidates come in the order they are tried: what the caller names, the file attached in the
notes, the listing's own PDF link, then arXiv's PDF (or HTML, with ``prefer="html"``) from the
paper's arXiv id (format.py's link rules). ``arxiv_base`` points arXiv links at a mirror or a
local test server.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from paperwidgets.format import arxiv_of, arxiv_url, safe_url

ARXIV = "https://arxiv.org"
KINDS = ("pdf", "html")


@dataclasses.dataclass(frozen=True)
class Source:
    """One place a full text can come from: ``kind`` pdf or html, a URL or a file path."""

    kind: str
    location: str

    @property
    def is_url(self) -> bool:
        """Whether the text comes over HTTP (else it is a local file)."""
        return urlsplit(self.location).scheme in ("http", "https")

    @property
    def label(self) -> str:
        """How the pane names it: the URL, or the file's name."""
        return self.location if self.is_url else Path(self.location).name


def kind_of(location: str, data: bytes | None = None) -> str:
    """pdf or html: by the bytes when given (``%PDF-``), else by the path or URL."""
    if data is not None:
        return "pdf" if data[:1024].lstrip().startswith(b"%PDF-") else "html"
    path = urlsplit(location).path.lower() if "://" in location else location.lower()
    return "html" if "/html/" in path or path.endswith((".html", ".htm")) else "pdf"


def given(value: str | os.PathLike[str]) -> Source:
    """The source a user named: a URL, or a local file path."""
    text = str(value)
    scheme = urlsplit(text).scheme if isinstance(value, str) else ""
    if len(scheme) > 1:  # (one letter: a Windows drive)
        if scheme not in ("http", "https"):
            raise ValueError(f"a full text is a file path or an http(s) URL, not {text!r}")
        return Source(kind_of(text), text)
    path = Path(text).expanduser().absolute()
    return Source(kind_of(str(path)), str(path))


def rebase(url: str, arxiv_base: str | None) -> str:
    """An arxiv.org URL on ``arxiv_base`` (a mirror, a test server); others unchanged."""
    if arxiv_base and url.startswith(ARXIV + "/"):
        return arxiv_base.rstrip("/") + url[len(ARXIV) :]
    return url


def candidates(
    paper: Mapping[str, Any],
    attached: Path | None = None,
    prefer: str = "pdf",
    arxiv_base: str | None = None,
) -> list[Source]:
    """The sources to try for a paper, best first (empty: title-only, resolve it first)."""
    if prefer not in KINDS:
        raise ValueError(f"prefer is one of {KINDS}, not {prefer!r}")
    found: list[Source] = []
    if attached is not None:
        found.append(given(attached))
    pdf_url = safe_url(paper.get("pdf_url"))
    if pdf_url and pdf_url.startswith(("http://", "https://")):
        found.append(Source("pdf", rebase(pdf_url, arxiv_base)))
    arxiv = arxiv_of(paper)
    if arxiv:
        kinds = KINDS if prefer == "pdf" else KINDS[::-1]
        found += [Source(k, rebase(arxiv_url(arxiv, k), arxiv_base)) for k in kinds]
    if prefer == "html":
        found.sort(key=lambda source: source.kind != "html")
    unique: list[Source] = []
    for source in found:
        if source not in unique:
            unique.append(source)
    return unique
