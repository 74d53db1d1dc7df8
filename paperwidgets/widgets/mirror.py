"""The notes mirror: an output that carries the notes inside the working notebook.

Shown with a display id under an annotating widget and updated on every save, so saving
the notebook in JupyterLab or Notebook 7 stores the notes with it (design §7). It holds
structured JSON for programs and escaped Markdown/HTML for people.
"""

from __future__ import annotations

from html import escape
from typing import Any

from paperwidgets.notes.cells import render_annotation
from paperwidgets.notes.model import Annotation
from paperwidgets.render import markdown_html

MIME = "application/vnd.paperwidgets.notes+json"


class RenderCache:
    """Each annotation's escaped Markdown and HTML, rendered again only when it changed.

    The mirror is refreshed on every save; re-rendering 1,000 notes each time took ~0.7 s.
    """

    def __init__(self) -> None:
        self._parts: dict[str, tuple[Annotation, str, str]] = {}

    def parts(self, annotation: Annotation) -> tuple[str, str]:
        """(markdown, html) of one annotation."""
        hit = self._parts.get(annotation.id)
        if hit is None or hit[0] != annotation:
            markdown = render_annotation(annotation, markers=False)
            hit = (annotation, markdown, markdown_html(markdown))
            self._parts[annotation.id] = hit
        return hit[1], hit[2]


class NotesMirror:
    """A display object for a list of annotations (rich outputs only, no widget)."""

    def __init__(
        self, annotations: list[Annotation], notes_path: str, cache: RenderCache | None = None
    ):
        self.annotations = annotations
        self.notes_path = notes_path
        self.cache = cache or RenderCache()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        data = {
            "schema_version": 1,
            "notes_file": self.notes_path,
            "annotations": [a.to_dict() for a in self.annotations],
        }
        head = f"**Paper notes** ({len(self.annotations)}), saved in `{self.notes_path}`"
        parts = [self.cache.parts(a) for a in self.annotations]
        html = "".join(f"<hr>\n{part_html}" for _, part_html in parts)
        return {
            MIME: data,
            "text/markdown": "\n\n---\n\n".join([head, *(md for md, _ in parts)]),
            "text/html": f'<div class="pw-notes-mirror">{markdown_html(head)}{html}</div>',
            "text/plain": escape(f"{len(self.annotations)} paper notes ({self.notes_path})"),
        }
