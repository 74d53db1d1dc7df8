"""A hostile notes output in a real JupyterLab 4 and Notebook 7 (issue 22): a colleague's
notebook whose notes output holds `{"toString": "x"}`, arrays and numbers where text belongs,
opened trusted (signed on this server) and untrusted, shows every other note, the hostile
values as text, and never JupyterLab's "Javascript Error" box; a big output shows its first
page of cards and the filter finds a note that is not drawn yet."""

from __future__ import annotations

import pytest
from nbformat import write
from nbformat.sign import NotebookNotary
from nbformat.v4 import new_code_cell, new_notebook, new_output
from playwright.sync_api import Page, expect

from paperwidgets.constants import NOTES_MIME as MIME

NOTES_RENDERER = f"[data-mime-type='{MIME}']"
EVIL = {"toString": "x"}


def annotations(extra: int = 0) -> list[dict]:
    hostile = {"paper": {"id": EVIL, "title": EVIL, "authors": [EVIL, 3], "url": EVIL,
                         "published": [1], "categories": EVIL},
               "note": EVIL, "tags": [EVIL, 5], "rating": EVIL, "status": EVIL,
               "highlights": [{"quote": EVIL, "comment": EVIL}, None]}  # fmt: skip
    fine = [{"paper": {"id": f"x:{i}", "title": f"Fine paper {i}"}, "note": f"note {i}"}
            for i in range(2 + extra)]  # fmt: skip
    return [fine[0], hostile, *fine[1:]]


def notebook_with(notes: list[dict]):
    cell = new_code_cell("reader")
    data = {MIME: {"schema_version": 1, "notes_file": "paper-notes.ipynb", "annotations": notes},
            "text/plain": f"{len(notes)} paper notes"}  # fmt: skip
    cell.outputs = [new_output("display_data", data=data)]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    return new_notebook(cells=[cell], metadata=kernel)


def is_trusted(page: Page) -> bool:
    return page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.model.cells.get(0).trusted"
    )


@pytest.mark.parametrize(("ui", "trusted"), [("lab", False), ("lab", True), ("notebook7", False)])
def test_a_hostile_notes_output_shows_every_other_note(
    ui, trusted, notebook_dir, page: Page, jupyter_server, page_errors
):
    nb = notebook_with(annotations())
    if trusted:  # signed with this server's own secret, as the author's own copy is
        NotebookNotary(data_dir=str(jupyter_server.base / "data")).sign(nb)
    write(nb, notebook_dir / "colleague.ipynb")
    jupyter_server.open_notebook(page, f"{notebook_dir.name}/colleague.ipynb", ui)
    notes = page.locator(NOTES_RENDERER)
    expect(notes).to_have_count(1, timeout=60_000)
    assert is_trusted(page) is trusted
    expect(notes.locator(".pw-static-count")).to_have_text("3 notes")
    for i in (0, 1):
        expect(notes.locator(".pw-note-card", has_text=f"Fine paper {i}")).to_have_count(1)
    hostile = notes.locator(".pw-note-card").nth(1)
    expect(hostile.locator(".pw-title")).to_have_text('{"toString":"x"}')
    expect(hostile.locator(".pw-static-quote")).to_have_text('{"toString":"x"}')
    page.wait_for_timeout(1000)
    body = page.locator("body").inner_text()
    assert "Javascript Error" not in body and "Cannot convert object" not in body


def test_a_big_notes_output_draws_a_page_and_finds_any_note(
    notebook_dir, page: Page, jupyter_server, page_errors
):
    write(notebook_with(annotations(extra=4998)), notebook_dir / "big.ipynb")
    jupyter_server.open_notebook(page, f"{notebook_dir.name}/big.ipynb", "lab")
    notes = page.locator(NOTES_RENDERER)
    expect(notes.locator(".pw-static-count")).to_have_text("5001 notes", timeout=60_000)
    expect(notes.locator(".pw-note-card")).to_have_count(50)
    notes.locator(".pw-static-list").hover()
    for _ in range(3):  # scrolling down draws the next page
        page.mouse.wheel(0, 4000)
        page.wait_for_timeout(300)
    expect(notes.locator(".pw-note-card")).not_to_have_count(50)
    notes.locator(".pw-static-filter").click()
    page.keyboard.type("paper 4999", delay=20)
    expect(notes.locator(".pw-static-count")).to_have_text("1 of 5001 notes")
    expect(notes.locator(".pw-note-card")).to_have_count(1)
    expect(notes.locator(".pw-note-card .pw-title")).to_have_text("Fine paper 4999")
