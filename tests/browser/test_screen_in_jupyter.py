"""Screening in a real JupyterLab 4 and Notebook 7 (headless Chromium), with real keys.

Ada screens 30 records of the example listing with i / e / m and a reason key, undoes one and
watches the stopping panel follow; the notes file on disk holds her decisions. Her criteria
stay in view and their keywords are marked in the record; she writes a note for her first
decision (n, typing, Enter) and drops one (Escape): the notes file holds the first alone.
Bob (another person, through the Python API in this test) screens some of the same records
into his own notes file; Ada merges it from the widget: Cohen's κ (as scikit-learn computes it
on the records both screened) and the disagreement queue appear; she resolves one with a key.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from sklearn.metrics import cohen_kappa_score

import paperwidgets as pw
from paperwidgets import Notes
from paperwidgets.screening import AuditLog, Screening
from tests.browser.jupyter import UIS, run_all_cells, stderr_outputs, write_notebook

CELL = (
    "import paperwidgets as pw\n"
    "corpus = pw.load('daily_papers.txt')\n"
    "criteria = {'inclusion': ['a method for language models, evaluated'],\n"
    "            'exclusion': ['not about models', 'no evaluation'],\n"
    "            'keywords': ['learning', 'model']}\n"
    "screen = corpus.screen(notes='ada-notes.ipynb', criteria=criteria)\n"
    "screen"
)
KEYS = ["i", "e", "m", "2", "e"]  # include, exclude, maybe, exclude: "no evaluation", exclude
DECIDED = {"i": "include", "e": "exclude", "m": "maybe", "2": "exclude"}
NOTE = "small sample; review the methods"  # i, e, m, u, s, r, n typed here screen nothing
TERMS = re.compile(r"(?<!\w)(?:learning|model)", re.IGNORECASE)  # the keywords, as words begin


def ada_log(folder: Path, name: str = "screening") -> AuditLog:
    """Ada's log as the notes file on disk holds it."""
    notebook = json.loads((folder / "ada-notes.ipynb").read_text(encoding="utf-8"))
    return AuditLog.from_dict(notebook["metadata"]["paperwidgets"]["screening"][name]["Ada"])


def bob_screens(folder: Path, ada: AuditLog) -> dict[str, str]:
    """Bob screens Ada's first 12 records into his own file: the same decision on most,
    another on every third. Returns his decisions."""
    corpus = pw.load(folder / "daily_papers.txt")
    bob = Screening(corpus.papers, Notes(folder / "bob-notes.ipynb", user="Bob"))
    other = {"include": "exclude", "exclude": "maybe", "maybe": "include"}
    decided = {}
    for n, (record, event) in enumerate(list(ada.decisions().items())[:12]):
        decision = other[event.decision] if n % 3 == 0 else event.decision
        bob.decide(record, decision)
        decided[record] = decision
    bob.close()
    return decided


def check_criteria_and_marks(widget: Locator) -> None:
    """The criteria panel is in view; the keywords are marked in the record, as words begin."""
    criteria = widget.locator(".pw-screen-criteria")
    expect(criteria).to_be_visible()
    expect(criteria.locator(".pw-screen-inclusion")).to_have_text(
        "a method for language models, evaluated"
    )
    expect(criteria.locator(".pw-screen-reasons li")).to_have_text(
        ["1 not about models", "2 no evaluation"]
    )
    record = widget.locator(".pw-screen-record")
    title, abstract = record.locator(".pw-screen-title"), record.locator(".pw-screen-abstract")
    expect(title).not_to_be_empty()
    found = TERMS.findall(f"{title.inner_text()} {abstract.inner_text()}")
    assert found, "the example's first record holds a keyword"
    marks = record.locator("mark")
    expect(marks).to_have_text(found)


def write_note(page: Page, widget: Locator, note: str, end: str) -> None:
    """n, the note typed with real keys, then Enter (kept for the decision) or Escape (dropped)."""
    field = widget.locator(".pw-screen-note")
    page.keyboard.press("n")
    expect(field).to_be_focused()
    page.keyboard.type(note, delay=10)
    expect(field).to_have_value(note)
    page.keyboard.press(end)
    expect(field).not_to_be_focused()
    expect(field).to_have_value(note if end == "Enter" else "")


