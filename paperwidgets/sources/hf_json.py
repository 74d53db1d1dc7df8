"""Hugging Face ``api/daily_papers`` JSON (and paper objects from the HF papers API).

The schema drifted 2024→2026: items nest the paper under ``paper`` (or are the paper), authors
are objects (``name``, ``user.fullname``) or plain names, and newer items add ``ai_summary``,
``ai_keywords``, ``githubRepo``, ``projectPage``. Upvotes, links and AI fields go to ``extra``.
"""

from __future__ import annotations

import re
from typing import Any

from paperwidgets.progress import progress
from paperwidgets.sources.records import (
    Record,
    clean_text,
    date_of,
    ids_of,
    json_items,
    keep_titled,
    parse_json,
    record,
    text_of,
)

_SNIFF = re.compile(
    r"""["'](paper|upvotes|submittedOnDailyAt|ai_summary|ai_keywords|numComments)["']\s*:"""
)
# extra key -> keys in the paper object, then in the item (first non-empty wins)
EXTRA = {
    "upvotes": ("upvotes",),
    "github": ("githubRepo",),
    "github_stars": ("githubStars",),
    "project_page": ("projectPage",),
    "ai_summary": ("ai_summary",),
    "ai_keywords": ("ai_keywords",),
    "num_comments": ("numComments",),
    "submitted_on_daily": ("submittedOnDailyAt",),
}


def looks_like(text: str) -> bool:
    """A JSON array or object whose first items carry Daily Papers keys."""
    head = text[:4000]
    return head.lstrip()[:1] in ("[", "{") and bool(_SNIFF.search(head))


def _author(value: Any) -> str:
    if isinstance(value, dict):
        user = value.get("user")
        if not isinstance(user, dict):
            user = {}
        return text_of(value.get("name")) or text_of(user.get("fullname"))
    return text_of(value)


def _extra(paper: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, fields in EXTRA.items():
        for source in (paper, item):
            value = next((source[f] for f in fields if source.get(f) not in (None, "", [])), None)
            if value is not None:
                out[key] = value if isinstance(value, int | list) else text_of(value)
                break
    return out


def to_record(item: dict[str, Any], name: str) -> Record:
    """One canonical record from a daily_papers item (nested or flat)."""
    paper = item["paper"] if isinstance(item.get("paper"), dict) else item
    arxiv = text_of(paper.get("id"))
    authors = paper.get("authors")
    if not isinstance(authors, list):
        authors = []
    pid = ids_of(arxiv=arxiv, title=text_of(paper.get("title") or item.get("title")))
    has_arxiv = pid.startswith("arxiv:")
    return record(
        id=pid,
        title=clean_text(text_of(paper.get("title")) or text_of(item.get("title"))),
        authors=[a for a in map(_author, authors) if a],
        abstract=text_of(paper.get("summary")) or text_of(item.get("summary")),
        published=date_of(paper.get("publishedAt") or item.get("publishedAt")),
        url=f"https://huggingface.co/papers/{pid[6:]}" if has_arxiv else "",
        pdf_url=f"https://arxiv.org/pdf/{pid[6:]}" if has_arxiv else "",
        source=name,
        extra=_extra(paper, item),
    )


def read(text: str, name: str) -> list[Record]:
    """Records of a daily_papers JSON file; LoadError names the item that is not a paper."""
    items = json_items(parse_json(text, name), name, "paper")
    records = [to_record(item, name) for item in progress(items, f"reading {name}", "rec")]
    return keep_titled(records, name)
