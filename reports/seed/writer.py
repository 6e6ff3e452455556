"""Writes a ward's plan to the database: one transaction per ward, ``bulk_create`` in batches.

Bulk seeding skips ``save()``: no ``full_clean()``, no NFC pass (the plan is NFC already) and no
django-simple-history rows (history starts with the first change made through the application). The
plan satisfies the models' rules by construction; the database checks the constraints. ``bulk_create``
returns primary keys on SQLite and PostgreSQL, so each table needs one pass and no query per row.
"""

import datetime
from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.db import models, transaction

from cells.models import (
    Cell,
    CellMembership,
    CellYear,
    Household,
    HouseholdYear,
    Member,
    MemberYear,
    Office,
    StatusPeriod,
)
from meetings.models import Attendance, Meeting
from reports.seed.rows import WardPlan
from reports.seed.scores import HALVES, ITEMS, RUBRIC_CODE
from scoring.models import ItemScore, Rubric, ScoreSheet
from wards.models import ResidentialGroup, Ward

MAX_BATCH = 5000
MAX_PARAMETERS = 60_000  # PostgreSQL allows 65,535 parameters in one statement


class SeedError(Exception):
    """The database is not ready for seeding (e.g. the default rubric is missing)."""


class RubricRef(NamedTuple):
    pk: int
    valid_from: datetime.date
    items: dict[str, int]  # item code -> RubricItem pk


def load_rubric() -> RubricRef:
    """The default rubric HD12-2018, checked against the items the plan scores. Every sheet is written
    against it: a newer rubric entered by a ward is not used by the seed."""
    rubric = Rubric.objects.filter(code=RUBRIC_CODE).first()
    if rubric is None:
        raise SeedError(
            f"The default rubric {RUBRIC_CODE} is missing: run migrate first."
        )
    found = {item.code: item for item in rubric.items.all()}
    for spec in ITEMS:
        item = found.get(spec.code)
        if item is None or item.max_points != HALVES[spec.max_halves]:
            raise SeedError(
                f"The rubric {RUBRIC_CODE} differs from the seed's copy at item {spec.code}."
            )
    return RubricRef(
        rubric.pk, rubric.valid_from, {code: item.pk for code, item in found.items()}
    )


def _without(row: tuple, *names: str) -> dict[str, object]:
    """A plan row's fields as model keyword arguments, less the codes replaced by keys."""
    values = row._asdict()
    for name in names:
        del values[name]
    return values


