"""The ward's recent changes: the history rows of its records, newest first, in one paged list.

One ``UNION ALL`` of the history tables, each row reduced to the same columns (what kind of record, when,
who, created/changed/deleted, the cell it belongs to, the key of the page that shows its history, a name),
so that a page of any length costs a count, one query for its rows, one for their cells and one for their
users.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import CharField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast
from django.urls import reverse

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
from reports.history.diffs import KINDS, user_names
from scoring.models import ItemScore, ScoreSheet
from wards.models import Ward

COLUMNS = ("h_kind", "h_id", "h_date", "h_type", "h_user", "h_cell", "h_ref", "h_name")


def text(expression) -> Cast:
    return Cast(expression, output_field=CharField())


def latest_cell(member_ref: str) -> Subquery:
    """The cell of a member's latest period on a roll."""
    return Subquery(
        CellMembership.objects.filter(member_id=OuterRef(member_ref))
        .order_by("-start")
        .values("cell_id")[:1]
    )


def member_field(member_ref: str, name: str) -> Subquery:
    return Subquery(Member.objects.filter(pk=OuterRef(member_ref)).values(name)[:1])


def meeting_field(meeting_ref: str, name: str) -> Subquery:
    return Subquery(Meeting.objects.filter(pk=OuterRef(meeting_ref)).values(name)[:1])


def sheet_field(name: str) -> Subquery:
    return Subquery(
        ScoreSheet.objects.filter(pk=OuterRef("sheet_id")).values(f"meeting__{name}")[
            :1
        ]
    )


def household_cell(household_ref: str) -> Subquery:
    return Subquery(
        CellMembership.objects.filter(member__household_id=OuterRef(household_ref))
        .order_by("-start")
        .values("cell_id")[:1]
    )


@dataclass(frozen=True)
class Branch:
    """One history table: how its rows name their cell, the page of their history and themselves.
    ``page`` is "member", "meeting", "cell" or "household"."""

    key: str
    model: type[models.Model]
    page: str
    cell: Callable[[], models.Expression]
    ref: Callable[[], models.Expression]
    name: Callable[[], models.Expression]
    ward_q: Callable[[Ward], Q] | None = None

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    def queryset(self, ward: Ward) -> QuerySet:
        history = self.model.history.model  # type: ignore[attr-defined]
        rows = history.objects.annotate(
            h_kind=Value(self.key, output_field=CharField()),
            h_id=F("history_id"),
            h_date=F("history_date"),
            h_type=F("history_type"),
            h_user=F("history_user_id"),
            h_cell=self.cell(),
            h_ref=text(self.ref()),
            h_name=text(self.name()),
        )
        in_ward = Q(h_cell__in=Cell.objects.filter(ward=ward).values("pk"))
        if self.ward_q is not None:
            in_ward |= self.ward_q(ward)
        return rows.filter(in_ward).order_by()


def household_in_ward(ward: Ward) -> Q:
    return Q(group__ward_id=ward.pk)


def household_year_in_ward(ward: Ward) -> Q:
    return Q(household_id__in=Household.objects.filter(group__ward=ward).values("pk"))


BRANCHES: tuple[Branch, ...] = (
    Branch("member", Member, "member", lambda: latest_cell("id"), lambda: F("code"),
           lambda: F("full_name")),
    Branch("statusperiod", StatusPeriod, "member", lambda: latest_cell("member_id"),
           lambda: member_field("member_id", "code"),
           lambda: member_field("member_id", "full_name")),
    Branch("office", Office, "member", lambda: latest_cell("member_id"),
           lambda: member_field("member_id", "code"),
           lambda: member_field("member_id", "full_name")),
    Branch("cellmembership", CellMembership, "member", lambda: F("cell_id"),
           lambda: member_field("member_id", "code"),
           lambda: member_field("member_id", "full_name")),
    Branch("cell", Cell, "cell", lambda: F("id"), lambda: F("code"), lambda: F("name")),
    Branch("meeting", Meeting, "meeting", lambda: F("cell_id"), lambda: F("key"),
           lambda: F("key")),
    Branch("attendance", Attendance, "meeting",
           lambda: meeting_field("meeting_id", "cell_id"),
           lambda: meeting_field("meeting_id", "key"),
           lambda: member_field("member_id", "full_name")),
    Branch("scoresheet", ScoreSheet, "meeting",
           lambda: meeting_field("meeting_id", "cell_id"),
           lambda: meeting_field("meeting_id", "key"),
           lambda: meeting_field("meeting_id", "key")),
    Branch("itemscore", ItemScore, "meeting", lambda: sheet_field("cell_id"),
           lambda: sheet_field("key"), lambda: sheet_field("key")),
    Branch("household", Household, "household", lambda: household_cell("id"),
           lambda: F("code"), lambda: F("head_name"), household_in_ward),
    Branch("householdyear", HouseholdYear, "household",
           lambda: household_cell("household_id"),
           lambda: Subquery(Household.objects.filter(pk=OuterRef("household_id"))
                            .values("code")[:1]),
           lambda: Subquery(Household.objects.filter(pk=OuterRef("household_id"))
                            .values("head_name")[:1]),
           household_year_in_ward),
)  # fmt: skip
BRANCH_BY_KEY = {branch.key: branch for branch in BRANCHES}


def kind_choices() -> list[tuple[str, str]]:
    return [(branch.key, branch.label) for branch in BRANCHES]


def ward_changes(
    ward: Ward, filter_branch: Callable[[QuerySet], QuerySet], kind: str = ""
) -> QuerySet:
    """Every history row of the ward's records as ``COLUMNS``, newest first (not yet evaluated).
    ``filter_branch`` narrows each table (who, when, which cell) before they are joined."""
    branches = [b for b in BRANCHES if not kind or b.key == kind]
    parts = [filter_branch(b.queryset(ward)).values(*COLUMNS) for b in branches]
    first, *others = parts
    return first.union(*others, all=True).order_by("-h_date", "-h_id")


@dataclass(frozen=True)
class ChangeRow:
    """One line of the recent changes."""

    when: datetime.datetime
    kind: str
    what: str
    name: str
    user: str
    cell: Cell | None
    url: str


def change_rows(rows: list[dict], ward: Ward) -> list[ChangeRow]:
    """The rows of one page with their cells, users and history links (two queries)."""
    cells = Cell.objects.select_related("ward").in_bulk(
        {row["h_cell"] for row in rows if row["h_cell"]}
    )
    users = user_names(row["h_user"] for row in rows)
    lines = []
    for row in rows:
        branch = BRANCH_BY_KEY[row["h_kind"]]
        cell = cells.get(row["h_cell"])
        lines.append(
            ChangeRow(
                when=row["h_date"],
                kind=str(KINDS.get(row["h_type"], row["h_type"])),
                what=branch.label,
                name=row["h_name"] or "",
                user=users.get(row["h_user"], ""),
                cell=cell,
                url=history_url(branch.page, row["h_ref"], cell, ward),
            )
        )
    return lines


def history_url(page: str, ref: str | None, cell: Cell | None, ward: Ward) -> str:
    if not ref:
        return ""
    if page == "meeting":
        return reverse("reports:meeting_history", args=[ref])
    if page == "cell":
        return reverse("reports:cell_history", args=[ref])
    if page == "household":
        return reverse("reports:household_history", args=[ward.code, ref])
    if page == "member" and cell is not None:
        return reverse("reports:member_history", args=[cell.code, ref])
    return ""
