"""Paper cards in a real JupyterLab 4 and Notebook 7, driven by headless Chromium."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from playwright.sync_api import Page, expect

from tests.browser.jupyter import readme_screenshot, run_all_cells, stderr_outputs

ROOT = Path(__file__).resolve().parents[2]
UIS = ["lab", "notebook7"]


def _timings(record_property, **laps: float) -> None:
    rounded = {k: round(v, 2) for k, v in laps.items()}
    record_property("timings", rounded)
    print("TIMINGS", json.dumps(rounded))


@pytest.mark.parametrize("ui", UIS)
def test_example_notebook_shows_cards(
    ui, page: Page, jupyter_server, notebook_dir, page_errors, record_property
):
    shutil.copy(ROOT / "examples" / "daily_papers.ipynb", notebook_dir)
    t0 = time.monotonic()
    jupyter_server.open_notebook(page, f"{notebook_dir.name}/daily_papers.ipynb", ui)
    t_open = time.monotonic()
    run_all_cells(page)
    titles = page.locator(".pw-card .pw-title")
    expect(titles.first).to_have_text(
        "JARVIS-VLA: Post-Training Large-Scale Vision Language Models to Play Visual Games "
        "with Keyboards and Mouse",
        timeout=60_000,
    )
    t_render = time.monotonic()
    tulu = "TÜLU 3: Pushing Frontiers in Open Language Model Post-Training"
    expect(page.locator(".pw-neighbours-box .pw-heading")).to_have_text(
        "Most like: Qwen2.5 Technical Report"
    )
    expect(page.locator(".pw-neighbours-box .pw-neighbour")).to_have_count(5)
    card = page.locator(".pw-card-slot > .pw-card").last
    expect(card.locator(".pw-title")).to_have_text(tulu)
    if ui == "lab":
        readme_screenshot(card, "card")
    expect(card.locator(".pw-date")).to_have_text("listed Mar 21")
    expect(card.locator(".pw-annotation")).to_have_count(0)  # no notes given: no fields
    toggle = card.locator(".pw-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(card.locator(".pw-link")).to_have_text(["search arXiv"])
    assert stderr_outputs(page) == []
    _timings(record_property, open=t_open - t0, run_and_render=t_render - t_open)


def _hostile_notebook(folder: Path, payloads: list[str]) -> str:
    code = (
        "import json, paperwidgets as pw\n"
        f"payloads = json.loads({json.dumps(json.dumps(payloads))})\n"
        "p = payloads[0]\n"
        "pw.PaperCard({'id': 'x', 'title': p, 'abstract': ' '.join(payloads),\n"
        "              'authors': payloads, 'categories': payloads[:3],\n"
        "              'url': 'javascript:alert(1)', 'pdf_url': p})"
    )
    nb = new_notebook(
        cells=[new_code_cell(code)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(nb, folder / "hostile.ipynb")
    return f"{folder.name}/hostile.ipynb"


@pytest.mark.parametrize("ui", UIS)
def test_hostile_paper_renders_as_text(
    ui, page: Page, jupyter_server, notebook_dir, page_errors, xss_payloads
):
    leaving: list[str] = []  # requests to anywhere but the Jupyter server (blob: is local)

    def on_request(request):
        if not request.url.startswith((jupyter_server.url, "blob:", "data:")):
            leaving.append(request.url)

    page.on("request", on_request)
    name = _hostile_notebook(notebook_dir, xss_payloads)
    jupyter_server.open_notebook(page, name, ui)
    run_all_cells(page)
    card = page.locator(".pw-card")
    expect(card.locator(".pw-title")).to_have_text(xss_payloads[0], timeout=60_000)
    expect(card.locator(".pw-abstract-text")).to_have_text(" ".join(xss_payloads))
    for tag in ("img", "script", "svg", "iframe", "style", "details"):
        assert card.locator(tag).count() == 0, tag
    # javascript: and junk links are dropped; only the (https) title search is left
    expect(card.locator(".pw-link")).to_have_text(["search arXiv"])
    href = card.locator(".pw-link").get_attribute("href")
    assert href.startswith("https://arxiv.org/search/?query=%3Cimg")
    page.wait_for_timeout(500)  # give a payload that would fire a chance to
    assert leaving == []
