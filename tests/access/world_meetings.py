"""The meetings of the access world: in each cell a submitted meeting with its attendance
(``world.extra["meeting"]``) and a planned one (``world.extra["planned_meeting"]``)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from meetings.models import Mark, MeetingKind, MeetingState
from tests.access.world import World
from tests.factories import AttendanceFactory, MeetingFactory

HELD_ON = datetime.date(2025, 3, 5)


def build(world: World) -> None:
    submitted: dict[str, object] = {}
    planned: dict[str, object] = {}
    for letter, cell in world.cells.items():
        meeting = MeetingFactory(
            cell=cell,
            kind=MeetingKind.REGULAR,
            state=MeetingState.SUBMITTED,
            held_on=HELD_ON,
            topic=f"Sinh hoạt thường kỳ tháng 3 – chi bộ {letter}",
        )
        AttendanceFactory(
            meeting=meeting, member=world.members[letter], mark=Mark.PRESENT
        )
        submitted[letter] = meeting
        planned[letter] = MeetingFactory(
            cell=cell,
            kind=MeetingKind.THEMATIC,
            state=MeetingState.PLANNED,
            held_on=timezone.localdate() + datetime.timedelta(days=7),
            start_time=None,
            end_time=None,
            topic="Chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        )
    world.extra["meeting"] = submitted
    world.extra["planned_meeting"] = planned
