"""The accounts of the access world: in each cell a secretary's account that the ward's officials manage
(``world.extra["account"]``), apart from the matrix's own users so that deactivating it changes no one's
access in the test."""

from __future__ import annotations

from cells.models import RoleKind
from tests.access.world import World
from tests.factories import RoleFactory, UserFactory


def build(world: World) -> None:
    made: dict[str, object] = {}
    for letter, cell in world.cells.items():
        user = UserFactory(
            username=f"bithu-{letter.lower()}",
            first_name=f"Trần Thị {letter}",
            password=None,
        )
        RoleFactory(user=user, kind=RoleKind.CELL_SECRETARY, cell=cell)
        made[letter] = user
    world.extra["account"] = made
