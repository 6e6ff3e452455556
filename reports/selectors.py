"""Reads for the dashboards. The home page's list of wards and cells lives here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q

from cells.access import cells_visible_to, scope_of
from cells.models import Cell, Role
from wards.models import Ward


@dataclass(frozen=True)
class WardCells:
    """One ward of the home page with the cells of it that the user may see."""

    ward: Ward
    cells: list[Cell]  # each annotated with ``members_today``
    members_today: int


@dataclass(frozen=True)
class Home:
    has_scope: bool
    roles: list[Role]
    wards: list[WardCells]


def home_for(user: AbstractBaseUser | AnonymousUser, *, day: datetime.date) -> Home:
    """The wards and cells the user may see, grouped by ward, with the number of members on each cell's
    roll on ``day`` counted in the same query (a member is on the roll of one cell at a time, so counting
    the periods that cover the day counts the members)."""
    covering = Q(memberships__start__lte=day) & (
        Q(memberships__end__isnull=True) | Q(memberships__end__gte=day)
    )
    cells = (
        cells_visible_to(user)
        .select_related("ward")
        .annotate(members_today=Count("memberships", filter=covering))
        .order_by("ward__code", "code")
    )
    wards = []
    for _ward_id, ward_cells in groupby(cells, key=lambda cell: cell.ward_id):
        ward_cells = list(ward_cells)
        wards.append(
            WardCells(
                ward=ward_cells[0].ward,
                cells=ward_cells,
                members_today=sum(cell.members_today for cell in ward_cells),
            )
        )
    roles = list(
        Role.objects.filter(user_id=user.pk)
        .select_related("ward", "cell")
        .order_by("kind", "ward__code", "cell__code")
    )
    return Home(has_scope=not scope_of(user).is_empty, roles=roles, wards=wards)
