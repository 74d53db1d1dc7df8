"""Where a Reader was — the paper, the tab, the search and filters — kept per notebook and
notes file, so that running the cell again (after a kernel restart, the next morning) opens
the Reader where you left it.

One small JSON file per (notebook, notes file) in the cache folder's ``readers/`` (not
emptied by ``paperwidgets cache clear``). The notebook is the one Jupyter started the kernel
for (``JPY_SESSION_NAME``), else the working folder. Reads are bounded and checked: a file
that is not a small JSON object of the expected shape is ignored, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from paperwidgets.cache import cache_root

log = logging.getLogger(__name__)

MAX_BYTES = 64 * 1024
VIEWS = ("list", "map")
FILTERS = {  # the toolbar's controls and the type each holds
    "query": str, "status": str, "tag": str, "min_rating": int, "unannotated": bool,
    "disagreements": bool, "order": str, "new_to_me": bool,
}  # fmt: skip
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def state_file(notes: Path | None) -> Path:
    """The file that keeps a Reader's place for this notebook and notes file."""
    notebook = os.environ.get("JPY_SESSION_NAME") or os.getcwd()
    key = json.dumps([notebook, str(notes) if notes else ""])
    return cache_root() / "readers" / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"


def cleaned(raw: Any) -> dict[str, Any]:
    """The known parts of a stored state with the right types; anything else is dropped."""
    raw = raw if isinstance(raw, dict) else {}
    state: dict[str, Any] = {}
    if isinstance(raw.get("current_id"), str):
        state["current_id"] = raw["current_id"][:1000]
    if raw.get("view") in VIEWS:
        state["view"] = raw["view"]
    filters = raw.get("filters") if isinstance(raw.get("filters"), dict) else {}
    kept = {k: v for k, v in filters.items() if k in FILTERS and _is(v, FILTERS[k])}
    state["filters"] = {k: v[:500] if isinstance(v, str) else v for k, v in kept.items()}
    return state


def _is(value: Any, kind: type) -> bool:
    if kind is int:
        return value is None or (isinstance(value, int) and not isinstance(value, bool))
    return isinstance(value, kind)


def load(path: Path) -> dict[str, Any]:
    """The stored state (cleaned), or {} when there is none or it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW)
    except OSError:
        return {}
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return {}
        try:
            return cleaned(json.loads(file.read(MAX_BYTES)))
        except (ValueError, UnicodeDecodeError):
            return {}


def store(path: Path, state: dict[str, Any]) -> None:
    """Write the state (atomically); a failure is logged, never in the reader's way."""
    temp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".reader-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(cleaned(state), file)
        os.replace(temp, path)
        temp = ""
    except OSError as err:
        log.warning("paperwidgets: could not keep the Reader's place in %s: %s", path, err)
    finally:
        if temp:
            with contextlib.suppress(OSError):
                os.unlink(temp)
