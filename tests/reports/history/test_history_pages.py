"""The history pages: who changed what, when, old → new, with labels a reader knows."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from cells.models import OfficePosition, StatusKind
from meetings.models import Mark
from tests.factories import OfficeFactory, StatusPeriodFactory
from tests.reports.history.conftest import save_as

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def member_url(records) -> str:
    return reverse(
        "reports:member_history", args=[records.cell.code, records.member.code]
    )


def test_member_history_shows_old_new_the_field_and_the_user(client, records):
    client.force_login(records.official)

    page = text_of(client.get(member_url(records)))

    assert "Họ và tên" in page
    assert "<del>Nguyễn Văn An</del>" in page
    assert "Nguyễn Văn Anh</ins>" in page
    assert "Lê Thị Phường" in page and "Hoàng Văn Bí" in page
    assert "nam</ins>" in page  # a choice by its label
    assert "Nguyễn Văn An (HGD001)</ins>" in page  # a foreign key by its name


def test_member_history_includes_status_periods_offices_and_memberships(
    client, records
):
    period = StatusPeriodFactory(
        member=records.member, kind=StatusKind.WORKING_AWAY, approved=False,
        approved_on=None, approved_by="",
    )  # fmt: skip
    save_as(period, records.official, contact_kept=True)
    OfficeFactory(
        member=records.member,
        cell=records.cell,
        position=OfficePosition.SECRETARY,
        start=datetime.date(2020, 10, 1),
    )
    client.force_login(records.official)

    page = text_of(client.get(member_url(records)))

    assert str(StatusKind.WORKING_AWAY.label) in page
    assert "<del>không</del>" in page and "có</ins>" in page  # contact kept no → yes
    assert str(OfficePosition.SECRETARY.label) in page
    assert "01/10/2020" in page
    assert records.cell.name in page  # the membership


def test_meeting_history_includes_attendance_and_score_sheets(client, records):
    client.force_login(records.official)

    page = text_of(
        client.get(reverse("reports:meeting_history", args=[records.meeting.key]))
    )

    assert f"<del>{str(Mark.PRESENT.label).capitalize()}</del>" in page or (
        f"<del>{Mark.PRESENT.label}</del>" in page
    )
    assert f"{Mark.ABSENT.label}</ins>" in page
    assert "<del>98</del>" in page and "96.5</ins>" in page
    assert "Nguyễn Văn Anh" in page  # whose mark changed


def test_cell_and_household_history(client, records):
    client.force_login(records.official)

    cell_page = text_of(
        client.get(reverse("reports:cell_history", args=[records.cell.code]))
    )
    household_page = text_of(
        client.get(
            reverse(
                "reports:household_history",
                args=[records.ward.code, records.household.code],
            )
        )
    )

    assert "Chi bộ Tổ dân phố số 1 – Đồng Tâm</ins>" in cell_page
    assert "Số 5, ngõ 12 Nguyễn Thái Học</ins>" in household_page


@pytest.mark.parametrize("who", ["secretary", "viewer"])
def test_history_is_an_officials_tool(client, records, who):
    client.force_login(getattr(records, who))

    assert client.get(member_url(records)).status_code == 403
    assert (
        client.get(
            reverse("reports:meeting_history", args=[records.meeting.key])
        ).status_code
        == 403
    )


def test_history_out_of_scope_is_not_found(client, records):
    client.force_login(records.other_official)

    assert client.get(member_url(records)).status_code == 404
    assert (
        client.get(
            reverse("reports:cell_history", args=[records.cell.code])
        ).status_code
        == 404
    )


def test_record_pages_link_their_history_for_officials_only(client, records):
    member_page = reverse(
        "cells:member_detail", args=[records.cell.code, records.member.code]
    )
    meeting_page = reverse("meetings:meeting_detail", args=[records.meeting.key])
    cell_page = reverse("reports:cell_page", args=[records.cell.code])

    client.force_login(records.official)
    assert member_url(records) in client.get(member_page).content.decode()
    assert (
        reverse("reports:meeting_history", args=[records.meeting.key])
        in client.get(meeting_page).content.decode()
    )
    assert (
        reverse("reports:cell_history", args=[records.cell.code])
        in client.get(cell_page).content.decode()
    )
    client.force_login(records.secretary)
    assert member_url(records) not in client.get(member_page).content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_meeting_history_query_count_does_not_grow_with_rows(
    client, records, django_assert_max_num_queries, count
):
    from tests.factories import AttendanceFactory, MemberFactory

    for n in range(count):
        attendance = AttendanceFactory(
            meeting=records.meeting, member=MemberFactory(code=f"DV2{n:03d}")
        )
        save_as(attendance, records.secretary, mark=Mark.EXCUSED)
    client.force_login(records.official)
    url = reverse("reports:meeting_history", args=[records.meeting.key])

    with django_assert_max_num_queries(13):
        page = text_of(client.get(url))

    assert page.count(f"{Mark.EXCUSED.label}</ins>") == count
