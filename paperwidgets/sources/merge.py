"""Merging records of the same paper, within one source and across sources.

Two records are the same paper when they share an arXiv id or a DOI, or else the same
normalised title, unless their identifiers contradict each other (two different DOIs).
Fields merge one by one: the first non-empty value wins, categories and ``extra`` are
united, and ``source`` lists every source the paper came from.
"""

from __future__ import annotations

from typing import Any

from paperwidgets.sources.records import normalise_title

RANK = {"arxiv": 0, "doi": 1, "title": 3}  # any other id (a table's own) ranks 2


def _kind(pid: str) -> str:
    prefix = pid.split(":", 1)[0]
    return prefix if prefix in RANK else "other"


def identifiers(rec: dict) -> dict[str, str]:
    """kind -> value of a record's arXiv id, DOI and own id (a title slug is not one)."""
    out = {_kind(rec["id"]): rec["id"].split(":", 1)[-1] if ":" in rec["id"] else rec["id"]}
    doi = rec["extra"].get("doi") if isinstance(rec.get("extra"), dict) else None
    if doi:
        out["doi"] = str(doi).strip().lower()
    out.pop("title", None)
    return out


def keys(rec: dict) -> list[str]:
    """Index keys of a record: its identifiers, then its normalised title."""
    strong = [f"{kind}:{value}" for kind, value in identifiers(rec).items()]
    title = normalise_title(rec["title"] or "")
    return strong + ([f"t:{title}"] if title else [])


def conflict(a: dict, b: dict) -> bool:
    """True when two records carry different identifiers of the same kind."""
    ids_a, ids_b = identifiers(a), identifiers(b)
    return any(ids_a[k] != ids_b[k] for k in ids_a.keys() & ids_b.keys())


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def combine(into: dict, rec: dict) -> None:
    """Merge `rec` into `into` field by field (in place)."""
    if RANK.get(_kind(rec["id"]), 2) < RANK.get(_kind(into["id"]), 2):
        into["id"] = rec["id"]
    for field, value in rec.items():
        if field == "categories":
            into[field] = list(dict.fromkeys([*into[field], *value]))
        elif field == "extra":
            into[field] = {**value, **into[field]}
        elif field == "source" and value not in into[field].split("; "):
            into[field] = f"{into[field]}; {value}"
        elif _empty(into.get(field)):
            into[field] = value


def merge(records: list[dict]) -> list[dict]:
    """One record per paper, in first-seen order (records are copied, not changed)."""
    merged: list[dict] = []
    index: dict[str, int] = {}
    for rec in records:
        found = [index[k] for k in keys(rec) if k in index]
        pos = next((p for p in found if not conflict(merged[p], rec)), None)
        if pos is None:
            pos = len(merged)
            merged.append(
                {**rec, "extra": dict(rec["extra"]), "categories": list(rec["categories"])}
            )
        else:
            combine(merged[pos], rec)
        for key in keys(merged[pos]):
            index.setdefault(key, pos)
    return merged
