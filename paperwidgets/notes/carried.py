"""Notes carried by a shared notebook, read back: from a notes notebook, from a working
notebook's notes mirror output(s), or from an ``export_annotated`` copy.

``Notes.merge_from`` and ``paperwidgets notes show/merge`` read through :func:`annotations_in`,
so a colleague's notebook brings its notes back exactly as the store wrote them. A notes
notebook is read as the store reads it (``live.annotations_on_disk``): this module sits
below the store, which imports it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from paperwidgets.notes.cells import KEY
from paperwidgets.notes.live import annotations_on_disk
from paperwidgets.notes.model import Annotation
from paperwidgets.notes.nbfile import NotesFileError

MIRROR_MIME = "application/vnd.paperwidgets.notes+json"


def annotations_in(path: str | os.PathLike[str]) -> list[Annotation]:
    """The annotations a notebook carries, whichever of the three kinds it is."""
    path = Path(path)
    notebook = _read_json(path)
    kind = (notebook.get("metadata", {}).get(KEY) or {}).get("kind")
    if kind == "notes":
        return annotations_on_disk(path.expanduser().absolute())
    if kind == "annotated":
        return _checked(path, notebook["metadata"][KEY].get("notes"), "metadata.paperwidgets.notes")
    return _from_mirrors(path, notebook)


def _read_json(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise NotesFileError(path, "does not exist")
    try:
        notebook = json.loads(path.read_bytes())
    except (OSError, ValueError) as err:
        raise NotesFileError(path, f"is not a readable notebook ({err})") from err
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise NotesFileError(path, "is not a notebook (no list of cells)")
    return notebook


def _from_mirrors(path: Path, notebook: dict[str, Any]) -> list[Annotation]:
    """Every notes mirror output in the notebook; per paper the latest ``updated`` wins."""
    found: dict[str, Annotation] = {}
    mirrors = list(_mirror_outputs(notebook))
    if not mirrors:
        raise NotesFileError(
            path,
            "is not a paperwidgets notes notebook, nor an export_annotated copy, and has "
            "no notes output (run its paperwidgets cells, then save it)",
        )
    for where, data in mirrors:
        for annotation in _checked(path, _mirror_list(path, data, where), where):
            known = found.get(annotation.id)
            if known is None or _later(annotation, known):
                found[annotation.id] = annotation
    return list(found.values())


def _mirror_outputs(notebook: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(where, data) of each notes mirror output, in notebook order."""
    for n, cell in enumerate(notebook["cells"]):
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict) and MIRROR_MIME in data:
                yield f"cell {n} ({cell.get('id', '?')}) notes output", data[MIRROR_MIME]


def _mirror_list(path: Path, data: Any, where: str) -> Any:
    if isinstance(data, str):  # some front ends store JSON outputs as text
        try:
            data = json.loads(data)
        except ValueError as err:
            raise NotesFileError(path, f"{where} is not JSON ({err})") from err
    if not isinstance(data, dict):
        raise NotesFileError(path, f"{where} is not a JSON object")
    return data.get("annotations")


def _checked(path: Path, items: Any, where: str) -> list[Annotation]:
    if not isinstance(items, list):
        raise NotesFileError(path, f"{where} is not a list of annotations")
    annotations = []
    for n, item in enumerate(items):
        try:
            annotations.append(Annotation.from_dict(item))
        except (ValueError, TypeError, KeyError) as err:
            raise NotesFileError(path, f"{where}, annotation {n}: {err}") from err
    return annotations


def _later(a: Annotation, b: Annotation) -> bool:
    return bool(a.updated and (b.updated is None or a.updated > b.updated))
