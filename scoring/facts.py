"""Builds ``CellYearFacts`` for any number of cells with a constant number of queries.

Each query reads one table for all the cells at once (``values()`` rows, pivoted in Python); nothing is
queried per cell, per member or per meeting. Subqueries, not long lists of ids, select the related rows, so
that a province's cells fit in one statement on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from cells.models import (
    Cell,
    CellMembership,
    CellYear,
    Household,
    HouseholdYear,
    Member,
    MemberYear,
    StatusKind,
    StatusPeriod,
)
from meetings.models import COUNTED_STATES, Attendance, Meeting
from scoring.classes import meeting_class
from scoring.domain import (
    CellYearFacts,
    HouseholdFact,
    MeetingFact,
    MemberFact,
    Period,
    WorkingAway,
)
from scoring.models import ClassBand, ItemScore, RubricItem, Scorer, ScoreSheet


def overlapping_year(start: datetime.date, end: datetime.date) -> Q:
    return Q(start__lte=end) & (Q(end__isnull=True) | Q(end__gte=start))


def counted_meetings(
    cells: QuerySet[Cell], year: int, as_of: datetime.date
) -> QuerySet[Meeting]:
    """The submitted and locked meetings of the cells in ``year`` held on or before ``as_of``."""
    return Meeting.objects.filter(
        cell__in=cells,
        state__in=COUNTED_STATES,
        held_on__year=year,
        held_on__lte=as_of,
    )


def sheet_scores(
    sheets: QuerySet[ScoreSheet],
) -> dict[int, tuple[int, str, Decimal, int]]:
    """Per score sheet id: ``(meeting id, scorer, total, class)``, with a constant number of queries.

    An itemised sheet's total is the sum of its items, and it reaches class 1 only with every full-marks
    item of its rubric at full marks (a missing item is not full); a total-only sheet is classed by its
    points alone. An itemised sheet without items is not a score yet and is left out.
    """
    bands: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for rubric_id, klass, lowest in ClassBand.objects.values_list(
        "rubric_id", "meeting_class", "min_points"
    ):
        bands[rubric_id].append((klass, lowest))
    full_items = dict(
        RubricItem.objects.filter(full_marks_for_class1=True)
        .values("rubric_id")
        .annotate(n=Count("id"))
        .values_list("rubric_id", "n")
    )
    items = {
        row["sheet_id"]: row
        for row in ItemScore.objects.filter(sheet__in=sheets)
        .values("sheet_id")
        .annotate(
            sum_points=Sum("points"),
            full=Count(
                "id",
                filter=Q(
                    item__full_marks_for_class1=True, points__gte=F("item__max_points")
                ),
            ),
        )
    }
    result = {}
    for sheet in sheets.values(
        "id", "meeting_id", "scorer", "rubric_id", "total_only", "total"
    ):
        row = items.get(sheet["id"])
        if sheet["total_only"]:
            total, full_met = sheet["total"], False
        elif row is None:
            continue
        else:
            total = row["sum_points"]
            full_met = row["full"] >= full_items.get(sheet["rubric_id"], 0)
        klass = meeting_class(
            total,
            bands[sheet["rubric_id"]],
            full_marks_met=full_met,
            total_only=sheet["total_only"],
        )
        result[sheet["id"]] = (sheet["meeting_id"], sheet["scorer"], total, klass)
    return result


def meeting_scores(meetings: QuerySet[Meeting]) -> dict[int, dict]:
    """Per meeting id: the self and upper totals, and the meeting's score and class (the upper-level sheet
    when there is one, else the cell's own)."""
    scores: dict[int, dict] = defaultdict(dict)
    for meeting_id, scorer, total, klass in sheet_scores(
        ScoreSheet.objects.filter(meeting__in=meetings)
    ).values():
        scores[meeting_id][scorer] = (total, klass)
    result = {}
    for meeting_id, by_scorer in scores.items():
        chosen = by_scorer.get(Scorer.UPPER) or by_scorer.get(Scorer.SELF)
        result[meeting_id] = {
            "score": chosen[0],
            "class": chosen[1],
            "self": by_scorer.get(Scorer.SELF, (None,))[0],
            "upper": by_scorer.get(Scorer.UPPER, (None,))[0],
        }
    return result


