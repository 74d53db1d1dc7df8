"""Stopping rules: the hypergeometric test of Callaghan & Müller-Hansen 2020, the heuristic,
and both read from a screening log."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest

from paperwidgets.screening import AuditLog, Event, status, stopping
from paperwidgets.screening.status import sample_start


def cdf_by_hand(found: int, urn: int, relevant: int, drawn: int) -> float:
    """P(X <= found) for X hypergeometric, summed from binomial coefficients."""
    total = math.comb(urn, drawn)
    return (
        sum(math.comb(relevant, x) * math.comb(urn - relevant, drawn - x) for x in range(found + 1))
        / total
    )


def test_k_target_is_the_fewest_relevant_left_for_recall_below_the_target():
    # 19 found before the sample, 0 in it: 19 / (19 + 1) = 0.95 is not below 95 %, 19 / 21 is
    assert stopping.k_target(19, 19, 0.95) == 2
    assert Fraction(19, 19 + 2) < Fraction(95, 100) <= Fraction(19, 19 + 1)
    # 40 found before, 2 in the sample: 42 / 0.95 = 44.2…, so 45 in all, 5 in the urn
    assert stopping.k_target(40, 42, 0.95) == 5
    assert stopping.k_target(0, 0, 0.95) == 1  # nothing found: one relevant record left fails


def test_the_first_look_is_the_papers_hypergeometric_tail_computed_by_hand():
    # nothing relevant in the sample yet: the rule's p is the paper's test, P(X <= 0)
    check = stopping.statistical(found_before=40, urn=1000, sample=400, found_in_sample=0)
    assert check.k_target == 3
    assert check.p_value == pytest.approx(cdf_by_hand(0, 1000, 3, 400), rel=1e-9)
    assert check.p_value > 0.05 and not check.stop
    assert "keep sampling" in check.why and "400 of the 1000" in check.why
    needed = stopping.boundary(40, 1000, 0, 0.95, 0.95)
    assert f"stop at {needed} drawn" in check.why
    assert cdf_by_hand(0, 1000, 3, needed) < 0.05 <= cdf_by_hand(0, 1000, 3, needed - 1)


def test_later_looks_count_every_earlier_chance_to_stop_by_enumeration():
    # 19 found before, an urn of 30: with 2 found in the sample the null is 4 relevant left
    # (19 + 2 of 19 + 4 is below 95 %). p is the chance, over every placement of those 4,
    # that a sampling would have stopped at the sizes the rule uses for 0, 1 and 2 finds
    before, urn, sample = 19, 30, 26
    sizes = [stopping.boundary(before, urn, k, 0.95, 0.95) for k in range(2)]
    k_tar = stopping.k_target(before, before + 2, 0.95)
    assert k_tar == 4 and sizes[0] < sizes[1] <= sample
    checkpoints = [(sizes[0], 0), (sizes[1], 1), (sample, 2)]
    caught = 0
    placements = list(itertools.combinations(range(urn), k_tar))
    for relevant in placements:
        counts = [sum(place < size for place in relevant) for size, _ in checkpoints]
        caught += any(c <= k for c, (_, k) in zip(counts, checkpoints, strict=True))
    check = stopping.statistical(before, urn, sample, 2)
    assert check.p_value == pytest.approx(caught / len(placements), rel=1e-9)
    # the paper's test alone (the last look only) would claim less than that
    assert cdf_by_hand(2, urn, k_tar, sample) < check.p_value


def chance_below_target(before: int, urn: int, relevant: int, stops) -> float:
    """Exactly: the chance that sampling at random, one record at a time, from an urn holding
    `relevant` relevant records, is stopped by `stops(sample, found)` with recall below 95 %."""
    alive = [1.0] + [0.0] * relevant  # P(found == x) among samplings not yet stopped
    below = 0.0
    for drawn in range(urn):
        left = urn - drawn
        hit = [(relevant - x) / left for x in range(relevant + 1)]
        alive = [alive[x] * (1 - hit[x]) + (alive[x - 1] * hit[x - 1] if x else 0.0)
                 for x in range(relevant + 1)]  # fmt: skip
        for found, chance in enumerate(alive):
            if chance and stops(drawn + 1, found):
                below += chance * (Fraction(before + found, before + relevant) < Fraction(95, 100))
                alive[found] = 0.0
    return below


@pytest.mark.parametrize(("before", "urn"), [(60, 200), (100, 300)])
def test_asked_after_every_record_the_rule_still_errs_less_often_than_alpha(before, urn):
    def papers_test(sample: int, found: int) -> bool:
        k_tar = stopping.k_target(before, before + found, 0.95)
        return k_tar > urn - (sample - found) or cdf_by_hand(found, urn, k_tar, sample) < 0.05

    def rule(sample: int, found: int) -> bool:
        return stopping.statistical(before, urn, sample, found).stop

    worst_paper, worst_rule = 0.0, 0.0
    first = stopping.k_target(before, before, 0.95)  # fewer left: recall is already reached
    for relevant in range(first, first + 6):
        worst_rule = max(worst_rule, chance_below_target(before, urn, relevant, rule))
        worst_paper = max(worst_paper, chance_below_target(before, urn, relevant, papers_test))
    assert worst_rule < 0.05
    # the paper's test asked after every record errs more often than its 5 % (why the rule
    # counts the earlier looks)
    assert worst_paper > 0.055


def test_it_stops_when_the_null_is_rejected_and_says_why():
    # 90 found, sample of 600 from 1000 with none relevant: K_tar = floor(90/0.95 - 90) + 1 = 5
    check = stopping.statistical(90, 1000, 600, 0, recall=0.95, confidence=0.95)
    assert check.k_target == 5
    assert check.p_value == pytest.approx(cdf_by_hand(0, 1000, 5, 600), rel=1e-9)
    assert check.p_value < 0.05 and check.stop
    assert "stop, recall ≥ 95% with 95% confidence" in check.why
    # a higher confidence asks for more
    assert not stopping.statistical(90, 1000, 600, 0, confidence=0.995).stop


def test_no_sample_is_no_evidence_and_an_urn_too_small_for_the_null_is_proof():
    assert stopping.statistical(10, 50, 0, 0).p_value == 1.0
    # 50 left, 49 drawn and irrelevant: at most 1 relevant record can be left, K_tar is 2
    assert stopping.statistical(30, 50, 49, 0).p_value == 0.0


def test_many_screenings_keep_a_bounded_number_of_rules_with_the_same_answers(monkeypatch):
    """A long simulation over many urns keeps only the rules asked most recently; a rule
    that was let go is worked out again to the same boundary."""
    monkeypatch.setattr(stopping, "_RULES", type(stopping._RULES)())
    monkeypatch.setattr(stopping, "MAX_RULES", 5)
    first = [stopping.boundary(10, urn, 2, 0.95, 0.95) for urn in range(200, 208)]
    assert len(stopping._RULES) == 5 and (10, 200, 0.95, 0.95) not in stopping._RULES
    assert [stopping.boundary(10, urn, 2, 0.95, 0.95) for urn in range(200, 208)] == first


def test_impossible_samples_and_targets_are_refused():
    with pytest.raises(ValueError, match="impossible sample"):
        stopping.statistical(1, 10, 11, 0)
    with pytest.raises(ValueError, match=r"recall target 1\.5"):
        stopping.statistical(1, 10, 5, 0, recall=1.5)
    with pytest.raises(ValueError, match="confidence 1"):
        stopping.statistical(1, 10, 5, 0, confidence=1)


def test_the_heuristic_counts_irrelevant_records_in_a_row_and_says_it_is_one():
    check = stopping.heuristic([1, 0, 1] + [0] * 49, limit=50)
    assert (check.run, check.stop) == (49, False)
    assert check.why.startswith("Heuristic, no statistical guarantee")
    assert stopping.heuristic([1, 0, 1] + [0] * 50, limit=50).stop
    assert stopping.heuristic([], limit=5).run == 0


def test_the_interval_of_relevant_records_left_holds_every_count_not_rejected():
    estimate, low, high = stopping.remaining(urn=200, sample=100, found_in_sample=5)
    assert estimate == pytest.approx(5)  # 5 % of 200 is 10, 5 of them already drawn
    assert 0 <= low <= 5 <= high
    # the bounds are where each tail crosses 2.5 %
    assert 1 - cdf_by_hand(4, 200, low + 5, 100) > 0.025
    assert 1 - cdf_by_hand(4, 200, low + 4, 100) <= 0.025
    assert cdf_by_hand(5, 200, high + 5, 100) > 0.025
    assert cdf_by_hand(5, 200, high + 6, 100) <= 0.025


def _event(record: str, decision: str, mode: str, reason: str = "") -> Event:
    return Event(record, decision, reason=reason, mode=mode, rank=0)


def test_status_reads_the_random_sample_at_the_end_of_the_log():
    log = AuditLog()
    for i in range(30):  # model order: 8 relevant (one a maybe) among 30
        decision = "include" if i < 7 else ("maybe" if i == 7 else "exclude")
        log.append(_event(f"m{i}", decision, "random" if i < 2 else "model"))
    for i in range(60):  # then a random sample of 60 of the 170 left: nothing relevant
        log.append(_event(f"s{i}", "exclude", "sample", reason="off topic"))
    log.append(Event("s59", "undo"))  # the last one undone: the sample goes on with 59
    assert sample_start(log) == 30
    now = status(log, records=200)
    assert (now.screened, now.included, now.maybe, now.excluded) == (89, 7, 1, 81)
    check = now.statistical
    assert (check.urn, check.found_before, check.sample, check.found_in_sample) == (170, 8, 59, 0)
    assert check.p_value == pytest.approx(cdf_by_hand(0, 170, check.k_target, 59), rel=1e-9)
    assert now.relevant_left is not None and now.relevant_left[1] == 0
    assert now.heuristic.run == 81  # the heuristic counts from the model's first decision


def test_a_decision_outside_the_sample_starts_a_new_one():
    log = AuditLog()
    log.append(_event("a", "include", "model"))
    log.append(_event("b", "exclude", "sample"))
    log.append(_event("c", "include", "chosen"))  # picked by hand: no longer a random sample
    assert sample_start(log) is None and status(log, 10).statistical is None
    log.append(_event("d", "exclude", "sample"))
    assert sample_start(log) == 3
    log.append(Event("a", "undo"))  # undoing a decision from before the sample breaks it too
    assert sample_start(log) is None
