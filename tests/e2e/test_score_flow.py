"""A secretary self-scores a submitted meeting on a phone; a ward official enters the upper-level score
at a desk and the ward dashboard follows (saves docs/screenshots/score-*.png).

The secretary lowers the attendance item below its proposal, is asked for the reason on that row, gives
it and saves, watching the live total and class; the ward official scores the meeting item by item and
the dashboard's average meeting score moves from the cell's own total to the upper-level one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cells.models import CellKind, RoleKind
from meetings.models import Mark, Meeting, MeetingKind, MeetingState
from scoring.models import Scorer, ScoreSheet
from tests.e2e.conftest import DESKTOP, PHONE, Watched
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    RoleFactory,
    UserFactory,
    WardFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-2025"
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Đức",
    "Vũ Thị Hà",
    "Đỗ Văn Hùng",
    "Bùi Thị Hương",
    "Đặng Văn Khánh",
    "Ngô Thị Lan",
    "Dương Văn Minh",
    "Lý Thị Ngọc",
]
# Every item at its maximum (the default rubric, HD12-2018).
FULL = {
    "I.1": "10",
    "II.1": "4",
    "II.2": "4",
    "II.3": "4",
    "II.4": "3",
    "III.1": "6",
    "III.2": "4",
    "III.3": "10",
    "III.4": "4",
    "III.5": "6",
    "IV.1": "10",
    "V.1": "10",
    "VI.1": "20",
    "VII.1": "2",
    "VII.2": "2",
    "VII.3": "1",
}


def build_meeting() -> Meeting:
    """Chi bộ Tổ dân phố số 5: twelve members, a regular meeting submitted two days ago with eleven
    present and one absent (91.6%), 105 minutes, 7 speakers, 92.5% of last month's targets met."""
    ward = WardFactory(
        code="DT", name="Phường Đồng Tâm", committee_name="Đảng bộ phường Đồng Tâm"
    )
    cell = CellFactory(
        code="TDP05",
        name="Chi bộ Tổ dân phố số 5",
        kind=CellKind.RESIDENTIAL,
        ward=ward,
    )
    day = timezone.localdate() - datetime.timedelta(days=2)
    meeting = MeetingFactory(
        cell=cell,
        held_on=day,
        kind=MeetingKind.REGULAR,
        state=MeetingState.SUBMITTED,
        topic="Sinh hoạt thường kỳ: đánh giá kết quả tháng, triển khai nhiệm vụ tháng tới",
        place="Nhà văn hóa tổ dân phố số 5",
        speakers=7,
        targets_met_percent=Decimal("92.5"),
    )
    for index, name in enumerate(NAMES):
        member = MemberFactory(
            code=f"DV{index + 101:05d}",
            full_name=name,
            gender="female" if " Thị " in name else "male",
        )
        MembershipFactory(member=member, cell=cell, start=datetime.date(2015, 1, 1))
        AttendanceFactory(
            meeting=meeting,
            member=member,
            mark=Mark.ABSENT if index == 6 else Mark.PRESENT,
        )
    secretary = UserFactory(
        username="bithu5", first_name="Nguyễn Thị Lan", password=PASSWORD
    )
    RoleFactory(user=secretary, kind=RoleKind.CELL_SECRETARY, cell=cell)
    official = UserFactory(
        username="phuong", first_name="Trần Văn Hải", password=PASSWORD
    )
    RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    return meeting


def sign_in(watched: Watched, username: str) -> None:
    page = watched.page
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_count(0)


def points(page: Page, code: str):
    return page.locator(f".item-row[data-code='{code}'] .points-input")


def fill_items(page: Page, values: dict[str, str]) -> None:
    for code, value in values.items():
        points(page, code).fill(value)


