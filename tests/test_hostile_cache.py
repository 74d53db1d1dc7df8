"""Caches sign or refuse (issue 22): the HMAC key must be this user's own 0600 file with enough
bytes, else no cache is read or written and one warning says why; a planted entry (FIFO,
folder, a header claiming gigabytes, a 100k-deep header, a forged index) is a miss in a fresh
kernel, under a memory cap, never a hang or crash; the feeds cache is signed too; and
`paperwidgets cache clear` deletes only our own entry files."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import numpy as np
import pytest
from capped import CATCH, run_capped

import paperwidgets
from paperwidgets import cache
from paperwidgets.cli import main
from paperwidgets.similarity import cache as similarity_cache
from paperwidgets.similarity import layout


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """A home of our own (the key lives there), a fresh cache folder, every index stored."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PAPERWIDGETS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(similarity_cache, "CACHE_ABOVE", 0)
    monkeypatch.setattr(layout, "_CACHE", {})
    monkeypatch.setattr(cache, "_WARNED", set())
    return home


def neighbours(path: Path) -> list[str]:
    return paperwidgets.load(path).neighbours(0, k=5)["title"].tolist()


def entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").rglob("*.pwc"))


def test_the_key_is_made_once_as_a_private_file_and_entries_are_stored(
    tmp_path, home, daily_papers_path
):
    neighbours(daily_papers_path)
    key = home / ".config" / "paperwidgets" / "cache-key"
    assert oct(key.stat().st_mode & 0o777) == "0o600" and key.stat().st_size == 32
    assert len(entries(tmp_path)) == 1
    again = key.read_bytes()
    neighbours(daily_papers_path)
    assert key.read_bytes() == again


def bad_key(kind: str, home: Path) -> str:
    """Spoil the key (or where it goes) one way; what the warning says about it."""
    folder = home / ".config" / "paperwidgets"
    key = folder / "cache-key"
    if kind == "no writable home":
        (home / ".config").write_text("a file where the folder should be")
        return "cannot be made"
    folder.mkdir(parents=True)
    if kind == "empty":
        key.touch(mode=0o600)
        return "is shorter than 32 bytes"
    if kind == "short":
        key.write_bytes(b"paperwidgets-cache")
        key.chmod(0o600)
        return "is shorter than 32 bytes"
    if kind == "readable by others":
        key.write_bytes(os.urandom(32))
        key.chmod(0o644)
        return "is readable by others (mode 644"
    if kind == "a symlink":
        elsewhere = home / "key"
        elsewhere.write_bytes(os.urandom(32))
        elsewhere.chmod(0o600)
        key.symlink_to(elsewhere)
        return "is a symbolic link"
    key.write_bytes(os.urandom(32))
    key.chmod(0o600)
    os.chown(key, 65534, 65534)  # nobody
    return "belongs to another user"


BAD_KEYS = ["no writable home", "empty", "short", "readable by others", "a symlink"]
if os.getuid() == 0:
    BAD_KEYS.append("another user's")


@pytest.mark.parametrize("kind", BAD_KEYS)
def test_without_a_usable_key_no_cache_is_used_and_one_warning_says_why(
    tmp_path, home, daily_papers_path, kind
):
    reason = bad_key(kind, home)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = neighbours(daily_papers_path)
        assert neighbours(daily_papers_path) == first  # still works, only slower
    assert entries(tmp_path) == [], "nothing stored under a constant, empty or foreign key"
    said = [str(w.message) for w in caught if "caches are off" in str(w.message)]
    assert len(said) == 1, said
    assert "cache-key" in said[0] and reason in said[0]


PLANTED = (
    CATCH
    + """
import paperwidgets
from paperwidgets.similarity import cache as similarity_cache
similarity_cache.CACHE_ABOVE = 0
attempt(lambda: paperwidgets.load(sys.argv[1]).neighbours(0, k=5)["title"].tolist())
"""
)


def plant(kind: str, entry: Path) -> None:
    """Replace a good index entry by a hostile one of this kind."""
    entry.unlink()
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "folder":
        entry.mkdir()
    elif kind == "header claiming 2.5 GB (sparse)":
        with entry.open("wb") as out:
            out.write(cache.MAGIC + int(2.5e9).to_bytes(8, "little") + b'{"key": ')
            out.truncate(3_000_000_000)
    elif kind == "100k-deep header":
        header = b"[" * 100_000 + b"]" * 100_000
        entry.write_bytes(cache.MAGIC + len(header).to_bytes(8, "little") + header + b"0" * 128)
    else:  # the old format's constant key: what anyone could forge before
        entry.write_bytes(b"PWCACHE1" + b"\0" * 100)


