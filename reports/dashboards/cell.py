"""The cell page (the home of a cell secretary): the roll today, the meetings to hold, this year's criteria
with their evidence, and each scored meeting's gap to the model bar with its two score sheets side by side.

A constant number of queries whatever the size of the cell: the roll counted in one query, the planned
meetings in one, and one ``evaluate`` call for the year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from cells.models import Cell, CellMembership, Member, StatusKind, StatusPeriod
from meetings.models import MeetingState
from reports.dashboards.base import (
    PlannedMeeting,
    day_text,
    model_bar,
    score_text,
)
from reports.dashboards.risk import CellRisk, cell_risk
from reports.dashboards.verdicts import Verdict, verdict_of
from reports.dashboards.ward import planned_meetings
from scoring.attendance import EVALUATED_KINDS
from scoring.cache import evaluate_cached
from scoring.classes import meets_model_bar
from scoring.domain import Evidence
from scoring.services import CellEvaluation

# DOMAIN.md "Meeting scores": a difference of more than 5 points between the two sheets is flagged.
SCORE_DIFFERENCE_FLAG = Decimal(5)
EVIDENCE_SHOWN = 5  # evidence items shown at once; the rest behind "and N more"
# Meeting kinds in a few words, for a table read on a phone.
SHORT_KINDS = {
    "regular": pgettext_lazy("meeting kind, short", "regular"),
    "thematic": pgettext_lazy("meeting kind, short", "thematic"),
    "combined": pgettext_lazy("meeting kind, short", "regular + thematic"),
}


@dataclass(frozen=True)
class RollCounts:
    """Members on the roll today (đảng viên trong danh sách sinh hoạt), official and probationary, and
    how many of them are exempt from activities today."""

    total: int
    official: int
    exempt: int

    @property
    def probationary(self) -> int:
        return self.total - self.official


@dataclass(frozen=True)
class EvidenceRow:
    text: str
    date_text: str  # "" when the date is in the text already, or there is none


@dataclass(frozen=True)
class CriterionRow:
    number: int
    title: str
    verdict: Verdict
    detail: str
    value_text: str
    required_text: str
    evidence: tuple[EvidenceRow, ...]
    more_evidence: tuple[EvidenceRow, ...]


@dataclass(frozen=True)
class ScoreRow:
    """A scored meeting: its two sheets, their difference, the meeting's score and its gap to the bar."""

    held_on: datetime.date
    kind_label: str | Promise
    self_text: str
    upper_text: str
    difference_text: str
    difference_flagged: bool
    score_text: str
    meeting_class: int | None
    meets_bar: bool
    gap_text: str  # points short of the bar; "" when the points reach it
    class_short: bool  # the points reach the bar but the meeting is not class 1


@dataclass(frozen=True)
class CellPage:
    cell: Cell
    year: int
    as_of: datetime.date
    today: datetime.date
    roll: RollCounts
    coming: tuple[PlannedMeeting, ...]
    overdue: tuple[PlannedMeeting, ...]
    drafts: tuple[PlannedMeeting, ...]
    criteria: tuple[CriterionRow, ...]
    model_cell: bool
    year_open: bool
    risk: CellRisk | None
    scores: tuple[ScoreRow, ...]
    unscored: tuple[datetime.date, ...]
    bar_text: str
    flagged_differences: int
    meetings_url: str | None


def roll_counts(cell: Cell, day: datetime.date) -> RollCounts:
    """The members on the cell's roll on ``day``, counted in one query."""
    on_roll = CellMembership.objects.filter(
        cell=cell, member=OuterRef("pk"), start__lte=day
    ).filter(Q(end__isnull=True) | Q(end__gte=day))
    exempt = StatusPeriod.objects.filter(
        member=OuterRef("pk"),
        kind=StatusKind.EXEMPT,
        approved=True,
        start__lte=day,
    ).filter(Q(end__isnull=True) | Q(end__gte=day))
    counts = Member.objects.filter(Exists(on_roll)).aggregate(
        total=Count("pk"),
        official=Count("pk", filter=Q(official_on__lte=day)),
        exempt=Count("pk", filter=Q(Exists(exempt))),
    )
    return RollCounts(counts["total"], counts["official"], counts["exempt"])


