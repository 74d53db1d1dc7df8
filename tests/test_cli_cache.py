"""`paperwidgets cache` and `paperwidgets cache clear`, run as a user would: subprocesses.

A kernel-like process builds a similarity index and a map layout into a fresh
$PAPERWIDGETS_CACHE; the command shows them, clears them, and the next process rebuilds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import one_error_line

# a notebook's work: neighbours (index) and the map's layout, counting what had to be built
KERNEL = """
import json, sys
import paperwidgets
from paperwidgets.similarity import build as similarity_build
from paperwidgets.similarity import cache as similarity_cache
from paperwidgets.similarity import layout
similarity_cache.CACHE_ABOVE = 0  # store even a daily listing's index
built = {"index": 0, "layouts": 0}
count_corpus, computed = similarity_build.count_corpus, layout._computed
def counting_index(*args, **kwargs):
    built["index"] += 1
    return count_corpus(*args, **kwargs)
def counting_layout(*args, **kwargs):
    built["layouts"] += 1
    return computed(*args, **kwargs)
similarity_build.count_corpus, layout._computed = counting_index, counting_layout
corpus = paperwidgets.load(sys.argv[1])
neighbours = corpus.neighbours(5, k=5)["id"].tolist()
xy = layout.corpus_layout(corpus.similarity).round(4).tolist()
print(json.dumps({"built": built, "neighbours": neighbours, "xy": xy}))
"""


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """A fresh cache folder and home (the cache's HMAC key lives in ~/.config)."""
    return {**os.environ, "PAPERWIDGETS_CACHE": str(tmp_path / "cache"), "HOME": str(tmp_path)}


def command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "paperwidgets", *args],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip


def kernel(env: dict[str, str], listing: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", KERNEL, str(listing)],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def shown(env: dict[str, str]) -> dict[str, str]:
    """`paperwidgets cache` as {kind: its line}, after checking where it says the cache is."""
    result = command(env, "cache")
    assert result.returncode == 0, result.stderr
    head, *lines = result.stdout.splitlines()
    assert head == f"cache: {env['PAPERWIDGETS_CACHE']} ($PAPERWIDGETS_CACHE)"
    return {line.split()[0]: line for line in lines}


def entries(env: dict[str, str], kind: str) -> list[Path]:
    return sorted((Path(env["PAPERWIDGETS_CACHE"]) / kind).glob("*.pwc"))


@pytest.mark.slow
def test_cache_shows_clears_and_the_next_load_rebuilds(env, daily_papers_path):
    first = kernel(env, daily_papers_path)
    assert first["built"] == {"index": 1, "layouts": 1}
    assert len(entries(env, "index")) == len(entries(env, "layouts")) == 1
    lines = shown(env)
    assert lines["index"].split()[1:3] == ["1", "file"]
    assert lines["layouts"].split()[1:3] == ["1", "file"]
    assert lines["embeddings"].split()[1:3] == ["0", "files"]
    size = os.path.getsize(entries(env, "index")[0])
    assert lines["index"].endswith(" KB") and float(lines["index"].split()[3]) == round(
        size / 1000, 1
    )
    assert lines["total"].split()[1:3] == ["2", "files"]
    assert kernel(env, daily_papers_path)["built"] == {"index": 0, "layouts": 0}  # reused

    cleared = command(env, "cache", "clear")
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stdout.startswith("removed 2 files (index, embeddings, layouts) from ")
    assert entries(env, "index") == entries(env, "layouts") == []
    assert shown(env)["total"].split()[1:3] == ["0", "files"]

    again = kernel(env, daily_papers_path)
    assert again["built"] == {"index": 1, "layouts": 1}  # nothing left to reuse: rebuilt
    assert again["neighbours"] == first["neighbours"] and again["xy"] == first["xy"]
    assert len(entries(env, "index")) == 1


FEED = (
    "from paperwidgets.feeds import cache\n"
    "cache.put('https://huggingface.co/api/daily_papers', '[]', ['arxiv:2503.16365'])"
)


@pytest.mark.slow
def test_clear_one_kind_keeps_the_others_and_feeds_stay(env, daily_papers_path):
    kernel(env, daily_papers_path)
    subprocess.run([sys.executable, "-c", FEED], env=env, check=True, timeout=60)
    assert "(kept by `cache clear`)" in shown(env)["feeds"]
    cleared = command(env, "cache", "clear", "index")
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stdout.startswith("removed 1 file (index) from ")
    assert entries(env, "index") == [] and len(entries(env, "layouts")) == 1
    assert kernel(env, daily_papers_path)["built"] == {"index": 1, "layouts": 0}
    command(env, "cache", "clear")
    feeds = shown(env)["feeds"].split()
    assert feeds[1] != "0" and feeds[2] in ("file", "files")  # today's feeds stay cached


def test_an_empty_or_missing_cache_is_shown_and_cleared_quietly(env):
    lines = shown(env)  # nothing has been cached yet: the folder does not exist
    assert set(lines) == {"index", "embeddings", "layouts", "feeds", "total"}
    assert all(line.split()[1] == "0" for line in lines.values())
    cleared = command(env, "cache", "clear")
    assert cleared.returncode == 0 and cleared.stdout.startswith("removed 0 files")
    assert cleared.stderr == ""


def test_bad_kinds_and_a_cache_that_is_a_file_are_one_line_each(env, tmp_path):
    line = one_error_line(command(env, "cache", "clear", "indexes"))
    assert line == (
        "paperwidgets: error: no cache kind 'indexes' (choose from index, embeddings, layouts)"
    )
    not_a_folder = tmp_path / "cache-file"
    not_a_folder.write_text("not a folder")
    env["PAPERWIDGETS_CACHE"] = str(not_a_folder)
    line = one_error_line(command(env, "cache"))
    assert line == f"paperwidgets: error: {not_a_folder}: the cache folder is not a folder"
    assert not_a_folder.read_text() == "not a folder"
    assert one_error_line(command(env, "cache", "clear")) == line
