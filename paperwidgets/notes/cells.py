"""Notes file format v1: annotations <-> markdown cells of an nbformat 4.5 notebook.

See docs/notes-format.md. A library cell carries the annotation in
``metadata.paperwidgets`` and a readable, escaped rendering in its source; the note body
sits between markers so a hand edit in JupyterLab is found and taken on load.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from paperwidgets.notes.model import Annotation
from paperwidgets.render import (
    NOTE_END,
    NOTE_START,
    authors_text,
    escape_note,
    markdown_link,
    markdown_text,
    unescape_note,
)

KEY = "paperwidgets"
SCHEMA_VERSION = 1
STARS = "★★★★★☆☆☆☆☆"
HEADER = (
    "# Paper notes\n\n"
    "Written by [paperwidgets](https://pypi.org/project/paperwidgets/): one cell per paper. "
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
        "metadata": {KEY: annotation.to_dict()},
        "source": render_annotation(annotation),
    }


def render_annotation(annotation: Annotation, markers: bool = True) -> str:
    """Readable Markdown: linked title, a meta line, the note, highlights as quotes."""
    paper = annotation.paper
    title = paper.get("title") or f"(untitled) {paper['id']}"
    parts = [f"### {markdown_link(title, paper.get('url'))}", markdown_text(meta_line(annotation))]
    body = escape_note(annotation.note)
    parts.append(f"{NOTE_START}\n{body}\n{NOTE_END}" if markers else body)
    parts.extend(_highlight_markdown(h) for h in annotation.highlights)
    return "\n\n".join(part for part in parts if part)


def meta_line(annotation: Annotation) -> str:
    """authors · date · rating · status · tags, as plain text."""
    paper = annotation.paper
    rating = annotation.rating
    items = [
        authors_text(paper.get("authors")),
        (paper.get("published") or "")[:10],
        STARS[5 - rating : 10 - rating] if rating else "",
        annotation.status,
        " ".join(f"#{tag}" for tag in annotation.tags),
    ]
    return " · ".join(item for item in items if item)


def _highlight_markdown(highlight: dict[str, Any]) -> str:
    lines = highlight["quote"].splitlines() or [""]
    quote = "\n".join(f"> {markdown_text(line)}" for line in lines)
    comment = highlight.get("comment")
    return f"{quote}\n>\n> — {markdown_text(comment)}" if comment else quote


def note_body(source: str) -> str | None:
    """The text between the note markers of a cell source, or None without markers."""
    start = source.find(NOTE_START)
    end = source.find(NOTE_END, start + len(NOTE_START)) if start >= 0 else -1
    if end < 0:
        return None
    body = source[start + len(NOTE_START) : end]
    body = body[1:] if body.startswith("\n") else body
    return body[:-1] if body.endswith("\n") else body


def cell_annotation(cell: dict[str, Any]) -> tuple[Annotation, bool]:
    """The annotation of a library cell, and whether its note was edited by hand."""
    annotation = Annotation.from_dict(cell["metadata"][KEY])
    body = note_body(_source_text(cell))
    if body is None or body.strip() == escape_note(annotation.note).strip():
        return annotation, False
    return replace(annotation, note=unescape_note(body)), True


def _source_text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)
