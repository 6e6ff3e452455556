"""Reads about meetings and their attendance, with their joins made (STYLE.md "selectors that read").

Scope is not decided here: views first pass the meeting's cell through ``cells.access``. The attendance
arithmetic lives here too (``attendance_counts``): ``meetings`` may not import ``scoring`` (DESIGN.md: apps
depend one way only), so the rate of DOMAIN.md is computed again on this side, for the screens.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from cells.access import Action, can
from cells.models import Cell, CellMembership, Member
from cells.selectors import cell_roll, covering
from meetings.models import Attendance, Mark, Meeting, MeetingState

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)


# --- Attendance arithmetic -----------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceCounts:
    """The marks of one meeting counted (số đảng viên có mặt / trong danh sách, tỉ lệ dự sinh hoạt)."""

    on_roll: int
    present: int = 0
    excused: int = 0
    absent: int = 0
    exempt: int = 0

    @property
    def marked(self) -> int:
        return self.present + self.excused + self.absent + self.exempt

    @property
    def unmarked(self) -> int:
        return max(self.on_roll - self.marked, 0)

    @property
    def rate(self) -> Decimal:
        """Tỉ lệ đảng viên dự sinh hoạt, in percent: present ÷ (present + absent); 100 when both are 0.

        Excused and exempt marks are in neither part (DOMAIN.md "Attendance rate"). Rounded *down* to one
        decimal, so that 100 is shown exactly when nobody is absent without excuse (99.96 shows 99.9).
        """
        counted = self.present + self.absent
        if counted == 0:
            return HUNDRED
        return (HUNDRED * self.present / counted).quantize(
            ONE_DECIMAL, rounding=ROUND_DOWN
        )

    @property
    def complete(self) -> bool:
        return self.unmarked == 0


def attendance_counts(marks: Iterable[str], *, on_roll: int) -> AttendanceCounts:
    """Count ``marks`` (one per member on the roll; unknown values are ignored)."""
    tally = dict.fromkeys(Mark.values, 0)
    for mark in marks:
        if mark in tally:
            tally[mark] += 1
    return AttendanceCounts(
        on_roll=on_roll,
        present=tally[Mark.PRESENT],
        excused=tally[Mark.EXCUSED],
        absent=tally[Mark.ABSENT],
        exempt=tally[Mark.EXEMPT],
    )


# --- One meeting ---------------------------------------------------------------------------------


def meeting_by_key(*, key: str, **_: str) -> Meeting:
    """The meeting named by a URL (404 when there is none), with its cell, ward and people."""
    meetings = Meeting.objects.select_related(
        "cell__ward", "chair", "minute_taker", "updated_by"
    )
    return get_object_or_404(meetings, key=key)


@dataclass(frozen=True)
class RosterRow:
    """One member of a meeting's roll (danh sách đảng viên của buổi sinh hoạt) and their mark."""

    member_id: int
    code: str
    full_name: str
    official: bool  # otherwise probationary (dự bị), on the meeting date
    exempt: bool  # an approved exemption covers the meeting date
    on_roll: bool  # False: a mark kept for a member who is not on the roll on that date
    mark: str = ""
    note: str = ""
    error: str = ""

    @property
    def options(self) -> tuple[tuple[str, str], ...]:
        """The marks this row offers, with their labels: ``exempt`` only while an approved exemption
        covers the date (or when it is the mark already entered, so that a refused one stays visible)."""
        return tuple(
            (mark.value, mark.label)
            for mark in Mark
            if mark != Mark.EXEMPT or self.exempt or self.mark == Mark.EXEMPT
        )


