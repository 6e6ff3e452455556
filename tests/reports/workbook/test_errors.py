"""Every kind of error is reported at its ``Sheet!row column``, and a refused workbook writes nothing."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

import openpyxl
import pytest
from django.utils import timezone

from cells.models import MemberYear, RoleKind
from reports.workbook import workbook_import
from tests.factories import ClosedYearFactory, RoleFactory, UserFactory, WardFactory
from tests.reports.workbook.helpers import (
    MEETING,
    Sheets,
    base,
    counts,
    locations,
    workbook,
)
from wards.models import Ward

pytestmark = pytest.mark.django_db


def _drop_column(sheets: Sheets, sheet: str, column: str) -> None:
    index = sheets[sheet][0].index(column)
    for row in sheets[sheet]:
        del row[index]


def _future(sheets: Sheets) -> None:
    day = timezone.localdate() + datetime.timedelta(days=30)
    sheets["Meetings"][1][2] = day.strftime("%d/%m/%Y")
    del sheets["Scores"]


def _study_scored(sheets: Sheets) -> None:
    key = "C01-20250115-study"
    sheets["Meetings"].append(
        [
            key,
            "C01",
            "15/01/2025",
            "study",
            "draft",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ]
    )
    sheets["Scores"].append([key, "self", "TOTAL", 90, None])


CASES: dict[str, tuple[Callable[[Sheets], None], set[str]]] = {
    "unknown code": (
        lambda s: s["Members"][3].__setitem__(7, "H9999"),
        {"Members!4 household_code"},
    ),
    "mark for a member not on the roll": (
        lambda s: s["Attendance"].append([MEETING, "DV0003", "present", None]),
        {"Attendance!5 member_code"},
    ),
    "member on the roll without a mark": (
        lambda s: s["Attendance"].pop(2),
        {"Meetings!2 state"},
    ),
    "exempt without an approved exemption": (
        lambda s: s["Attendance"][2].__setitem__(2, "exempt"),
        {"Attendance!3 mark"},
    ),
    "two marks for one member": (
        lambda s: s["Attendance"].append([MEETING, "DV0001", "absent", None]),
        {"Attendance!5 member_code"},
    ),
    "points above the maximum": (
        lambda s: s["Scores"][1].__setitem__(3, 11),
        {"Scores!2 points"},
    ),
    "points off the step": (
        lambda s: s["Scores"][2].__setitem__(3, 3.25),
        {"Scores!3 points"},
    ),
    "a sheet both itemised and TOTAL": (
        lambda s: s["Scores"].append([MEETING, "upper", "TOTAL", 90, None]),
        {"Scores!19 item"},
    ),
    "a score for a study session": (_study_scored, {"Scores!19 meeting_key"}),
    "overlapping memberships": (
        lambda s: s["Memberships"].append(
            ["DV0001", "C01", "01/01/2024", "31/12/2024"]
        ),
        {"Memberships!6 start"},
    ),
    "a date that does not exist": (
        lambda s: s["Members"][1].__setitem__(4, "31/02/1960"),
        {"Members!2 birth_date"},
    ),
    "a held meeting dated in the future": (_future, {"Meetings!2 held_on"}),
    "text too long": (
        lambda s: s["Wards"][1].__setitem__(1, "x" * 201),
        {"Wards!2 name"},
    ),
    "a word where a number belongs": (
        lambda s: s["Meetings"][1].__setitem__(11, "năm"),
        {"Meetings!2 speakers"},
    ),
    "a word where points belong": (
        lambda s: s["Scores"][1].__setitem__(3, "mười"),
        {"Scores!2 points"},
    ),
    "an unknown choice": (
        lambda s: s["Cells"][1].__setitem__(3, "village"),
        {"Cells!2 kind"},
    ),
    "an unknown mark": (
        lambda s: s["Attendance"][1].__setitem__(2, "late"),
        {"Attendance!2 mark"},
    ),
    "not a yes or no": (
        lambda s: s["MemberYears"][1].__setitem__(3, "maybe"),
        {"MemberYears!2 resolution_compliant"},
    ),
    "a required column missing": (
        lambda s: _drop_column(s, "Members", "full_name"),
        {"Members!1 full_name"},
    ),
    "a required value blank": (
        lambda s: s["Members"][1].__setitem__(8, None),
        {"Members!2 joined_on"},
    ),
    "a card number for a probationary member": (
        lambda s: s["Members"][2].__setitem__(1, "01000002"),
        {"Members!3 card_number"},
    ),
    "two members with one citizen ID": (
        lambda s: s["Members"][2].__setitem__(5, "015060000001"),
        {"Members!3 citizen_id", "Members!2 citizen_id"},
    ),
    "a residential group of another ward": (
        lambda s: (
            s["Wards"].append(["XX", "Phường khác", None, None, None]),
            s["Groups"].append(["TDP09", "XX", "Tổ dân phố số 9"]),
            s["Cells"][1].__setitem__(4, "TDP01; TDP09"),
        ),
        {"Cells!2 group_code"},
    ),
    "a percentage above 100": (
        lambda s: s["CellYears"][1].__setitem__(5, 101),
        {"CellYears!2 satisfaction_percent"},
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_error_is_located_and_nothing_is_written(case: str) -> None:
    change, expected = CASES[case]
    sheets = base()
    change(sheets)
    before = counts()
    plan = workbook_import(workbook(sheets))
    assert locations(plan) == expected, [str(e) for e in plan.errors]
    assert not plan.applied
    assert counts() == before


def test_impossible_date_message_is_in_vietnamese() -> None:
    sheets = base()
    sheets["Members"][1][4] = "31/02/1960"
    plan = workbook_import(workbook(sheets))
    assert [str(e) for e in plan.errors] == [
        "Members!2 birth_date: Ngày không tồn tại: 31/02/1960"
    ]


def test_errors_in_stored_rows_of_the_database_are_found_too() -> None:
    """A mark refers to a member stored earlier whose membership does not cover the date."""
    workbook_import(workbook(base()))
    sheets = {
        "Attendance": [base()["Attendance"][0], [MEETING, "DV0003", "present", None]]
    }
    plan = workbook_import(workbook(sheets))
    assert locations(plan) == {"Attendance!2 member_code"}


def test_five_planted_errors_in_five_sheets_are_reported_exactly() -> None:
    sheets = base()
    sheets["Members"][1][4] = "31/02/1960"
    sheets["Cells"][1][3] = "village"
    sheets["Attendance"][2][2] = "exempt"
    sheets["Scores"][1][3] = 11
    sheets["CellYears"][1][4] = 12
    before = counts()
    plan = workbook_import(workbook(sheets))
    assert [str(e).split(":", 1)[0] for e in plan.errors] == [
        "Cells!2 kind",
        "Members!2 birth_date",
        "Attendance!3 mark",
        "Scores!2 points",
        "CellYears!2 targets_met",
    ]
    assert len(plan.errors) == 5
    assert counts() == before


def test_a_file_that_is_not_a_workbook_is_refused() -> None:
    plan = workbook_import(io.BytesIO(b"code,name\nDT,Phuong"))
    assert [str(e) for e in plan.errors] == [
        "Tệp này không phải sổ tính Excel (.xlsx)."
    ]
    assert not plan.applied


def test_an_empty_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    buffer.seek(0)
    plan = workbook_import(buffer)
    assert [str(e) for e in plan.errors] == [
        "Tệp Excel không có dòng dữ liệu nào để nhập."
    ]


def test_rows_that_change_a_closed_year_are_refused() -> None:
    workbook_import(workbook(base()))
    ClosedYearFactory(ward=Ward.objects.get(code="DT"), year=2025)
    sheets = base()
    sheets["MemberYears"][1][2] = "good"
    sheets["Attendance"][2][2] = "excused"
    sheets["Meetings"][1][5] = "Chủ đề mới"
    before = counts()
    plan = workbook_import(workbook(sheets))
    assert locations(plan) == {
        "MemberYears!2 year",
        "Attendance!3 meeting_key",
        "Meetings!2 held_on",
    }
    assert counts() == before
    assert MemberYear.objects.get(member__code="DV0001").rating == "excellent"


def test_unchanged_rows_of_a_closed_year_pass() -> None:
    workbook_import(workbook(base()))
    ClosedYearFactory(ward=Ward.objects.get(code="DT"), year=2025)
    plan = workbook_import(workbook(base()))
    assert plan.errors == [] and plan.applied


def test_rows_outside_the_users_wards_are_refused() -> None:
    workbook_import(workbook(base()))
    other = WardFactory(code="XX")
    official = UserFactory(username="canbo-xx")
    RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=other)
    sheets = base()
    sheets["Members"][1][2] = "Tên khác"
    before = counts()
    plan = workbook_import(workbook({"Members": sheets["Members"]}), by=official)
    assert locations(plan) == {f"Members!{n} code" for n in range(2, 6)}
    assert counts() == before


def test_the_wards_official_may_import_into_it() -> None:
    workbook_import(workbook(base()))
    official = UserFactory(username="canbo-dt")
    RoleFactory(
        user=official, kind=RoleKind.WARD_OFFICIAL, ward=Ward.objects.get(code="DT")
    )
    sheets = base()
    sheets["Members"][1][2] = "Tên khác"
    plan = workbook_import(workbook({"Members": sheets["Members"]}), by=official)
    assert plan.errors == [] and plan.applied


def test_a_secretary_may_not_import() -> None:
    workbook_import(workbook(base()))
    from cells.models import Cell

    secretary = UserFactory(username="bithu-c01")
    RoleFactory(
        user=secretary, kind=RoleKind.CELL_SECRETARY, cell=Cell.objects.get(code="C01")
    )
    plan = workbook_import(workbook({"Wards": base()["Wards"]}), by=secretary)
    assert locations(plan) == {"Wards!2 code"}
