"""Readers on real files: every listing loads with its expected count (duplicates merged),
or fails with a LoadError that names the file and the record.

Permissively licensed files are committed under tests/fixtures/<format>/ byte for byte (see
tests/fixtures/README.md); the behaviours the others showed are tested on generated files
here. The others themselves (licence not stated or with added terms) are read from
$PAPERWIDGETS_REAL_DATA or ../shared/data/real; those two tests skip when it is absent.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import paperwidgets
from paperwidgets import LoadError

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(
    os.environ.get("PAPERWIDGETS_REAL_DATA")
    or Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
)


def quiet_load(*sources, **options) -> paperwidgets.Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return paperwidgets.load(*sources, **options)


# file -> papers: every distinct record of a file; merged within a file only on a shared arXiv
# id or DOI; records without a title kept when a DOI, arXiv id, URL or abstract shows them
COUNTS = {
    "bibtex/xampl.bib": 33,  # 36 entries: 3 with nothing to show (no title, DOI, URL…)
    "bibtex/biblatex-examples.bib": 89,  # 92 entries: 2 @set with nothing to show, 1 same DOI
    "bibtex/bbt-mendeley-export.bib": 508,  # 512 entries (61 repeated keys): 4 share a DOI
    "bibtex/bbt-issue664-string-macros.bib": 1,
    "arxiv-atom/arxivpy-2026-search-testing-start10.xml": 10,
    "arxiv-atom/arxivpy-old-search-au-del_maestro.xml": 10,
    "arxiv-atom/arxivpy-2026-idlist-not-found-empty.xml": 0,
    "hf-json/daily_papers_2024-06-14.json": 28,
    "hf-json/daily_papers_2025-03-17.json": 12,
    "ris/rispy-utf8-bom.ris": 1,  # no title, but a DOI shows it
    "ris/rispy-multiline-fields.ris": 3,  # no titles, but each has an abstract (N2)
    "ris/asreview-scopus-export.ris": 6,
    "ris/asreview-baseline-zotero-export.ris": 100,
    # 256 one-field items: 32 with nothing to show; the 128 with the one DOI are one paper
    "csl-json/manubot-manual-references.json": 97,
    "csl-json/bbt-issue811-dates.csl.json": 15,
    "csl-json/manubot-empty-date-parts.raw.json": 1,
    "csv/scopus-export.csv": 58,  # 58 rows: 4 ICCSA 2010 volumes share a title, still 4
}
SHARED_COUNTS = {
    "corpus/labeled/arxiv-labeled-part01.jsonl": 2228,
    "corpus/arxiv-daily-cs/2026-02-14.jsonl": 273,  # 353 lines, 273 unique arXiv ids
    "corpus/arxiv-daily-astro/2026-05-13_fetched.jsonl": 47,
    "corpus/csv-exports/zotero-csv-export.csv": 756,  # 840 rows: 84 with nothing to show
}
ERRORS = {
    "hf-json/MALFORMED_daily_papers_2024-12-26_python-repr-strings.json": (
        "item 1",
        "expected a paper object, found a str (a Python repr string?)",
    ),
    "arxiv-atom/arxivpy-2026-error-bad-id-http400.xml": (
        "entry 1",
        "arXiv API error: incorrect id format for abc",
    ),
}


def copied_fixtures() -> dict[str, str]:
    """The real files committed byte for byte, from tests/fixtures/SHA256SUMS: path -> sha256."""
    lines = (FIXTURES / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {path: digest for digest, path in (line.split(maxsplit=1) for line in lines)}


def test_copied_fixtures_are_unchanged():
    sums = copied_fixtures()
    assert len(sums) == 22
    for relative, digest in sums.items():
        assert hashlib.sha256((FIXTURES / relative).read_bytes()).hexdigest() == digest, relative


def test_copied_fixtures_are_the_shared_files_byte_for_byte():
    if not SHARED.exists():
        pytest.skip(f"{SHARED} (where the fixtures were copied from) is absent")
    for relative in copied_fixtures():
        original = SHARED / relative
        if relative.startswith("csv/"):
            original = SHARED / "corpus" / "csv-exports" / Path(relative).name
        assert (FIXTURES / relative).read_bytes() == original.read_bytes(), relative


@pytest.mark.parametrize(("relative", "count"), COUNTS.items())
def test_committed_file_loads_with_its_count(relative, count):
    corpus = quiet_load(FIXTURES / relative)
    assert len(corpus) == count
    assert corpus.papers["id"].is_unique
    assert set(corpus.papers["source"]) <= {str(FIXTURES / relative)}


def test_files_not_redistributable_load_with_their_counts():
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is absent: {', '.join(SHARED_COUNTS)} are not redistributable")
    counts = {relative: len(quiet_load(SHARED / relative)) for relative in SHARED_COUNTS}
    assert counts == SHARED_COUNTS


@pytest.mark.parametrize(("relative", "expected"), ERRORS.items())
def test_bad_file_is_a_load_error_naming_file_and_record(relative, expected):
    record, reason = expected
    path = FIXTURES / relative
    with pytest.raises(LoadError) as caught:
        paperwidgets.load(path)
    assert (caught.value.source, caught.value.record, caught.value.reason) == (
        str(path),
        record,
        reason,
    )
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    "name", ["nbformat-test4.5-cell-ids.ipynb", "anywidget-counter.ipynb", "nbformat-INVALID.ipynb"]
)
def test_a_notebook_is_not_a_listing(name):
    path = FIXTURES / "notebooks" / name
    with pytest.raises(LoadError, match=re.escape(f"{path}: not a paper listing in any known")):
        paperwidgets.load(path)


# --- what users see in the rows ----------------------------------------------------------------


def test_bibtex_accents_braces_macros_and_crossref():
    corpus = quiet_load(FIXTURES / "bibtex/biblatex-examples.bib")
    aksin = corpus.paper("Effect of immobilization on catalytic characteristics of saturated "
                         "Pd-N-heterocyclic carbenes in Mizoroki-Heck reactions")  # fmt: skip
    assert aksin["authors"][:4] == [
        "Özge Aksın",
        "Hayati Türkmen",
        "Levent Artok",
        "Bekir Çetinkaya",
    ]
    assert corpus.paper("Gromov invariants for holomorphic maps on Riemann surfaces")
    baez = corpus.paper("arxiv:math/0307200")
    assert (baez["title"], baez["pdf_url"]) == (
        "Higher-Dimensional Algebra V: 2-Groups",
        "https://arxiv.org/pdf/math/0307200",
    )


def test_bibtex_crossref_children_inherit_and_concatenated_strings_resolve():
    from paperwidgets.sources import bibtex

    text = (FIXTURES / "bibtex/xampl.bib").read_text(encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        by_key = {r["extra"]["key"]: r for r in bibtex.read(text, "xampl.bib")}
    assert by_key["book-crossref"]["extra"]["publisher"] == "Addison-Wesley"  # from whole-set
    assert by_key["book-crossref"]["published"] == "1981"  # {\noopsort{1973c}}1981
    assert by_key["article-crossref"]["extra"]["venue"] == "G-Animal's Journal"  # \mbox{…}
    assert by_key["inproceedings-crossref"]["extra"]["venue"] == (
        "Proc. Fifteenth Annual ACM Symposium on the Theory of Computing"  # "…" # STOC
    )


def test_bibtex_parentheses_comments_preamble_and_1000_authors():
    authors = " and ".join(f"Last{i}, First{i}" for i in range(1000))
    text = (
        '@preamble{"\\newcommand{\\noop}[1]{}"}\n@comment{not an entry}\n'
        '@article(k1, title = {The {GPU} of Schr\\"odinger}, author = {M\\"uller, J. and '
        "{National Aeronautics and Space Administration}}, year = 2020, month = mar)\n"
        f"@article{{k2, title = {{Big}}, author = {{{authors}}}}}\n"
    )
    corpus = paperwidgets.load(text)
    first = corpus.paper(0)
    assert (first["title"], first["authors"], first["published"][:7]) == (
        "The GPU of Schrödinger",
        ["J. Müller", "National Aeronautics and Space Administration"],
        "2020-03",
    )
    big = corpus.paper("Big")["authors"]
    assert (len(big), big[0], big[-1]) == (1000, "First0 Last0", "First999 Last999")


def test_bibtex_mendeley_repeated_keys_are_kept_then_merged():
    from paperwidgets.sources import bibtex

    text = (FIXTURES / "bibtex/bbt-mendeley-export.bib").read_text(encoding="utf-8")
    records = bibtex.read(text, "mendeley.bib")
    assert len(records) == 512  # 61 entries repeat a key (37 of them the empty key)
    assert [r["id"] for r in records if r["extra"].get("key") == "Milazzo2017"] == [
        "doi:10.1111/japp.12230"
    ] * 3
    corpus = paperwidgets.load(FIXTURES / "bibtex/bbt-mendeley-export.bib")
    assert corpus.paper("doi:10.1037/ppm0000281")["title"] == (
        "Fiction and morality: Investigating the associations between reading exposure, "
        "empathy, morality, and moral judgment"
    )


def test_arxiv_atom_legacy_and_2026_feeds():
    legacy = paperwidgets.load(FIXTURES / "arxiv-atom/arxivpy-old-search-au-del_maestro.xml")
    first = legacy.paper("arxiv:1201.4869")
    assert first["title"] == "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores"
    assert first["categories"] == ["cond-mat.mes-hall", "cond-mat.other"]
    assert first["extra"]["doi"] == "10.1142/S021797921244002X"
    assert first["extra"]["journal_ref"] == "Int. J. Mod. Phys. B, 26, 1244002 (2012)"
    assert first["extra"]["comment"] == "26 pages, 10 figures"
    new = paperwidgets.load(FIXTURES / "arxiv-atom/arxivpy-2026-search-testing-start10.xml")
    paper = new.paper("arxiv:2403.16981")
    assert paper["categories"] == ["math.ST", "cs.IT", "stat.ML"]
    assert paper["pdf_url"] == "https://arxiv.org/pdf/2403.16981v2"
    assert paper["authors"] == ["Ankit Pensia", "Varun Jog", "Po-Ling Loh"]


def test_hf_daily_papers_2024_and_2025_schemas():
    old = paperwidgets.load(FIXTURES / "hf-json/daily_papers_2024-06-14.json")
    depth = old.paper("arxiv:2406.09414")
    assert depth["title"] == "Depth Anything V2"
    assert depth["authors"][:2] == ["Lihe Yang", "Bingyi Kang"]
    assert depth["extra"] == {"upvotes": 45, "num_comments": 5}
    assert depth["published"] == "2024-06-13T17:59:56+00:00"
    new = paperwidgets.load(FIXTURES / "hf-json/daily_papers_2025-03-17.json")
    flowtok = new.paper("arxiv:2503.10772")
    assert flowtok["extra"]["github"] == "https://github.com/bytedance/1d-tokenizer/"
    assert "flow matching" in flowtok["extra"]["ai_keywords"]
    assert new.paper("arxiv:2503.07677")["title"] == (
        "PLADIS: Pushing the Limits of Attention in Diffusion Models at Inference Time by "
        "Leveraging Sparsity"
    )


def test_ris_crlf_continuation_lines_and_vendor_tags():
    zotero = paperwidgets.load(FIXTURES / "ris/asreview-baseline-zotero-export.ris")
    first = zotero.paper("doi:10.1038/s42256-020-00287-7")
    assert first["title"] == (
        "An open source machine learning framework for efficient and transparent systematic reviews"
    )
    assert first["authors"][0] == "van de Schoot, Rens"
    assert first["published"][:10] == "2021-02-01"
    scopus = paperwidgets.load(FIXTURES / "ris/asreview-scopus-export.ris")
    paper = scopus.paper("doi:10.1016/j.psyneuen.2019.104501")
    assert paper["abstract"].endswith("© 2019 Elsevier Ltd")  # N1 continuation lines stay out
    assert paper["extra"]["database"] == "Scopus"


def test_ris_junk_between_records_and_a_missing_final_er():
    text = (
        "Exported 2026\r\nTY  - JOUR\r\nTI  - First\r\nER  - \r\nrandom junk\r\n\r\n"
        "TY  - JOUR\r\nTI  - Second\r\n  continued\r\n"
    )
    assert [p["title"] for p in paperwidgets.load(text)] == ["First", "Second continued"]


def test_csl_json_dates_keep_the_precision_given():
    corpus = paperwidgets.load(FIXTURES / "csl-json/bbt-issue811-dates.csl.json")
    published = {p["title"]: p["published"] for p in corpus}
    assert published["EDTF date range, circa end: 2011-05-25/2012-06-26~"][:10] == "2011-05-25"
    assert published["The Politics of Film Canons: printemps 1985"][:4] == "1985"  # season
    assert published["open-ended date range test: 2014-12-31/"][:10] == "2014-12-31"
    assert published["BC tests: -0333"] is None
    empty = paperwidgets.load(FIXTURES / "csl-json/manubot-empty-date-parts.raw.json").paper(0)
    assert (empty["published"], empty["authors"][0]) == (None, "Alberto Pepe")


def test_csl_json_strips_jats_markup_but_not_maths():
    text = (
        '[{"type": "article-journal", "title": "H<sub>2</sub>O <i>in situ</i>", "abstract": '
        '"<jats:p>We show x<y and z>w &amp; more.</jats:p>", "DOI": "10.1/x"}]'
    )
    paper = paperwidgets.load(text).paper(0)
    assert (paper["title"], paper["abstract"]) == ("H2O in situ", "We show x<y and z>w & more.")


def test_jsonl_dumps_merge_duplicates_and_drop_versions(tmp_path):
    """The daily-arXiv dump schemas: a listed paper twice, versioned `_fetched` ids."""
    line = {"id": "2602.11433", "categories": ["cs.GR"], "title": "Filmsticking++",
            "authors": ["Pengfei Wang"], "summary": "Explicit surface reconstruction."}  # fmt: skip
    fetched = {"id": "2605.12222v1", "title": "HONKAI", "summary": "Infrared dark clouds.",
               "published": "2026-05-12T17:59:58Z", "authors": ["A. B."]}  # fmt: skip
    dump = tmp_path / "2026-02-14.jsonl"
    dump.write_text("\n".join(json.dumps(x) for x in (line, fetched, line)) + "\n")
    corpus = quiet_load(dump)
    assert list(corpus.papers["id"]) == ["arxiv:2602.11433", "arxiv:2605.12222"]
    assert corpus.paper("arxiv:2602.11433")["categories"] == ["cs.GR"]
    assert corpus.paper("arxiv:2605.12222")["published"][:10] == "2026-05-12"


ZOTERO_HEADER = ("Key,Item Type,Publication Year,Author,Title,Publication Title,ISBN,ISSN,DOI,"
                 "Url,Abstract Note,Date,Date Added,Date Modified,Access Date,Pages,Num Pages,"
                 "Issue,Volume,Manual Tags")  # fmt: skip


def test_zotero_csv_keeps_rows_a_doi_or_url_shows_and_counts_the_rest(tmp_path):
    """A Zotero "Export → CSV" (its header): notes and attachments rows have nothing to show."""
    rows = [
        'NXPETHCG,journalArticle,2020,"Avinadav, Tal",Revenue-sharing between developers,'
        "EJOR,,03772217,10.1016/j.ejor.2020.08.036,,,2020-08,,,,,,,,",
        "AAAA1111,note,,,,,,,,,,,,,,,,,,",
        "BBBB2222,attachment,,,,,,,,,,,,,,,,,,",
        "CCCC3333,webpage,2021,,,,,,,https://example.org/untitled,,,,,,,,,,",
    ]
    path = tmp_path / "My Library.csv"
    path.write_text("\ufeff" + "\n".join([ZOTERO_HEADER, *rows]) + "\n", encoding="utf-8")
    with pytest.warns(UserWarning) as caught:
        corpus = paperwidgets.load(path)
    messages = [str(w.message) for w in caught if "skipped" in str(w.message)]
    assert messages == [
        f"{path}: skipped 2 of 4 records that have no title, DOI, arXiv id, URL or abstract"
    ]
    assert corpus.paper("doi:10.1016/j.ejor.2020.08.036")["extra"]["export"] == "zotero"
    untitled = corpus.paper(1)
    assert untitled["title"] == "https://example.org/untitled"
    assert untitled["extra"]["untitled"] is True


def test_scopus_csv_is_recognised_by_its_header():
    corpus = quiet_load(FIXTURES / "csv/scopus-export.csv")
    namd = corpus.paper("doi:10.1002/jcc.20289")
    assert namd["title"] == "Scalable molecular dynamics with NAMD"
    assert namd["authors"][:2] == ["Phillips J.C.", "Braun R."]
    assert namd["extra"]["export"] == "scopus"


def test_any_csv_with_columns_and_a_dataframe_keep_their_ids():
    text = "Headline;Body;Ref\nA paper;Its abstract;p-1\nAnother;More;p-2\n"
    corpus = paperwidgets.load(text, columns={"title": "Headline", "abstract": "Body", "id": "Ref"})
    assert [(p["id"], p["abstract"]) for p in corpus] == [("p-1", "Its abstract"), ("p-2", "More")]
    frame = pd.DataFrame({"id": ["x1", "2401.00001v3"], "title": ["One", "Two"]})
    assert list(paperwidgets.load(frame).papers["id"]) == ["x1", "arxiv:2401.00001"]


def test_a_table_without_a_title_column_says_how_to_fix_it(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("Headline,Body\nA,B\n", encoding="utf-8")
    with pytest.raises(LoadError, match=re.escape("pass columns={'title': …}")):
        paperwidgets.load(path)


# --- merging, detection, errors ----------------------------------------------------------------


def test_sources_merge_by_doi_and_by_title_and_say_where_they_came_from():
    atom = FIXTURES / "arxiv-atom/arxivpy-old-search-au-del_maestro.xml"
    bib = (
        "@article{dm12, title = {A {L}uttinger liquid core inside helium-4 filled nanopores},\n"
        "  doi = {10.1142/S021797921244002X}, journal = {Int. J. Mod. Phys. B}, year = 2012}\n"
    )
    ris = (
        "TY  - JOUR\nTI  - A LUTTINGER LIQUID CORE INSIDE HELIUM-4 FILLED NANOPORES\n"
        "KW  - helium\nER  - \n"
    )
    corpus = paperwidgets.load(atom, bib, ris)
    assert len(corpus) == 10
    paper = corpus.paper("arxiv:1201.4869")
    assert paper["source"] == f"{atom}; <text>"
    assert paper["extra"]["venue"] == "Int. J. Mod. Phys. B"  # filled in from the BibTeX
    assert paper["extra"]["keywords"] == ["helium"]  # and from the RIS (merged by title)
    assert paper["title"] == "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores"


def test_same_title_with_different_dois_stays_two_papers():
    text = (
        "@article{a, title={Editorial}, doi={10.1000/a}}\n"
        "@article{b, title={Editorial}, doi={10.1000/b}}\n"
    )
    assert len(paperwidgets.load(text)) == 2


def test_content_wins_over_extension_and_format_forces_a_reader(tmp_path):
    path = tmp_path / "refs.txt"
    shutil.copy(FIXTURES / "bibtex/bbt-issue664-string-macros.bib", path)
    assert paperwidgets.load(path).paper(0)["id"] == "doi:10.1016/j.jce.2003.09.003"
    with pytest.raises(LoadError, match="no RIS records"):
        paperwidgets.load(path, format="ris")
    with pytest.raises(ValueError, match="unknown format 'word'"):
        paperwidgets.load(path, format="word")


@pytest.mark.parametrize(
    ("content", "record", "reason"),
    [
        (b'[{"paper": {"id": "1"}', "line 1 column 23", "not valid JSON"),
        (
            b'{"id": "1", "title": "A"}\n{"id": "2", "title": "B"}\n{"id": "3",\n',
            "line 3",
            "not a JSON object",
        ),
        (b"@article{k, title = {unclosed\n", "line 1", "unreadable BibTeX block"),
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>',
            "line 1 column 49",
            "not well-formed XML",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "not a text file"),
        (b"", None, "empty"),
    ],
)
def test_errors_name_the_file_and_the_record(tmp_path, content, record, reason):
    path = tmp_path / "listing.dat"
    path.write_bytes(content)
    with pytest.raises(LoadError) as caught:
        paperwidgets.load(path)
    assert caught.value.source == str(path)
    assert caught.value.record == record
    assert caught.value.reason.startswith(reason)


def test_windows_1252_text_is_read_with_a_warning(tmp_path):
    path = tmp_path / "endnote.ris"
    path.write_bytes(
        "TY  - JOUR\r\nTI  - Café society\r\nAU  - Müller, J.\r\nER  - \r\n".encode("cp1252")
    )
    with pytest.warns(UserWarning, match="read as Windows-1252"):
        paper = paperwidgets.load(path).paper(0)
    assert (paper["title"], paper["authors"]) == ("Café society", ["Müller, J."])


IEEE_HEADER = (
    '"Document Title","Authors","Author Affiliations","Publication Title","Date Added To Xplore",'
    '"Publication Year","Volume","Issue","Start Page","End Page","Abstract","ISSN","ISBNs","DOI",'
    '"Funding Information","PDF Link","Author Keywords","IEEE Terms","Mesh_Terms",'
    '"Article Citation Count","Patent Citation Count","Reference Count","License","Online Date",'
    '"Issue Date","Meeting Date","Publisher","Document Identifier"\n'
)
SPRINGER_HEADER = (
    "Item Title,Publication Title,Book Series Title,Journal Volume,Journal Issue,Item DOI,"
    "Authors,Publication Year,URL,Content Type\n"
)
ARXIV_DUMP = (  # the arXiv metadata snapshot (Kaggle): authors as LaTeX text and parsed
    '{"id": "0704.0001", "authors": "C. Bal\\\\\'azs, E. L. Berger", "title": "Calculation of '
    'prompt diphoton production\\n  cross sections", "doi": "10.1103/PhysRevD.76.013009", '
    '"categories": "hep-ph hep-ex", "abstract": "  A fully differential calculation.\\n", '
    '"update_date": "2008-11-13", "authors_parsed": [["Bal\\u00e1zs", "C.", ""], '
    '["Berger", "E. L.", ""]]}\n'
    '{"id": "math/0309136", "title": "Old style", "categories": "math.AG", "authors": '
    '"A. Bee, C. Dee and E. Eff", "authors_parsed": []}\n'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            IEEE_HEADER + '"Deep Nets","A. Smith; B. Jones","MIT","IEEE Trans. X","2020-01-07",'
            '"2020","1","2","1","9","We study nets.","1234","","10.1109/TX.2020.1234567","",'
            '"https://ieeexplore.ieee.org/stamp/stamp.jsp?arnumber=1","nets;deep","","","3","",'
            '"40","IEEE","7 Jan 2020","Jan. 2020","","IEEE","IEEE Journals"\n',
            [("doi:10.1109/tx.2020.1234567", "Deep Nets", ["A. Smith", "B. Jones"], [])],
        ),
        (
            SPRINGER_HEADER + "Graph things,J. Graphs,,12,3,10.1007/s10000-020-00001-1,"
            "Ann Bee,2020,https://link.springer.com/article/10.1007/s10000-020-00001-1,Article\n",
            [("doi:10.1007/s10000-020-00001-1", "Graph things", ["Ann Bee"], [])],
        ),
        (
            ARXIV_DUMP,
            [
                (
                    "arxiv:0704.0001",
                    "Calculation of prompt diphoton production cross sections",
                    ["C. Balázs", "E. L. Berger"],
                    ["hep-ph", "hep-ex"],
                ),
                ("arxiv:math/0309136", "Old style", ["A. Bee", "C. Dee", "E. Eff"], ["math.AG"]),
            ],
        ),
        (  # DataFrame.to_json(orient="records")
            '[{"id": "p1", "title": "A", "authors": ["P Q"], "categories": ["cs.LG"]}]',
            [("p1", "A", ["P Q"], ["cs.LG"])],
        ),
        (  # a flat 2026 Hugging Face paper object with the AI fields
            '[{"id": "2601.00001", "title": "Flat", "summary": "S", "upvotes": 3, '
            '"ai_summary": "AI says", "authors": ["Ann Bee", {"name": "Cee Dee"}]}]',
            [("arxiv:2601.00001", "Flat", ["Ann Bee", "Cee Dee"], [])],
        ),
    ],
    ids=["ieee-xplore-csv", "springer-csv", "arxiv-dump-jsonl", "json-records", "hf-flat"],
)
def test_other_exports_by_their_shape(text, expected):
    corpus = paperwidgets.load(text)
    assert [(p["id"], p["title"], p["authors"], p["categories"]) for p in corpus] == expected


def test_bibtex_urls_and_dois_are_identifiers_not_latex():
    text = (
        "@misc{u, title = {Caf\\'e}, url = {https://ex.org/a\\_b%2Fc?x=1\\&y=2},\n"
        "  doi = {10.1000/a\\_b}}\n"
    )
    paper = paperwidgets.load(text).paper(0)
    assert (paper["title"], paper["url"], paper["id"]) == (
        "Café",
        "https://ex.org/a_b%2Fc?x=1&y=2",  # '%' is not a LaTeX comment here
        "doi:10.1000/a_b",
    )


def test_bibtex_long_abstract_decodes_only_what_needs_it():
    plain = "A plain sentence with {Braces} and $x_1$ maths. " * 12
    text = f'@article{{a, title = {{T}}, abstract = {{{plain}We cite Schr\\"odinger.}}}}\n'
    abstract = paperwidgets.load(text).paper(0)["abstract"]
    assert (
        abstract == ("A plain sentence with Braces and $x_1$ maths. " * 12) + "We cite Schrödinger."
    )


MEDLINE = """
PMID- 31234567
OWN - NLM
TI  - Stress and the brain-gut axis: a
      transdisciplinary challenge.
