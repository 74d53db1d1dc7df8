"""The ``paperwidgets`` command: inspect listings, notes and the caches from a terminal."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from paperwidgets._version import __version__
from paperwidgets.notes.commands import add_notes_commands
from paperwidgets.screening.commands import add_screen_commands
from paperwidgets.sources import FORMATS
from paperwidgets.terminal import one_line, printable, show_warning

FIRST_TITLES = 5
FEEDS = "feeds"  # feed responses per URL and day (feeds/cache.py): kept by `cache clear`


def _info(args: argparse.Namespace) -> int:
    from paperwidgets.corpus import from_records
    from paperwidgets.sources import read_source

    records, fmt = read_source(args.file, format=args.format)
    corpus = from_records(records)  # the papers pw.load(file) has
    print(f"file:    {printable(args.file)}")
    print(f"format:  {fmt}")
    print(f"papers:  {len(corpus)}")
    for title in corpus.papers["title"].head(args.titles):
        print(f"  - {one_line(title)}")
    if len(corpus) > args.titles:
        print(f"  … and {len(corpus) - args.titles} more")
    return 0


def _usage(folder: Path) -> tuple[int, int]:
    """(files, bytes) under a cache folder; links are counted, never followed."""
    files = size = 0
    for parent, _folders, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.lstat(os.path.join(parent, name)).st_size
    return files, size


def _size(count: float) -> str:
    """Bytes for people: 0 B, 812 B, 3.1 KB, 1.6 GB."""
    if count < 1000:
        return f"{count:.0f} B"
    for unit in ("KB", "MB"):
        count /= 1000
        if count < 1000:
            return f"{count:.1f} {unit}"
    return f"{count / 1000:.1f} GB"


def _files(files: int) -> str:
    return f"{files} file{'' if files == 1 else 's'}"


def _cache_root() -> Path:
    """The cache folder (it may not exist yet); a file in its place is an error."""
    from paperwidgets.cache import cache_root

    root = cache_root()
    if root.exists() and not root.is_dir():
        raise ValueError(f"{printable(root)}: the cache folder is not a folder")
    return root


def _cache(args: argparse.Namespace) -> int:
    """`paperwidgets cache`: where the cache lives and what each kind holds."""
    from paperwidgets.cache import KINDS

    root = _cache_root()
    origin = "$PAPERWIDGETS_CACHE" if os.environ.get("PAPERWIDGETS_CACHE") else "default"
    print(f"cache: {printable(root)} ({origin})")
    total_files = total_size = 0
    for kind in (*KINDS, FEEDS):
        folder = root / kind
        if folder.is_symlink():
            print(f"  {kind:<11} a symlink: never read or written")
            continue
        files, size = _usage(folder)
        total_files, total_size = total_files + files, total_size + size
        kept = "  (kept by `cache clear`)" if kind == FEEDS and files else ""
        print(f"  {kind:<11} {_files(files):<12} {_size(size)}{kept}")
    print(f"  {'total':<11} {_files(total_files):<12} {_size(total_size)}")
    return 0


def _cache_clear(args: argparse.Namespace) -> int:
    """`paperwidgets cache clear [KIND…]`: delete cached indexes, embeddings, layouts."""
    from paperwidgets.cache import KINDS, clear_caches

    root = _cache_root()
    unknown = [kind for kind in args.kinds if kind not in KINDS]
    if unknown:
        raise ValueError(f"no cache kind {unknown[0]!r} (choose from {', '.join(KINDS)})")
    removed = clear_caches(*args.kinds)
    kinds = ", ".join(args.kinds or KINDS)
    print(f"removed {_files(removed)} ({kinds}) from {printable(root)}")
    return 0


def add_cache_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """Register ``cache`` (what is cached, where) and ``cache clear``."""
    cache = commands.add_parser(
        "cache",
        help="where the caches live and their size; clear them",
        description="Without an action: the cache folder, and its files and size per kind.",
    )
    cache.set_defaults(run=_cache)
    sub = cache.add_subparsers(dest="cache_command", metavar="ACTION")
    clear = sub.add_parser("clear", help="delete cached indexes, embeddings and map layouts")
    clear.add_argument(
        "kinds", nargs="*", metavar="KIND", help="only these: index, embeddings, layouts"
    )
    clear.set_defaults(run=_cache_clear)


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
    add_cache_commands(commands)
    add_screen_commands(commands)
    return parser


def _quiet_stdout() -> None:
    """After the reader of our output went away (`| head`): send the rest nowhere, quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _run(args: argparse.Namespace) -> int:
    """Run a command; any failure is one `paperwidgets: error:` line and exit status 2."""
    try:
        status: int = args.run(args)
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