def meetings_url(cell: Cell) -> str | None:
    """The cell's list of meetings, when the meetings pages exist."""
    try:
        return reverse("meetings:meeting_list", kwargs={"cell_code": cell.code})
    except NoReverseMatch:
        return None


def evidence_rows(evidence: tuple[Evidence, ...]) -> list[EvidenceRow]:
    rows = []
    for item in evidence:
        date = day_text(item.date) if item.date else ""
        rows.append(EvidenceRow(item.text, "" if date in item.text else date))
    return rows


def percent_text(value: float | None) -> str:
    return "" if value is None else score_text(value) + "%"


def criterion_rows(evaluation: CellEvaluation) -> tuple[CriterionRow, ...]:
    rows = []
    for criterion in sorted(evaluation.criteria, key=lambda c: c.entry.number):
        result = criterion.result
        evidence = evidence_rows(result.evidence)
        rows.append(
            CriterionRow(
                number=criterion.entry.number,
                title=criterion.entry.title,
                verdict=verdict_of(result.state),
                detail=result.detail,
                value_text=percent_text(result.value),
                required_text=percent_text(result.required),
                evidence=tuple(evidence[:EVIDENCE_SHOWN]),
                more_evidence=tuple(evidence[EVIDENCE_SHOWN:]),
            )
        )
    return tuple(rows)


def score_rows(evaluation: CellEvaluation, bar: Decimal) -> tuple[ScoreRow, ...]:
    rows = []
    for meeting in evaluation.facts.meetings:
        if meeting.kind not in EVALUATED_KINDS or not meeting.is_scored:
            continue
        self_score, upper = meeting.self_score, meeting.upper_score
        difference = (
            upper - self_score if upper is not None and self_score is not None else None
        )
        meets = meets_model_bar(meeting.meeting_class, meeting.score, bar)
        gap = max(bar - meeting.score, Decimal(0))
        rows.append(
            ScoreRow(
                held_on=meeting.held_on,
                kind_label=SHORT_KINDS.get(meeting.kind, meeting.kind),
                self_text=score_text(self_score),
                upper_text=score_text(upper),
                difference_text=signed_text(difference),
                difference_flagged=difference is not None
                and abs(difference) > SCORE_DIFFERENCE_FLAG,
                score_text=score_text(meeting.score),
                meeting_class=meeting.meeting_class,
                meets_bar=meets,
                gap_text=score_text(gap) if gap > 0 else "",
                class_short=not meets and gap == 0,
            )
        )
    return tuple(rows)


def signed_text(value: Decimal | None) -> str:
    """A difference with its sign: +2, −6,5, 0; "–" for none."""
    if value is None:
        return "–"
    if value > 0:
        return "+" + score_text(value)
    if value < 0:
        return "−" + score_text(-value)
    return "0"


def cell_page(
    cell: Cell, *, year: int, as_of: datetime.date, today: datetime.date
) -> CellPage:
    """The cell page of ``cell`` for ``year`` as known at ``as_of``; the roll and the meetings to hold
    are those of ``today``."""
    (evaluation,) = evaluate_cached(year, [cell], as_of)
    planned = planned_meetings([cell.pk]).get(cell.pk, [])
    bar = model_bar(evaluation)
    scores = score_rows(evaluation, bar)
    return CellPage(
        cell=cell,
        year=year,
        as_of=as_of,
        today=today,
        roll=roll_counts(cell, today),
        coming=tuple(
            p for p in planned if p.state == MeetingState.PLANNED and p.held_on >= today
        ),
        overdue=tuple(
            p for p in planned if p.state == MeetingState.PLANNED and p.held_on < today
        ),
        drafts=tuple(p for p in planned if p.state == MeetingState.DRAFT),
        criteria=criterion_rows(evaluation),
        model_cell=evaluation.model_cell,
        year_open=as_of < datetime.date(year, 12, 31),
        risk=cell_risk(evaluation, [p for p in planned if p.held_on.year == year]),
        scores=scores,
        unscored=tuple(
            m.held_on
            for m in evaluation.facts.meetings
            if m.kind in EVALUATED_KINDS and not m.is_scored
        ),
        bar_text=score_text(bar),
        flagged_differences=sum(1 for row in scores if row.difference_flagged),
        meetings_url=meetings_url(cell),
    )
