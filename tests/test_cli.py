"""The `paperwidgets` command, run as a user would: a subprocess."""

from __future__ import annotations

import subprocess
import sys

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


def test_info_on_a_non_listing_fails_with_the_file_name(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("just some text\nand more\n", encoding="utf-8")
    result = run("info", str(bad))
    assert result.returncode == 2
    assert str(bad) in result.stderr
    assert "not a paper listing" in result.stderr
    assert "Traceback" not in result.stderr
