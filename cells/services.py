"""Writes about cells and their members (STYLE.md "services that write")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from cells.models import (
    Cell,
    CellYear,
    Household,
    HouseholdYear,
    Member,
    MemberYear,
    Office,
    StatusPeriod,
)

MEMBER_EDITABLE_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "citizen_id",
    "phone",
    "household",
    "joined_on",
    "official_on",
    "card_number",
)


def member_update(
    *, member: Member, data: Mapping[str, Any], by: AbstractBaseUser
) -> Member:
    """Change a member's record (họ tên, ngày sinh, CCCD, …) in one transaction.

    Only the fields of ``MEMBER_EDITABLE_FIELDS`` may be given; the whole row is validated (``full_clean``,
    the model's constraints included) before anything is written, and the change is recorded in the
    member's history as made by ``by``. Raises ``ValidationError`` with the field errors.
    """
    unknown = set(data) - set(MEMBER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"member_update cannot change {sorted(unknown)}")
    with transaction.atomic():
        for name, value in data.items():
            setattr(member, name, value)
        member.full_clean()
        member._history_user = by
        member.save()
    return member


# --- yearly records, status periods, offices, households (issue 5, item 7) ----------------------


class RatingRowsError(Exception):
    """Some rows of a cell's yearly ratings are invalid: ``errors`` maps the member's id to the
    ``ValidationError`` of their row. Nothing was saved."""

    def __init__(self, errors: Mapping[int, ValidationError]) -> None:
        super().__init__(f"{len(errors)} invalid rating rows")
        self.errors = dict(errors)


def _record_save(
    instance: Model, data: Mapping[str, Any], by: AbstractBaseUser
) -> None:
    """Write ``data`` into ``instance``, validate the whole row and save it with its history user.
    The caller holds the transaction."""
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance._history_user = by
    instance.save()


def member_years_save(
    *,
    year: int,
    rows: Mapping[int, Mapping[str, Any]],
    existing: Mapping[int, MemberYear],
    by: AbstractBaseUser,
) -> list[MemberYear]:
    """Save the yearly ratings (đánh giá, xếp loại đảng viên) of ``year`` for many members at once.

    ``rows`` maps a member's id to ``rating``, ``resolution_compliant`` and ``residence_feedback``;
    ``existing`` holds the records already stored for that year, by member id. A row without a rating and
    without a stored record is left out (the member is not rated yet). Every row is validated before any
    is written; when one fails, ``RatingRowsError`` names the failing rows and nothing is saved. The cap
    on excellent members is a warning of the screen, never a refusal here.
    """
    records: list[MemberYear] = []
    errors: dict[int, ValidationError] = {}
    for member_id, row in rows.items():
        record = existing.get(member_id)
        if record is None and not row.get("rating"):
            continue
        if record is None:
            record = MemberYear(member_id=member_id, year=year)
        for name in ("rating", "resolution_compliant", "residence_feedback"):
            if name in row:
                setattr(record, name, row[name])
        try:
            record.full_clean()
        except ValidationError as error:
            errors[member_id] = error
        records.append(record)
    if errors:
        raise RatingRowsError(errors)
    with transaction.atomic():
        for record in records:
            record._history_user = by
            record.save()
    return records


def cell_year_save(
    *, cell: Cell, year: int, data: Mapping[str, Any], by: AbstractBaseUser
) -> CellYear:
    """Create or change a cell's yearly record (xếp loại chi bộ, chỉ tiêu nghị quyết, mức độ hài lòng,
    tổ dân phố văn hóa) in one transaction, validated as a whole."""
    with transaction.atomic():
        record = CellYear.objects.filter(cell=cell, year=year).first() or CellYear(
            cell=cell, year=year
        )
        _record_save(record, data, by)
    return record


def status_period_save(
    *, period: StatusPeriod, data: Mapping[str, Any], by: AbstractBaseUser
) -> StatusPeriod:
    """Add or change an exemption (miễn sinh hoạt) or a working-away period (đi làm ăn xa) of the
    member ``period.member``. The overlapping rules are the model's ``clean()``."""
    with transaction.atomic():
        _record_save(period, data, by)
    return period


def office_save(
    *, office: Office, data: Mapping[str, Any], by: AbstractBaseUser
) -> Office:
    """Add or change an office (bí thư, phó bí thư, chi ủy viên) held by ``office.member``. Two
    secretaries of one unit in the same period are refused by the model's ``clean()``."""
    with transaction.atomic():
        _record_save(office, data, by)
    return office


def household_save(
    *,
    household: Household,
    data: Mapping[str, Any],
    year: int,
    year_data: Mapping[str, Any],
    by: AbstractBaseUser,
) -> HouseholdYear:
    """Change a household and create or change its titles for ``year`` (gia đình văn hóa, hộ nghèo,
    gương mẫu thực hiện phường văn minh đô thị) together, in one transaction."""
    with transaction.atomic():
        _record_save(household, data, by)
        record = HouseholdYear.objects.filter(
            household=household, year=year
        ).first() or HouseholdYear(household=household, year=year)
        _record_save(record, year_data, by)
    return record
