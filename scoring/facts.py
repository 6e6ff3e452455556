"""Builds ``CellYearFacts`` for any number of cells with a constant number of queries.

Each query reads one kind of fact for all the cells at once (the rolls with their members, households and
yearly records; the status periods; the meetings with their marks counted; the absences; the score sheets),
pivoted in Python; nothing is queried per cell, per member or per meeting. Subqueries, not long lists of
ids, select the related rows, so that a province's cells fit in one statement on SQLite as on PostgreSQL.
The facts hold what the rules read and no more: marks are counted, and only the absences are listed
(docs/performance.md, "Evaluation against the raw-SQL floor").
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.db import connections
from django.db.models import Count, F, FilteredRelation, Q, QuerySet, Sum

from cells.models import (
    Cell,
    CellMembership,
    CellYear,
    Member,
    StatusKind,
    StatusPeriod,
)
from meetings.models import COUNTED_STATES, Attendance, Mark, Meeting
from scoring.classes import meeting_class
from scoring.domain import (
    CellYearFacts,
    HouseholdFact,
    MeetingFact,
    MemberFact,
    Period,
    WorkingAway,
)
from scoring.models import ClassBand, RubricItem, Scorer, ScoreSheet


class MemberRow(NamedTuple):
    """A member on a roll, with the yearly record (``year_id`` None: no record)."""

    code: str
    full_name: str
    household_id: int | None
    year_id: int | None
    rating: str | None
    resolution_compliant: bool | None
    residence_feedback: str | None


class HouseholdRow(NamedTuple):
    """A member's household, with the yearly record (``year_id`` None: no record)."""

    code: str
    head_name: str
    year_id: int | None
    cultured_family: bool | None
    poverty: str | None
    civilized_rules: bool | None


# The roll query's columns: the membership, then a MemberRow, then a HouseholdRow.
ROLL_COLUMNS = (
    "cell_id",
    "member_id",
    "start",
    "end",
    "member__code",
    "member__full_name",
    "member__household_id",
    "member_year__id",
    "member_year__rating",
    "member_year__resolution_compliant",
    "member_year__residence_feedback",
    "member__household__code",
    "member__household__head_name",
    "household_year__id",
    "household_year__cultured_family",
    "household_year__poverty",
    "household_year__civilized_rules",
)


