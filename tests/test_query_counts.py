"""Query counts of every list page, the dashboards, the cell page and the attendance screen: the same for
1, 20 and 200 rows (STYLE.md "Reading and writing the database"; issue 8, item 3).

The tests beside each page compare 1 and 20 rows; these add 200 and cover every page in one place. Each
size is built in a ward of its own, then the page is fetched once with the queries captured.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cells.models import RoleKind
from meetings.models import Mark, MeetingState
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    HouseholdFactory,
    HouseholdYearFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    MemberYearFactory,
    RoleFactory,
    UserFactory,
    WardFactory,
)
from wards.models import Ward

SIZES = (1, 20, 200)
YEAR = 2025
PERIOD = {"year": str(YEAR), "as_of": f"31/12/{YEAR}"}
FIRST_DAY = datetime.date(YEAR, 1, 1)


@dataclass
class Page:
    user: object
    url: str
    params: dict


def official_of(ward: Ward) -> object:
    user = UserFactory(password=None)
    RoleFactory(user=user, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    return user


def roll(cell, size: int, **member_fields) -> list:
    return [
        MembershipFactory(cell=cell, member=MemberFactory(**member_fields)).member
        for _ in range(size)
    ]


def member_list(size: int) -> Page:
    cell = CellFactory()
    roll(cell, size)
    return Page(
        official_of(cell.ward), reverse("cells:member_list", args=[cell.code]), {}
    )


def meeting_list(size: int) -> Page:
    cell = CellFactory()
    people = roll(cell, 2)
    for day in range(size):
        meeting = MeetingFactory(
            cell=cell, held_on=FIRST_DAY + datetime.timedelta(days=day)
        )
        for person in people:
            AttendanceFactory(meeting=meeting, member=person, mark=Mark.PRESENT)
    return Page(
        official_of(cell.ward), reverse("meetings:meeting_list", args=[cell.code]), {}
    )


def household_list(size: int) -> Page:
    cell = CellFactory()
    for _ in range(size):
        household = HouseholdFactory()
        HouseholdYearFactory(household=household, year=YEAR)
        roll(cell, 1, household=household)
    return Page(
        official_of(cell.ward),
        reverse("cells:household_list", args=[cell.code]),
        {"year": str(YEAR)},
    )


def account_list(size: int) -> Page:
    ward = WardFactory()
    for _ in range(size):
        RoleFactory(
            user=UserFactory(password=None),
            kind=RoleKind.CELL_SECRETARY,
            cell=CellFactory(ward=ward),
        )
    return Page(
        official_of(ward), reverse("accounts:account_list", args=[ward.code]), {}
    )


def ratings(size: int) -> Page:
    cell = CellFactory()
    for member in roll(cell, size):
        MemberYearFactory(member=member, year=YEAR)
    return Page(
        official_of(cell.ward),
        reverse("cells:member_ratings", args=[cell.code, YEAR]),
        {},
    )


def with_meetings(cell, people: list, count: int = 3) -> None:
    for month in range(1, count + 1):
        meeting = MeetingFactory(cell=cell, held_on=datetime.date(YEAR, month, 5))
        for person in people:
            AttendanceFactory(meeting=meeting, member=person, mark=Mark.PRESENT)


def ward_dashboard(size: int) -> Page:
    ward = WardFactory()
    for _ in range(size):
        cell = CellFactory(ward=ward)
        with_meetings(cell, roll(cell, 1), count=1)
    return Page(
        official_of(ward), reverse("reports:ward_dashboard", args=[ward.code]), PERIOD
    )


def overview(size: int) -> Page:
    user = UserFactory(password=None)
    for _ in range(size):
        ward = WardFactory()
        cell = CellFactory(ward=ward)
        roll(cell, 1)
        RoleFactory(user=user, kind=RoleKind.VIEWER, ward=ward)
    return Page(user, reverse("reports:overview"), PERIOD)


def cell_page(size: int) -> Page:
    cell = CellFactory()
    with_meetings(cell, roll(cell, size))
    return Page(
        official_of(cell.ward), reverse("reports:cell_page", args=[cell.code]), PERIOD
    )


def attendance_screen(size: int) -> Page:
    cell = CellFactory()
    people = roll(cell, size)
    meeting = MeetingFactory(
        cell=cell, held_on=datetime.date(YEAR, 6, 5), state=MeetingState.DRAFT
    )
    for person in people:
        AttendanceFactory(meeting=meeting, member=person, mark=Mark.PRESENT)
    return Page(
        official_of(cell.ward), reverse("meetings:attendance", args=[meeting.key]), {}
    )


PAGES: dict[str, Callable[[int], Page]] = {
    "member list": member_list,
    "meeting list": meeting_list,
    "household list": household_list,
    "account list": account_list,
    "ratings": ratings,
    "ward dashboard": ward_dashboard,
    "overview of wards": overview,
    "cell page": cell_page,
    "attendance screen": attendance_screen,
}


def queries_for(client: Client, page: Page) -> int:
    client.force_login(page.user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url, page.params)
    assert response.status_code == 200, page.url
    return len(captured.captured_queries)


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGES)
def test_the_query_count_of_the_page_does_not_grow_with_its_rows(
    name: str, client: Client, db: None
) -> None:
    counts = {size: queries_for(client, PAGES[name](size)) for size in SIZES}
    assert len(set(counts.values())) == 1, f"{name}: queries by rows {counts}"
