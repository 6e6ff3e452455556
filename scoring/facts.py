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
import functools
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import NamedTuple

from django.db import connections
from django.db.models import Count, F, FilteredRelation, Lookup, Q, QuerySet, Sum

from cells.models import (
    Cell,
    CellMembership,
    CellYear,
    Member,
    StatusKind,
    StatusPeriod,
)
from meetings.models import COUNTED_STATES, Attendance, Mark, Meeting
from scoring.attendance import EVALUATED_KINDS
from scoring.classes import meeting_class
from scoring.domain import (
    MARKS,
    CellYearFacts,
    HouseholdFact,
    MeetingFact,
    MemberFact,
    Period,
    WorkingAway,
    built,
)
from scoring.models import ClassBand, RubricItem, Scorer, ScoreSheet

# The roll query's columns: the membership, the member and their yearly record, the household and its
# yearly record (a record's id None: no record).
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


class AnyOf(Lookup):
    """``field = ANY(%s)``, the values one array parameter (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def cells_by_id(cell_ids: list[int]) -> QuerySet[Cell]:
    """The cells with these ids, for the queries to select their rows by subquery.

    On PostgreSQL the ids are one array parameter. As one parameter each, a province's 2,005 ids were quoted
    and parsed again in each of the evaluation's queries (docs/performance.md).
    """
    if connections[Cell.objects.db].vendor == "postgresql":
        return Cell.objects.filter(AnyOf(F("pk"), cell_ids))
    return Cell.objects.filter(pk__in=cell_ids)


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
    """Per score sheet id: ``(meeting id, scorer, total, class)``, with a constant number of queries
    (``classified_sheets``)."""
    return {
        sheet_id: (meeting_id, scorer, total, klass)
        for sheet_id, meeting_id, scorer, total, klass in classified_sheets(sheets)
    }


def classified_sheets(
    sheets: QuerySet[ScoreSheet],
) -> Iterator[tuple[int, int, str, Decimal, int]]:
    """Each score sheet as ``(sheet id, meeting id, scorer, total, class)``, from three queries.

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
        yield sheet_id, meeting_id, scorer, total, klass


class Scores(NamedTuple):
    """A meeting's score and class (the upper-level sheet when there is one, else the cell's own), and the
    totals of both sheets."""

    score: Decimal | None
    meeting_class: int | None
    self_score: Decimal | None
    upper_score: Decimal | None


NO_SCORES = Scores(None, None, None, None)


def scores_by_meeting(meetings: QuerySet[Meeting]) -> dict[int, Scores]:
    """Per meeting id with a score: its ``Scores``."""
    self_sheets: dict[int, tuple[Decimal, int]] = {}
    upper_sheets: dict[int, tuple[Decimal, int]] = {}
    for _sheet, meeting_id, scorer, total, klass in classified_sheets(
        ScoreSheet.objects.filter(meeting__in=meetings)
    ):
        (upper_sheets if scorer == Scorer.UPPER else self_sheets)[meeting_id] = (
            total,
            klass,
        )
    result = {}
    for meeting_id in self_sheets.keys() | upper_sheets.keys():
        own = self_sheets.get(meeting_id)
        upper = upper_sheets.get(meeting_id)
        chosen = upper or own
        result[meeting_id] = Scores(
            chosen[0], chosen[1], own and own[0], upper and upper[0]
        )
    return result


def meeting_scores(meetings: QuerySet[Meeting]) -> dict[int, dict]:
    """Per meeting id: the self and upper totals, and the meeting's score and class (the upper-level sheet
    when there is one, else the cell's own)."""
    return {
        meeting_id: {
            "score": scores.score,
            "class": scores.meeting_class,
            "self": scores.self_score,
            "upper": scores.upper_score,
        }
        for meeting_id, scores in scores_by_meeting(meetings).items()
    }


# The marks of a meeting counted in its own row: the rules count marks, and name only the absences.
# In the order of MARKS, MeetingFact's numbers.
MARK_COUNTS = {
    f"n_{mark}": Count("attendances", filter=Q(attendances__mark=mark))
    for mark in MARKS
}


