"""Where a reader is in a paper's full text, and the file attached to it (per notes file).

Kept at the notes notebook's level (``metadata.paperwidgets.reading``: paper id -> state), not
in the paper's annotation: opening or attaching a paper does not make it "annotated", and the
state is the reader's own (merges leave it alone). An attached file is stored relative to the
notes file's folder, so the notes and a ``papers/`` folder beside them move together.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

KEYS = ("attached", "page", "scroll", "source")


def checked_reading(values: Mapping[str, Any]) -> dict[str, Any]:
    """The reading state given, checked; ValueError naming a wrong value. None drops a key."""
    unknown = set(values) - set(KEYS)
    if unknown:
        raise TypeError(f"a reading state has only {KEYS}; unknown: {sorted(unknown)}")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        if key in ("attached", "source") and not (isinstance(value, str) and value.strip()):
            raise ValueError(f"{key} is a non-empty path or URL, not {value!r}")
        if key == "page" and not (isinstance(value, int) and not isinstance(value, bool)):
            raise ValueError(f"page is a page number ≥ 1, not {value!r}")
        if key == "page" and value < 1:
            raise ValueError(f"page is a page number ≥ 1, not {value!r}")
        if key == "scroll" and not _fraction(value):
            raise ValueError(f"scroll is a fraction 0–1 of the text, not {value!r}")
        out[key] = float(value) if key == "scroll" else value
    return out


def _fraction(value: Any) -> bool:
    real = isinstance(value, int | float) and not isinstance(value, bool)
    return real and math.isfinite(value) and 0 <= value <= 1


def stored_path(path: str | os.PathLike[str], notes_folder: Path) -> str:
    """``path`` as the notes file keeps it: relative to its folder (POSIX), else absolute."""
    absolute = Path(path).expanduser().absolute()
    try:
        return Path(os.path.relpath(absolute, notes_folder)).as_posix()
    except ValueError:  # another drive (Windows)
        return absolute.as_posix()


def resolved_path(stored: str, notes_folder: Path) -> Path:
    """A stored attached path as a path on this machine (relative to the notes folder)."""
    return (notes_folder / stored).absolute()
