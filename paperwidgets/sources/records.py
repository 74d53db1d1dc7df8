"""The canonical paper record every reader returns, and the stable ids derived from it."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

COLUMNS = [
    "id",
    "title",
    "authors",
    "abstract",
    "published",
    "url",
    "pdf_url",
    "categories",
    "source",
    "extra",
]

_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")


def normalise_title(title: str) -> str:
    """Lower-case ASCII words of a title: the key that finds the same paper in two sources."""
    decomposed = unicodedata.normalize("NFKD", title)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.findall(r"[a-z0-9]+", ascii_only))


def arxiv_id(value: str) -> str | None:
    """The versionless arXiv id in an id or abs/pdf URL, or None."""
    candidate = re.sub(r"^(https?://)?(export\.)?arxiv\.org/(abs|pdf)/", "", value.strip())
    candidate = re.sub(r"^arxiv:", "", candidate, flags=re.I).removesuffix(".pdf")
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        match = pattern.match(candidate)
        if match:
            return match.group(1)
    return None


def paper_id(arxiv: str | None = None, doi: str | None = None, title: str = "") -> str:
    """Stable id: ``arxiv:<id>`` > ``doi:<doi>`` > ``title:<slug>`` (design §2)."""
    if arxiv:
        return f"arxiv:{arxiv}"
    if doi:
        return f"doi:{doi.strip().lower()}"
    return "title:" + normalise_title(title).replace(" ", "-")


def clean_text(value: Any) -> str:
    """Collapse runs of whitespace; None becomes the empty string. Never rewrites words."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def record(**fields: Any) -> dict[str, Any]:
    """A canonical record with every column present (missing ones empty)."""
    out: dict[str, Any] = {
        "id": "",
        "title": "",
        "authors": [],
        "abstract": "",
        "published": None,
        "url": "",
        "pdf_url": "",
        "categories": [],
        "source": "",
        "extra": {},
    }
    unknown = set(fields) - set(out)
    if unknown:
        raise TypeError(f"unknown record fields: {sorted(unknown)}")
    out.update(fields)
    if not out["id"]:
        out["id"] = paper_id(title=out["title"])
    return out