def fetch(queryset: QuerySet) -> Iterable[tuple]:
    """The rows of a ``values_list()`` queryset.

    On PostgreSQL they are fetched at once through the cursor: psycopg returns Python types already, and
    Django's converters (a cast of every counted column, row by row) cost a province's evaluation a tenth
    of its time (docs/performance.md). SQLite needs Django's converters (dates, decimals): there, and for
    any queryset whose columns Django would reorder, the queryset itself is iterated.
    """
    connection = connections[queryset.db]
    query = queryset.query
    columns = [*query.extra_select, *query.values_select, *query.annotation_select]
    if connection.vendor != "postgresql" or list(queryset._fields) != columns:
        return queryset
    sql, params = query.get_compiler(queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
    result = {}
    classes: dict[tuple, int] = {}
    # One grouped query: each sheet with the sum of its items and its full-marks items counted.
    rows = fetch(
        sheets.order_by()
        .annotate(
            n_items=Count("item_scores"),
            sum_points=Sum("item_scores__points"),
            full=Count(
                "item_scores",
                filter=Q(
                    item_scores__item__full_marks_for_class1=True,
                    item_scores__points__gte=F("item_scores__item__max_points"),
                ),
            ),
        )
        .values_list(
            "id",
            "meeting_id",
            "scorer",
            "rubric_id",
            "total_only",
            "total",
            "n_items",
            "sum_points",
            "full",
        )
    )
    for (
        sheet_id,
        meeting_id,
        scorer,
        rubric_id,
        total_only,
        total,
        n_items,
        points,
        full,
    ) in rows:
        if total_only:
            full_met = False
        elif not n_items:
            continue
        else:
            total = points
            full_met = full >= full_items.get(rubric_id, 0)
        # A province's 45,000 sheets have a few hundred distinct totals: each is classed once.
        case = (rubric_id, total, full_met, total_only)
        klass = classes.get(case)
        if klass is None:
            klass = classes[case] = meeting_class(
                total, bands[rubric_id], full_marks_met=full_met, total_only=total_only
            )
        result[sheet_id] = (meeting_id, scorer, total, klass)
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


# The marks of a meeting counted in its own row: the rules count marks, and name only the absences.
MARK_COLUMNS = {f"n_{mark}": mark for mark in Mark.values}
MARK_COUNTS = {
    column: Count("attendances", filter=Q(attendances__mark=mark))
    for column, mark in MARK_COLUMNS.items()
}


def absences(
    meetings: QuerySet[Meeting], members: dict[int, MemberRow]
) -> tuple[dict[int, dict[int, str]], dict[int, tuple[str, str]]]:
    """Per meeting id: the members marked anything but present, in member-code order (the order the
    rules list them in); and the code and name of each of them.

    The rules count the marks (``MARK_COUNTS``, in the meetings' own query) and name the absences; they
    never name who was present. So only those marks are read: a province's 70,000 instead of its 800,000
    (docs/performance.md). ``members`` are the rows of the cells' rolls by id.
    """
    # Unordered in SQL (sorting through a join to the members cost more than the rest of the query).
    unordered: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for meeting_id, member_id, mark in fetch(
        Attendance.objects.filter(meeting__in=meetings)
        .exclude(mark=Mark.PRESENT)
        .order_by()
        .values_list("meeting_id", "member_id", "mark")
    ):
        unordered[meeting_id].append((member_id, mark))
    marked = {m for rows in unordered.values() for m, _mark in rows}
    names = {m: (members[m].code, members[m].full_name) for m in marked if m in members}
    if len(names) < len(
        marked
    ):  # marks kept for members no longer on any of these rolls (rare)
        names.update(
            (member_id, (code, full_name))
            for member_id, code, full_name in Member.objects.filter(
                pk__in=marked - names.keys()
            ).values_list("id", "code", "full_name")
        )
    return {
        meeting_id: dict(sorted(rows, key=lambda row: names.get(row[0], ("", ""))[0]))
        for meeting_id, rows in unordered.items()
    }, names


NO_SCORE = {"score": None, "class": None, "self": None, "upper": None}


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

    # The rolls with each member's record and household and their yearly records: one query, joined.
    memberships = CellMembership.objects.filter(
        overlapping_year(start, end), cell__in=cell_qs
    )
    roll = (
        memberships.annotate(
            member_year=FilteredRelation(
                "member__years", condition=Q(member__years__year=year)
            ),
            household_year=FilteredRelation(
                "member__household__years",
                condition=Q(member__household__years__year=year),
            ),
        )
        .order_by()
        .values_list(*ROLL_COLUMNS)
    )
    periods_by_cell: dict[int, dict[int, list[Period]]] = defaultdict(
        lambda: defaultdict(list)
    )
    members: dict[int, MemberRow] = {}
    households: dict[int, HouseholdRow] = {}
    for row in fetch(roll):
        cell_id, member_id, m_start, m_end = row[:4]
        periods_by_cell[cell_id][member_id].append(Period(m_start, m_end))
        if member_id not in members:
            members[member_id] = MemberRow._make(row[4:11])
            if row[6] is not None and row[6] not in households:
                households[row[6]] = HouseholdRow._make(row[11:])
    member_ids = memberships.values("member_id")
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
    cell_years = {
        row["cell_id"]: row
        for row in CellYear.objects.filter(year=year, cell__in=cell_qs).values()
    }

    meetings = counted_meetings(cell_qs, year, as_of)
    not_present, marked_names = absences(meetings, members)
    scores = meeting_scores(meetings)
    meetings_by_cell: dict[int, list[MeetingFact]] = defaultdict(list)
    # Unordered in SQL (a province's meetings spilled to disk to be sorted); each cell's are sorted here.
    for meeting_id, key, cell_id, held_on, kind, *counts in fetch(
        meetings.order_by()
        .annotate(**MARK_COUNTS)
        .values_list("id", "key", "cell_id", "held_on", "kind", *MARK_COUNTS)
    ):
        score = scores.get(meeting_id, NO_SCORE)
        meetings_by_cell[cell_id].append(
            MeetingFact(
                id=meeting_id,
                key=key,
                held_on=held_on,
                kind=kind,
                tally={
                    mark: n
                    for mark, n in zip(MARK_COLUMNS.values(), counts, strict=True)
                    if n
                },
                not_present=not_present.get(meeting_id, {}),
                score=score["score"],
                meeting_class=score["class"],
                self_score=score["self"],
                upper_score=score["upper"],
            )
        )
    for cell_meetings in meetings_by_cell.values():
        cell_meetings.sort(key=lambda m: (m.held_on, m.key))

    result = []
    for cell in cell_list:
        cell_members = []
        cell_household_ids = set()
        for member_id, periods in sorted(
            periods_by_cell[cell.pk].items(), key=lambda item: members[item[0]].code
        ):
            member = members[member_id]
            has_record = member.year_id is not None
            cell_members.append(
                MemberFact(
                    id=member_id,
                    code=member.code,
                    full_name=member.full_name,
                    memberships=tuple(periods)
                    if len(periods) == 1
                    else tuple(sorted(periods, key=lambda p: p.start)),
                    exemptions=tuple(exemptions.get(member_id, ())),
                    working_away=tuple(away.get(member_id, ())),
                    household_id=member.household_id,
                    has_year_record=has_record,
                    rating=member.rating if has_record else "",
                    resolution_compliant=member.resolution_compliant,
                    residence_feedback=member.residence_feedback if has_record else "",
                )
            )
            if member.household_id:
                cell_household_ids.add(member.household_id)
        cell_households = []
        for household_id in sorted(
            cell_household_ids, key=lambda h: households[h].code
        ):
            household = households[household_id]
            cell_households.append(
                HouseholdFact(
                    id=household_id,
                    code=household.code,
                    head_name=household.head_name,
                    has_year_record=household.year_id is not None,
                    cultured_family=bool(household.cultured_family),
                    poverty=household.poverty or "",
                    civilized_rules=bool(household.civilized_rules),
                )
            )
        cell_year = cell_years.get(cell.pk)
        roll = periods_by_cell[cell.pk]
        cell_meetings = tuple(meetings_by_cell.get(cell.pk, ()))
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
                meetings=cell_meetings,
                others={
                    member_id: marked_names[member_id]
                    for meeting in cell_meetings
                    for member_id in meeting.not_present
                    if member_id not in roll and member_id in marked_names
                },
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
