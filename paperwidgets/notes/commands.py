"""``paperwidgets notes …``: notes files from a terminal (show, export, merge, undo-merge,
diff, git-setup and git's merge driver). Text from a notes file is printed without control
characters, so a note cannot send terminal escapes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from paperwidgets.constants import RATING_MAX, RATING_MIN, STATUSES
from paperwidgets.notes import gitdriver
from paperwidgets.notes.carried import annotations_in
from paperwidgets.notes.cells import own_line, sections
from paperwidgets.notes.diffs import differences
from paperwidgets.notes.model import Annotation
from paperwidgets.notes.store import Notes
from paperwidgets.terminal import printable as _clean  # no terminal escapes from a note


def _papers(count: int) -> str:
    return f"{count} annotated paper{'' if count == 1 else 's'}"


def _show(args: argparse.Namespace) -> int:
    notes = annotations_in(args.file, Path(args.file).stem, args.notes_file)  # or a notebook
    print(f"{_clean(args.file)}: {_papers(len(notes))}")
    for annotation in notes:
        tags = " ".join(f"#{tag}" for tag in annotation.tags)
        print(f"\n{_clean(' · '.join(x for x in (annotation.id, tags) if x))}")
        print(f"  {_clean(annotation.paper.get('title') or '(untitled)')}")
        _show_people(annotation)
        if annotation.highlights:
            print(f"  {len(annotation.highlights)} highlight(s)")
    return 0


def _show_people(annotation: Annotation) -> None:
    for name, own in sections(annotation):
        head = " · ".join(x for x in (name or "", own_line(own)) if x)
        print(f"  {_clean(head)}")
        for line in own.note.splitlines():
            print(f"  | {_clean(line)}")


def _export(args: argparse.Namespace) -> int:
    notes = Notes(args.file, read_only=True)
    options = {"tags": args.tag, "min_rating": args.min_rating, "status": args.status}
    written = notes.export(args.out, **options, users=args.user)  # errors: the cli's one path
    print(f"wrote {_clean(written)}")
    return 0


def _merge(args: argparse.Namespace) -> int:
    out = Notes(args.out, user=args.me)
    tables = [
        out.merge_from(path, user=args.owner, notes_file=args.notes_file) for path in args.files
    ]
    print(f"wrote {_clean(args.out)} ({_papers(len(out))})")
    for table in tables:
        for row in table.itertuples():
            what = f"{row.field} {row.person}: {row.yours!r} / {row.theirs!r} — {row.outcome}"
            print(f"{_clean(row.id)}: {_clean(what)}")
    return 0


def _undo(args: argparse.Namespace) -> int:
    Notes(args.file).undo_merge(force=args.force)
    print(f"{_clean(args.file)}: put back as it was before the last merge")
    return 0


def _diff(args: argparse.Namespace) -> int:
    old = annotations_in(args.old, Path(args.old).stem)
    new = annotations_in(args.new, Path(args.new).stem)
    lines = differences(old, new)
    for line in lines:
        print(_clean(line))
    if not lines:
        print("no differences")
    return 0


def _git_setup(args: argparse.Namespace) -> int:
    attributes, added = gitdriver.setup(args.patterns, Path.cwd())
    print(f"git merges notes notebooks with paperwidgets ({_clean(attributes)}):")
    for line in added or ["(already set up)"]:
        print(f"  {_clean(line)}")
    return 0


def _driver(args: argparse.Namespace) -> int:
    return gitdriver.merge_driver(Path(args.base), Path(args.ours), Path(args.theirs), args.name)


MERGE = (
    "fold notes files into one, paper by paper and person by person: everyone's note, rating"
    " and status kept under their name, tags and highlights united; nothing of yours is"
    " removed or replaced"
)


def add_notes_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """Register the ``notes`` actions under ``commands``."""
    notes = commands.add_parser("notes", help="show, export, merge, diff notes notebooks")
    sub = notes.add_subparsers(dest="notes_command", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="list the annotated papers and everyone's notes")
    show.add_argument("file", help="a notes notebook, or a notebook carrying notes (.ipynb)")
    _notes_file_option(show)
    show.set_defaults(run=_show)
    export = sub.add_parser("export", help="write the notes as .md, .bib, .json, .ris or .jsonld")
    export.add_argument("file", help="a notes notebook (.ipynb)")
    export.add_argument("out", help="output file; its extension picks the format")
    export.add_argument("--tag", action="append", help="only papers with this tag (repeatable)")
    ratings = range(RATING_MIN, RATING_MAX + 1)
    export.add_argument(
        "--min-rating", type=int, choices=ratings, metavar=f"{RATING_MIN}-{RATING_MAX}"
    )
    export.add_argument("--status", action="append", choices=STATUSES, help="(repeatable)")
    export.add_argument("--user", action="append", help="whose values and notes (repeatable)")
    export.set_defaults(run=_export)
    _merge_commands(sub)


def _merge_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    merge = sub.add_parser("merge", help=MERGE, description=MERGE[0].upper() + MERGE[1:] + ".")
    merge.add_argument(
        "files", nargs="+", metavar="FILE", help="notes files, or notebooks carrying notes"
    )
    merge.add_argument("-o", "--out", required=True, help="the merged notes file (may exist)")
    merge.add_argument("--me", help="who you are (default: $PAPERWIDGETS_USER, git, login)")
    merge.add_argument("--owner", help="whose values an older (v1) FILE holds (default: its name)")
    _notes_file_option(merge)
    merge.set_defaults(run=_merge)
    undo = sub.add_parser("undo-merge", help="put a notes file back as before its last merge")
    undo.add_argument("file", help="the notes notebook that was merged into")
    undo.add_argument("--force", action="store_true", help="even if it changed since the merge")
    undo.set_defaults(run=_undo)
    diff = sub.add_parser("diff", help="what changed from OLD to NEW, paper by paper and person")
    diff.add_argument("old", help="a notes notebook (or a notebook carrying notes)")
    diff.add_argument("new", help="another one")
    diff.set_defaults(run=_diff)
    git = sub.add_parser("git-setup", help="let git merge notes notebooks per paper and person")
    git.add_argument("patterns", nargs="*", help="notes files or patterns (default: *.ipynb)")
    git.set_defaults(run=_git_setup)
    driver = sub.add_parser("merge-driver", help=argparse.SUPPRESS)  # git calls it
    for name in ("base", "ours", "theirs", "name"):
        driver.add_argument(name)
    driver.set_defaults(run=_driver)


def _notes_file_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--notes-file",
        metavar="NAME",
        help="a working notebook carrying the notes of several notes files: read this one's",
    )
