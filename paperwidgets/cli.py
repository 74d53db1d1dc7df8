"""The ``paperwidgets`` command: inspect listings from a terminal."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence

from paperwidgets._version import __version__
from paperwidgets.notes.commands import add_notes_commands
from paperwidgets.sources import FORMATS
from paperwidgets.terminal import one_line, printable, show_warning

FIRST_TITLES = 5


def _info(args: argparse.Namespace) -> int:
    from paperwidgets.corpus import Corpus, frame_from_records
    from paperwidgets.sources import read_source

    records, fmt = read_source(args.file, format=args.format)
    corpus = Corpus(frame_from_records(records))
    print(f"file:    {printable(args.file)}")
    print(f"format:  {fmt}")
    print(f"papers:  {len(corpus)}")
    for title in corpus.papers["title"].head(args.titles):
        print(f"  - {one_line(title)}")
    if len(corpus) > args.titles:
        print(f"  … and {len(corpus) - args.titles} more")
    return 0


def count(text: str) -> int:
    """A non-negative integer option (argparse turns the ValueError into one line)."""
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


class Parser(argparse.ArgumentParser):
    """argparse with a usage mistake on one line (subcommands inherit it)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="paperwidgets", description="Read, compare and annotate research papers.")
    parser.add_argument("--version", action="version", version=f"paperwidgets {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    info = commands.add_parser("info", help="detected format, number of papers, first titles")
    info.add_argument("file", help="a listing file")
    info.add_argument(
        "--format",
        choices=list(FORMATS),
        metavar="FORMAT",
        help="force a format: " + ", ".join(FORMATS),
    )
    info.add_argument("--titles", type=count, default=FIRST_TITLES, help="titles to list")
    info.set_defaults(run=_info)
    add_notes_commands(commands)
    return parser


def _quiet_stdout() -> None:
    """After the reader of our output went away (`| head`): send the rest nowhere, quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _run(args: argparse.Namespace) -> int:
    """Run a command; any failure is one `paperwidgets: error:` line and exit status 2."""
    try:
        status = args.run(args)
        sys.stdout.flush()  # a closed pipe shows up here for short outputs
        return status
    except BrokenPipeError:
        _quiet_stdout()
        return 1
    except KeyboardInterrupt:
        return 130
    except (ValueError, OSError) as err:  # LoadError and NotesFileError are ValueErrors
        print(f"paperwidgets: error: {one_line(err)}", file=sys.stderr)
    except Exception as err:  # a bug: still one line, with what it was
        print(f"paperwidgets: error: {type(err).__name__}: {one_line(err)}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for unreadable input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    with warnings.catch_warnings():
        warnings.showwarning = show_warning
        return _run(args)
