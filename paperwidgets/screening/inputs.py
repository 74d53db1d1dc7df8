"""The records to screen: every reader paperwidgets has, duplicates removed and counted.

Reviewers export RIS (or BibTeX, CSV, MEDLINE…) from each database searched. Each source is
read by its reader and the records are merged by the rules every corpus uses
(sources/merge.py: a shared arXiv id or DOI, or across sources the same normalised title);
how many each source gave and how many were duplicates feed the PRISMA counts (prisma.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from paperwidgets.corpus import Corpus, frame_from_records
from paperwidgets.sources import Source, read_source
from paperwidgets.sources.merge import merge


@dataclass(frozen=True)
class Identified:
    """The records to screen and where they came from: per source, and duplicates removed."""

    corpus: Corpus
    sources: Mapping[str, int] = field(default_factory=dict)  # records read per source

    @property
    def identified(self) -> int:
        """Records identified: every record of every source."""
        return sum(self.sources.values())

    @property
    def duplicates(self) -> int:
        """Records removed as duplicates of another (the merge rules of sources/merge.py)."""
        return self.identified - len(self.corpus)


def _name(source: Any, at: int, names: dict[str, int]) -> str:
    """A source's name in the counts: its path, or `source N` for text and DataFrames."""
    text = isinstance(source, bytes) or (isinstance(source, str) and "\n" in source)
    name = f"source {at + 1}" if text or type(source).__name__ == "DataFrame" else str(source)
    names[name] = names.get(name, 0) + 1
    return name if names[name] == 1 else f"{name} ({names[name]})"


def identify(
    *sources: Source | Any, format: str | None = None, columns: dict[str, str] | None = None
) -> Identified:
    """Read the sources (paths, text or DataFrames) and remove duplicates, counting both."""
    if not sources:
        raise TypeError("identify() needs at least one source: a path or the listing text")
    parts: list[list[dict[str, Any]]] = []
    counts: dict[str, int] = {}
    names: dict[str, int] = {}
    for at, source in enumerate(sources):
        records, _ = read_source(source, format=format, columns=columns)
        counts[_name(source, at, names)] = len(records)
        parts.append(records)
    return Identified(Corpus(frame_from_records(merge(parts))), counts)
