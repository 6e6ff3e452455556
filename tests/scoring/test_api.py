"""``/api/evaluations/<year>.json``: the ``evaluate`` JSON scoped to the user (DESIGN.md "Interfaces").

The world is the permission matrix's (tests/access/world.py): ward W with cells A and B, ward V with cell C,
one user per role.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from cells.models import Cell, CellYear
from scoring.closing import year_close
from scoring.services import evaluate, evaluation_json
from tests import factories as f
from tests.access.world import World, build_world

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025
TOP_KEYS = {"year", "as_of", "cells"}
CELL_KEYS = {"code", "name", "kind", "model_cell", "criteria", "meetings"}
CRITERION_KEYS = {
    "number",
    "key",
    "title",
    "applicable",
    "state",
    "passed",
    "value",
    "required",
    "detail",
    "evidence",
}
EVIDENCE_KEYS = {"kind", "ref", "date", "text"}
MEETING_KEYS = {
    "held",
    "regular",
    "thematic",
    "scored",
    "type1",
    "bar98",
    "min_score",
}


@pytest.fixture
def world() -> World:
    return build_world()


def url(year: int = YEAR) -> str:
    return reverse("scoring:evaluations", kwargs={"year": year})


def get_json(client: Client, user: object, params: dict | None = None) -> dict:
    client.force_login(user)
    response = client.get(url(), params or {})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content.decode("utf-8"))


def codes(data: dict) -> list[str]:
    return [cell["code"] for cell in data["cells"]]


def with_a_year_of_data(cell: Cell) -> None:
    """A member with a household and yearly records, a scored meeting with attendance, the cell's year."""
    membership = f.MembershipFactory(
        cell=cell, member__household=f.HouseholdFactory(group__ward=cell.ward)
    )
    member = membership.member
    f.MemberYearFactory(member=member, year=YEAR)
    f.HouseholdYearFactory(household=member.household, year=YEAR)
    f.CellYearFactory(cell=cell, year=YEAR)
    meeting = f.MeetingFactory(cell=cell, held_on=D(YEAR, 7, 10))
    f.AttendanceFactory(meeting=meeting, member=member, mark="absent")
    f.ScoreSheetFactory(meeting=meeting, total=Decimal("97.5"))


# --- Shape ---------------------------------------------------------------------------------------


def test_answer_has_the_shape_of_the_evaluate_json(
    world: World, client: Client
) -> None:
    with_a_year_of_data(world.cells["A"])
    data = get_json(client, world.users["official"])

    assert set(data) == TOP_KEYS
    assert data["year"] == YEAR
    assert data["as_of"] == "2025-12-31"
    assert codes(data) == ["CELLA", "CELLB"]
    evidence = []
    for cell in data["cells"]:
        assert set(cell) == CELL_KEYS
        assert set(cell["meetings"]) == MEETING_KEYS
        assert [c["number"] for c in cell["criteria"]] == list(range(1, 14))
        for criterion in cell["criteria"]:
            assert set(criterion) == CRITERION_KEYS
            evidence += criterion["evidence"]
    assert evidence
    assert all(set(item) == EVIDENCE_KEYS for item in evidence)

    cells = Cell.objects.filter(code__in=["CELLA", "CELLB"]).order_by("code")
    year_end = D(YEAR, 12, 31)
    assert data == json.loads(
        json.dumps(evaluation_json(evaluate(YEAR, cells, year_end), YEAR, year_end))
    )


def test_answer_is_utf8_without_escapes(world: World, client: Client) -> None:
    client.force_login(world.users["official"])
    response = client.get(url())
    assert "Chi bộ A".encode() in response.content
    assert b"\\u" not in response.content
    assert "charset=utf-8" in response["Content-Type"]


# --- Scope ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected",
    [
        ("norole", []),
        ("secretary_a", ["CELLA"]),
        ("secretary_b", ["CELLB"]),
        ("viewer", ["CELLA", "CELLB"]),
        ("official", ["CELLA", "CELLB"]),
        ("superuser", ["CELLA", "CELLB", "CELLC"]),
    ],
)
def test_each_role_gets_the_cells_of_its_scope(
    role: str, expected: list[str], world: World, client: Client
) -> None:
    assert codes(get_json(client, world.users[role])) == expected


@pytest.mark.parametrize(
    "role, params, expected",
    [
        ("official", {"cell": "CELLB"}, ["CELLB"]),
        ("official", {"ward": "W"}, ["CELLA", "CELLB"]),
        ("official", {"ward": "V"}, []),  # out of scope: as if unknown
        ("official", {"cell": "CELLC"}, []),
        ("official", {"cell": "NOSUCH"}, []),
        ("secretary_a", {"cell": "CELLB"}, []),
        ("secretary_a", {"ward": "W"}, ["CELLA"]),
        ("superuser", {"ward": "V"}, ["CELLC"]),
        ("superuser", {"ward": "W", "cell": "CELLA"}, ["CELLA"]),
    ],
)
def test_ward_and_cell_filters_stay_within_the_scope(
    role: str, params: dict, expected: list[str], world: World, client: Client
) -> None:
    assert codes(get_json(client, world.users[role], params)) == expected


