"""Constants Python and the front-end both hold agree: statuses, the rating range, MIME types.

The JS side is read from js/src itself (Node imports the modules the bundle is built from), so a
status added on one side only, or a MIME type renamed in one place, fails here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from paperwidgets import render
from paperwidgets.notes import carried, model
from paperwidgets.widgets import mirror

JS = Path(__file__).resolve().parent.parent / "js"
PROBE = """
const panel = await import("./src/annotation.js");
const core = await import("./src/lib/notes-core.js");
const ratings = [null, 0, 1, 2, 3, 4, 5, 6, 2.5];
const statuses = [...core.STATUSES, "done", ""];
console.log(JSON.stringify({
  panel: panel.STATUSES, core: core.STATUSES,
  mimes: {notes: core.NOTES_MIME, card: core.CARD_MIME, map: core.MAP_MIME},
  ratings: ratings.map((rating) => [rating, core.noteItem({rating}).rating]),
  statuses: statuses.map((status) => [status, core.noteItem({status}).status]),
}));
"""


@pytest.fixture(scope="module")
def js() -> dict:
    """What js/src says, printed by Node."""
    if shutil.which("node") is None:
        pytest.skip("Node.js is needed to read the front-end's constants")
    run = subprocess.run(
        ["node", "--input-type=module", "-e", PROBE], cwd=JS, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_statuses_are_the_same_list_in_python_and_both_js_modules(js):
    assert js["panel"] == js["core"] == list(model.STATUSES)


def test_the_shared_rendering_keeps_exactly_the_ratings_the_store_accepts(js):
    for rating, shown in js["ratings"]:
        try:
            accepted = model.checked_fields({"rating": rating})["rating"]
        except ValueError:
            accepted = None
        assert shown == (accepted or 0), rating


def test_the_shared_rendering_keeps_exactly_the_statuses_the_store_accepts(js):
    for status, shown in js["statuses"]:
        assert (shown == status) == (status in model.STATUSES), status


def test_mime_types_match_what_python_writes(js):
    assert js["mimes"] == {
        "notes": carried.MIRROR_MIME,
        "card": render.CARD_MIME,
        "map": render.MAP_MIME,
    }
    assert mirror.MIME == carried.MIRROR_MIME
