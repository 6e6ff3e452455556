"""Logging a meeting: plan, record (optimistic locking), submit, lock and unlock (meetings.services)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from cells.models import Cell, Member, RoleKind
from meetings.errors import MeetingConflict, MeetingsError
from meetings.models import Attendance, Mark, Meeting, MeetingKind, MeetingState
from meetings.services import (
    attendance_record,
    meeting_lock,
    meeting_plan,
    meeting_save,
    meeting_submit,
    meeting_unlock,
)
from tests.factories import (
    CellFactory,
    ClosedYearFactory,
    MemberFactory,
    MembershipFactory,
    RoleFactory,
    StatusPeriodFactory,
    UserFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
DAY = D(2025, 3, 5)
LONG_AGO = D(2015, 1, 1)


@pytest.fixture
def cell() -> Cell:
    return CellFactory(
        code="TDP05", name="Chi bộ Tổ dân phố số 5", ward=WardFactory(code="DT")
    )


@pytest.fixture
def members(cell: Cell) -> list[Member]:
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    result = []
    for name in names:
        member = MemberFactory(full_name=name)
        MembershipFactory(member=member, cell=cell, start=LONG_AGO)
        result.append(member)
    return result


@pytest.fixture
def secretary(cell: Cell) -> AbstractBaseUser:
    user = UserFactory(username="bithu5", first_name="Nguyễn Thị Lan", password=None)
    RoleFactory(user=user, kind=RoleKind.CELL_SECRETARY, cell=cell)
    return user


@pytest.fixture
def official(cell: Cell) -> AbstractBaseUser:
    user = UserFactory(username="phuong", first_name="Trần Văn Hải", password=None)
    RoleFactory(user=user, kind=RoleKind.WARD_OFFICIAL, ward=cell.ward)
    return user


def planned(cell: Cell, by: AbstractBaseUser, day: datetime.date = DAY) -> Meeting:
    return meeting_plan(
        cell=cell,
        held_on=day,
        kind=MeetingKind.REGULAR,
        topic="Sinh hoạt thường kỳ",
        by=by,
    )


def recorded(cell: Cell, by: AbstractBaseUser, day: datetime.date = DAY) -> Meeting:
    meeting = planned(cell, by, day)
    return meeting_save(
        meeting=meeting,
        data={"start_time": T(19, 30), "end_time": T(21, 15)},
        by=by,
        expected_version=meeting.version,
    )


def all_marked(
    meeting: Meeting, members: list[Member], by: AbstractBaseUser
) -> Meeting:
    attendance_record(
        meeting=meeting,
        marks={member.pk: (Mark.PRESENT, "") for member in members},
        by=by,
        expected_version=meeting.version,
    )
    return Meeting.objects.get(pk=meeting.pk)


def submitted(
    cell: Cell, members: list[Member], by: AbstractBaseUser, day: datetime.date = DAY
) -> Meeting:
    meeting = all_marked(recorded(cell, by, day), members, by)
    return meeting_submit(meeting=meeting, by=by, expected_version=meeting.version)


# --- Planning ------------------------------------------------------------------------------------


def test_a_planned_meeting_has_its_date_topic_key_and_author(
    cell: Cell, secretary: AbstractBaseUser
) -> None:
    day = timezone.localdate() + datetime.timedelta(days=20)
    meeting = planned(cell, secretary, day)
    assert meeting.state == MeetingState.PLANNED
    assert meeting.key == f"TDP05-{day:%Y%m%d}-regular"
    assert meeting.topic == "Sinh hoạt thường kỳ"
    assert (meeting.version, meeting.updated_by) == (1, secretary)
    assert meeting.history.get().history_user == secretary


def test_two_plans_on_one_day_get_two_keys(
    cell: Cell, secretary: AbstractBaseUser
) -> None:
    keys = {planned(cell, secretary).key, planned(cell, secretary).key}
    assert keys == {"TDP05-20250305-regular", "TDP05-20250305-regular-2"}


def test_a_plan_before_the_cell_existed_is_refused_on_the_date(
    cell: Cell, secretary: AbstractBaseUser
) -> None:
    with pytest.raises(ValidationError) as refusal:
        planned(cell, secretary, D(1999, 12, 31))
    assert "held_on" in refusal.value.message_dict
    assert not Meeting.objects.exists()


def test_a_secretary_cannot_plan_for_another_cell(
    cell: Cell, secretary: AbstractBaseUser
) -> None:
    other = CellFactory(ward=cell.ward)
    with pytest.raises(PermissionDenied):
        planned(other, secretary)


# --- Recording -----------------------------------------------------------------------------------


def test_recording_saves_every_field_and_makes_a_draft(
    cell: Cell, members: list[Member], secretary: AbstractBaseUser
) -> None:
    meeting = planned(cell, secretary)
    data = {
        "kind": MeetingKind.COMBINED,
        "held_on": D(2025, 3, 6),
        "start_time": T(19, 30),
        "end_time": T(21, 15),
        "place": "Nhà văn hóa tổ dân phố số 5",
        "topic": "Sinh hoạt thường kỳ kết hợp chuyên đề",
        "chair": members[0],
        "minute_taker": members[1],
        "upper_attendee": "Đồng chí Trần Văn Hải",
        "speakers": 6,
        "targets_met_percent": Decimal("92.5"),
        "content": "Đánh giá kết quả tháng.",
        "conclusion": "Thống nhất 5 nhiệm vụ.",
        "votes_for": 3,
        "votes_against": 0,
        "votes_abstain": 0,
        "minutes": "Biên bản …",
    }
    saved = meeting_save(meeting=meeting, data=data, by=secretary, expected_version=1)
    stored = Meeting.objects.get(pk=meeting.pk)
    for name, value in data.items():
        assert getattr(stored, name) == value, name
    assert stored.state == MeetingState.DRAFT
    assert (stored.version, stored.updated_by) == (2, secretary)
    assert saved.version == 2
    assert stored.key == "TDP05-20250305-regular"  # the key is kept
    assert stored.history.latest().history_user == secretary
    assert meeting.version == 1  # the caller's copy is left as it was


def test_a_save_on_an_old_version_names_who_changed_it_and_when(
    cell: Cell, secretary: AbstractBaseUser, official: AbstractBaseUser
) -> None:
    meeting = planned(cell, secretary)
    meeting_save(
        meeting=meeting,
        data={"place": "Hội trường Đảng ủy phường"},
        by=official,
        expected_version=1,
    )
    when = timezone.localtime(Meeting.objects.get(pk=meeting.pk).updated_at)
    with pytest.raises(MeetingConflict) as conflict:
        meeting_save(
            meeting=meeting,
            data={"place": "Nhà văn hóa"},
            by=secretary,
            expected_version=1,
        )
    stamp = when.strftime("%H:%M %d/%m/%Y")
    assert conflict.value.message == (
        f"Buổi sinh hoạt đã được Trần Văn Hải sửa lúc {stamp}; hãy xem lại."
    )
    assert conflict.value.current_version == 2
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.place, stored.version) == ("Hội trường Đảng ủy phường", 2)


def test_the_conflict_message_speaks_the_users_language(
    cell: Cell, secretary: AbstractBaseUser, official: AbstractBaseUser
) -> None:
    meeting = planned(cell, secretary)
    meeting_save(meeting=meeting, data={}, by=official, expected_version=1)
    with translation.override("en"), pytest.raises(MeetingConflict) as conflict:
        meeting_save(meeting=meeting, data={}, by=secretary, expected_version=1)
    assert conflict.value.message.startswith(
        "The meeting was changed by Trần Văn Hải at "
    )


def test_a_locked_meeting_cannot_be_recorded(
    cell: Cell,
    members: list[Member],
    secretary: AbstractBaseUser,
    official: AbstractBaseUser,
) -> None:
    meeting = submitted(cell, members, secretary)
    meeting = meeting_lock(
        meeting=meeting, by=official, expected_version=meeting.version
    )
    for user in (secretary, official):
        with pytest.raises(MeetingsError, match="unlock|mở khóa"):
            meeting_save(
                meeting=meeting,
                data={"place": "Khác"},
                by=user,
                expected_version=meeting.version,
            )
    assert Meeting.objects.get(pk=meeting.pk).place == ""


def test_a_chair_not_on_the_roll_that_day_is_refused(
    cell: Cell, secretary: AbstractBaseUser
) -> None:
    newcomer = MemberFactory()
    MembershipFactory(member=newcomer, cell=cell, start=DAY + datetime.timedelta(1))
    meeting = planned(cell, secretary)
    with pytest.raises(ValidationError) as refusal:
        meeting_save(
            meeting=meeting, data={"chair": newcomer}, by=secretary, expected_version=1
        )
    assert "chair" in refusal.value.message_dict
    assert Meeting.objects.get(pk=meeting.pk).version == 1


def test_a_new_date_on_which_the_marks_do_not_fit_is_refused(
    cell: Cell, members: list[Member], secretary: AbstractBaseUser
) -> None:
    late = MemberFactory(full_name="Đỗ Văn Mới")
    MembershipFactory(member=late, cell=cell, start=D(2025, 3, 1))
    meeting = all_marked(recorded(cell, secretary), [*members, late], secretary)
    with pytest.raises(ValidationError) as refusal:
        meeting_save(
            meeting=meeting,
            data={"held_on": D(2025, 2, 20)},
            by=secretary,
            expected_version=meeting.version,
        )
    assert "Đỗ Văn Mới" in refusal.value.message_dict["held_on"][0]
    assert Meeting.objects.get(pk=meeting.pk).held_on == DAY


def test_only_the_fields_of_the_minutes_can_be_saved(
    cell: Cell, secretary: AbstractBaseUser
) -> None:
    meeting = planned(cell, secretary)
    with pytest.raises(ValueError, match="state"):
        meeting_save(
            meeting=meeting, data={"state": "locked"}, by=secretary, expected_version=1
        )


# --- Submitting ----------------------------------------------------------------------------------


def test_a_complete_meeting_is_submitted(
    cell: Cell, members: list[Member], secretary: AbstractBaseUser
) -> None:
    meeting = all_marked(recorded(cell, secretary), members, secretary)
    version = meeting.version
    done = meeting_submit(meeting=meeting, by=secretary, expected_version=version)
    stored = Meeting.objects.get(pk=meeting.pk)
    assert done.state == stored.state == MeetingState.SUBMITTED
    assert stored.version == version + 1
    assert stored.is_counted


def test_a_ward_official_may_submit_too(
    cell: Cell,
    members: list[Member],
    secretary: AbstractBaseUser,
    official: AbstractBaseUser,
) -> None:
    meeting = all_marked(recorded(cell, secretary), members, secretary)
    meeting_submit(meeting=meeting, by=official, expected_version=meeting.version)
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.SUBMITTED


def test_a_meeting_dated_in_the_future_cannot_be_submitted(
    cell: Cell, members: list[Member], secretary: AbstractBaseUser
) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = all_marked(recorded(cell, secretary, tomorrow), members, secretary)
    with pytest.raises(MeetingsError, match="future|tương lai"):
        meeting_submit(meeting=meeting, by=secretary, expected_version=meeting.version)
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.DRAFT


def test_a_member_of_the_roll_without_a_mark_blocks_the_submission(
    cell: Cell, members: list[Member], secretary: AbstractBaseUser
) -> None:
    meeting = all_marked(recorded(cell, secretary), members[:2], secretary)
    with pytest.raises(MeetingsError) as refusal:
        meeting_submit(meeting=meeting, by=secretary, expected_version=meeting.version)
    assert "Lê Văn Cường" in refusal.value.message
    assert "Nguyễn Văn An" not in refusal.value.message
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.DRAFT


def test_an_exempt_mark_whose_exemption_was_withdrawn_blocks_the_submission(
    cell: Cell, members: list[Member], secretary: AbstractBaseUser
) -> None:
    exemption = StatusPeriodFactory(member=members[2], start=D(2025, 1, 1), end=None)
    meeting = recorded(cell, secretary)
    attendance_record(
        meeting=meeting,
        marks={
            members[0].pk: (Mark.PRESENT, ""),
            members[1].pk: (Mark.PRESENT, ""),
            members[2].pk: (Mark.EXEMPT, ""),
        },
        by=secretary,
        expected_version=meeting.version,
    )
    exemption.delete()
    meeting = Meeting.objects.get(pk=meeting.pk)
    with pytest.raises(MeetingsError, match="Lê Văn Cường"):
        meeting_submit(meeting=meeting, by=secretary, expected_version=meeting.version)


@pytest.mark.parametrize(
    "state, words",
    [
        (MeetingState.PLANNED, "Ghi biên bản"),
        (MeetingState.SUBMITTED, "đã được gửi"),
        (MeetingState.LOCKED, "mở khóa"),
    ],
)
def test_only_a_draft_can_be_submitted(
    cell: Cell,
    members: list[Member],
    secretary: AbstractBaseUser,
    state: str,
    words: str,
) -> None:
    meeting = all_marked(recorded(cell, secretary), members, secretary)
    Meeting.objects.filter(pk=meeting.pk).update(state=state)
    with pytest.raises(MeetingsError, match=words):
        meeting_submit(meeting=meeting, by=secretary, expected_version=meeting.version)
    assert Meeting.objects.get(pk=meeting.pk).state == state


def test_a_submission_on_an_old_version_is_a_conflict(
    cell: Cell, members: list[Member], secretary: AbstractBaseUser
) -> None:
    meeting = all_marked(recorded(cell, secretary), members, secretary)
    with pytest.raises(MeetingConflict, match="Nguyễn Thị Lan"):
        meeting_submit(
            meeting=meeting, by=secretary, expected_version=meeting.version - 1
        )


# --- Locking -------------------------------------------------------------------------------------


def test_a_ward_official_locks_and_unlocks_a_submitted_meeting(
    cell: Cell,
    members: list[Member],
    secretary: AbstractBaseUser,
    official: AbstractBaseUser,
) -> None:
    meeting = submitted(cell, members, secretary)
    locked = meeting_lock(
        meeting=meeting, by=official, expected_version=meeting.version
    )
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.LOCKED
    assert locked.history.latest().history_user == official
    unlocked = meeting_unlock(
        meeting=locked, by=official, expected_version=locked.version
    )
    assert unlocked.state == MeetingState.SUBMITTED
    assert unlocked.version == meeting.version + 2
    # Unlocked, the cell may correct it again.
    meeting_save(
        meeting=unlocked,
        data={"place": "Nhà văn hóa"},
        by=secretary,
        expected_version=unlocked.version,
    )


@pytest.mark.parametrize("service", [meeting_lock, meeting_unlock])
def test_a_secretary_may_not_lock_or_unlock(
    cell: Cell,
    members: list[Member],
    secretary: AbstractBaseUser,
    official: AbstractBaseUser,
    service: Callable[..., Meeting],
) -> None:
    meeting = submitted(cell, members, secretary)
    if service is meeting_unlock:
        meeting = meeting_lock(
            meeting=meeting, by=official, expected_version=meeting.version
        )
    with pytest.raises(PermissionDenied):
        service(meeting=meeting, by=secretary, expected_version=meeting.version)
    assert Meeting.objects.get(pk=meeting.pk).version == meeting.version


def test_an_official_of_another_ward_may_not_lock(
    cell: Cell, members: list[Member], secretary: AbstractBaseUser
) -> None:
    stranger = UserFactory(password=None)
    RoleFactory(user=stranger, kind=RoleKind.WARD_OFFICIAL, ward=WardFactory())
    meeting = submitted(cell, members, secretary)
    with pytest.raises(PermissionDenied):
        meeting_lock(meeting=meeting, by=stranger, expected_version=meeting.version)


def test_a_draft_cannot_be_locked_nor_an_unlocked_meeting_unlocked(
    cell: Cell,
    members: list[Member],
    secretary: AbstractBaseUser,
    official: AbstractBaseUser,
) -> None:
    draft = recorded(cell, secretary)
    with pytest.raises(MeetingsError):
        meeting_lock(meeting=draft, by=official, expected_version=draft.version)
    with pytest.raises(MeetingsError):
        meeting_unlock(meeting=draft, by=official, expected_version=draft.version)
    assert Meeting.objects.get(pk=draft.pk).state == MeetingState.DRAFT


def test_a_locked_meeting_keeps_its_attendance(
    cell: Cell,
    members: list[Member],
    secretary: AbstractBaseUser,
    official: AbstractBaseUser,
) -> None:
    meeting = submitted(cell, members, secretary)
    meeting = meeting_lock(
        meeting=meeting, by=official, expected_version=meeting.version
    )
    with pytest.raises(MeetingsError):
        attendance_record(
            meeting=meeting,
            marks={member.pk: (Mark.ABSENT, "") for member in members},
            by=official,
            expected_version=meeting.version,
        )
    assert set(
        Attendance.objects.filter(meeting=meeting).values_list("mark", flat=True)
    ) == {Mark.PRESENT}


def test_a_meeting_of_a_closed_year_cannot_be_changed(
    cell: Cell, members: list[Member], secretary: AbstractBaseUser
) -> None:
    meeting = all_marked(recorded(cell, secretary), members, secretary)
    ClosedYearFactory(ward=cell.ward, year=DAY.year)
    with pytest.raises(ValidationError, match="2025"):
        meeting_save(
            meeting=meeting,
            data={"place": "Nhà văn hóa"},
            by=secretary,
            expected_version=meeting.version,
        )
    with pytest.raises(ValidationError, match="2025"):
        attendance_record(
            meeting=meeting,
            marks={member.pk: (Mark.ABSENT, "") for member in members},
            by=secretary,
            expected_version=meeting.version,
        )
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.place, stored.version) == ("", meeting.version)
    assert set(
        Attendance.objects.filter(meeting=meeting).values_list("mark", flat=True)
    ) == {Mark.PRESENT}
