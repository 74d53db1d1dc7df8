"""Merging records of the same paper, within one source and across sources.

Two records are the same paper when they share an arXiv id or a DOI; records of *different*
sources also when they share a normalised title (two entries of one file with one title are
two papers: xampl.bib's -minimal and -full entries). Identifiers that contradict each other
(two different DOIs, two different own ids such as ``scale:573`` and ``scale-twin:573``) never
merge. Fields merge one by one: the first non-empty value wins, categories and ``extra`` are
united, and ``source`` lists every source the paper came from.
"""

from __future__ import annotations

from typing import Any

from paperwidgets.sources.records import Record, normalise_title

RANK = {"arxiv": 0, "doi": 1, "title": 3}  # any other id (a table's own) ranks 2


def _kind(pid: str) -> str:
    prefix = pid.split(":", 1)[0]
    return prefix if prefix in RANK else "other"


def identifiers(rec: Record) -> dict[str, str]:
    """kind -> value of a record's arXiv id, DOI and own id (a title slug is not one)."""
    kind = _kind(rec["id"])
    out = {kind: rec["id"] if kind == "other" else rec["id"].split(":", 1)[-1]}
    doi = rec["extra"].get("doi") if isinstance(rec.get("extra"), dict) else None
    if doi:
        out["doi"] = doi_key(doi)
    out.pop("title", None)
    return out


def doi_key(doi: Any) -> str:
    """The form in which two records' DOIs are compared."""
    return str(doi).strip().lower()


def keys(rec: Record) -> list[str]:
    """Index keys of a record: its identifiers, then its normalised title."""
    strong = [f"{kind}:{value}" for kind, value in identifiers(rec).items()]
    title = normalise_title(rec["title"] or "")
    return strong + ([f"t:{title}"] if title else [])


def conflict(a: Record, b: Record) -> bool:
    """True when two records carry different identifiers of the same kind."""
    ids_a, ids_b = identifiers(a), identifiers(b)
    return any(ids_a[k] != ids_b[k] for k in ids_a.keys() & ids_b.keys())


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def combine(into: Record, rec: Record) -> None:
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


def _same_paper(into: Record, rec: Record, key: str, seen_in: set[int], part: int) -> bool:
    """Whether `rec` (of source `part`) found through `key` is `into` (seen in `seen_in`).

    A title matches across sources only: one file's entries with one title are two papers.
    """
    if conflict(into, rec):
        return False
    return not key.startswith("t:") or part not in seen_in


def unique_ids(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Distinct papers that share an id (one title twice in a file) get ``~2``, ``~3``…"""
    for rec, pid in zip(records, distinct_ids([rec["id"] for rec in records]), strict=True):
        rec["id"] = pid
    return records


def distinct_ids(ids: list[str]) -> list[str]:
    """The ids with every repeat made distinct: ``~2``, ``~3``… (never an id already used)."""
    if len(set(ids)) == len(ids):
        return ids
    seen: set[str] = set(ids)
    uses: dict[str, int] = {}
    out = []
    for base in ids:
        uses[base] = uses.get(base, 0) + 1
        pid = base
        if uses[base] > 1:
            while pid in seen:
                uses[base] += 1
                pid = f"{base}~{uses[base]}"
            seen.add(pid)
        out.append(pid)
    return out


def merge(parts: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One record per paper of the records of each source, in first-seen order (copies)."""
    return unique_ids(merge_groups(parts)[0])


def merge_groups(parts: list[list[dict[str, Any]]]) -> tuple[list[dict[str, Any]], list[int]]:
    """The merged records (ids not yet made distinct), and where each one was first seen:
    its first record's place among all records of all parts."""
    merged: list[dict[str, Any]] = []
    firsts: list[int] = []
    seen_in: list[set[int]] = []  # the sources each merged record came from
    index: dict[str, int] = {}
    number = -1
    for part, records in enumerate(parts):
        for rec in records:
            number += 1
            found = [(index[k], k) for k in keys(rec) if k in index]
            pos = next(
                (p for p, k in found if _same_paper(merged[p], rec, k, seen_in[p], part)), None
            )
            if pos is None:
                pos = len(merged)
                merged.append(
                    {**rec, "extra": dict(rec["extra"]), "categories": list(rec["categories"])}
                )
                firsts.append(number)
                seen_in.append(set())
            else:
                combine(merged[pos], rec)
            seen_in[pos].add(part)
            for key in keys(merged[pos]):
                index.setdefault(key, pos)
    return merged, firsts