def absences(
    meetings: QuerySet[Meeting], members: dict[int, MemberFact]
) -> tuple[dict[int, dict[int, str]], dict[int, tuple[str, str]]]:
    """Per meeting id: the members marked anything but present (in no particular order: the rules sort
    whom they name); and the code and name of those of them on none of the cells' rolls, ``members``.

    The rules count the marks (``MARK_COUNTS``, in the meetings' own query) and name the absences; they
    never name who was present. So only those marks are read: a province's 70,000 instead of its 800,000
    (docs/performance.md).
    """
    not_present: dict[int, dict[int, str]] = defaultdict(dict)
    for meeting_id, member_id, mark in fetch(
        Attendance.objects.filter(meeting__in=meetings)
        .exclude(mark=Mark.PRESENT)
        .order_by()
        .values_list("meeting_id", "member_id", "mark")
    ):
        not_present[meeting_id][member_id] = mark
    # Marks kept for members no longer on these rolls (rare): their names, for the evidence.
    off_roll = {
        member_id
        for marks in not_present.values()
        for member_id in marks
        if member_id not in members
    }
    names = {
        member_id: (code, full_name)
        for member_id, code, full_name in (
            Member.objects.filter(pk__in=off_roll).values_list(
                "id", "code", "full_name"
            )
            if off_roll
            else ()
        )
    }
    return not_present, names


NO_CELL_YEAR = ("", None, None, None, None)
# Members and households made as the tuples they are, from all their fields in order: a named tuple's
# __new__ is a Python function, 0.2 µs more for each of a province's 110,000 (tests/scoring/test_facts.py
# checks they equal the constructor's).
make_member = functools.partial(tuple.__new__, MemberFact)
make_household = functools.partial(tuple.__new__, HouseholdFact)
by_code = operator.attrgetter("code")
by_start = operator.attrgetter("start")
in_date_order = operator.attrgetter("held_on", "key")


def status_periods(
    member_ids: QuerySet, start: datetime.date, end: datetime.date
) -> tuple[dict[int, tuple[Period, ...]], dict[int, tuple[WorkingAway, ...]]]:
    """Per member id: the approved exemptions, and the periods working away, touching ``start`` … ``end``."""
    exemptions: dict[int, list[Period]] = defaultdict(list)
    away: dict[int, list[WorkingAway]] = defaultdict(list)
    for (
        member_id,
        kind,
        first,
        last,
        approved,
        contact_kept,
    ) in fetch(
        StatusPeriod.objects.filter(
            overlapping_year(start, end), member_id__in=member_ids
        )
        .order_by()
        .values_list("member_id", "kind", "start", "end", "approved", "contact_kept")
    ):
        if kind == StatusKind.EXEMPT and approved:
            exemptions[member_id].append(Period(first, last))
        elif kind == StatusKind.WORKING_AWAY:
            away[member_id].append(WorkingAway(first, last, contact_kept=contact_kept))
    return (
        {member: tuple(periods) for member, periods in exemptions.items()},
        {member: tuple(periods) for member, periods in away.items()},
    )


