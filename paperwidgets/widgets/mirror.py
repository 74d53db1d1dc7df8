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


class NotesMirror:
    """A display object for a list of annotations (rich outputs only, no widget)."""

    def __init__(self, annotations: list[Annotation], notes_path: str):
        self.annotations = annotations
        self.notes_path = notes_path

    def markdown(self) -> str:
        """Every annotation as escaped Markdown, under a one-line heading."""
        head = f"**Paper notes** ({len(self.annotations)}), saved in `{self.notes_path}`"
        return "\n\n---\n\n".join(
            [head, *(render_annotation(a, markers=False) for a in self.annotations)]
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        data = {
            "schema_version": 1,
            "notes_file": self.notes_path,
            "annotations": [a.to_dict() for a in self.annotations],
        }
        markdown = self.markdown()
        return {
            MIME: data,
            "text/markdown": markdown,
            "text/html": f'<div class="pw-notes-mirror">{markdown_html(markdown)}</div>',
            "text/plain": escape(f"{len(self.annotations)} paper notes ({self.notes_path})"),
        }
