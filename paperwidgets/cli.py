"""The ``paperwidgets`` command: inspect listings from a terminal."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from paperwidgets import __version__
from paperwidgets.notes.commands import add_notes_commands

FIRST_TITLES = 5


def _info(args: argparse.Namespace) -> int:
    from paperwidgets.corpus import Corpus, frame_from_records
    from paperwidgets.sources import read_source

    records, fmt = read_source(args.file, format=args.format)
    corpus = Corpus(frame_from_records(records))
    print(f"file:    {args.file}")
    print(f"format:  {fmt}")
    print(f"papers:  {len(corpus)}")
    for title in corpus.papers["title"].head(args.titles):
        print(f"  - {title}")
    if len(corpus) > args.titles:
        print(f"  … and {len(corpus) - args.titles} more")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperwidgets", description="Read, compare and annotate research papers."
    )
    parser.add_argument("--version", action="version", version=f"paperwidgets {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    info = commands.add_parser("info", help="detected format, number of papers, first titles")
    info.add_argument("file", help="a listing file")
    info.add_argument("--format", help="force a format instead of detecting it")
    info.add_argument("--titles", type=int, default=FIRST_TITLES, help="titles to list")
    info.set_defaults(run=_info)
    add_notes_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for unreadable input)."""
    from paperwidgets.errors import LoadError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        return args.run(args)
    except LoadError as err:
        print(f"paperwidgets: error: {err}", file=sys.stderr)
        return 2
