"""The permission matrix of the minutes, the attendance sheet and the ratings list (printed: the cell's
secretary, the ward's officials and superusers; a viewer is in scope but not allowed) and of the Excel
exports (everyone who reads the cell; the ward's export for those who read the ward as a whole). Each of
them takes GET only: a POST that gets in is refused with 405. See README.md beside this module."""

from __future__ import annotations

from tests.access.matrix import Need, Outcome, UrlSpec, cell_view
from tests.access.matrix_reports import WARD_OF, ward_of, ward_view
from tests.access.world import World


def meeting_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {"key": world.extra["meeting"][cell].key}


def planned_meeting_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {"key": world.extra["planned_meeting"][cell].key}


def cell_code_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {"cell_code": world.cells[cell].code}


def cell_year_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {"cell_code": world.cells[cell].code, "year": "2025"}


PRINTED = cell_view(
    get=Need.WRITE, post=Need.WRITE, post_allowed=Outcome.METHOD_NOT_ALLOWED
)
EXPORTED = cell_view(
    get=Need.READ, post=Need.READ, post_allowed=Outcome.METHOD_NOT_ALLOWED
)

ENTRIES: dict[str, UrlSpec] = {
    "reports:print_minutes": UrlSpec(kwargs=meeting_of, expect=PRINTED),
    "reports:print_attendance_sheet": UrlSpec(
        kwargs=planned_meeting_of, expect=PRINTED
    ),
    "reports:print_ratings": UrlSpec(kwargs=cell_year_of, expect=PRINTED),
    "reports:export_cell_criteria": UrlSpec(kwargs=cell_code_of, expect=EXPORTED),
    "reports:export_cell_meetings": UrlSpec(kwargs=cell_code_of, expect=EXPORTED),
    "reports:export_ratings": UrlSpec(kwargs=cell_year_of, expect=EXPORTED),
    "reports:export_ward_grid": UrlSpec(
        kwargs=ward_of, cells=tuple(WARD_OF), expect=ward_view()
    ),
}
