"""Highlight categories: what a highlight is (colour = meaning), each with its key.

A small set, configurable per widget (``FullText(..., categories=[...])``). The category is
stored by name on the highlight, so a renamed colour never changes what a highlight meant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

CATEGORIES: tuple[dict[str, str], ...] = (
    {"name": "key idea", "key": "1", "color": "#f2c230"},
    {"name": "method", "key": "2", "color": "#58a6e8"},
    {"name": "result", "key": "3", "color": "#5cbf6a"},
    {"name": "question", "key": "4", "color": "#ee8a4a"},
    {"name": "to cite", "key": "5", "color": "#b98ae0"},
)
RESERVED_KEYS = set("hnpe") | {" "}  # highlight, next, previous, edit the comment
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def checked_categories(items: Sequence[Mapping[str, Any]] | None) -> list[dict[str, str]]:
    """The categories given (default: CATEGORIES), checked; ValueError naming a wrong one."""
    if items is None:
        return [dict(item) for item in CATEGORIES]
    out: list[dict[str, str]] = []
    for item in items:
        name, key, color = (str(item.get(k) or "").strip() for k in ("name", "key", "color"))
        if not name or len(key) != 1 or not _COLOR.match(color):
            raise ValueError(
                f"a category is {{'name', 'key' (one character), 'color': '#rrggbb'}}: {item!r}"
            )
        if key in RESERVED_KEYS or key in {c["key"] for c in out}:
            raise ValueError(f"category key {key!r} is taken (h, n, p, e are the reader's keys)")
        out.append({"name": name, "key": key, "color": color})
    if not out:
        raise ValueError("give at least one category")
    return out