@pytest.mark.parametrize(
    "kind",
    ["fifo", "folder", "header claiming 2.5 GB (sparse)", "100k-deep header", "old format"],
)
def test_a_planted_entry_is_a_miss_in_a_fresh_kernel_under_a_memory_cap(
    tmp_path, home, daily_papers_path, kind
):
    expected = neighbours(daily_papers_path)
    (entry,) = entries(tmp_path)
    plant(kind, entry)
    for _kernel in range(2):  # and it does not break the next kernel either
        found = run_capped(PLANTED, str(daily_papers_path), timeout=180)
        assert found == {**found, "ok": True, "value": expected}, found
    if kind == "folder":  # not a file of ours: left alone, a miss every time
        assert entry.is_dir()
    else:  # replaced by the rebuilt, signed entry
        assert entry.is_file() and not entry.is_symlink()
        assert entry.read_bytes().startswith(cache.MAGIC) and entry.stat().st_size > 1000


def test_a_forged_index_with_out_of_range_columns_is_rebuilt(tmp_path, daily_papers_path):
    """Even signed with the user's key (a bug, a stolen key), an index whose numbers point
    outside its matrix is refused: neighbours stay right instead of silently empty."""
    expected = neighbours(daily_papers_path)
    corpus = paperwidgets.load(daily_papers_path)
    settings = corpus.similarity.settings
    meta = similarity_cache._meta(corpus.similarity.fingerprint(), len(corpus), settings)
    key = similarity_cache._key(meta)
    arrays = {k: np.array(v) for k, v in cache.load("index", key, meta).items()}
    arrays["rows_indices"][:] = 10**8
    assert cache.store("index", key, meta, arrays)
    assert similarity_cache.load_index(meta["fingerprint"], len(corpus), settings) is None
    assert neighbours(daily_papers_path) == expected


def test_cache_clear_deletes_only_our_entry_files_in_a_shared_folder(tmp_path, daily_papers_path):
    site = tmp_path / "cache"
    corpus = paperwidgets.load(daily_papers_path)
    corpus.neighbours(0)
    layout.corpus_layout(corpus.similarity)
    ours = entries(tmp_path)
    assert len(ours) == 2
    for name, text in [("layouts/base.html", "<html>"), ("index/README.md", "# site"),
                       ("index/notes.pwc", "named like an entry, not one")]:  # fmt: skip
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    outside = tmp_path / "precious.pwc"
    outside.write_bytes(cache.MAGIC + b"looks like ours, lives elsewhere")
    (site / "index" / "link.pwc").symlink_to(outside)
    assert main(["cache", "clear"]) == 0
    assert not any(path.exists() for path in ours)
    assert (site / "layouts/base.html").read_text() == "<html>"
    assert (site / "index/README.md").read_text() == "# site"
    assert (site / "index/notes.pwc").read_text() == "named like an entry, not one"
    assert (site / "index/link.pwc").is_symlink() and outside.exists()


def test_a_killed_writers_temp_entry_is_cleared(tmp_path, daily_papers_path):
    neighbours(daily_papers_path)
    temp = tmp_path / "cache" / "index" / ".tmp-abcd1234.pwc"
    temp.write_bytes(b"")  # killed before writing anything
    assert cache.clear_caches() == 2
    assert not temp.exists()


# --- the feeds cache -----------------------------------------------------------------------

URL = "https://huggingface.co/api/daily_papers?date=2025-03-17"


def body_file(url: str) -> Path:
    from paperwidgets.feeds import cache as feeds_cache

    return feeds_cache.root() / feeds_cache.today().isoformat() / f"{feeds_cache.key(url)}.body"


def test_a_planted_or_moved_feed_response_is_never_served(tmp_path):
    from paperwidgets.feeds import cache as feeds_cache

    feeds_cache.put(URL, "[]", [])
    assert feeds_cache.get(URL) == (URL, "[]")
    path = body_file(URL)
    path.write_text(json.dumps([{"paper": {"id": "2501.00001", "title": "Planted"}}]))
    assert feeds_cache.get(URL) is None, "an unsigned body is not served"
    assert not path.exists(), "and the bad copy of ours is removed"
    other = "https://huggingface.co/api/daily_papers?date=2025-03-18"
    feeds_cache.put(other, '[{"planted": 1}]', [])
    body_file(other).rename(body_file(URL))  # a signed body, moved to another URL's name
    assert feeds_cache.get(URL) is None
    assert feeds_cache.latest(URL) is None
    assert feeds_cache.seen_before() == set()


FEED_FIFO = (
    CATCH
    + """
from paperwidgets.feeds import cache
attempt(lambda: [cache.get(sys.argv[1]), sorted(cache.seen_before())])
"""
)


def test_a_fifo_in_the_feeds_cache_does_not_hang(tmp_path):
    path = body_file(URL)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    os.mkfifo(path.with_name("x.ids.json"))
    found = run_capped(FEED_FIFO, URL, timeout=60)
    assert found["ok"] and found["value"] == [None, []]
    assert path.exists(), "a FIFO is not ours to remove"
