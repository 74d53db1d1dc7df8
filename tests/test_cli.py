"""The `paperwidgets` command, run as a user would: a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import paperwidgets


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "paperwidgets", *args], capture_output=True, text=True, timeout=60
    )


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"paperwidgets {paperwidgets.__version__}"


def test_info_names_format_count_and_first_titles(daily_papers_path):
    result = run("info", str(daily_papers_path), "--titles", "2")
    assert result.returncode == 0, result.stderr
    assert "format:  daily-text" in result.stdout
    assert "papers:  101" in result.stdout
    assert "  - JARVIS-VLA: Post-Training Large-Scale" in result.stdout
    assert "  - Arena Learning:" in result.stdout
    assert "… and 99 more" in result.stdout


def test_info_counts_the_papers_load_gives():
    # manubot's references share ids across records: load keeps all 97 (merge gives ~2, ~3)
    path = Path(__file__).parent / "fixtures" / "csl-json" / "manubot-manual-references.json"
    result = run("info", str(path), "--titles", "0")
    assert result.returncode == 0, result.stderr
    assert f"papers:  {len(paperwidgets.load(path))}\n" in result.stdout
    assert len(paperwidgets.load(path)) == 97


def test_info_on_a_non_listing_fails_with_the_file_name(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("just some text\nand more\n", encoding="utf-8")
    result = run("info", str(bad))
    assert result.returncode == 2
    assert str(bad) in result.stderr
    assert "not a paper listing" in result.stderr
    assert "Traceback" not in result.stderr


def one_error_line(result: subprocess.CompletedProcess) -> str:
    """The error a user sees: exactly one line on stderr, no traceback, a failing status."""
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_bad_flag_value_is_one_line(daily_papers_path):
    line = one_error_line(run("info", str(daily_papers_path), "--format", "nonsense"))
    assert line.startswith("paperwidgets info: error: argument --format: invalid choice")
    assert "bibtex" in line  # says what would work
    assert "invalid count value: '-3'" in one_error_line(
        run("info", str(daily_papers_path), "--titles", "-3")
    )


def test_a_missing_file_a_folder_and_a_non_listing_are_one_line_each(tmp_path):
    missing = one_error_line(run("info", str(tmp_path / "nope.bib")))
    assert missing.startswith(f"paperwidgets: error: {tmp_path / 'nope.bib'}: no such file")
    assert "is a directory" in one_error_line(run("info", str(tmp_path)))
    (tmp_path / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert "not a text file" in one_error_line(run("info", str(tmp_path / "x.png")))
    assert "does not exist" in one_error_line(run("notes", "show", str(tmp_path / "n.ipynb")))
    assert "invalid choice: 'frob'" in one_error_line(run("frob"))


def test_a_closed_pipe_is_quiet(tmp_path):
    """`paperwidgets info big.jsonl --titles 3000 | head -1`: no BrokenPipeError on stderr."""
    big = tmp_path / "big.jsonl"
    rows = (f'{{"id": "2501.{i:05d}", "title": "Paper {i} {"x" * 60}"}}' for i in range(3000))
    big.write_text("\n".join(rows) + "\n", encoding="utf-8")  # ~200 KB of titles: > a pipe
    cmd = [sys.executable, "-m", "paperwidgets", "info", str(big), "--titles", "3000"]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout.readline().startswith(b"file:")
        proc.stdout.close()  # what `head -1` does after its line
        stderr = proc.stderr.read().decode()
        assert proc.wait(60) == 1
    assert stderr == ""


def test_warnings_are_one_line_each_and_titles_carry_no_escapes(tmp_path):
    listing = tmp_path / "hostile.bib"
    listing.write_text(
        "@article{a, title={Evil \x1b[2J\x1b]0;pwned\x07 title}, year=2020}\n"
        "@article{b, author={Nobody}}\n",
        encoding="utf-8",
    )
    result = run("info", str(listing))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "  - Evil [2J]0;pwned title" in result.stdout
    assert result.stderr.startswith("paperwidgets: warning: ")
    assert all(line.startswith("paperwidgets: warning: ") for line in result.stderr.splitlines())


BIDI = "\u202egnp.exe\u202c \u2066hidden\u2069\u200b \u2067x\u2069 zero\ufeffwidth"


def test_bidi_overrides_and_invisible_characters_never_reach_the_terminal(tmp_path):
    """U+202E shows "exe.png" backwards; isolates, zero-width spaces and BOMs hide text."""
    listing = tmp_path / "listing.json"
    listing.write_text(f'[{{"title": "Report {BIDI}"}}]', encoding="utf-8")
    notes = paperwidgets.Notes(tmp_path / "notes.ipynb")
    notes.set({"id": f"x:{BIDI}", "title": f"T {BIDI}"}, note=f"line {BIDI}", tags=[f"t{BIDI}"])
    shown = run("info", str(listing)).stdout + run("notes", "show", str(notes.path)).stdout
    invisible = {ch for ch in BIDI if not ch.isprintable() or ch in "\u200b\ufeff"}
    assert not invisible & set(shown), shown
    assert "  - Report gnp.exe hidden x zerowidth" in shown
    assert "  | line gnp.exe hidden x zerowidth" in shown
    persian = "می\u200cخواهم"  # ZWNJ is part of the word
    notes.set({"id": "x:fa", "title": persian}, note="n")
    assert persian in run("notes", "show", str(notes.path)).stdout
