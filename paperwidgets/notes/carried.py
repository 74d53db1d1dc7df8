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
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from paperwidgets import files
from paperwidgets.constants import NOTES_MIME
from paperwidgets.notes.cells import KEY
from paperwidgets.notes.live import annotations_on_disk
from paperwidgets.notes.model import Annotation
from paperwidgets.notes.nbfile import NotesFileError
from paperwidgets.notes.people import UNKNOWN


def annotations_in(
    path: str | os.PathLike[str], owner: str = UNKNOWN, notes_file: str | None = None
) -> list[Annotation]:
    """The annotations a notebook carries, whichever of the three kinds it is (records).

    Values stored in the v1 form (one unnamed person) are ``owner``'s.

    A working notebook may carry the outputs of several notes files (yours and a team's):
    ``notes_file`` picks one (as the output names it, or its file name); without it, such a
    notebook is refused with a message naming them. Every failure is a NotesFileError
    naming ``path``: never a hang (FIFO, device), a whole 2 GB read or a RecursionError.
    """
    path = Path(path)
    try:
        return _annotations(path, owner, notes_file)
    except RecursionError:
        raise NotesFileError(path, "is nested too deeply to be a notebook") from None
    except MemoryError:
        raise NotesFileError(path, "is too big to read as a notebook") from None


def _annotations(path: Path, owner: str, notes_file: str | None) -> list[Annotation]:
    notebook = _read_json(path)
    marker = _marker(path, notebook)
    kind = marker.get("kind")
    if kind == "notes":
        return annotations_on_disk(path.expanduser().absolute(), owner)
    if kind == "annotated":
        return _checked(path, marker.get("notes"), "metadata.paperwidgets.notes", owner)
    return _from_mirrors(path, notebook, owner, notes_file)


def _read_json(path: Path) -> dict[str, Any]:
    data = files.read_regular(path, error=NotesFileError, what="a notebook")
    notebook = files.parse_json(data, str(path), NotesFileError)
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise NotesFileError(path, "is not a notebook (no list of cells)")
    return notebook


def _marker(path: Path, notebook: dict[str, Any]) -> dict[str, Any]:
    """``metadata.paperwidgets`` (or {}); NotesFileError when either is not an object."""
    metadata = notebook.get("metadata", {})
    if not isinstance(metadata, dict):
        raise NotesFileError(path, f"is not a notebook: metadata is a {type(metadata).__name__}")
    marker = metadata.get(KEY) or {}
    if not isinstance(marker, dict):
        kind = type(marker).__name__
        raise NotesFileError(path, f"has metadata.{KEY} that is a {kind}, not an object")
    return marker


def _from_mirrors(
    path: Path, notebook: dict[str, Any], owner: str, notes_file: str | None
) -> list[Annotation]:
    """The notes outputs of one notes file; per paper the latest ``updated`` wins."""
    found: dict[str, Annotation] = {}
    mirrors = _one_notes_file(path, list(_mirror_outputs(path, notebook)), notes_file)
    undated: list[str] = []
    for where, data in mirrors:
        for n, annotation in enumerate(_checked(path, data.get("annotations"), where, owner)):
            if annotation.updated is None:
                undated.append(f"{where}, annotation {n} ({annotation.id})")
            known = found.get(annotation.id)
            if known is None or _later(annotation, known):
                found[annotation.id] = annotation
    if undated:
        warnings.warn(
            f"{path}: {len(undated)} annotation(s) in notes outputs have no 'updated' time "
            f"(first: {undated[0]}); where another copy has one, that copy is kept",
            UserWarning,
            stacklevel=4,
        )
    return list(found.values())


def _one_notes_file(
    path: Path, mirrors: list[tuple[str, dict[str, Any]]], asked: str | None
) -> list[tuple[str, dict[str, Any]]]:
    """The mirrors of the notes file asked for, or of the only one; never two files mixed."""
    if not mirrors:
        raise NotesFileError(
            path,
            "is not a paperwidgets notes notebook, nor an export_annotated copy, and has "
            "no notes output (run its paperwidgets cells, then save it)",
        )
    names = list(dict.fromkeys(str(data.get("notes_file") or "") for _, data in mirrors))
    if asked is not None:
        wanted = [n for n in names if asked in (n, Path(n).name)]
        if not wanted:
            raise NotesFileError(path, f"has no notes output of {asked!r} (it has {_named(names)})")
        return [m for m in mirrors if str(m[1].get("notes_file") or "") == wanted[0]]
    if len(names) > 1:
        raise NotesFileError(
            path,
            f"carries the notes of {len(names)} notes files ({_named(names)}); "
            "name the one to read (notes_file=, or --notes-file)",
        )
    return mirrors


def _named(names: list[str]) -> str:
    return ", ".join(repr(name) if name else "an unnamed one" for name in names)


def _mirror_outputs(path: Path, notebook: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, data) of each notes mirror output, in notebook order."""
    for n, cell in enumerate(notebook["cells"]):
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict) and NOTES_MIME in data:
                where = f"cell {n} ({cell.get('id', '?')}) notes output"
                yield where, _mirror_data(path, data[NOTES_MIME], where)


def _mirror_data(path: Path, data: Any, where: str) -> dict[str, Any]:
    if isinstance(data, str):  # some front ends store JSON outputs as text
        try:
            data = json.loads(data)
        except (ValueError, RecursionError) as err:
            raise NotesFileError(path, f"{where} is not JSON ({err})") from err
    if not isinstance(data, dict):
        raise NotesFileError(path, f"{where} is not a JSON object")
    return data


def _checked(path: Path, items: Any, where: str, owner: str) -> list[Annotation]:
    if not isinstance(items, list):
        raise NotesFileError(path, f"{where} is not a list of annotations")
    annotations = []
    for n, item in enumerate(items):
        try:
            annotations.append(Annotation.from_dict(item, owner=owner).record())
        except (ValueError, TypeError, KeyError, OverflowError) as err:
            raise NotesFileError(path, f"{where}, annotation {n}: {err}") from err
    return annotations


def _later(a: Annotation, b: Annotation) -> bool:
    return bool(a.updated and (b.updated is None or a.updated > b.updated))
