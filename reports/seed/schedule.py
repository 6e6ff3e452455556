"""When a cell meets: a regular meeting each month, a thematic one each quarter, study sessions.

Days never collide within a cell: regular meetings fall on days 1–14, study sessions on 15–19 and separate
thematic meetings on 20–26 (a weekend moves a workplace cell's meeting to the Monday after).
"""

import calendar
import datetime
import random
from typing import NamedTuple

from reports.seed.profiles import CellProfile


class Slot(NamedTuple):
    day: datetime.date
    kind: str  # regular, combined, thematic, study
    month: int


def _workday(day: datetime.date, workplace: bool) -> datetime.date:
    if workplace and day.weekday() >= 5:
        return day + datetime.timedelta(days=7 - day.weekday())
    return day


def _day(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def cell_schedule(
    profile: CellProfile, year: int, workplace: bool, rng: random.Random
) -> list[Slot]:
    """Every session of ``year`` the cell holds, in date order (the designed gaps left out)."""
    slots = []
    for month in range(1, 13):
        quarter = (month - 1) // 3 + 1
        thematic = profile.thematic[quarter - 1]
        if (year, quarter) in profile.no_thematic:
            thematic = None
        regular_day = _workday(
            _day(year, month, profile.meeting_day + rng.randint(-1, 2)), workplace
        )
        combined_here = thematic == ("combined", month)
        separate_here = thematic == ("separate", month)
        if (year, month) not in profile.missing:
            slots.append(
                Slot(regular_day, "combined" if combined_here else "regular", month)
            )
        elif combined_here:
            separate_here = True  # the thematic session is held even so
        if month in profile.study_months:
            day = _workday(_day(year, month, rng.randint(15, 17)), workplace)
            slots.append(Slot(day, "study", month))
        if separate_here:
            day = _workday(_day(year, month, rng.randint(20, 24)), workplace)
            slots.append(Slot(day, "thematic", month))
    slots.sort()
    return slots
