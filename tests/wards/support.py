"""Helpers shared by the data-model tests of every app.

- ``refused(label)``: the block must be refused by the database itself, by the named constraint.
- ``errors_of(instance)``: what ``full_clean()`` refuses, by field.
- ``constraint_labels()``: every database rule of the project, by the label a test names it with.
- ``BUILDERS``: one valid, saved instance per model (for the __str__, history and NFC tests).

The meta-test in ``tests/test_project.py`` reads the ``refused("…")`` calls of the test files, so a
constraint added later without a test of its own fails the suite.
"""

import contextlib
import datetime
import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from factory.django import DjangoModelFactory
from simple_history.models import HistoricalChanges

from cells.models import Cell, Member
from meetings.models import Attendance
from scoring.models import ClassBand, Rubric, RubricItem, RubricSection
from tests import factories

PROJECT_APPS = ("wards", "cells", "meetings", "scoring", "reports")

_serial = itertools.count(1)


def project_models() -> list[type[models.Model]]:
    """The concrete models of the project's apps, without simple-history's historical copies."""
    return [
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, HistoricalChanges)
    ]


def constraint_labels() -> dict[str, tuple[type[models.Model], object]]:
    """Every database rule, by label: a ``Meta.constraints`` name, or ``app.Model.field`` for a field
    declared ``unique=True``."""
    labels: dict[str, tuple[type[models.Model], object]] = {}
    for model in project_models():
        for constraint in model._meta.constraints:
            labels[constraint.name] = (model, constraint)
        for field in model._meta.local_fields:
            if field.unique and not field.primary_key:
                labels[f"{model._meta.label}.{field.name}"] = (model, field)
    return labels


def _signatures(model: type[models.Model], rule: object) -> list[str]:
    """What the database's error message says when ``rule`` refuses a row (PostgreSQL or SQLite)."""
    table = model._meta.db_table
    if isinstance(rule, models.Field):
        columns = [rule.column]
        signatures = [f"Key ({rule.column})="]
    elif isinstance(rule, models.UniqueConstraint):
        columns = [model._meta.get_field(name).column for name in rule.fields]
        signatures = [f'"{rule.name}"']
    else:
        return [f'"{rule.name}"', f"CHECK constraint failed: {rule.name}"]
    sqlite = ", ".join(f"{table}.{column}" for column in columns)
    return [*signatures, f"UNIQUE constraint failed: {sqlite}"]


@contextlib.contextmanager
def refused(label: str) -> Iterator[None]:
    """Expect the database to refuse the writes of the block because of the rule ``label``.

    The block runs in its own savepoint, so the test database stays usable afterwards.
    """
    model, rule = constraint_labels()[label]
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    message = str(excinfo.value)
    assert any(sig in message for sig in _signatures(model, rule)), (
        f"refused, but not by {label}: {message}"
    )


def errors_of(instance: models.Model) -> dict[str, list[str]]:
    """The fields that ``full_clean()`` refuses, with their messages (empty when the instance is valid)."""
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def new_rubric(**fields: object) -> Rubric:
    """A rubric of its own (the default one already holds its sections, items and bands)."""
    n = next(_serial)
    values = {
        "code": f"TEST-{n}",
        "name": f"Bảng chấm điểm thử {n}",
        "valid_from": datetime.date(2030, 1, 1) + datetime.timedelta(days=n),
    }
    values.update(fields)
    return Rubric.objects.create(**values)


def new_section(rubric: Rubric | None = None, **fields: object) -> RubricSection:
    values = {"rubric": rubric or new_rubric(), "number": "I", "title": "Chuẩn bị"}
    values.update(fields)
    return RubricSection.objects.create(**values)


def new_item(section: RubricSection | None = None, **fields: object) -> RubricItem:
    section = section or new_section()
    values = {
        "rubric": section.rubric,
        "section": section,
        "code": "I.1",
        "title": "Chuẩn bị nội dung",
        "max_points": Decimal("10"),
    }
    values.update(fields)
    return RubricItem.objects.create(**values)


def member_on_roll(
    cell: Cell | None = None, start: datetime.date = datetime.date(2010, 1, 1)
) -> Member:
    """A member on ``cell``'s roll from ``start`` on."""
    membership = factories.MembershipFactory(
        cell=cell or factories.CellFactory(), start=start
    )
    return membership.member


def _attendance() -> Attendance:
    meeting = factories.MeetingFactory()
    return factories.AttendanceFactory(
        meeting=meeting, member=member_on_roll(meeting.cell)
    )


def _class_band() -> ClassBand:
    return ClassBand.objects.create(rubric=new_rubric(), meeting_class=1, min_points=90)


def _factories() -> dict[type[models.Model], Callable[[], models.Model]]:
    return {
        value._meta.model: value
        for value in vars(factories).values()
        if isinstance(value, type)
        and issubclass(value, DjangoModelFactory)
        and value._meta.model is not None
    }


BUILDERS: dict[type[models.Model], Callable[[], models.Model]] = {
    **_factories(),
    Attendance: _attendance,
    Rubric: new_rubric,
    RubricSection: new_section,
    RubricItem: new_item,
    ClassBand: _class_band,
}
"""One valid, saved instance per model (the factories of tests/factories.py where they suffice);
``full_clean()`` passes on each."""
