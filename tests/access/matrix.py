"""The permission matrix: for every URL of the project, what each role gets on an object of cell A, B and C.

``MATRIX`` maps a fully qualified URL name ("cells:member_edit") to a ``UrlSpec``; ``EXCLUDED`` names the URLs
left out, each with its reason. ``test_matrix.py`` fails when a URL of the resolver is in neither, and runs
one test per (URL, role, object, method). See README.md beside this file.
"""

from __future__ import annotations

import enum
import importlib
import importlib.util
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from tests.access.world import CELLS, ROLES, World


class Outcome(enum.StrEnum):
    OK = "ok"  # allowed: a 2xx, or a redirect that is not to a login page
    LOGIN = "login"  # 302 to the login page (anonymous)
    ADMIN_LOGIN = "admin_login"  # 302 to the admin's login page
    FORBIDDEN = "403"  # in scope, not allowed
    NOT_FOUND = "404"  # out of scope: the object's existence is not revealed
    METHOD_NOT_ALLOWED = "405"  # allowed in, but the view does not take this method


class Need(enum.StrEnum):
    """What a request needs on its cell (DESIGN.md "Users and access")."""

    SIGNED_IN = "signed_in"
    READ = "read"
    WRITE = "write"


# Which cells' objects each role may read and write: the table of DESIGN.md "Users and access", restated
# here on purpose instead of asking cells.access.
READS: Mapping[str, frozenset[str]] = {
    "anonymous": frozenset(),
    "norole": frozenset(),
    "viewer": frozenset({"A", "B"}),
    "secretary_a": frozenset({"A"}),
    "secretary_b": frozenset({"B"}),
    "official": frozenset({"A", "B"}),
    "superuser": frozenset({"A", "B", "C"}),
}
WRITES: Mapping[str, frozenset[str]] = {
    "anonymous": frozenset(),
    "norole": frozenset(),
    "viewer": frozenset(),
    "secretary_a": frozenset({"A"}),
    "secretary_b": frozenset({"B"}),
    "official": frozenset({"A", "B"}),
    "superuser": frozenset({"A", "B", "C"}),
}

Key = tuple[str, str | None, str]  # (role, cell letter or None, method)


def expected_for(role: str, cell: str | None, need: Need, allowed: Outcome) -> Outcome:
    """The outcome of one request that needs ``need`` on ``cell``; ``allowed`` when it passes."""
    if role == "anonymous":
        return Outcome.LOGIN
    if need is Need.SIGNED_IN:
        return allowed
    if cell not in READS[role]:
        return Outcome.NOT_FOUND
    if need is Need.WRITE and cell not in WRITES[role]:
        return Outcome.FORBIDDEN
    return allowed


def cell_view(
    *,
    get: Need,
    post: Need = Need.WRITE,
    get_allowed: Outcome = Outcome.OK,
    post_allowed: Outcome = Outcome.OK,
    overrides: Mapping[Key, Outcome] | None = None,
) -> dict[Key, Outcome]:
    """The expectations of a view about one cell's object, for every role, cell and method."""
    expect = {}
    for role in ROLES:
        for cell in CELLS:
            expect[role, cell, "GET"] = expected_for(role, cell, get, get_allowed)
            expect[role, cell, "POST"] = expected_for(role, cell, post, post_allowed)
    expect.update(overrides or {})
    return expect


def signed_in_view(
    *, get_allowed: Outcome = Outcome.OK, post_allowed: Outcome = Outcome.OK
) -> dict[Key, Outcome]:
    """A page about no one cell that every signed-in user may open (it shows each user their own scope)."""
    expect = {}
    for role in ROLES:
        expect[role, None, "GET"] = expected_for(
            role, None, Need.SIGNED_IN, get_allowed
        )
        expect[role, None, "POST"] = expected_for(
            role, None, Need.SIGNED_IN, post_allowed
        )
    return expect


@dataclass(frozen=True)
class UrlSpec:
    """How to call one URL and what every role gets.

    ``kwargs(world, cell)`` gives the URL's arguments for an object of ``cell`` ("A", "B", "C"; None for a
    URL about no cell). ``expect`` maps (role, cell, method) to an ``Outcome`` and must cover every role,
    every cell of ``cells`` and every method of ``methods``. ``post_data`` is the body of a POST (empty
    by default: an allowed user may get the form back with its errors).
    """

    kwargs: Callable[[World, str | None], dict[str, str]]
    expect: Mapping[Key, Outcome]
    cells: tuple[str | None, ...] = CELLS
    methods: tuple[str, ...] = ("GET", "POST")
    post_data: Callable[[World, str | None], dict[str, str]] = field(
        default=lambda world, cell: {}
    )


