"""Reads for the home page: where ``/`` takes each user, and the list of wards and cells for those it does
not take to one dashboard. The dashboards themselves are in ``reports.dashboards``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q
from django.urls import reverse

from cells.access import Action, cells_visible_to, scope_of
from cells.models import Cell, Role
from wards.models import Ward


@dataclass(frozen=True)
class WardCells:
    """One ward of the home page with the cells of it that the user may see."""

    ward: Ward
    cells: list[Cell]  # each annotated with ``members_today``
    members_today: int
    dashboard: (
        bool  # the user may open the ward's dashboard (not only some of its cells)
    )


@dataclass(frozen=True)
class Home:
    has_scope: bool
    roles: list[Role]
    wards: list[WardCells]
    overview: bool  # the user may open the overview of wards


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
    scope = scope_of(user)
    wards = []
    for ward_id, ward_cells in groupby(cells, key=lambda cell: cell.ward_id):
        ward_cells = list(ward_cells)
        wards.append(
            WardCells(
                ward=ward_cells[0].ward,
                cells=ward_cells,
                members_today=sum(cell.members_today for cell in ward_cells),
                dashboard=Action.READ in scope.actions_for_ward(ward_id),
            )
        )
    roles = list(
        Role.objects.filter(user_id=user.pk)
        .select_related("ward", "cell")
        .order_by("kind", "ward__code", "cell__code")
    )
    return Home(
        has_scope=not scope.is_empty,
        roles=roles,
        wards=wards,
        overview=bool(scope.everything or scope.wards),
    )


def home_target(user: AbstractBaseUser | AnonymousUser) -> str | None:
    """Where ``/`` takes the user, or None to show the home list.

    A ward official of one ward goes to its dashboard, of several wards to the overview; a secretary of one
    cell (and nothing wider) goes to the cell page. Everyone else (viewers, administrators, secretaries of
    several cells) sees the list of what they may open.
    """
    scope = scope_of(user)
    if scope.everything:
        return None
    official_of = [
        ward_id for ward_id, actions in scope.wards.items() if Action.MANAGE in actions
    ]
    if len(official_of) > 1:
        return reverse("reports:overview")
    if official_of:
        code = Ward.objects.filter(pk=official_of[0]).values_list("code", flat=True)
        return reverse("reports:ward_dashboard", args=[code.get()])
    secretary_of = [
        cell_id for cell_id, actions in scope.cells.items() if Action.WRITE in actions
    ]
    if not scope.wards and len(scope.cells) == 1 and secretary_of:
        code = Cell.objects.filter(pk=secretary_of[0]).values_list("code", flat=True)
        return reverse("reports:cell_page", args=[code.get()])
    return None
