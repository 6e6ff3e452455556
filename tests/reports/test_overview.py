"""The overview of wards: each ward with its cells, model cells and cells at risk, 25 wards a page, one
evaluation for the page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.fixtures import Settings

from cells.models import RoleKind
from meetings.models import Mark
from reports import seed as seeding
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    MeetingFactory,
    MembershipFactory,
    RoleFactory,
    UserFactory,
    WardFactory,
)
from wards.models import Ward

# Early in the year: only January's meeting is due, so a cell is lost by an unexcused absence alone.
PERIOD = {"year": "2025", "as_of": "20/01/2025"}


def ward_with_cells(code: str, cells: int, *, absent: int = 0) -> Ward:
    """A ward of ``cells`` cells, the first ``absent`` of which had a member absent without excuse."""
    ward = WardFactory(code=code)
    for n in range(cells):
        cell = CellFactory(ward=ward)
        person = MembershipFactory(cell=cell).member
        meeting = MeetingFactory(cell=cell, held_on=datetime.date(2025, 1, 5))
        AttendanceFactory(
            meeting=meeting,
            member=person,
            mark=Mark.ABSENT if n < absent else Mark.PRESENT,
        )
    return ward


def viewer_of_every_ward() -> User:
    user = UserFactory(password=None)
    RoleFactory(user=user, kind=RoleKind.VIEWER)
    return user


def test_each_ward_with_its_cells_and_cells_at_risk(client: Client, db: None) -> None:
    ward_with_cells("P-A", 3, absent=2)
    ward_with_cells("P-B", 1)
    client.force_login(viewer_of_every_ward())
    response = client.get(reverse("reports:overview"), PERIOD)
    lines = {line.ward.code: line for line in response.context["lines"]}
    assert list(lines) == ["P-A", "P-B"]
    assert (lines["P-A"].cells, lines["P-A"].lost, lines["P-A"].model_cells) == (
        3,
        2,
        0,
    )
    # An unscored meeting: the other cells need action (criterion 8 undecided).
    assert lines["P-A"].action == 1
    assert (lines["P-B"].cells, lines["P-B"].lost, lines["P-B"].action) == (1, 0, 1)
    totals = response.context["totals"]
    assert (totals.cells, totals.lost, totals.action) == (4, 2, 2)
    page = response.content.decode()
    assert re.search(r'id="total-cells">4<', page)
    link = (
        reverse("reports:ward_dashboard", args=["P-A"])
        + "?year=2025&amp;as_of=20/01/2025"
    )
    assert f'href="{link}"' in page


def test_a_ward_official_sees_only_their_ward(client: Client, db: None) -> None:
    mine = ward_with_cells("P-A", 1)
    ward_with_cells("P-B", 1)
    official = UserFactory(password=None)
    RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=mine)
    client.force_login(official)
    response = client.get(reverse("reports:overview"))
    assert [line.ward.code for line in response.context["lines"]] == ["P-A"]


def test_wards_are_paginated_25_a_page(client: Client, db: None) -> None:
    for n in range(26):
        WardFactory(code=f"W{n:03d}")
    client.force_login(viewer_of_every_ward())
    first = client.get(reverse("reports:overview"), PERIOD)
    assert len(first.context["lines"]) == 25
    page = first.content.decode()
    assert "page=2" in page and "year=2025" in page
    second = client.get(reverse("reports:overview"), {**PERIOD, "page": "2"})
    assert [line.ward.code for line in second.context["lines"]] == ["W025"]


@pytest.mark.parametrize("kind", [RoleKind.CELL_SECRETARY, None])
def test_users_without_a_ward_get_a_404(
    client: Client, db: None, kind: str | None
) -> None:
    user = UserFactory(password=None)
    if kind:
        RoleFactory(user=user, kind=kind, cell=CellFactory())
    client.force_login(user)
    assert client.get(reverse("reports:overview")).status_code == 404


def test_the_query_count_does_not_grow_with_the_wards(client: Client, db: None) -> None:
    counts = []
    for size in (1, 20):
        for n in range(size):
            ward_with_cells(f"S{size}-{n:02d}", 2, absent=1)
        user = UserFactory(password=None)
        for ward_code in [f"S{size}-{n:02d}" for n in range(size)]:
            RoleFactory(
                user=user,
                kind=RoleKind.VIEWER,
                ward=Ward.objects.get(code=ward_code),
            )
        client.force_login(user)
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse("reports:overview"), PERIOD)
        assert response.status_code == 200
        assert len(response.context["lines"]) == size
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 25


def test_the_demo_ward_in_the_overview(
    client: Client, db: None, settings: Settings
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seeding.seed(scale="demo", seed=1, year=2025, today=datetime.date(2026, 3, 15))
    client.force_login(UserFactory(username="admin"))
    response = client.get(
        reverse("reports:overview"), {"year": "2025", "as_of": "31/12/2025"}
    )
    (line,) = response.context["lines"]
    assert (line.ward.code, line.cells, line.model_cells, line.lost, line.action) == (
        "DONGTAM",
        13,
        2,
        11,
        0,
    )
    page = response.content.decode()
    row = page[page.index('data-ward="DONGTAM"') :]
    numbers = re.sub(r"<[^>]+>|[★✗!]", " ", row[: row.index("</tr>")]).split()[-4:]
    assert numbers == ["13", "2", "11", "0"]
