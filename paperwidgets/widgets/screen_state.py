"""What the Screen widget shows, as JSON values: the record, the stopping panel, the team.

Pure functions of the screening (screening/session.py) and the corpus, so the widget stays a
thin layer of commands and the panel's wording is tested without a browser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from paperwidgets.corpus import Corpus
    from paperwidgets.screening import Screening, StopCheck

OPEN_SHOWN = 50  # disagreements sent to the browser at once (the count says how many)


def paper_text(corpus: Corpus, record: str) -> dict[str, Any]:
    """A record as the screener reads it: id, title, abstract (text only)."""
    paper = corpus.paper(record)
    return {k: str(paper.get(k) or "") for k in ("id", "title", "abstract")}


def record_state(session: Screening, corpus: Corpus, record: str) -> dict[str, Any]:
    """The record to decide, with the note of its decision an undo took back (to redo)."""
    undone = session.log.undone(record)
    return {**paper_text(corpus, record), "note": undone.note if undone else ""}


def _check(check: StopCheck | None) -> dict[str, Any] | None:
    if check is None:
        return None
    return {"rule": check.rule, "stop": check.stop, "why": check.why, "p": check.p_value}


def panel_state(session: Screening, recall: float, confidence: float) -> dict[str, Any]:
    """Progress and the stopping panel: counts, relevant left (interval), both rules."""
    now = session.status(recall, confidence)
    left = None
    if now.relevant_left is not None:
        estimate, low, high = now.relevant_left
        left = {"estimate": round(estimate, 1), "low": low, "high": high}
    return {
        "records": now.records, "screened": now.screened, "included": now.included,
        "excluded": now.excluded, "maybe": now.maybe, "relevant_left": left,
        "statistical": _check(now.statistical), "heuristic": _check(now.heuristic),
        "sampling": session.queue.sampling, "recall": recall, "confidence": confidence,
        "model": session.queue.error or "",
    }  # fmt: skip


def team_state(session: Screening, corpus: Corpus) -> dict[str, Any]:
    """The agreement with a second screener and the open disagreements ({} when alone)."""
    team = session.team()
    if team is None:
        return {}
    found = team.agreement
    return {
        "names": list(found.names),
        "shared": found.shared,
        "kappa": found.kappa,
        "agreement": found.agreement,
        "summary": found.summary(),
        "awaiting": {name: len(records) for name, records in found.awaiting.items()},
        "open_count": len(team.open),
        "open": [
            {**paper_text(corpus, d.record), "first": d.first, "second": d.second}
            for d in team.open[:OPEN_SHOWN]
        ],
    }
