"""The permission matrix of the records URLs (see README.md beside this file): the members' yearly
ratings, the cell's yearly record, status periods, offices and households.

Reading a year's ratings, the cell's record and the households is for every reader of the cell; every
change (and the pages that are only a form) needs write: the cell's secretary and the ward officials.
"""

from __future__ import annotations

from tests.access.matrix import Need, Outcome, UrlSpec, cell_of, cell_view, member_of
from tests.access.world import World

YEAR = 2025


def cell_year_of(world: World, cell: str | None) -> dict[str, str]:
    return {**cell_of(world, cell), "year": str(YEAR)}


def period_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {**member_of(world, cell), "pk": str(world.extra["status_period"][cell].pk)}


def office_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {**member_of(world, cell), "pk": str(world.extra["office"][cell].pk)}


def household_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {
        **cell_of(world, cell),
        "household_code": world.members[cell].household.code,
        "year": str(YEAR),
    }


def ratings_data(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    prefix = f"m{world.members[cell].pk}"
    return {f"{prefix}-rating": "good", f"{prefix}-resolution_compliant": "True"}


def cell_year_data(world: World, cell: str | None) -> dict[str, str]:
    return {"rating": "good", "targets_total": "4", "targets_met": "3"}


def period_data(world: World, cell: str | None) -> dict[str, str]:
    return {
        "kind": "working_away",
        "start": "01/03/2021",
        "end": "30/09/2021",
        "contact_kept": "on",
    }


def office_data(world: World, cell: str | None) -> dict[str, str]:
    return {"position": "committee", "start": "01/01/2012", "end": "31/12/2014"}


def household_data(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    household = world.members[cell].household
    return {
        "household-head_name": household.head_name,
        "household-group": str(household.group_id),
        "household-address": "",
        "year-cultured_family": "on",
        "year-poverty": "none",
        "year-civilized_rules": "on",
    }


ENTRIES: dict[str, UrlSpec] = {
    "cells:member_ratings": UrlSpec(
        kwargs=cell_year_of,
        expect=cell_view(get=Need.READ),
        post_data=ratings_data,
    ),
    "cells:cell_year": UrlSpec(
        kwargs=cell_year_of,
        expect=cell_view(get=Need.READ),
        post_data=cell_year_data,
    ),
    "cells:status_period_add": UrlSpec(
        kwargs=member_of,
        expect=cell_view(get=Need.WRITE),
        post_data=period_data,
    ),
    "cells:status_period_edit": UrlSpec(
        kwargs=period_of,
        expect=cell_view(get=Need.WRITE),
        post_data=period_data,
    ),
    "cells:office_add": UrlSpec(
        kwargs=member_of,
        expect=cell_view(get=Need.WRITE),
        post_data=office_data,
    ),
    "cells:office_edit": UrlSpec(
        kwargs=office_of,
        expect=cell_view(get=Need.WRITE),
        post_data=office_data,
    ),
    "cells:household_list": UrlSpec(
        kwargs=cell_of,
        expect=cell_view(get=Need.READ, post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    "cells:household_edit": UrlSpec(
        kwargs=household_of,
        expect=cell_view(get=Need.WRITE),
        post_data=household_data,
    ),
}
