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

from paperwidgets.sources.records import normalise_title

RANK = {"arxiv": 0, "doi": 1, "title": 3}  # any other id (a table's own) ranks 2


def _kind(pid: str) -> str:
    prefix = pid.split(":", 1)[0]
    return prefix if prefix in RANK else "other"


def identifiers(rec: dict) -> dict[str, str]:
    """kind -> value of a record's arXiv id, DOI and own id (a title slug is not one)."""
    kind = _kind(rec["id"])
    out = {kind: rec["id"] if kind == "other" else rec["id"].split(":", 1)[-1]}
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


def _same_paper(into: dict, rec: dict, key: str, seen_in: set[int], part: int) -> bool:
    """Whether `rec` (of source `part`) found through `key` is `into` (seen in `seen_in`).

    A title matches across sources only: one file's entries with one title are two papers.
    """
    if conflict(into, rec):
        return False
    return not key.startswith("t:") or part not in seen_in


def unique_ids(records: list[dict]) -> list[dict]:
    """Distinct papers that share an id (one title twice in a file) get ``~2``, ``~3``…"""
    seen: set[str] = {rec["id"] for rec in records}
    uses: dict[str, int] = {}
    for rec in records:
        base = rec["id"]
        uses[base] = uses.get(base, 0) + 1
        if uses[base] > 1:
            while rec["id"] in seen:
                uses[base] += 1
                rec["id"] = f"{base}~{uses[base]}"
            seen.add(rec["id"])
    return records


def merge(parts: list[list[dict]]) -> list[dict]:
    """One record per paper of the records of each source, in first-seen order (copies)."""
    merged: list[dict] = []
    seen_in: list[set[int]] = []  # the sources each merged record came from
    index: dict[str, int] = {}
    for part, records in enumerate(parts):
        for rec in records:
            found = [(index[k], k) for k in keys(rec) if k in index]
            pos = next(
                (p for p, k in found if _same_paper(merged[p], rec, k, seen_in[p], part)), None
            )
            if pos is None:
                pos = len(merged)
                merged.append(
                    {**rec, "extra": dict(rec["extra"]), "categories": list(rec["categories"])}
                )
                seen_in.append(set())
            else:
                combine(merged[pos], rec)
            seen_in[pos].add(part)
            for key in keys(merged[pos]):
                index.setdefault(key, pos)
    return unique_ids(merged)