@dataclass(frozen=True)
class Roster:
    """A meeting's roll on its date with the marks: stored ones, or those a user is entering."""

    meeting: Meeting
    rows: tuple[RosterRow, ...]

    @property
    def on_roll(self) -> tuple[RosterRow, ...]:
        return tuple(row for row in self.rows if row.on_roll)

    @property
    def stray(self) -> tuple[RosterRow, ...]:
        """Marks of members who are not on the roll on the meeting's date (a period corrected later)."""
        return tuple(row for row in self.rows if not row.on_roll)

    @property
    def unmarked(self) -> tuple[RosterRow, ...]:
        return tuple(row for row in self.on_roll if not row.mark)

    @property
    def counts(self) -> AttendanceCounts:
        return attendance_counts(
            (row.mark for row in self.on_roll), on_roll=len(self.on_roll)
        )

    @property
    def has_errors(self) -> bool:
        return any(row.error for row in self.rows)

    def proposed(self) -> Roster:
        """Rows without a mark get ``exempt`` when an exemption covers the date (the form proposes it)."""
        return replace(
            self,
            rows=tuple(
                replace(row, mark=Mark.EXEMPT)
                if row.on_roll and row.exempt and not row.mark
                else row
                for row in self.rows
            ),
        )

    def entered(
        self,
        marks: Mapping[int, tuple[str, str]],
        errors: Mapping[int, str] | None = None,
    ) -> Roster:
        """The roll with the marks a user entered (and the reason each refused row was refused)."""
        errors = errors or {}
        rows = []
        for row in self.rows:
            mark, note = marks.get(row.member_id, ("", ""))
            if not row.on_roll and row.member_id not in marks:
                continue  # a stray mark the user left out is dropped with the save
            rows.append(
                replace(row, mark=mark, note=note, error=errors.get(row.member_id, ""))
            )
        return replace(self, rows=tuple(rows))


def meeting_roster(meeting: Meeting) -> Roster:
    """The members on the cell's roll on the meeting's date (official and probationary), each with
    whether an approved exemption covers the date and their stored mark, ordered by profile number.

    A stored mark of a member who is not on that roll (a membership period corrected afterwards) is kept
    as a row with ``on_roll=False``, so that nothing is hidden. Two queries, whatever the roll's length.
    """
    day = meeting.held_on
    members = cell_roll(meeting.cell, day=day).only("code", "full_name", "official_on")
    marks = {
        attendance.member_id: attendance
        for attendance in Attendance.objects.filter(meeting=meeting)
        .select_related("member")
        .only(
            "member_id",
            "mark",
            "note",
            "member__code",
            "member__full_name",
            "member__official_on",
        )
    }
    rows = []
    for member in members:
        stored = marks.pop(member.pk, None)
        rows.append(
            RosterRow(
                member_id=member.pk,
                code=member.code,
                full_name=member.full_name,
                official=member.official,
                exempt=member.exempt,
                on_roll=True,
                mark=stored.mark if stored else "",
                note=stored.note if stored else "",
            )
        )
    for stored in sorted(marks.values(), key=lambda a: a.member.code):
        rows.append(
            RosterRow(
                member_id=stored.member_id,
                code=stored.member.code,
                full_name=stored.member.full_name,
                official=stored.member.is_official_on(day),
                exempt=False,
                on_roll=False,
                mark=stored.mark,
                note=stored.note,
            )
        )
    return Roster(meeting=meeting, rows=tuple(rows))


def members_on_roll(
    cell: Cell, day: datetime.date, *, keep: Iterable[int | None] = ()
) -> QuerySet[Member]:
    """The members a meeting's chair and minute-taker are chosen from: the roll on ``day``, plus the
    members already chosen (``keep``), so that a saved choice is shown even after a change of date."""
    on_roll = CellMembership.objects.filter(cell=cell).filter(covering(day))
    kept = [pk for pk in keep if pk]
    condition = Q(pk__in=on_roll.values("member_id"))
    if kept:
        condition |= Q(pk__in=kept)
    return Member.objects.filter(condition).order_by("full_name", "code")


# --- Lists ---------------------------------------------------------------------------------------


