"""The annual evaluation of a cell printed as a PDF and read back (pypdf): the party header, the 13
criteria with their verdicts, one row per meeting, the signer in office, the document number."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape

from cells.models import Office
from reports.documents.evaluation import render_cell_evaluation
from reports.models import DocumentKind, DocumentNumber
from scoring.services import evaluate
from tests import factories as f
from tests.reports.documents.builders import (
    SECRETARY,
    YEAR,
    pdf_pages,
    pdf_text,
    printable_cell,
    printable_ward,
)

pytestmark = pytest.mark.django_db


def flat(text: str) -> str:
    return " ".join(text.split())


def test_evaluation_pdf_has_the_party_header_criteria_meetings_and_signer() -> None:
    ward = printable_ward()
    cell = printable_cell(ward, members=5, meetings=3)
    text = flat(pdf_text(render_cell_evaluation(cell, YEAR)))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG BỘ PHƯỜNG ĐỒNG TÂM" in text
    assert "CHI BỘ TỔ DÂN PHỐ SỐ 5" in text
    assert "Số 01-BC/CB" in text
    today = timezone.localdate()
    assert f"Đồng Tâm, ngày {today:%d} tháng {today:%m} năm {today.year}" in text
    assert "BÁO CÁO" in text
    assert f"Kết quả xây dựng chi bộ kiểu mẫu năm {YEAR}" in text
    assert "Chi bộ Tổ dân phố số 5" in text
    assert "chi bộ có 5 đảng viên: 5 đảng viên chính thức, 0 đảng viên dự bị" in text
    assert "Hoàn thành xuất sắc nhiệm vụ" in text
    assert "T/M CHI BỘ" in text and "BÍ THƯ" in text
    assert SECRETARY in text
    assert "Nơi nhận:" in text and "Lưu chi bộ" in text


def test_evaluation_pdf_lists_every_criterion_with_its_verdict() -> None:
    cell = printable_cell(printable_ward(), meetings=2)
    (evaluation,) = evaluate(YEAR, [cell], datetime.date(YEAR, 12, 31))
    states = {c.entry.number: str(c.result.state) for c in evaluation.criteria}
    text = pdf_text(render_cell_evaluation(cell, YEAR))
    section = text.split("II. Kết quả thực hiện")[1].split("III. Các buổi")[0]
    numbers = {int(n) for n in re.findall(r"^(\d{1,2}) ", section, flags=re.MULTILINE)}
    assert set(range(1, 14)) <= numbers
    failed = sum(1 for state in states.values() if state == "failed")
    passed = sum(1 for state in states.values() if state == "passed")
    assert failed and section.count("Không đạt") == failed
    assert len(re.findall(r"(?<!Không )Đạt", section)) >= passed
    # Only two meetings in the year: the cell is not a model cell, and the failed criteria are named.
    failing = ", ".join(
        str(n) for n, state in sorted(states.items()) if state != "passed"
    )
    assert (
        f"Chi bộ chưa đạt chi bộ kiểu mẫu năm 2025 (tiêu chí {failing} chưa đạt)"
        in flat(text)
    )


def test_evaluation_pdf_has_one_row_per_meeting_with_attendance_and_scores() -> None:
    cell = printable_cell(printable_ward(), members=4, meetings=3)
    text = pdf_text(render_cell_evaluation(cell, YEAR))
    meetings = text.split("III. Các buổi sinh hoạt")[1].split("IV. Kết luận")[0]
    rows = re.findall(r"\d{2}/\d{2}/2025", meetings)
    assert rows == ["05/01/2025", "05/02/2025", "05/03/2025"]
    assert "3/4" in meetings and meetings.count("4/4") == 2
    assert meetings.count("98,5") >= 3 and meetings.count("99") >= 3
    assert meetings.count("loại 1 (Tốt)") == 3


def test_model_cell_conclusion_names_the_year() -> None:
    cell = printable_cell(printable_ward(), meetings=3)
    html = render_cell_evaluation(cell, YEAR, output="html")
    assert "Chi bộ" in html and "kiểu mẫu năm 2025" in html
    assert "<svg" in html and "<script" not in html


def test_html_preview_takes_no_number() -> None:
    cell = printable_cell(printable_ward())
    html = render_cell_evaluation(cell, YEAR, output="html")
    assert "-BC/CB" in html and "Số 01-BC/CB" not in html
    assert not DocumentNumber.objects.exists()


def test_reprint_keeps_its_number_and_the_next_document_takes_the_next() -> None:
    ward = printable_ward()
    cell = printable_cell(ward)
    first = pdf_text(render_cell_evaluation(cell, YEAR))
    again = pdf_text(render_cell_evaluation(cell, YEAR))
    assert "Số 01-BC/CB" in first and "Số 01-BC/CB" in again
    assert DocumentNumber.objects.filter(cell=cell).count() == 1
    # Another document of the same issuer in the same year: the next number.
    other_year = render_cell_evaluation(cell, YEAR - 1)
    assert "Số 01-BC/CB" in pdf_text(other_year)  # the sequence of 2024 starts again
    assert [
        (n.year, n.sequence)
        for n in DocumentNumber.objects.filter(cell=cell).order_by("year")
    ] == [(YEAR - 1, 1), (YEAR, 1)]


def test_second_document_of_the_cell_in_a_year_takes_the_next_number() -> None:
    ward = printable_ward()
    cell = printable_cell(ward)
    DocumentNumber.objects.create(
        kind=DocumentKind.MINUTES,
        subject="some-meeting",
        ward=ward,
        cell=cell,
        year=YEAR,
        sequence=1,
        issued_on=datetime.date(YEAR, 3, 5),
    )
    assert "Số 02-BC/CB" in pdf_text(render_cell_evaluation(cell, YEAR))


def test_signer_is_the_secretary_in_office_on_the_documents_date() -> None:
    ward = printable_ward()
    cell = printable_cell(ward, secretary="Trần Văn Cũ")
    Office.objects.filter(cell=cell).update(end=datetime.date(2025, 6, 30))
    f.OfficeFactory(
        cell=cell,
        member__full_name="Hoàng Thị Mới",
        start=datetime.date(2025, 7, 1),
    )
    text = pdf_text(render_cell_evaluation(cell, YEAR))
    signature = text.split("BÍ THƯ")[-1]
    assert "Hoàng Thị Mới" in signature and "Trần Văn Cũ" not in signature


def test_long_cell_breaks_pages_with_repeated_headers_and_page_numbers() -> None:
    cell = printable_cell(printable_ward(), members=60, meetings=14)
    pages = pdf_pages(render_cell_evaluation(cell, YEAR))
    assert len(pages) >= 2
    # Page numbers from the second page (a line of its own: the margin box); none on the first.
    lines = [[line.strip() for line in page.splitlines()] for page in pages]
    assert "1" not in lines[0]
    for number, page_lines in enumerate(lines[1:], start=2):
        assert str(number) in (page_lines[0], page_lines[-1]), page_lines[:3]
    # Every meeting row once, and the table's header on every page it runs onto.
    text = "\n".join(pages)
    meetings = text.split("III. Các buổi sinh hoạt")[1].split("IV. Kết luận")[0]
    assert len(re.findall(r"\d{2}/\d{2}/2025", meetings)) == 14
    meeting_pages = [p for p in pages if re.search(r"\d{2}/\d{2}/2025 Sinh", p)]
    assert all("Loại buổi sinh hoạt" in p for p in meeting_pages)
    # The criteria's table runs from page 1 onto page 2: its header row is printed again there.
    criteria_pages = [p for p in pages if "Tiêu chí Yêu cầu Kết quả" in flat(p)]
    assert len(criteria_pages) >= 2
    assert "60 đảng viên" in flat(text)


def test_query_count_is_the_same_for_1_and_20_members_and_meetings() -> None:
    ward = printable_ward()
    small = printable_cell(ward, code="S", members=1, meetings=1)
    large = printable_cell(ward, code="L", members=20, meetings=20)
    render_cell_evaluation(small, YEAR, output="html")  # warm the catalogue's caches
    counts = []
    for cell in (small, large):
        with CaptureQueriesContext(connection) as captured:
            render_cell_evaluation(cell, YEAR, output="html")
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_english_version_translates_the_frame() -> None:
    cell = printable_cell(printable_ward())
    html = render_cell_evaluation(cell, YEAR, output="html", language="en")
    assert "COMMUNIST PARTY OF VIETNAM" in html and "REPORT" in html


def test_document_is_vietnamese_whatever_the_active_language() -> None:
    cell = printable_cell(printable_ward(), meetings=2)
    with translation.override("en"):
        html = render_cell_evaluation(cell, YEAR, output="html")
    with translation.override("vi"):
        (vietnamese,) = evaluate(YEAR, [cell], datetime.date(YEAR, 12, 31))
    detail = next(c.result.detail for c in vietnamese.criteria if c.result.detail)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html
    assert escape(detail) in html
