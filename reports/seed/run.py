"""Seeding a scale: plan each ward (pure), write it (one transaction), then the logins.

Idempotent by ward: a ward whose code exists is skipped whole, so a second run writes nothing. A ward is
written in one transaction, so an interrupted run leaves complete wards only and a rerun completes it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from reports.seed.demo import build_demo_ward
from reports.seed.generated import build_generated_ward
from reports.seed.meetings import build_meetings
from reports.seed.rows import WardPlan
from reports.seed.scales import WardSpec, ward_specs
from reports.seed.users import Login, ensure_users
from reports.seed.writer import SeedError, load_rubric, write_plan
from reports.seed.years import build_years
from wards.models import Ward

STEPS_PER_WARD = 2  # plan, write

Progress = Callable[[str, int], None]


@dataclass
class SeedResult:
    created: list[str] = field(default_factory=list)  # ward codes written
    skipped: list[str] = field(default_factory=list)  # ward codes that existed
    rows: dict[str, int] = field(default_factory=dict)  # model label -> rows written
    logins: list[Login] = field(default_factory=list)


def build_ward_plan(
    spec: WardSpec, *, seed: int, year: int, today: datetime.date
) -> WardPlan:
    """Everything seeded for one ward, computed without the database: the same arguments give an
    equal plan. ``year`` is complete; the next year runs up to the day before ``today``."""
    if spec.number == 0:
        builder = build_demo_ward(seed, year, today)
    else:
        builder = build_generated_ward(spec, seed, year, today)
    plan = builder.plan()
    build_meetings(builder, plan)
    build_years(builder, plan)
    return plan


def check_year(year: int, today: datetime.date, rubric_from: datetime.date) -> None:
    """The seeded year must be over, and scored under the default rubric from its first day."""
    if year >= today.year:
        raise SeedError(f"--year must be a complete year, before {today.year}: {year}.")
    if datetime.date(year, 1, 1) < rubric_from:
        raise SeedError(
            f"--year must be {rubric_from.year + 1} or later: the default rubric is in force "
            f"from {rubric_from:%d/%m/%Y}."
        )


def seed(
    *,
    scale: str,
    seed: int,
    year: int,
    today: datetime.date,
    progress: Progress | None = None,
) -> SeedResult:
    """Seeds the wards of ``scale`` that are not in the database yet, then the logins."""
    rubric = load_rubric()
    check_year(year, today, rubric.valid_from)
    specs = ward_specs(scale)
    report = progress or (lambda label, steps: None)
    result = SeedResult()
    existing = set(
        Ward.objects.filter(code__in=[s.code for s in specs]).values_list(
            "code", flat=True
        )
    )
    for spec in specs:
        if spec.code in existing:
            result.skipped.append(spec.code)
            report(f"{spec.code} exists", STEPS_PER_WARD)
            continue
        plan = build_ward_plan(spec, seed=seed, year=year, today=today)
        report(f"{spec.code} planned", 1)
        for label, count in write_plan(plan, rubric).items():
            result.rows[label] = result.rows.get(label, 0) + count
        result.created.append(spec.code)
        report(f"{spec.code} written", 1)
    with transaction.atomic():
        result.logins = ensure_users(scale, today)
    return result