def test_anonymous_is_sent_to_the_login_page(client: Client, world: World) -> None:
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(client: Client, world: World) -> None:
    client.force_login(world.users["official"])
    assert client.post(url()).status_code == 405


# --- as_of ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2025-06-05", "05/06/2025", " 05/06/2025 "])
def test_as_of_is_read_in_iso_and_vietnamese_order(
    value: str, world: World, client: Client
) -> None:
    data = get_json(client, world.users["official"], {"as_of": value})
    assert data["as_of"] == "2025-06-05"


def test_as_of_changes_what_is_due(world: World, client: Client) -> None:
    data = get_json(client, world.users["official"], {"as_of": "30/06/2025"})
    rating = data["cells"][0]["criteria"][4]
    assert rating["key"] == "cell_rating"
    assert rating["state"] == "pending"


@pytest.mark.parametrize("value", ["2025-13-01", "30/02/2025", "hôm qua"])
def test_a_bad_as_of_is_a_400_with_a_message(
    value: str, world: World, client: Client
) -> None:
    client.force_login(world.users["official"])
    response = client.get(url(), {"as_of": value})
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "error": gettext("Not a date (dd/mm/yyyy or yyyy-mm-dd): %(v)s") % {"v": value}
    }


@pytest.mark.parametrize("year", [1929, 2101])
def test_a_year_out_of_range_is_a_400(year: int, world: World, client: Client) -> None:
    client.force_login(world.users["official"])
    response = client.get(url(year))
    assert response.status_code == 400
    assert "error" in json.loads(response.content)


# --- Closed years --------------------------------------------------------------------------------


def test_a_closed_year_is_served_from_the_stored_copy(
    world: World, client: Client
) -> None:
    closed = year_close(ward=world.ward, year=YEAR, by=world.users["official"])
    # Changed after closing, behind the forms' back: the answer does not follow for ward W.
    CellYear.objects.create(cell=world.cells["A"], year=YEAR, rating="excellent")
    CellYear.objects.create(cell=world.cells["C"], year=YEAR, rating="excellent")

    data = get_json(client, world.users["superuser"])
    by_code = {cell["code"]: cell for cell in data["cells"]}
    stored = {cell["code"]: cell for cell in closed.evaluation["cells"]}
    assert by_code["CELLA"] == stored["CELLA"]
    assert by_code["CELLB"] == stored["CELLB"]
    assert by_code["CELLA"]["criteria"][4]["state"] == "undecided"
    assert by_code["CELLC"]["criteria"][4]["state"] == "passed"  # ward V: live

    mid_year = get_json(client, world.users["secretary_a"], {"as_of": "2025-06-30"})
    assert mid_year["as_of"] == "2025-06-30"
    assert mid_year["cells"] == [stored["CELLA"]]


# --- Query count ---------------------------------------------------------------------------------


def test_query_count_does_not_grow_with_cells(
    client: Client, django_assert_max_num_queries: Callable
) -> None:
    ward = f.WardFactory(code="Q")
    official = f.UserFactory(password=None)
    f.RoleFactory(user=official, kind="ward_official", ward=ward)
    client.force_login(official)
    with_a_year_of_data(f.CellFactory(ward=ward))
    client.get(url())  # warm the per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as one_cell:
        response = client.get(url())
    assert len(json.loads(response.content)["cells"]) == 1

    for _ in range(19):
        with_a_year_of_data(f.CellFactory(ward=ward))
    with django_assert_max_num_queries(len(one_cell)):
        response = client.get(url())
    assert len(json.loads(response.content)["cells"]) == 20


def test_query_count_with_a_closed_ward_does_not_grow_with_cells(
    client: Client, django_assert_max_num_queries: Callable
) -> None:
    ward = f.WardFactory(code="Q")
    official = f.UserFactory(password=None)
    f.RoleFactory(user=official, kind="ward_official", ward=ward)
    client.force_login(official)
    with_a_year_of_data(f.CellFactory(ward=ward))
    year_close(ward=ward, year=YEAR, by=official)
    client.get(url())
    with CaptureQueriesContext(connection) as one_cell:
        client.get(url())

    for _ in range(19):
        with_a_year_of_data(f.CellFactory(ward=ward))
    ward.closed_years.all().delete()
    year_close(ward=ward, year=YEAR, by=official)
    with django_assert_max_num_queries(len(one_cell)):
        response = client.get(url())
    assert len(json.loads(response.content)["cells"]) == 20
