"""Reading, checking and atomically writing notes notebooks, fast at 10k cells.

The file is written exactly as ``nbformat.write`` would (indent 1, sorted keys, sources split
in lines) but assembled from per-cell JSON fragments, so a save re-serialises only the cells
that changed. Unchanged fragments are sliced from the file as read.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import stat
import tempfile
from collections.abc import Container
from pathlib import Path
from typing import Any

from paperwidgets import files
from paperwidgets.errors import LoadError
from paperwidgets.notes.cells import KEY, READS, SCHEMA_VERSION

_FORMAT: dict[str, Any] = {
    "indent": 1,
    "sort_keys": True,
    "ensure_ascii": False,
    "separators": (",", ": "),
}
_HEAD = b'{\n "cells": [\n'
_BETWEEN = b"\n  },\n  {\n"
_CELLS_END = b"\n ],\n"


class NotesFileError(LoadError):
    """A path that cannot be used as a notes notebook; the message names it and says why."""

    def __init__(self, path: str | os.PathLike[str], reason: str):
        super().__init__(str(path), reason)


def raw_cell(cell: dict[str, Any]) -> dict[str, Any]:
    """A cell as stored in the file: source split in lines (``nbformat.write`` style)."""
    source = cell.get("source", "")
    return {**cell, "source": source.splitlines(True)} if isinstance(source, str) else cell


def fragment(cell: dict[str, Any]) -> bytes:
    """The UTF-8 JSON of one stored cell, indented as it sits in the cells list."""
    text = json.dumps(cell, **_FORMAT)
    return "\n".join("  " + line for line in text.split("\n")).encode("utf-8")


def assemble(notebook: dict[str, Any], fragments: list[bytes]) -> list[bytes]:
    """The whole file as chunks: top-level fields around the already serialised cells."""
    rest = json.dumps({k: v for k, v in notebook.items() if k != "cells"}, **_FORMAT)
    tail = (rest[2:] + "\n").encode("utf-8")
    if not fragments:
        return [b'{\n "cells": [],\n', tail]
    return [_HEAD, b",\n".join(fragments), _CELLS_END, tail]


def sliced_fragments(data: bytes, cells: list[dict[str, Any]]) -> list[bytes]:
    """Each cell's bytes as found in ``data``; recomputed where the file is laid out otherwise.

    In the ``nbformat.write`` layout (indent 1) a cell is the text between lines ``  {`` and
    ``  }``: JSON strings hold no raw newline, and deeper lines are indented further.
    """
    parts = data[len(_HEAD) : data.find(_CELLS_END)].split(_BETWEEN)
    if not data.startswith(_HEAD) or not cells or len(parts) != len(cells):
        return [fragment(cell) for cell in cells]
    found = [b"  {\n" + part + b"\n  }" for part in parts]
    found[0] = found[0][4:]
    found[-1] = found[-1][:-4]
    if not all(_parses_to(found[i], cells[i]) for i in {0, len(cells) - 1}):  # a spot check
        return [fragment(cell) for cell in cells]
    return found


def _parses_to(text: bytes, cell: dict[str, Any]) -> bool:
    try:
        return bool(json.loads(text) == cell)
    except json.JSONDecodeError:
        return False


def parse_notes(
    path: Path, data: bytes, known: Container[bytes] = frozenset()
) -> tuple[dict[str, Any], list[bytes], dict[int, str]]:
    """The notebook JSON, its cell fragments and its invalid cells (position -> what is wrong).

    NotesFileError unless a valid notes notebook apart from single cells. Cells whose bytes
    are in ``known`` were validated when last read or written; the rest go through
    ``nbformat.validate``.
    """
    try:
        notebook = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise NotesFileError(path, f"is not a notebook: invalid JSON ({err})") from err
    if not isinstance(notebook, dict) or notebook.get("nbformat") != 4:
        raise NotesFileError(path, "is not an nbformat 4 notebook")
    cells = _cells(path, notebook)
    fragments = sliced_fragments(data, cells)
    fresh = [i for i, text in enumerate(fragments) if text not in known]
    marker = notebook.get("metadata", {}).get(KEY)
    if not isinstance(marker, dict) or marker.get("kind") != "notes":
        validate(path, notebook)  # not ours: say first whether it is a valid notebook at all
    check_marker(path, notebook)
    bad = _invalid_cells(path, notebook, [cells[i] for i in fresh], fresh)
    ids = [cell.get("id") for cell in cells]
    if len(set(ids)) != len(ids):
        raise NotesFileError(path, "is not a valid notebook: two cells share an id")
    return notebook, fragments, bad


def _cells(path: Path, notebook: dict[str, Any]) -> list[dict[str, Any]]:
    """The notebook's cells; NotesFileError (nbformat's reason first) unless a list of dicts."""
    cells = notebook.get("cells")
    if isinstance(cells, list) and all(isinstance(cell, dict) for cell in cells):
        return cells
    validate(path, notebook)  # nbformat's schema names what is wrong
    raise NotesFileError(path, "is not a valid notebook: cells must be a list of objects")


def _invalid_cells(
    path: Path, notebook: dict[str, Any], cells: list[dict[str, Any]], positions: list[int]
) -> dict[int, str]:
    """Positions of cells that fail validation; NotesFileError if the rest of the file does."""
    try:
        validate(path, {**notebook, "cells": cells})
        return {}
    except NotesFileError:
        validate(path, {**notebook, "cells": []})  # the top level itself is wrong: say so
    bad = {}
    for position, cell in zip(positions, cells, strict=True):
        try:
            validate(path, {**notebook, "cells": [cell]})
        except NotesFileError as err:
            bad[position] = f"cell {position} (id {cell.get('id')!r}) is skipped: {err.reason}"
    return bad


def check_marker(path: Path, notebook: dict[str, Any]) -> None:
    """NotesFileError unless ``notebook`` is marked as a notes file this version reads."""
    marker = notebook.get("metadata", {}).get(KEY)
    if not isinstance(marker, dict) or marker.get("kind") != "notes":
        raise NotesFileError(
            path,
            "is a notebook but not a paperwidgets notes notebook "
            f"(no metadata.{KEY}.kind == 'notes'); it is left untouched",
        )
    if marker.get("schema_version") not in READS:
        raise NotesFileError(
            path,
            f"has notes schema_version {marker.get('schema_version')!r}; "
            f"this paperwidgets reads versions up to {SCHEMA_VERSION}",
        )
    if notebook.get("nbformat_minor", 0) < 5:
        raise NotesFileError(path, "is nbformat 4.4 or older; notes files are nbformat 4.5+")


def validate(path: Path, notebook: dict[str, Any]) -> None:
    """``nbformat.validate``, as a NotesFileError naming the file.

    A valid nbformat 4.5 notebook is accepted by nbformat's own schema and validator engine
    (fastjsonschema) without importing nbformat, whose import costs 1.5–3 s in a fresh kernel
    (jsonschema builds an RFC 3987 grammar); anything else goes through ``nbformat.validate``.
    """
    fast = _fast_validator() if notebook.get("nbformat_minor") == 5 else None
    if fast is not None:
        try:
            fast(notebook)
            return
        except ValueError:  # fastjsonschema's JsonSchemaException; nbformat says why below
            pass
    import nbformat

    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as err:
        message = str(err).splitlines()[0]
        raise NotesFileError(path, f"is not a valid notebook: {message}") from err


@functools.cache
def _fast_validator() -> Any:
    """fastjsonschema compiled from nbformat's v4.5 schema file, or None if not found."""
    import fastjsonschema

    spec = importlib.util.find_spec("nbformat")  # locates the package without importing it
    folders = spec.submodule_search_locations if spec else None
    schema = Path(folders[0]) / "v4" / "nbformat.v4.5.schema.json" if folders else None
    if schema is None or not schema.is_file():
        return None
    return fastjsonschema.compile(json.loads(schema.read_text(encoding="utf-8")))


