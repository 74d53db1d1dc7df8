"""PubMed's MEDLINE export (``.nbib``, "Citation manager" / "PubMed" format).

Records are blank-line separated; each line is a tag padded to four characters, ``- ``, and a
value; lines starting with six spaces continue the previous value. No library reads it, and
the format is this simple, so the standard library does.
"""

from __future__ import annotations

import re

from paperwidgets.errors import LoadError
from paperwidgets.progress import progress
from paperwidgets.sources.records import (
    Record,
    date_of,
    doi_of,
    ids_of,
    keep_titled,
    record,
)

_TAG = re.compile(r"^([A-Z0-9]{2,4})\s*- ?(.*)$")


def looks_like(text: str) -> bool:
    """A ``PMID- <number>`` line near the top."""
    return bool(re.search(r"^PMID- ?\d+", text[:4000], re.M))


def parse(text: str) -> list[dict[str, list[str]]]:
    """tag -> values of each record (a ``PMID`` line starts one); continuations are joined."""
    records: list[dict[str, list[str]]] = []
    last = ""
    for line in text.splitlines():
        match = _TAG.match(line)
        if match and match.group(1) == "PMID":
            records.append({})
        if match and records:
            last = match.group(1)
            records[-1].setdefault(last, []).append(match.group(2).strip())
        elif records and last and line.startswith(" ") and line.strip():
            records[-1][last][-1] += " " + line.strip()
    return records


def to_record(tags: dict[str, list[str]], name: str) -> Record:
    """One canonical record from a MEDLINE record's tags."""

    def first(tag: str) -> str:
        return (tags.get(tag) or [""])[0]

    ids = tags.get("LID", []) + tags.get("AID", [])
    doi = next((doi_of(v) for v in ids if v.endswith("[doi]")), "")
    pmid = first("PMID")
    title = first("TI") or first("BTI")
    extra = {"pmid": pmid, "doi": doi, "venue": first("JT") or first("TA"),
             "keywords": tags.get("OT", []) + tags.get("MH", [])}  # fmt: skip
    return record(
        id=ids_of(doi=doi, title=title),
        title=title,
        authors=tags.get("FAU") or tags.get("AU") or [],
        abstract=" ".join(tags.get("AB", [])),
        published=date_of(first("DP")),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else "",
        source=name,
        extra={k: v for k, v in extra.items() if v},
    )


def read(text: str, name: str) -> list[Record]:
    """Records of a MEDLINE text; LoadError when it has no PMID record."""
    records = parse(text)
    if not records:
        raise LoadError(name, "no MEDLINE records (each starts with a 'PMID- ' line)")
    papers = [to_record(tags, name) for tags in progress(records, f"reading {name}", "rec")]
    return keep_titled(papers, name)
