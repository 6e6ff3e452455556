"""A committed attendance save announces its cell and year (meetings/changes.py); a refused or rolled
back one announces nothing."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from meetings import changes
from meetings.errors import AttendanceRefused
from meetings.models import Mark, MeetingKind
from meetings.services import attendance_record, meeting_plan
from tests.factories import CellFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 3, 5)


@pytest.fixture
def heard():
    """What the listeners hear, with only this test's listener registered."""
    saved = list(changes._listeners)
    changes._listeners.clear()
    calls: list[list[tuple[int, int]]] = []
    changes.register_listener(lambda found: calls.append(list(found)))
    yield calls
    changes._listeners[:] = saved


def meeting_with_roll():
    cell = CellFactory()
    members = [MembershipFactory(cell=cell).member for _ in range(2)]
    user = UserFactory(is_superuser=True)
    meeting = meeting_plan(
        cell=cell, held_on=DAY, kind=MeetingKind.REGULAR, topic="Thường kỳ", by=user
    )
    return cell, members, user, meeting


def test_a_committed_save_announces_its_cell_and_year_once(
    heard, django_capture_on_commit_callbacks
) -> None:
    cell, members, user, meeting = meeting_with_roll()
    with django_capture_on_commit_callbacks(execute=True):
        attendance_record(
            meeting=meeting,
            marks={m.pk: (Mark.PRESENT, "") for m in members},
            by=user,
            expected_version=meeting.version,
        )
    assert heard == [[(cell.pk, 2025)]]


def test_a_refused_save_announces_nothing(
    heard, django_capture_on_commit_callbacks
) -> None:
    _cell, members, user, meeting = meeting_with_roll()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(AttendanceRefused),
    ):
        attendance_record(
            meeting=meeting,
            marks={members[0].pk: ("late", "")},
            by=user,
            expected_version=meeting.version,
        )
    assert heard == [] and callbacks == []


def test_a_save_rolled_back_with_its_transaction_announces_nothing(
    heard, django_capture_on_commit_callbacks
) -> None:
    _cell, members, user, meeting = meeting_with_roll()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                attendance_record(
                    meeting=meeting,
                    marks={m.pk: (Mark.PRESENT, "") for m in members},
                    by=user,
                    expected_version=meeting.version,
                )
                raise RuntimeError("the request failed after the save")
        except RuntimeError:
            pass
    assert heard == []