def check_writable(path: Path) -> None:
    """NotesFileError if a notes file could not be written at ``path`` (even by root)."""
    folder = path.parent
    if path.is_dir():
        raise NotesFileError(path, "is a directory, not a notes notebook file")
    if not folder.is_dir():
        raise NotesFileError(path, f"cannot be created: folder {folder} does not exist")
    for target in (path, folder) if path.exists() else (folder,):
        if not _writable(target):
            raise NotesFileError(path, f"is read-only ({target} is not writable)")


def _writable(target: Path) -> bool:
    mode = target.stat().st_mode
    return os.access(target, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def temp_pattern(path: Path) -> tuple[str, str]:
    """Prefix and suffix of the temp files a save writes next to ``path``."""
    return f".{path.name}.pw-", ".pwtmp"


def _temp_name(path: Path) -> re.Pattern[str]:
    """Exactly our temp names (``mkstemp`` adds 8 of ``[a-z0-9_]``), not others' files."""
    prefix, suffix = temp_pattern(path)
    return re.compile(f"{re.escape(prefix)}[a-z0-9_]{{8}}{re.escape(suffix)}")


def atomic_write(path: Path, content: str | list[bytes]) -> None:
    """Write atomically (``files.atomic_write``) with our temp names, keeping the file's mode."""
    prefix, suffix = temp_pattern(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~process_umask()
    files.atomic_write(path, content, prefix=prefix, suffix=suffix, mode=mode)


def holds(path: Path, chunks: list[bytes]) -> bool:
    """Whether the file at ``path`` is exactly ``chunks`` (read no further than their size)."""
    size = sum(len(chunk) for chunk in chunks)
    try:
        with open(path, "rb") as stream:
            if os.fstat(stream.fileno()).st_size != size:
                return False
            return stream.read(size + 1) == b"".join(chunks)
    except OSError:
        return False


def remove_stale_temps(*paths: Path) -> None:
    """Remove temp files a killed writer left beside these files (one folder; hold the lock)."""
    ours = [_temp_name(path) for path in paths]
    for entry in os.scandir(paths[0].parent):
        named = any(name.fullmatch(entry.name) for name in ours)
        if named and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)


def process_umask() -> int:
    """The process umask, read without setting it (``os.umask`` would: racy with threads).

    Read when a new notes file is made (the umask may change while a kernel runs): Linux
    shows it in /proc/self/status; elsewhere a probe file in a fresh temp folder shows it.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        status = ""
    for line in status.splitlines():
        if line.startswith("Umask:"):
            return int(line.split()[1], 8)
    return _probed_umask()


def _probed_umask() -> int:
    """The umask as the mode a file made with 0o777 gets (what the kernel takes away)."""
    with tempfile.TemporaryDirectory(prefix="pw-umask-") as folder:
        fd = os.open(os.path.join(folder, "probe"), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o777)
        try:
            return 0o777 & ~os.fstat(fd).st_mode
        finally:
            os.close(fd)
