"""The home page lists what each user may open, and nothing else."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cells.models import RoleKind
from reports.selectors import home_for
from tests.access.world import World
from tests.factories import (
    CellFactory,
    MemberFactory,
    MembershipFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def home(client: Client, user) -> tuple[str, object]:
    client.force_login(user)
    response = client.get(reverse("reports:home"))
    assert response.status_code == 200
    return response.content.decode(), response.context["home"]


def cells_by_ward(data) -> dict[str, list[str]]:
    return {group.ward.code: [c.code for c in group.cells] for group in data.wards}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("viewer", {"W": ["CELLA", "CELLB"]}),
        ("superuser", {"V": ["CELLC"], "W": ["CELLA", "CELLB"]}),
    ],
)
def test_home_lists_the_cells_of_the_users_scope_by_ward(
    client: Client, world: World, role: str, expected: dict
) -> None:
    page, data = home(client, world.users[role])
    assert cells_by_ward(data) == expected
    for code, cell in (("CELLA", "A"), ("CELLB", "B"), ("CELLC", "C")):
        link = reverse("cells:member_list", args=[world.cells[cell].code])
        shown = any(code in codes for codes in expected.values())
        assert (f'href="{link}"' in page) is shown


@pytest.mark.parametrize(
    ("role", "target", "expected"),
    [
        ("official", ("reports:ward_dashboard", "W"), {"W": ["CELLA", "CELLB"]}),
        ("secretary_a", ("reports:cell_page", "CELLA"), {"W": ["CELLA"]}),
        ("secretary_b", ("reports:cell_page", "CELLB"), {"W": ["CELLB"]}),
    ],
)
def test_officials_and_secretaries_go_to_their_own_page(
    client: Client, world: World, role: str, target: tuple[str, str], expected: dict
) -> None:
    client.force_login(world.users[role])
    response = client.get(reverse("reports:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(target[0], args=[target[1]])
    # The list behind it still holds exactly their scope.
    data = home_for(world.users[role], day=timezone.localdate())
    assert cells_by_ward(data) == expected


def test_viewer_of_every_ward_sees_both_wards(client: Client, world: World) -> None:
    user = RoleFactory(kind=RoleKind.VIEWER).user
    _, data = home(client, user)
    assert cells_by_ward(data) == {"V": ["CELLC"], "W": ["CELLA", "CELLB"]}


def test_a_user_without_a_role_is_told_to_contact_the_ward_office(
    client: Client, world: World
) -> None:
    page, data = home(client, world.users["norole"])
    assert data.wards == [] and not data.has_scope
    assert "no-role" in page
    assert "cells/" not in page


def test_member_counts_are_those_on_the_roll_today(
    client: Client, world: World
) -> None:
    today = timezone.localdate()
    cell = world.cells["A"]
    for _ in range(3):
        MembershipFactory(member=MemberFactory(), cell=cell, start=today)
    left = MemberFactory()
    MembershipFactory(
        member=left, cell=cell, start=datetime.date(2015, 1, 1), end=today
    )  # still on the roll today: dates are inclusive
    gone = MemberFactory()
    MembershipFactory(
        member=gone,
        cell=cell,
        start=datetime.date(2015, 1, 1),
        end=today - datetime.timedelta(days=1),
    )
    coming = MemberFactory()
    MembershipFactory(
        member=coming, cell=cell, start=today + datetime.timedelta(days=1)
    )
    _, data = home(client, world.users["viewer"])
    counts = {c.code: c.members_today for c in data.wards[0].cells}
    assert counts == {"CELLA": 5, "CELLB": 1}
    assert data.wards[0].members_today == 6


@pytest.mark.parametrize("count", [1, 20])
def test_home_query_count_does_not_grow_with_cells(
    client: Client, world: World, count: int, django_assert_max_num_queries
) -> None:
    for _ in range(count - 1):
        cell = CellFactory(ward=world.ward)
        for _ in range(3):
            MembershipFactory(member=MemberFactory(), cell=cell)
    client.force_login(world.users["viewer"])
    # session, user, roles (scope), cells with their counts, roles (shown on the page)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("reports:home"))
    assert len(response.context["home"].wards[0].cells) == count + 1


def test_home_names_the_users_roles(client: Client, world: World) -> None:
    user = UserFactory(password=None, first_name="Lan", last_name="Trần Thị")
    RoleFactory(user=user, kind=RoleKind.VIEWER, cell=world.cells["A"])
    page, data = home(client, user)
    assert [role.cell for role in data.roles] == [world.cells["A"]]
    assert "Chi bộ A" in page
