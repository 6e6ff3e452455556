"""A secretary logs a meeting on a phone and a ward official locks it at a desk (saves docs/screenshots/).

The secretary plans the meeting, records its minutes, takes the attendance with "everyone present" and two
exceptions (the live counts follow), meets a refused row (an exemption withdrawn meanwhile: nothing saved,
her marks kept), saves, submits; the ward official locks it. Two people saving the same minutes: the second,
based on the old version, gets the conflict message with their input kept.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cells.models import Cell, CellKind, Member, RoleKind, StatusKind, StatusPeriod
from meetings.models import Attendance, Mark, Meeting, MeetingKind, MeetingState
from tests.e2e.conftest import DESKTOP, PHONE, Watched
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    RoleFactory,
    StatusPeriodFactory,
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
TOPIC = "Sinh hoạt thường kỳ: đánh giá kết quả tháng, triển khai nhiệm vụ tháng tới"


@dataclass
class Ward:
    cell: Cell
    members: list[Member]
    exemption: StatusPeriod
    overdue: Meeting


def build_ward() -> Ward:
    """Chi bộ Tổ dân phố số 5 of Phường Đồng Tâm: twelve members (one probationary, one with an approved
    exemption), a year of past meetings, one planned meeting whose date has passed."""
    today = timezone.localdate()
    ward = WardFactory(
        code="DT", name="Phường Đồng Tâm", committee_name="Đảng bộ phường Đồng Tâm"
    )
    cell = CellFactory(
        code="TDP05",
        name="Chi bộ Tổ dân phố số 5",
        kind=CellKind.RESIDENTIAL,
        ward=ward,
    )
    members = []
    for index, name in enumerate(NAMES):
        member = MemberFactory(
            code=f"DV{index + 101:05d}",
            full_name=name,
            gender="female" if " Thị " in name else "male",
            joined_on=datetime.date(1990 + index, 3, 3),
            official_on=None if index == 3 else datetime.date(1991 + index, 3, 3),
        )
        MembershipFactory(member=member, cell=cell, start=datetime.date(2015, 1, 1))
        members.append(member)
    exemption = StatusPeriodFactory(
        member=members[1],
        kind=StatusKind.EXEMPT,
        start=today - datetime.timedelta(days=90),
        end=today + datetime.timedelta(days=270),
        approved_by="Đảng ủy phường Đồng Tâm",
        approved_on=today - datetime.timedelta(days=95),
    )
    for months_ago in (1, 2, 3, 4):
        day = (today.replace(day=1) - datetime.timedelta(days=30 * months_ago)).replace(
            day=10
        )
        meeting = MeetingFactory(
            cell=cell,
            held_on=day,
            kind=MeetingKind.COMBINED if months_ago == 3 else MeetingKind.REGULAR,
            state=MeetingState.LOCKED if months_ago > 1 else MeetingState.SUBMITTED,
            topic=f"Sinh hoạt chi bộ tháng {day.month}/{day.year}",
            place="Nhà văn hóa tổ dân phố số 5",
        )
        for index, member in enumerate(members):
            mark = Mark.PRESENT
            if index == 1 and exemption.covers(day):
                mark = Mark.EXEMPT
            elif index == (months_ago + 5):
                mark = Mark.EXCUSED if months_ago != 2 else Mark.ABSENT
            AttendanceFactory(meeting=meeting, member=member, mark=mark)
    overdue = MeetingFactory(
        cell=cell,
        held_on=today - datetime.timedelta(days=5),
        kind=MeetingKind.THEMATIC,
        state=MeetingState.PLANNED,
        start_time=None,
        end_time=None,
        topic="Chuyên đề: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    )
    secretary = UserFactory(
        username="bithu5", first_name="Nguyễn Thị Lan", password=PASSWORD
    )
    RoleFactory(user=secretary, kind=RoleKind.CELL_SECRETARY, cell=cell)
    official = UserFactory(
        username="phuong", first_name="Trần Văn Hải", password=PASSWORD
    )
    RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    return Ward(cell=cell, members=members, exemption=exemption, overdue=overdue)


def sign_in(watched: Watched, username: str) -> None:
    page = watched.page
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_count(0)


def tap_mark(page: Page, member: Member, mark: str) -> None:
    page.locator(f"label[for='mark-{member.pk}-{mark}']").click()


def test_a_secretary_logs_a_meeting_on_a_phone_and_the_ward_locks_it(
    browse: Callable[..., Watched],
) -> None:
    ward = build_ward()
    today = timezone.localdate()
    members = ward.members
    secretary = browse(PHONE)
    page = secretary.page
    sign_in(secretary, "bithu5")

    # The list of the cell's meetings: the overdue planned one on top.
    page.goto(f"/cells/{ward.cell.code}/members/")
    page.locator(".cell-tabs a[href$='/meetings/cells/TDP05/']").click()
    expect(page).to_have_url(re.compile(r"/meetings/cells/TDP05/$"))
    expect(page.locator(".planned-item.is-overdue")).to_have_count(1)
    expect(page.locator(".meeting-row")).to_have_count(5)
    secretary.screenshot("meeting-list.png")

    # Plan today's meeting.
    page.locator("a.plan-button").click()
    page.locator("input[name=held_on]").fill(today.strftime("%d/%m/%Y"))
    page.locator("select[name=kind]").select_option("regular")
    page.locator("textarea[name=topic]").fill(TOPIC)
    secretary.screenshot("meeting-plan.png")
    page.locator("form.meeting-plan-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".meeting-state.state-planned")).to_be_visible()
    meeting = Meeting.objects.get(cell=ward.cell, held_on=today)
    assert meeting.state == MeetingState.PLANNED

    # Record the minutes.
    page.locator(f"a[href$='/meetings/{meeting.key}/record/']").first.click()
    page.locator("input[name=start_time]").fill("19:30")
    page.locator("input[name=end_time]").fill("21:15")
    page.locator("input[name=place]").fill("Nhà văn hóa tổ dân phố số 5")
    page.locator("select[name=chair]").select_option(str(members[0].pk))
    page.locator("select[name=minute_taker]").select_option(str(members[9].pk))
    page.locator("input[name=upper_attendee]").fill("Đồng chí Trần Văn Hải")
    page.locator("input[name=speakers]").fill("6")
    page.locator("input[name=targets_met_percent]").fill("92.5")
    page.locator("textarea[name=content]").fill(
        "Đánh giá kết quả thực hiện nghị quyết tháng trước; triển khai vệ sinh môi "
        "trường, phòng chống dịch sốt xuất huyết."
    )
    page.locator("textarea[name=conclusion]").fill(
        "Chi bộ thống nhất 5 nhiệm vụ trọng tâm của tháng tới."
    )
    page.locator("input[name=votes_for]").fill("9")
    page.locator("input[name=votes_against]").fill("0")
    page.locator("input[name=votes_abstain]").fill("0")
    secretary.screenshot("meeting-record.png")
    page.locator("form.meeting-record-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".meeting-state.state-draft")).to_be_visible()

    # Attendance: the exemption is proposed, "everyone present", then two exceptions.
    page.locator(
        f".meeting-actions a[href$='/meetings/{meeting.key}/attendance/']"
    ).click()
    expect(page.locator(".attendance-row")).to_have_count(12)
    expect(page.locator(f"#mark-{members[1].pk}-exempt")).to_be_checked()
    expect(page.locator(f"#mark-{members[0].pk}-exempt")).to_have_count(0)
    counts = page.locator("#attendance-counts")
    expect(counts.locator(".count-present")).to_have_text("0")
    page.locator(".js-all-present").click()
    expect(counts.locator(".count-present")).to_have_text("11")
    expect(counts.locator(".count-of")).to_have_text("/12")
    expect(counts.locator(".count-rate .count-value")).to_have_text("100%")
    secretary.screenshot("attendance-phone-top.png", full_page=False)
    tap_mark(page, members[6], Mark.EXCUSED)
    page.locator(f"#note-{members[6].pk}").fill("Đi công tác")
    tap_mark(page, members[7], Mark.ABSENT)
    expect(counts.locator(".count-present")).to_have_text("9")
    expect(counts.locator(".count-rate .count-value")).to_have_text("90%")
    page.locator("#attendance-search").fill("huong")
    expect(page.locator(".attendance-row:visible")).to_have_count(1)
    page.locator("#attendance-search").fill("")
    page.locator(f"#row-{members[6].pk}").evaluate(
        "row => row.scrollIntoView({block: 'center'})"
    )
    secretary.screenshot("attendance-phone.png", full_page=False)

    # Meanwhile the ward withdraws the exemption: the row is refused, nothing is saved.
    StatusPeriod.objects.filter(pk=ward.exemption.pk).update(
        approved=False, approved_on=None, approved_by=""
    )
    page.locator(".save-attendance").click()
    expect(page.locator(".attendance-alert")).to_be_visible()
    expect(page.locator(f"#row-{members[1].pk}.has-error .row-error")).to_be_visible()
    expect(page.locator(f"#mark-{members[7].pk}-absent")).to_be_checked()
    expect(page.locator(f"#note-{members[6].pk}")).to_have_value("Đi công tác")
    assert not Attendance.objects.filter(meeting=meeting).exists()
    secretary.screenshot("attendance-error-top.png", full_page=False)
    page.locator(f".refused-rows a[href='#row-{members[1].pk}']").click()
    expect(page.locator(f"#row-{members[1].pk} .row-error")).to_be_in_viewport()
    secretary.screenshot("attendance-error.png", full_page=False)

    # The exemption is approved again: the same marks are saved.
    StatusPeriod.objects.filter(pk=ward.exemption.pk).update(
        approved=True,
        approved_on=today - datetime.timedelta(days=95),
        approved_by="Đảng ủy phường Đồng Tâm",
    )
    page.locator(".save-attendance").click()
    expect(page.locator(".alert-success")).to_contain_text("9")
    marks = dict(
        Attendance.objects.filter(meeting=meeting).values_list("member_id", "mark")
    )
    assert len(marks) == 12
    assert marks[members[1].pk] == Mark.EXEMPT
    assert marks[members[6].pk] == Mark.EXCUSED
    assert marks[members[7].pk] == Mark.ABSENT
    assert list(marks.values()).count(Mark.PRESENT) == 9

    # Submit.
    page.locator(f"form[action$='/meetings/{meeting.key}/submit/'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".meeting-state.state-submitted")).to_be_visible()
    secretary.screenshot("meeting-submitted-phone.png")
    secretary.assert_clean()

    # The ward official locks it at a desk.
    official = browse(DESKTOP)
    sign_in(official, "phuong")
    desk = official.page
    desk.goto(f"/meetings/cells/{ward.cell.code}/")
    expect(desk.locator(".meeting-row")).to_have_count(6)
    official.screenshot("meeting-list-desk.png")
    desk.goto(f"/meetings/{meeting.key}/")
    desk.locator(f"form[action$='/meetings/{meeting.key}/lock/'] button").click()
    expect(desk.locator(".meeting-state.state-locked")).to_be_visible()
    expect(
        desk.locator(f"form[action$='/meetings/{meeting.key}/unlock/']")
    ).to_be_visible()
    expect(desk.locator(".attendance-counts .count-rate .count-value")).to_have_text(
        "90%"
    )
    official.screenshot("meeting-locked.png")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.LOCKED

    # The secretary can no longer change it.
    page.goto(f"/meetings/{meeting.key}/")
    expect(page.locator(".meeting-state.state-locked")).to_be_visible()
    expect(page.locator(f"a[href$='/meetings/{meeting.key}/record/']")).to_have_count(0)
    official.assert_clean()
    secretary.assert_clean()


def test_a_stale_save_of_the_minutes_gets_the_conflict_message(
    browse: Callable[..., Watched],
) -> None:
    ward = build_ward()
    record_url = f"/meetings/{ward.overdue.key}/record/"
    secretary = browse(PHONE)
    sign_in(secretary, "bithu5")
    official = browse(DESKTOP)
    sign_in(official, "phuong")

    # Both open the same minutes.
    secretary.page.goto(record_url)
    official.page.goto(record_url)

    # The official saves first.
    official.page.locator("input[name=place]").fill("Hội trường Đảng ủy phường")
    official.page.locator("form.meeting-record-form button[type=submit]").click()
    expect(official.page.locator(".alert-success")).to_be_visible()

    # The secretary's save is based on the old version: refused, her input kept.
    page = secretary.page
    page.locator("input[name=place]").fill("Nhà văn hóa tổ dân phố số 5")
    page.locator("input[name=start_time]").fill("19:30")
    page.locator("input[name=end_time]").fill("21:00")
    page.locator("form.meeting-record-form button[type=submit]").click()
    alert = page.locator(".conflict-alert")
    expect(alert).to_contain_text("Trần Văn Hải")
    expect(page.locator("input[name=place]")).to_have_value(
        "Nhà văn hóa tổ dân phố số 5"
    )
    expect(page.locator("input[name=start_time]")).to_have_value("19:30")
    secretary.screenshot("meeting-conflict.png")
    ward.overdue.refresh_from_db()
    assert ward.overdue.place == "Hội trường Đảng ủy phường"

    # Saving again, having seen the message, replaces the official's change.
    page.locator("form.meeting-record-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    ward.overdue.refresh_from_db()
    assert ward.overdue.place == "Nhà văn hóa tổ dân phố số 5"
    assert ward.overdue.state == MeetingState.DRAFT
    secretary.assert_clean()
    official.assert_clean()
