"""The Excel exports of the screens' tables, built from the selectors the screens use, so that every
number is the one on the screen: the ward dashboard (criteria by cell with their values, meetings month
by month), a cell's criteria for a year, a cell's meetings of a year, and the members' ratings list.

Each builder reads with a constant number of queries whatever the number of rows, and returns a workbook.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from cells.models import Cell
from meetings.models import Meeting, MeetingKind, MeetingState
from meetings.selectors import AttendanceCounts, meeting_rows, meetings_for
from reports.dashboards.base import average, scored_meetings
from reports.dashboards.verdicts import verdict_of
from reports.dashboards.ward import build_dashboard, cells_of_year, planned_meetings
from reports.documents.ratings import ratings_list
from reports.exports.sheets import Column, add_table, new_workbook
from scoring.facts import meeting_scores
from scoring.services import CellEvaluation, evaluate
from scoring.web_views import class_label
from wards.models import Ward

TENTH = Decimal("0.1")


def tenth(value: Decimal | float | None) -> Decimal | None:
    """A number as the screens round it (one decimal, as ``score_text`` does)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(TENTH)


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def month_value(text: str, status: str) -> Decimal | str:
    """A month of the grid: its score as a number when one is shown, else the screen's mark."""
    if status == "held" and text not in ("", "✓"):
        return Decimal(text.replace(",", "."))
    return text


# --- The ward dashboard --------------------------------------------------------------------------


def ward_grid_workbook(
    ward: Ward, cells: QuerySet[Cell], *, year: int, as_of: datetime.date
) -> Workbook:
    """The ward dashboard's tables for ``year`` as known at ``as_of``, over ``cells`` (filtered as on the
    screen): the verdicts of criteria 1–13 by cell, their values, and the meetings month by month."""
    cell_list = list(cells_of_year(cells, year).order_by("code"))
    evaluations = evaluate(year, cell_list, as_of)
    planned = planned_meetings([cell.pk for cell in cell_list], year=year)
    dashboard = build_dashboard(ward, evaluations, planned, year=year, as_of=as_of)
    numbers = range(1, 14)
    workbook = new_workbook()
    add_table(
        workbook,
        _("Criteria by cell"),
        [
            Column(_("Code"), 11),
            Column(_("Party cell"), 32),
            Column(_("Kind"), 18),
            *(Column(str(n), 12) for n in numbers),
            Column(_("Model cell"), 12),
        ],
        [
            [
                row.code,
                row.name,
                str(row.kind_label),
                *(str(v.verdict.label) for v in row.verdicts),
                yes_no(row.model_cell),
            ]
            for row in dashboard.rows
        ],
    )
    add_table(
        workbook,
        _("Values of the criteria"),
        [
            Column(_("Code"), 11),
            Column(_("Party cell"), 32),
            *(Column(str(n), 9, "percent") for n in numbers),
        ],
        [criterion_values(evaluation) for evaluation in evaluations],
    )
    add_table(
        workbook,
        _("Meetings month by month"),
        [
            Column(_("Code"), 11),
            Column(_("Party cell"), 32),
            *(
                Column(pgettext("short month", "M%(m)d") % {"m": m}, 7, "number")
                for m in numbers[:12]
            ),
            Column(_("Held"), 8, "integer"),
            Column(_("Average"), 9, "number"),
            Column(_("Lowest"), 9, "number"),
        ],
        [
            [
                row.code,
                row.name,
                *(month_value(month.text, month.status) for month in row.months),
                row.held,
                *score_stats(evaluation),
            ]
            for row, evaluation in zip(dashboard.rows, evaluations, strict=True)
        ],
    )
    add_table(
        workbook,
        _("Criteria"),
        [Column(_("No."), 6, "integer"), Column(_("Criterion"), 70)],
        [
            [entry.number, "; ".join(title for title, _kinds in entry.titles)]
            for entry in dashboard.legend
        ],
    )
    return workbook


def criterion_values(evaluation: CellEvaluation) -> list:
    by_number = {c.entry.number: c.result.value for c in evaluation.criteria}
    return [
        evaluation.facts.code,
        evaluation.facts.name,
        *(tenth(by_number.get(n)) for n in range(1, 14)),
    ]


def score_stats(evaluation: CellEvaluation) -> tuple[Decimal | None, Decimal | None]:
    """The average and the lowest score of the cell's scored meetings, as the grid shows them."""
    scores = [m.score for m in scored_meetings(evaluation.facts.meetings)]
    return tenth(average(scores)), tenth(min(scores, default=None))


# --- One cell ------------------------------------------------------------------------------------


