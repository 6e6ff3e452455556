"""The score sheets' objects of the access world: in each cell a submitted meeting with its attendance,
to be scored (``world.extra["scored_meeting"]``)."""

from __future__ import annotations

import datetime

from meetings.models import Mark, MeetingKind, MeetingState
from tests.access.world import World
from tests.factories import AttendanceFactory, MeetingFactory

HELD_ON = datetime.date(2025, 4, 9)


def build(world: World) -> None:
    scored: dict[str, object] = {}
    for letter, cell in world.cells.items():
        meeting = MeetingFactory(
            cell=cell,
            kind=MeetingKind.REGULAR,
            state=MeetingState.SUBMITTED,
            held_on=HELD_ON,
            topic=f"Sinh hoạt thường kỳ tháng 4 – chi bộ {letter}",
        )
        AttendanceFactory(
            meeting=meeting, member=world.members[letter], mark=Mark.PRESENT
        )
        scored[letter] = meeting
    world.extra["scored_meeting"] = scored
