"""Property tests: whatever text or bytes a reader is given, it returns a Corpus or raises
LoadError — never another exception."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import paperwidgets
from paperwidgets import LoadError
from paperwidgets.sources import FORMATS

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# format-shaped noise: real syntax fragments glued with arbitrary text, to get past the sniffs
FRAGMENTS = [
    "@article{", "@string{a = ", "@comment{", "@preamble{", "(", ")", "{", "}", '"', "#", ",",
    "title = ", "author = ", " and ", "crossref = ", "\\'", '\\"', "\\", "$", "~",
    "TY  - JOUR\n", "TI  - ", "AU  - ", "ER  - \n", "PY  - ", "DO  - ", "\r\n", "\n", "  ",
    '[{"paper": {', '"id": ', '"title": ', '"authors": [', '"issued": {"date-parts": [[',
    "]", "}]", "null", "2024", "-1", "1.5", "true", '"', "'",
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>', "</id>", "<title>", "</title>",
    "</entry></feed>", "<?xml version='1.0'?>", "&amp;", "<!DOCTYPE x [",
    "title,abstract,id\n", "Key,Item Type,Title,Abstract Note\n", ";", "\t",
    "Mar 21\n", "Get trending papers in your email inbox\n",
]  # fmt: skip
shaped = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=30).map(
    "".join
)


def _load(source, fmt):
    """load() under test; LoadError is an accepted outcome, anything else fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            corpus = paperwidgets.load(source, format=fmt)
        except LoadError as err:
            assert str(err)  # the message names the source
            return None
    assert len(corpus) == len(corpus.papers)
    return corpus


@pytest.mark.parametrize("fmt", [*FORMATS, None])
@SETTINGS
@given(text=st.one_of(st.text(), shaped))
def test_any_text_gives_a_corpus_or_a_load_error(fmt, text):
    _load(text + "\n", fmt)  # the newline marks it as pasted text, not a path


@pytest.mark.parametrize("fmt", [*FORMATS, None])
@SETTINGS
@given(data=st.one_of(st.binary(), shaped.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_any_bytes_give_a_corpus_or_a_load_error(fmt, data, tmp_path):
    path = tmp_path / "listing"
    path.write_bytes(data)
    _load(path, fmt)


KEYS = ["paper", "id", "title", "authors", "author", "summary", "abstract", "publishedAt",
        "upvotes", "ai_keywords", "githubRepo", "user", "name", "fullname", "issued",
        "date-parts", "raw", "literal", "season", "DOI", "URL", "family", "given", "type",
        "categories", "primary_category", "authors_parsed", "published", "pdf", "doi"]  # fmt: skip
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
    st.sampled_from(["2403.16981v2", "10.1000/x", "2024-06-13T17:59:56.000Z", "-334", ""]),
)  # fmt: skip
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)
    ),
    max_leaves=25,
)
items = st.lists(st.dictionaries(st.sampled_from(KEYS), json_values, max_size=8), max_size=4)


@pytest.mark.parametrize("fmt", ["hf-json", "csl-json", "jsonl", None])
@SETTINGS
@given(value=st.one_of(items, json_values))
def test_any_json_gives_a_corpus_or_a_load_error(fmt, value):
    import json

    if fmt == "jsonl" and isinstance(value, list):
        text = "\n".join(json.dumps(v) for v in value)
    else:
        text = json.dumps(value, indent=1)
    _load(text + "\n", fmt)


@SETTINGS
@given(rows=items)
def test_any_dataframe_gives_a_corpus_or_a_load_error(rows):
    import pandas as pd

    _load(pd.DataFrame(rows), None)
