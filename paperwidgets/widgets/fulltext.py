"""FullText: a paper's PDF or arXiv HTML beside its card, with highlights kept in the notes.

The kernel finds and fetches the text (fulltext/: a file, a URL, arXiv from the paper's id) on
a worker thread, so showing the widget never waits for the network; the view asks for the
bytes with the ``document`` command and gets them as binary buffers. Highlights are saved
through the notes store like the card's (``save``, with W3C selectors, page and category);
the reading position goes to the notes file's reading state (``remember``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import traitlets
from anywidget.experimental import command

from paperwidgets.errors import LoadError
from paperwidgets.fallbacks import card_static, fulltext_html
from paperwidgets.feeds.http import Http
from paperwidgets.fulltext.categories import checked_categories
from paperwidgets.fulltext.document import Document, open_first
from paperwidgets.fulltext.resolve import filled, find
from paperwidgets.fulltext.source import Source, candidates, given
from paperwidgets.widgets.annotating import NotesLike, OnePaperWidget
from paperwidgets.widgets.base import bundle

log = logging.getLogger(__name__)
FullTextSource = str | os.PathLike[str]


class FullText(OnePaperWidget):
    """The full text of one paper, to read and highlight.

    ``paper`` is ``corpus.paper(...)``, a row or a dict; ``source`` a file path or URL (else
    the file attached in the notes, the paper's PDF link, or arXiv's PDF/HTML by its id);
    ``prefer="html"`` tries arXiv's HTML first. ``categories`` replaces the highlight kinds.
    A title-only paper is first looked up by its title (``resolve``: True, False, or the
    ``arxiv_base``/``hf_base`` of fulltext.resolve.find); only an exact title match is used.

    >>> pw.FullText(corpus.paper(0), notes="paper-notes.ipynb")  # doctest: +SKIP
    """

    _esm = bundle("fulltext.js")
    _css = bundle("fulltext.css")
    shows = "this full text is"
    status = traitlets.Unicode("loading").tag(sync=True)  # loading | ready | error
    message = traitlets.Unicode("").tag(sync=True)  # what the pane says while not ready
    document = traitlets.Dict().tag(sync=True)  # kind, label, source, size, images, dropped
    categories = traitlets.List(traitlets.Dict()).tag(sync=True)
    reading = traitlets.Dict().tag(sync=True)  # page, scroll, source: where you were

    def __init__(
        self,
        paper: Mapping[str, Any],
        notes: NotesLike | None = None,
        *,
        source: FullTextSource | None = None,
        prefer: str = "pdf",
        categories: Sequence[Mapping[str, Any]] | None = None,
        arxiv_base: str | None = None,
        http: Http | None = None,
        resolve: bool | Mapping[str, str] = True,
        **kwargs: Any,
    ):
        super().__init__(paper, notes, **kwargs)
        self.categories = checked_categories(categories)
        self._http = http
        self._document: Document | None = None
        self._lock = threading.Lock()
        if self.notes is not None:
            self.reading = _position(self.notes.reading(self.paper))
        self._prefer, self._arxiv_base = prefer, arxiv_base
        self._resolve = resolve
        self.open_text(source)

    def sources(self, source: FullTextSource | None = None) -> list[Source]:
        """Where the text is looked for, in order (the first that loads is shown)."""
        if source is not None:
            return [given(source)]
        attached = (
            self.notes.reading(self.paper).get("attached") if self.notes is not None else None
        )
        return candidates(self.paper, attached, self._prefer, self._arxiv_base)

    def open_text(self, source: FullTextSource | None = None, wait: bool = False) -> None:
        """Show another text of the paper (a v2, the HTML…); ``wait`` blocks until loaded."""
        found = self.sources(source)
        with self.hold_sync():
            self.status, self.message, self.document = "loading", "Loading the full text…", {}
        worker = threading.Thread(target=self._load, args=(found,), daemon=True, name="pw-fulltext")
        worker.start()
        if wait:
            worker.join()

    def _resolved_sources(self) -> list[Source]:
        """A title-only paper's sources once its title found it (else LoadError saying what)."""
        options = dict(self._resolve) if isinstance(self._resolve, Mapping) else {}
        match = find(self.paper.get("title") or "", http=self._http, **options)
        if not match.accepted:
            raise LoadError("full text", f"no link or arXiv id, and the title search: {match}")
        self.message = f"Found by its title: {match}"
        return candidates(filled(self.paper, match), None, self._prefer, self._arxiv_base)

    def _load(self, found: list[Source]) -> None:
        """The worker: fetch, then tell the view (or say why not, in the pane)."""
        try:
            if not found and self._resolve and self.paper.get("title"):
                found = self._resolved_sources()
            document = open_first(found, self._http)
        except LoadError as err:
            with self.hold_sync():
                self.status, self.message = "error", str(err)
            return
        except Exception as err:  # anything else: said in the pane and logged, never a hang
            log.exception("paperwidgets: the full text of %s failed", self.paper.get("id"))
            with self.hold_sync():
                self.status, self.message = "error", f"The full text could not be read: {err}"
            return
        with self._lock:
            self._document = document
        with self.hold_sync():
            found_by = self.message if self.message.startswith("Found by") else ""
            self.document = {**document.meta(), "resolved": found_by}
            self.message, self.status = "", "ready"

    @command
    def text(self, msg: dict[str, Any], buffers: list[bytes]) -> tuple[dict[str, Any], list[bytes]]:
        """Browser -> kernel: the loaded text and its images, as binary buffers."""
        with self._lock:
            document = self._document
        if document is None or self.status != "ready":
            return {"error": self.message or "the full text is not loaded yet"}, []
        return document.meta(), document.buffers()

    @command
    def remember(
        self, msg: dict[str, Any], buffers: list[bytes]
    ) -> tuple[dict[str, Any], list[bytes]]:
        """Browser -> notes file: where the reader is (page, scroll), for the next opening."""
        if self.notes is None:
            return {"kept": False}, []
        values = {k: msg.get(k) for k in ("page", "scroll", "source")}
        try:
            state = self.notes.set_reading(self.paper, **values)
        except (ValueError, TypeError, OSError) as err:
            return {"error": str(err)}, []
        self.reading = _position(state)  # a view drawn again (a reload) starts there
        return {"kept": True}, []

    def static_html(self) -> str:
        return fulltext_html(self.paper, self.annotation.get("highlights") or [])

    def static_data(self) -> dict[str, Any]:
        return card_static(self.paper, "full text (run the notebook to read it)")


def _position(state: dict[str, Any]) -> dict[str, Any]:
    return {k: state[k] for k in ("page", "scroll", "source") if k in state}
