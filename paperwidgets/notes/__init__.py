"""Notes on papers, kept in a notes notebook (.ipynb): see docs/notes-format.md."""

from __future__ import annotations

from paperwidgets.notes.annotated import export_annotated
from paperwidgets.notes.model import STATUSES, Annotation
from paperwidgets.notes.nbfile import NotesFileError
from paperwidgets.notes.store import Notes

__all__ = ["STATUSES", "Annotation", "Notes", "NotesFileError", "export_annotated"]
