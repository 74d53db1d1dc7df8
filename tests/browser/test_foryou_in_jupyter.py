"""For you and new to me in the Reader, in a real JupyterLab: rate with keys, reorder, filter.

Yesterday's reading is a notes file rating papers of an earlier Daily Papers day (not in
today's listing); today the reader rates two papers with the 1–5 keys, picks "For you" in
the order menu and ticks "new to me". The list shown must be the ranking computed from what
landed in the notes file.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

import paperwidgets as pw
from tests.browser.jupyter import (
    FIRST,
    READER_CELL,
    poll,
    run_all_cells,
    screenshot_reader,
    stderr_outputs,
    write_notebook,
)

ROOT = Path(__file__).resolve().parents[2]
EARLIER = ROOT / "tests" / "fixtures" / "hf-json" / "daily_papers_2024-06-14.json"


def test_for_you_order_and_new_to_me(page: Page, jupyter_server, notebook_dir, page_errors):
    notes_path = notebook_dir / "paper-notes.ipynb"
    yesterday = pw.load(EARLIER)
    notes = pw.Notes(notes_path)
    notes.set(yesterday.paper(3), rating=5)  # an earlier day's paper: only its notes cell knows it
    notes.set(yesterday.paper(7), status="read")
    today = pw.load(ROOT / "examples" / "daily_papers.txt")
    ids = list(today.papers["id"])

    name = write_notebook(notebook_dir, "morning.ipynb", READER_CELL)
    jupyter_server.open_notebook(page, name, "lab")
    run_all_cells(page)
    reader = page.locator(".pw-reader")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(FIRST, timeout=60_000)
    reader.focus()
    page.keyboard.press("4")  # the first paper: liked
    page.keyboard.press("j")
    expect(reader.locator(".pw-card .pw-title")).not_to_have_text(FIRST)
    page.keyboard.press("1")  # the second: disliked

    def rated():
        found = pw.Notes(notes_path, read_only=True)
        return [found.get(i).rating if found.get(i) else None for i in ids[:2]] == [4, 1]

    poll(rated, what="both ratings in the notes file")
    expected = list(today.recommend(notes=notes_path, k=10)["title"])
    assert expected[0] != today.paper(2)["title"]  # not the listing order by chance

    reader.locator(".pw-order").select_option(label="For you")
    rows = reader.locator(".pw-row-title")
    expect(rows.nth(0)).to_have_text(expected[0], timeout=60_000)
    assert rows.all_inner_texts()[:10] == expected
    rows.nth(0).click()  # open the top recommendation, as a reader would
    expect(reader.locator(".pw-card .pw-title")).to_have_text(expected[0])
    screenshot_reader(page, reader, "reader-for-you")

    reader.locator(".pw-filter-unseen").click()  # new to me: today's rated papers drop out
    expect(reader.locator(".pw-range")).to_contain_text(str(len(today) - 2), timeout=60_000)
    titles = rows.all_inner_texts()
    assert today.paper(0)["title"] not in titles and titles[0] == expected[0]
    assert stderr_outputs(page) == []
