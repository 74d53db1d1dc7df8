"""The corpus map in a real JupyterLab 4 and Notebook 7: labels, click -> card, lasso -> tags."""

from __future__ import annotations

import json

import numpy as np
import pytest
from playwright.sync_api import Page, expect

import paperwidgets as pw
from paperwidgets.widgets.map import map_data
from tests.browser.jupyter import readme_screenshot, run_all_cells, stderr_outputs
from tests.browser.test_reader_in_jupyter import ROOT, UIS, poll, write_notebook

MAP_CELL = (
    "import paperwidgets as pw\n"
    "corpus = pw.load('daily_papers.txt')\n"
    "corpus.map(notes='paper-notes.ipynb')"
)
TAG = "map-pick"


@pytest.fixture(scope="module")
def listing():
    """The example corpus and its map data, as the kernel computes them (seeded, cached)."""
    corpus = pw.load(ROOT / "examples" / "daily_papers.txt")
    return corpus, map_data(corpus)


def screen_points(page: Page, xy: np.ndarray) -> np.ndarray:
    """Page coordinates of every point, from the view transform the canvas last drew with."""
    canvas = page.locator(".pw-map-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    view = json.loads(canvas.get_attribute("data-view"))
    return np.column_stack(
        [box["x"] + xy[:, 0] * view["k"] + view["tx"], box["y"] + xy[:, 1] * view["k"] + view["ty"]]
    )


def lonely_point(points: np.ndarray) -> int:
    """A point with no other point within 20 px: a click on it can only mean it."""
    gaps = np.linalg.norm(points[:, None] - points[None], axis=-1) + np.eye(len(points)) * 1e9
    return int(np.argmax(gaps.min(axis=1)))


def box_around_five(points: np.ndarray, margin: float = 5.0) -> tuple[list[int], tuple]:
    """Five points and a rectangle holding exactly them, with a margin to every other point."""
    for seed in range(len(points)):
        near = np.argsort(np.abs(points - points[seed]).max(axis=1))[:5]
        low, high = points[near].min(axis=0) - margin, points[near].max(axis=0) + margin
        inside = np.all((points >= low - margin) & (points <= high + margin), axis=1)
        if inside.sum() == 5:
            return sorted(int(i) for i in near), (low, high)
    raise AssertionError("no group of 5 points stands apart on this map")


def lasso_tag_five(page: Page, widget, xy: np.ndarray, tag: str) -> list[int]:
    """Drag a box around five points, type a tag and apply it; the five row positions."""
    five, (low, high) = box_around_five(screen_points(page, xy))
    drag_box(page, low, high)
    expect(widget.locator(".pw-map-selected")).to_have_text("5 selected")
    widget.locator(".pw-map-tag-input").click()
    page.keyboard.type(tag, delay=10)
    widget.locator(".pw-map-tag-btn").click()
    expect(widget.locator(".pw-map-message")).to_have_text(f"Tagged “{tag}”: 5 papers")
    return five


def drag_box(page: Page, low: np.ndarray, high: np.ndarray) -> None:
    """A real lasso drag along the rectangle's edges with the mouse."""
    (x0, y0), (x1, y1) = low.tolist(), high.tolist()
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    page.mouse.move(*corners[0])
    page.mouse.down()
    for corner in [*corners[1:], corners[0]]:
        page.mouse.move(*corner, steps=6)
    page.mouse.up()


@pytest.mark.parametrize("ui", UIS)
def test_map_labels_click_and_tag_a_lasso(
    ui, page: Page, jupyter_server, notebook_dir, page_errors, listing
):
    corpus, data = listing
    name = write_notebook(notebook_dir, "map.ipynb", MAP_CELL)
    jupyter_server.open_notebook(page, name, ui)
    run_all_cells(page)
    the_map = page.locator(".pw-map")
    labels = the_map.locator(".pw-map-label")
    expect(labels).to_have_count(len(data.labels), timeout=30_000)
    assert sorted(labels.all_text_contents()) == sorted(p["text"] for p in data.labels)
    expect(the_map.locator(".pw-map-label:visible").first).to_be_visible()
    expect(the_map.locator(".pw-map-count")).to_have_text("101 papers")

    if ui == "lab":
        readme_screenshot(the_map.locator(".pw-map-stage"), "map")
    points = screen_points(page, data.xy)
    one = lonely_point(points)
    page.mouse.move(*points[one].tolist())
    expect(the_map.locator(".pw-map-tooltip")).to_have_text(corpus.papers["title"][one])
    page.mouse.click(*points[one].tolist())
    expect(the_map.locator(".pw-card .pw-title")).to_have_text(corpus.papers["title"][one])

    five = lasso_tag_five(page, the_map, data.xy, TAG)  # points measured anew: the card scrolls

    def tagged():
        notes = pw.Notes(notebook_dir / "paper-notes.ipynb", read_only=True)
        return sorted(a.id for a in notes if TAG in a.tags)

    expected = sorted(corpus.papers["id"][five])
    poll(lambda: tagged() == expected, what="the notes file to tag the 5 lassoed papers")
    assert stderr_outputs(page) == []
