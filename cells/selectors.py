"""Reads about cells and their members, with their joins made (STYLE.md "selectors that read").

Scope is not decided here: views first pass the cell through ``cells.access``, and everything below reads
inside that one cell.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from cells.models import (
    Cell,
    CellMembership,
    CellYear,
    Household,
    HouseholdYear,
    Member,
    MemberYear,
    Office,
    StatusKind,
    StatusPeriod,
)
from wards.text import nfc


def covering(day: datetime.date, start: str = "start", end: str = "end") -> Q:
    """Periods (inclusive dates, open end allowed) that cover ``day``."""
    return Q(**{f"{start}__lte": day}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day})
    )


def cell_by_code(*, cell_code: str, **_: str) -> Cell:
    """The cell named by a URL (404 when there is none), with its ward.

    Takes the URL's keyword arguments as they are, so that it can be ``cell_access``'s ``cell_from``.
    """
    return get_object_or_404(Cell.objects.select_related("ward"), code=cell_code)


def cell_roll(
    cell: Cell,
    *,
    day: datetime.date,
    include_past: bool = False,
    search: str = "",
) -> QuerySet[Member]:
    """The members on the roll of ``cell`` on ``day`` (with ``include_past``: everyone who ever was),
    ordered by profile number (số lý lịch).

    Each member is annotated with ``on_roll`` (on the roll on ``day``), ``roll_start`` and ``roll_end`` (their
    latest period in this cell), ``official`` (official on ``day``; otherwise probationary), ``exempt``
    (an approved exemption covers ``day``) and ``working_away`` (a working-away period covers ``day``), so
    that a page of any length costs the same number of queries.
    """
    periods = CellMembership.objects.filter(cell=cell, member=OuterRef("pk"))
    on_roll = Exists(periods.filter(covering(day)))
    latest = periods.order_by("-start")
    statuses = StatusPeriod.objects.filter(member=OuterRef("pk")).filter(covering(day))
    members = Member.objects.annotate(
        on_roll=on_roll,
        roll_start=Subquery(latest.values("start")[:1]),
        roll_end=Subquery(latest.values("end")[:1]),
        official=Case(
            When(official_on__lte=day, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        exempt=Exists(statuses.filter(kind=StatusKind.EXEMPT, approved=True)),
        working_away=Exists(statuses.filter(kind=StatusKind.WORKING_AWAY)),
    )
    members = (
        members.filter(Exists(periods)) if include_past else members.filter(on_roll)
    )
    search = nfc(search.strip())
    if search:
        members = members.filter(
            Q(full_name__icontains=search) | Q(code__icontains=search)
        )
    return members.order_by("code")


def member_in_cell(cell: Cell, member_code: str) -> Member:
    """The member named by a URL, who must have been on the roll of ``cell`` at some time (404 otherwise),
    with their household, memberships, status periods and offices loaded."""
    members = Member.objects.filter(
        Exists(CellMembership.objects.filter(cell=cell, member=OuterRef("pk")))
    ).select_related("household", "household__group")
    members = members.prefetch_related(
        Prefetch(
            "memberships",
            queryset=CellMembership.objects.select_related("cell").order_by("-start"),
        ),
        Prefetch("status_periods", queryset=StatusPeriod.objects.order_by("-start")),
        Prefetch(
            "offices",
            queryset=Office.objects.select_related("cell", "ward").order_by("-start"),
        ),
    )
    return get_object_or_404(members, code=member_code)


def households_for_cell(cell: Cell, *, keep: int | None = None) -> QuerySet[Household]:
    """The households a member of ``cell`` may be linked to: those of the cell's ward and those already
    linked to a member who was ever on the cell's roll (a household may live outside the ward), plus
    ``keep`` (the household already chosen)."""
    members_of_cell = Member.objects.filter(
        household=OuterRef("pk"),
        memberships__cell=cell,
    )
    condition = Q(group__ward_id=cell.ward_id) | Q(Exists(members_of_cell))
    if keep is not None:
        condition |= Q(pk=keep)
    return Household.objects.filter(condition).order_by("code")


# --- yearly records and households (issue 5, item 7) --------------------------------------------


def roll_day_of_year(year: int, *, today: datetime.date) -> datetime.date:
    """The day whose roll a year's records are kept for: 31/12 of the year, or ``today`` during it."""
    return min(datetime.date(year, 12, 31), today)


