"""The stored rows of every sheet, read with one or two queries per sheet: each row as a dict of the
sheet's column keys (plus ``_pk``) in the values the reader produces. The importer compares them with the
workbook; the exporter writes them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

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
from reports.workbook.format import TOTAL
from scoring.models import ItemScore, ScoreSheet
from wards.models import ResidentialGroup, Ward

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Scope:
    """What an export holds: None means everything."""

    ward_ids: frozenset[int] | None = None
    cell_ids: frozenset[int] | None = None
    year: int | None = None
    meeting_keys: frozenset[str] | None = None


def _q(scope: Scope, *, ward: str = "", cell: str = "") -> Q:
    q = Q()
    if ward and scope.ward_ids is not None:
        q &= Q(**{f"{ward}__in": scope.ward_ids})
    if cell and scope.cell_ids is not None:
        q &= Q(**{f"{cell}__in": scope.cell_ids})
    return q


def _year_q(scope: Scope, field: str) -> Q:
    """The meetings of the scope's year (``field`` is the meeting's date), and of its keys."""
    q = Q()
    if scope.year is not None:
        q &= Q(**{f"{field}__year": scope.year})
    if scope.meeting_keys is not None:
        key = field.replace("held_on", "key")
        q &= Q(**{f"{key}__in": scope.meeting_keys})
    return q


def _rows(queryset: Any, names: dict[str, str]) -> Rows:
    """``names`` maps a column key (or ``_pk``) to its lookup."""
    lookups = list(names.values())
    rows = []
    for values in queryset.values_list(*lookups):
        rows.append(dict(zip(names, values, strict=True)))
    return rows


def member_ids(scope: Scope) -> Q:
    if scope.cell_ids is None:
        return Q()
    return Q(
        pk__in=CellMembership.objects.filter(cell_id__in=scope.cell_ids).values(
            "member_id"
        )
    )


def _of_members(scope: Scope) -> Q:
    if scope.cell_ids is None:
        return Q()
    return Q(member__in=Member.objects.filter(member_ids(scope)))


def load(name: str, scope: Scope | None = None) -> Rows:
    """The stored rows of the sheet ``name`` within ``scope``, ordered by their natural key."""
    scope = scope or Scope()
    loader = LOADERS[name]
    return loader(scope)


def _wards(scope: Scope) -> Rows:
    return _rows(
        Ward.objects.filter(_q(scope, ward="pk")).order_by("code"),
        {
            "_pk": "pk",
            "code": "code",
            "name": "name",
            "committee_name": "committee_name",
            "city": "city",
            "province": "province",
        },
    )


def _groups(scope: Scope) -> Rows:
    return _rows(
        ResidentialGroup.objects.filter(_q(scope, ward="ward_id")).order_by("code"),
        {"_pk": "pk", "code": "code", "ward_code": "ward__code", "name": "name"},
    )


def _cells(scope: Scope) -> Rows:
    rows = _rows(
        Cell.objects.filter(_q(scope, cell="pk")).order_by("code"),
        {
            "_pk": "pk",
            "code": "code",
            "ward_code": "ward__code",
            "name": "name",
            "kind": "kind",
            "founded_on": "founded_on",
            "dissolved_on": "dissolved_on",
        },
    )
    groups: dict[int, list[str]] = defaultdict(list)
    through = (
        Cell.groups.through.objects.filter(cell_id__in=[row["_pk"] for row in rows])
        if scope.cell_ids is not None
        else Cell.groups.through.objects.all()
    )
    for cell_id, code in through.values_list("cell_id", "residentialgroup__code"):
        groups[cell_id].append(code)
    for row in rows:
        row["group_code"] = tuple(sorted(groups.get(row["_pk"], ())))
    return rows


def _households(scope: Scope) -> Rows:
    q = Q()
    if scope.ward_ids is not None:
        q = Q(group__ward_id__in=scope.ward_ids) | Q(
            members__in=Member.objects.filter(member_ids(scope))
        )
    return _rows(
        Household.objects.filter(q).distinct().order_by("code"),
        {
            "_pk": "pk",
            "code": "code",
            "group_code": "group__code",
            "head_name": "head_name",
            "address": "address",
        },
    )


def _members(scope: Scope) -> Rows:
    return _rows(
        Member.objects.filter(member_ids(scope)).order_by("code"),
        {
            "_pk": "pk",
            "code": "code",
            "card_number": "card_number",
            "full_name": "full_name",
            "gender": "gender",
            "birth_date": "birth_date",
            "citizen_id": "citizen_id",
            "phone": "phone",
            "household_code": "household__code",
            "joined_on": "joined_on",
            "official_on": "official_on",
        },
    )


def _memberships(scope: Scope) -> Rows:
    return _rows(
        CellMembership.objects.filter(_of_members(scope)).order_by(
            "member__code", "start", "cell__code"
        ),
        {
            "_pk": "pk",
            "member_code": "member__code",
            "cell_code": "cell__code",
            "start": "start",
            "end": "end",
        },
    )


def _status_periods(scope: Scope) -> Rows:
    return _rows(
        StatusPeriod.objects.filter(_of_members(scope)).order_by(
            "member__code", "kind", "start"
        ),
        {
            "_pk": "pk",
            "member_code": "member__code",
            "kind": "kind",
            "start": "start",
            "end": "end",
            "approved": "approved",
            "approved_on": "approved_on",
            "approved_by": "approved_by",
            "contact_kept": "contact_kept",
            "note": "note",
        },
    )


def _offices(scope: Scope) -> Rows:
    q = Q()
    if scope.ward_ids is not None:
        q = Q(cell_id__in=scope.cell_ids or ()) | Q(ward_id__in=scope.ward_ids)
    rows = _rows(
        Office.objects.filter(q).order_by("member__code", "start", "position"),
        {
            "_pk": "pk",
            "member_code": "member__code",
            "cell_code": "cell__code",
            "ward_code": "ward__code",
            "position": "position",
            "start": "start",
            "end": "end",
        },
    )
    for row in rows:
        row["unit_code"] = row.pop("cell_code") or row.pop("ward_code")
        row.pop("ward_code", None)
    return rows


MEETING_COLUMNS = {
    "_pk": "pk",
    "key": "key",
    "cell_code": "cell__code",
    "held_on": "held_on",
    "kind": "kind",
    "state": "state",
    "topic": "topic",
    "place": "place",
    "start_time": "start_time",
    "end_time": "end_time",
    "chair_code": "chair__code",
    "minute_taker_code": "minute_taker__code",
    "speakers": "speakers",
    "targets_met_percent": "targets_met_percent",
    "conclusion": "conclusion",
    "minutes": "minutes",
}


def _meetings(scope: Scope) -> Rows:
    return _rows(
        Meeting.objects.filter(
            _q(scope, cell="cell_id"), _year_q(scope, "held_on")
        ).order_by("key"),
        MEETING_COLUMNS,
    )


def _attendance(scope: Scope) -> Rows:
    return _rows(
        Attendance.objects.filter(
            _q(scope, cell="meeting__cell_id"), _year_q(scope, "meeting__held_on")
        ).order_by("meeting__key", "member__code"),
        {
            "_pk": "pk",
            "meeting_key": "meeting__key",
            "member_code": "member__code",
            "mark": "mark",
            "note": "note",
        },
    )


def _scores(scope: Scope) -> Rows:
    rows = _rows(
        ItemScore.objects.filter(
            _q(scope, cell="sheet__meeting__cell_id"),
            _year_q(scope, "sheet__meeting__held_on"),
        ),
        {
            "_pk": "pk",
            "meeting_key": "sheet__meeting__key",
            "scorer": "sheet__scorer",
            "item": "item__code",
            "points": "points",
            "reason": "reason",
        },
    )
    totals = _rows(
        ScoreSheet.objects.filter(
            _q(scope, cell="meeting__cell_id"),
            _year_q(scope, "meeting__held_on"),
            total_only=True,
        ),
        {
            "_pk": "pk",
            "meeting_key": "meeting__key",
            "scorer": "scorer",
            "points": "total",
        },
    )
    for row in totals:
        row["item"], row["reason"], row["_sheet"] = TOTAL, "", True
    rows.extend(totals)
    rows.sort(key=lambda r: (r["meeting_key"], r["scorer"], item_order(r["item"])))
    return rows


def item_order(code: str) -> tuple:
    """Item codes in their natural order: I.1 < II.1 < … < VII.3 (Roman sections)."""
    roman = {"I": 1, "V": 5, "X": 10, "L": 50}
    section, _dot, number = code.partition(".")
    value = 0
    for i, char in enumerate(section):
        digit = roman.get(char, 100)
        following = roman.get(section[i + 1], 0) if i + 1 < len(section) else 0
        value += -digit if digit < following else digit
    return (value, int(number) if number.isdigit() else 0, code)


def _member_years(scope: Scope) -> Rows:
    return _rows(
        MemberYear.objects.filter(_of_members(scope), **_year(scope)).order_by(
            "member__code", "year"
        ),
        {
            "_pk": "pk",
            "member_code": "member__code",
            "year": "year",
            "rating": "rating",
            "resolution_compliant": "resolution_compliant",
            "residence_feedback": "residence_feedback",
        },
    )


def _household_years(scope: Scope) -> Rows:
    codes = [row["code"] for row in _households(scope)] if scope.ward_ids else None
    q = Q(household__code__in=codes) if codes is not None else Q()
    return _rows(
        HouseholdYear.objects.filter(q, **_year(scope)).order_by(
            "household__code", "year"
        ),
        {
            "_pk": "pk",
            "household_code": "household__code",
            "year": "year",
            "cultured_family": "cultured_family",
            "poverty": "poverty",
            "civilized_rules": "civilized_rules",
        },
    )


def _cell_years(scope: Scope) -> Rows:
    return _rows(
        CellYear.objects.filter(_q(scope, cell="cell_id"), **_year(scope)).order_by(
            "cell__code", "year"
        ),
        {
            "_pk": "pk",
            "cell_code": "cell__code",
            "year": "year",
            "rating": "rating",
            "targets_total": "targets_total",
            "targets_met": "targets_met",
            "satisfaction_percent": "satisfaction_percent",
            "group_cultured": "group_cultured",
        },
    )


def _year(scope: Scope) -> dict[str, int]:
    return {} if scope.year is None else {"year": scope.year}


LOADERS = {
    "Wards": _wards,
    "Groups": _groups,
    "Cells": _cells,
    "Households": _households,
    "Members": _members,
    "Memberships": _memberships,
    "StatusPeriods": _status_periods,
    "Offices": _offices,
    "Meetings": _meetings,
    "Attendance": _attendance,
    "Scores": _scores,
    "MemberYears": _member_years,
    "HouseholdYears": _household_years,
    "CellYears": _cell_years,
}
