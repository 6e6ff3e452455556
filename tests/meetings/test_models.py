"""Meetings and attendance: database constraints first, then the rules of clean()."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cells.models import StatusKind
from meetings.models import (
    COUNTED_STATES,
    Attendance,
    Mark,
    Meeting,
    MeetingKind,
    MeetingState,
)
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    StatusPeriodFactory,
)
from tests.wards.support import errors_of, member_on_roll, refused

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
DAY = D(2025, 3, 5)  # MeetingFactory's date
ONE_DAY = datetime.timedelta(days=1)


# --- Database constraints ------------------------------------------------------------------------


def test_meeting_key_is_unique() -> None:
    MeetingFactory(key="C01-20250305-regular")
    with refused("meetings.Meeting.key"):
        MeetingFactory(key="C01-20250305-regular")


@pytest.mark.parametrize(
    "label, field, known, unknown",
    [
        ("meeting_kind_valid", "kind", MeetingKind.values, "party"),
        ("meeting_state_valid", "state", MeetingState.values, "archived"),
    ],
)
def test_meeting_choice_values(label, field, known, unknown) -> None:
    for value in known:
        assert getattr(MeetingFactory(**{field: value}), field) == value
    with refused(label):
        MeetingFactory(**{field: unknown})


@pytest.mark.parametrize(
    "start_time, end_time, ok",
    [
        (None, None, True),
        (T(19, 30), None, True),
        (None, T(21, 0), True),
        (T(19, 30), T(19, 31), True),
        (T(19, 30), T(19, 30), False),
        (T(19, 30), T(19, 29), False),
    ],
)
def test_meeting_ends_after_it_starts(start_time, end_time, ok) -> None:
    values = {"start_time": start_time, "end_time": end_time}
    if ok:
        MeetingFactory(**values)
    else:
        with refused("meeting_ends_after_start"):
            MeetingFactory(**values)


@pytest.mark.parametrize(
    "percent, ok",
    [
        (None, True),
        (Decimal("-0.1"), False),
        (Decimal("0"), True),
        (Decimal("100"), True),
        (Decimal("100.1"), False),
    ],
)
def test_targets_met_is_a_percentage(percent, ok) -> None:
    if ok:
        MeetingFactory(targets_met_percent=percent)
    else:
        with refused("meeting_targets_percent_range"):
            MeetingFactory(targets_met_percent=percent)


def test_meeting_version_starts_at_one() -> None:
    meeting = MeetingFactory()
    assert meeting.version == 1
    with refused("meeting_version_positive"):
        Meeting.objects.filter(pk=meeting.pk).update(version=0)


def test_one_mark_per_member_per_meeting() -> None:
    attendance = AttendanceFactory()
    AttendanceFactory(member=attendance.member)  # another meeting
    with refused("attendance_one_mark"):
        Attendance.objects.create(
            meeting=attendance.meeting, member=attendance.member, mark=Mark.ABSENT
        )


def test_attendance_marks_are_the_four_known_ones() -> None:
    meeting = MeetingFactory()
    for mark in Mark.values:
        AttendanceFactory(meeting=meeting, mark=mark)
    with refused("attendance_mark_valid"):
        AttendanceFactory(meeting=meeting, mark="late")


def test_unknown_mark_set_by_bulk_create_is_refused() -> None:
    meeting, member = MeetingFactory(), MemberFactory()
    with refused("attendance_mark_valid"):
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, member=member, mark="")]
        )


# --- The meeting key -----------------------------------------------------------------------------


def test_meeting_key_is_cell_date_and_kind() -> None:
    meeting = MeetingFactory(
        cell=CellFactory(code="C07"), held_on=D(2025, 3, 5), kind=MeetingKind.THEMATIC
    )
    assert meeting.key == "C07-20250305-thematic"


def test_meeting_key_clash_gets_a_numbered_suffix() -> None:
    cell = CellFactory(code="C07")
    keys = [MeetingFactory(cell=cell, held_on=DAY).key for _ in range(3)]
    assert keys == [
        "C07-20250305-regular",
        "C07-20250305-regular-2",
        "C07-20250305-regular-3",
    ]


def test_given_meeting_key_is_kept_and_not_regenerated() -> None:
    meeting = MeetingFactory(key="NHAP-001")
    meeting.kind = MeetingKind.COMBINED
    meeting.save()
    meeting.refresh_from_db()
    assert meeting.key == "NHAP-001"


# --- clean(): the meeting ------------------------------------------------------------------------


def test_a_valid_meeting_passes_full_clean() -> None:
    assert errors_of(MeetingFactory()) == {}


def test_meeting_ending_before_it_starts_is_refused_on_end_time() -> None:
    meeting = MeetingFactory.build(
        cell=CellFactory(), start_time=T(20, 0), end_time=T(20, 0)
    )
    assert "end_time" in errors_of(meeting)


@pytest.mark.parametrize(
    "state, days_ahead, ok",
    [
        (MeetingState.SUBMITTED, 0, True),
        (MeetingState.SUBMITTED, 1, False),
        (MeetingState.LOCKED, 1, False),
        (MeetingState.PLANNED, 1, True),
        (MeetingState.PLANNED, 30, True),
        (MeetingState.DRAFT, 1, True),
    ],
)
def test_held_meeting_cannot_be_dated_in_the_future(state, days_ahead, ok) -> None:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    meeting = MeetingFactory.build(cell=CellFactory(), state=state, held_on=day)
    errors = errors_of(meeting)
    assert ("held_on" in errors) is not ok, errors


def test_counted_states_are_submitted_and_locked() -> None:
    assert set(COUNTED_STATES) == {MeetingState.SUBMITTED, MeetingState.LOCKED}
    assert [MeetingFactory.build(state=s).is_counted for s in MeetingState.values] == [
        s in COUNTED_STATES for s in MeetingState.values
    ]


@pytest.mark.parametrize("held_on, ok", [(D(2025, 6, 5), True), (D(2025, 6, 6), False)])
def test_today_is_the_date_in_vietnam_not_in_utc(monkeypatch, held_on, ok) -> None:
    # 18:30 UTC on 4 June is 01:30 on 5 June in Hà Nội (UTC+7).
    frozen = datetime.datetime(2025, 6, 4, 18, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    assert timezone.localdate() == D(2025, 6, 5)
    meeting = MeetingFactory.build(
        cell=CellFactory(), state=MeetingState.SUBMITTED, held_on=held_on
    )
    errors = errors_of(meeting)
    assert ("held_on" in errors) is not ok, errors


@pytest.mark.parametrize(
    "held_on, ok",
    [
        (D(1999, 12, 31), False),
        (D(2000, 1, 1), True),
        (D(2024, 12, 31), True),
        (D(2025, 1, 1), False),
    ],
)
def test_meeting_falls_within_the_life_of_the_cell(held_on, ok) -> None:
    cell = CellFactory(founded_on=D(2000, 1, 1), dissolved_on=D(2024, 12, 31))
    errors = errors_of(MeetingFactory.build(cell=cell, held_on=held_on))
    assert ("held_on" in errors) is not ok, errors


@pytest.mark.parametrize("field", ["chair", "minute_taker"])
@pytest.mark.parametrize(
    "start, end, ok",
    [
        (DAY, None, True),
        (DAY - ONE_DAY, DAY, True),
        (DAY + ONE_DAY, None, False),
        (D(2010, 1, 1), DAY - ONE_DAY, False),
    ],
)
def test_chair_and_minute_taker_are_on_the_roll(field, start, end, ok) -> None:
    cell = CellFactory()
    membership = MembershipFactory(cell=cell, start=start, end=end)
    meeting = MeetingFactory(cell=cell, held_on=DAY)
    setattr(meeting, field, membership.member)
    errors = errors_of(meeting)
    assert (field in errors) is not ok, errors


def test_chair_from_another_cell_is_refused() -> None:
    meeting = MeetingFactory(held_on=DAY)
    meeting.chair = member_on_roll(CellFactory())
    assert "chair" in errors_of(meeting)


def test_duration_is_the_minutes_between_start_and_end() -> None:
    meeting = MeetingFactory.build(start_time=T(19, 30), end_time=T(21, 15))
    assert meeting.duration_minutes == 105
    meeting.end_time = None
    assert meeting.duration_minutes is None


# --- clean(): attendance -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, ok",
    [
        (DAY, None, True),
        (DAY + ONE_DAY, None, False),  # joined the day after
        (D(2010, 1, 1), DAY, True),  # left that very day
        (D(2010, 1, 1), DAY - ONE_DAY, False),  # left the day before
    ],
)
def test_mark_only_for_a_member_on_the_roll_on_the_meeting_date(start, end, ok) -> None:
    meeting = MeetingFactory(held_on=DAY)
    membership = MembershipFactory(cell=meeting.cell, start=start, end=end)
    attendance = Attendance(
        meeting=meeting, member=membership.member, mark=Mark.PRESENT
    )
    errors = errors_of(attendance)
    assert ("member" in errors) is not ok, errors


def test_mark_for_a_member_of_another_cell_is_refused() -> None:
    meeting = MeetingFactory(held_on=DAY)
    attendance = Attendance(
        meeting=meeting, member=member_on_roll(CellFactory()), mark=Mark.PRESENT
    )
    assert "member" in errors_of(attendance)


@pytest.mark.parametrize(
    "exemption, ok",
    [
        (None, False),
        ({"start": D(2025, 1, 1), "end": DAY - ONE_DAY}, False),  # ended the day before
        ({"start": D(2025, 1, 1), "end": DAY}, True),  # ends on the meeting day
        ({"start": DAY, "end": None}, True),  # starts on the meeting day
        ({"start": DAY + ONE_DAY, "end": None}, False),
        (
            {
                "start": D(2025, 1, 1),
                "end": None,
                "approved": False,
                "approved_on": None,
                "approved_by": "",
            },
            False,
        ),
        ({"start": D(2025, 1, 1), "end": None, "kind": StatusKind.WORKING_AWAY}, False),
    ],
)
def test_exempt_mark_needs_an_approved_exemption_covering_the_date(
    exemption, ok
) -> None:
    meeting = MeetingFactory(held_on=DAY)
    member = member_on_roll(meeting.cell)
    if exemption is not None:
        StatusPeriodFactory(member=member, **exemption)
    attendance = Attendance(meeting=meeting, member=member, mark=Mark.EXEMPT)
    errors = errors_of(attendance)
    assert ("mark" in errors) is not ok, errors


@pytest.mark.parametrize("mark", [Mark.PRESENT, Mark.EXCUSED, Mark.ABSENT])
def test_other_marks_need_no_exemption(mark) -> None:
    meeting = MeetingFactory(held_on=DAY)
    attendance = Attendance(
        meeting=meeting, member=member_on_roll(meeting.cell), mark=mark
    )
    assert errors_of(attendance) == {}


def test_exempt_member_who_attends_may_be_marked_present() -> None:
    meeting = MeetingFactory(held_on=DAY)
    member = member_on_roll(meeting.cell)
    StatusPeriodFactory(member=member, start=D(2025, 1, 1), end=None)
    attendance = Attendance(meeting=meeting, member=member, mark=Mark.PRESENT)
    assert errors_of(attendance) == {}


def test_second_mark_for_a_member_is_refused_by_full_clean() -> None:
    meeting = MeetingFactory(held_on=DAY)
    member = member_on_roll(meeting.cell)
    AttendanceFactory(meeting=meeting, member=member)
    duplicate = Attendance(meeting=meeting, member=member, mark=Mark.ABSENT)
    assert errors_of(duplicate)


@pytest.mark.parametrize("percent", [Decimal("-0.1"), Decimal("100.1")])
def test_targets_percent_out_of_range_is_refused_on_its_field(percent) -> None:
    meeting = MeetingFactory()
    meeting.targets_met_percent = percent
    errors = errors_of(meeting)
    assert list(errors) == ["targets_met_percent"], errors
