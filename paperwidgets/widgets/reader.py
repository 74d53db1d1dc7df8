"""Reader: triage a listing — the paper list with search and filters, the current card
with its annotation fields, its neighbours and recommendations from your ratings, a Map tab
with the Map's lasso actions, and back/forward through the papers you visited.

The kernel keeps the corpus; the browser gets one page of rows (``page``), the current paper
and small lists. Searches, neighbour look-ups and recommendations run on the widget's worker
thread (background.py), so j/k and saves never wait for them. Where you were (paper, tab,
search, filters) is kept per notebook and notes file (reader_state.py): running the cell
again opens the Reader there, and the saved notebook's static card shows that paper.
"Read the paper" (``read_paper``, key ``f``) opens the current paper's full text inside the
Reader: a FullText child widget (``fulltext``) on the same notes and undo stack, which fetches
on its own thread and which the browser draws through anywidget's ``host``.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import anywidget
import numpy as np
import traitlets
from anywidget.experimental import command

from paperwidgets.constants import UNREAD
from paperwidgets.corpus import Corpus, PaperKey
from paperwidgets.fallbacks import card_static, reader_html
from paperwidgets.format import paper_links
from paperwidgets.notes import Annotation
from paperwidgets.widgets import reader_state
from paperwidgets.widgets.annotating import AnnotatingWidget, NotesLike, Reply, annotation_state
from paperwidgets.widgets.background import Worker, background
from paperwidgets.widgets.base import bundle
from paperwidgets.widgets.history import History
from paperwidgets.widgets.map import CorpusMap
from paperwidgets.widgets.paper_list import Filters, SearchIndex, page, ranked, remark

if TYPE_CHECKING:
    from collections.abc import Mapping

    from paperwidgets.similarity.index import Index
    from paperwidgets.widgets.fulltext import FullText

log = logging.getLogger(__name__)

JUDGING = ("rating", "status")  # a change to these changes what the Recommended panel offers


def first_link(paper: dict[str, Any]) -> str:
    """The link a library neighbour opens: the first its card offers (abs, PDF, DOI…)."""
    links = paper_links(paper)
    return links[0][1] if links else ""


def judged(annotation: Annotation) -> bool:
    """Whether the reader has rated or read a paper (or is reading or skipped it)."""
    return annotation.rating is not None or annotation.status != UNREAD


class Reader(CorpusMap, AnnotatingWidget):
    """Read and annotate a corpus: ``Reader(corpus, notes="paper-notes.ipynb")``.

    Keys (press ? in the Reader for all): j/k next/previous, [ / ] back/forward, / search,
    1–5 rate, r d s n status, t tags, e note, h highlight, o open, f read the paper, x select,
    u undo. ``start`` (a position, id or title) opens that paper instead of where you left off.
    ``fulltext_options`` go to each paper's FullText (``prefer``, ``categories``,
    ``arxiv_base``, ``resolve``, ``http``).
    """

    _esm = bundle("reader.js")
    _css = bundle("styles.css")
    current_id = traitlets.Unicode("").tag(sync=True)
    current = traitlets.Dict().tag(sync=True)
    neighbours = traitlets.List(traitlets.Dict()).tag(sync=True)
    recommended = traitlets.List(traitlets.Dict()).tag(sync=True)
    library_neighbours = traitlets.List(traitlets.Dict()).tag(sync=True)  # in your library
    neighbours_error = traitlets.Unicode("").tag(sync=True)  # why the look-up failed, if it did
    progress = traitlets.Dict().tag(sync=True)
    current_position = traitlets.Int(-1).tag(sync=True)
    history = traitlets.Dict({"back": False, "forward": False}).tag(sync=True)
    view_state = traitlets.Dict().tag(sync=True)  # the tab and filters to open with
    notes_version = traitlets.Int(0).tag(sync=True)  # bumped when any annotation changes
    fulltext = anywidget.WidgetTrait().tag(sync=True)  # the paper being read (FullText) or None

    def __init__(
        self,
        corpus: Corpus,
        notes: NotesLike | None = None,
        k: int = 6,
        start: PaperKey | None = None,
        library: Corpus | None = None,
        fulltext_options: Mapping[str, Any] | None = None,
    ):
        self.corpus, self.k, self.library = corpus, k, library
        self._fulltext_options = dict(fulltext_options or {})
        self._order: np.ndarray | None = None  # For you: computed when asked
        self._unseen_mask: np.ndarray | None = None  # new to me: computed when asked
        self._index_lock = threading.Lock()  # the index is built once, by whichever needs it first
        self._search = SearchIndex(corpus, self._built)
        self._lookups = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pw-lookups")
        self._version = 0  # bumped on every change: cached search hits include your notes
        self._history = History()
        self._recommended: list[dict[str, Any]] = []  # k + 1: the current paper is left out
        super().__init__(notes, corpus.papers["id"])
        self._place = reader_state.state_file(self.notes.path if self.notes is not None else None)
        saved = reader_state.load(self._place)
        self._worker = Worker(self, "pw-search")  # the list's pages and searches
        self._update_progress()
        self._lookups.submit(self._update_recommended)
        self._lookups.submit(self._search.titles)  # read ahead: the first search does not wait
        self.view_state = {k: v for k, v in saved.items() if k in ("view", "filters")}
        if len(corpus):
            self.current_id = self._first_paper(start, saved.get("current_id"))

    def _first_paper(self, start: PaperKey | None, saved: str | None) -> str:
        """The paper to open: ``start`` if given, else where you left off, else the first."""
        ids = self.corpus.papers["id"]
        if start is None and saved is not None and saved in self._ids:
            return saved
        return str(ids.iloc[self.corpus.position(start if start is not None else 0)])

    def shown_id(self) -> str | None:
        return self.current_id or None

    def wait(self, timeout: float | None = 600) -> None:
        """Return once the searches and look-ups asked for so far (similar papers,
        recommendations) are done: they run on the Reader's worker threads."""
        self._worker.wait(timeout)
        self._lookups.submit(lambda: None).result(timeout)

    def _built(self) -> Index:
        """The similarity index, built (or loaded) once even when two threads ask at once."""
        with self._index_lock:
            return self.corpus.similarity.index

    @traitlets.observe("current_id")
    def _show_current(self, change: dict[str, Any]) -> None:
        paper_id = change["new"]
        self._history.visit(paper_id)
        with self.hold_sync():
            self.current = self.corpus.paper(paper_id)
            self.current_position = self.corpus.position(paper_id)
            self.annotation = annotation_state(self.annotations.get(paper_id))
            self.neighbours = []
            self.library_neighbours = []
            self.neighbours_error = ""
            self.history = self._history.state()
            self.recommended = self._offered()
            if self.fulltext is not None and self.fulltext.paper.get("id") != paper_id:
                self._close_fulltext()  # the browser shows the new paper's card
        self._lookups.submit(self._find_neighbours, paper_id)

    def _find_neighbours(self, paper_id: str) -> None:
        """The worker thread's look-up; a failure reaches the panel and the log, never lost."""
        if paper_id != self.current_id:
            return  # the reader moved on before its turn came
        try:
            self._look_up_neighbours(paper_id)
        except Exception as err:  # any failure: else the panel says "Finding…" forever
            log.exception("paperwidgets: similar papers for %s failed", paper_id)
            if paper_id == self.current_id:
                self.neighbours_error = f"Could not find similar papers: {err}"

    def _look_up_neighbours(self, paper_id: str) -> None:
        self._built()
        found = ranked(self.corpus.neighbours(paper_id, k=self.k), self.annotations)
        if paper_id == self.current_id:  # the reader may have moved on meanwhile
            self.neighbours = found
        if self.library is not None:
            among = self.corpus.neighbours(paper_id, k=self.k, among=self.library)
            found = [
                {**n, "url": first_link(self.library.paper(n["id"]))}
                for n in ranked(among, self.annotations)  # a library paper in your notes: ✎
            ]
            if paper_id == self.current_id:
                self.library_neighbours = found

    @background
    def page(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel (worker thread): one page of rows matching the search and filters.

        With ``follow``, a current paper that does not match gives way to the first match,
        so the card shown always belongs to the list shown.
        """
        try:
            filters = Filters.from_request(msg)
        except (TypeError, ValueError) as err:
            return {"error": f"bad filter: {err}"}, []
        annotations = dict(self.annotations)  # a copy: saves go on meanwhile
        ask = (self.corpus, self._search, annotations, filters)
        offset, limit = msg.get("offset", 0), msg.get("limit", 50)
        order = self._for_you() if filters.order == "for_you" else None
        shown = self._unseen() if filters.new_to_me else None
        answer = page(*ask, offset, limit, self._version, self.current_id, order, shown)
        if msg.get("follow") and answer["current_at"] < 0 and answer["rows"]:
            self.current_id = answer["rows"][0]["id"]
            answer = page(*ask, offset, limit, self._version, self.current_id, order, shown)
        return answer, []

    def _for_you(self) -> np.ndarray | None:
        """Row positions in For-you order (cached until a rating or status changes)."""
        from paperwidgets.foryou import order

        if self._order is None and self.notes is not None:
            try:
                self._order = order(self.corpus, self.notes)
            except ValueError:  # nothing liked yet: the listing order stands
                return None
        return self._order

    def _unseen(self) -> np.ndarray:
        """The new-to-me mask (computed once: what you annotate here stays in the list)."""
        from paperwidgets.seen import unseen_mask

        if self._unseen_mask is None:
            self._unseen_mask = unseen_mask(self.corpus, self.notes)
        return self._unseen_mask

    @command
    def go(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel: back or forward through the papers visited."""
        target = self._history.back() if msg.get("to") == "back" else self._history.forward()
        if target is not None:
            self.current_id = target
        self.history = self._history.state()
        return {"id": self.current_id, "moved": target is not None}, []

    @command
    def open_map(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel: lay the corpus out for the Map view (cached after the first time)."""
        from paperwidgets.widgets.map import map_data

        if self.data is None:
            self.show_map(map_data(self.corpus))
        return {"count": self.count}, []

    @command
    def open_position(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel: make the paper at a row position (a map point) the current one."""
        try:
            self.current_id = str(self.corpus.papers["id"].iloc[int(msg["position"])])
        except (KeyError, TypeError, ValueError, IndexError) as err:
            return {"error": f"no such point: {err}"}, []
        return {"id": self.current_id}, []

    @command
    def read_paper(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel: open the current paper's full text (``fulltext``). Only the
        widget is made here; its text is fetched on its own thread, so keys never wait."""
        from paperwidgets.widgets.fulltext import FullText

        paper_id = str(msg.get("paper_id") or self.current_id)
        if not paper_id or paper_id != self.current_id:
            return {"error": f"{paper_id!r} is not the paper shown"}, []
        reading: FullText | None = self.fulltext
        if reading is None or reading.paper.get("id") != paper_id:
            self._close_fulltext()
            try:
                reading = FullText(self.current, self.notes, **self._fulltext_options)
            except (ValueError, TypeError) as err:  # e.g. wrong categories: said in the pane
                return {"error": f"The full text cannot open: {err}"}, []
            reading.undo_stack = self.undo_stack  # u in the Reader undoes its highlights too
            self.fulltext = reading
        return {"id": paper_id, "status": reading.status}, []

    def _close_fulltext(self) -> None:
        """Let go of the full text being read (its bytes and its model in the browser)."""
        reading, self.fulltext = self.fulltext, None
        if reading is not None:
            reading.close()

    @command
    def remember(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel, once moving settles: keep the place (paper, tab, filters) for
        the next run of the cell, and bring the saved notebook's static card up to date."""
        state = reader_state.cleaned({**msg, "current_id": self.current_id})
        reader_state.store(self._place, state)
        self.refresh_static()
        return {"kept": True}, []

    def annotations_changed(self, before: dict[str, Annotation | None]) -> None:
        self._version += 1
        self.notes_version = self._version  # every view reloads its list page
        self._update_progress()
        self.map_changed()
        self.neighbours = remark(self.neighbours, self.annotations)
        self.library_neighbours = remark(self.library_neighbours, self.annotations)
        if any(_judging(before[pid], self.annotations.get(pid)) for pid in before):
            self._order = None
            self._lookups.submit(self._update_recommended)
        else:
            self._recommended = remark(self._recommended, self.annotations)
            self.recommended = self._offered()

    def _update_progress(self) -> None:
        self.progress = {"annotated": len(self.annotations), "total": len(self.corpus)}

    def _update_recommended(self) -> None:
        """For you's ranking (foryou.py: the one liked/disliked rule) of the papers you have
        not rated or read yet (look-up thread; a failure is logged and leaves no panel)."""
        from paperwidgets.foryou import judgements, recommend

        found = None
        try:
            if self.notes is not None and any(j.liked for j in judgements(self.notes)):
                skip = [pid for pid, a in self.annotations.items() if judged(a)]
                self._built()
                found = recommend(self.corpus, self.notes, k=self.k + 1, exclude=skip)
        except Exception:  # any failure: logged, never lost in the thread pool
            log.exception("paperwidgets: recommendations failed")
        self._recommended = ranked(found, self.annotations) if found is not None else []
        self.recommended = self._offered()

    def _offered(self) -> list[dict[str, Any]]:
        """The recommendations the panel shows: never the paper you are on."""
        return [r for r in self._recommended if r["id"] != self.current_id][: self.k]

    def static_html(self) -> str:
        return reader_html(self.current or None, len(self.annotations), len(self.corpus))

    def static_data(self) -> dict[str, Any]:
        caption = f"paperwidgets Reader: {len(self.annotations)} / {len(self.corpus)} annotated"
        return card_static(self.current or None, caption)


def _judging(old: Annotation | None, new: Annotation | None) -> bool:
    """Whether a change touches what the liked/disliked rule reads (rating, status)."""
    fields = [tuple(getattr(a, f) for f in JUDGING) if a else None for a in (old, new)]
    return fields[0] != fields[1]
