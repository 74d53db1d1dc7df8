"""PRISMA 2020 counts from the sources read and a screening log, against a hand count."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperwidgets import Notes
from paperwidgets.screening import AuditLog, Event, identify, prisma

FIXTURES = Path(__file__).parent / "fixtures" / "ris"
SCOPUS = FIXTURES / "asreview-scopus-export.ris"  # 6 records, each with a DOI
ZOTERO = FIXTURES / "asreview-baseline-zotero-export.ris"  # 100 records

# a third database's export: 3 of its 5 records are already in the Scopus export
PUBMED = """TY  - JOUR
TI  - Exercise influence on the microbiome-gut-brain axis (PubMed's copy)
DO  - 10.1080/19490976.2018.1562268
ER  -
TY  - JOUR
TI  - Role of brain imaging in disorders of brain-gut interaction: A Rome Working Team Report
ER  -
TY  - JOUR
TI  - Stress and the brain-gut axis
DO  - 10.1016/J.PSYNEUEN.2019.104501
ER  -
TY  - JOUR
TI  - Gut feelings: a first new record
ER  -
TY  - JOUR
TI  - A second new record on the gut-brain axis
ER  -
"""


@pytest.fixture()
def sources(tmp_path: Path) -> list[Path]:
    pubmed = tmp_path / "pubmed-export.ris"
    pubmed.write_text(PUBMED)
    return [SCOPUS, ZOTERO, pubmed]


def test_duplicates_across_databases_are_removed_and_counted(sources):
    found = identify(*sources)
    assert list(found.sources.values()) == [6, 100, 5]
    assert found.identified == 111
    # by DOI (one written in capitals) and by the same title without a DOI
    assert found.duplicates == 3 and len(found.corpus) == 108
    merged = found.corpus.papers.set_index("id").loc["doi:10.1080/19490976.2018.1562268"]
    assert "pubmed-export.ris" in merged["source"] and "scopus" in merged["source"]


def screening_log(ids: list[str]) -> AuditLog:
    log = AuditLog()
    decide = [
        ("include", ""), ("include", ""), ("include", ""),
        ("exclude", "wrong population"), ("exclude", "wrong population"),
        ("exclude", "wrong population"), ("exclude", "not a trial"), ("exclude", ""),
        ("maybe", ""), ("exclude", "not a trial"),
    ]  # fmt: skip
    for record, (decision, reason) in zip(ids, decide, strict=False):
        log.append(Event(record, decision, reason=reason, mode="model"))
    log.append(Event(ids[9], "include", mode="chosen"))  # was "not a trial", now included
    log.append(Event(ids[10], "exclude", reason="wrong population", mode="model"))
    log.append(Event(ids[10], "undo"))  # taken back: not screened
    return log


def test_prisma_counts_match_a_hand_count(sources):
    found = identify(*sources)
    log = screening_log(list(found.corpus.papers["id"]))
    counts = prisma(log, found)
    # hand count: records 0-9 decided; 9 changed from exclude to include; 10 undone
    assert dict(counts.identified) == {str(p): n for p, n in zip(sources, [6, 100, 5], strict=True)}
    assert counts.duplicates == 3
    assert counts.screened == 10
    assert counts.included == 4  # 0, 1, 2 and 9
    assert counts.excluded == 5  # 3, 4, 5, 6, 7
    assert dict(counts.reasons) == {"wrong population": 3, "not a trial": 1, "no reason given": 1}
    assert counts.maybe == 1
    assert counts.not_screened == 108 - 10
    frame = counts.to_frame()
    assert list(frame.columns) == ["stage", "detail", "records"]
    assert frame.loc[frame["stage"] == "identified", "records"].sum() == 111
    assert frame.loc[frame["detail"] == "wrong population", "records"].item() == 3


def test_prisma_markdown_is_a_table_and_keeps_text_as_text():
    log = AuditLog()
    log.append(Event("a", "include", mode="model"))
    log.append(Event("b", "exclude", reason="<script>alert(1)</script> | not\nhuman", mode="model"))
    markdown = prisma(log, records=3).to_markdown()
    assert markdown == (
        "| PRISMA 2020 | | records |\n"
        "|---|---|---:|\n"
        "| identified | records | 3 |\n"
        "| duplicates removed |  | 0 |\n"
        "| not screened |  | 1 |\n"
        "| screened |  | 2 |\n"
        "| excluded |  | 1 |\n"
        "| excluded | &lt;script&gt;alert(1)&lt;/script&gt; \\| not human | 1 |\n"
        "| maybe (undecided) |  | 0 |\n"
        "| included |  | 1 |\n"
    )


def test_a_log_that_decides_more_records_than_were_read_is_refused():
    log = AuditLog()
    for record in "abc":
        log.append(Event(record, "exclude", mode="model"))
    with pytest.raises(ValueError, match="decides 3 records, more than the 2 read"):
        prisma(log, records=2)


def test_pasted_text_and_tables_are_named_by_their_place_and_a_bad_file_is_a_load_error(
    tmp_path,
):
    import pandas as pd

    from paperwidgets.errors import LoadError

    table = pd.DataFrame({"title": ["Stress and the brain-gut axis", "Something else"]})
    found = identify(PUBMED, table, PUBMED)
    assert dict(found.sources) == {"source 1": 5, "source 2": 2, "source 3": 5}
    assert found.duplicates == 6  # the same export twice, and one title shared with it
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(LoadError, match="is a directory"):
        identify(folder)


def test_the_notes_markdown_export_has_each_screenings_prisma_counts(tmp_path):
    path = tmp_path / "notes.ipynb"
    notes = Notes(path, user="ana")
    ids = [f"r{n}" for n in range(12)]
    mine = screening_log(ids)
    for event in mine:
        notes.add_screening_event("screening", event.to_dict(), {})
    bo = Notes(tmp_path / "bo.ipynb", user="bo")
    for record in ids[:3]:
        bo.add_screening_event("screening", Event(record, "exclude", reason="a | b").to_dict(), {})
    notes.merge_from(tmp_path / "bo.ipynb")
    counts = prisma(mine, records=len(ids))
    markdown = Notes(path, user="someone", read_only=True).to_markdown()  # read from disk
    section = markdown[markdown.index("## PRISMA 2020 counts: screening “screening”") :]
    table = [line for line in section.splitlines() if line.startswith("|")]
    assert table == [
        "| stage | detail | ana | bo |",
        "|---|---|---:|---:|",
        f"| screened |  | {counts.screened} | 3 |",
        f"| excluded |  | {counts.excluded} | 3 |",
        "| excluded | wrong population | 3 | 0 |",
        "| excluded | a \\| b | 0 | 3 |",
        "| excluded | not a trial | 1 | 0 |",
        "| excluded | no reason given | 1 | 0 |",
        f"| maybe (undecided) |  | {counts.maybe} | 0 |",
        f"| included |  | {counts.included} | 0 |",
    ]
    assert dict(counts.reasons) == {"wrong population": 3, "not a trial": 1, "no reason given": 1}
    assert section in notes.export(tmp_path / "x.md").read_text(encoding="utf-8")


def test_notes_without_a_screening_export_no_prisma_section(tmp_path):
    notes = Notes(tmp_path / "notes.ipynb", user="ana")
    notes.set({"id": "p1", "title": "A paper"}, note="read it")
    assert "PRISMA" not in notes.to_markdown()
    assert "PRISMA" not in notes.export(tmp_path / "x.md").read_text(encoding="utf-8")
