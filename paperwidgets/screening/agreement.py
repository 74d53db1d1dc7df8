"""Two screeners: how far they agree, where they differ, and what awaits the second one.

Each screener screens blind into their own log. Agreement is measured only on the records
both have decided (Cohen's κ over include / exclude / maybe, and the share of equal
decisions, with the number of shared records, since a κ on 12 records says little). The
records they decided differently form the disagreement queue, for a third person to
resolve; records only one has decided await the other.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

from paperwidgets.screening.audit import DECISIONS, Event


@dataclass(frozen=True)
class Disagreement:
    """A record two screeners decided differently."""

    record: str
    first: str
    second: str


@dataclass(frozen=True)
class Agreement:
    """Agreement of two screeners on the records both decided."""

    names: tuple[str, str]
    shared: int
    agreement: float | None  # share of shared records with the same decision
    kappa: float | None  # Cohen's κ; None when undefined (no shared records, or one category)
    disagreements: list[Disagreement] = field(default_factory=list)
    awaiting: dict[str, list[str]] = field(default_factory=dict)  # name -> records for them

    def summary(self) -> str:
        """One line for people: κ, % agreement and the number of shared records."""
        if not self.shared:
            return "No record screened by both yet: nothing to compare."
        kappa = "undefined (one category only)" if self.kappa is None else f"{self.kappa:.2f}"
        return (
            f"Cohen's κ {kappa}; {self.agreement:.0%} agreement on the {self.shared} records "
            f"both screened; {len(self.disagreements)} to resolve."
        )


def _decisions(decided: Mapping[str, Event] | Mapping[str, str]) -> dict[str, str]:
    out = {}
    for record, value in decided.items():
        decision = value.decision if isinstance(value, Event) else value
        if decision not in DECISIONS:
            raise ValueError(f"record {record!r}: {decision!r} is not one of {DECISIONS}")
        out[record] = decision
    return out


def _kappa(first: list[str], second: list[str]) -> float | None:
    from sklearn.metrics import cohen_kappa_score

    if len(set(first) | set(second)) < 2:  # both used one and the same category: undefined
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(cohen_kappa_score(first, second, labels=list(DECISIONS)))


def agreement(
    first: Mapping[str, Event] | Mapping[str, str],
    second: Mapping[str, Event] | Mapping[str, str],
    names: tuple[str, str] = ("first", "second"),
) -> Agreement:
    """Compare two screeners' decisions (record -> Event or decision: a log's decisions())."""
    a, b = _decisions(first), _decisions(second)
    shared = [record for record in a if record in b]
    pairs = [(a[r], b[r]) for r in shared]
    same = sum(x == y for x, y in pairs)
    awaiting = {
        names[1]: [r for r in a if r not in b],
        names[0]: [r for r in b if r not in a],
    }
    return Agreement(
        names,
        len(shared),
        same / len(shared) if shared else None,
        _kappa([x for x, _ in pairs], [y for _, y in pairs]) if shared else None,
        [Disagreement(r, a[r], b[r]) for r in shared if a[r] != b[r]],
        awaiting,
    )