def cell_criteria_workbook(cell: Cell, *, year: int, as_of: datetime.date) -> Workbook:
    """The criteria table of the cell page: number, title, requirement, value, verdict, detail."""
    (evaluation,) = evaluate(year, [cell], as_of)
    workbook = new_workbook()
    add_table(
        workbook,
        _("Criteria %(year)s") % {"year": year},
        [
            Column(_("No."), 6, "integer"),
            Column(_("Criterion"), 48),
            Column(_("Requirement (%)"), 13, "percent"),
            Column(_("Result (%)"), 11, "percent"),
            Column(_("Verdict"), 22),
            Column(_("Detail"), 70),
        ],
        [
            [
                c.entry.number,
                c.entry.title,
                tenth(c.result.required),
                tenth(c.result.value),
                str(verdict_of(c.result.state).label),
                c.result.detail,
            ]
            for c in sorted(evaluation.criteria, key=lambda c: c.entry.number)
        ],
    )
    return workbook


def cell_meetings_workbook(cell: Cell, *, year: int, today: datetime.date) -> Workbook:
    """The cell's meetings of ``year`` by date, as the meetings list counts them (present, on the roll,
    attendance rate), with their scores as the cell page shows them (self, upper, the meeting's score
    and class)."""
    meetings = meetings_for(cell, today=today).filter(held_on__year=year)
    rows = sorted(
        meeting_rows(meetings), key=lambda r: (r.meeting.held_on, r.meeting.pk)
    )
    scores = meeting_scores(Meeting.objects.filter(cell=cell, held_on__year=year))
    workbook = new_workbook()
    add_table(
        workbook,
        _("Meetings %(year)s") % {"year": year},
        [
            Column(_("Date"), 12, "date"),
            Column(_("Kind"), 26),
            Column(_("Topic"), 44),
            Column(_("State"), 12),
            Column(_("Present"), 9, "integer"),
            Column(_("On the roll"), 10, "integer"),
            Column(_("Attendance rate (%)"), 12, "percent"),
            Column(_("Self"), 8, "number"),
            Column(_("Upper"), 8, "number"),
            Column(_("Score"), 8, "number"),
            Column(_("Class"), 16),
        ],
        [
            meeting_line(row.meeting, row.counts, scores.get(row.meeting.pk))
            for row in rows
        ],
    )
    return workbook


def meeting_line(
    meeting: Meeting, counts: AttendanceCounts, score: dict | None
) -> list:
    marked = counts.marked > 0
    score = score or {}
    return [
        meeting.held_on,
        str(MeetingKind(meeting.kind).label),
        meeting.topic,
        str(MeetingState(meeting.state).label),
        counts.present if marked else None,
        counts.on_roll,
        counts.rate if marked else None,
        tenth(score.get("self")),
        tenth(score.get("upper")),
        tenth(score.get("score")),
        class_label(score.get("class")),
    ]


def ratings_workbook(cell: Cell, *, year: int, today: datetime.date) -> Workbook:
    """The ratings screen's list: every member on the roll with their rating, the counts per level and
    the 20% check (the cell's share and the ward's). No citizen ID, no phone number."""
    listing = ratings_list(cell, year, today=today)
    workbook = new_workbook()
    add_table(
        workbook,
        _("Ratings %(year)s") % {"year": year},
        [
            Column(_("No."), 6, "integer"),
            Column(_("Profile number"), 14),
            Column(_("Full name"), 30),
            Column(_("Official / probationary"), 14),
            Column(_("Rating"), 32),
            Column(_("Complies with the resolution"), 14),
        ],
        [
            [
                n,
                row.member.code,
                row.member.full_name,
                _("official") if row.member.official else _("probationary"),
                row.record.get_rating_display() if row.record else "",
                yes_no(row.record.resolution_compliant) if row.record else "",
            ]
            for n, row in enumerate(listing.rows, start=1)
        ],
    )
    share, cell_share = listing.share, listing.cell_share
    add_table(
        workbook,
        _("Summary"),
        [Column(_("Item"), 52), Column(_("Value"), 12, "number")],
        [
            *([str(label), n] for _value, label, n in listing.counts),
            [_("not rated yet"), listing.unrated],
            [_("This cell: excellent"), cell_share.excellent],
            [_("This cell: rated good or better"), cell_share.rated_good_or_better],
            [_("This cell: share of excellent (%)"), cell_share.share],
            [_("Ward: excellent"), share.excellent],
            [_("Ward: rated good or better"), share.rated_good_or_better],
            [_("Ward: share of excellent (%)"), share.percent],
            [_("Cap (%)"), share.cap],
            [_("Excellent members allowed at most"), share.allowed],
            [_("Over the cap"), yes_no(share.over_cap)],
        ],
    )
    return workbook
