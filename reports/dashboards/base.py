"""Small pieces shared by the dashboards: periods of the year, dates and points as people write them, and
the meetings that are not counted yet (planned, draft)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from meetings.models import MeetingKind
from scoring.attendance import EVALUATED_KINDS
from scoring.classes import MODEL_BAR, points_text
from scoring.domain import MeetingFact
from scoring.services import CellEvaluation

REGULAR_KINDS = frozenset({"regular", "combined"})
THEMATIC_KINDS = frozenset({"thematic", "combined"})


@dataclass(frozen=True)
class PlannedMeeting:
    """A meeting that does not count yet: ``planned`` (date and topic only) or ``draft`` (being logged)."""

    id: int
    cell_id: int
    key: str
    held_on: datetime.date
    kind: str
    state: str
    topic: str = ""

    @property
    def kind_label(self) -> str:
        return str(MeetingKind(self.kind).label)


def day_text(day: datetime.date) -> str:
    """dd/mm/yyyy, in both languages (DESIGN.md "Settings")."""
    return day.strftime("%d/%m/%Y")


def month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter)


def score_text(points: Decimal | float | None) -> str:
    """Points with the decimal comma in Vietnamese (97,5), one decimal at most; "–" for none."""
    if points is None:
        return "–"
    return points_text(Decimal(str(points)).quantize(Decimal("0.1")).normalize())


def scored_meetings(meetings: Iterable[MeetingFact]) -> list[MeetingFact]:
    """The regular, thematic and combined meetings that have a score (study sessions are never scored)."""
    return [m for m in meetings if m.kind in EVALUATED_KINDS and m.is_scored]


def average(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)


def model_bar(evaluation: CellEvaluation) -> Decimal:
    """The points a meeting needs for the model bar: the parameter of the cell's criterion on meeting
    scores in the catalogue (98 by default [seed])."""
    for criterion in evaluation.criteria:
        if criterion.entry.rule == "meeting_scores":
            return Decimal(str(criterion.entry.params.get("bar", MODEL_BAR)))
    return MODEL_BAR
