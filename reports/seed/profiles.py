"""How a cell behaves in the seed data: its habits (attendance, scores, schedule) and designed events.

A ``CellProfile`` drives the meeting and year-record builders. ``perfect`` profiles produce data that passes
every meeting criterion of DOMAIN.md (no unexcused absence, every sheet class 1 with ≥ 98 points, excused
streaks capped at 3); designed events (a missing month, a 97.5 meeting, …) are then injected on top.
Events are keyed by ``(year, month)`` or ``(year, quarter)`` so that they hit the complete year only.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

QUALITIES = ("model", "good", "average", "weak")
QUALITY_WEIGHTS = (8, 30, 45, 17)

# Thematic meeting of each quarter: ("combined", month) is held with that month's regular meeting,
# ("separate", month) on its own day in that month.
Thematic = tuple[str, int] | None


@dataclass(frozen=True)
class CellProfile:
    quality: str
    perfect: bool = False
    absent_rate: float = 0.0
    study_absent_rate: float = 0.0
    excused_rate: float = 0.04
    upper_rate: float = 0.85
    deductions: tuple[int, int] = (0, 4)  # half-points taken off the non-computed items
    short_rate: float = 0.0  # share of meetings shorter than 90 minutes
    clean_year_end: bool = False  # ratings, households and cell records all pass
    meeting_day: int = 5
    start_time: datetime.time = datetime.time(19, 30)
    thematic: tuple[Thematic, Thematic, Thematic, Thematic] = (
        ("combined", 3),
        ("separate", 5),
        ("combined", 9),
        ("separate", 11),
    )
    study_months: tuple[int, ...] = (3, 10)
    missing: frozenset[tuple[int, int]] = (
        frozenset()
    )  # (year, month): no regular meeting
    no_thematic: frozenset[tuple[int, int]] = frozenset()  # (year, quarter)
    total_only: frozenset[tuple[int, int]] = frozenset()  # (year, month): legacy sheets
    # (year, month, kind) -> (self deduction, upper deduction) in half-points, kind "regular" also
    # matching a combined meeting.
    score_override: dict[tuple[int, int, str], tuple[int, int]] = field(
        default_factory=dict
    )
    duration_override: dict[tuple[int, int], int] = field(default_factory=dict)
    forced_absent: tuple[tuple[str, int, int], ...] = ()  # (member, year, month)
    study_absent: tuple[tuple[str, int], ...] = ()  # (member, year): every session
    rating: str | None = None  # the cell's rating for the year; None: by quality
    targets: tuple[int, int] | None = None  # (total, met); None: by quality
    satisfaction: Decimal | None = None  # non-residential cells; None: by quality
    group_cultured: bool | None = None  # residential cells; None: by quality


@dataclass(frozen=True)
class MemberTraits:
    """Year-end records of one member that the design fixes (anything None: the default)."""

    rating: str | None = None
    resolution_compliant: bool | None = None
    residence_feedback: str | None = None


@dataclass(frozen=True)
class HouseholdTraits:
    cultured_family: bool = True
    poverty: str = "none"
    civilized_rules: bool = True


def random_thematic(
    rng: random.Random,
) -> tuple[Thematic, Thematic, Thematic, Thematic]:
    """Mostly combined with a regular meeting; now and then a session of its own."""
    plan = []
    for quarter in range(4):
        month = quarter * 3 + rng.choice((1, 2, 3))
        plan.append(("combined" if rng.random() < 0.75 else "separate", month))
    return tuple(plan)


def random_profile(
    rng: random.Random, kind: str, year: int, quality: str | None = None
) -> CellProfile:
    """A profile for a generated cell, drawn by quality (model, good, average, weak)."""
    quality = quality or rng.choices(QUALITIES, QUALITY_WEIGHTS)[0]
    residential = kind == "residential"
    day = rng.randint(3, 10) if residential else rng.randint(2, 8)
    start = (
        rng.choice((datetime.time(19, 30), datetime.time(19, 45), datetime.time(8, 0)))
        if residential
        else rng.choice(
            (datetime.time(14, 0), datetime.time(15, 0), datetime.time(8, 0))
        )
    )
    study = (rng.randint(2, 5),) if rng.random() < 0.7 else (3, rng.randint(8, 11))
    common = {
        "meeting_day": day,
        "start_time": start,
        "thematic": random_thematic(rng),
        "study_months": study,
    }
    if quality == "model":
        return CellProfile(
            quality, perfect=True, clean_year_end=True, upper_rate=0.9, **common
        )
    missing: frozenset[tuple[int, int]] = frozenset()
    no_thematic: frozenset[tuple[int, int]] = frozenset()
    total_only: frozenset[tuple[int, int]] = frozenset()
    if quality == "weak" and rng.random() < 0.4:
        missing = frozenset({(year, rng.randint(1, 12))})
    if quality in ("average", "weak") and rng.random() < 0.15:
        no_thematic = frozenset({(year, rng.randint(1, 4))})
    if rng.random() < 0.05:
        total_only = frozenset({(year, 1), (year, 2), (year, 3)})
    rates = {
        "good": (0.002, 0.04, (0, 6), 0.05, 0.9),
        "average": (0.008, 0.06, (2, 10), 0.12, 0.8),
        "weak": (0.025, 0.09, (6, 20), 0.25, 0.6),
    }[quality]
    absent_rate, excused_rate, deductions, short_rate, upper_rate = rates
    return CellProfile(
        quality,
        absent_rate=absent_rate,
        study_absent_rate=absent_rate / 2,
        excused_rate=excused_rate,
        deductions=deductions,
        short_rate=short_rate,
        upper_rate=upper_rate,
        missing=missing,
        no_thematic=no_thematic,
        total_only=total_only,
        **common,
    )