@pytest.mark.parametrize("ui", UIS)
def test_screen_thirty_undo_merge_a_second_screener_and_resolve(
    ui, page: Page, jupyter_server, notebook_dir, page_errors
):
    name = write_notebook(notebook_dir, "screen.ipynb", CELL)
    jupyter_server.open_notebook(page, name, ui)
    run_all_cells(page)
    widget = page.locator(".pw-screen")
    title = widget.locator(".pw-screen-title")
    expect(title).not_to_be_empty(timeout=60_000)
    progress = widget.locator(".pw-screen-progress")
    check_criteria_and_marks(widget)
    title.click()  # the widget has the keys now
    for n in range(30):
        shown = title.inner_text()
        if n < 2:  # a note for the first decision; one typed and dropped for the second
            write_note(page, widget, NOTE, "Enter" if n == 0 else "Escape")
        page.keyboard.press(KEYS[n % len(KEYS)])
        expect(progress).to_have_text(re.compile(rf"^Screened {n + 1} of 101\b"))
        expect(title).not_to_have_text(shown)
    page.keyboard.press("u")
    expect(progress).to_have_text(re.compile(r"^Screened 29 of 101\b"))
    expect(widget.locator(".pw-screen-message")).to_contain_text("Undone")
    found = widget.locator(".pw-screen-found")
    included = sum(KEYS[n % len(KEYS)] == "i" for n in range(29))
    maybe = sum(KEYS[n % len(KEYS)] == "m" for n in range(29))
    expect(found).to_contain_text(f"{included} included, {maybe} maybe")
    expect(widget.locator(".pw-screen-statistical")).to_contain_text("no random sample yet")
    expect(widget.locator(".pw-screen-heuristic")).to_contain_text("no statistical guarantee")

    log = ada_log(notebook_dir)  # on disk: 30 decisions, the undo, reasons by key
    assert len(log) == 31 and log.events[-1].decision == "undo"
    decisions = [e for e in log.events if e.decision != "undo"]
    assert [e.decision for e in decisions] == [DECIDED[KEYS[n % len(KEYS)]] for n in range(30)]
    assert [e.reason for e in decisions][:5] == ["", "", "", "no evaluation", ""]
    assert len(log.decisions()) == 29 and all(e.screener == "Ada" for e in log.events)
    assert [e.note for e in decisions] == [NOTE] + [""] * 29

    bob = bob_screens(notebook_dir, log)
    merge_path = widget.locator(".pw-screen-merge-path")
    merge_path.click()
    page.keyboard.type("bob-notes.ipynb", delay=10)
    page.keyboard.press("Enter")
    expect(widget.locator(".pw-screen-message")).to_contain_text("Merged bob-notes.ipynb")
    kappa_line = widget.locator(".pw-screen-kappa")
    ada = {r: e.decision for r, e in log.decisions().items()}
    shared = [r for r in bob if r in ada]
    kappa = cohen_kappa_score(
        [ada[r] for r in shared], [bob[r] for r in shared], labels=["include", "exclude", "maybe"]
    )
    expect(kappa_line).to_contain_text(f"Cohen's κ {kappa:.2f}", timeout=60_000)
    expect(kappa_line).to_contain_text(f"on {len(shared)} records both screened")
    differ = [r for r in shared if ada[r] != bob[r]]
    queue = widget.locator(".pw-screen-disagreements li")
    expect(queue).to_have_count(len(differ))

    page.keyboard.press("r")  # the first disagreement, to resolve with the same keys
    expect(widget.locator(".pw-screen-heading")).to_contain_text("Resolving")
    page.keyboard.press("i")
    expect(queue).to_have_count(len(differ) - 1)
    expect(widget.locator(".pw-screen-heading")).not_to_contain_text("Resolving")
    resolved = ada_log(notebook_dir, "screening.resolved")
    assert [e.decision for e in resolved.events] == ["include"]
    assert resolved.events[0].record in differ
    assert len(ada_log(notebook_dir).decisions()) == 29  # her own screening is unchanged
    assert not stderr_outputs(page)