def meetings_for(cell: Cell, *, today: datetime.date) -> QuerySet[Meeting]:
    """The meetings of ``cell``, newest first, each annotated with its marks counted (``n_present``,
    ``n_excused``, ``n_absent``, ``n_exempt``), the size of the roll on its date (``n_on_roll``) and
    ``overdue`` (planned, but dated before ``today``): one query for a page of any length.

    Every count is a correlated subquery, not a JOIN of the attendance plus a GROUP BY: with the join,
    the roll subquery ran once per attendance row instead of once per meeting, and the paginator's
    COUNT(*) had to group the joined rows too; without it, COUNT(*) can drop the annotations."""
    return (
        Meeting.objects.filter(cell=cell)
        .annotate(
            n_present=_marks_counted(Mark.PRESENT),
            n_excused=_marks_counted(Mark.EXCUSED),
            n_absent=_marks_counted(Mark.ABSENT),
            n_exempt=_marks_counted(Mark.EXEMPT),
            n_on_roll=_roll_counted(),
            overdue=Case(
                When(state=MeetingState.PLANNED, held_on__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-held_on", "-pk")
    )


def _counted(rows: QuerySet, key: str) -> Coalesce:
    """``rows`` counted per ``key`` as a scalar subquery, 0 when there are none.

    ``order_by()`` drops the model's default ordering, whose JOIN (``member__code``) would otherwise
    be kept inside the subquery for nothing."""
    counted = rows.order_by().values(key).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _marks_counted(mark: str) -> Coalesce:
    """The number of ``mark`` marks of the outer meeting."""
    return _counted(
        Attendance.objects.filter(meeting_id=OuterRef("pk"), mark=mark), "meeting_id"
    )


def _roll_counted() -> Coalesce:
    """The number of memberships of the outer meeting's cell covering its date (the roll on that day).

    The membership row alone is enough: its member is a non-null foreign key, so no join to the member."""
    return _counted(
        CellMembership.objects.filter(cell_id=OuterRef("cell_id")).filter(
            covering(OuterRef("held_on"))
        ),
        "cell_id",
    )


def planned_meetings(cell: Cell, *, today: datetime.date) -> QuerySet[Meeting]:
    """The cell's planned meetings, oldest first: the overdue ones (dated before ``today``) come first."""
    return (
        meetings_for(cell, today=today)
        .filter(state=MeetingState.PLANNED)
        .order_by("held_on", "pk")
    )


def meeting_years(cell: Cell, *, today: datetime.date) -> list[int]:
    """The years in which ``cell`` has meetings, and this year, newest first (the year filter's choices)."""
    years = {
        day.year for day in Meeting.objects.filter(cell=cell).dates("held_on", "year")
    }
    years.add(today.year)
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class MeetingRow:
    """A meeting of a list with its marks counted."""

    meeting: Meeting
    counts: AttendanceCounts


def meeting_rows(meetings: Iterable[Meeting]) -> list[MeetingRow]:
    """Pair each meeting annotated by ``meetings_for`` with its counts (no query)."""
    return [
        MeetingRow(
            meeting=meeting,
            counts=AttendanceCounts(
                on_roll=meeting.n_on_roll,
                present=meeting.n_present,
                excused=meeting.n_excused,
                absent=meeting.n_absent,
                exempt=meeting.n_exempt,
            ),
        )
        for meeting in meetings
    ]


# --- What a user may do --------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingActions:
    """The buttons a user gets on a meeting's page."""

    record: bool = False
    attendance: bool = False
    submit: bool = False
    lock: bool = False
    unlock: bool = False

    @property
    def any(self) -> bool:
        return any((self.record, self.attendance, self.submit, self.lock, self.unlock))


def meeting_actions(
    meeting: Meeting, user: AbstractBaseUser | AnonymousUser
) -> MeetingActions:
    """What ``user`` may do with ``meeting`` in its present state (DOMAIN.md "States")."""
    writes = can(user, Action.WRITE, meeting.cell)
    locks = can(user, Action.LOCK, meeting.cell)
    locked = meeting.state == MeetingState.LOCKED
    return MeetingActions(
        record=writes and not locked,
        attendance=writes and not locked,
        submit=writes and meeting.state == MeetingState.DRAFT,
        lock=locks and meeting.state == MeetingState.SUBMITTED,
        unlock=locks and locked,
    )
