"""Which records are one paper: within a file only a shared arXiv id or DOI merges; across
files the title too; ids that differ never merge; untitled records are shown by what they have."""

from __future__ import annotations

import pandas as pd
import pytest
from test_sources import FIXTURES, quiet_load

import paperwidgets


def test_distinct_entries_of_one_file_stay_distinct():
    """xampl.bib's -minimal/-full entries share titles but are separate entries."""
    corpus = quiet_load(FIXTURES / "bibtex/xampl.bib")
    keys = [extra["key"] for extra in corpus.papers["extra"]]
    assert {"article-minimal", "article-full", "inbook-minimal", "inbook-full"} <= set(keys)
    assert len(set(keys)) == len(keys) == 33
    full = corpus.papers.loc[[k == "article-full" for k in keys]].iloc[0]
    assert (
        full["title"] == corpus.papers.loc[[k == "article-minimal" for k in keys]].iloc[0]["title"]
    )
    assert corpus.papers["id"].is_unique


def test_ids_that_differ_never_merge_even_with_one_title():
    frame = pd.DataFrame({"id": ["scale:573", "scale-twin:573"], "title": ["Scaling laws"] * 2})
    assert list(quiet_load(frame).papers["id"]) == ["scale:573", "scale-twin:573"]


def test_one_doi_twice_in_a_file_is_one_paper_and_titles_merge_across_files():
    bib = (
        "@article{a, title={Same}, doi={10.1234/x}}\n@article{b, title={Other}, doi={10.1234/X}}\n"
    )
    assert len(quiet_load(bib)) == 1
    ris = "TY  - JOUR\nTI  - SAME\nER  - \n"
    corpus = quiet_load("@article{a, title={Same}, year=2020}\n", ris)
    assert len(corpus) == 1 and corpus.paper(0)["extra"]["key"] == "a"


def test_a_record_without_title_is_shown_by_its_doi_url_or_abstract():
    ris = (
        "TY  - JOUR\nDO  - 10.1186/s40981-020-0316-0\nER  - \n"
        "TY  - ELEC\nUR  - https://example.org/post\nER  - \n"
        "TY  - JOUR\nAB  - An abstract with enough words to show a start of it here.\nER  - \n"
        "TY  - JOUR\nAU  - Nobody\nER  - \n"
    )
    with pytest.warns(UserWarning, match="skipped 1 of 4 records that have no title, DOI"):
        corpus = paperwidgets.load(ris)
    assert list(corpus.papers["title"]) == [
        "doi:10.1186/s40981-020-0316-0",
        "https://example.org/post",
        "An abstract with enough words to show a start of it here.",
    ]
    assert all(extra["untitled"] for extra in corpus.papers["extra"])


def test_ris_falls_back_to_the_short_title_then_t2():
    ris = "TY  - JOUR\nST  - Short one\nER  - \nTY  - CHAP\nT2  - The book title\nER  - \n"
    assert list(quiet_load(ris).papers["title"]) == ["Short one", "The book title"]
