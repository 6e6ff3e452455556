"""Year-end records (MemberYear, HouseholdYear, CellYear) for every complete year of the seeded window.

A year is complete when its 31 December is before today: the seeded year always is; the current year is
not, so its year-end records are left out (they are "pending" in an evaluation, not missing). Designed
traits and profile values apply to the seeded year; a later complete year gets values by quality.
"""

import datetime
import random
from decimal import Decimal

from reports.seed.people import WardBuilder
from reports.seed.profiles import HouseholdTraits, MemberTraits
from reports.seed.rows import CellYearRow, HouseholdYearRow, MemberYearRow, WardPlan

RATINGS = ("excellent", "good", "done", "failed")
RATING_WEIGHTS = {
    "clean": (12, 88, 0, 0),
    "model": (12, 88, 0, 0),
    "good": (12, 80, 7, 1),
    "average": (8, 80, 10, 2),
    "weak": (5, 75, 16, 4),
}
CELL_RATING_WEIGHTS = {
    "model": (100, 0, 0, 0),
    "good": (35, 65, 0, 0),
    "average": (0, 85, 15, 0),
    "weak": (0, 50, 45, 5),
}
NOT_REQUIRED_SHARE = {"military": 0.5, "police": 0.25}


def _covers(
    start: datetime.date, end: datetime.date | None, day: datetime.date
) -> bool:
    return start <= day and (end is None or day <= end)


def complete_years(year: int, today: datetime.date) -> list[int]:
    return [y for y in (year, year + 1) if datetime.date(y, 12, 31) < today]


def _member_year(
    b: WardBuilder, rng: random.Random, member: str, cell: str, year: int
) -> MemberYearRow:
    profile = b.profiles[cell]
    traits = (
        b.member_traits.get(member, MemberTraits())
        if year == b.year
        else MemberTraits()
    )
    quality = "clean" if profile.clean_year_end else profile.quality
    rating = rng.choices(RATINGS, RATING_WEIGHTS[quality])[0]
    compliant = profile.clean_year_end or rng.random() < 0.97
    kind = b.kinds[cell]
    feedback = ""
    if kind != "residential":
        draw = rng.random()
        if draw < NOT_REQUIRED_SHARE.get(kind, 0.05):
            feedback = "not_required"
        elif profile.clean_year_end or draw < 0.97:
            feedback = "good"
        else:
            feedback = rng.choice(("not_good", ""))
    return MemberYearRow(
        member,
        year,
        traits.rating or rating,
        compliant
        if traits.resolution_compliant is None
        else traits.resolution_compliant,
        feedback if traits.residence_feedback is None else traits.residence_feedback,
    )


def _household_year(
    b: WardBuilder, rng: random.Random, household: str, clean: bool, year: int
) -> HouseholdYearRow:
    if year == b.year and household in b.household_traits:
        t = b.household_traits[household]
        return HouseholdYearRow(
            household, year, t.cultured_family, t.poverty, t.civilized_rules
        )
    if clean:
        t = HouseholdTraits()
    else:
        poverty = rng.choices(("none", "near_poor", "poor"), (96, 3, 1))[0]
        t = HouseholdTraits(rng.random() < 0.92, poverty, rng.random() < 0.95)
    return HouseholdYearRow(
        household, year, t.cultured_family, t.poverty, t.civilized_rules
    )


def _cell_year(b: WardBuilder, rng: random.Random, cell: str, year: int) -> CellYearRow:
    profile = b.profiles[cell]
    designed = year == b.year
    quality = "model" if profile.clean_year_end else profile.quality
    rating = rng.choices(RATINGS, CELL_RATING_WEIGHTS[quality])[0]
    total = rng.randint(6, 12)
    met = total if profile.clean_year_end else total - rng.choice((0, 0, 1, 2))
    satisfaction = None
    group_cultured = None
    if b.kinds[cell] == "residential":
        group_cultured = profile.clean_year_end or rng.random() < 0.9
        if designed and profile.group_cultured is not None:
            group_cultured = profile.group_cultured
    else:
        choices = ("100", "100", "98.5", "97.0", "95.0", "92.5")
        satisfaction = Decimal(
            "100.0" if profile.clean_year_end else rng.choice(choices)
        )
        if designed and profile.satisfaction is not None:
            satisfaction = profile.satisfaction
    if designed and profile.rating:
        rating = profile.rating
    if designed and profile.targets:
        total, met = profile.targets
    return CellYearRow(cell, year, rating, total, met, satisfaction, group_cultured)


def build_years(b: WardBuilder, plan: WardPlan) -> None:
    """Fills the year-end records of ``plan`` for every complete year."""
    rng = b.rng
    household_of = {code: person.household_code for code, person in b.people.items()}
    for year in complete_years(b.year, b.today):
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        for m in b.memberships:
            if _covers(m.start, m.end, last):
                plan.member_years.append(
                    _member_year(b, rng, m.member_code, m.cell_code, year)
                )
        # A household is held to a clean cell's standard when any of its members was on the roll
        # of such a cell during the year.
        clean: dict[str, bool] = {}
        for m in b.memberships:
            if m.start <= last and (m.end is None or m.end >= first):
                household = household_of[m.member_code]
                clean[household] = clean.get(household, False) or (
                    b.profiles[m.cell_code].clean_year_end
                )
        for household in b.households:
            if household.code in clean:
                plan.household_years.append(
                    _household_year(b, rng, household.code, clean[household.code], year)
                )
        for cell in b.cells:
            if cell.founded_on is None or cell.founded_on <= last:
                plan.cell_years.append(_cell_year(b, rng, cell.code, year))
    plan.member_years.sort()