def build_facts(
    cells: Iterable[Cell] | QuerySet[Cell], year: int, as_of: datetime.date
) -> list[CellYearFacts]:
    """The facts of each cell for ``year`` as known at ``as_of``, in the order of ``cells``."""
    cell_list = list(cells)
    if not cell_list:
        return []
    cell_ids = [cell.pk for cell in cell_list]
    cell_qs = cells_by_id(cell_ids)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)

    # The rolls with each member's record and household and their yearly records: one query, joined.
    memberships = CellMembership.objects.filter(
        overlapping_year(start, end), cell__in=cell_qs
    )
    roll_query = (
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
    exemptions, away = status_periods(memberships.values("member_id"), start, end)
    # One MemberFact per member of each roll, one HouseholdFact per household (shared by the cells of
    # its members), made as the rows come.
    rolls: dict[int, dict[int, MemberFact]] = defaultdict(dict)
    # Per cell: the members on its roll on the year's last day.
    at_year_end: dict[int, set[int]] = defaultdict(set)
    # Equal periods are one object, and so are the one-period rolls of equal spans: a province's 57,000
    # memberships have 11,000 different spans (fewer objects to make, and for the collector to walk).
    period = functools.cache(Period)
    only_period = functools.cache(lambda joined, left: (period(joined, left),))
    members: dict[int, MemberFact] = {}
    households: dict[int, HouseholdFact] = {}
    for (
        cell_id,
        member_id,
        joined,
        left,
        code,
        full_name,
        household_id,
        year_id,
        rating,
        compliant,
        feedback,
        household_code,
        head_name,
        household_year_id,
        cultured,
        poverty,
        civilized,
    ) in fetch(roll_query):
        cell_roll = rolls[cell_id]
        if left is None or left >= end:
            at_year_end[cell_id].add(member_id)
        member = cell_roll.get(member_id)
        if member is not None:  # a second membership of this cell in the year (rare)
            cell_roll[member_id] = member._replace(
                memberships=tuple(
                    sorted((*member.memberships, period(joined, left)), key=by_start)
                ),
            )
            continue
        has_record = year_id is not None
        cell_roll[member_id] = member = make_member(
            (
                member_id,
                code,
                full_name,
                only_period(joined, left),
                exemptions.get(member_id, ()),
                away.get(member_id, ()),
                household_id,
                has_record,
                rating if has_record else "",
                compliant,
                feedback if has_record else "",
            )
        )
        members.setdefault(member_id, member)
        if household_id is not None and household_id not in households:
            households[household_id] = make_household(
                (
                    household_id,
                    household_code,
                    head_name,
                    household_year_id is not None,
                    bool(cultured),
                    poverty or "",
                    bool(civilized),
                )
            )
    # Per cell id: (rating, targets total, targets met, satisfaction, group cultured).
    cell_years = {
        cell_id: record
        for cell_id, *record in fetch(
            CellYear.objects.filter(year=year, cell__in=cell_qs)
            .order_by()
            .values_list(
                "cell_id",
                "rating",
                "targets_total",
                "targets_met",
                "satisfaction_percent",
                "group_cultured",
            )
        )
    }

    meetings = counted_meetings(cell_qs, year, as_of)
    not_present, off_roll_names = absences(meetings, members)
    scores = scores_by_meeting(meetings)
    meetings_by_cell: dict[int, list[MeetingFact]] = defaultdict(list)
    # Unordered in SQL (a province's meetings spilled to disk to be sorted); each cell's are sorted here.
    for (
        meeting_id,
        key,
        cell_id,
        held_on,
        kind,
        present,
        excused,
        absent,
        exempt,
    ) in fetch(
        meetings.order_by()
        .annotate(**MARK_COUNTS)
        .values_list("id", "key", "cell_id", "held_on", "kind", *MARK_COUNTS)
    ):
        score = scores.get(meeting_id, NO_SCORES)
        meetings_by_cell[cell_id].append(
            built(
                MeetingFact,
                {
                    "id": meeting_id,
                    "key": key,
                    "held_on": held_on,
                    "kind": kind,
                    "marks": None,
                    "score": score.score,
                    "meeting_class": score.meeting_class,
                    "self_score": score.self_score,
                    "upper_score": score.upper_score,
                    "present": present,
                    "excused": excused,
                    "absent": absent,
                    "exempt": exempt,
                    "not_present": not_present.get(meeting_id, {}),
                },
            )
        )

    result = []
    for cell in cell_list:
        roll = rolls[cell.pk]
        cell_members = sorted(roll.values(), key=by_code)
        by_household = {
            m.household_id: households[m.household_id]
            for m in cell_members
            if m.household_id is not None
        }
        cell_meetings = meetings_by_cell.get(cell.pk, [])
        cell_meetings.sort(key=in_date_order)
        cell_meetings = tuple(cell_meetings)
        ending = at_year_end.get(cell.pk, ())
        # Marked at the cell's meetings but off its roll (kept marks): named from the other rolls, or
        # from the members' own records.
        marked: set[int] = set()
        for meeting in cell_meetings:
            marked.update(meeting.not_present)
        others = {}
        for member_id in marked.difference(roll):
            member = members.get(member_id)
            name = (
                (member.code, member.full_name)
                if member
                else off_roll_names.get(member_id)
            )
            if name:
                others[member_id] = name
        cell_year = cell_years.get(cell.pk)
        rating, targets_total, targets_met, satisfaction, group_cultured = (
            cell_year or NO_CELL_YEAR
        )
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
                others=others,
                members=tuple(cell_members),
                households=tuple(sorted(by_household.values(), key=by_code)),
                has_cell_year=cell_year is not None,
                rating=rating,
                targets_total=targets_total,
                targets_met=targets_met,
                satisfaction_percent=satisfaction,
                group_cultured=group_cultured,
            ).with_views(
                _members_by_id=roll,
                households_by_id=by_household,
                member_household_ids=tuple(sorted(by_household)),
                members_without_household=tuple(
                    m for m in cell_members if m.household_id is None
                ),
                members_at_year_end=tuple(m for m in cell_members if m.id in ending),
                evaluated_meetings=tuple(
                    m for m in cell_meetings if m.kind in EVALUATED_KINDS
                ),
            )
        )
    return result
