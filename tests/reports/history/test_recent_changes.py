"""The ward's recent changes: filters, links to the history pages, and a query count that does not grow
with the rows."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cells.models import Member
from tests.factories import MemberFactory, MembershipFactory
from tests.reports.history.conftest import save_as

pytestmark = pytest.mark.django_db


def changes(client, records, **params: str) -> str:
    response = client.get(
        reverse("reports:ward_changes", args=[records.ward.code]), params
    )
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def table(page: str) -> str:
    return page.split('id="change-table"', 1)[1].split("</tbody>", 1)[0]


def rows(page: str) -> int:
    return table(page).count("<tr>") - 1  # the header row


def test_recent_changes_list_the_wards_records_with_history_links(client, records):
    client.force_login(records.official)

    page = changes(client, records)

    assert reverse("reports:member_history", args=["C01", "DV0001"]) in page
    assert reverse("reports:meeting_history", args=[records.meeting.key]) in page
    assert reverse("reports:cell_history", args=["C01"]) in page
    assert reverse("reports:household_history", args=["DT", "HGD001"]) in page
    assert "Lê Thị Phường" in page


def test_other_wards_changes_are_not_listed(client, records):
    other = MemberFactory(code="DV0900", full_name="Người Phường Khác")
    MembershipFactory(member=other, cell=records.other_cell)
    client.force_login(records.official)

    page = changes(client, records)

    assert "Người Phường Khác" not in page
    assert "Chi bộ Yên Ninh 1" not in page


def test_filter_by_kind_of_record(client, records):
    client.force_login(records.official)

    page = changes(client, records, kind="attendance")

    assert rows(page) == 2  # created, then changed
    assert reverse("reports:meeting_history", args=[records.meeting.key]) in page
    assert reverse("reports:cell_history", args=["C01"]) not in page


def test_filter_by_user(client, records):
    client.force_login(records.official)

    page = changes(client, records, user=str(records.secretary.pk))

    assert rows(page) == 2  # the member created, the attendance changed
    assert "Hoàng Văn Bí" in table(page) and "Lê Thị Phường" not in table(page)


def test_filter_by_date_range(client, records):
    Member.history.filter(history_user=records.secretary).update(
        history_date=timezone.now() - datetime.timedelta(days=40)
    )
    client.force_login(records.official)
    day = (timezone.localdate() - datetime.timedelta(days=40)).strftime("%d/%m/%Y")

    page = changes(client, records, date_from=day, date_to=day)

    assert rows(page) == 1
    assert "Hoàng Văn Bí" in page


def test_filter_by_cell(client, records):
    from tests.factories import CellFactory

    other = CellFactory(ward=records.ward, code="C02")
    client.force_login(records.official)

    assert rows(changes(client, records, cell=str(other.pk))) == 1  # its creation
    assert rows(changes(client, records, cell=str(records.cell.pk))) > 5


def test_a_filter_that_does_not_parse_is_left_out(client, records):
    client.force_login(records.official)

    page = changes(client, records, date_from="31/02/2025")

    assert rows(page) > 5


@pytest.mark.parametrize("count", [1, 20])
def test_query_count_does_not_grow_with_rows(
    client, records, django_assert_max_num_queries, count
):
    for n in range(count):
        member = MemberFactory(code=f"DV1{n:03d}")
        MembershipFactory(member=member, cell=records.cell)
        save_as(member, records.official, full_name=f"Đảng viên số {n}")
    client.force_login(records.official)

    with django_assert_max_num_queries(10):
        page = changes(client, records)

    assert rows(page) >= min(count, 25)