def no_kwargs(world: World, cell: str | None) -> dict[str, str]:
    return {}


def member_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {
        "cell_code": world.cells[cell].code,
        "member_code": world.members[cell].code,
    }


def cell_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {"cell_code": world.cells[cell].code}


def evaluation_year(world: World, cell: str | None) -> dict[str, str]:
    return {"year": "2025"}


MATRIX: dict[str, UrlSpec] = {
    "reports:home": UrlSpec(
        kwargs=no_kwargs,
        cells=(None,),
        expect=signed_in_view(post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    "cells:member_list": UrlSpec(
        kwargs=cell_of,
        expect=cell_view(get=Need.READ, post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    "cells:member_detail": UrlSpec(
        kwargs=member_of,
        expect=cell_view(get=Need.READ, post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    "cells:member_edit": UrlSpec(
        kwargs=member_of,
        expect=cell_view(get=Need.WRITE),
    ),
    # The evaluation API answers every signed-in user with the cells of their own scope (a user without
    # a role gets no cells); the scoping itself is tested in tests/scoring/test_api.py.
    "scoring:evaluations": UrlSpec(
        kwargs=evaluation_year,
        cells=(None,),
        expect=signed_in_view(post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    # Django's admin decides by is_staff alone: only the door is checked here.
    "admin:index": UrlSpec(
        kwargs=no_kwargs,
        cells=(None,),
        methods=("GET",),
        expect={
            (role, None, "GET"): (
                Outcome.OK if role == "superuser" else Outcome.ADMIN_LOGIN
            )
            for role in ROLES
        },
    ),
}

# Entries declared per app, beside this module: each defines ``ENTRIES: dict[str, UrlSpec]``.
MATRIX_EXTENSIONS = (
    "tests.access.matrix_meetings",
    "tests.access.matrix_reports",
    "tests.access.matrix_records",
    "tests.access.matrix_scoring",
    "tests.access.matrix_accounts",
    "tests.access.matrix_imports",
    "tests.access.matrix_exports",
    "tests.access.matrix_documents",
)


def _extend(matrix: dict[str, UrlSpec]) -> None:
    for name in MATRIX_EXTENSIONS:
        if importlib.util.find_spec(name) is not None:
            entries = importlib.import_module(name).ENTRIES
            clash = set(entries) & set(matrix)
            assert not clash, f"declared twice: {sorted(clash)}"
            matrix.update(entries)


_extend(MATRIX)

# URL names left out of the matrix, each with the reason (and where it is tested instead).
EXCLUDED: dict[str, str] = {
    "login": "public by design: tests/access/test_account_pages.py",
    "logout": "POST only, harmless for anyone: tests/access/test_account_pages.py",
    "password_change": "the signed-in user's own password; Django's view: "
    "tests/access/test_account_pages.py",
    "password_change_done": "a static confirmation for the signed-in user: "
    "tests/access/test_account_pages.py",
    "set_language": "public by design (the login page offers it): "
    "tests/access/test_account_pages.py",
}
# Whole namespaces left out (their URLs named or not), with the reason. A name in MATRIX wins.
EXCLUDED_NAMESPACES: dict[str, str] = {
    "admin": "Django's admin checks is_staff and model permissions itself; the matrix checks its door "
    "(admin:index)",
}
# Route prefixes left out: static files are served by WhiteNoise (a middleware), not by a URL pattern, but
# a DEBUG helper such as django.conf.urls.static.static() would add one.
EXCLUDED_ROUTE_PREFIXES: dict[str, str] = {
    "static/": "static files: public, served by WhiteNoise",
}


@dataclass(frozen=True)
class Case:
    name: str
    role: str
    cell: str | None
    method: str
    expected: Outcome

    @property
    def id(self) -> str:
        return f"{self.name}-{self.role}-{self.cell or 'none'}-{self.method}"


def cases(matrix: Mapping[str, UrlSpec] = MATRIX) -> Iterator[Case]:
    for name, spec in matrix.items():
        for role in ROLES:
            for cell in spec.cells:
                for method in spec.methods:
                    yield Case(
                        name, role, cell, method, spec.expect[role, cell, method]
                    )
