"""What a reader may write about a paper, checked: the fields, the paper info kept with them."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

from paperwidgets.constants import RATING_MAX, RATING_MIN, STATUSES, UNREAD
from paperwidgets.notes.citation import cite_fields

HIGHLIGHT_KEYS = ("quote", "prefix", "suffix", "start", "end", "comment")
# a highlight in a paper's full text (PDF or HTML) also says where: the page (PDFs), the
# category (key idea, method…), and the full text it was made in (its URL or attached file)
FULLTEXT_KEYS = ("page", "category", "source")
PAPER_KEYS = ("id", "title", "authors", "url", "published", "abstract")
FIELDS = ("note", "tags", "rating", "status", "highlights")
OWN_FIELDS = ("note", "rating", "status")  # each person's own values
SHARED_FIELDS = ("tags", "highlights")  # shared sets whose items carry their authors
DEFAULTS: dict[str, Any] = {"note": "", "tags": [], "rating": None, "status": UNREAD}
DEFAULTS["highlights"] = []


def paper_id(paper: Any) -> str:
    """The paper id from an id string or a paper dict / DataFrame row."""
    if isinstance(paper, str):
        key = paper
    elif hasattr(paper, "get"):
        key = paper.get("id")
    else:
        raise TypeError(f"a paper is an id or a paper row from a Corpus, not {paper!r}")
    if not isinstance(key, str) or not key.strip():
        raise ValueError(f"a paper needs a non-empty string id, not {key!r}")
    return key.strip()


def paper_info(paper: Any) -> dict[str, Any]:
    """id, title, authors, url, published and abstract of a paper, as JSON values."""
    key = paper_id(paper)
    source = {} if isinstance(paper, str) else paper
    info: dict[str, Any] = {"id": key}
    title, url = _text(source.get("title")), _text(source.get("url"))
    info["title"] = title
    info["authors"] = [str(a) for a in _list(source.get("authors"))]
    info["url"] = url
    info["published"] = _date_text(source.get("published"))
    info["abstract"] = _text(source.get("abstract"))  # what "For you" learns from (foryou.py)
    cite = cite_fields(source)  # its own citekey, type, venue… (notes/citation.py)
    return {**info, "cite": cite} if cite else info


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _list(value: Any) -> list[Any]:
    if value is None or isinstance(value, str | bytes | float):
        return []
    return list(value)


def _date_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    if value is None or str(value) == "NaT" or not hasattr(value, "isoformat"):
        return None
    return str(value.isoformat())


def checked_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The given fields, normalised; ValueError naming the field if one is wrong."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown annotation fields: {sorted(unknown)}")
    checked = {name: _CHECKS[name](value) for name, value in fields.items()}
    for name, value in checked.items():
        _check_encodable(name, value)
    return checked


def _check_encodable(name: str, value: Any) -> None:
    """ValueError for text UTF-8 cannot hold (a lone surrogate from a broken paste)."""
    texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    for text in texts:
        for part in text.values() if isinstance(text, dict) else [text]:
            if isinstance(part, str):
                try:
                    part.encode("utf-8")
                except UnicodeEncodeError as err:
                    bad = repr(part[err.start : err.end])
                    raise ValueError(f"{name} holds {bad}, which UTF-8 cannot store") from None


def _check_note(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"note must be text, not {type(value).__name__}")
    return value


def _check_tags(value: Any) -> list[str]:
    if isinstance(value, str):
        raise ValueError("tags must be a list of strings, e.g. ['rl', 'agents']")
    tags: dict[str, None] = {}  # ordered and O(1) per tag: 60k tags load in milliseconds
    for tag in value or []:
        if not isinstance(tag, str):
            raise ValueError(f"each tag is a string, not {tag!r}")
        if tag.strip():
            tags[tag.strip()] = None
    return list(tags)


def _check_rating(value: Any) -> int | None:
    """None or a whole number 1–5: numpy integers and 4.0 (a pandas column) count, True not."""
    if value is None:
        return None
    real = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not real or not RATING_MIN <= value <= RATING_MAX or not float(value).is_integer():
        raise ValueError(f"rating is None or an integer {RATING_MIN}–{RATING_MAX}, not {value!r}")
    return int(value)


def _check_status(value: Any) -> str:
    if value not in STATUSES:
        raise ValueError(f"status is one of {', '.join(STATUSES)}; not {value!r}")
    return str(value)


def _check_highlights(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str | Mapping):
        raise ValueError("highlights is a list of {'quote': ...} objects")
    return [_check_highlight(item) for item in value or []]


def _check_highlight(item: Any) -> dict[str, Any]:
    if isinstance(item, str):
        item = {"quote": item}
    if not isinstance(item, Mapping) or not isinstance(item.get("quote"), str):
        raise ValueError(f"a highlight needs a 'quote' string: {item!r}")
    keys = HIGHLIGHT_KEYS + FULLTEXT_KEYS
    unknown = set(item) - set(keys)
    if unknown:
        raise ValueError(f"a highlight has only {keys}; unknown: {sorted(unknown)}")
    highlight = {k: item[k] for k in keys if item.get(k) is not None}
    for key in ("start", "end"):
        if key in highlight and not _is_offset(highlight[key]):
            raise ValueError(f"highlight {key} is a character offset ≥ 0, not {item[key]!r}")
    for key in ("prefix", "suffix", "comment", "category", "source"):
        if key in highlight and not isinstance(highlight[key], str):
            raise ValueError(f"highlight {key} is text, not {item[key]!r}")
    if "page" in highlight and not (_is_offset(highlight["page"]) and highlight["page"] >= 1):
        raise ValueError(f"highlight page is a page number ≥ 1, not {item['page']!r}")
    return highlight


def _is_offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


_CHECKS = {
    "note": _check_note,
    "tags": _check_tags,
    "rating": _check_rating,
    "status": _check_status,
    "highlights": _check_highlights,
}
