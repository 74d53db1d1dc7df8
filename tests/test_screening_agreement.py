"""Two screeners: κ on the records both screened, the disagreement queue, who awaits whom."""

from __future__ import annotations

import pytest
from sklearn.metrics import cohen_kappa_score

from paperwidgets.screening import AuditLog, Event, agreement


def log_of(decisions: dict[str, str], screener: str) -> AuditLog:
    log = AuditLog()
    for record, decision in decisions.items():
        log.append(Event(record, decision, screener=screener, mode="model"))
    return log


ANA = {f"r{i}": d for i, d in enumerate(
    ["include", "include", "include", "exclude", "exclude", "exclude", "exclude", "exclude",
     "include", "exclude", "maybe", "exclude", "include"])}  # fmt: skip
BO = {f"r{i}": d for i, d in enumerate(
    ["include", "include", "include", "exclude", "exclude", "exclude", "exclude", "exclude",
     "exclude", "include"])}  # fmt: skip
BO |= {"r20": "exclude", "r21": "include"}  # records Ana has not seen


def test_kappa_is_cohens_on_the_shared_records_only():
    ana, bo = log_of(ANA, "ana"), log_of(BO, "bo")
    result = agreement(ana.decisions(), bo.decisions(), names=("ana", "bo"))
    shared = [f"r{i}" for i in range(10)]
    assert result.shared == 10
    expected = cohen_kappa_score([ANA[r] for r in shared], [BO[r] for r in shared])
    assert result.kappa == pytest.approx(expected)
    # by hand: 8 of 10 agree; ana includes 4/10, bo 4/10: chance 0.16 + 0.36 = 0.52
    assert result.agreement == pytest.approx(0.8)
    assert result.kappa == pytest.approx((0.8 - 0.52) / (1 - 0.52))
    # padding the unshared records (as if unseen meant excluded) would give another κ
    padded = cohen_kappa_score(
        [ANA.get(r, "exclude") for r in sorted(ANA | BO)],
        [BO.get(r, "exclude") for r in sorted(ANA | BO)],
    )
    assert result.kappa != pytest.approx(padded)
    assert "κ 0.58; 80% agreement on the 10 records both screened; 2 to resolve" in (
        result.summary()
    )


def test_disagreements_and_records_awaiting_the_other_screener():
    result = agreement(ANA, BO, names=("ana", "bo"))
    assert [(d.record, d.first, d.second) for d in result.disagreements] == [
        ("r8", "include", "exclude"),
        ("r9", "exclude", "include"),
    ]
    assert result.awaiting == {"bo": ["r10", "r11", "r12"], "ana": ["r20", "r21"]}


def test_latest_decisions_count_and_undone_ones_do_not():
    ana = log_of({"a": "include", "b": "exclude", "c": "exclude"}, "ana")
    ana.append(Event("b", "include", screener="ana"))  # changed her mind
    ana.append(Event("c", "undo", screener="ana"))  # took it back: c awaits her
    bo = log_of({"a": "include", "b": "include", "c": "exclude"}, "bo")
    result = agreement(ana.decisions(), bo.decisions(), ("ana", "bo"))
    assert (result.shared, result.agreement, result.disagreements) == (2, 1.0, [])
    assert result.kappa is None  # both used one category only: κ is undefined, not 1 or 0
    assert "undefined" in result.summary()
    assert result.awaiting == {"bo": [], "ana": ["c"]}


def test_nothing_shared_says_so():
    result = agreement({"a": "include"}, {"b": "exclude"})
    assert (result.shared, result.kappa, result.agreement) == (0, None, None)
    assert result.summary().startswith("No record screened by both")


def test_an_unknown_decision_is_refused():
    with pytest.raises(ValueError, match="'perhaps' is not one of"):
        agreement({"a": "perhaps"}, {"a": "include"})
