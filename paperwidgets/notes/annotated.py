"""An annotated copy of a notebook: the notes attached, for a colleague to open and read."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from paperwidgets.notes.exports import to_markdown
from paperwidgets.notes.model import Annotation, paper_id
from paperwidgets.notes.nbfile import NotesFileError, atomic_write
from paperwidgets.notes.store import Notes

ANNOTATED_CELL_ID = "pw-annotated-notes"


def export_annotated(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    notes: Any,
    papers: Iterable[Any] | None = None,
) -> Path:
    """A copy of notebook ``src`` at ``dst`` with the notes attached; ``src`` is never touched.

    The notes go in ``metadata.paperwidgets.notes`` and in a readable Markdown cell at the end
    (replaced, not repeated, when ``src`` was itself exported). ``papers`` limits which notes.
    """
    import nbformat

    src, dst = Path(src), Path(dst)
    if dst.exists() and dst.resolve() == src.resolve():
        raise ValueError(f"{dst}: export_annotated writes a new notebook, never over {src}")
    store = notes if isinstance(notes, Notes) else Notes(notes, read_only=True)
    annotations = _chosen(list(store), papers)
    notebook = _read_notebook(src)
    notebook.metadata["paperwidgets"] = {
        "schema_version": 1,
        "kind": "annotated",
        "notes": [a.to_dict() for a in annotations],
    }
    cell = nbformat.v4.new_markdown_cell(to_markdown(annotations), id=ANNOTATED_CELL_ID)
    notebook.cells = [c for c in notebook.cells if c.get("id") != ANNOTATED_CELL_ID] + [cell]
    nbformat.validate(notebook)
    atomic_write(dst, nbformat.writes(notebook))
    return dst


def _chosen(annotations: list[Annotation], papers: Iterable[Any] | None) -> list[Annotation]:
    if papers is None:
        return annotations
    wanted = {paper_id(p) for p in papers}
    return [a for a in annotations if a.id in wanted]


def _read_notebook(src: Path) -> Any:
    """``src`` as an nbformat 4.5 notebook; NotesFileError naming it if it is not one."""
    import nbformat

    try:
        notebook = nbformat.read(src, as_version=4)
        nbformat.validate(notebook)
    except (OSError, ValueError, nbformat.ValidationError) as err:
        raise NotesFileError(src, f"is not a readable, valid notebook ({err})") from err
    if notebook.nbformat_minor < 5:
        notebook = nbformat.v4.upgrade(notebook, from_version=4, from_minor=notebook.nbformat_minor)
    return notebook
