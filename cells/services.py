"""Writes about cells and their members (STYLE.md "services that write")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from cells.models import Member

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
