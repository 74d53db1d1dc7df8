"""Screening for systematic reviews: a queue that learns, a stopping rule you can cite,
an audit trail that replays, PRISMA counts and two screeners' agreement (design.md,
Screening).

- ``identify(*sources)`` reads the records (any reader) and removes duplicates, counted.
- ``Queue(papers)`` proposes what to screen next, re-ranked by a model of the decisions so
  far (retrained off the main thread); its ``log`` is the audit trail; ``replay`` rebuilds it.
- ``status(log, records)`` gives the counts and both stopping checks (``stopping``).
- ``prisma(log, identified)`` the PRISMA 2020 counts; ``agreement(a, b)`` two screeners'.
- ``simulate(path)`` runs the whole loop on labelled records (``paperwidgets screen simulate``).

- ``Screening(papers, notes, name)`` keeps a screening in a notes notebook: each decision
  on disk as it is made, one log per screener, merged with the notes (session.py); the
  ``Screen`` widget (``corpus.screen``) is its view; ``Criteria`` what it screens by.
"""

from __future__ import annotations

from paperwidgets.screening.agreement import Agreement, agreement
from paperwidgets.screening.audit import DECISIONS, AuditLog, Event, ScreeningError
from paperwidgets.screening.criteria import Criteria
from paperwidgets.screening.inputs import Identified, identify
from paperwidgets.screening.learner import QueueSettings
from paperwidgets.screening.prisma import Prisma, prisma
from paperwidgets.screening.queue import Proposal, Queue
from paperwidgets.screening.replay import Replayed, replay
from paperwidgets.screening.session import Screening, Team
from paperwidgets.screening.simulation import Simulation, simulate
from paperwidgets.screening.status import Status, status
from paperwidgets.screening.stopping import StopCheck

__all__ = [
    "DECISIONS",
    "Agreement",
    "AuditLog",
    "Criteria",
    "Event",
    "Identified",
    "Prisma",
    "Proposal",
    "Queue",
    "QueueSettings",
    "Replayed",
    "Screening",
    "ScreeningError",
    "Simulation",
    "Status",
    "StopCheck",
    "Team",
    "agreement",
    "identify",
    "prisma",
    "replay",
    "simulate",
    "status",
]
