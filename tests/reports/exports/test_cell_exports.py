"""The Excel exports of one cell: its criteria for a year, its meetings of a year and the members'
ratings list. Read back with openpyxl, they give the numbers of the screens."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from cells.models import RoleKind
from reports.models import DataLog
from tests.factories import CellFactory, RoleFactory, UserFactory
from tests.reports.documents_meetings.conftest import Place, count_queries, grow

PERIOD = {"year": "2025", "as_of": "31/12/2025"}


def workbook_of(response) -> openpyxl.Workbook:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows_of(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_meetings_export_gives_the_screens_numbers(
    secretary: Client, place: Place
) -> None:
    response = secretary.get(
        reverse("reports:export_cell_meetings", args=[place.cell.code]), PERIOD
    )
    book = workbook_of(response)
    sheet = book.worksheets[0]
    assert sheet.title == "Sinh hoạt năm 2025"
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Ngày", "Loại", "Chủ đề", "Trạng thái"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    rows = rows_of(sheet)
    assert len(rows) == 2  # the held meeting and the planned one, by date
    held = rows[0]
    assert held[0] == datetime.datetime(2025, 3, 5)
    assert sheet["A2"].number_format == "dd/mm/yyyy"
    assert held[1] == "sinh hoạt thường kỳ"
    # 3 present of 6 on the roll; the rate present ÷ (present + absent) = 3/4 = 75%.
    assert held[4:7] == (3, 6, 75)
    # The cell's own sheet 96, the upper level's 92.5, which is the meeting's score, class 1.
    assert held[7:10] == (96, 92.5, 92.5)
    assert held[10] == "Loại 1 (Tốt)"
    planned = rows[1]
    assert planned[0] == datetime.datetime(2025, 4, 9)
    assert planned[4] is None and planned[7] is None
    # The meetings list of the meetings app counts the same.
    page = secretary.get(
        reverse("meetings:meeting_list", args=[place.cell.code]), {"year": "2025"}
    )
    listed = {row.meeting.held_on: row.counts for row in page.context["rows"]}
    counts = listed[datetime.date(2025, 3, 5)]
    assert (counts.present, counts.on_roll, counts.rate) == (3, 6, Decimal("75"))
    assert held[4:7] == (counts.present, counts.on_roll, float(counts.rate))


def test_the_ratings_export_is_the_ratings_screen(
    secretary: Client, place: Place
) -> None:
    screen = secretary.get(
        reverse("cells:member_ratings", args=[place.cell.code, 2025])
    )
    response = secretary.get(
        reverse("reports:export_ratings", args=[place.cell.code, 2025])
    )
    book = workbook_of(response)
    sheet = book["Xếp loại năm 2025"]
    rows = rows_of(sheet)
    screen_rows = [row for row, _form in screen.context["rows"]]
    assert [r[1] for r in rows] == [row.member.code for row in screen_rows]
    assert [r[2] for r in rows] == [row.member.full_name for row in screen_rows]
    assert rows[0][4] == "Hoàn thành xuất sắc nhiệm vụ"
    assert rows[5][3] == "dự bị" and rows[5][4] is None
    summary = {r[0]: r[1] for r in rows_of(book["Tổng hợp"])}
    share, cell_share = screen.context["share"], screen.context["cell_share"]
    assert summary["Hoàn thành xuất sắc nhiệm vụ"] == 1
    assert summary["Hoàn thành tốt nhiệm vụ"] == 3
    assert summary["Chi bộ: Hoàn thành xuất sắc nhiệm vụ"] == cell_share.excellent
    assert summary["Đảng bộ: tỷ lệ Hoàn thành xuất sắc (%)"] == float(share.percent)
    assert summary["Vượt tỷ lệ tối đa"] == "có"
    log = DataLog.objects.get()
    assert log.action == DataLog.Action.EXPORT
    assert log.user == place.secretary_user
    assert log.personal_data is False


def test_text_that_looks_like_a_formula_stays_text(
    secretary: Client, place: Place
) -> None:
    member = place.members["Đỗ Thị Giang"]
    member.full_name = '=HYPERLINK("http://x.invalid","Đỗ Thị Giang")'
    member.citizen_id = "015190000123"
    member.save()
    response = secretary.get(
        reverse("reports:export_ratings", args=[place.cell.code, 2025])
    )
    book = workbook_of(response)
    sheet = book.worksheets[0]
    cell = sheet.cell(row=7, column=3)
    assert cell.value == '=HYPERLINK("http://x.invalid","Đỗ Thị Giang")'
    assert cell.data_type == "s"
    every_value = [v for row in sheet.iter_rows(values_only=True) for v in row]
    assert "015190000123" not in every_value


def test_the_cell_page_offers_the_exports(secretary: Client, place: Place) -> None:
    page = secretary.get(
        reverse("reports:cell_page", args=[place.cell.code]), PERIOD
    ).content.decode()
    assert reverse("reports:export_cell_criteria", args=[place.cell.code]) in page
    assert reverse("reports:export_cell_meetings", args=[place.cell.code]) in page


def test_a_secretary_exports_only_their_own_cell(db: None, place: Place) -> None:
    other = CellFactory(ward=place.cell.ward)
    user = UserFactory(username="bithu-khac")
    RoleFactory(user=user, kind=RoleKind.CELL_SECRETARY, cell=other)
    client = Client()
    client.force_login(user)
    for url in (
        reverse("reports:export_ratings", args=[place.cell.code, 2025]),
        reverse("reports:export_cell_meetings", args=[place.cell.code]),
        reverse("reports:export_cell_criteria", args=[place.cell.code]),
        reverse("reports:export_ward_grid", args=[place.cell.ward.code]),
    ):
        assert client.get(url).status_code == 404, url
    assert not DataLog.objects.exists()


@pytest.mark.parametrize(
    "export", ["export_ratings", "export_cell_meetings", "export_cell_criteria"]
)
def test_an_export_costs_the_same_queries_for_1_or_20_more_members(
    secretary: Client, place: Place, export: str
) -> None:
    args = [place.cell.code, 2025] if export == "export_ratings" else [place.cell.code]
    url = reverse(f"reports:{export}", args=args)
    secretary.get(url, PERIOD)  # warm the caches (rubrics, catalogue)
    before = count_queries(lambda: secretary.get(url, PERIOD))
    grow(place, 20)
    after = count_queries(lambda: secretary.get(url, PERIOD))
    assert after == before


def test_the_ward_export_costs_the_same_queries_for_1_or_20_more_members(
    place: Place,
) -> None:
    client = Client()
    client.force_login(place.official_user)
    url = reverse("reports:export_ward_grid", args=[place.cell.ward.code])
    client.get(url, PERIOD)
    before = count_queries(lambda: client.get(url, PERIOD))
    grow(place, 20)
    CellFactory(ward=place.cell.ward)
    after = count_queries(lambda: client.get(url, PERIOD))
    assert after == before
