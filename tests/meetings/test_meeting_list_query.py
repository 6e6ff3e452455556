"""The query behind a cell's meeting list (``selectors.meetings_for``): its counts per meeting, the roll
on the meeting's day at the boundaries of a membership, and a cost that does not grow with the meetings.

The counts are correlated subqueries (no JOIN of the attendance plus GROUP BY): with the join, the roll was
counted once per attendance row, and the paginator's COUNT(*) redid all of that work.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cells.models import RoleKind
from meetings.models import Mark, MeetingState
from meetings.selectors import meeting_rows, meetings_for, planned_meetings
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    MeetingFactory,
    MembershipFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2025, 3, 5)
DAY = datetime.timedelta(days=1)
LONG_AGO = datetime.date(2010, 1, 1)
TODAY = datetime.date(2025, 6, 1)


def test_the_counts_follow_the_marks_and_the_roll_on_the_meetings_day() -> None:
    cell = CellFactory()
    other_cell = CellFactory(ward=cell.ward)

    def member(start: datetime.date, end: datetime.date | None = None) -> object:
        return MembershipFactory(cell=cell, start=start, end=end).member

    left_before = member(LONG_AGO, HELD_ON - DAY)
    joined_after = member(HELD_ON + DAY)
    leaves_that_day = member(LONG_AGO, HELD_ON)  # end == held_on: on the roll
    joins_that_day = member(HELD_ON)  # start == held_on: on the roll
    stays = member(LONG_AGO)
    MembershipFactory(cell=other_cell, start=LONG_AGO)  # another cell's roll
    MembershipFactory(  # an earlier, closed period of the same member
        cell=cell, member=left_before, start=LONG_AGO - DAY * 400, end=LONG_AGO - DAY
    )

    meeting = MeetingFactory(cell=cell, held_on=HELD_ON, state=MeetingState.SUBMITTED)
    AttendanceFactory(meeting=meeting, member=leaves_that_day, mark=Mark.PRESENT)
    AttendanceFactory(meeting=meeting, member=joins_that_day, mark=Mark.PRESENT)
    AttendanceFactory(meeting=meeting, member=stays, mark=Mark.EXCUSED)
    AttendanceFactory(meeting=meeting, member=left_before, mark=Mark.ABSENT)
    AttendanceFactory(meeting=meeting, member=joined_after, mark=Mark.EXEMPT)
    unmarked = MeetingFactory(
        cell=cell, held_on=HELD_ON + DAY * 7, state=MeetingState.PLANNED
    )
    coming = MeetingFactory(cell=cell, held_on=TODAY + DAY, state=MeetingState.PLANNED)
    MeetingFactory(cell=other_cell, held_on=HELD_ON)  # not on this list

    found = list(meetings_for(cell, today=TODAY))

    assert [m.pk for m in found] == [coming.pk, unmarked.pk, meeting.pk]
    counted = {
        m.pk: (
            m.n_present,
            m.n_excused,
            m.n_absent,
            m.n_exempt,
            m.n_on_roll,
            m.overdue,
        )
        for m in found
    }
    # On HELD_ON: leaves_that_day, joins_that_day and stays; a week later: joined_after too, and
    # leaves_that_day has gone; on the coming day, the same.
    assert counted[meeting.pk] == (2, 1, 1, 1, 3, False)
    assert counted[unmarked.pk] == (0, 0, 0, 0, 3, True)
    assert counted[coming.pk] == (0, 0, 0, 0, 3, False)
    rows = {row.meeting.pk: row.counts for row in meeting_rows(found)}
    assert (rows[meeting.pk].on_roll, rows[meeting.pk].marked) == (3, 5)
    assert [m.pk for m in planned_meetings(cell, today=TODAY)] == [
        unmarked.pk,
        coming.pk,
    ]
    assert [m.pk for m in meetings_for(cell, today=TODAY).filter(overdue=True)] == [
        unmarked.pk
    ]
    assert meetings_for(cell, today=TODAY).count() == 3


def test_a_cell_without_members_has_an_empty_roll() -> None:
    cell = CellFactory()
    MeetingFactory(cell=cell, held_on=HELD_ON)
    (meeting,) = meetings_for(cell, today=TODAY)
    assert (meeting.n_on_roll, meeting.n_present, meeting.overdue) == (0, 0, False)


def list_page(size: int) -> tuple[object, str]:
    """A cell of two members with ``size`` meetings (every fifth planned), and a ward official."""
    cell = CellFactory()
    people = [MembershipFactory(cell=cell).member for _ in range(2)]
    for day in range(size):
        meeting = MeetingFactory(
            cell=cell,
            held_on=HELD_ON + DAY * day,
            state=MeetingState.PLANNED if day % 5 == 0 else MeetingState.SUBMITTED,
        )
        for person in people:
            AttendanceFactory(meeting=meeting, member=person, mark=Mark.PRESENT)
    user = UserFactory(password=None)
    RoleFactory(user=user, kind=RoleKind.WARD_OFFICIAL, ward=cell.ward)
    return user, reverse("meetings:meeting_list", args=[cell.code])


def captured_page(client: Client, size: int) -> list[str]:
    user, url = list_page(size)
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="meeting-row') == min(size, 20)
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.slow
def test_the_list_costs_the_same_queries_for_1_20_and_200_meetings(
    client: Client,
) -> None:
    counts = {size: len(captured_page(client, size)) for size in (1, 20, 200)}
    assert len(set(counts.values())) == 1, f"queries by meetings {counts}"


def test_the_paginators_count_does_not_count_marks_or_the_roll(client: Client) -> None:
    """The page's COUNT(*) reads the meetings alone: the annotations it does not need are dropped."""
    statements = captured_page(client, 3)
    counts = [
        sql
        for sql in statements
        if sql.startswith("SELECT COUNT(*)") and '"meetings_meeting"' in sql
    ]
    assert len(counts) == 1
    assert "meetings_attendance" not in counts[0]
    assert "cells_cellmembership" not in counts[0]
    listed = [
        sql
        for sql in statements
        if "n_on_roll" in sql and not sql.startswith("SELECT COUNT(*)")
    ]
    assert listed, "the page's rows were not read"
    for sql in listed:
        assert (
            "GROUP BY" not in sql.rsplit(")", 1)[-1]
        )  # no GROUP BY on the outer query
        assert "JOIN" not in sql
