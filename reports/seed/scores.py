"""Meeting score sheets against the default rubric (HD12-2018), computed in half-points.

The computed items (⚙ in DOMAIN.md "Default rubric") get exactly the value the rubric proposes from the
meeting's data; the other items start at their maximum and lose the sheet's deductions in 0.5 steps. A
"perfect" sheet never touches an item needed at full marks for class 1, so it stays class 1.
"""

import datetime
import random
from decimal import Decimal
from typing import NamedTuple

from reports.seed.rows import ItemRow, SheetRow

RUBRIC_CODE = "HD12-2018"


class ItemSpec(NamedTuple):
    code: str
    max_halves: int
    computed_from: str
    full_marks_for_class1: bool


# Mirrors scoring/migrations/0002_default_rubric.py; the writer checks it against the database.
ITEMS: tuple[ItemSpec, ...] = (
    ItemSpec("I.1", 20, "attendance", True),
    ItemSpec("II.1", 8, "", False),
    ItemSpec("II.2", 8, "", False),
    ItemSpec("II.3", 8, "", False),
    ItemSpec("II.4", 6, "", False),
    ItemSpec("III.1", 12, "", False),
    ItemSpec("III.2", 8, "duration", True),
    ItemSpec("III.3", 20, "", False),
    ItemSpec("III.4", 8, "", False),
    ItemSpec("III.5", 12, "speakers", True),
    ItemSpec("IV.1", 20, "", False),
    ItemSpec("V.1", 20, "", False),
    ItemSpec("VI.1", 40, "targets", False),
    ItemSpec("VII.1", 4, "", False),
    ItemSpec("VII.2", 4, "", True),
    ItemSpec("VII.3", 2, "", False),
)
HALVES = tuple(Decimal(n) / 2 for n in range(201))


class MeetingFacts(NamedTuple):
    """What the computed items are proposed from."""

    present: int
    absent: int
    streak_flagged: bool
    minutes: int
    speakers: int
    targets_percent: Decimal


def attendance_halves(present: int, absent: int, flagged: bool) -> int:
    """I.1: rate present ÷ (present + absent); 100% = 10, ≥ 95% = 8, ≥ 90% = 6, ≥ 85% = 4, else 0;
    minus 2 (never below 0) when a member is flagged by the excused streak."""
    counted = present + absent
    if counted == 0 or absent == 0:
        points = 20
    elif present * 100 >= 95 * counted:
        points = 16
    elif present * 100 >= 90 * counted:
        points = 12
    elif present * 100 >= 85 * counted:
        points = 8
    else:
        points = 0
    return max(0, points - 4) if flagged else points


def duration_halves(minutes: int) -> int:
    """III.2: ≥ 90 minutes = 4; short by ≤ 15 = 3; by ≤ 30 = 2; more = 0."""
    if minutes >= 90:
        return 8
    if minutes >= 75:
        return 6
    if minutes >= 60:
        return 4
    return 0


def speakers_halves(speakers: int, present: int) -> int:
    """III.5: share of the present members who spoke: > 50% = 6, ≥ 40% = 4, ≥ 30% = 3, else 2."""
    if present and speakers * 2 > present:
        return 12
    if present and speakers * 10 >= 4 * present:
        return 8
    if present and speakers * 10 >= 3 * present:
        return 6
    return 4


def targets_halves(percent: Decimal) -> int:
    """VI.1: ≥ 90% = 20, ≥ 80% = 18, ≥ 70% = 16, ≥ 60% = 13, ≥ 50% = 10, else 6."""
    for bound, halves in ((90, 40), (80, 36), (70, 32), (60, 26), (50, 20)):
        if percent >= bound:
            return halves
    return 12


def proposal(facts: MeetingFacts) -> dict[str, int]:
    computed = {
        "attendance": attendance_halves(
            facts.present, facts.absent, facts.streak_flagged
        ),
        "duration": duration_halves(facts.minutes),
        "speakers": speakers_halves(facts.speakers, facts.present),
        "targets": targets_halves(facts.targets_percent),
    }
    return {
        item.code: computed[item.computed_from]
        if item.computed_from
        else item.max_halves
        for item in ITEMS
    }


def deduct(
    points: dict[str, int], deduction: int, protect: bool, rng: random.Random
) -> dict[str, int]:
    """Takes ``deduction`` half-points off the non-computed items, 0.5 or 1 point at a time."""
    points = dict(points)
    eligible = [
        item.code
        for item in ITEMS
        if not item.computed_from and not (protect and item.full_marks_for_class1)
    ]
    remaining = deduction
    while remaining > 0:
        candidates = [code for code in eligible if points[code] > 0]
        if not candidates:
            break
        code = rng.choice(candidates)
        step = min(remaining, rng.choice((1, 1, 2)), points[code])
        points[code] -= step
        remaining -= step
    return points


def sheet(
    *,
    meeting_key: str,
    scorer: str,
    scorer_name: str,
    facts: MeetingFacts,
    deduction: int,
    protect: bool,
    total_only: bool,
    rng: random.Random,
    updated_at: datetime.datetime,
) -> SheetRow:
    """One sheet: itemised (item points summing to the total) or a legacy total-only sheet."""
    points = deduct(proposal(facts), deduction, protect, rng)
    total = sum(points.values())
    items = (
        ()
        if total_only
        else tuple(ItemRow(code, HALVES[value], "") for code, value in points.items())
    )
    return SheetRow(
        meeting_key, scorer, scorer_name, total_only, HALVES[total], items, updated_at
    )