def _bulk(model: type[models.Model], objects: Iterable[models.Model]) -> list:
    objects = list(objects)
    width = len(model._meta.concrete_fields)
    batch = max(1, min(MAX_BATCH, MAX_PARAMETERS // width))
    return model.objects.bulk_create(objects, batch_size=batch)


def write_plan(plan: WardPlan, rubric: RubricRef) -> dict[str, int]:
    """Inserts every row of ``plan``; returns the rows written per model label."""
    with transaction.atomic():
        return _write(plan, rubric)


def _write(plan: WardPlan, rubric: RubricRef) -> dict[str, int]:
    counts: dict[str, int] = {}

    def bulk(model: type[models.Model], objects: Iterable[models.Model]) -> list:
        created = _bulk(model, objects)
        counts[model._meta.label] = counts.get(model._meta.label, 0) + len(created)
        return created

    (ward,) = bulk(Ward, [Ward(**plan.ward._asdict())])
    groups = bulk(
        ResidentialGroup,
        (
            ResidentialGroup(code=g.code, name=g.name, ward_id=ward.pk)
            for g in plan.groups
        ),
    )
    group_pk = {g.code: g.pk for g in groups}
    cells = bulk(
        Cell,
        (
            Cell(
                code=c.code,
                ward_id=ward.pk,
                name=c.name,
                kind=c.kind,
                founded_on=c.founded_on,
                dissolved_on=c.dissolved_on,
            )
            for c in plan.cells
        ),
    )
    cell_pk = {c.code: c.pk for c in cells}
    through = Cell.groups.through
    bulk(
        through,
        (
            through(cell_id=cell_pk[c.code], residentialgroup_id=group_pk[g])
            for c in plan.cells
            for g in c.group_codes
        ),
    )
    households = bulk(
        Household,
        (
            Household(
                code=h.code,
                group_id=group_pk[h.group_code] if h.group_code else None,
                head_name=h.head_name,
                address=h.address,
            )
            for h in plan.households
        ),
    )
    household_pk = {h.code: h.pk for h in households}
    members = bulk(
        Member,
        (
            Member(
                **_without(m, "household_code"),
                household_id=household_pk[m.household_code],
            )
            for m in plan.members
        ),
    )
    member_pk = {m.code: m.pk for m in members}
    _people_rows(plan, bulk, member_pk, cell_pk, household_pk, ward.pk)
    meetings = bulk(
        Meeting,
        (
            Meeting(
                **_without(row, "cell_code", "chair_code", "minute_taker_code"),
                cell_id=cell_pk[row.cell_code],
                chair_id=member_pk.get(row.chair_code),
                minute_taker_id=member_pk.get(row.minute_taker_code),
            )
            for row in plan.meetings
        ),
    )
    meeting_pk = {m.key: m.pk for m in meetings}
    bulk(
        Attendance,
        (
            Attendance(
                meeting_id=meeting_pk[a.meeting_key],
                member_id=member_pk[a.member_code],
                mark=a.mark,
                note=a.note,
            )
            for a in plan.attendance
        ),
    )
    sheets = bulk(
        ScoreSheet,
        (
            ScoreSheet(
                meeting_id=meeting_pk[s.meeting_key],
                scorer=s.scorer,
                scorer_name=s.scorer_name,
                rubric_id=rubric.pk,
                total_only=s.total_only,
                total=s.total,
                updated_at=s.updated_at,
            )
            for s in plan.sheets
        ),
    )
    bulk(
        ItemScore,
        (
            ItemScore(
                sheet_id=sheet.pk,
                item_id=rubric.items[item.item_code],
                points=item.points,
                reason=item.reason,
            )
            for sheet, row in zip(sheets, plan.sheets, strict=True)
            for item in row.items
        ),
    )
    return counts


def _people_rows(
    plan: WardPlan,
    bulk: Callable[[type[models.Model], Iterable[models.Model]], list],
    member_pk: dict[str, int],
    cell_pk: dict[str, int],
    household_pk: dict[str, int],
    ward_pk: int,
) -> None:
    """Memberships, status periods, offices and the year-end records."""
    bulk(
        CellMembership,
        (
            CellMembership(
                member_id=member_pk[m.member_code],
                cell_id=cell_pk[m.cell_code],
                start=m.start,
                end=m.end,
            )
            for m in plan.memberships
        ),
    )
    bulk(
        StatusPeriod,
        (
            StatusPeriod(
                **_without(s, "member_code"), member_id=member_pk[s.member_code]
            )
            for s in plan.status_periods
        ),
    )
    bulk(
        Office,
        (
            Office(
                member_id=member_pk[o.member_code],
                cell_id=cell_pk[o.cell_code] if o.cell_code else None,
                ward_id=None if o.cell_code else ward_pk,
                position=o.position,
                start=o.start,
                end=o.end,
            )
            for o in plan.offices
        ),
    )
    bulk(
        MemberYear,
        (
            MemberYear(
                member_id=member_pk[y.member_code],
                year=y.year,
                rating=y.rating,
                resolution_compliant=y.resolution_compliant,
                residence_feedback=y.residence_feedback,
            )
            for y in plan.member_years
        ),
    )
    bulk(
        HouseholdYear,
        (
            HouseholdYear(
                household_id=household_pk[y.household_code],
                year=y.year,
                cultured_family=y.cultured_family,
                poverty=y.poverty,
                civilized_rules=y.civilized_rules,
            )
            for y in plan.household_years
        ),
    )
    bulk(
        CellYear,
        (
            CellYear(**_without(y, "cell_code"), cell_id=cell_pk[y.cell_code])
            for y in plan.cell_years
        ),
    )
