"""Screen: screen a corpus for a systematic review, one record at a time, with single keys.

The kernel keeps the screening (screening/session.py): the queue, your log in the notes
notebook, the team's logs. The browser shows the current record (title, abstract: text
only, the criteria's keywords marked), the criteria panel, the stopping panel and, once a
second screener's notes file is merged, the agreement and the disagreement queue. Every key
is a ``decide`` / ``undo`` / ``resolve`` command that writes one event (with the note typed
after ``n``, if any) to the notes file and answers with the next record; the queue relearns
on its own worker thread (screening/queue.py), so a key never waits for the model.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import traitlets
from anywidget.experimental import command

from paperwidgets.constants import MAX_NOTE
from paperwidgets.notes import Notes, NotesFileError
from paperwidgets.screening import Criteria, QueueSettings, Screening, ScreeningError
from paperwidgets.widgets.base import StaticFallbackWidget, bundle
from paperwidgets.widgets.screen_state import panel_state, record_state, team_state

if TYPE_CHECKING:
    from paperwidgets.corpus import Corpus

Reply = tuple[dict[str, Any], list[bytes]]
FAILS = (ScreeningError, NotesFileError, OSError, ValueError)  # said in the widget, not raised
TEXTS = traitlets.List(traitlets.Unicode())


class Screen(StaticFallbackWidget):
    """Screen ``corpus`` into ``notes`` (a Notes or a path): ``corpus.screen(notes=…)``.

    Keys: i include, e exclude, 1–9 exclude for that reason, m maybe, n a note for the next
    decision, u undo, s random sample (for the statistical stopping check). ``criteria`` (a
    ``Criteria`` or a dict of ``inclusion``, ``exclusion``, ``keywords``) is what you screen
    by: the exclusion reasons in key order, the keywords highlighted; ``reasons`` the older
    way to give the exclusion reasons. ``recall`` and ``confidence``: the stopping target.
    """

    _esm = bundle("screen.js")
    _css = bundle("styles.css")
    name = traitlets.Unicode("screening").tag(sync=True)
    screener = traitlets.Unicode("").tag(sync=True)
    # inclusion, exclusion (the reasons, keys 1–9), keywords and the terms highlighted
    criteria = traitlets.Dict(
        per_key_traits={"inclusion": TEXTS, "exclusion": TEXTS, "keywords": TEXTS, "terms": TEXTS}
    ).tag(sync=True)
    # the record to decide: id, title, abstract, note (of a decision undone); {} when all done
    record = traitlets.Dict().tag(sync=True)
    panel = traitlets.Dict().tag(sync=True)  # counts, relevant left, the rules' verdicts
    team = traitlets.Dict().tag(sync=True)  # {} until a second screener's log is merged
    message = traitlets.Unicode("").tag(sync=True)  # the last action, or why it failed

    def __init__(
        self,
        corpus: Corpus,
        notes: Notes | str | os.PathLike[str] = "paper-notes.ipynb",
        reasons: list[str] | None = None,
        name: str = "screening",
        recall: float = 0.95,
        confidence: float = 0.95,
        settings: QueueSettings | None = None,
        criteria: Criteria | dict[str, Any] | None = None,
    ):
        rules = Criteria.of(criteria, reasons)  # bad criteria fail before any file is touched
        super().__init__()
        self.corpus = corpus
        self.notes = notes if isinstance(notes, Notes) else Notes(notes)
        self.recall, self.confidence = recall, confidence
        self.session = Screening(corpus.papers, self.notes, name, settings)
        with self.hold_sync():
            self.name, self.screener = name, self.notes.user
            self.criteria = rules.to_dict()
            self._refresh()

    def _refresh(self) -> None:
        """The record to show next, the stopping panel and the team's agreement."""
        proposal = self.session.propose()
        self._proposal = proposal
        self.record = record_state(self.session, self.corpus, proposal.record) if proposal else {}
        self.panel = panel_state(self.session, self.recall, self.confidence)
        self.team = team_state(self.session, self.corpus)

    def _done(self, message: str) -> Reply:
        with self.hold_sync():
            self.message = message
            self._refresh()
        return {"ok": True, "record": self.record.get("id", "")}, []

    def _reason(self, msg: dict[str, Any]) -> str:
        index = msg.get("reason")
        if index is None:
            return ""
        reasons = self.criteria["exclusion"]
        if not isinstance(index, int) or not 0 <= index < len(reasons):
            raise ScreeningError(f"no exclusion reason {index!r}")
        return str(reasons[index])

    @staticmethod
    def _note(msg: dict[str, Any]) -> str:
        """The note typed for this decision (stripped), or ScreeningError."""
        note = msg.get("note", "")
        if not isinstance(note, str) or len(note) > MAX_NOTE:
            raise ScreeningError(f"a note is text of at most {MAX_NOTE} characters")
        return note.strip()

    @command
    def decide(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel: decide on the record shown; answers with the next one."""
        record, decision = str(msg.get("record", "")), str(msg.get("decision", ""))
        try:
            proposal = (
                self._proposal if self._proposal and self._proposal.record == record else None
            )
            reason, note = self._reason(msg), self._note(msg)
            event = self.session.decide(record, decision, reason, note, proposal)
        except FAILS as err:
            return {"error": f"Not saved: {err}"}, []
        reason = f" ({event.reason})" if event.reason else ""
        noted = f" — note: {event.note}" if event.note else ""
        return self._done(f"{event.decision}{reason}: {self.corpus.paper(record)['title']}{noted}")

    @command
    def undo(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel: take back the last decision (that record comes back first)."""
        try:
            event = self.session.undo()
        except FAILS as err:
            return {"error": f"Not undone: {err}"}, []
        if event is None:
            return self._done("Nothing to undo.")
        undone = self.session.log.undone(event.record)
        back = " (its note is back in the note field)" if undone and undone.note else ""
        return self._done(f"Undone: {self.corpus.paper(event.record)['title']}{back}")

    @command
    def sample(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel: switch between the model's order and the random sample."""
        self.session.queue.sampling = bool(msg.get("on", not self.session.queue.sampling))
        on = self.session.queue.sampling
        return self._done("Random sample for the stopping check." if on else "Model's order.")

    @command
    def merge(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel: fold in a second screener's notes file (a path)."""
        path = Path(str(msg.get("path", ""))).expanduser()
        if not path.is_absolute():
            path = self.notes.path.parent / path
        try:
            self.notes.merge_from(path)
        except FAILS as err:
            return {"error": f"Not merged: {err}"}, []
        return self._done(f"Merged {path.name}.")

    @command
    def resolve(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel: the final decision on a record the two screeners disagree on."""
        record, decision = str(msg.get("record", "")), str(msg.get("decision", ""))
        try:
            self.session.resolve(record, decision, self._reason(msg), self._note(msg))
        except FAILS as err:
            return {"error": f"Not resolved: {err}"}, []
        return self._done(f"Resolved ({decision}): {self.corpus.paper(record)['title']}")

    def wait(self, timeout: float | None = 600) -> bool:
        """Block until the queue has learned every decision so far (scripts and tests)."""
        return self.session.queue.wait(timeout)

    def close(self) -> None:
        if hasattr(self, "session"):  # not made when the arguments were refused
            self.session.close()
        super().close()

    def static_html(self) -> str:
        from paperwidgets.fallbacks import screen_html

        return screen_html(self.name, self.panel)
