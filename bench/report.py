"""The results of a benchmark run and the Markdown report written from them.

Pure data and text: nothing here touches Django or the database, so that ``tests/test_bench.py`` can
write a report from made-up figures.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured quantity: every sample of the run (seconds unless ``unit`` says otherwise)."""

    name: str
    samples: tuple[float, ...]
    unit: str = "s"

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)


@dataclass(frozen=True)
class Goal:
    """A goal of the issue with the value measured for it. ``met`` None: not measured in this run."""

    name: str
    target: str
    measured: str
    met: bool | None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.met is None:
            return "not measured"
        return "met" if self.met else "not met"


@dataclass
class Section:
    """The outcome of one benchmark: its figures, goals, free text (tables, plans) and notes."""

    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Run:
    machine: dict[str, str]
    dataset: dict[str, str]
    sections: list[Section]
    started: datetime.datetime
    seconds: float
    quick: bool = False
    subset: tuple[str, ...] = ()


def fmt(value: float, unit: str) -> str:
    if unit == "s":
        if value < 1:
            return f"{value * 1000:.1f} ms"
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "queries":
        return f"{value:.0f}"
    return f"{value:g} {unit}"


def figure_row(figure: Figure) -> str:
    return (
        f"| {figure.name} | {fmt(figure.median, figure.unit)} | "
        f"{fmt(figure.low, figure.unit)} | {fmt(figure.high, figure.unit)} | "
        f"{len(figure.samples)} |"
    )


def render(run: Run) -> str:
    """The whole of ``docs/performance.md``."""
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (`python -m bench`); do not edit by hand: the next run rewrites it.",
        "",
        f"Run started {run.started:%Y-%m-%d %H:%M} UTC, took {run.seconds / 60:.1f} min"
        + (
            " — **quick mode** (small data, fewer runs: not the reference figures)"
            if run.quick
            else ""
        )
        + (f" — only: {', '.join(run.subset)}" if run.subset else "")
        + ".",
        "",
        "Each figure is the median of its runs, with the fastest and the slowest. This machine is shared, so "
        "absolute times are noisy; the ratios, measured side by side in the same run, are what to compare "
        "from one run to the next.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {key} | {value} |" for key, value in run.machine.items()],
        "",
        "## Data set",
        "",
        "| | |",
        "|---|---|",
        *[f"| {key} | {value} |" for key, value in run.dataset.items()],
        "",
        "## Goals",
        "",
        "| goal | target | measured | verdict |",
        "|---|---|---|---|",
    ]
    for section in run.sections:
        for goal in section.goals:
            note = f" ({goal.note})" if goal.note else ""
            lines.append(
                f"| {goal.name} | {goal.target} | {goal.measured}{note} | **{goal.verdict}** |"
            )
    for section in run.sections:
        lines += ["", f"## {section.title}", ""]
        if section.figures:
            lines += [
                "| figure | median | min | max | runs |",
                "|---|---|---|---|---|",
                *[figure_row(f) for f in section.figures],
                "",
            ]
        for block in section.text:
            lines += [block, ""]
        for note in section.notes:
            lines.append(f"- {note}")
        if section.notes:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write(run: Run, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(run), encoding="utf-8")
