"""Closed years: a registry through which the lower apps refuse changes to a year that a ward has closed.

Closing a year belongs to ``scoring`` (DESIGN.md "Time"), but the records it freezes live in ``cells`` and
``meetings``, which may not import ``scoring`` (apps depend one way: reports → scoring → meetings → cells →
wards). So the dependency is inverted: ``scoring`` registers a check here when it starts
(``ScoringConfig.ready``), and the models' ``clean()`` call ``check_year_open``, which asks every registered
check. With no check registered every year is open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

# A check answers "has the ward ``ward_id`` closed the year ``year``?".
YearLock = Callable[[int, int], bool]

_checks: list[YearLock] = []


def register_year_lock(check: YearLock) -> None:
    """Add ``check`` to the checks that ``check_year_open`` asks (once, however often it is registered)."""
    if check not in _checks:
        _checks.append(check)


def unregister_year_lock(check: YearLock) -> None:
    """Remove ``check`` (for tests of the registry itself)."""
    if check in _checks:
        _checks.remove(check)


def year_is_closed(*, ward_id: int, year: int) -> bool:
    """Whether some registered check says that the ward has closed the year."""
    return any(check(ward_id, year) for check in _checks)


def check_year_open(*, ward_id: int | None, year: int | None, what: str) -> None:
    """Raise ``ValidationError`` when the ward has closed the year: a record of a closed year is changed
    only after the year is reopened. ``what`` names the record in the message (a model's verbose name).
    An unknown ward or year (a form still missing them) is not refused here."""
    if ward_id is None or year is None:
        return
    if year_is_closed(ward_id=ward_id, year=year):
        raise ValidationError(
            _(
                "Year %(year)s of the ward is closed: reopen the year before changing "
                "this %(what)s."
            )
            % {"year": year, "what": what},
            code="year_closed",
        )


def stored_values(instance: models.Model, *fields: str) -> list[tuple[Any, ...]]:
    """``fields`` (lookups such as ``"cell__ward_id"`` allowed) of ``instance`` as its row is stored now,
    before the change being cleaned: a change that moves a record out of a closed year is refused too.
    Empty for a new record."""
    if instance.pk is None:
        return []
    return list(
        type(instance)._default_manager.filter(pk=instance.pk).values_list(*fields)
    )
