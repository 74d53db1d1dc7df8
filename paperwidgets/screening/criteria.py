"""What a reviewer screens by: inclusion criteria, exclusion reasons and terms to highlight.

``corpus.screen(criteria=…)`` takes a ``Criteria`` or a dict with the same keys. The
exclusion reasons are the ones keys 1–9 give (today's ``reasons=``, still accepted); the
keywords are what the widget highlights in each record's title and abstract. Terms are
only the keywords given: picking words out of the criteria's sentences would highlight
"adults" and "in" alike, so nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from paperwidgets.constants import MAX_REASONS

PARTS = ("inclusion", "exclusion", "keywords")


def _texts(value: Any, part: str) -> tuple[str, ...]:
    """A part of the criteria as stripped texts; TypeError / ValueError saying what is wrong."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"criteria {part}: a list of texts, not {type(value).__name__}")
    texts = tuple(value)
    if not all(isinstance(text, str) for text in texts):
        raise TypeError(f"criteria {part}: every entry must be a text")
    stripped = tuple(text.strip() for text in texts)
    if not all(stripped):
        raise ValueError(f"criteria {part}: an entry is empty")
    return stripped


@dataclass(frozen=True)
class Criteria:
    """Inclusion criteria, exclusion reasons (keys 1–9, in order) and keywords to highlight."""

    inclusion: Sequence[str] = ()
    exclusion: Sequence[str] = ()
    keywords: Sequence[str] = ()

    def __post_init__(self) -> None:
        for part in PARTS:
            object.__setattr__(self, part, _texts(getattr(self, part), part))
        if len(self.exclusion) > MAX_REASONS:
            raise ValueError(f"at most {MAX_REASONS} exclusion reasons (keys 1–{MAX_REASONS})")
        if len(set(self.exclusion)) < len(self.exclusion):
            raise ValueError("criteria exclusion: a reason is given twice (PRISMA counts each)")

    @classmethod
    def of(cls, criteria: Any = None, reasons: Sequence[str] | None = None) -> Criteria:
        """Criteria from a ``Criteria``, a dict of its parts or None, and the older ``reasons``."""
        if criteria is None:
            found = cls()
        elif isinstance(criteria, cls):
            found = criteria
        elif isinstance(criteria, Mapping):
            unknown = sorted(set(map(str, criteria)) - set(PARTS))
            if unknown:
                raise ValueError(
                    f"criteria: unknown part {unknown[0]!r} (known: {', '.join(PARTS)})"
                )
            found = cls(**{part: criteria.get(part) or () for part in PARTS})
        else:
            raise TypeError(f"criteria: a Criteria or a dict, not {type(criteria).__name__}")
        if not reasons:
            return found
        if found.exclusion:
            raise ValueError("exclusion reasons given twice: use criteria's 'exclusion' only")
        return cls(found.inclusion, reasons, found.keywords)

    def terms(self) -> list[str]:
        """The terms to highlight: the keywords, each once (case aside), longest first."""
        unique: dict[str, str] = {}
        for term in self.keywords:
            unique.setdefault(term.casefold(), term)
        return sorted(unique.values(), key=len, reverse=True)

    def to_dict(self) -> dict[str, list[str]]:
        """The criteria as the widget shows them, with the terms it highlights."""
        shown = {f.name: list(getattr(self, f.name)) for f in fields(self)}
        return {**shown, "terms": self.terms()}
