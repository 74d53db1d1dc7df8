"""The Daily Papers page text: the first listing users load (examples/daily_papers.txt)."""

from __future__ import annotations

import re

import pytest

import paperwidgets as pw


def _pairs_in_file(path) -> list[tuple[str, str]]:
    """(title, abstract) pairs read independently of the reader: every line after 'Mar 21'."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = lines[lines.index("Mar 21") + 1 :]
    return list(zip(body[::2], body[1::2], strict=True))


def test_listing_has_101_papers_exactly_as_in_the_file(daily_papers_path):
    corpus = pw.load(daily_papers_path)
    pairs = _pairs_in_file(daily_papers_path)
    assert len(corpus) == len(pairs) == 101
    assert list(corpus.papers["title"]) == [t for t, _ in pairs]
    assert list(corpus.papers["abstract"]) == [a for _, a in pairs]


def test_unicode_title_is_kept(daily_papers_path):
    corpus = pw.load(daily_papers_path)
    paper = corpus.paper("TÜLU 3: Pushing Frontiers in Open Language Model Post-Training")
    assert paper["title"].startswith("TÜLU 3")
    assert 'T\\"ULU 3' in paper["abstract"]  # the abstract's LaTeX is left as written


def test_ids_are_unique_and_stable_across_loads(daily_papers_path):
    first = pw.load(daily_papers_path).papers["id"]
    again = pw.load(daily_papers_path.read_text(encoding="utf-8")).papers["id"]
    assert first.is_unique
    assert list(first) == list(again)
    assert first[3] == "title:tulu-3-pushing-frontiers-in-open-language-model-post-training"
    assert all(re.fullmatch(r"title:[a-z0-9-]+", pid) for pid in first)


def test_columns_of_the_papers_frame(daily_papers_path):
    papers = pw.load(daily_papers_path).papers
    for column in ("id", "title", "authors", "abstract", "published", "url", "source"):
        assert column in papers.columns
    assert papers["source"].iloc[0].endswith("daily_papers.txt")
    assert papers["extra"].iloc[0]["listed"] == "Mar 21"


def test_pasted_text_loads_like_the_file(daily_papers_path):
    text = daily_papers_path.read_text(encoding="utf-8")
    corpus = pw.load(text)
    assert len(corpus) == 101
    assert corpus.papers["source"].iloc[0] == "<text>"


@pytest.mark.parametrize(
    "key",
    [
        0,
        -101,
        "JARVIS-VLA: Post-Training Large-Scale Vision Language "
        "Models to Play Visual Games with Keyboards and Mouse",
    ],
)
def test_a_paper_is_found_by_position_title_or_id(daily_papers_path, key):
    corpus = pw.load(daily_papers_path)
    paper = corpus.paper(key)
    assert paper["title"].startswith("JARVIS-VLA")
    assert corpus.paper(paper["id"]) == paper


def test_unknown_paper_is_a_clear_error(daily_papers_path):
    corpus = pw.load(daily_papers_path)
    with pytest.raises(KeyError, match="no paper with id or title 'nope'"):
        corpus.paper("nope")
    with pytest.raises(IndexError, match="outside this corpus of 101 papers"):
        corpus.paper(101)


def test_a_python_file_is_not_a_listing():
    source = pw.__file__
    with pytest.raises(pw.LoadError, match=re.escape(source)) as err:
        pw.load(source)
    assert isinstance(err.value, ValueError)
    assert "not a paper listing" in str(err.value)


def test_a_cut_listing_names_the_line(tmp_path, daily_papers_path):
    lines = daily_papers_path.read_text(encoding="utf-8").splitlines()
    last_title = max(i for i, line in enumerate(lines) if line.strip() and len(line) < 200)
    cut = tmp_path / "cut.txt"
    cut.write_text("\n".join(lines[: last_title + 1]) + "\n", encoding="utf-8")
    where = rf"cut\.txt, line {last_title + 1}: title .* no abstract"
    with pytest.raises(pw.LoadError, match=where):
        pw.load(cut)


def test_missing_file_and_directory_are_clear_errors(tmp_path):
    with pytest.raises(pw.LoadError, match="no such file"):
        pw.load(tmp_path / "missing.txt")
    with pytest.raises(pw.LoadError, match="is a directory"):
        pw.load(tmp_path)
