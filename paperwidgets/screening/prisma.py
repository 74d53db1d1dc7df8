"""PRISMA 2020 counts of a title/abstract screening, from its log and its sources.

Identified (per source), duplicates removed, screened, excluded (with the count of each
reason), included, maybe (still undecided) and not screened: the records a stopping rule
left unscreened, which PRISMA 2020's flow diagram counts as "marked as ineligible by
automation tools" (Page et al. 2021, BMJ 372:n71). As a table (DataFrame) and as Markdown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from paperwidgets.notes.markdown import markdown_text
from paperwidgets.screening.audit import AuditLog

if TYPE_CHECKING:
    import pandas as pd

    from paperwidgets.screening.inputs import Identified

NO_REASON = "no reason given"


@dataclass(frozen=True)
class Prisma:
    """The PRISMA 2020 counts of one screening."""

    identified: Mapping[str, int]  # records per source
    duplicates: int
    screened: int
    excluded: int
    included: int
    maybe: int
    not_screened: int
    reasons: Mapping[str, int] = field(default_factory=dict)  # exclusion reason -> records

    def rows(self) -> list[tuple[str, str, int]]:
        """(stage, detail, records) in the order of the PRISMA flow diagram."""
        rows = [("identified", source, n) for source, n in self.identified.items()]
        rows += [
            ("duplicates removed", "", self.duplicates),
            ("not screened", "", self.not_screened),
            ("screened", "", self.screened),
            ("excluded", "", self.excluded),
        ]
        rows += [("excluded", reason, n) for reason, n in self.reasons.items()]
        rows += [("maybe (undecided)", "", self.maybe), ("included", "", self.included)]
        return rows

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=["stage", "detail", "records"])

    def to_markdown(self) -> str:
        """The counts as a Markdown table (sources and reasons escaped: they are text)."""
        lines = ["| PRISMA 2020 | | records |", "|---|---|---:|"]
        for stage, detail, n in self.rows():
            cell = markdown_text(" ".join(detail.split()))
            lines.append(f"| {stage} | {cell} | {n:,} |")
        return "\n".join(lines) + "\n"


def prisma(log: AuditLog, identified: Identified | None = None, records: int = 0) -> Prisma:
    """The counts of a log over the records read (`identified`), or over `records` records."""
    if identified is not None:
        sources, duplicates = dict(identified.sources), identified.duplicates
        records = len(identified.corpus)
    else:
        sources, duplicates = {"records": records}, 0
    decided = log.decisions()
    if len(decided) > records:
        raise ValueError(f"the log decides {len(decided)} records, more than the {records} read")
    counts = Counter(event.decision for event in decided.values())
    reasons = Counter(
        event.reason or NO_REASON for event in decided.values() if event.decision == "exclude"
    )
    return Prisma(
        sources, duplicates, len(decided), counts["exclude"], counts["include"],
        counts["maybe"], records - len(decided), dict(reasons.most_common()),
    )  # fmt: skip
