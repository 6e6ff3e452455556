"""Attendance: the roll on the meeting date, the counts and rate, ``attendance_record`` (all or nothing) and
the one-screen attendance with its live counts."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cells.models import Cell, Member, RoleKind
from meetings.errors import AttendanceRefused, MeetingConflict
from meetings.models import Attendance, Mark, Meeting, MeetingKind, MeetingState
from meetings.selectors import attendance_counts, meeting_roster
from meetings.services import attendance_record, meeting_plan
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

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = D(2025, 3, 5)
ONE_DAY = datetime.timedelta(days=1)
LONG_AGO = D(2015, 1, 1)
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]


@pytest.fixture
def cell() -> Cell:
    return CellFactory(code="TDP05", name="Chi bộ Tổ dân phố số 5", ward=WardFactory())


@pytest.fixture
def members(cell: Cell) -> list[Member]:
    result = []
    for index, name in enumerate(NAMES):
        member = MemberFactory(code=f"TDP5-{index + 1:03d}", full_name=name)
        MembershipFactory(member=member, cell=cell, start=LONG_AGO)
        result.append(member)
    return result


@pytest.fixture
def secretary(cell: Cell) -> AbstractBaseUser:
    user = UserFactory(username="bithu5", first_name="Nguyễn Thị Lan", password=None)
    RoleFactory(user=user, kind=RoleKind.CELL_SECRETARY, cell=cell)
    return user


@pytest.fixture
def meeting(cell: Cell, secretary: AbstractBaseUser) -> Meeting:
    return meeting_plan(
        cell=cell,
        held_on=DAY,
        kind=MeetingKind.REGULAR,
        topic="Sinh hoạt thường kỳ",
        by=secretary,
    )


def exempt(member: Member, **fields: object) -> None:
    StatusPeriodFactory(member=member, start=D(2025, 1, 1), end=None, **fields)


def stored_marks(meeting: Meeting) -> dict[int, str]:
    return dict(
        Attendance.objects.filter(meeting=meeting).values_list("member_id", "mark")
    )


def record(
    meeting: Meeting, marks: dict[int, tuple[str, str]], by: AbstractBaseUser, **kw
) -> list[Attendance]:
    meeting.refresh_from_db()
    return attendance_record(
        meeting=meeting, marks=marks, by=by, expected_version=meeting.version, **kw
    )


# --- The rate ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "marks, rate",
    [
        ([], Decimal(100)),
        ([Mark.EXCUSED, Mark.EXEMPT], Decimal(100)),
        ([Mark.PRESENT] * 9 + [Mark.ABSENT], Decimal(90)),
        ([Mark.PRESENT] * 9 + [Mark.EXCUSED], Decimal(100)),
        ([Mark.PRESENT, Mark.PRESENT, Mark.ABSENT], Decimal("66.6")),
        ([Mark.ABSENT], Decimal(0)),
        # 1999 of 2000 is 99.95%: shown 99.9, never 100, since someone was absent
        ([Mark.PRESENT] * 1999 + [Mark.ABSENT], Decimal("99.9")),
    ],
)
def test_attendance_rate_is_present_over_present_and_absent(
    marks: list[str], rate: Decimal
) -> None:
    counts = attendance_counts(marks, on_roll=len(marks))
    assert counts.rate == rate


def test_counts_tell_each_mark_and_the_unmarked() -> None:
    counts = attendance_counts(
        [Mark.PRESENT, Mark.PRESENT, Mark.EXCUSED, Mark.ABSENT, Mark.EXEMPT],
        on_roll=7,
    )
    assert (counts.present, counts.excused, counts.absent, counts.exempt) == (
        2,
        1,
        1,
        1,
    )
    assert (counts.marked, counts.unmarked, counts.complete) == (5, 2, False)


# --- The roll ------------------------------------------------------------------------------------


def test_the_roll_is_taken_on_the_meeting_date(
    cell: Cell, members: list[Member], meeting: Meeting
) -> None:
    joined_after = MemberFactory(full_name="Vào Sau")
    MembershipFactory(member=joined_after, cell=cell, start=DAY + ONE_DAY)
    left_before = MemberFactory(full_name="Chuyển Trước")
    MembershipFactory(member=left_before, cell=cell, start=LONG_AGO, end=DAY - ONE_DAY)
    left_that_day = MemberFactory(full_name="Chuyển Hôm Đó")
    MembershipFactory(member=left_that_day, cell=cell, start=LONG_AGO, end=DAY)
    other_cell = MemberFactory(full_name="Chi Bộ Khác")
    MembershipFactory(member=other_cell, cell=CellFactory(), start=LONG_AGO)
    names = [row.full_name for row in meeting_roster(meeting).on_roll]
    assert "Vào Sau" not in names
    assert "Chuyển Trước" not in names
    assert "Chi Bộ Khác" not in names
    assert "Chuyển Hôm Đó" in names
    assert len(names) == len(members) + 1


def test_the_roll_tells_official_and_probationary_on_that_date(
    cell: Cell, meeting: Meeting
) -> None:
    became_official_later = MemberFactory(
        full_name="Dự Bị Hôm Đó", official_on=DAY + ONE_DAY
    )
    MembershipFactory(member=became_official_later, cell=cell, start=LONG_AGO)
    (row,) = meeting_roster(meeting).on_roll
    assert row.official is False


def test_exempt_is_proposed_and_offered_only_with_an_approved_exemption(
    members: list[Member], meeting: Meeting
) -> None:
    exempt(members[1])
    exempt(members[2], approved=False, approved_on=None, approved_by="")
    roster = meeting_roster(meeting).proposed()
    rows = {row.member_id: row for row in roster.rows}
    assert rows[members[1].pk].mark == Mark.EXEMPT
    assert Mark.EXEMPT in dict(rows[members[1].pk].options)
    assert rows[members[2].pk].mark == ""
    assert Mark.EXEMPT not in dict(rows[members[2].pk].options)
    assert rows[members[0].pk].mark == ""


def test_the_roll_costs_the_same_queries_for_1_and_20_members(
    django_assert_num_queries: Callable[..., Any], secretary: AbstractBaseUser
) -> None:
    counts = []
    for size in (1, 20):
        cell = CellFactory()
        for _ in range(size):
            member = MemberFactory()
            MembershipFactory(member=member, cell=cell, start=LONG_AGO)
            exempt(member)
        meeting = MeetingFactory(cell=cell, held_on=DAY)
        for membership in cell.memberships.all():
            AttendanceFactory(meeting=meeting, member=membership.member)
        with django_assert_num_queries(2) as captured:
            roster = meeting_roster(meeting)
            assert len(roster.on_roll) == size
        counts.append(len(captured))
    assert counts == [2, 2]


# --- attendance_record ---------------------------------------------------------------------------


def test_one_call_saves_every_mark_and_raises_the_version(
    members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    exempt(members[3])
    marks = {
        members[0].pk: (Mark.PRESENT, ""),
        members[1].pk: (Mark.EXCUSED, "Đi công tác"),
        members[2].pk: (Mark.ABSENT, ""),
        members[3].pk: (Mark.EXEMPT, ""),
    }
    saved = record(meeting, marks, secretary)
    assert [a.member_id for a in saved] == [m.pk for m in members]
    assert stored_marks(meeting) == {pk: mark for pk, (mark, _) in marks.items()}
    assert Attendance.objects.get(member=members[1]).note == "Đi công tác"
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.version == meeting.version + 1
    assert stored.state == MeetingState.DRAFT  # the planned meeting was held
    history = Attendance.history.filter(member_id=members[0].pk).get()
    assert history.history_user == secretary


def test_a_second_save_changes_marks_and_drops_those_left_out(
    members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    record(meeting, {m.pk: (Mark.PRESENT, "") for m in members}, secretary)
    record(
        meeting,
        {
            members[0].pk: (Mark.ABSENT, "Không báo"),
            members[1].pk: (Mark.PRESENT, ""),
            members[2].pk: (Mark.PRESENT, ""),
        },
        secretary,
    )
    assert stored_marks(meeting) == {
        members[0].pk: Mark.ABSENT,
        members[1].pk: Mark.PRESENT,
        members[2].pk: Mark.PRESENT,
    }
    assert Attendance.history.filter(member_id=members[0].pk).count() == 2


@pytest.mark.parametrize(
    "problem",
    ["not on the roll", "unknown mark", "exempt without exemption", "unapproved"],
)
def test_a_refused_row_says_why_and_nothing_is_saved(
    cell: Cell,
    members: list[Member],
    meeting: Meeting,
    secretary: AbstractBaseUser,
    problem: str,
) -> None:
    record(meeting, {m.pk: (Mark.PRESENT, "") for m in members}, secretary)
    version = Meeting.objects.get(pk=meeting.pk).version
    marks = {m.pk: (Mark.ABSENT, "") for m in members}
    if problem == "not on the roll":
        stranger = MemberFactory()
        MembershipFactory(member=stranger, cell=cell, start=DAY + ONE_DAY)
        wrong, words = stranger.pk, "danh sách"
        marks[wrong] = (Mark.PRESENT, "")
    elif problem == "unknown mark":
        wrong, words = members[0].pk, "“late”"
        marks[wrong] = ("late", "")
    else:
        if problem == "unapproved":
            exempt(members[0], approved=False, approved_on=None, approved_by="")
        wrong, words = members[0].pk, "miễn sinh hoạt"
        marks[wrong] = (Mark.EXEMPT, "")
    with pytest.raises(AttendanceRefused) as refusal:
        record(meeting, marks, secretary)
    assert list(refusal.value.rows) == [wrong]
    assert words in refusal.value.rows[wrong]
    assert "không lưu" in refusal.value.message
    assert set(stored_marks(meeting).values()) == {Mark.PRESENT}
    assert Meeting.objects.get(pk=meeting.pk).version == version


def test_every_member_needs_a_mark_when_asked_and_once_submitted(
    members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    partial = {m.pk: (Mark.PRESENT, "") for m in members[:3]}
    with pytest.raises(AttendanceRefused) as refusal:
        record(meeting, partial, secretary, require_all=True)
    assert list(refusal.value.rows) == [members[3].pk]
    record(meeting, partial, secretary)  # a draft may be saved part by part
    assert len(stored_marks(meeting)) == 3
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.SUBMITTED)
    with pytest.raises(AttendanceRefused):
        record(meeting, partial, secretary)


def test_an_old_version_is_a_conflict_and_nothing_is_saved(
    members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    record(meeting, {members[0].pk: (Mark.PRESENT, "")}, secretary)
    with pytest.raises(MeetingConflict, match="Nguyễn Thị Lan"):
        attendance_record(
            meeting=meeting,
            marks={members[0].pk: (Mark.ABSENT, "")},
            by=secretary,
            expected_version=1,
        )
    assert stored_marks(meeting) == {members[0].pk: Mark.PRESENT}


# --- The attendance screen -----------------------------------------------------------------------


def tags(page: str, name: str) -> list[str]:
    return re.findall(rf"<{name}\b[^>]*>", page)


def attribute(tag: str, name: str) -> str:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else ""


def checked(page: str) -> set[str]:
    """The ids of the radio buttons checked on ``page``."""
    return {
        attribute(tag, "id")
        for tag in tags(page, "input")
        if re.search(r"\schecked\b", tag)
    }


def flagged_rows(page: str) -> set[str]:
    """The ids of the attendance rows marked as refused."""
    return {
        attribute(tag, "id")
        for tag in tags(page, "fieldset")
        if "has-error" in attribute(tag, "class").split()
    }


def screen_url(meeting: Meeting) -> str:
    return reverse("meetings:attendance", args=[meeting.key])


def counts_url(meeting: Meeting) -> str:
    return reverse("meetings:attendance_counts", args=[meeting.key])


def posted(meeting: Meeting, marks: dict[int, str], **extra: str) -> dict[str, str]:
    meeting.refresh_from_db()
    data = {"expected_version": str(meeting.version), **extra}
    data.update({f"mark_{pk}": mark for pk, mark in marks.items()})
    return data


def test_the_screen_lists_the_roll_with_the_exemption_proposed(
    client: Client, members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    exempt(members[1])
    client.force_login(secretary)
    page = client.get(screen_url(meeting)).content.decode()
    for name in NAMES:
        assert name in page
    assert page.count('class="mark-input"') == 3 * 3 + 4
    assert checked(page) == {f"mark-{members[1].pk}-exempt"}
    assert f'id="mark-{members[0].pk}-exempt"' not in page
    assert 'name="expected_version" value="1"' in page
    assert 'hx-post="' + counts_url(meeting) + '"' in page
    assert "attendance.js" in page


def test_one_post_saves_all_marks_and_says_so(
    client: Client, members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    client.force_login(secretary)
    marks = {m.pk: Mark.PRESENT for m in members}
    marks[members[2].pk] = Mark.ABSENT
    response = client.post(
        screen_url(meeting),
        posted(meeting, marks, **{f"note_{members[2].pk}": "Không báo"}),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "meetings:meeting_detail", args=[meeting.key]
    )
    assert stored_marks(meeting) == marks
    assert Attendance.objects.get(member=members[2]).note == "Không báo"
    with translation.override("vi"):
        text = response.content.decode()
    assert "3 có mặt" in text and "4" in text
    assert "75%" in text  # 3 ÷ (3 + 1)


def test_an_invalid_mark_comes_back_on_its_row_and_nothing_is_saved(
    client: Client, members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    client.force_login(secretary)
    marks = {m.pk: Mark.PRESENT for m in members}
    marks[members[3].pk] = Mark.EXEMPT  # no exemption
    marks[members[2].pk] = Mark.ABSENT
    response = client.post(screen_url(meeting), posted(meeting, marks))
    assert response.status_code == 200
    page = response.content.decode()
    assert flagged_rows(page) == {f"row-{members[3].pk}"}
    assert f'id="error-{members[3].pk}"' in page
    assert "không lưu" in page
    # The user's marks are kept, the refused one included.
    assert {
        f"mark-{members[2].pk}-absent",
        f"mark-{members[3].pk}-exempt",
    } <= checked(page)
    assert stored_marks(meeting) == {}
    assert Meeting.objects.get(pk=meeting.pk).version == 1


def test_everyone_present_without_javascript_marks_but_does_not_save(
    client: Client, members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    exempt(members[1])
    client.force_login(secretary)
    data = posted(
        meeting,
        {members[1].pk: Mark.EXEMPT, members[2].pk: Mark.ABSENT},
        all_present="1",
    )
    page = client.post(screen_url(meeting), data).content.decode()
    assert checked(page) == {
        f"mark-{members[0].pk}-present",
        f"mark-{members[1].pk}-exempt",
        f"mark-{members[2].pk}-absent",
        f"mark-{members[3].pk}-present",
    }
    assert stored_marks(meeting) == {}


def test_the_live_counts_count_the_marks_being_entered(
    client: Client, members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    exempt(members[3])
    client.force_login(secretary)
    marks = {
        members[0].pk: Mark.PRESENT,
        members[1].pk: Mark.PRESENT,
        members[2].pk: Mark.ABSENT,
        members[3].pk: Mark.EXEMPT,
    }
    response = client.post(counts_url(meeting), posted(meeting, marks))
    page = response.content.decode()
    assert (
        '<span class="count-present">2</span><span class="count-of">/4</span>' in page
    )
    assert "66,6%" in page  # 2 ÷ (2 + 1), rounded down, Vietnamese decimal comma
    assert "<html" not in page  # a partial
    assert stored_marks(meeting) == {}


def test_the_live_counts_ignore_unknown_marks(
    client: Client, members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    client.force_login(secretary)
    page = client.post(
        counts_url(meeting), posted(meeting, {members[0].pk: "late"})
    ).content.decode()
    assert (
        '<span class="count-present">0</span><span class="count-of">/4</span>' in page
    )
    assert "100%" in page


def test_a_conflict_keeps_the_marks_and_names_who_saved(
    client: Client, members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    official = UserFactory(first_name="Trần Văn Hải", password=None)
    RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=meeting.cell.ward)
    stale = posted(meeting, {members[0].pk: Mark.ABSENT})
    record(meeting, {members[0].pk: (Mark.PRESENT, "")}, official)
    client.force_login(secretary)
    page = client.post(screen_url(meeting), stale).content.decode()
    assert "Trần Văn Hải" in page
    assert checked(page) == {f"mark-{members[0].pk}-absent"}
    assert 'name="expected_version" value="2"' in page
    assert stored_marks(meeting) == {members[0].pk: Mark.PRESENT}


def test_a_locked_meeting_sends_the_secretary_back_to_its_page(
    client: Client, members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.LOCKED)
    client.force_login(secretary)
    response = client.get(screen_url(meeting), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "meetings:meeting_detail", args=[meeting.key]
    )
    assert "mở khóa" in response.content.decode()


@pytest.mark.parametrize("size", [1, 20])
def test_the_screen_and_the_counts_cost_the_same_queries_for_1_and_20_members(
    client: Client,
    django_assert_max_num_queries: Callable[..., Any],
    secretary: AbstractBaseUser,
    size: int,
) -> None:
    cell = CellFactory()
    RoleFactory(user=secretary, kind=RoleKind.CELL_SECRETARY, cell=cell)
    members = []
    for _ in range(size):
        member = MemberFactory()
        MembershipFactory(member=member, cell=cell, start=LONG_AGO)
        exempt(member)
        members.append(member)
    meeting = MeetingFactory(cell=cell, held_on=DAY, state=MeetingState.DRAFT)
    for member in members:
        AttendanceFactory(meeting=meeting, member=member)
    client.force_login(secretary)
    with django_assert_max_num_queries(7):
        page = client.get(screen_url(meeting)).content.decode()
    assert len(tags(page, "fieldset")) == size
    data = posted(meeting, {m.pk: Mark.PRESENT for m in members})
    with django_assert_max_num_queries(7):
        client.post(counts_url(meeting), data)


def test_a_mark_kept_for_a_member_no_longer_on_that_roll_is_shown_and_dropped(
    client: Client, members: list[Member], meeting: Meeting, secretary: AbstractBaseUser
) -> None:
    record(meeting, {m.pk: (Mark.PRESENT, "") for m in members}, secretary)
    # The member's period in the cell is corrected afterwards: it starts after the meeting.
    members[3].memberships.update(start=DAY + ONE_DAY)
    client.force_login(secretary)
    detail = client.get(reverse("meetings:meeting_detail", args=[meeting.key]))
    assert "không có trong danh sách ngày đó" in detail.content.decode()
    screen = client.get(screen_url(meeting)).content.decode()
    assert "điểm danh này sẽ bị xóa khi lưu" in screen
    assert len(tags(screen, "fieldset")) == 3
    client.post(
        screen_url(meeting), posted(meeting, {m.pk: Mark.PRESENT for m in members[:3]})
    )
    assert stored_marks(meeting) == {m.pk: Mark.PRESENT for m in members[:3]}
