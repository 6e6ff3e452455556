"""The blank attendance sheet of a meeting: the roll on its date, one row per member with a column to
sign, official and probationary members told apart, exempt members marked."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from reports.documents.attendance_sheet import render_attendance_sheet_html
from tests.reports.documents_meetings.conftest import (
    Place,
    build_place,
    count_queries,
    grow,
    pdf_pages,
    pdf_text,
)


def sheet_url(place: Place, planned: bool = True) -> str:
    meeting = place.planned if planned else place.meeting
    return reverse("reports:print_attendance_sheet", args=[meeting.key])


def test_the_sheet_of_a_planned_meeting_lists_the_roll_on_its_date(
    secretary: Client, place: Place
) -> None:
    response = secretary.get(sheet_url(place))
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", pdf_text(response.content))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CHI BỘ TỔ DÂN PHỐ SỐ 5" in text
    assert "DANH SÁCH" in text
    assert "sinh hoạt chuyên đề ngày 09/04/2025" in text
    assert "Số 01-DS/CB" in text
    for name in place.members:
        assert name in text
    assert "Ký tên" in text and "Ghi chú" in text
    assert "Miễn sinh hoạt" in text
    assert "Tổng số đảng viên: 6 (chính thức: 5, dự bị: 1); miễn sinh hoạt: 1" in text
    # Signed for the cell by its secretary in office on the meeting's date.
    assert "T/M CHI BỘ" in text and "BÍ THƯ" in text
    assert text.rstrip().endswith("Nguyễn Văn An") or "Nguyễn Văn An" in text


def test_the_sheet_has_one_row_per_member_and_marks_the_exempt_one(
    place: Place,
) -> None:
    html = render_attendance_sheet_html(place.planned)
    rows = re.findall(r'<tr class="roll-row( exempt)?">', html)
    assert len(rows) == 6
    assert rows.count(" exempt") == 1


def test_a_member_who_left_before_the_date_is_not_on_the_sheet(
    place: Place,
) -> None:
    import datetime

    membership = place.members["Phạm Thị Dung"].memberships.get()
    membership.end = datetime.date(2025, 3, 31)
    membership.save()
    html = render_attendance_sheet_html(place.planned)
    assert "Phạm Thị Dung" not in html
    assert len(re.findall(r'<tr class="roll-row', html)) == 5


def test_a_long_roll_runs_over_pages(db: None) -> None:
    from reports.documents.attendance_sheet import render_attendance_sheet

    place = build_place(extra_members=40)
    pdf = render_attendance_sheet(place.planned)
    assert pdf_pages(pdf) >= 3
    text = pdf_text(pdf)
    assert "Vũ Văn Thêm 40" in text
    # The table's header is repeated on every page.
    assert text.count("Ký tên") == pdf_pages(pdf)


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_the_document_costs_the_same_queries_for_1_or_20_more_members(
    secretary: Client, place: Place, fmt: str
) -> None:
    url = reverse("reports:print_attendance_sheet", args=[place.meeting.key])
    query = {"format": "html"} if fmt == "html" else {}
    secretary.get(url, query)
    before = count_queries(lambda: secretary.get(url, query))
    grow(place, 20)
    after = count_queries(lambda: secretary.get(url, query))
    assert after == before
