"""The permission matrix of printing (``reports.documents``): a cell's evaluation (``Action.PRINT``: the
cell's secretary, the ward's officials, superusers; a viewer reads but may not print: 403) and the
ward-level printing (the summary, the batch of every cell, its zip: the ward's officials and superusers;
a viewer of the ward 403; a cell's secretary does not see the ward: 404). See README.md beside this module.
"""

from __future__ import annotations

from tests.access.matrix import Key, Need, Outcome, UrlSpec, cell_view
from tests.access.matrix_reports import WARD_OF, WARD_READS
from tests.access.world import ROLES, World

YEAR = "2025"
# Who prints for a whole ward: its officials and superusers.
WARD_PRINTS: dict[str, frozenset[str]] = {
    "official": frozenset({"W"}),
    "superuser": frozenset({"W", "V"}),
}


def cell_year(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {"cell_code": world.cells[cell].code, "year": YEAR}


def ward_year(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {"ward_code": world.cells[cell].ward.code, "year": YEAR}


def ward_print_view(
    *, get_allowed: Outcome, post_allowed: Outcome
) -> dict[Key, Outcome]:
    expect: dict[Key, Outcome] = {}
    for role in ROLES:
        for cell in WARD_OF:
            ward = WARD_OF[cell]
            if role == "anonymous":
                outcomes = (Outcome.LOGIN, Outcome.LOGIN)
            elif ward not in WARD_READS[role]:
                outcomes = (Outcome.NOT_FOUND, Outcome.NOT_FOUND)
            elif ward not in WARD_PRINTS.get(role, frozenset()):
                outcomes = (Outcome.FORBIDDEN, Outcome.FORBIDDEN)
            else:
                outcomes = (get_allowed, post_allowed)
            expect[role, cell, "GET"], expect[role, cell, "POST"] = outcomes
    return expect


ENTRIES: dict[str, UrlSpec] = {
    # Printing takes a document number: the write table (secretary of the cell, officials, superusers).
    "reports:print_evaluation": UrlSpec(
        kwargs=cell_year,
        expect=cell_view(
            get=Need.WRITE, post=Need.WRITE, post_allowed=Outcome.METHOD_NOT_ALLOWED
        ),
    ),
    "reports:print_summary": UrlSpec(
        kwargs=ward_year,
        cells=tuple(WARD_OF),
        expect=ward_print_view(
            get_allowed=Outcome.OK, post_allowed=Outcome.METHOD_NOT_ALLOWED
        ),
    ),
    # GET shows the batch's progress; POST starts a batch and redirects to the progress page.
    "reports:print_batch": UrlSpec(
        kwargs=ward_year,
        cells=tuple(WARD_OF),
        expect=ward_print_view(get_allowed=Outcome.OK, post_allowed=Outcome.OK),
    ),
    # Without a finished batch the zip redirects to the progress page.
    "reports:print_batch_zip": UrlSpec(
        kwargs=ward_year,
        cells=tuple(WARD_OF),
        expect=ward_print_view(
            get_allowed=Outcome.OK, post_allowed=Outcome.METHOD_NOT_ALLOWED
        ),
    ),
}