@dataclass(frozen=True)
class RatingRow:
    """One member on the roll at the end of a year, with their stored rating of that year (or None)."""

    member: Member
    record: MemberYear | None

    @property
    def last_change(self) -> str:
        """The id of the record's latest history row ("none" while there is no record): the ratings
        screen carries it to refuse a save over a change made since the page was opened."""
        if self.record is None:
            return "none"
        return str(self.record.last_change)


def rating_rows(cell: Cell, *, year: int, day: datetime.date) -> list[RatingRow]:
    """The members on the roll of ``cell`` on ``day`` with their ``MemberYear`` of ``year``, by profile
    number (two queries, whatever the number of members)."""
    members = cell_roll(cell, day=day).prefetch_related(
        Prefetch(
            "years",
            queryset=MemberYear.objects.filter(year=year).annotate(
                last_change=Subquery(
                    MemberYear.history.model.objects.filter(id=OuterRef("pk"))
                    .order_by("-history_id")
                    .values("history_id")[:1]
                )
            ),
            to_attr="records_of_year",
        )
    )
    return [
        RatingRow(
            member=member,
            record=member.records_of_year[0] if member.records_of_year else None,
        )
        for member in members
    ]


def cell_year_record(cell: Cell, year: int) -> CellYear | None:
    """The cell's yearly record for ``year``, or None when none is kept yet."""
    return CellYear.objects.filter(cell=cell, year=year).first()


def cell_households(cell: Cell, *, year: int, search: str = "") -> QuerySet[Household]:
    """The member households of ``cell`` in ``year`` (DOMAIN.md "Households": the households of the
    members on its roll during that year), by code, with their group, ``records_of_year`` (their
    ``HouseholdYear`` of ``year``, a list of at most one) and ``member_names`` (their members on the roll
    that year). ``search`` looks in the head of household's name."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    in_year = Q(start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first))
    members_in_year = Member.objects.filter(
        Exists(CellMembership.objects.filter(in_year, cell=cell, member=OuterRef("pk")))
    )
    households = Household.objects.filter(
        Exists(members_in_year.filter(household=OuterRef("pk")))
    )
    search = nfc(search.strip())
    if search:
        households = households.filter(head_name__icontains=search)
    return (
        households.select_related("group")
        .prefetch_related(
            Prefetch(
                "years",
                queryset=HouseholdYear.objects.filter(year=year),
                to_attr="records_of_year",
            ),
            Prefetch(
                "members",
                queryset=members_in_year.order_by("code"),
                to_attr="members_in_year",
            ),
        )
        .order_by("code")
    )


def household_of_cell(cell: Cell, household_code: str) -> Household:
    """The household named by a URL, which must be the household of a member who was on the roll of
    ``cell`` at some time (404 otherwise)."""
    households = Household.objects.filter(
        Exists(Member.objects.filter(household=OuterRef("pk"), memberships__cell=cell))
    ).select_related("group")
    return get_object_or_404(households, code=household_code)


def status_period_of(member: Member, pk: int) -> StatusPeriod:
    """One status period of ``member`` (404 for another member's)."""
    return get_object_or_404(StatusPeriod, member=member, pk=pk)


def office_of(member: Member, cell: Cell, pk: int) -> Office:
    """One office of ``member`` in ``cell`` (404 for another member's, or an office of the ward, which
    is the ward's own record)."""
    return get_object_or_404(Office, member=member, cell=cell, pk=pk)