LID - 10.1016/j.psyneuen.2019.104501 [doi]
AB  - The broad role of stress is
      widely acknowledged.
FAU - Labanski, Alexandra
AU  - Labanski A
FAU - Langhorst, Jost
DP  - 2020 Jan
JT  - Psychoneuroendocrinology

PMID- 30000001
TI  - Second record
DP  - 2018 Mar 15
"""
WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Smith, J
   Doe, A
AF Smith, John
   Doe, Anne
TI A title that
   continues
SO JOURNAL OF THINGS
DI 10.1000/abc
PY 2019
ER

EF
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            MEDLINE,
            [
                (
                    "doi:10.1016/j.psyneuen.2019.104501",
                    "Stress and the brain-gut axis: a transdisciplinary challenge.",
                    ["Labanski, Alexandra", "Langhorst, Jost"],
                    "2020-01-01T00:00:00+00:00",
                ),
                ("title:second-record", "Second record", [], "2018-03-15T00:00:00+00:00"),
            ],
        ),
        (
            WOS,
            [
                (
                    "doi:10.1000/abc",
                    "A title that continues",
                    ["Smith, John", "Doe, Anne"],
                    "2019-01-01T00:00:00+00:00",
                )
            ],
        ),
    ],
    ids=["pubmed-medline-nbib", "web-of-science-plain-text"],
)
def test_pubmed_and_web_of_science_exports(text, expected):
    corpus = paperwidgets.load(text)
    assert [(p["id"], p["title"], p["authors"], p["published"]) for p in corpus] == expected
