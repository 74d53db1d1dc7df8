"""paperwidgets: read, compare and annotate research papers inside Jupyter.

The public API is small: :func:`load` a listing into a :class:`Corpus`, show papers with
:class:`PaperCard`, triage with :class:`Reader`, keep notes in :class:`Notes`. Heavy
modules (pandas, scikit-learn, ipywidgets) are imported on first use, so
``import paperwidgets`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from paperwidgets._version import __version__

# public name -> module that defines it (imported lazily, PEP 562)
_EXPORTS = {
    "LoadError": "paperwidgets.errors",
    "Corpus": "paperwidgets.front",
    "load": "paperwidgets.front",
    "PaperCard": "paperwidgets.widgets.card",
    "FullText": "paperwidgets.widgets.fulltext",
    "Reader": "paperwidgets.widgets.reader",
    "Screen": "paperwidgets.widgets.screen",
    "Neighbours": "paperwidgets.widgets.neighbours",
    "Map": "paperwidgets.widgets.map",
    "Notes": "paperwidgets.notes",
    "Annotation": "paperwidgets.notes",
    "NotesFileError": "paperwidgets.notes",
    "export_annotated": "paperwidgets.notes",
    "clear_caches": "paperwidgets.cache",
    "load_arxiv_snapshot": "paperwidgets.front",
    "daily_papers": "paperwidgets.front",
    "arxiv": "paperwidgets.front",
    "arxiv_new": "paperwidgets.front",
}

__all__ = [
    "Annotation",
    "Corpus",
    "FullText",
    "LoadError",
    "Map",
    "Neighbours",
    "Notes",
    "NotesFileError",
    "PaperCard",
    "Reader",
    "Screen",
    "__version__",
    "arxiv",
    "arxiv_new",
    "clear_caches",
    "daily_papers",
    "export_annotated",
    "load",
    "load_arxiv_snapshot",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from paperwidgets.cache import clear_caches
    from paperwidgets.errors import LoadError
    from paperwidgets.front import (
        Corpus,
        arxiv,
        arxiv_new,
        daily_papers,
        load,
        load_arxiv_snapshot,
    )
    from paperwidgets.notes import Annotation, Notes, NotesFileError, export_annotated
    from paperwidgets.widgets.card import PaperCard
    from paperwidgets.widgets.fulltext import FullText
    from paperwidgets.widgets.map import Map
    from paperwidgets.widgets.neighbours import Neighbours
    from paperwidgets.widgets.reader import Reader
    from paperwidgets.widgets.screen import Screen


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'paperwidgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
