"""The ward summary printed and read back, and both documents of a closed year printed from the evaluation
stored when it was closed (a signed document never changes)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AbstractUser

from cells.models import RoleKind
from meetings.models import Attendance, Mark
from reports.documents.evaluation import render_cell_evaluation
from reports.documents.ward_summary import render_ward_summary
from scoring.closing import stored_evaluation, year_close, year_reopen
from scoring.models import ClosedYear
from scoring.services import evaluate, evaluation_json
from tests import factories as f
from tests.reports.documents.builders import (
    WARD_SECRETARY,
    YEAR,
    pdf_text,
    printable_cell,
    printable_ward,
)

pytestmark = pytest.mark.django_db
YEAR_END = datetime.date(YEAR, 12, 31)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def verdicts(text: str) -> str:
    """The criteria's table and the conclusion of a cell's evaluation."""
    return (
        text.split("II. Kết quả thực hiện")[1].split("III. Các buổi")[0]
        + text.split("IV. Kết luận")[1]
    )


def official_of(ward) -> AbstractUser:
    user = f.UserFactory(password=None)
    f.RoleFactory(user=user, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    return user


def test_ward_summary_has_the_ward_header_every_cell_and_the_ward_secretary() -> None:
    ward = printable_ward()
    first = printable_cell(ward, code="CB01", name="Chi bộ Tổ dân phố số 1")
    second = printable_cell(ward, code="CB02", name="Chi bộ Tổ dân phố số 2")
    text = flat(pdf_text(render_ward_summary(ward, YEAR)))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG BỘ THÀNH PHỐ YÊN BÁI" in text
    assert "ĐẢNG ỦY PHƯỜNG ĐỒNG TÂM" in text
    assert "Số 01-BC/ĐU" in text
    assert f"Tổng hợp kết quả xây dựng chi bộ kiểu mẫu năm {YEAR}" in text
    assert first.name in text and second.name in text
    assert "T/M ĐẢNG ỦY" in text and "BÍ THƯ" in text and WARD_SECRETARY in text
    assert "Chú thích:" in text and "không áp dụng" in text


def test_ward_summary_lists_the_failing_criteria_of_cells_that_are_not_models() -> None:
    ward = printable_ward()
    cell = printable_cell(ward, meetings=2)
    (evaluation,) = evaluate(YEAR, [cell], None)
    failing = [
        c.entry
        for c in sorted(evaluation.criteria, key=lambda c: c.entry.number)
        if c.applicable and str(c.result.state) != "passed"
    ]
    assert failing
    text = flat(pdf_text(render_ward_summary(ward, YEAR)))
    part = text.split("III. Các chi bộ chưa đạt")[1]
    assert cell.name in part
    for entry in failing:
        assert f"Tiêu chí {entry.number}: {entry.title}" in part
    assert "0/1 chi bộ đạt chi bộ kiểu mẫu" in text


def test_ward_summary_grid_marks_every_criterion_of_every_cell() -> None:
    ward = printable_ward()
    printable_cell(ward, code="CB01")
    printable_cell(ward, code="CB02", name="Chi bộ Tổ dân phố số 6")
    html = render_ward_summary(ward, YEAR, output="html")
    assert html.count('class="grid-row"') == 2
    assert html.count('<td class="mark">') == 26


def test_closed_year_prints_from_its_stored_copy_until_closed_again() -> None:
    ward = printable_ward()
    cell = printable_cell(ward, members=4, meetings=3)
    official = official_of(ward)
    year_close(ward=ward, year=YEAR, by=official)
    before = flat(pdf_text(render_cell_evaluation(cell, YEAR)))
    summary_before = flat(pdf_text(render_ward_summary(ward, YEAR)))
    assert "Theo kết quả đánh giá đã lưu khi khóa sổ năm" in before
    assert "Tiêu chí 1:" not in summary_before.split("III.")[1]

    # A record changed behind the lock's back (the lock refuses it through the models): the verdicts
    # and the conclusion of the closed year's documents do not move.
    Attendance.objects.filter(
        member__full_name__startswith="Phạm", meeting__cell=cell
    ).update(mark=Mark.ABSENT)
    reprint = flat(pdf_text(render_cell_evaluation(cell, YEAR)))
    assert verdicts(reprint) == verdicts(before)
    assert flat(pdf_text(render_ward_summary(ward, YEAR))) == summary_before
    live = evaluation_json(evaluate(YEAR, [cell], YEAR_END), YEAR, YEAR_END)
    assert live["cells"][0]["criteria"][0]["state"] == "failed"
    assert stored_evaluation(ward, YEAR)["cells"][0]["criteria"][0]["state"] == "passed"

    # Reopened and closed again: the new stored copy prints, under the same number.
    year_reopen(ward=ward, year=YEAR, by=official, reason="Sửa điểm danh")
    year_close(ward=ward, year=YEAR, by=official)
    after = flat(pdf_text(render_cell_evaluation(cell, YEAR)))
    summary_after = flat(pdf_text(render_ward_summary(ward, YEAR)))
    assert verdicts(after) != verdicts(before)
    assert "(tiêu chí 1," in after
    assert "Tiêu chí 1:" in summary_after.split("III.")[1]
    assert "Số 01-BC/CB" in after and "Số 01-BC/ĐU" in summary_after
    closes = ClosedYear.history.filter(ward=ward, year=YEAR, closed=True)
    assert closes.count() == 2
    assert ClosedYear.history.filter(ward=ward, year=YEAR, closed=False).count() == 1
