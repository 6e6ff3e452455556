"""The permission matrix of the score entry screens (see README.md beside this file).

``scores:sheet_self`` is the cell's own sheet: the cell's secretary and the ward's officials (write); a
viewer in scope gets a 403 even to open it, since the page is a form. ``scores:sheet_upper`` is the
upper-level sheet: ward officials and superusers only, so a secretary in scope gets a 403 too. The meeting
is ``world.extra["scored_meeting"]`` (``world_scoring.py``); a POST saves a paper sheet's total.
"""

from __future__ import annotations

from meetings.models import Meeting
from tests.access.matrix import Need, Outcome, UrlSpec, cell_view
from tests.access.world import World

UPPER_ONLY = {
    (secretary, letter, method): Outcome.FORBIDDEN
    for secretary, letter in (("secretary_a", "A"), ("secretary_b", "B"))
    for method in ("GET", "POST")
}


def scored_meeting(world: World, cell: str | None) -> Meeting:
    assert cell is not None
    found = world.extra["scored_meeting"][cell]
    assert isinstance(found, Meeting)
    return found


def key_of(world: World, cell: str | None) -> dict[str, str]:
    return {"key": scored_meeting(world, cell).key}


def total_data(world: World, cell: str | None) -> dict[str, str]:
    return {"mode": "total", "total": "86.5", "expected_version": "0"}


ENTRIES: dict[str, UrlSpec] = {
    "scores:sheet_self": UrlSpec(
        kwargs=key_of,
        expect=cell_view(get=Need.WRITE),
        post_data=total_data,
    ),
    "scores:sheet_upper": UrlSpec(
        kwargs=key_of,
        expect=cell_view(get=Need.WRITE, overrides=UPPER_ONLY),
        post_data=total_data,
    ),
}
