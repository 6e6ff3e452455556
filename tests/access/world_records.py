"""The records of the access world: in each cell, a working-away period
(``world.extra["status_period"]``) and an office of the cell (``world.extra["office"]``) held by the
cell's member. The member's household (``world.members[letter].household``) serves the household URLs."""

from __future__ import annotations

import datetime

from cells.models import OfficePosition, StatusKind
from tests.access.world import World
from tests.factories import OfficeFactory, StatusPeriodFactory


def build(world: World) -> None:
    periods: dict[str, object] = {}
    offices: dict[str, object] = {}
    for letter, cell in world.cells.items():
        member = world.members[letter]
        periods[letter] = StatusPeriodFactory(
            member=member,
            kind=StatusKind.WORKING_AWAY,
            start=datetime.date(2019, 3, 1),
            end=datetime.date(2019, 9, 30),
            approved=False,
            approved_on=None,
            approved_by="",
            contact_kept=True,
        )
        offices[letter] = OfficeFactory(
            member=member,
            cell=cell,
            position=OfficePosition.DEPUTY,
            start=datetime.date(2011, 6, 1),
            end=datetime.date(2013, 12, 31),
        )
    world.extra["status_period"] = periods
    world.extra["office"] = offices
