"""What a reviewer screens by: criteria given as a dict or a Criteria, the older reasons=,
the terms the widget highlights, and a clear error for criteria it cannot use."""

from __future__ import annotations

import pytest

from paperwidgets.screening import Criteria

GIVEN = {
    "inclusion": ["Randomised trials in adults", " heart regeneration "],
    "exclusion": ["wrong population", "wrong design"],
    "keywords": ["heart", "Zebrafish", "zebrafish", "TÜLU", "heart regeneration"],
}


def test_a_dict_gives_each_part_stripped_and_the_terms_longest_first():
    criteria = Criteria.of(GIVEN)
    assert criteria.inclusion == ("Randomised trials in adults", "heart regeneration")
    assert criteria.exclusion == ("wrong population", "wrong design")
    assert criteria.terms() == ["heart regeneration", "Zebrafish", "heart", "TÜLU"]
    assert criteria.to_dict() == {
        "inclusion": ["Randomised trials in adults", "heart regeneration"],
        "exclusion": ["wrong population", "wrong design"],
        "keywords": ["heart", "Zebrafish", "zebrafish", "TÜLU", "heart regeneration"],
        "terms": ["heart regeneration", "Zebrafish", "heart", "TÜLU"],
    }
    assert Criteria.of(criteria) is criteria
    assert Criteria.of({"inclusion": ("adults",)}).terms() == []  # no keywords: nothing guessed


def test_the_older_reasons_are_the_exclusion_reasons():
    assert Criteria.of(None, ["off topic"]).exclusion == ("off topic",)
    assert Criteria.of({"keywords": ["x"]}, ["off topic"]) == Criteria((), ["off topic"], ["x"])
    assert Criteria.of(None, []) == Criteria()
    with pytest.raises(ValueError, match="given twice"):
        Criteria.of(GIVEN, ["off topic"])


@pytest.mark.parametrize(
    ("criteria", "error", "words"),
    [
        (["adults"], TypeError, "a Criteria or a dict, not list"),
        ({"inclusion": "adults"}, TypeError, "inclusion: a list of texts, not str"),
        ({"keywords": [1]}, TypeError, "keywords: every entry must be a text"),
        ({"keywords": 5}, TypeError, "keywords: a list of texts, not int"),
        ({"include": ["x"]}, ValueError, "unknown part 'include'"),
        ({"exclusion": ["a", " "]}, ValueError, "exclusion: an entry is empty"),
        ({"exclusion": ["a", "a"]}, ValueError, "a reason is given twice"),
        ({"exclusion": [str(n) for n in range(10)]}, ValueError, "at most 9 exclusion reasons"),
    ],
)
def test_criteria_it_cannot_use_are_refused_saying_why(criteria, error, words):
    with pytest.raises(error, match=words):
        Criteria.of(criteria)
