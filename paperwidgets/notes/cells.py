"""Notes file format v2: annotations <-> markdown cells of an nbformat 4.5 notebook.

See docs/notes-format.md. A library cell carries the annotation in
``metadata.paperwidgets`` and a readable, escaped rendering in its source; each person's note
sits between markers naming them, so a hand edit in JupyterLab is found and taken on load.
v1 cells (one unnamed note) are read as the values of one person, the file's owner.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from typing import Any
from urllib.parse import quote, unquote

from paperwidgets.constants import RATING_MAX, UNREAD
from paperwidgets.format import authors_text
from paperwidgets.notes.markdown import (
    NOTE_END,
    NOTE_START,
    escape_note,
    markdown_link,
    markdown_text,
    unescape_note,
)
from paperwidgets.notes.model import Annotation, Own

KEY = "paperwidgets"
SCHEMA_VERSION = 2
READS = (1, 2)  # schema versions this paperwidgets reads (v1 is upgraded on the next write)
_NOTE_BLOCK = re.compile(
    r"<!-- paperwidgets:note(?: by=(?P<by>[^\s>]*))? -->\n?(?P<body>.*?)\n?" + re.escape(NOTE_END),
    re.DOTALL,
)
HEADER = (
    "# Paper notes\n\n"
    "Written by paperwidgets: one cell per paper. "
    "You may edit the text between the note markers; the rest of a paper's cell is "
    "rewritten from its metadata."
)


def cell_id(paper_id: str) -> str:
    """A stable nbformat cell id (``[a-zA-Z0-9-_]``, ≤ 64 chars) for a paper id."""
    return "pw-" + hashlib.blake2b(paper_id.encode(), digest_size=12).hexdigest()


def notebook_metadata() -> dict[str, Any]:
    """Top-level metadata that marks a notebook as a notes file."""
    return {KEY: {"schema_version": SCHEMA_VERSION, "kind": "notes"}, **viewer_metadata()}


def viewer_metadata() -> dict[str, Any]:
    """kernelspec and language_info as this Python's kernel reports them.

    JupyterLab asks for a kernel when a notebook names none, and marks the tab dirty when
    the kernel's language_info differs from the file's; with these it does neither.
    """
    import platform

    return {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {
            "codemirror_mode": {"name": "ipython", "version": 3},
            "file_extension": ".py",
            "mimetype": "text/x-python",
            "name": "python",
            "nbconvert_exporter": "python",
            "pygments_lexer": "ipython3",
            "version": platform.python_version(),
        },
    }


def add_viewer_metadata(notebook: dict[str, Any]) -> None:
    """Give an older notes file the metadata that keeps JupyterLab quiet (kept if present)."""
    for key, value in viewer_metadata().items():
        notebook["metadata"].setdefault(key, value)


def upgrading(notebook: dict[str, Any]) -> bool:
    """Mark a v1 notes notebook as v2; True if it was v1 (every cell is then rewritten)."""
    marker = notebook["metadata"][KEY]
    old = bool(marker.get("schema_version") != SCHEMA_VERSION)
    marker["schema_version"] = SCHEMA_VERSION
    return old


def new_notebook() -> dict[str, Any]:
    """An empty notes notebook with one header cell (the header is the reader's to edit)."""
    header = {"cell_type": "markdown", "id": "pw-header", "metadata": {}, "source": HEADER}
    return {"cells": [header], "metadata": notebook_metadata(), "nbformat": 4, "nbformat_minor": 5}


def is_library_cell(cell: dict[str, Any]) -> bool:
    """True for a cell holding an annotation (``metadata.paperwidgets.paper``).

    Any cell type: a cell made code or raw in JupyterLab still holds its paper's note.
    """
    data = cell.get("metadata", {}).get(KEY)
    return isinstance(data, dict) and isinstance(data.get("paper"), dict)


def annotation_cell(annotation: Annotation) -> dict[str, Any]:
    """The markdown cell for one annotation: metadata + escaped rendering."""
    return {
        "cell_type": "markdown",
        "id": cell_id(annotation.id),
        "metadata": {KEY: annotation.record().to_dict()},
        "source": render_annotation(annotation),
    }


def render_annotation(annotation: Annotation, markers: bool = True) -> str:
    """Readable Markdown: linked title, a paper line, each person's values and note, the
    highlights as quotes."""
    paper = annotation.paper
    title = paper.get("title") or f"(untitled) {paper['id']}"
    parts = [f"### {markdown_link(title, paper.get('url'))}", markdown_text(meta_line(annotation))]
    for name, own in sections(annotation):
        head = [f"**{markdown_text(name)}**" if name else "", markdown_text(own_line(own))]
        parts.append(" · ".join(part for part in head if part))
        body = escape_note(own.note)
        parts.append(f"{note_start(name)}\n{body}\n{NOTE_END}" if markers else body)
    parts.extend(highlight_markdown(h) for h in annotation.highlights)
    return "\n\n".join(part for part in parts if part)


def sections(annotation: Annotation) -> list[tuple[str | None, Own]]:
    """(name, values) of each person who wrote something; one unnamed section for an
    unattributed (v1) annotation."""
    if annotation.people:
        people = sorted(annotation.people.items(), key=lambda item: item[0].casefold())
        return [(name, own) for name, own in people if own.has_content()]
    own = Own(annotation.note, annotation.rating, annotation.status)
    return [(None, own)] if own.has_content() else []


def note_start(name: str | None) -> str:
    """The marker before a person's note (names %-encoded: they never end the comment)."""
    return NOTE_START if name is None else f"<!-- paperwidgets:note by={quote(name, safe='')} -->"


def meta_line(annotation: Annotation) -> str:
    """authors · date · tags, as plain text."""
    paper = annotation.paper
    items = [
        authors_text(paper.get("authors")),
        (paper.get("published") or "")[:10],
        " ".join(f"#{tag}" for tag in annotation.tags),
    ]
    return " · ".join(item for item in items if item)


def own_line(own: Own) -> str:
    """A person's rating and status, as plain text."""
    rating = own.rating
    stars = "★" * rating + "☆" * (RATING_MAX - rating) if rating else ""
    status = own.status if own.status != UNREAD or "status" in own.changed else ""
    return " · ".join(item for item in (stars, status) if item)


def highlight_markdown(highlight: dict[str, Any]) -> str:
    """A highlight as a block quote: where (page, category) first, its comment after."""
    lines = highlight["quote"].splitlines() or [""]
    quote = "\n".join(f"> {markdown_text(line)}" for line in lines)
    where = highlight_place(highlight)
    quote = f"> *{markdown_text(where)}*\n>\n{quote}" if where else quote
    comment = highlight.get("comment")
    return f"{quote}\n>\n> — {markdown_text(comment)}" if comment else quote


def highlight_place(highlight: dict[str, Any]) -> str:
    """ "p. 3 · method" for a full-text highlight ('' for one in the abstract)."""
    page = f"p. {highlight['page']}" if highlight.get("page") else ""
    return " · ".join(part for part in (page, highlight.get("category") or "") if part)


def note_bodies(source: str) -> dict[str | None, str]:
    """Each person's note text between markers (None: the unnamed v1 marker)."""
    found: dict[str | None, str] = {}
    for match in _NOTE_BLOCK.finditer(source):
        by = match.group("by")
        found.setdefault(None if by is None else unquote(by), match.group("body"))
    return found


def cell_annotation(cell: dict[str, Any], owner: str) -> tuple[Annotation, set[str]]:
    """The annotation of a library cell, and whose notes were edited there by hand.

    A v1 cell's values are ``owner``'s; a note typed between a person's markers that differs
    from their stored note is theirs (an unnamed marker is the owner's).
    """
    annotation = Annotation.from_dict(cell["metadata"][KEY], owner=owner)
    people, edited = dict(annotation.people), set()
    for name, body in note_bodies(_source_text(cell)).items():
        person = owner if name is None else name
        own = people.get(person) or Own()
        if body.strip() != escape_note(own.note).strip():
            people[person] = dataclasses.replace(own, note=unescape_note(body))
            edited.add(person)
    return dataclasses.replace(annotation, people=people), edited


def _source_text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)
