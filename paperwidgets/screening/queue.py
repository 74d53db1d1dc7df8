"""The screening queue: the records left to screen, best first, re-learned after each decision.

Until the decisions hold an inclusion and an exclusion the queue is a seeded random order.
From then on a model of the decisions (learner.py) ranks the rest; it is retrained after
every ``settings.batch`` decisions on a worker thread, so deciding and asking for the next
record never wait for it: the queue serves the newest ranking that is ready and the log
records which one that was (``trained_on``). In *sample* mode the queue is a seeded random
sample of the unscreened records instead, for the statistical stopping check (stopping.py).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from paperwidgets.screening import learner
from paperwidgets.screening.audit import (
    DECISIONS,
    LEARNED,
    UNDO,
    AuditLog,
    Event,
    ScreeningError,
    now,
    training_labels,
)
from paperwidgets.screening.learner import QueueSettings

if TYPE_CHECKING:
    import pandas as pd
    from scipy.sparse import csr_matrix

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Proposal:
    """A record the queue offers, its rank among the unscreened, and what ranked it."""

    record: str
    rank: int
    mode: str  # model | random | sample | chosen
    trained_on: int = 0


@dataclass(frozen=True)
class Ranked:
    """A model's order of every record (positions, best first) and the events it learned."""

    order: np.ndarray
    trained_on: int


class Records:
    """The records of a screening: ids, positions, features (built once) and the orders."""

    def __init__(self, papers: pd.DataFrame, settings: QueueSettings):
        self.papers = papers
        self.settings = settings
        self.ids: list[str] = [str(i) for i in papers["id"]]
        self.at = {pid: position for position, pid in enumerate(self.ids)}
        self.start = learner.permutation(len(self.ids), settings.seed, 0)
        self.sample = learner.permutation(len(self.ids), settings.seed, 1)
        self._matrix: csr_matrix | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, record: str) -> int:
        """A record's row; ScreeningError when the corpus has no such record."""
        try:
            return self.at[record]
        except KeyError:
            raise ScreeningError(f"no record {record!r} in the records screened") from None

    def matrix(self) -> csr_matrix:
        """The TF-IDF rows (built on first use, once, whichever thread asks)."""
        with self._lock:
            if self._matrix is None:
                self._matrix = learner.features(self.papers, self.settings)
            return self._matrix

    def rank(self, labels: dict[str, int], trained_on: int) -> Ranked | None:
        """The model's order after these labels; None until they hold both classes."""
        if len(set(labels.values())) < 2:
            return None
        positions = np.fromiter((self.at[r] for r in labels), np.int64, len(labels))
        values = np.fromiter(labels.values(), np.int64, len(labels))
        # in record order, not decision order: the solver's result depends on the order of
        # its samples, and a replay (or an undo then a new decision) must learn the same model
        order = np.argsort(positions, kind="stable")
        positions, values = positions[order], values[order]
        scores = learner.scores(self.matrix(), positions, values, self.settings)
        return Ranked(learner.ranking(scores, self.start), trained_on)


def unscreened(order: np.ndarray, screened: np.ndarray) -> np.ndarray:
    """The positions of `order` not yet screened, in order."""
    left: np.ndarray = order[~screened[order]]
    return left


