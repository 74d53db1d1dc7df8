"""``paperwidgets screen simulate``: the screening simulation from a terminal, as JSON."""

from __future__ import annotations

import argparse
from typing import Any

from paperwidgets.screening.stopping import HEURISTIC_RUN


def _recall(text: str) -> float:
    """A recall target in (0, 1] (argparse turns the ValueError into one line)."""
    value = float(text)
    if not 0 < value <= 1:
        raise ValueError(text)
    return value


def _confidence(text: str) -> float:
    """A confidence level in (0, 1)."""
    value = float(text)
    if not 0 < value < 1:
        raise ValueError(text)
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def _simulate(args: argparse.Namespace) -> int:
    from paperwidgets.screening.simulation import simulate

    result = simulate(
        args.file,
        label_column=args.label_column,
        seed=args.seed,
        recall=args.recall,
        confidence=args.confidence,
        rule=args.rule,
        order=args.order,
        run=args.streak,
        sample_after=args.sample_after,
    )
    print(result.to_json())
    return 0


def add_screen_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """Register ``screen simulate`` under ``commands``."""
    screen = commands.add_parser("screen", help="systematic-review screening tools")
    sub = screen.add_subparsers(dest="screen_command", metavar="ACTION", required=True)
    simulate = sub.add_parser(
        "simulate",
        help="screen a labelled listing with its labels as the oracle; print one JSON line",
    )
    simulate.add_argument("file", help="a listing with a 0/1 label column (CSV, RIS, …)")
    simulate.add_argument("--label-column", default="label_included", help="the 0/1 column")
    simulate.add_argument("--seed", type=int, default=0, help="seed of the queue (default 0)")
    simulate.add_argument("--recall", type=_recall, default=0.95, help="recall target")
    simulate.add_argument("--confidence", type=_confidence, default=0.95, help="confidence level")
    simulate.add_argument(
        "--rule",
        choices=("statistical", "heuristic"),
        default="statistical",
        help="stopping rule: the hypergeometric test (default) or N irrelevant in a row",
    )
    simulate.add_argument(
        "--order", choices=("model", "random"), default="model", help="screening order"
    )
    simulate.add_argument(
        "--run",
        dest="streak",
        type=_positive,
        default=HEURISTIC_RUN,
        help=f"irrelevant records in a row that stop the heuristic (default {HEURISTIC_RUN})",
    )
    simulate.add_argument(
        "--sample-after",
        type=_positive,
        default=None,
        metavar="N",
        help="irrelevant records in a row before the random sample begins "
        "(default: 50 or 5%% of the records, whichever is more)",
    )
    simulate.set_defaults(run=_simulate)
