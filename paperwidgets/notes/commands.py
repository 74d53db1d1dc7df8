"""``paperwidgets notes show|export|merge``: notes files from a terminal."""

from __future__ import annotations

import argparse
import sys

from paperwidgets.notes.carried import annotations_in
from paperwidgets.notes.merge import PREFER
from paperwidgets.notes.store import Notes
from paperwidgets.terminal import printable as _clean  # no terminal escapes from a note


def _papers(notes: Notes | list) -> str:
    count = len(notes)
    return f"{count} annotated paper{'' if count == 1 else 's'}"


def _show(args: argparse.Namespace) -> int:
    notes = annotations_in(args.file)  # a notes file, or a notebook carrying notes
    print(f"{args.file}: {_papers(notes)}")
    for annotation in notes:
        rating = "★" * annotation.rating if annotation.rating else ""
        tags = " ".join(f"#{tag}" for tag in annotation.tags)
        head = " · ".join(x for x in (annotation.id, annotation.status, rating, tags) if x)
        print(f"\n{_clean(head)}")
        print(f"  {_clean(annotation.paper.get('title') or '(untitled)')}")
        for line in annotation.note.splitlines():
            print(f"  | {_clean(line)}")
        if annotation.highlights:
            print(f"  {len(annotation.highlights)} highlight(s)")
    return 0


def _export(args: argparse.Namespace) -> int:
    notes = Notes(args.file, read_only=True)
    try:
        written = notes.export(args.out)
    except ValueError as err:
        print(f"paperwidgets: error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {written} ({_papers(notes)})")
    return 0


def _merge(args: argparse.Namespace) -> int:
    out = Notes(args.out)
    conflicts = [out.merge_from(path, args.prefer) for path in args.files]
    print(f"wrote {args.out} ({_papers(out)})")
    for table in conflicts:
        for row in table.itertuples():
            fields = ", ".join(row.fields)
            print(f"conflict: {_clean(row.id)} ({fields}): kept {row.kept}")
    return 0


def add_notes_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``notes show``, ``notes export`` and ``notes merge`` under ``commands``."""
    notes = commands.add_parser("notes", help="show, export or merge notes notebooks")
    sub = notes.add_subparsers(dest="notes_command", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="list the annotated papers and notes in a notes file")
    show.add_argument("file", help="a notes notebook, or a notebook carrying notes (.ipynb)")
    show.set_defaults(run=_show)
    export = sub.add_parser("export", help="write the notes as .md, .bib, .json, .ris or .jsonld")
    export.add_argument("file", help="a notes notebook (.ipynb)")
    export.add_argument("out", help="output file; its extension picks the format")
    export.set_defaults(run=_export)
    merge = sub.add_parser("merge", help="merge notes files into one (newer note wins)")
    merge.add_argument(
        "files", nargs="+", metavar="FILE", help="notes files, or notebooks carrying notes"
    )
    merge.add_argument("-o", "--out", required=True, help="the merged notes file (may exist)")
    merge.add_argument("--prefer", choices=PREFER, default="newer", help="who wins a conflict")
    merge.set_defaults(run=_merge)
