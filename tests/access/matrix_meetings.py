"""The permission matrix of the meetings URLs (see README.md beside this file).

Meetings are named by their key and tried in cells A, B and C: ``world.extra["meeting"]`` is a submitted
meeting with its attendance, ``world.extra["planned_meeting"]`` a planned one (``world_meetings.py``).
Locking and unlocking are for ward officials (and superusers) only: a secretary in scope gets a 403.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from meetings.models import Meeting
from tests.access.matrix import Need, Outcome, UrlSpec, cell_of, cell_view
from tests.access.world import World

LOCKERS_ONLY = {
    ("secretary_a", "A", "POST"): Outcome.FORBIDDEN,
    ("secretary_b", "B", "POST"): Outcome.FORBIDDEN,
}


def meeting(world: World, cell: str | None) -> Meeting:
    assert cell is not None
    found = world.extra["meeting"][cell]
    assert isinstance(found, Meeting)
    return found


def planned(world: World, cell: str | None) -> Meeting:
    assert cell is not None
    found = world.extra["planned_meeting"][cell]
    assert isinstance(found, Meeting)
    return found


def key_of(world: World, cell: str | None) -> dict[str, str]:
    return {"key": meeting(world, cell).key}


def planned_key_of(world: World, cell: str | None) -> dict[str, str]:
    return {"key": planned(world, cell).key}


def version_of(world: World, cell: str | None) -> dict[str, str]:
    return {"expected_version": str(meeting(world, cell).version)}


def plan_data(world: World, cell: str | None) -> dict[str, str]:
    day = timezone.localdate() + datetime.timedelta(days=10)
    return {
        "held_on": day.strftime("%d/%m/%Y"),
        "kind": "regular",
        "topic": "Sinh hoạt thường kỳ",
    }


def record_data(world: World, cell: str | None) -> dict[str, str]:
    found = planned(world, cell)
    return {
        "expected_version": str(found.version),
        "kind": found.kind,
        "held_on": found.held_on.strftime("%d/%m/%Y"),
        "start_time": "19:30",
        "end_time": "21:15",
        "place": "Nhà văn hóa tổ dân phố",
        "topic": found.topic,
    }


def attendance_data(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {
        **version_of(world, cell),
        f"mark_{world.members[cell].pk}": "present",
    }


ENTRIES: dict[str, UrlSpec] = {
    "meetings:meeting_list": UrlSpec(
        kwargs=cell_of,
        expect=cell_view(get=Need.READ, post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    "meetings:meeting_plan": UrlSpec(
        kwargs=cell_of,
        expect=cell_view(get=Need.WRITE),
        post_data=plan_data,
    ),
    "meetings:meeting_detail": UrlSpec(
        kwargs=key_of,
        expect=cell_view(get=Need.READ, post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    "meetings:meeting_record": UrlSpec(
        kwargs=planned_key_of,
        expect=cell_view(get=Need.WRITE),
        post_data=record_data,
    ),
    "meetings:attendance": UrlSpec(
        kwargs=key_of,
        expect=cell_view(get=Need.WRITE),
        post_data=attendance_data,
    ),
    "meetings:attendance_counts": UrlSpec(
        kwargs=key_of,
        expect=cell_view(get=Need.READ, get_allowed=Outcome.METHOD_NOT_ALLOWED),
        post_data=attendance_data,
    ),
    "meetings:meeting_submit": UrlSpec(
        kwargs=key_of,
        expect=cell_view(get=Need.READ, get_allowed=Outcome.METHOD_NOT_ALLOWED),
        post_data=version_of,
    ),
    "meetings:meeting_lock": UrlSpec(
        kwargs=key_of,
        expect=cell_view(
            get=Need.READ,
            get_allowed=Outcome.METHOD_NOT_ALLOWED,
            overrides=LOCKERS_ONLY,
        ),
        post_data=version_of,
    ),
    "meetings:meeting_unlock": UrlSpec(
        kwargs=key_of,
        expect=cell_view(
            get=Need.READ,
            get_allowed=Outcome.METHOD_NOT_ALLOWED,
            overrides=LOCKERS_ONLY,
        ),
        post_data=version_of,
    ),
}
