"""The small world every access test runs in.

Ward W has cells A and B; ward V has cell C. Each cell has one member on its roll today. The users are one
per role of the permission matrix (``ROLES``); ``anonymous`` is no user at all. Later issues add the objects
their URLs need (a meeting of each cell, …) to ``World`` and ``build_world``: one per cell, so that every
URL can be tried on an object of cell A, of cell B and of cell C.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractUser

from cells.models import Cell, CellKind, Member, RoleKind
from tests.factories import (
    CellFactory,
    HouseholdFactory,
    MemberFactory,
    MembershipFactory,
    RoleFactory,
    UserFactory,
    WardFactory,
)
from wards.models import Ward

ROLES = (
    "anonymous",
    "norole",  # signed in, but no role yet
    "viewer",  # viewer of ward W
    "secretary_a",
    "secretary_b",
    "official",  # ward official of W
    "superuser",
)
# The cells whose objects every URL is tried on: A and B in ward W, C in the other ward V.
CELLS = ("A", "B", "C")


@dataclass
class World:
    ward: Ward
    other_ward: Ward
    cells: dict[str, Cell] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    users: dict[str, AbstractUser | None] = field(default_factory=dict)
    # Objects that later URLs need, one per cell letter, by kind: extra["meeting"]["A"].
    extra: dict[str, dict[str, object]] = field(default_factory=dict)


# Modules that add objects to the world: each defines ``build(world) -> None``. One per app keeps the
# issues that add URLs out of each other's way.
WORLD_EXTENSIONS = (
    "tests.access.world_meetings",
    "tests.access.world_reports",
    "tests.access.world_records",
    "tests.access.world_scoring",
    "tests.access.world_accounts",
    "tests.access.world_imports",
)


def build_world() -> World:
    ward = WardFactory(code="W", name="Phường Đồng Tâm")
    other_ward = WardFactory(code="V", name="Phường Yên Ninh")
    world = World(ward=ward, other_ward=other_ward)
    for letter, cell_ward in (("A", ward), ("B", ward), ("C", other_ward)):
        cell = CellFactory(
            code=f"CELL{letter}",
            ward=cell_ward,
            name=f"Chi bộ {letter}",
            kind=CellKind.RESIDENTIAL,
        )
        member = MemberFactory(
            code=f"DV-{letter}",
            full_name=f"Nguyễn Văn {letter}",
            household=HouseholdFactory(group__ward=cell_ward),
            citizen_id=f"0010900000{ord(letter)}",
            phone=f"09120000{ord(letter)}",
        )
        MembershipFactory(member=member, cell=cell, start=datetime.date(2015, 1, 1))
        world.cells[letter] = cell
        world.members[letter] = member

    # The tests sign in with force_login: no password, so no slow hashing per user.
    world.users["anonymous"] = None
    world.users["norole"] = UserFactory(username="norole", password=None)
    for username, kind, scope in (
        ("viewer", RoleKind.VIEWER, {"ward": ward}),
        ("secretary_a", RoleKind.CELL_SECRETARY, {"cell": world.cells["A"]}),
        ("secretary_b", RoleKind.CELL_SECRETARY, {"cell": world.cells["B"]}),
        ("official", RoleKind.WARD_OFFICIAL, {"ward": ward}),
    ):
        user = UserFactory(username=username, password=None)
        RoleFactory(user=user, kind=kind, **scope)
        world.users[username] = user
    world.users["superuser"] = UserFactory(
        username="superuser", password=None, is_superuser=True, is_staff=True
    )
    for name in WORLD_EXTENSIONS:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name).build(world)
    return world