def test_a_secretary_self_scores_and_the_ward_enters_the_upper_score(
    migrated: None, browse: Callable[..., Watched]
) -> None:
    meeting = build_meeting()

    # The secretary, on a phone: the computed items come proposed with their source.
    secretary = browse(PHONE)
    page = secretary.page
    sign_in(secretary, "bithu5")
    page.goto(f"/meetings/{meeting.key}/")
    expect(page.locator(".score-upper-link")).to_have_count(0)
    page.locator(".score-self-link").click()
    expect(points(page, "I.1")).to_have_value("6")
    expect(page.locator(".item-row[data-code='I.1'] .proposal")).to_contain_text(
        "91,6% (11/12)"
    )
    expect(points(page, "III.2")).to_have_value("4")
    expect(points(page, "VI.1")).to_have_value("20")
    expect(page.locator("#live-total")).to_have_text("36")
    expect(page.locator("#live-class")).to_have_class("live-class class-4")

    # The other items, then the attendance item lowered: the reason field appears.
    fill_items(
        page,
        {c: v for c, v in FULL.items() if c not in ("I.1", "III.2", "III.5", "VI.1")},
    )
    expect(page.locator("#live-total")).to_have_text("96")
    expect(page.locator("#live-class")).to_have_class("live-class class-2")
    reason_block = page.locator(".item-row[data-code='I.1'] .reason-block")
    expect(reason_block).to_be_hidden()
    points(page, "I.1").fill("5")
    expect(reason_block).to_be_visible()
    expect(page.locator("#live-total")).to_have_text("95")
    page.locator(".item-row[data-code='I.1']").evaluate(
        "row => row.closest('.sheet-section').scrollIntoView({block: 'start'})"
    )
    secretary.screenshot("score-self-phone.png", full_page=False)

    # Saved without the reason: refused on that row, nothing saved, the input kept.
    page.locator("button.save-sheet").click()
    row = page.locator(".item-row[data-code='I.1']")
    expect(row).to_have_class("list-group-item item-row has-error")
    expect(row.locator(".item-errors")).to_contain_text("91,6% (11/12)")
    expect(page.locator(".item-errors")).to_have_count(1)
    expect(points(page, "I.1")).to_have_value("5")
    assert not ScoreSheet.objects.exists()
    secretary.screenshot("score-error.png", full_page=False)

    row.locator(".reason-input").fill("Đồng chí Đỗ Văn Hùng vắng không lý do")
    page.locator("button.save-sheet").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".sheet-self .sheet-box-total")).to_contain_text("95")
    sheet = ScoreSheet.objects.get(meeting=meeting, scorer=Scorer.SELF)
    assert sheet.total == Decimal("95")
    secretary.assert_clean()

    # The ward official, at a desk: the dashboard shows the cell's own score first.
    official = browse(DESKTOP)
    desk = official.page
    sign_in(official, "phuong")
    desk.goto("/wards/DT/")
    expect(desk.locator("#stat-average")).to_contain_text("95")

    desk.goto(f"/meetings/{meeting.key}/")
    desk.locator(".score-upper-link").click()
    expect(desk.locator("input[name=scorer_name]")).to_have_value("Trần Văn Hải")
    fill_items(
        desk,
        {
            **{
                c: v
                for c, v in FULL.items()
                if c not in ("I.1", "III.2", "III.5", "VI.1")
            },
            "II.3": "2",
            "III.3": "8",
            "IV.1": "7",
        },
    )
    expect(desk.locator("#live-total")).to_have_text("89")
    expect(desk.locator("#live-class")).to_have_class("live-class class-2")
    desk.evaluate("window.scrollTo(0, 0)")
    official.screenshot("score-upper.png")
    desk.locator("button.save-sheet").click()
    expect(desk.locator(".alert-success")).to_be_visible()
    expect(desk.locator(".sheet-upper .sheet-box-total")).to_contain_text("89")
    # 95 − 89 is more than 5 points: flagged
    expect(desk.locator(".difference-flag")).to_contain_text("6")
    desk.locator(".score-summary").scroll_into_view_if_needed()
    official.screenshot("score-meeting.png", full_page=False)
    upper = ScoreSheet.objects.get(meeting=meeting, scorer=Scorer.UPPER)
    assert upper.total == Decimal("89") and upper.scorer_name == "Trần Văn Hải"

    # The meeting's score is now the upper-level one, on the dashboard too.
    desk.goto("/wards/DT/")
    expect(desk.locator("#stat-average")).to_contain_text("89")
    official.assert_clean()
