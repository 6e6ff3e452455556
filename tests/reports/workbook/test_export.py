"""Exporting: the import format, keys in the first row, text as text (never a formula), real dates,
personal data only for those who may see it, and export → import → export gives the same cells."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest

from cells.models import Member, RoleKind
from reports.models import DataLog
from reports.workbook import template_workbook, workbook_export, workbook_import
from reports.workbook.format import SHEETS
from tests.factories import RoleFactory, UserFactory
from tests.reports.workbook.helpers import base, counts, workbook
from wards.models import Ward

pytestmark = pytest.mark.django_db


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _values(data: bytes) -> dict[str, list[list[object]]]:
    book = _book(data)
    return {
        ws.title: [[cell.value for cell in row] for row in ws.iter_rows()]
        for ws in book.worksheets
    }


def test_export_has_every_sheet_with_the_keys_in_the_first_row() -> None:
    workbook_import(workbook(base()))
    book = _book(workbook_export())
    assert book.sheetnames == [sheet.name for sheet in SHEETS]
    for sheet in SHEETS:
        header = [cell.value for cell in next(book[sheet.name].iter_rows())]
        assert header == list(sheet.keys)
    members = _values(workbook_export())["Members"]
    assert members[1][:3] == ["DV0001", "01000001", "Nguyễn Văn An"]


def test_text_that_looks_like_a_formula_stays_text() -> None:
    sheets = base()
    sheets["Members"][1][2] = '=HYPERLINK("http://x")'
    sheets["Meetings"][1][5] = "=1+1"
    # openpyxl would write these as formulas: the test file makes them text cells
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        worksheet = book.create_sheet(name)
        for row in rows:
            worksheet.append(row)
        for row in worksheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    assert workbook_import(buffer).applied
    assert Member.objects.get(code="DV0001").full_name == '=HYPERLINK("http://x")'
    exported = _book(workbook_export())
    cell = exported["Members"]["C2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'
    topic = exported["Meetings"]["F2"]
    assert (topic.data_type, topic.value) == ("s", "=1+1")


def test_dates_are_real_dates_shown_dd_mm_yyyy_and_codes_are_text() -> None:
    workbook_import(workbook(base()))
    book = _book(workbook_export())
    birth = book["Members"]["E2"]
    assert birth.value == datetime.datetime(1960, 5, 15)
    assert birth.number_format == "dd/mm/yyyy"
    phone = book["Members"]["G2"]
    assert (phone.data_type, phone.value) == ("s", "0912345678")
    assert book["StatusPeriods"]["E3"].value == "yes"


def test_export_of_one_year_keeps_only_that_years_meetings_and_records() -> None:
    workbook_import(workbook(base()))
    values = _values(workbook_export(year=2024))
    assert len(values["Meetings"]) == 1 and len(values["MemberYears"]) == 1
    assert len(values["Members"]) == 5
    assert len(_values(workbook_export(year=2025))["Attendance"]) == 4


def test_export_import_export_gives_the_same_cells() -> None:
    workbook_import(workbook(base()))
    first = workbook_export()
    assert workbook_import(io.BytesIO(first)).applied
    assert _values(workbook_export()) == _values(first)


def test_export_without_personal_data_leaves_ids_and_phones_empty() -> None:
    workbook_import(workbook(base()))
    members = _values(workbook_export(personal_data=False))["Members"]
    assert members[1][5] is None and members[1][6] is None
    viewer = UserFactory(username="xem")
    RoleFactory(user=viewer, kind=RoleKind.VIEWER, ward=Ward.objects.get(code="DT"))
    members = _values(workbook_export(by=viewer))["Members"]
    assert [row[5] for row in members[1:]] == [None] * 4
    official = UserFactory(username="canbo")
    RoleFactory(
        user=official, kind=RoleKind.WARD_OFFICIAL, ward=Ward.objects.get(code="DT")
    )
    members = _values(workbook_export(by=official))["Members"]
    assert members[1][5] == "015060000001"


def test_export_for_a_user_holds_only_the_users_wards() -> None:
    workbook_import(workbook(base()))
    sheets = base()
    sheets["Wards"].append(["XX", "Phường khác", None, None, None])
    sheets["Cells"].append(["C99", "XX", "Chi bộ khác", "police", None, None, None])
    workbook_import(workbook({k: sheets[k] for k in ("Wards", "Cells")}))
    official = UserFactory(username="canbo")
    RoleFactory(
        user=official, kind=RoleKind.WARD_OFFICIAL, ward=Ward.objects.get(code="DT")
    )
    values = _values(workbook_export(by=official))
    assert [row[0] for row in values["Wards"][1:]] == ["DT"]
    assert [row[0] for row in values["Cells"][1:]] == ["C01"]


def test_export_is_logged() -> None:
    user = UserFactory(is_superuser=True)
    workbook_export(year=2025, by=user, personal_data=False)
    log = DataLog.objects.get()
    assert (log.action, log.user, log.personal_data) == ("export", user, False)
    assert log.details["year"] == 2025


def test_the_template_has_vietnamese_titles_notes_and_imports_as_it_is() -> None:
    data = template_workbook()
    book = _book(data)
    assert book.sheetnames[-1] == "Ghi chú"
    assert book.sheetnames[0] == "Phường"
    header = [cell.value for cell in next(book["Đảng viên"].iter_rows())]
    assert header[:3] == ["Số lý lịch", "Số thẻ đảng", "Họ và tên"]
    notes = [[c.value for c in row] for row in book["Ghi chú"].iter_rows()]
    assert notes[1 + 5 + 3 + 7 + 4 + 4][:3] == ["Đảng viên", "Ngày sinh", "birth_date"]
    before = counts(history=False)
    plan = workbook_import(io.BytesIO(data))
    assert plan.errors == [], [str(e) for e in plan.errors]
    after = counts(history=False)
    assert after["cells.Member"] == before["cells.Member"] + 1
