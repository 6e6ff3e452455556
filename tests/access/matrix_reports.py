"""The permission matrix of the dashboards (``reports``): the ward dashboard, the overview of wards and the
cell page. ``reports:home`` stays in matrix.py. See README.md beside this module."""

from __future__ import annotations

from tests.access.matrix import (
    Key,
    Need,
    Outcome,
    UrlSpec,
    cell_of,
    cell_view,
)
from tests.access.world import ROLES, World

# Which wards each role reads as a whole (check_ward): a secretary sees a ward only through their cell,
# so the ward itself is out of scope for them. Cell A is in ward W, cell C in ward V.
WARD_READS: dict[str, frozenset[str]] = {
    "anonymous": frozenset(),
    "norole": frozenset(),
    "viewer": frozenset({"W"}),
    "secretary_a": frozenset(),
    "secretary_b": frozenset(),
    "official": frozenset({"W"}),
    "superuser": frozenset({"W", "V"}),
}
WARD_OF = {"A": "W", "C": "V"}


def ward_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {"ward_code": world.cells[cell].ward.code}


def ward_view() -> dict[Key, Outcome]:
    """A read-only page about the ward of cell A (W) or of cell C (V): GET needs the ward in scope; a POST
    that gets in is refused with 405."""
    expect: dict[Key, Outcome] = {}
    for role in ROLES:
        for cell in WARD_OF:
            if role == "anonymous":
                outcome = Outcome.LOGIN
            elif WARD_OF[cell] in WARD_READS[role]:
                outcome = Outcome.OK
            else:
                outcome = Outcome.NOT_FOUND
            expect[role, cell, "GET"] = outcome
            expect[role, cell, "POST"] = (
                Outcome.METHOD_NOT_ALLOWED if outcome is Outcome.OK else outcome
            )
    return expect


def ward_years_view() -> dict[Key, Outcome]:
    """The years of a ward: read like the dashboard; closing and reopening (POST) only for its officials
    and superusers (a viewer of the ward is in scope but not allowed)."""
    expect = ward_view()
    for role in ROLES:
        for cell in WARD_OF:
            get = expect[role, cell, "GET"]
            if get is Outcome.OK:
                manages = role == "superuser" or (
                    role == "official" and WARD_OF[cell] == "W"
                )
                expect[role, cell, "POST"] = (
                    Outcome.OK if manages else Outcome.FORBIDDEN
                )
    return expect


def overview_view() -> dict[Key, Outcome]:
    """The overview of wards: for users who read at least one ward as a whole; others have nothing in it
    (404)."""
    expect: dict[Key, Outcome] = {}
    for role in ROLES:
        if role == "anonymous":
            outcome = Outcome.LOGIN
        elif WARD_READS[role]:
            outcome = Outcome.OK
        else:
            outcome = Outcome.NOT_FOUND
        expect[role, None, "GET"] = outcome
        expect[role, None, "POST"] = (
            Outcome.METHOD_NOT_ALLOWED if outcome is Outcome.OK else outcome
        )
    return expect


def no_kwargs(world: World, cell: str | None) -> dict[str, str]:
    return {}


ENTRIES: dict[str, UrlSpec] = {
    "reports:ward_dashboard": UrlSpec(
        kwargs=ward_of,
        cells=tuple(WARD_OF),
        expect=ward_view(),
    ),
    "reports:ward_years": UrlSpec(
        kwargs=ward_of,
        cells=tuple(WARD_OF),
        expect=ward_years_view(),
        post_data=lambda world, cell: {"action": "close", "year": "1999"},
    ),
    "reports:overview": UrlSpec(
        kwargs=no_kwargs,
        cells=(None,),
        expect=overview_view(),
    ),
    # The cell page reads; a POST needs write access before it is refused with 405 (as the member list).
    "reports:cell_page": UrlSpec(
        kwargs=cell_of,
        expect=cell_view(get=Need.READ, post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
}
