"""The minutes of a meeting (biên bản sinh hoạt chi bộ) as a PDF: every field of DOMAIN.md, the names of
the excused, absent and exempt members, the scores, the two signatures and the document number."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from reports.documents.minutes import render_minutes, render_minutes_html
from reports.models import DataLog, DocumentKind, DocumentNumber
from tests.reports.documents_meetings.conftest import (
    Place,
    count_queries,
    grow,
    pdf_text,
)


def minutes_url(place: Place) -> str:
    return reverse("reports:print_minutes", args=[place.meeting.key])


def flat(text: str) -> str:
    """PDF text with its line breaks made spaces (a long line wraps anywhere)."""
    return re.sub(r"\s+", " ", text)


def test_printed_minutes_carry_every_field_of_the_meeting(
    secretary: Client, place: Place
) -> None:
    response = secretary.get(minutes_url(place))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = flat(pdf_text(response.content))
    # The party-document header.
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG BỘ PHƯỜNG ĐỒNG TÂM" in text
    assert "CHI BỘ TỔ DÂN PHỐ SỐ 5" in text
    assert "Đồng Tâm, ngày 05 tháng 03 năm 2025" in text
    assert "Số 01-BB/CB" in text
    assert "BIÊN BẢN" in text
    # Kind, date, time and duration, place, topic, chair, minute-taker, upper-level attendee.
    assert "Sinh hoạt thường kỳ ngày 05/03/2025" in text
    assert "bắt đầu lúc 19:30" in text and "kết thúc lúc 21:15" in text
    assert "thời lượng 1 giờ 45 phút" in text
    assert "Nhà văn hóa Tổ dân phố số 5" in text
    assert "Sinh hoạt thường kỳ tháng 3/2025" in text
    assert "Chủ trì: Nguyễn Văn An" in text
    assert "Thư ký: Trần Thị Bích" in text
    assert "Đồng chí Nguyễn Thị Vân, Đảng ủy viên" in text
    # The roll on the day: 6 members, 5 official and 1 probationary, with the marks.
    assert "6 đồng chí (chính thức: 5, dự bị: 1)" in text
    assert "Vắng có lý do: Lê Văn Cường (ốm)" in text
    assert "Vắng không lý do: Phạm Thị Dung" in text
    assert "Miễn sinh hoạt: Hoàng Văn Em" in text
    # Speakers, last month's targets, content, conclusion and its vote, the minutes text.
    assert "3/3 đảng viên có mặt" in text
    assert "87,5%" in text
    assert "Triển khai nhiệm vụ tháng 3." in text
    assert "Chi bộ thống nhất nghị quyết tháng 3/2025." in text
    assert "tán thành 3, không tán thành 0, không biểu quyết 1" in text
    assert "Hồi 19 giờ 30 phút, chi bộ tiến hành sinh hoạt." in text
    # Scores: the cell's own 96, the upper level's 92,5 (the meeting's score), class 1.
    assert "96" in text and "92,5" in text
    assert "Loại 1 (Tốt)" in text
    # Two signatures: the minute-taker and the chair.
    assert "THƯ KÝ" in text and "CHỦ TRÌ" in text
    assert text.rindex("Trần Thị Bích") > text.index("THƯ KÝ")
    assert text.rindex("Nguyễn Văn An") > text.index("CHỦ TRÌ")


def test_the_roll_counts_of_the_minutes_match_the_marks(place: Place) -> None:
    html = render_minutes_html(place.meeting)
    counts = re.search(
        r'<table class="data roll-counts">.*?<tbody>(.*?)</tbody>', html, re.S
    )
    assert counts is not None
    cells = re.findall(r'<td class="num">(\d+)</td>', counts.group(1))
    # present, excused, absent, exempt
    assert cells == ["3", "1", "1", "1"]


def test_a_reprint_keeps_its_number_and_each_print_is_logged(
    secretary: Client, place: Place
) -> None:
    first = flat(pdf_text(secretary.get(minutes_url(place)).content))
    second = flat(pdf_text(secretary.get(minutes_url(place)).content))
    assert "Số 01-BB/CB" in first and "Số 01-BB/CB" in second
    numbers = DocumentNumber.objects.filter(kind=DocumentKind.MINUTES)
    assert numbers.count() == 1
    logs = DataLog.objects.filter(action=DataLog.Action.PRINT)
    assert logs.count() == 2
    assert all(log.user == place.secretary_user for log in logs)
    assert not any(log.personal_data for log in logs)


def test_the_next_document_of_the_cell_takes_the_next_number(
    secretary: Client, place: Place
) -> None:
    secretary.get(minutes_url(place))
    sheet = secretary.get(
        reverse("reports:print_attendance_sheet", args=[place.meeting.key])
    )
    assert "Số 02-DS/CB" in flat(pdf_text(sheet.content))


def test_the_html_preview_takes_no_number(secretary: Client, place: Place) -> None:
    response = secretary.get(minutes_url(place), {"format": "html"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "BIÊN BẢN" in page
    assert "-BB/CB" in page and "Số 01-BB/CB" not in page
    assert not DocumentNumber.objects.exists()
    assert not DataLog.objects.exists()


def test_the_preview_of_a_printed_document_shows_its_number(
    secretary: Client, place: Place
) -> None:
    secretary.get(minutes_url(place))
    page = secretary.get(minutes_url(place), {"format": "html"}).content.decode()
    assert "Số 01-BB/CB" in page


def test_a_head_request_takes_no_number(secretary: Client, place: Place) -> None:
    response = secretary.head(minutes_url(place))
    assert response.status_code == 200
    assert not DocumentNumber.objects.exists()
    assert not DataLog.objects.exists()


def test_a_mark_kept_after_a_corrected_period_still_counts_in_the_minutes(
    place: Place,
) -> None:
    import datetime

    membership = place.members["Phạm Thị Dung"].memberships.get()
    membership.start = datetime.date(2025, 6, 1)
    membership.save()
    text = flat(pdf_text(render_minutes(place.meeting)))
    assert "Vắng không lý do: Phạm Thị Dung" in text


def test_minutes_of_a_meeting_without_its_record_leave_blanks_to_fill(
    place: Place,
) -> None:
    text = flat(pdf_text(render_minutes(place.planned)))
    assert "BIÊN BẢN" in text
    assert "Sinh hoạt chuyên đề ngày 09/04/2025" in text
    assert "Địa điểm: ……" in text
    assert "Chủ trì: ……" in text
    assert "tán thành …, không tán thành …, không biểu quyết …" in text


def test_minutes_of_a_study_session_have_no_scores(place: Place) -> None:
    place.meeting.kind = "study"
    place.meeting.save()
    text = flat(pdf_text(render_minutes(place.meeting)))
    assert "Điểm buổi sinh hoạt" not in text
    assert "BIÊN BẢN" in text


def test_a_secretary_of_another_cell_cannot_print_the_minutes(
    db: None, place: Place
) -> None:
    from cells.models import RoleKind
    from tests.factories import CellFactory, RoleFactory, UserFactory

    other = CellFactory(ward=place.cell.ward)
    user = UserFactory(username="bithu-khac")
    RoleFactory(user=user, kind=RoleKind.CELL_SECRETARY, cell=other)
    client = Client()
    client.force_login(user)
    assert client.get(minutes_url(place)).status_code == 404
    assert not DocumentNumber.objects.exists()


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_the_document_costs_the_same_queries_for_1_or_20_more_members(
    secretary: Client, place: Place, fmt: str
) -> None:
    url = reverse("reports:print_minutes", args=[place.meeting.key])
    query = {"format": "html"} if fmt == "html" else {}
    secretary.get(url, query)
    before = count_queries(lambda: secretary.get(url, query))
    grow(place, 20)
    after = count_queries(lambda: secretary.get(url, query))
    assert after == before


def test_the_meeting_page_offers_printing_to_those_who_may_print(
    secretary: Client, place: Place
) -> None:
    from cells.models import RoleKind
    from tests.factories import RoleFactory, UserFactory

    detail = reverse("meetings:meeting_detail", args=[place.meeting.key])
    page = secretary.get(detail).content.decode()
    assert minutes_url(place) in page
    assert reverse("reports:print_attendance_sheet", args=[place.meeting.key]) in page
    viewer = UserFactory(username="xem")
    RoleFactory(user=viewer, kind=RoleKind.VIEWER, ward=place.cell.ward)
    client = Client()
    client.force_login(viewer)
    page = client.get(detail).content.decode()
    assert client.get(detail).status_code == 200
    assert minutes_url(place) not in page
