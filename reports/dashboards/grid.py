"""The grid of meetings month by month and the chart of scores over the months (the ward dashboard)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from meetings.models import MeetingState
from reports.dashboards.base import (
    REGULAR_KINDS,
    THEMATIC_KINDS,
    PlannedMeeting,
    average,
    day_text,
    month_end,
    score_text,
)
from scoring.classes import MODEL_BAR, meets_model_bar
from scoring.domain import CellYearFacts, MeetingFact


@dataclass(frozen=True)
class MonthCell:
    """One month of one cell in the grid of meetings.

    ``status``: ``held`` (a regular or combined meeting counted), ``missing`` (the month has ended without
    one), ``open`` (not ended yet, none so far), ``none`` (the cell did not exist that month).
    """

    month: int
    status: str
    text: str  # what the grid shows: the score, ✓ (held, unscored), ✗ (missing), – (no cell)
    below_bar: bool
    unscored: bool
    thematic: bool
    planned: tuple[PlannedMeeting, ...]
    description: str  # the same in words, for screen readers and the tooltip


def existed_during(
    facts: CellYearFacts, start: datetime.date, end: datetime.date
) -> bool:
    if facts.founded_on and facts.founded_on > end:
        return False
    return not (facts.dissolved_on and facts.dissolved_on < start)


def month_cells(
    facts: CellYearFacts, planned: Sequence[PlannedMeeting], bar: Decimal = MODEL_BAR
) -> tuple[MonthCell, ...]:
    """The twelve months of the cell's year: the regular meeting held (its score), the months that ended
    without one, the thematic meetings and the meetings planned."""
    months = []
    for month in range(1, 13):
        start = datetime.date(facts.year, month, 1)
        end = month_end(facts.year, month)
        held = [m for m in facts.meetings if start <= m.held_on <= end]
        plans = tuple(p for p in planned if start <= p.held_on <= end)
        regular = [m for m in held if m.kind in REGULAR_KINDS]
        thematic = any(m.kind in THEMATIC_KINDS for m in held)
        words: list[str] = []
        below_bar = unscored = False
        if not existed_during(facts, start, end):
            status, text = "none", "–"
            words.append(_("the cell did not exist"))
        elif regular:
            status = "held"
            text, below_bar, unscored = regular_mark(regular, bar)
            words.extend(meeting_words(m, bar) for m in regular)
        elif end <= facts.as_of:
            status, text = "missing", "✗"
            words.append(_("no regular meeting"))
        else:
            status, text = "open", ""
            if start <= facts.as_of:
                words.append(_("no regular meeting yet"))
        words.extend(meeting_words(m, bar) for m in held if m.kind == "thematic")
        for plan in plans:
            words.append(planned_words(plan))
        months.append(
            MonthCell(
                month=month,
                status=status,
                text=text,
                below_bar=below_bar,
                unscored=unscored,
                thematic=thematic,
                planned=plans,
                description="; ".join(words),
            )
        )
    return tuple(months)


def regular_mark(
    regular: Sequence[MeetingFact], bar: Decimal = MODEL_BAR
) -> tuple[str, bool, bool]:
    """The month's mark: the lowest score of its regular meetings (✓ when none is scored), whether it is
    below the model bar, and whether a meeting is unscored."""
    scored = [m for m in regular if m.is_scored]
    unscored = len(scored) < len(regular)
    if not scored:
        return "✓", False, unscored
    lowest = min(scored, key=lambda m: m.score)
    below = not meets_model_bar(lowest.meeting_class, lowest.score, bar)
    return score_text(lowest.score), below, unscored


def meeting_words(meeting: MeetingFact, bar: Decimal = MODEL_BAR) -> str:
    kind = {
        "regular": _("regular meeting"),
        "thematic": _("thematic meeting"),
        "combined": _("regular and thematic meeting"),
        "study": _("resolution study session"),
    }.get(meeting.kind, meeting.kind)
    if not meeting.is_scored:
        if meeting.kind == "study":
            return _("%(kind)s on %(date)s") % {
                "kind": kind,
                "date": day_text(meeting.held_on),
            }
        return _("%(kind)s on %(date)s, not scored") % {
            "kind": kind,
            "date": day_text(meeting.held_on),
        }
    text = _("%(kind)s on %(date)s, %(score)s points, class %(c)s") % {
        "kind": kind,
        "date": day_text(meeting.held_on),
        "score": score_text(meeting.score),
        "c": meeting.meeting_class,
    }
    if not meets_model_bar(meeting.meeting_class, meeting.score, bar):
        text += " " + _("(below the model bar)")
    return text


def planned_words(plan: PlannedMeeting) -> str:
    if plan.state == MeetingState.PLANNED:
        return _("planned for %(date)s") % {"date": day_text(plan.held_on)}
    return _("logged on %(date)s, not submitted yet") % {"date": day_text(plan.held_on)}


def score_chart(
    points: Iterable[tuple[int, Decimal]], year: int, bar: Decimal = MODEL_BAR
) -> dict:
    """The data of the chart of scores over the months: the average and the lowest score of the scored
    meetings of each month (``points`` are their ``(month, score)``), and the model bar (for
    ``json_script``: plain numbers, None for a month without a scored meeting)."""
    by_month: dict[int, list[Decimal]] = defaultdict(list)
    for month, score in points:
        by_month[month].append(score)
    averages, lowest = [], []
    for month in range(1, 13):
        scores = by_month.get(month, [])
        mean = average(scores)
        averages.append(round(float(mean), 1) if mean is not None else None)
        lowest.append(round(float(min(scores)), 1) if scores else None)
    return {
        "labels": [
            pgettext("short month", "M%(m)d") % {"m": month} for month in range(1, 13)
        ],
        "title": _("Meeting scores in %(year)d") % {"year": year},
        "datasets": {
            "average": {"label": _("Average score"), "data": averages},
            "lowest": {"label": _("Lowest score"), "data": lowest},
            "bar": {
                "label": _("Model bar (%(bar)s points)") % {"bar": score_text(bar)},
                "data": [float(bar)] * 12,
            },
        },
        "empty": not by_month,
    }