class Queue:
    """What to screen next, learned from the decisions so far; every decision is logged.

    ``propose()`` never waits for the model; ``decide()`` appends an Event to ``log`` and
    starts a retrain in the background (``background=False``: at once, for simulations).
    """

    def __init__(
        self,
        papers: pd.DataFrame,
        settings: QueueSettings | None = None,
        log: AuditLog | None = None,
        screener: str = "",
        background: bool = True,
    ):
        self.settings = settings or QueueSettings()
        self.records = Records(papers, self.settings)
        self.log = log if log is not None else AuditLog()
        self.digest = self.settings.digest()
        self.log.settings.setdefault(self.digest, self.settings.to_dict())
        self.screener = screener
        self.sampling = False
        self.error = ""  # the last retrain's failure, if any (the previous order stays)
        self._screened = np.zeros(len(self.records), dtype=bool)
        for record in self.log.decisions():
            self._screened[self.records.position(record)] = True
        self._labels = training_labels(self.log.decisions())
        self._ranked: Ranked | None = None
        self._latest: tuple[dict[str, int], int] | None = None  # what the worker learns next
        self._running = False
        self._changed = threading.Condition()
        self._pool = ThreadPoolExecutor(1, "pw-screening") if background else None
        if len(self.log):
            self._retrain()

    @property
    def remaining(self) -> int:
        """Records not screened yet."""
        return int(len(self._screened) - self._screened.sum())

    def _order(self) -> tuple[np.ndarray, str, int]:
        if self.sampling:
            return self.records.sample, "sample", 0
        ranked = self._ranked
        if ranked is None:
            return self.records.start, "random", 0
        return ranked.order, "model", ranked.trained_on

    def propose(self, k: int = 1) -> list[Proposal]:
        """The next k records to screen, best first (fewer when fewer are left); a record
        whose decision was just undone comes back first, whatever the model learned since."""
        order, mode, trained_on = self._order()
        left = unscreened(order, self._screened)[: k + 1]
        ids = self.records.ids
        found = [Proposal(ids[p], rank, mode, trained_on) for rank, p in enumerate(left)]
        back = self._back()
        if back is None:
            return found[:k]
        return [self._chosen(back), *(p for p in found if p.record != back)][:k]

    def _back(self) -> str | None:
        """The record the last event took its decision from (unscreened now), if any."""
        last = self.log.events[-1] if len(self.log) else None
        if last is None or last.decision != UNDO or self.log.decision(last.record) is not None:
            return None
        return last.record

    def _chosen(self, record: str) -> Proposal:
        """How the queue stood for a record the screener picked: its rank, or the top one."""
        order, mode, trained_on = self._order()
        left = unscreened(order, self._screened)
        found = np.flatnonzero(left == self.records.position(record))
        if found.size and found[0] == 0:
            return Proposal(record, 0, mode, trained_on)
        return Proposal(record, int(found[0]) if found.size else -1, "chosen", trained_on)

    def decide(
        self,
        record: str,
        decision: str,
        reason: str = "",
        note: str = "",
        proposal: Proposal | None = None,
    ) -> Event:
        """Log a decision on a record (the proposal it was shown as, if given) and relearn."""
        if decision not in DECISIONS:
            raise ScreeningError(f"decision {decision!r} is not one of {', '.join(DECISIONS)}")
        if proposal is None or proposal.record != record:
            proposal = self._chosen(record)
        event = Event(
            record, decision, reason, note, self.screener, now(), 0,
            proposal.rank, proposal.mode, proposal.trained_on, self.digest,
        )  # fmt: skip
        return self._apply(event)

    def undo(self) -> Event | None:
        """Take back the last decision in force (logged as an undo event); None if none."""
        for event in reversed(self.log.events):
            if event.decision != UNDO and self.log.decision(event.record) is event:
                undo = Event(event.record, UNDO, screener=self.screener, time=now(),
                             settings=self.digest)  # fmt: skip
                return self._apply(undo)
        return None

    def _apply(self, event: Event) -> Event:
        stamped = self.log.append(event)
        in_force = self.log.decision(event.record)
        self._screened[self.records.position(event.record)] = in_force is not None
        self._labels.pop(event.record, None)
        if in_force is not None and in_force.decision in LEARNED:
            self._labels[event.record] = LEARNED[in_force.decision]
        ranked = self._ranked
        if ranked is None or len(self.log) - ranked.trained_on >= self.settings.batch:
            self._retrain()
        return stamped

    def _retrain(self) -> None:
        """Relearn from the decisions now: at once, or by the worker (which takes the newest)."""
        snapshot = (dict(self._labels), len(self.log))
        if self._pool is None:
            self._ranked = self.records.rank(*snapshot)
            return
        with self._changed:
            self._latest = snapshot
            if not self._running:
                self._running = True
                self._pool.submit(self._learn)

    def _learn(self) -> None:
        """The worker: learn the newest snapshot until none is left (one job at a time)."""
        while True:
            with self._changed:
                snapshot, self._latest = self._latest, None
                if snapshot is None:
                    self._running = False
                    self._changed.notify_all()
                    return
            try:
                self._ranked = self.records.rank(*snapshot)
                self.error = ""
            except Exception as err:  # the queue keeps its last order and says why
                log.exception("screening: retraining the queue failed")
                self.error = f"{type(err).__name__}: {err}"

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the model has learned every decision so far; False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._running, timeout)

    def close(self) -> None:
        """Stop the worker thread: no more retrains (the order in hand stays)."""
        with self._changed:
            self._latest = None
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
