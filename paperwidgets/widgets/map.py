"""Map: the whole corpus at a glance — one point per paper on a 2-D layout, topic labels,
colours by topic, rating, status or date; click a point for its card, tag a lasso selection.

Coordinates and per-point colour values travel as binary buffers (float32 / uint8 traits),
titles are fetched on hover and papers on click (commands), so a 100k-paper map syncs about
1 MB. :func:`map_data` is the kernel side on its own, for other widgets (the Reader).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import traitlets
from anywidget.experimental import command

from paperwidgets.constants import COLOURINGS, RATING_MAX, RATING_MIN, STATUSES
from paperwidgets.corpus import Corpus, PaperKey
from paperwidgets.fallbacks import map_static
from paperwidgets.notes import Annotation, Notes
from paperwidgets.widgets.annotating import (
    AnnotatingWidget,
    NotesLike,
    Reply,
    annotation_state,
)
from paperwidgets.widgets.base import bundle
from paperwidgets.widgets.undo import UndoStack

DATE_STEPS = 255  # dates map to 1..255, 0 is "no date"
MAX_TITLES = 200  # titles per hover request


@dataclass
class MapData:
    """What a map view draws: coordinates, topics and their labels (kernel side)."""

    xy: np.ndarray  # (n, 2) float32
    topics: np.ndarray  # (n,) topic number per paper
    labels: list[dict[str, Any]]  # {"text", "topic", "x", "y", "size"} per region of a topic
    names: list[str]  # every topic's label, by topic number

    def state(self) -> dict[str, Any]:
        """The synced part: coordinates as float32 bytes, label placements as a small list."""
        return {"xy": self.xy.astype("<f4").tobytes(), "labels": self.labels, "count": len(self.xy)}


def map_data(corpus: Corpus, n_topics: int | None = None, seed: int = 0) -> MapData:
    """Layout and topics of a corpus (both cached by its similarity space's key) for a map view."""
    from paperwidgets.similarity.layout import corpus_layout
    from paperwidgets.similarity.regions import label_places
    from paperwidgets.similarity.topics import compute_topics

    topics = compute_topics(corpus.similarity, n_topics, seed)
    xy = corpus_layout(corpus.similarity, seed)
    places = label_places(xy, topics.assignments, topics.labels)
    return MapData(xy, topics.assignments, places, topics.labels)


def colour_values(
    kind: str, papers: pd.DataFrame, topics: np.ndarray, annotations: dict[str, Annotation]
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """One uint8 per paper for a colouring, and its legend (value -> label)."""
    if kind == "topic":
        return np.minimum(topics, 255).astype(np.uint8), []
    if kind == "date":
        return date_values(papers["published"])
    found = [annotations.get(pid) for pid in papers["id"]]
    if kind == "rating":
        values = [(a.rating or 0) if a else 0 for a in found]
        legend = [{"value": 0, "label": "not rated"}]
        return np.array(values, np.uint8), legend + [
            {"value": r, "label": "★" * r} for r in range(RATING_MIN, RATING_MAX + 1)
        ]
    if kind == "status":
        codes = {s: i for i, s in enumerate(STATUSES)}
        values = [codes[a.status] if a else 0 for a in found]
        return np.array(values, np.uint8), [{"value": i, "label": s} for s, i in codes.items()]
    raise ValueError(f"colour by one of {COLOURINGS}, not {kind!r}")


def date_values(published: pd.Series) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Dates as 1..255 from oldest to newest (0: no date), legend with both ends."""
    stamps = pd.to_datetime(published, utc=True, errors="coerce")
    known = stamps.notna().to_numpy()
    values = np.zeros(len(stamps), np.uint8)
    if not known.any():
        return values, [{"value": 0, "label": "no date"}]
    seconds = stamps[known].astype("int64").to_numpy().astype(np.float64)
    low, high = seconds.min(), seconds.max()
    scaled = (seconds - low) / (high - low) if high > low else np.zeros_like(seconds)
    values[known] = 1 + np.round(scaled * (DATE_STEPS - 1)).astype(np.uint8)
    ends = [stamps[known].min(), stamps[known].max()]
    return values, [
        {"value": 0, "label": "no date"},
        {"value": 1, "label": ends[0].date().isoformat()},
        {"value": DATE_STEPS, "label": ends[1].date().isoformat()},
    ]


class CorpusMap(traitlets.HasTraits):
    """What a map view adds to an annotating widget over a corpus (the Map, the Reader's Map
    tab): its synced traits and commands, mixed into the widget class.

    Lasso actions (``apply``, one write, undoable), hover titles, colourings with their
    legend, and the positions of annotated papers (marked on the map) live here, so both
    widgets offer the same map. The widget calls ``map_changed`` when annotations change.
    """

    xy = traitlets.Bytes(b"").tag(sync=True)
    values = traitlets.Bytes(b"").tag(sync=True)
    count = traitlets.Int(0).tag(sync=True)
    labels = traitlets.List(traitlets.Dict()).tag(sync=True)
    colour_by = traitlets.Enum(COLOURINGS, "topic").tag(sync=True)
    legend = traitlets.List(traitlets.Dict()).tag(sync=True)
    annotated_positions = traitlets.List(traitlets.Int()).tag(sync=True)

    corpus: Corpus
    annotations: dict[str, Annotation]
    undo_stack: UndoStack
    store: Notes
    hold_sync: Callable[[], AbstractContextManager[None]]
    data: MapData | None = None

    def paper_for(self, paper_id: str) -> dict[str, Any]:
        return self.corpus.paper(paper_id)

    def show_map(self, data: MapData) -> None:
        """Send a layout to the browser (coordinates, labels) with the current colouring."""
        self.data = data
        with self.hold_sync():
            for name, value in data.state().items():
                setattr(self, name, value)
            self._colour()
            self._mark()

    @traitlets.observe("colour_by")
    def _colour(self, change: dict[str, Any] | None = None) -> None:
        if self.data is None:
            return
        values, legend = colour_values(
            self.colour_by, self.corpus.papers, self.data.topics, self.annotations
        )
        with self.hold_sync():
            self.values = values.tobytes()
            self.legend = legend

    def _mark(self) -> None:
        if self.data is not None:
            self.annotated_positions = sorted(self.corpus.position(i) for i in self.annotations)

    def map_changed(self) -> None:
        """Annotations changed: new marks, and new colours when coloured by them."""
        self._mark()
        if self.colour_by in ("rating", "status"):
            self._colour()

    @command
    def titles(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel: titles of a few points (hover, a lasso), by row position."""
        return {"titles": titles_at(self.corpus, msg.get("positions") or [])}, []

    @command
    def apply(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> notes store: tag, untag or set the status of every selected paper (map
        ``positions`` or the Reader's picked ``ids``), in one write; one ``undo`` puts them
        all back."""
        try:
            edit = selection_edit(msg.get("tag"), msg.get("status"), bool(msg.get("untag")))
            keys: list[PaperKey] = [str(i) for i in msg.get("ids") or []]
            keys += [int(p) for p in msg.get("positions") or []]
            papers = [self.corpus.paper(key) for key in dict.fromkeys(keys)]
            before = {p["id"]: self.annotations.get(p["id"]) for p in papers}
            changed = self.store.set_many((paper, edit) for paper in papers)
        except (ValueError, KeyError, IndexError, TypeError, OSError) as err:
            return {"error": str(err)}, []
        self.undo_stack.bulk(selection_words(edit, len(papers)), before, edit)
        return {"count": len(changed)}, []


class Map(CorpusMap, AnnotatingWidget):
    """The corpus map: ``corpus.map(notes="paper-notes.ipynb")`` or ``Map(corpus, notes=…)``.

    Drag to select with a lasso, then tag the selection or set its status in one action;
    click a point to see its card; the wheel or the +/− buttons zoom.
    """

    _esm = bundle("map.js")
    _css = bundle("styles.css")
    paper = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        corpus: Corpus,
        notes: NotesLike | None = None,
        colour_by: str = "topic",
        n_topics: int | None = None,
        seed: int = 0,
    ):
        self.corpus = corpus
        super().__init__(notes, corpus.papers["id"], colour_by=colour_by)
        self.show_map(map_data(corpus, n_topics, seed))

    def shown_id(self) -> str | None:
        return self.paper.get("id")

    def annotations_changed(self, before: dict[str, Annotation | None]) -> None:
        self.map_changed()

    @command
    def show_paper(self, msg: dict[str, Any], buffers: list[bytes]) -> Reply:
        """Browser -> kernel: show the paper at a row position (its card below the map)."""
        try:
            paper = self.corpus.paper(int(msg["position"]))
        except (KeyError, TypeError, ValueError, IndexError) as err:
            return {"error": f"no such point: {err}"}, []
        with self.hold_sync():
            self.paper = paper
            self.annotation = annotation_state(self.annotations.get(paper["id"]))
        return {"id": paper["id"]}, []

    def static_html(self) -> None:
        return None  # the picture (image/png in static_data) is what every viewer shows

    def static_data(self) -> dict[str, Any]:
        if self.data is None:
            return {}
        return map_static(self.data.xy, self.data.topics, self.data.names)


def titles_at(corpus: Corpus, positions: list[int]) -> dict[str, str]:
    """Titles of a few papers by row position ({"12": title}), for hover text."""
    wanted = [int(p) for p in positions][:MAX_TITLES]
    valid = [p for p in wanted if 0 <= p < len(corpus)]
    titles = corpus.papers["title"].to_numpy()[valid]
    return {str(p): str(t) for p, t in zip(valid, titles, strict=True)}


def selection_edit(tag: str | None, status: str | None, untag: bool = False) -> dict[str, Any]:
    """The edit a lasso action makes to each selected paper: add (or remove) one tag,
    and/or set the status — single-item edits of each paper as it is in the file."""
    tag = (tag or "").strip()
    if not tag and not status:
        raise ValueError("give a tag or a status for the selection")
    edit: dict[str, Any] = {"status": status} if status else {}
    if tag:
        edit["remove_tags" if untag else "add_tags"] = [tag]
    return edit


def selection_words(edit: dict[str, Any], count: int) -> str:
    """What a lasso action did, for its undo: "tagging 12 papers “x”"."""
    if "add_tags" in edit or "remove_tags" in edit:
        verb = "tagging" if "add_tags" in edit else "untagging"
        tag = (edit.get("add_tags") or edit.get("remove_tags") or [""])[0]
        return f"{verb} {count} papers “{tag}”"
    return f"setting {count} papers to “{edit['status']}”"
