"""Reader: triage a listing — the paper list with search and filters, the current card
with its annotation fields, its neighbours and recommendations from your ratings, a Map tab
with the Map's lasso actions, and back/forward through the papers you visited.

The kernel keeps the corpus; the browser gets one page of rows (``page`` command), the
current paper and small lists. Neighbour look-ups run on a worker thread so moving to the
next paper never waits for the similarity index.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import traitlets
from anywidget.experimental import command

from paperwidgets.corpus import Corpus, PaperKey
from paperwidgets.links import paper_links
from paperwidgets.notes import Annotation
from paperwidgets.render import card_static, reader_html
from paperwidgets.widgets.annotating import NotesLike, annotation_state
from paperwidgets.widgets.base import bundle
from paperwidgets.widgets.history import History
from paperwidgets.widgets.listing import Filters, SearchIndex, page, ranked, remark, row
from paperwidgets.widgets.map import MappedWidget

log = logging.getLogger(__name__)

LIKED, DISLIKED = 4, 2  # ratings at or above / at or below


def first_link(paper: dict[str, Any]) -> str:
    """The link a library neighbour opens: the first its card offers (abs, PDF, DOI…)."""
    links = paper_links(paper)
    return links[0][1] if links else ""


class Reader(MappedWidget):
    """Read and annotate a corpus: ``Reader(corpus, notes="paper-notes.ipynb")``.

    Keys: j/k next/previous, [ / ] back/forward, / search, 1–5 rate, e edit the note,
    Esc leave a field.
    """

    _esm = bundle("reader.js")
    _css = bundle("styles.css")
    current_id = traitlets.Unicode("").tag(sync=True)
    current = traitlets.Dict().tag(sync=True)
    neighbours = traitlets.List().tag(sync=True)
    recommended = traitlets.List().tag(sync=True)
    library_neighbours = traitlets.List().tag(sync=True)  # "Similar in your library"
    neighbours_error = traitlets.Unicode("").tag(sync=True)  # why the look-up failed, if it did
    progress = traitlets.Dict().tag(sync=True)
    current_position = traitlets.Int(-1).tag(sync=True)
    history = traitlets.Dict({"back": False, "forward": False}).tag(sync=True)

    def __init__(
        self,
        corpus: Corpus,
        notes: NotesLike | None = None,
        k: int = 6,
        start: PaperKey = 0,
        library: Corpus | None = None,
    ):
        self.k = k
        self.library = library
        self._order = self._unseen_mask = None  # For you, new to me: computed when asked
        self._search = SearchIndex(corpus)
        self._version = 0  # bumped on every save: cached search hits include your notes
        self._history = History()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pw-neighbours")
        super().__init__(corpus, notes=notes)
        self._update_progress()
        self._update_recommended()
        if len(corpus):
            self.current_id = corpus.papers["id"].iloc[corpus.position(start)]

    @traitlets.observe("current_id")
    def _show_current(self, change: dict[str, Any]) -> None:
        paper_id = change["new"]
        self._history.visit(paper_id)
        with self.hold_sync():
            self.current = self.corpus.paper(paper_id)
            self.current_position = self.corpus.position(paper_id)
            self.annotation = annotation_state(self._annotations.get(paper_id))
            self.neighbours = []
            self.library_neighbours = []
            self.neighbours_error = ""
            self.history = self._history.state()
        self._worker.submit(self._find_neighbours, paper_id)

    def _find_neighbours(self, paper_id: str) -> None:
        """The worker thread's look-up; a failure reaches the panel and the log, never lost."""
        try:
            self._look_up_neighbours(paper_id)
        except Exception as err:  # any failure: else the panel says "Finding…" forever
            log.exception("paperwidgets: similar papers for %s failed", paper_id)
            if paper_id == self.current_id:
                self.neighbours_error = f"Could not find similar papers: {err}"

    def _look_up_neighbours(self, paper_id: str) -> None:
        found = ranked(self.corpus.neighbours(paper_id, k=self.k), self._annotations)
        if paper_id == self.current_id:  # the reader may have moved on meanwhile
            self.neighbours = found
        if self.library is not None:
            among = self.corpus.neighbours(paper_id, k=self.k, among=self.library)
            found = [
                {**n, "url": first_link(self.library.paper(n["id"]))}
                for n in ranked(among, self._annotations)  # a library paper in your notes: ✎
            ]
            if paper_id == self.current_id:
                self.library_neighbours = found

    @command
    def page(self, msg: dict[str, Any], buffers: list[bytes]) -> tuple[dict[str, Any], list]:
        """Browser -> kernel: one page of rows matching the search box and filters.

        With ``follow``, a current paper that does not match gives way to the first match,
        so the card shown always belongs to the list shown.
        """
        try:
            filters = Filters.from_request(msg)
        except (TypeError, ValueError) as err:
            return {"error": f"bad filter: {err}"}, []
        ask = (self.corpus, self._search, self._annotations, filters)
        offset, limit = msg.get("offset", 0), msg.get("limit", 50)
        ranks = {"order": self._for_you() if filters.order == "for_you" else None,
                 "shown": self._unseen() if filters.new_to_me else None}  # fmt: skip
        answer = page(*ask, offset, limit, self._version, self.current_id, **ranks)
        if msg.get("follow") and answer["current_at"] < 0 and answer["rows"]:
            self.current_id = answer["rows"][0]["id"]
            answer = page(*ask, offset, limit, self._version, self.current_id, **ranks)
        return answer, []

    def _for_you(self) -> Any:
        """Row positions in For-you order (cached until a rating or status changes)."""
        from paperwidgets.foryou import order

        if self._order is None and self.notes is not None:
            try:
                self._order = order(self.corpus, self.notes)
            except ValueError:  # nothing liked yet: the listing order stands
                return None
        return self._order

    def _unseen(self) -> Any:
        """The new-to-me mask (computed once: what you annotate here stays in the list)."""
        from paperwidgets.history import unseen_mask

        if self._unseen_mask is None:
            self._unseen_mask = unseen_mask(self.corpus, self.notes)
        return self._unseen_mask

    @command
    def go(self, msg: dict[str, Any], buffers: list[bytes]) -> tuple[dict[str, Any], list]:
        """Browser -> kernel: back or forward through the papers visited."""
        target = self._history.back() if msg.get("to") == "back" else self._history.forward()
        if target is not None:
            self.current_id = target
        self.history = self._history.state()
        return {"id": self.current_id, "moved": target is not None}, []

    @command
    def open_map(self, msg: dict[str, Any], buffers: list[bytes]) -> tuple[dict[str, Any], list]:
        """Browser -> kernel: lay the corpus out for the Map view (cached after the first time)."""
        from paperwidgets.widgets.map import map_data

        if self.data is None:
            self.show_map(map_data(self.corpus))
        return {"count": self.count}, []

    @command
    def open_position(
        self, msg: dict[str, Any], buffers: list[bytes]
    ) -> tuple[dict[str, Any], list]:
        """Browser -> kernel: make the paper at a row position (a map point) the current one."""
        try:
            self.current_id = str(self.corpus.papers["id"].iloc[int(msg["position"])])
        except (KeyError, TypeError, ValueError, IndexError) as err:
            return {"error": f"no such point: {err}"}, []
        return {"id": self.current_id}, []

    def saved(self, annotation: Annotation, fields: dict[str, Any]) -> dict[str, Any]:
        super().saved(annotation, fields)
        self._annotations_changed(recommend=bool({"rating", "status"} & set(fields)))
        return {"row": row(annotation.id, annotation.paper.get("title", ""), annotation)}

    def notes_changed(self, ids: set[str]) -> None:
        super().notes_changed(ids)
        self._annotations_changed(recommend=True)

    def applied(self, changed: list[Annotation]) -> None:
        self._annotations_changed(recommend=True)
        if self.current_id in {a.id for a in changed}:
            self.annotation = annotation_state(self._annotations[self.current_id])

    def _annotations_changed(self, recommend: bool) -> None:
        self._version += 1
        self._update_progress()
        self.neighbours = remark(self.neighbours, self._annotations)
        self.library_neighbours = remark(self.library_neighbours, self._annotations)
        if recommend:
            self._order = None
            self._update_recommended()
        else:
            self.recommended = remark(self.recommended, self._annotations)

    def _update_progress(self) -> None:
        self.progress = {"annotated": len(self._annotations), "total": len(self.corpus)}

    def _update_recommended(self) -> None:
        liked = [i for i, a in self._annotations.items() if (a.rating or 0) >= LIKED]
        disliked = [
            i for i, a in self._annotations.items()
            if (a.rating is not None and a.rating <= DISLIKED) or a.status == "skipped"
        ]  # fmt: skip
        found = self.corpus.recommend(liked, disliked, k=self.k) if liked else None
        self.recommended = ranked(found, self._annotations) if found is not None else []

    def static_html(self) -> str:
        return reader_html(self.current or None, len(self._annotations), len(self.corpus))

    def static_data(self) -> dict[str, Any]:
        caption = f"paperwidgets Reader: {len(self._annotations)} / {len(self.corpus)} annotated"
        return card_static(self.current or None, caption)
