"""The permission matrix of the web import and the history pages (``reports``; issue 7).

- Imports are ward-level (``check_ward`` with ``Action.IMPORT``): ward officials and superusers. A viewer
  of the ward is in scope but not allowed (403); a secretary sees the ward only through their cell (404).
  Tried on the ward of cell A (W) and of cell C (V); ``world.extra["import"]`` has one import of each.
- History is an official's tool (``Action.MANAGE``): on a cell's records a viewer or a secretary in scope
  gets 403; on ward-level pages (recent changes, a household's history) the rule of ``check_ward``.
- The template workbook holds no records: every signed-in user may download it.
"""

from __future__ import annotations

from tests.access.matrix import (
    Key,
    Need,
    Outcome,
    UrlSpec,
    cell_of,
    cell_view,
    member_of,
    signed_in_view,
)
from tests.access.matrix_reports import WARD_OF, WARD_READS, ward_of
from tests.access.world import CELLS, ROLES, World

# Who imports and manages in each ward (a viewer reads W but may do neither).
WARD_MANAGERS: dict[str, frozenset[str]] = {
    role: frozenset({"W"}) if role == "official" else frozenset() for role in ROLES
} | {"superuser": frozenset({"W", "V"})}


def ward_action_view(
    *, get_allowed: Outcome = Outcome.OK, post_allowed: Outcome = Outcome.OK
) -> dict[Key, Outcome]:
    """A ward-level page for its officials: out of the ward → 404, in it but not an official → 403."""
    expect: dict[Key, Outcome] = {}
    for role in ROLES:
        for cell, ward in WARD_OF.items():
            for method, allowed in (("GET", get_allowed), ("POST", post_allowed)):
                if role == "anonymous":
                    outcome = Outcome.LOGIN
                elif ward not in WARD_READS[role]:
                    outcome = Outcome.NOT_FOUND
                elif ward not in WARD_MANAGERS[role]:
                    outcome = Outcome.FORBIDDEN
                else:
                    outcome = allowed
                expect[role, cell, method] = outcome
    return expect


def officials_cell_view() -> dict[Key, Outcome]:
    """A read-only page about one cell's record for officials: readers in scope who are not officials
    (viewer, secretary) get 403 for any method."""
    expect = cell_view(
        get=Need.READ, post=Need.READ, post_allowed=Outcome.METHOD_NOT_ALLOWED
    )
    for role in ("viewer", "secretary_a", "secretary_b"):
        for cell in CELLS:
            for method in ("GET", "POST"):
                if expect[role, cell, method] is not Outcome.NOT_FOUND:
                    expect[role, cell, method] = Outcome.FORBIDDEN
    return expect


def import_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {"pk": str(world.extra["import"][cell].pk)}


def meeting_key(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {"key": world.extra["meeting"][cell].key}


def household_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {
        **ward_of(world, cell),
        "household_code": world.members[cell].household.code,
    }


def no_kwargs(world: World, cell: str | None) -> dict[str, str]:
    return {}


WARD_CELLS = tuple(WARD_OF)

ENTRIES: dict[str, UrlSpec] = {
    "reports:import_list": UrlSpec(
        kwargs=ward_of,
        cells=WARD_CELLS,
        expect=ward_action_view(post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    # An allowed POST without a file gets the form back with its error.
    "reports:import_new": UrlSpec(
        kwargs=ward_of, cells=WARD_CELLS, expect=ward_action_view()
    ),
    # The world's imports are applied: confirming again is refused with a message (a redirect).
    "reports:import_detail": UrlSpec(
        kwargs=import_of, cells=WARD_CELLS, expect=ward_action_view()
    ),
    "reports:import_file": UrlSpec(
        kwargs=import_of,
        cells=WARD_CELLS,
        expect=ward_action_view(post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    "reports:import_template": UrlSpec(
        kwargs=no_kwargs,
        cells=(None,),
        expect=signed_in_view(post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    "reports:ward_changes": UrlSpec(
        kwargs=ward_of,
        cells=WARD_CELLS,
        expect=ward_action_view(post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    "reports:household_history": UrlSpec(
        kwargs=household_of,
        cells=WARD_CELLS,
        expect=ward_action_view(post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    "reports:cell_history": UrlSpec(kwargs=cell_of, expect=officials_cell_view()),
    "reports:member_history": UrlSpec(kwargs=member_of, expect=officials_cell_view()),
    "reports:meeting_history": UrlSpec(
        kwargs=meeting_key, expect=officials_cell_view()
    ),
}
