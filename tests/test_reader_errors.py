"""A neighbour look-up that fails on the Reader's worker thread says so in the panel and the log."""

from __future__ import annotations

import logging

import paperwidgets as pw


def broken_model(texts):
    """An embedding model that fails, as a user's model or a missing download does."""
    raise RuntimeError("the embedding model is not available")


def test_a_failed_neighbour_look_up_reaches_the_panel_and_the_log(
    daily_papers_path, tmp_path, caplog
):
    corpus = pw.load(daily_papers_path).use_embeddings(broken_model, name="broken-for-test")
    with caplog.at_level(logging.ERROR, logger="paperwidgets"):
        reader = corpus.reader(notes=tmp_path / "notes.ipynb")
        reader.wait(timeout=60)  # the look-up has run
    assert reader.neighbours == []
    assert reader.neighbours_error == (
        "Could not find similar papers: the embedding model is not available"
    )
    assert "the embedding model is not available" in caplog.text
    assert reader.current_id in caplog.text
