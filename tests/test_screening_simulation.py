"""The simulation: metrics against hand-computed values, the whole loop on a tiny hand-made
dataset, a real labelled subset, and the command line in a subprocess."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from paperwidgets.screening import metrics, simulate
from paperwidgets.screening.learner import permutation

NAGTEGAAL = Path(__file__).parent / "fixtures" / "screening" / "nagtegaal-2019-subset.csv"


def test_wss_and_rrf_by_hand():
    labels = [1, 0, 1, 0, 0, 1, 0, 0, 0, 0]
    # 3 relevant; 95 % of 3 needs all 3, found at the 6th record: (10 - 6) / 10 - 0.05
    assert metrics.wss(labels) == pytest.approx(0.35)
    assert metrics.wss(labels, recall=0.5) == pytest.approx((10 - 3) / 10 - 0.5)  # 2 of 3
    assert metrics.rrf(labels) == pytest.approx(1 / 3)  # the first ⌈10 % of 10⌉ = 1 record
    assert metrics.rrf(labels, share=0.3) == pytest.approx(2 / 3)
    # 20 relevant: 95 % is exactly 19 (no float rounding up to 20)
    assert metrics.needed(20, 0.95) == 19
    assert metrics.wss([0] * 80 + [1] * 20) == pytest.approx(1 / 100 - 0.05)  # 99th record
    with pytest.raises(ValueError, match="no relevant record"):
        metrics.wss([0, 0, 0])


RELEVANT = [
    "Zebrafish heart regeneration: cardiomyocyte proliferation after cryoinjury",
    "Cardiomyocyte dedifferentiation drives zebrafish ventricle regeneration",
    "Epicardial signals in zebrafish heart regeneration and cardiomyocyte renewal",
]
TOPICS = [
    "wheat yield nitrogen fertiliser", "compiler register allocation", "songbird migration",
    "glacier melt albedo", "bond market liquidity", "medieval manuscript dating",
    "lithium battery anode", "coral reef bleaching", "urban traffic congestion",
    "volcanic ash aviation", "protein folding simulation", "wind turbine wake",
    "dairy cattle welfare", "quantum dot lasers", "election turnout forecasting",
    "soil erosion terraces", "graphene membrane filtration", "river delta sediment",
    "honeybee colony collapse",
]  # fmt: skip


@pytest.fixture()
def tiny(tmp_path: Path) -> tuple[Path, np.ndarray]:
    """60 records, 3 relevant: no word in common between relevant and irrelevant ones."""
    rows = [(title, 1) for title in RELEVANT]
    rows += [(f"{topic} {part}", 0) for topic in TOPICS for part in ("survey", "trial", "model")]
    path = tmp_path / "tiny.csv"
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["title", "label_included"])
        writer.writerows(rows)
    return path, np.array([label for _, label in rows])


def random_start(labels: np.ndarray, seed: int) -> list[int]:
    """The records screened at random until both an inclusion and an exclusion are seen."""
    taken: list[int] = []
    for position in permutation(len(labels), seed, 0):
        taken.append(int(position))
        if len({labels[p] for p in taken}) == 2:
            return taken
    return taken


@pytest.mark.parametrize("seed", [0, 3, 32])  # relevant first found late, 2nd, 1st
def test_the_whole_loop_on_a_tiny_dataset_matches_a_hand_count(tiny, seed):
    path, labels = tiny
    start = random_start(labels, seed)
    # after the random start the model ranks the relevant records left first
    order = start + [p for p in range(3) if p not in start]
    n95 = [i for i, p in enumerate(order) if labels[p]][2] + 1  # the 3rd (95 % of 3)
    rrf_first = math.ceil(0.1 * 60)  # 6 records
    # statistical rule: the sample begins after the model's 2 irrelevant in a row (asked);
    # then every relevant record is found (3 before), so K_tar = ⌊3 / 0.95 − 3⌋ + 1 = 1 and
    # p = P(no relevant in n of the urn | 1 relevant) = (urn − n) / urn, below 0.05 first at
    sample_from = max(n95, len(start)) + 2
    urn = 60 - sample_from
    drawn = next(n for n in range(1, urn + 1) if (urn - n) / urn < 0.05)

    result = simulate(path, seed=seed, sample_after=2)
    assert (result.records, result.included) == (60, 3)
    assert result.wss95 == pytest.approx((60 - n95) / 60 - 0.05)
    screened_first = (order + [-1] * 60)[:rrf_first]
    assert result.rrf10 == pytest.approx(sum(labels[p] for p in screened_first if p >= 0) / 3)
    assert (result.stopped_at, result.recall_at_stop) == (sample_from + drawn, 1.0)
    assert result.check.urn == urn and result.check.k_target == 1

    heuristic = simulate(path, seed=seed, run=2, rule="heuristic")
    assert heuristic.stopped_at == sample_from and heuristic.rule == "heuristic"
    assert heuristic.check.why.startswith("Heuristic, no statistical guarantee")


def test_a_real_labelled_subset_learns_where_random_order_does_not():
    # 60 records of Nagtegaal et al. 2019 (10 included), see tests/fixtures/README.md
    for seed in range(3):
        learned = simulate(NAGTEGAAL, seed=seed, sample_after=10)
        shuffled = simulate(NAGTEGAAL, seed=seed, order="random")
        assert learned.wss95 > 0.4 > 0.1 > shuffled.wss95
        assert learned.recall_at_stop >= 0.95  # the test's guarantee (at 95 % confidence)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paperwidgets", "screen", "simulate", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_command_prints_one_json_line_the_same_as_the_function(tiny):
    path, _ = tiny
    done = run_cli(str(path), "--seed", "5", "--recall", "0.95", "--confidence", "0.9",
                   "--sample-after", "2")  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    printed = json.loads(lines[0])
    assert list(printed) == [
        "records", "included", "wss95", "rrf10", "stopped_at", "recall_at_stop", "rule",
    ]  # fmt: skip
    assert printed == simulate(path, seed=5, confidence=0.9, sample_after=2).summary()
    assert printed["stopped_at"] < 60  # the sample began after 2, not the default 50


def test_the_command_reads_a_label_column_by_name_and_says_what_is_wrong(tmp_path):
    table = tmp_path / "mine.csv"
    table.write_text("title,relevant\nA paper on zebrafish hearts,yes\nA paper on wheat,no\n")
    done = run_cli(str(table), "--label-column", "relevant")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["included"] == 1

    missing = run_cli(str(table))
    assert missing.returncode == 2
    assert missing.stderr.strip() == (
        f"paperwidgets: error: {table}: no label column 'label_included' (pass --label-column)"
    )
    table.write_text("title,relevant\nA paper,perhaps\nAnother,0\n")
    bad = run_cli(str(table), "--label-column", "relevant")
    assert bad.returncode == 2 and "label 'perhaps' in 'relevant' is not 0/1" in bad.stderr
    assert len(bad.stderr.splitlines()) == 1
