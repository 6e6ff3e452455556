"""The benchmark code imports and writes its report (the benchmarks themselves run only in
``make bench``): made-up figures go through the same writer as real ones."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from bench import report
from bench.__main__ import BENCHES, parse
from bench.timing import measure, ratios, side_by_side


def fake_run() -> report.Run:
    section = report.Section("evaluation", "Evaluation against the raw-SQL floor")
    section.figures += [
        report.Figure("evaluate", (1.2, 1.0, 1.4, 1.1, 1.3)),
        report.Figure("floor", (0.04, 0.05, 0.06, 0.05, 0.05)),
        report.Figure("evaluate ÷ floor", (1.5, 1.9, 2.1, 1.8, 1.7), "x"),
    ]
    section.goals += [
        report.Goal("evaluation ÷ raw-SQL floor", "≤ 2×", "1.80×", True),
        report.Goal("one cell's PDF", "< 0.5 s", "not yet available", None),
        report.Goal("dashboard p95", "< 150 ms", "180 ms", False),
    ]
    section.notes.append("A note.")
    return report.Run(
        machine={"CPU": "2 cores", "PostgreSQL": "15.8"},
        dataset={"cells": "2,005"},
        sections=[section],
        started=datetime.datetime(2026, 11, 27, 1, 0, tzinfo=datetime.UTC),
        seconds=600,
    )


def test_the_report_lists_machine_figures_and_goals_with_their_verdicts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "docs" / "performance.md"
    report.write(fake_run(), path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n")
    assert "| PostgreSQL | 15.8 |" in text
    assert "| cells | 2,005 |" in text
    assert "| evaluate | 1.20 s | 1.00 s | 1.40 s | 5 |" in text
    assert "| evaluate ÷ floor | 1.80× | 1.50× | 2.10× | 5 |" in text
    assert "| evaluation ÷ raw-SQL floor | ≤ 2× | 1.80× | **met** |" in text
    assert "| dashboard p95 | < 150 ms | 180 ms | **not met** |" in text
    assert "| one cell's PDF | < 0.5 s | not yet available | **not measured** |" in text
    assert "- A note." in text


def test_a_figure_is_the_median_of_its_runs_with_min_and_max() -> None:
    figure = report.Figure("x", (3.0, 1.0, 2.0, 5.0, 4.0))
    assert (figure.median, figure.low, figure.high) == (3.0, 1.0, 5.0)
    assert report.fmt(0.0123, "s") == "12.3 ms"
    assert report.fmt(2.5, "s") == "2.50 s"


def test_timings_keep_every_run_and_ratios_pair_them_run_by_run() -> None:
    figure = measure("noop", lambda: None, 5)
    assert len(figure.samples) == 5
    series = side_by_side({"a": lambda: None, "b": lambda: None}, 5)
    assert {name: len(s) for name, s in series.items()} == {"a": 5, "b": 5}
    assert ratios([2.0, 3.0], [1.0, 2.0]) == (2.0, 1.5)


def test_the_driver_runs_a_subset_and_refuses_unknown_names() -> None:
    assert parse([]).names == []
    assert parse(["evaluation", "--quick"]).quick is True
    assert set(BENCHES) >= {"evaluation", "pages", "load", "instances", "pdfs"}
    with pytest.raises(SystemExit):
        parse(["nonsense"])
