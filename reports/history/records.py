"""The history of one record with the records that belong to it (DESIGN.md: django-simple-history).

- a member: the member, their status periods, offices and cell memberships;
- a cell: the cell and the memberships of its roll;
- a meeting: the meeting, its attendance, its score sheets and their item scores;
- a household: the household and its yearly records.
"""

from __future__ import annotations

from django.db import models

from cells.models import (
    Cell,
    CellMembership,
    Household,
    HouseholdYear,
    Member,
    Office,
    StatusPeriod,
)
from meetings.models import Attendance, Meeting
from reports.history.diffs import HistoryEntry, Related, Source, entries_for
from scoring.models import ItemScore, ScoreSheet


def choice(row: models.Model, name: str) -> str:
    f = row._meta.get_field(name)
    value = getattr(row, name)
    return str(dict(f.flatchoices).get(value, value))


def fk(row: models.Model, name: str, related: Related) -> str:
    f = row._meta.get_field(name)
    return related.label(f.related_model, getattr(row, f.attname))


def own_label(row: models.Model, related: Related) -> str:
    if isinstance(row, Member.history.model):
        return f"{row.full_name} ({row.code})"
    if isinstance(row, Cell.history.model):
        return row.name
    if isinstance(row, Household.history.model):
        return f"{row.head_name} ({row.code})"
    return f"{choice(row, 'kind')} – {row.held_on:%d/%m/%Y}"


def period_label(row: models.Model, related: Related) -> str:
    """A status period, an office or a membership: what it is, and from when."""
    if isinstance(row, Office.history.model):
        what = choice(row, "position")
    elif isinstance(row, StatusPeriod.history.model):
        what = choice(row, "kind")
    else:
        what = fk(row, "cell", related)
    return f"{what} ({row.start:%d/%m/%Y})"


def roll_label(row: models.Model, related: Related) -> str:
    return f"{fk(row, 'member', related)} ({row.start:%d/%m/%Y})"


def attendance_label(row: models.Model, related: Related) -> str:
    return fk(row, "member", related)


def sheet_label(row: models.Model, related: Related) -> str:
    return choice(row, "scorer")


def item_label(row: models.Model, related: Related) -> str:
    sheet = related.objects.get(ScoreSheet, {}).get(row.sheet_id)
    item = fk(row, "item", related)
    return f"{item} · {sheet.get_scorer_display()}" if sheet else item


def year_label(row: models.Model, related: Related) -> str:
    return str(row.year)


def member_history(member: Member) -> list[HistoryEntry]:
    return entries_for(
        [
            Source(Member.history.filter(id=member.pk), own_label),
            Source(
                StatusPeriod.history.filter(member_id=member.pk),
                period_label,
                ("member",),
            ),
            Source(
                Office.history.filter(member_id=member.pk), period_label, ("member",)
            ),
            Source(
                CellMembership.history.filter(member_id=member.pk),
                period_label,
                ("member",),
            ),
        ]
    )


def cell_history(cell: Cell) -> list[HistoryEntry]:
    return entries_for(
        [
            Source(Cell.history.filter(id=cell.pk), own_label),
            Source(
                CellMembership.history.filter(cell_id=cell.pk), roll_label, ("cell",)
            ),
        ]
    )


def meeting_history(meeting: Meeting) -> list[HistoryEntry]:
    sheets = ScoreSheet.history.filter(meeting_id=meeting.pk)
    return entries_for(
        [
            Source(Meeting.history.filter(id=meeting.pk), own_label),
            Source(
                Attendance.history.filter(meeting_id=meeting.pk),
                attendance_label,
                ("meeting",),
            ),
            Source(sheets, sheet_label, ("meeting",)),
            Source(
                ItemScore.history.filter(sheet_id__in=sheets.values("id")),
                item_label,
                ("sheet",),
            ),
        ]
    )


def household_history(household: Household) -> list[HistoryEntry]:
    return entries_for(
        [
            Source(Household.history.filter(id=household.pk), own_label),
            Source(
                HouseholdYear.history.filter(household_id=household.pk),
                year_label,
                ("household",),
            ),
        ]
    )