def build_facts(
    cells: Iterable[Cell] | QuerySet[Cell], year: int, as_of: datetime.date
) -> list[CellYearFacts]:
    """The facts of each cell for ``year`` as known at ``as_of``, in the order of ``cells``."""
    cell_list = list(cells)
    if not cell_list:
        return []
    cell_ids = [cell.pk for cell in cell_list]
    cell_qs = Cell.objects.filter(pk__in=cell_ids)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)

    memberships = CellMembership.objects.filter(
        overlapping_year(start, end), cell__in=cell_qs
    )
    member_ids = memberships.values("member_id")
    periods_by_cell: dict[int, dict[int, list[Period]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for member_id, cell_id, m_start, m_end in memberships.values_list(
        "member_id", "cell_id", "start", "end"
    ):
        periods_by_cell[cell_id][member_id].append(Period(m_start, m_end))

    members = {
        row["id"]: row
        for row in Member.objects.filter(pk__in=member_ids).values(
            "id", "code", "full_name", "household_id"
        )
    }
    exemptions: dict[int, list[Period]] = defaultdict(list)
    away: dict[int, list[WorkingAway]] = defaultdict(list)
    for row in StatusPeriod.objects.filter(
        overlapping_year(start, end), member_id__in=member_ids
    ).values("member_id", "kind", "start", "end", "approved", "contact_kept"):
        if row["kind"] == StatusKind.EXEMPT and row["approved"]:
            exemptions[row["member_id"]].append(Period(row["start"], row["end"]))
        elif row["kind"] == StatusKind.WORKING_AWAY:
            away[row["member_id"]].append(
                WorkingAway(row["start"], row["end"], contact_kept=row["contact_kept"])
            )
    member_years = {
        row["member_id"]: row
        for row in MemberYear.objects.filter(
            year=year, member_id__in=member_ids
        ).values("member_id", "rating", "resolution_compliant", "residence_feedback")
    }
    household_ids = Member.objects.filter(pk__in=member_ids).values("household_id")
    households = {
        row["id"]: row
        for row in Household.objects.filter(pk__in=household_ids).values(
            "id", "code", "head_name"
        )
    }
    household_years = {
        row["household_id"]: row
        for row in HouseholdYear.objects.filter(
            year=year, household_id__in=household_ids
        ).values("household_id", "cultured_family", "poverty", "civilized_rules")
    }
    cell_years = {
        row["cell_id"]: row
        for row in CellYear.objects.filter(year=year, cell__in=cell_qs).values()
    }

    meetings = counted_meetings(cell_qs, year, as_of)
    # Unordered in SQL (sorting every mark of a province by member code through a join to the members
    # cost more than the rest of the query, see docs/performance.md); each meeting's marks are put in
    # member-code order here instead, the order the rules list members in.
    unordered: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for meeting_id, member_id, mark in (
        Attendance.objects.filter(meeting__in=meetings)
        .order_by()
        .values_list("meeting_id", "member_id", "mark")
    ):
        unordered[meeting_id].append((member_id, mark))
    missing_codes = {
        member_id
        for rows in unordered.values()
        for member_id, _mark in rows
        if member_id not in members
    }
    codes = {member_id: row["code"] for member_id, row in members.items()}
    if missing_codes:  # marks kept for members no longer on that roll (rare)
        codes.update(
            Member.objects.filter(pk__in=missing_codes).values_list("id", "code")
        )
    marks: dict[int, dict[int, str]] = {
        meeting_id: dict(sorted(rows, key=lambda row: codes.get(row[0], "")))
        for meeting_id, rows in unordered.items()
    }
    scores = meeting_scores(meetings)
    meetings_by_cell: dict[int, list[MeetingFact]] = defaultdict(list)
    for row in meetings.order_by("held_on", "key").values(
        "id", "key", "cell_id", "held_on", "kind"
    ):
        score = scores.get(row["id"], {})
        meetings_by_cell[row["cell_id"]].append(
            MeetingFact(
                id=row["id"],
                key=row["key"],
                held_on=row["held_on"],
                kind=row["kind"],
                marks=marks.get(row["id"], {}),
                score=score.get("score"),
                meeting_class=score.get("class"),
                self_score=score.get("self"),
                upper_score=score.get("upper"),
            )
        )

    result = []
    for cell in cell_list:
        cell_members = []
        cell_household_ids = set()
        for member_id, periods in sorted(
            periods_by_cell[cell.pk].items(), key=lambda item: members[item[0]]["code"]
        ):
            member = members[member_id]
            record = member_years.get(member_id)
            cell_members.append(
                MemberFact(
                    id=member_id,
                    code=member["code"],
                    full_name=member["full_name"],
                    memberships=tuple(sorted(periods, key=lambda p: p.start)),
                    exemptions=tuple(exemptions.get(member_id, ())),
                    working_away=tuple(away.get(member_id, ())),
                    household_id=member["household_id"],
                    has_year_record=record is not None,
                    rating=record["rating"] if record else "",
                    resolution_compliant=record["resolution_compliant"]
                    if record
                    else None,
                    residence_feedback=record["residence_feedback"] if record else "",
                )
            )
            if member["household_id"]:
                cell_household_ids.add(member["household_id"])
        cell_households = []
        for household_id in sorted(
            cell_household_ids, key=lambda h: households[h]["code"]
        ):
            household = households[household_id]
            record = household_years.get(household_id)
            cell_households.append(
                HouseholdFact(
                    id=household_id,
                    code=household["code"],
                    head_name=household["head_name"],
                    has_year_record=record is not None,
                    cultured_family=bool(record and record["cultured_family"]),
                    poverty=record["poverty"] if record else "",
                    civilized_rules=bool(record and record["civilized_rules"]),
                )
            )
        cell_year = cell_years.get(cell.pk)
        result.append(
            CellYearFacts(
                cell_id=cell.pk,
                code=cell.code,
                name=cell.name,
                kind=cell.kind,
                year=year,
                as_of=as_of,
                founded_on=cell.founded_on,
                dissolved_on=cell.dissolved_on,
                meetings=tuple(meetings_by_cell.get(cell.pk, ())),
                members=tuple(cell_members),
                households=tuple(cell_households),
                has_cell_year=cell_year is not None,
                rating=cell_year["rating"] if cell_year else "",
                targets_total=cell_year["targets_total"] if cell_year else None,
                targets_met=cell_year["targets_met"] if cell_year else None,
                satisfaction_percent=cell_year["satisfaction_percent"]
                if cell_year
                else None,
                group_cultured=cell_year["group_cultured"] if cell_year else None,
            )
        )
    return result
