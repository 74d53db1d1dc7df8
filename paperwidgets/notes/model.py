"""The annotation model: one reader's note on one paper, checked and JSON-ready."""

from __future__ import annotations

import dataclasses
import numbers
import threading
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from paperwidgets.notes.citation import cite_fields

STATUSES = ("unread", "reading", "read", "skipped")
HIGHLIGHT_KEYS = ("quote", "prefix", "suffix", "start", "end", "comment")
PAPER_KEYS = ("id", "title", "authors", "url", "published", "abstract")
FIELDS = ("note", "tags", "rating", "status", "highlights")
_TICK = timedelta(microseconds=1)
MAX_SKEW = timedelta(minutes=5)  # a stored time further ahead than this is a wrong clock


@dataclasses.dataclass(frozen=True)
class Annotation:
    """A reader's note, tags, rating, status and highlights for one paper."""

    paper: dict[str, Any]
    note: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    rating: int | None = None
    status: str = "unread"
    highlights: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    created: datetime | None = None
    updated: datetime | None = None
    changed: dict[str, datetime] = dataclasses.field(default_factory=dict)  # per field
    removed: dict[str, datetime] = dataclasses.field(default_factory=dict)  # tombstones
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    @property
    def id(self) -> str:
        """The paper id this annotation belongs to."""
        return self.paper["id"]

    def content(self) -> dict[str, Any]:
        """The fields a reader edits (what merges compare)."""
        return {name: getattr(self, name) for name in FIELDS}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form stored in a cell's ``metadata.paperwidgets``."""
        data = {
            "paper": dict(self.paper),
            **self.content(),
            "created": iso(self.created),
            "updated": iso(self.updated),
        }
        if self.changed:
            data["changed"] = {name: iso(moment) for name, moment in self.changed.items()}
        if self.removed:
            data["removed"] = {key: iso(moment) for key, moment in self.removed.items()}
        if self.conflicts:
            data["conflicts"] = [dict(c) for c in self.conflicts]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Annotation:
        """An Annotation from its stored JSON form; ValueError if a field is wrong."""
        if not isinstance(data, Mapping):
            raise ValueError(f"an annotation is a JSON object, not {type(data).__name__}")
        fields = {name: data[name] for name in FIELDS if name in data}
        return cls(
            paper=paper_info(data.get("paper")),
            **checked_fields(fields),
            created=parse_time(data.get("created")),
            updated=parse_time(data.get("updated")),
            changed=_times(data.get("changed"), FIELDS),
            removed=_times(data.get("removed")),
            conflicts=_conflicts(data.get("conflicts")),
        )


def _times(value: Any, names: tuple[str, ...] | None = None) -> dict[str, datetime]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or (names and set(value) - set(names)):
        raise ValueError(f"expected {{name: ISO time}} for {names or 'removed'}, not {value!r}")
    return {str(k): parse_time(v) for k, v in value.items() if v is not None}


def _conflicts(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"conflicts is a list, not {type(value).__name__}")
    for item in value:
        if not isinstance(item, Mapping) or item.get("field") not in ("rating", "status"):
            raise ValueError(f"a conflict is {{'field': 'rating'|'status', ...}}, not {item!r}")
        checked_fields({item["field"]: item.get("value")})
    return [dict(item) for item in value]


def iso(moment: datetime | None) -> str | None:
    """UTC ISO 8601 with microseconds: sortable, and exact on reload."""
    return None if moment is None else moment.isoformat(timespec="microseconds")


def parse_time(value: Any) -> datetime | None:
    """A stored timestamp back as an aware UTC datetime (None stays None)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"a timestamp is an ISO 8601 string, not {value!r}")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


class Clock:
    """UTC now, strictly increasing within the process so two ``set`` calls always order."""

    def __init__(self) -> None:
        self._last = datetime.min.replace(tzinfo=timezone.utc)
        self._lock = threading.Lock()

    def now(self, after: datetime | None = None) -> datetime:
        """A timestamp later than every earlier one and than ``after``.

        An ``after`` beyond the wall clock + MAX_SKEW (a colleague's wrong clock, a hand edit)
        is ignored, so one future stamp cannot push every later write into the future.
        """
        with self._lock:
            moment = datetime.now(timezone.utc)
            if after is not None and after > moment + MAX_SKEW:
                after = None
            floor = max(self._last, after or self._last) + _TICK
            self._last = max(moment, floor)
            return self._last


CLOCK = Clock()


def sane(moment: datetime | None) -> datetime:
    """A stored time for comparing: None is oldest, a time beyond now + MAX_SKEW counts as now."""
    if moment is None:
        return datetime.min.replace(tzinfo=timezone.utc)
    return min(moment, datetime.now(timezone.utc) + MAX_SKEW)


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
    return value.isoformat()


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
    if not real or not 1 <= value <= 5 or not float(value).is_integer():
        raise ValueError(f"rating is None or an integer 1–5, not {value!r}")
    return int(value)


def _check_status(value: Any) -> str:
    if value not in STATUSES:
        raise ValueError(f"status is one of {', '.join(STATUSES)}; not {value!r}")
    return value


def _check_highlights(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str | Mapping):
        raise ValueError("highlights is a list of {'quote': ...} objects")
    return [_check_highlight(item) for item in value or []]


def _check_highlight(item: Any) -> dict[str, Any]:
    if isinstance(item, str):
        item = {"quote": item}
    if not isinstance(item, Mapping) or not isinstance(item.get("quote"), str):
        raise ValueError(f"a highlight needs a 'quote' string: {item!r}")
    unknown = set(item) - set(HIGHLIGHT_KEYS)
    if unknown:
        raise ValueError(f"a highlight has only {HIGHLIGHT_KEYS}; unknown: {sorted(unknown)}")
    highlight = {k: item[k] for k in HIGHLIGHT_KEYS if item.get(k) is not None}
    for key in ("start", "end"):
        if key in highlight and not _is_offset(highlight[key]):
            raise ValueError(f"highlight {key} is a character offset ≥ 0, not {item[key]!r}")
    for key in ("prefix", "suffix", "comment"):
        if key in highlight and not isinstance(highlight[key], str):
            raise ValueError(f"highlight {key} is text, not {item[key]!r}")
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
