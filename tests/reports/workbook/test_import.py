"""Importing a workbook: every sheet, updates by natural key, idempotence, history and the log."""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal

import pytest

from cells.models import Cell, CellMembership, Member, StatusPeriod
from meetings.models import Attendance, Meeting
from reports.models import DataLog
from reports.workbook import workbook_check, workbook_import
from scoring.models import ItemScore, ScoreSheet
from tests.factories import UserFactory
from tests.reports.workbook.helpers import (
    MEETING,
    base,
    counts,
    history_counts,
    workbook,
)

pytestmark = pytest.mark.django_db


def test_valid_workbook_creates_a_row_for_every_sheet() -> None:
    user = UserFactory(is_superuser=True)
    plan = workbook_import(workbook(base()), by=user)
    assert plan.errors == []
    assert plan.applied
    created = {sheet.name: sheet.created for sheet in plan.sheets}
    assert created == {
        "Wards": 1,
        "Groups": 1,
        "Cells": 1,
        "Households": 2,
        "Members": 4,
        "Memberships": 4,
        "StatusPeriods": 2,
        "Offices": 2,
        "Meetings": 1,
        "Attendance": 3,
        "Scores": 17,
        "MemberYears": 2,
        "HouseholdYears": 1,
        "CellYears": 1,
    }
    cell = Cell.objects.get(code="C01")
    assert list(cell.groups.values_list("code", flat=True)) == ["TDP01"]
    meeting = Meeting.objects.get(key=MEETING)
    assert meeting.state == "submitted"
    assert meeting.chair.code == "DV0001"
    assert meeting.start_time == datetime.time(8, 0)
    assert meeting.targets_met_percent == Decimal("95")
    assert meeting.updated_by == user
    marks = dict(Attendance.objects.values_list("member__code", "mark"))
    assert marks == {"DV0001": "present", "DV0002": "present", "DV0004": "exempt"}
    upper = ScoreSheet.objects.get(meeting=meeting, scorer="upper")
    assert upper.total == Decimal("100") and not upper.total_only
    assert upper.rubric.code == "HD12-2018"
    assert ItemScore.objects.filter(sheet=upper).count() == 16
    own = ScoreSheet.objects.get(meeting=meeting, scorer="self")
    assert own.total_only and own.total == Decimal("96.5")
    member = Member.objects.get(code="DV0002")
    assert member.birth_date == datetime.date(1975, 1, 2)
    assert member.household.address == "Số 9, phường khác"
    exemption = StatusPeriod.objects.get(member__code="DV0004")
    assert exemption.approved and exemption.approved_by == "Đảng ủy phường"
    assert Member.history.filter(history_user=user).count() == 4
    assert Attendance.history.filter(history_user=user).count() == 3
    log = DataLog.objects.get(action="import")
    assert log.user == user and log.details["Members"]["created"] == 4


def test_importing_the_same_workbook_twice_changes_nothing() -> None:
    workbook_import(workbook(base()))
    before = history_counts()
    plan = workbook_import(workbook(base()))
    assert plan.applied and plan.errors == []
    assert all(s.created == 0 and s.updated == 0 for s in plan.sheets)
    assert all(c.action == "unchanged" for s in plan.sheets for c in s.changes)
    assert history_counts() == before


def test_a_row_with_an_existing_key_updates_only_its_changed_columns() -> None:
    workbook_import(workbook(base()))
    sheets = base()
    sheets["Members"][2][2] = "Trần Thị Bình Minh"
    sheets["Memberships"][2][3] = "31/12/2025"
    plan = workbook_import(workbook(sheets))
    assert plan.errors == []
    members = next(s for s in plan.sheets if s.name == "Members")
    assert (members.created, members.updated, members.unchanged) == (0, 1, 3)
    change = next(c for c in members.changes if c.action == "update")
    assert change.row == 3 and change.key == "DV0002"
    assert change.fields == {"full_name": ("Trần Thị Bình", "Trần Thị Bình Minh")}
    assert Member.objects.get(code="DV0002").full_name == "Trần Thị Bình Minh"
    assert CellMembership.objects.get(member__code="DV0002").end == datetime.date(
        2025, 12, 31
    )
    assert Member.history.filter(code="DV0002").count() == 2


