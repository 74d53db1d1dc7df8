"""What you have seen: the papers in your notes files and in the feeds fetched on earlier days.

"New to me" is a paper in neither. Notes are only read here (through the notes store, read
only); the fetched days come from the feeds cache (feeds/cache.py).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from paperwidgets.corpus import Corpus
    from paperwidgets.notes import Notes

NotesArg = Any  # a Notes store, a path, or an iterable of those


def stores(notes: NotesArg) -> list[Notes]:
    """Notes stores from a store, a path, or several (paths are opened read-only)."""
    from paperwidgets.notes import Notes

    if notes is None:
        return []
    if isinstance(notes, Notes):
        return [notes]
    if isinstance(notes, str | os.PathLike):  # a notes file not written yet: nothing seen
        return [Notes(notes, read_only=True)] if Path(notes).expanduser().exists() else []
    if isinstance(notes, Iterable):
        return [store for item in notes for store in stores(item)]
    raise TypeError(f"notes is a Notes store, a path or a list of them, not {notes!r}")


def noted_ids(notes: NotesArg) -> set[str]:
    """Ids of every paper annotated in any of these notes files."""
    return {annotation.id for store in stores(notes) for annotation in store}


def unseen_mask(
    corpus: Corpus, notes: NotesArg = None, before: dt.date | None = None
) -> np.ndarray:
    """True for each paper in no notes file and in no feed fetched before ``before`` (today)."""
    import numpy as np

    from paperwidgets.feeds import cache

    seen = noted_ids(notes) | cache.seen_before(before)
    return ~np.isin(corpus.papers["id"].to_numpy(), list(seen))
