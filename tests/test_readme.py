"""Every Python example in the README runs, in order, as a reader would paste them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def readme_blocks() -> list[str]:
    return BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def test_readme_has_examples():
    assert len(readme_blocks()) >= 4


def test_readme_examples_run(tmp_path, monkeypatch):
    """Run in a scratch folder holding a copy of examples/ (the README's paths)."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PAPERWIDGETS_CACHE", str(tmp_path / "cache"))
    namespace: dict = {}
    for number, block in enumerate(readme_blocks(), 1):
        try:
            exec(compile(block, f"README.md python block {number}", "exec"), namespace)
        except Exception as err:  # name the block that broke
            pytest.fail(f"README block {number} failed: {err!r}\n{block}")


ROW = re.compile(r"^\| `([\w./-]+)` \| (\d+) \| (\d+) \|", re.M)


def test_the_readme_table_of_fixture_counts_is_what_loading_gives():
    import warnings

    import paperwidgets as pw

    rows = ROW.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(rows) >= 7
    for path, _records, papers in rows:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert len(pw.load(ROOT / "tests" / "fixtures" / path)) == int(papers), path