def test_import_never_deletes_rows_missing_from_the_workbook() -> None:
    workbook_import(workbook(base()))
    sheets = base()
    del sheets["Members"][4]
    sheets["Attendance"] = sheets["Attendance"][:1]
    plan = workbook_import(workbook(sheets))
    assert plan.applied
    assert Member.objects.count() == 4 and Attendance.objects.count() == 3


def test_check_and_dry_run_write_nothing_but_plan_the_changes() -> None:
    before = counts()
    plan = workbook_check(workbook(base()))
    dry = workbook_import(workbook(base()), dry_run=True)
    assert counts() == before
    assert not plan.applied and not dry.applied
    assert plan.errors == [] and dry.errors == []
    assert [s.created for s in dry.sheets] == [s.created for s in plan.sheets]


def test_vietnamese_titles_and_sheet_names_are_accepted() -> None:
    sheets = base()
    sheets["Đảng viên"] = sheets.pop("Members")
    sheets["Đảng viên"][0] = [
        "Số lý lịch",
        "SỐ THẺ ĐẢNG",
        "  họ   và tên ",
        "Giới tính",
        "Ngày sinh",
        "Số CCCD",
        "Điện thoại",
        "Mã hộ",
        "Ngày vào Đảng",
        "Ngày chính thức",
    ]
    # decomposed accents, as some keyboards send them
    sheets["Đảng viên"][0][4] = unicodedata.normalize("NFD", "Ngày sinh")
    plan = workbook_import(workbook(sheets))
    assert plan.errors == []
    assert Member.objects.get(code="DV0001").full_name == "Nguyễn Văn An"


def test_text_is_stored_in_nfc() -> None:
    sheets = base()
    sheets["Members"][1][2] = unicodedata.normalize("NFD", "Nguyễn Văn Ấn")
    workbook_import(workbook(sheets))
    name = Member.objects.get(code="DV0001").full_name
    assert name == unicodedata.normalize("NFC", "Nguyễn Văn Ấn")


def test_blank_personal_data_does_not_erase_what_is_stored() -> None:
    workbook_import(workbook(base()))
    sheets = base()
    sheets["Members"][1][5] = None
    sheets["Members"][1][6] = None
    plan = workbook_import(workbook(sheets))
    assert plan.applied
    member = Member.objects.get(code="DV0001")
    assert (member.citizen_id, member.phone) == ("015060000001", "0912345678")


def test_a_new_member_like_one_on_file_is_reported_as_a_possible_duplicate() -> None:
    workbook_import(workbook(base()))
    sheets = base()
    sheets["Members"].append(
        [
            "DV0099",
            None,
            "Nguyễn Văn An",
            "male",
            "15/05/1960",
            None,
            None,
            None,
            "01/01/2000",
            None,
        ]
    )
    plan = workbook_check(workbook(sheets))
    assert plan.errors == []
    (duplicate,) = plan.duplicates
    assert (duplicate.row, duplicate.code, duplicate.existing_code) == (
        6,
        "DV0099",
        "DV0001",
    )
    assert duplicate.reason == "trùng họ tên và ngày sinh"


def test_a_blank_state_keeps_a_stored_meeting_locked() -> None:
    workbook_import(workbook(base()))
    Meeting.objects.filter(key=MEETING).update(state="locked")
    sheets = base()
    sheets["Meetings"][1][4] = None
    sheets["Meetings"][1][5] = "Chủ đề mới"
    plan = workbook_import(workbook(sheets))
    assert plan.applied
    meeting = Meeting.objects.get(key=MEETING)
    assert (meeting.state, meeting.topic, meeting.version) == (
        "locked",
        "Chủ đề mới",
        2,
    )


def test_one_file_object_can_be_checked_then_imported() -> None:
    upload = workbook(base())
    assert workbook_check(upload).errors == []
    assert workbook_import(upload).applied
