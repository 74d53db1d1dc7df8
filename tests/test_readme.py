"""Every README example runs as a reader would run it.

The Python blocks run in order in one fresh Python process (a new kernel, as it were), then
every `paperwidgets …` line of the bash blocks, in a scratch folder holding what the examples
need: a copy of examples/ and the README (the paths they name), and the colleague's files the
sharing examples read. They succeed, write nothing into the repository, and every file they
make is one .gitignore ignores, so running them in a clone leaves `git status` clean. A block
is left out only by an explicit `<!-- not run: why -->` line just before it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(
    r"^(<!-- not run: (?P<why>[^>]+?) -->\n)?```(?P<lang>python|bash)\n(?P<code>.*?)^```",
    re.S | re.M,
)
RUNNER = r"""
import json, sys, traceback
namespace = {"__name__": "__main__"}
for block in json.load(open(sys.argv[1], encoding="utf-8")):
    print(f"--- README.md line {block['line']}", flush=True)
    try:
        exec(compile(block["code"], f"README.md line {block['line']}", "exec"), namespace)
    except BaseException:
        traceback.print_exc()
        sys.exit(f"the README's Python block at line {block['line']} failed")
"""
# the commands in a fresh process of their own, one after another, each as `paperwidgets` runs
# it (python -m paperwidgets = sys.exit(main())): one process, not one per line, for speed
COMMANDS = r"""
import json, sys
from paperwidgets.cli import main
for args in json.load(open(sys.argv[1], encoding="utf-8")):
    print(f"--- {' '.join(args)}", flush=True)
    try:
        status = main(args[1:])
    except SystemExit as stop:  # --version and --help exit through argparse
        status = stop.code or 0
    if status != 0:
        sys.exit(f"{' '.join(args)}: exit status {status}")
"""
PAPER = {"id": "arxiv:2503.16365", "title": "JARVIS-VLA", "authors": ["Muyao Li"]}


def readme_blocks(lang: str) -> list[dict]:
    """The README's `lang` blocks in order: code, first line number, and why not run (or None)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [
        {"code": m["code"], "line": text.count("\n", 0, m.start("code")) + 1, "why": m["why"]}
        for m in BLOCK.finditer(text)
        if m["lang"] == lang
    ]


def cli_examples() -> list[list[str]]:
    """The `paperwidgets …` lines of the bash blocks, as argument lists (comments dropped)."""
    return [
        shlex.split(line, comments=True)
        for block in readme_blocks("bash")
        if not block["why"]
        for line in block["code"].splitlines()
        if line.startswith("paperwidgets ")
    ]


def colleague_files(folder: Path) -> None:
    """What the sharing examples read: a colleague's notes file and working notebook."""
    import nbformat

    from paperwidgets.fallbacks import NotesHtml
    from paperwidgets.notes import Notes
    from paperwidgets.widgets.mirror import NotesMirror

    theirs = Notes(folder / "colleague-notes.ipynb")
    theirs.set(PAPER, note="Their take.", tags=["vla"], rating=5, status="read")
    bundle = NotesMirror(list(theirs), "colleague-notes.ipynb", NotesHtml())._repr_mimebundle_()
    output = nbformat.v4.new_output("display_data", data=bundle)
    cell = nbformat.v4.new_code_cell("reader = corpus.reader(notes='colleague-notes.ipynb')")
    cell.outputs = [output]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / "triage.ipynb")
    for stray in folder.glob(".colleague-notes.ipynb*"):  # their store's lock
        stray.unlink()


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def repo_state() -> tuple[str, set[str]]:
    """What git shows in the clone, and the files where an example's relative path would land
    (the clone's top folder and examples/, ignored files included)."""
    shown = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    landing = {p.name for p in ROOT.iterdir() if p.is_file()}
    return shown, landing | {f"examples/{name}" for name in files_in(ROOT / "examples")}


@pytest.fixture
def scratch(tmp_path) -> tuple[Path, dict[str, str]]:
    """The examples' working folder and an environment with its caches, home and no network."""
    work = tmp_path / "work"
    shutil.copytree(ROOT / "examples", work / "examples", ignore=shutil.ignore_patterns(".*"))
    shutil.copy(ROOT / "README.md", work / "README.md")
    screening = "tests/fixtures/screening"  # the labelled records the screening examples read
    shutil.copytree(ROOT / screening, work / screening)
    colleague_files(work)
    # `notes git-setup` is run in a repository, as the README says
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, timeout=60)
    env = {
        **os.environ,
        "PAPERWIDGETS_CACHE": str(tmp_path / "cache"),
        "HOME": str(tmp_path / "home"),
        # no network: the feed example falls back to the bundled listing at once
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "NO_PROXY": "",
        "COLUMNS": "100",
    }
    return work, env


def test_the_readme_has_examples_and_runs_almost_all():
    python, bash = readme_blocks("python"), readme_blocks("bash")
    assert len(python) >= 10 and len(cli_examples()) >= 8
    skipped = [b["line"] for b in python + bash if b["why"]]
    assert len(skipped) <= 2, skipped


def test_every_readme_example_runs_and_leaves_the_clone_clean(scratch, tmp_path):
    work, env = scratch
    given = files_in(work)
    has_git = (ROOT / ".git").exists() and shutil.which("git")
    before = repo_state() if has_git else None
    blocks = [b for b in readme_blocks("python") if not b["why"]]
    (tmp_path / "blocks.json").write_text(json.dumps(blocks), encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "-c", RUNNER, str(tmp_path / "blocks.json")],
        cwd=work, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-6000:]
    assert ran.stdout.count("--- README.md line") == len(blocks)
    (tmp_path / "commands.json").write_text(json.dumps(cli_examples()), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", COMMANDS, str(tmp_path / "commands.json")],
        cwd=work, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert done.stdout.count("--- paperwidgets ") == len(cli_examples())
    made = sorted(files_in(work) - given)
    assert "paper-notes.ipynb" in made and "notes.jsonld" in made  # the examples did their work
    if has_git:
        assert repo_state() == before, "the README's examples wrote into the repository"
        shown = subprocess.run(
            ["git", "check-ignore", "--no-index", "--verbose", "--non-matching", *made],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        kept = [line.split("\t")[-1] for line in shown.stdout.splitlines() if line.startswith("::")]
        kept.remove(".gitattributes")  # `notes git-setup` writes it to be committed, on purpose
        assert kept == [], f"git would show these files the README's examples make: {kept}"


ROW = re.compile(r"^\| `([\w./-]+)` \| (\d+) \| (\d+) \|", re.M)


def test_the_readme_table_of_fixture_counts_is_what_loading_gives():
    import paperwidgets as pw

    rows = ROW.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(rows) >= 7
    for path, _records, papers in rows:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert len(pw.load(ROOT / "tests" / "fixtures" / path)) == int(papers), path
