"""The constants Python and the JS front-end share, read from ``constants.json`` (one place).

The front-end imports the same file (``js/src/lib/constants.js``), so a status, a colour, a
sanitiser rule or a MIME type is written once; tests/test_shared_constants.py checks that the
built bundles and the store agree with it.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

_SHARED: dict[str, Any] = json.loads(
    files("paperwidgets").joinpath("constants.json").read_text(encoding="utf-8")
)

# notes: the reading statuses and the rating range the store accepts
STATUSES: tuple[str, ...] = tuple(_SHARED["notes"]["statuses"])
UNREAD, READING, READ, SKIPPED = STATUSES  # each by its role, in the file's order
RATING_MIN: int = _SHARED["notes"]["rating"]["min"]
RATING_MAX: int = _SHARED["notes"]["rating"]["max"]

# the map: what points can be coloured by, and the topic palette (the widget and the PNG)
COLOURINGS: tuple[str, ...] = tuple(_SHARED["map"]["colourings"])
TOPIC_COLOURS: tuple[str, ...] = tuple(_SHARED["map"]["topic_colours"])

# notes Markdown -> HTML: the tags, attributes (per tag) and link schemes that survive
SANITISER_TAGS: frozenset[str] = frozenset(_SHARED["sanitiser"]["tags"])
SANITISER_ATTRIBUTES: dict[str, frozenset[str]] = {
    tag: frozenset(names) for tag, names in _SHARED["sanitiser"]["attributes"].items()
}
URL_SCHEMES: frozenset[str] = frozenset(_SHARED["sanitiser"]["url_schemes"])

# screening: the decisions (keys i / e / m), how many exclusion reasons have a key (1–9) and
# the longest note a decision keeps (characters)
SCREENING_DECISIONS: tuple[str, ...] = tuple(_SHARED["screening"]["decisions"])
MAX_REASONS: int = _SHARED["screening"]["max_reasons"]
MAX_NOTE: int = _SHARED["screening"]["max_note"]

# what a notebook's outputs carry: the notes output {schema_version, notes_file, count,
# annotations}, a widget's card {paper, caption}, the map picture's {caption, labels, width,
# height}, Neighbours' list {title, items: [{title, …}]}
NOTES_MIME: str = _SHARED["mime"]["notes"]
CARD_MIME: str = _SHARED["mime"]["card"]
MAP_MIME: str = _SHARED["mime"]["map"]
NEIGHBOURS_MIME: str = _SHARED["mime"]["neighbours"]
