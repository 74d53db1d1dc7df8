"""The docs match the code: every file they name exists, every `--help` says what the command
does, and a figure given twice is the same figure."""

from __future__ import annotations

import argparse
import itertools
import os
import re
from pathlib import Path

import pytest

from paperwidgets import cli
from paperwidgets.notes import Notes
from paperwidgets.notes.exports import EXPORTERS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["README.md", "docs/design.md", "docs/notes-format.md"]
TICKED = re.compile(r"`([^`\n]+)`")
EXTENSION = re.compile(
    r"\.(py|js|mjs|css|md|toml|json|jsonl|jsonld|ipynb|txt|bib|csv|ris|nbib|png)$"
)
NOT_PATHS = re.compile(r"^(application|image|text)/|^/$")  # MIME types, the root
# named in the docs on purpose, and not in the repository
ELSEWHERE = {
    "api/daily_papers": "the Hugging Face API's path",
    "/api/papers/search": "the Hugging Face API's paper search",
    "papers/": "the user's folder of PDFs beside their notes",
    "arxiv-metadata-oai-snapshot.json": "arXiv's dump, downloaded by the user",
    "paper-notes.ipynb": "the user's notes file",
    "paper-notes.before-merge.ipynb": "the backup a merge writes beside it",
    "examples/daily_papers-demo.ipynb": "the working copy `make demo` makes (ignored)",
    "paperwidgets/static/": "built by `make build` (ignored)",
    "paperwidgets/labextension/": "built by `make build` (ignored)",
    "share/jupyter/labextensions/": "where the wheel installs the extension",
    "share/jupyter/labextensions/paperwidgets/": "where the wheel installs the extension",
    "test-results/": "made by pytest-playwright (ignored)",
    "build-labextension.js": "@jupyter/builder's script, in js/node_modules",
    "etc/jupyter/jupyter_server_config.d/": "where the wheel enables the server extension",
    "etc/jupyter/jupyter_server_config.d/paperwidgets.json": "the wheel's copy of jupyter-config/",
    ".git/info/exclude": "git's own file in a user's repository",
    "bob-notes.ipynb": "a colleague's notes file in the examples",
}
# where a short path in the docs is read from: the root, the package, the JS sources, the fixtures
BASES = ["", "paperwidgets/", "js/", "js/src/", "tests/fixtures/"]
SKIP = {".git", ".venv", "node_modules", "static", "labextension", "__pycache__", "test-results"}


def named_paths(text: str) -> list[str]:
    """File paths in backticks: with a folder or a file extension, no spaces or calls."""
    found = []
    for ticked in TICKED.findall(text):
        if re.search(r"[\s()=<'\"*]", ticked) or NOT_PATHS.search(ticked):
            continue
        if ticked.startswith(("http", "$", "~", "@", "-", "#")) or re.match(r"^\.\w+$", ticked):
            continue
        if "/" in ticked or EXTENSION.search(ticked):
            found.extend(expand(ticked))
    return found


def expand(path: str) -> list[str]:
    """`reader/{listing,rows}.js` -> reader/listing.js, reader/rows.js."""
    parts = re.split(r"\{([^}]*)\}", path)
    choices = [[p] if i % 2 == 0 else p.split(",") for i, p in enumerate(parts)]
    return ["".join(combo) for combo in itertools.product(*choices)]


def file_names() -> set[str]:
    """Every file name in the repository's own folders (a bare `live.py` is one of them)."""
    names: set[str] = set()
    for _folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in SKIP]
        names.update(files, subfolders)
    return names


def exists(path: str, names: set[str]) -> bool:
    if "/" not in path.rstrip("/"):
        return path.rstrip("/") in names
    for base in BASES:
        target = ROOT / (base + path)
        if target.exists():
            return True
        module, _, attribute = target.name.rpartition(".")  # similarity/settings.fingerprint
        if module and attribute.isidentifier() and target.with_name(module + ".py").exists():
            return True
    return False


@pytest.mark.parametrize("doc", DOCS)
def test_every_file_a_doc_names_exists(doc):
    names = file_names()
    paths = named_paths((ROOT / doc).read_text(encoding="utf-8"))
    missing = sorted({p for p in paths if p not in ELSEWHERE and not exists(p, names)})
    assert missing == [], f"{doc} names files the repository does not have"


def test_no_doc_points_outside_the_clone():
    for doc in DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert "../" not in text, f"{doc} points at a file beside the clone"


def test_the_path_finder_sees_what_it_must():
    text = "`js/src/reader/{rows,listing}.js`, `live.py`, `text/html`, `pw.load(x)`, `a b.py`"
    assert named_paths(text) == ["js/src/reader/rows.js", "js/src/reader/listing.js", "live.py"]
    names = file_names()
    assert exists("js/src/reader/rows.js", names) and exists("similarity/build.py", names)
    assert not exists("render.py", names) and not exists("similarity_build.py", names)


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command words, parser) for the command line and every subcommand under it."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name))


def test_every_help_runs_and_lists_commands_that_run(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps to the terminal's width
    seen = []
    for words, parser in commands(cli.build_parser()):
        with pytest.raises(SystemExit) as done:
            cli.main([*words, "--help"])
        assert done.value.code == 0 and capsys.readouterr().out == parser.format_help(), words
        seen.append(" ".join(words))
    assert {"info", "notes show", "notes export", "notes merge", "cache clear"} <= set(seen)


def test_the_export_help_names_exactly_the_formats_export_writes():
    notes_help = dict(commands(cli.build_parser()))[("notes",)].format_help()
    line = next(line for line in notes_help.splitlines() if line.split()[:1] == ["export"])
    assert sorted(re.findall(r"\.\w+", line)) == sorted(EXPORTERS)


def test_merge_does_what_its_help_says(tmp_path):
    """Everyone's note, rating and status kept under their name; tags united."""
    help_text = " ".join(
        dict(commands(cli.build_parser()))[("notes", "merge")].format_help().split()
    )
    for claim in ("person by person", "tags and highlights united", "kept under their name"):
        assert claim in help_text
    paper = {"id": "arxiv:1", "title": "A paper"}
    Notes(tmp_path / "mine.ipynb", user="Ada").set(paper, note="mine", tags=["a"], rating=2)
    Notes(tmp_path / "bob.ipynb", user="Bob").set(paper, note="theirs", tags=["b"], rating=5)
    merged = cli.main(
        ["notes", "merge", str(tmp_path / "mine.ipynb"), str(tmp_path / "bob.ipynb"),
         "-o", str(tmp_path / "team.ipynb"), "--me", "Ada"]
    )  # fmt: skip
    assert merged == 0
    team = Notes(tmp_path / "team.ipynb", user="Ada").get("arxiv:1")
    assert (team.note, team.rating) == ("mine", 2)  # mine stay mine
    assert (team.others["Bob"].note, team.others["Bob"].rating) == ("theirs", 5)  # Bob's his
    assert sorted(team.tags) == ["a", "b"]


def test_the_minilm_speed_is_one_figure():
    said = {
        doc: re.findall(r"(\d+) abstracts(?: per second|/s)", (ROOT / doc).read_text("utf-8"))
        for doc in ("README.md", "docs/design.md")
    }
    assert said["README.md"] and said["README.md"] == said["docs/design.md"]
