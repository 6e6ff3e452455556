"""Closing a ward's year: the stored evaluation, who may close and reopen, and the records it freezes
(DESIGN.md "Time")."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from cells.models import Cell, CellKind, Member, RoleKind
from meetings.models import COUNTED_STATES, Meeting
from reports import seed as seeding
from scoring.closing import stored_evaluation, year_close, year_reopen
from scoring.models import ClosedYear, Rubric
from scoring.services import ScoringError, catalogue_for, evaluate, evaluation_json
from tests import factories as f
from wards.models import Ward

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ward() -> Ward:
    return f.WardFactory(code="W", name="Phường Đồng Tâm")


@pytest.fixture
def cell(ward: Ward) -> Cell:
    return f.CellFactory(ward=ward, code="CA")


@pytest.fixture
def member(cell: Cell) -> Member:
    return f.MembershipFactory(
        cell=cell, member__household=f.HouseholdFactory(group__ward=cell.ward)
    ).member


@pytest.fixture
def meeting(cell: Cell) -> Meeting:
    return f.MeetingFactory(cell=cell, held_on=D(YEAR, 3, 5))


def user_with(role: str, **scope: object) -> AbstractUser:
    user = f.UserFactory(password=None)
    f.RoleFactory(user=user, kind=role, **scope)
    return user


@pytest.fixture
def official(ward: Ward) -> AbstractUser:
    return user_with(RoleKind.WARD_OFFICIAL, ward=ward)


def closed_message(what: models.Model | type[models.Model]) -> str:
    return gettext(
        "Year %(year)s of the ward is closed: reopen the year before changing "
        "this %(what)s."
    ) % {"year": YEAR, "what": what._meta.verbose_name}


def refused_as_closed(instance: models.Model) -> None:
    """``full_clean()`` refuses ``instance`` with the closed-year message, as a non-field error."""
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    assert caught.value.message_dict[NON_FIELD_ERRORS] == [closed_message(instance)]


def close(ward: Ward, year: int = YEAR) -> ClosedYear:
    return f.ClosedYearFactory(ward=ward, year=year)


# --- Closing -------------------------------------------------------------------------------------


def test_closing_the_demo_ward_stores_13_criteria_per_cell() -> None:
    seeding.seed(scale="demo", seed=1, year=YEAR, today=D(YEAR + 1, 3, 15))
    ward = Ward.objects.get(code="DONGTAM")
    official = user_with(RoleKind.WARD_OFFICIAL, ward=ward)
    year_end = D(YEAR, 12, 31)

    closed = year_close(ward=ward, year=YEAR, by=official)

    closed.refresh_from_db()
    cells = ward.cells.order_by("code")
    stored = closed.evaluation
    assert stored["year"] == YEAR
    assert stored["as_of"] == "2025-12-31"
    assert [c["code"] for c in stored["cells"]] == [c.code for c in cells]
    assert len(stored["cells"]) >= 12
    for stored_cell in stored["cells"]:
        numbers = [criterion["number"] for criterion in stored_cell["criteria"]]
        assert numbers == list(range(1, 14)), stored_cell["code"]
    assert any(c["model_cell"] for c in stored["cells"])
    assert stored == evaluation_json(evaluate(YEAR, cells, year_end), YEAR, year_end)
    assert closed.rubric_versions == list(
        Rubric.objects.filter(
            sheets__meeting__cell__ward=ward,
            sheets__meeting__held_on__year=YEAR,
            sheets__meeting__state__in=COUNTED_STATES,
        )
        .values_list("code", flat=True)
        .distinct()
        .order_by("code")
    )
    assert closed.rubric_versions
    assert closed.catalogue_version == catalogue_for(YEAR).version
    assert closed.closed is True
    assert closed.closed_by == official
    assert stored_evaluation(ward, YEAR) == stored


def test_closing_records_who_closed_in_history(
    ward: Ward, cell: Cell, official: AbstractUser
) -> None:
    closed = year_close(ward=ward, year=YEAR, by=official)
    record = closed.history.get()
    assert record.history_type == "+"
    assert record.history_user == official
    assert record.closed is True


def test_a_year_that_has_not_ended_cannot_be_closed(
    ward: Ward, official: AbstractUser
) -> None:
    this_year = timezone.localdate().year
    with pytest.raises(ScoringError) as caught:
        year_close(ward=ward, year=this_year, by=official)
    assert str(caught.value) == gettext(
        "Year %(year)s has not ended yet: it can be closed from %(day)s on."
    ) % {"year": this_year, "day": f"01/01/{this_year + 1}"}
    assert not ClosedYear.objects.exists()


@pytest.mark.parametrize(
    "today, allowed", [(D(YEAR, 12, 31), False), (D(YEAR + 1, 1, 1), True)]
)
def test_a_year_can_be_closed_from_the_next_new_year_on(
    today: datetime.date,
    allowed: bool,
    ward: Ward,
    official: AbstractUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    if allowed:
        assert year_close(ward=ward, year=YEAR, by=official).closed
    else:
        with pytest.raises(ScoringError):
            year_close(ward=ward, year=YEAR, by=official)


def test_a_year_is_not_closed_as_of_a_day_before_its_end(
    ward: Ward, official: AbstractUser
) -> None:
    with pytest.raises(ScoringError):
        year_close(ward=ward, year=YEAR, by=official, as_of=D(YEAR, 12, 30))
    closed = year_close(ward=ward, year=YEAR, by=official, as_of=D(YEAR + 1, 1, 20))
    assert closed.evaluation["as_of"] == "2026-01-20"


def test_a_closed_year_is_not_closed_twice(ward: Ward, official: AbstractUser) -> None:
    year_close(ward=ward, year=YEAR, by=official)
    with pytest.raises(ScoringError):
        year_close(ward=ward, year=YEAR, by=official)


@pytest.mark.parametrize("role", ["secretary", "viewer", "other_official", "norole"])
def test_only_the_wards_officials_may_close_or_reopen(
    role: str, ward: Ward, cell: Cell, official: AbstractUser
) -> None:
    users = {
        "secretary": lambda: user_with(RoleKind.CELL_SECRETARY, cell=cell),
        "viewer": lambda: user_with(RoleKind.VIEWER, ward=ward),
        "other_official": lambda: user_with(
            RoleKind.WARD_OFFICIAL, ward=f.WardFactory()
        ),
        "norole": lambda: f.UserFactory(password=None),
    }
    user = users[role]()
    with pytest.raises(PermissionDenied):
        year_close(ward=ward, year=YEAR, by=user)
    assert not ClosedYear.objects.exists()

    year_close(ward=ward, year=YEAR, by=official)
    with pytest.raises(PermissionDenied):
        year_reopen(ward=ward, year=YEAR, by=user, reason="Sửa xếp loại")
    assert ClosedYear.objects.get().closed


def test_a_superuser_may_close(ward: Ward) -> None:
    admin = f.UserFactory(password=None, is_superuser=True, is_staff=True)
    assert year_close(ward=ward, year=YEAR, by=admin).closed


# --- Reopening -----------------------------------------------------------------------------------


def test_reopening_allows_changes_and_history_keeps_who_and_why(
    ward: Ward, meeting: Meeting, official: AbstractUser
) -> None:
    year_close(ward=ward, year=YEAR, by=official)
    meeting.topic = "Sinh hoạt chuyên đề"
    refused_as_closed(meeting)

    reopened = year_reopen(
        ward=ward, year=YEAR, by=official, reason="Bổ sung biên bản tháng 3"
    )

    assert reopened.closed is False
    meeting.full_clean()
    meeting.save()
    latest = reopened.history.latest()
    assert latest.history_type == "~"
    assert latest.closed is False
    assert latest.history_user == official
    assert latest.history_change_reason == "Bổ sung biên bản tháng 3"
    assert latest.prev_record.closed is True
    assert stored_evaluation(ward, YEAR) is None


@pytest.mark.parametrize("reason", ["", "   ", "x" * 101])
def test_reopening_needs_a_short_reason(
    reason: str, ward: Ward, official: AbstractUser
) -> None:
    year_close(ward=ward, year=YEAR, by=official)
    with pytest.raises(ScoringError):
        year_reopen(ward=ward, year=YEAR, by=official, reason=reason)
    assert ClosedYear.objects.get().closed


def test_only_a_closed_year_is_reopened(ward: Ward, official: AbstractUser) -> None:
    with pytest.raises(ScoringError):
        year_reopen(ward=ward, year=YEAR, by=official, reason="Sửa số liệu")


def test_the_stored_copy_keeps_its_values_until_the_year_is_closed_again(
    ward: Ward, cell: Cell, member: Member, official: AbstractUser
) -> None:
    cell_year = f.CellYearFactory(cell=cell, year=YEAR, rating="good")
    first = year_close(ward=ward, year=YEAR, by=official).evaluation
    assert first["cells"][0]["criteria"][4]["state"] == "failed"

    # Changed behind the forms' back: the stored copy does not follow.
    type(cell_year).objects.filter(pk=cell_year.pk).update(rating="excellent")
    assert stored_evaluation(ward, YEAR) == first

    year_reopen(ward=ward, year=YEAR, by=official, reason="Sửa xếp loại chi bộ")
    cell_year.refresh_from_db()
    cell_year.full_clean()
    year_close(ward=ward, year=YEAR, by=official)

    again = stored_evaluation(ward, YEAR)
    assert again is not None
    assert again["cells"][0]["criteria"][4]["state"] == "passed"
    assert ClosedYear.objects.count() == 1
    assert [r.closed for r in ClosedYear.objects.get().history.all()] == [
        True,
        False,
        True,
    ]


def test_stored_evaluation_of_a_year_never_closed_is_none(ward: Ward) -> None:
    assert stored_evaluation(ward, YEAR) is None


# --- The records of a closed year are frozen -----------------------------------------------------


def test_a_meeting_of_a_closed_year_cannot_be_changed(
    ward: Ward, meeting: Meeting
) -> None:
    close(ward)
    meeting.topic = "Chủ đề khác"
    refused_as_closed(meeting)


def test_a_new_meeting_in_a_closed_year_is_refused(ward: Ward, cell: Cell) -> None:
    close(ward)
    refused_as_closed(f.MeetingFactory.build(cell=cell, held_on=D(YEAR, 11, 5)))


def test_a_meeting_cannot_leave_or_enter_a_closed_year(
    ward: Ward, meeting: Meeting, cell: Cell
) -> None:
    close(ward)
    meeting.held_on = D(YEAR + 1, 1, 5)
    refused_as_closed(meeting)

    later = f.MeetingFactory(cell=cell, held_on=D(YEAR + 1, 2, 5))
    later.full_clean()
    later.held_on = D(YEAR, 12, 5)
    refused_as_closed(later)


def test_other_years_and_other_wards_stay_open(ward: Ward, cell: Cell) -> None:
    close(ward)
    f.MeetingFactory(cell=cell, held_on=D(YEAR - 1, 3, 5)).full_clean()
    f.MeetingFactory(held_on=D(YEAR, 3, 5)).full_clean()  # another ward
    f.MemberYearFactory(year=YEAR).full_clean()  # a member of no cell


def test_attendance_and_scores_of_a_closed_years_meeting_are_refused(
    ward: Ward, meeting: Meeting, member: Member
) -> None:
    attendance = f.AttendanceFactory(meeting=meeting, member=member)
    sheet = f.ScoreSheetFactory(meeting=meeting, total_only=False, total=None)
    item = f.ItemScoreFactory(sheet=sheet, points=Decimal("10"))
    close(ward)
    for record in (attendance, sheet, item):
        refused_as_closed(record)
    refused_as_closed(f.ScoreSheetFactory.build(meeting=meeting, scorer="upper"))


def test_yearly_records_of_a_closed_year_are_refused(
    ward: Ward, cell: Cell, member: Member
) -> None:
    member_year = f.MemberYearFactory(member=member, year=YEAR)
    cell_year = f.CellYearFactory(cell=cell, year=YEAR)
    household_year = f.HouseholdYearFactory(household=member.household, year=YEAR)
    close(ward)
    for record in (member_year, cell_year, household_year):
        refused_as_closed(record)
    # Moving a record to an open year is a change of the closed year too.
    cell_year.year = YEAR + 1
    refused_as_closed(cell_year)
    f.CellYearFactory.build(cell=cell, year=YEAR + 1).full_clean()


def test_a_member_year_belongs_to_the_ward_of_the_roll_on_31_december(
    ward: Ward, cell: Cell
) -> None:
    other_cell = f.CellFactory(kind=CellKind.RESIDENTIAL)
    moved_out = f.MembershipFactory(cell=cell, end=D(YEAR, 6, 30)).member
    f.MembershipFactory(member=moved_out, cell=other_cell, start=D(YEAR, 7, 1))
    moved_in = f.MembershipFactory(cell=other_cell, end=D(YEAR, 6, 30)).member
    f.MembershipFactory(member=moved_in, cell=cell, start=D(YEAR, 7, 1))
    left = f.MembershipFactory(cell=cell, end=D(YEAR, 9, 30)).member
    close(ward)

    f.MemberYearFactory.build(member=moved_out, year=YEAR).full_clean()
    refused_as_closed(f.MemberYearFactory.build(member=moved_in, year=YEAR))
    refused_as_closed(f.MemberYearFactory.build(member=left, year=YEAR))


def test_a_household_outside_the_ward_is_locked_through_its_members(
    ward: Ward, cell: Cell
) -> None:
    outside = f.HouseholdFactory(group=None, address="Số 5 đường Yên Ninh")
    f.MembershipFactory(cell=cell, member__household=outside)
    lonely = f.HouseholdFactory(group=None, address="Số 7 đường Yên Ninh")
    close(ward)
    refused_as_closed(f.HouseholdYearFactory.build(household=outside, year=YEAR))
    f.HouseholdYearFactory.build(household=lonely, year=YEAR).full_clean()
