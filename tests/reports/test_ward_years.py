"""The year-closing page of a ward: who sees it, who closes and reopens, and what it shows."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cells.models import RoleKind
from scoring.models import ClosedYear
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward_world() -> dict:
    ward = factories.WardFactory(code="DT", name="Phường Đồng Tâm")
    official = factories.UserFactory(password=None)
    factories.RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    viewer = factories.UserFactory(password=None)
    factories.RoleFactory(user=viewer, kind=RoleKind.VIEWER, ward=ward)
    factories.CellFactory(ward=ward)
    return {"ward": ward, "official": official, "viewer": viewer}


def url() -> str:
    return reverse("reports:ward_years", args=["DT"])


def test_an_official_closes_last_year_and_sees_it_closed(
    client: Client, ward_world: dict
) -> None:
    last_year = timezone.localdate().year - 1
    client.force_login(ward_world["official"])
    response = client.post(
        url(), {"action": "close", "year": str(last_year)}, follow=True
    )
    closed = ClosedYear.objects.get(ward=ward_world["ward"], year=last_year)
    assert closed.closed and closed.closed_by == ward_world["official"]
    assert len(closed.evaluation["cells"]) == 1
    page = response.content.decode()
    assert f"Năm {last_year} đã được khóa sổ." in page
    assert "0 / 1" in page  # model cells in the stored copy


def test_the_current_year_cannot_be_closed_and_says_so(
    client: Client, ward_world: dict
) -> None:
    this_year = timezone.localdate().year
    client.force_login(ward_world["official"])
    response = client.post(
        url(), {"action": "close", "year": str(this_year)}, follow=True
    )
    assert not ClosedYear.objects.exists()
    assert "alert-danger" in response.content.decode()


def test_reopening_needs_a_reason_and_is_kept_in_history(
    client: Client, ward_world: dict
) -> None:
    last_year = timezone.localdate().year - 1
    client.force_login(ward_world["official"])
    client.post(url(), {"action": "close", "year": str(last_year)})
    client.post(url(), {"action": "reopen", "year": str(last_year), "reason": ""})
    assert ClosedYear.objects.get().closed
    client.post(
        url(),
        {"action": "reopen", "year": str(last_year), "reason": "Sửa điểm buổi T5"},
    )
    closed = ClosedYear.objects.get()
    assert not closed.closed
    assert closed.history.first().history_change_reason == "Sửa điểm buổi T5"


def test_a_viewer_sees_the_years_but_cannot_close(
    client: Client, ward_world: dict
) -> None:
    client.force_login(ward_world["viewer"])
    page = client.get(url()).content.decode()
    assert str(timezone.localdate().year) in page
    assert 'name="action"' not in page
    last_year = timezone.localdate().year - 1
    response = client.post(url(), {"action": "close", "year": str(last_year)})
    assert response.status_code == 403
    assert not ClosedYear.objects.exists()


def test_the_page_lists_recent_years_and_every_closed_one(
    client: Client, ward_world: dict, django_assert_max_num_queries
) -> None:
    factories.ClosedYearFactory(
        ward=ward_world["ward"],
        year=2019,
        closed_at=datetime.datetime(2020, 1, 5, tzinfo=datetime.UTC),
    )
    client.force_login(ward_world["official"])
    with django_assert_max_num_queries(8):
        response = client.get(url())
    years = [row.year for row in response.context["rows"]]
    this_year = timezone.localdate().year
    assert years == [this_year, this_year - 1, this_year - 2, this_year - 3, 2019]
