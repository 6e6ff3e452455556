"""The permission matrix of the accounts pages (``accounts``, cells/urls_accounts.py; see README.md beside
this module).

Managing accounts is a ward-level action (``check_ward(user, Action.MANAGE, ward)``): the ward official of W
and superusers get in; a viewer of W is in scope but not allowed (403); secretaries see the ward only through
their cell, so the ward is out of their scope (404), as ward V is for everyone but superusers. The pages are
tried on the ward of cell A (W) and of cell C (V); an account is ``world.extra["account"]``, a secretary's
account of that cell (``world_accounts.py``).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser

from tests.access.matrix import Key, Outcome, UrlSpec
from tests.access.world import ROLES, World

WARD_OF = {"A": "W", "C": "V"}
WARD_MANAGES: dict[str, frozenset[str]] = {
    "anonymous": frozenset(),
    "norole": frozenset(),
    "viewer": frozenset(),
    "secretary_a": frozenset(),
    "secretary_b": frozenset(),
    "official": frozenset({"W"}),
    "superuser": frozenset({"W", "V"}),
}
WARD_READS: dict[str, frozenset[str]] = {**WARD_MANAGES, "viewer": frozenset({"W"})}


def manage_view(
    *, get_allowed: Outcome = Outcome.OK, post_allowed: Outcome = Outcome.OK
) -> dict[Key, Outcome]:
    expect: dict[Key, Outcome] = {}
    for role in ROLES:
        for cell, ward in WARD_OF.items():
            for method, allowed in (("GET", get_allowed), ("POST", post_allowed)):
                if role == "anonymous":
                    outcome = Outcome.LOGIN
                elif ward in WARD_MANAGES[role]:
                    outcome = allowed
                elif ward in WARD_READS[role]:
                    outcome = Outcome.FORBIDDEN
                else:
                    outcome = Outcome.NOT_FOUND
                expect[role, cell, method] = outcome
    return expect


def index_view() -> dict[Key, Outcome]:
    """The menu entry: for users who manage at least one ward; others have nothing in it (404)."""
    expect: dict[Key, Outcome] = {}
    for role in ROLES:
        if role == "anonymous":
            get = post = Outcome.LOGIN
        elif WARD_MANAGES[role]:
            get, post = Outcome.OK, Outcome.METHOD_NOT_ALLOWED
        else:
            get = post = Outcome.NOT_FOUND
        expect[role, None, "GET"] = get
        expect[role, None, "POST"] = post
    return expect


def no_kwargs(world: World, cell: str | None) -> dict[str, str]:
    return {}


def ward_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    return {"ward_code": world.cells[cell].ward.code}


def account_of(world: World, cell: str | None) -> dict[str, str]:
    assert cell is not None
    account = world.extra["account"][cell]
    assert isinstance(account, AbstractUser)
    return {**ward_of(world, cell), "user_id": str(account.pk)}


ENTRIES: dict[str, UrlSpec] = {
    "accounts:index": UrlSpec(kwargs=no_kwargs, cells=(None,), expect=index_view()),
    "accounts:account_list": UrlSpec(
        kwargs=ward_of,
        cells=tuple(WARD_OF),
        expect=manage_view(post_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    # An empty POST gets the form back with its errors.
    "accounts:account_create": UrlSpec(
        kwargs=ward_of, cells=tuple(WARD_OF), expect=manage_view()
    ),
    "accounts:cell_handover": UrlSpec(
        kwargs=ward_of, cells=tuple(WARD_OF), expect=manage_view()
    ),
    "accounts:account_deactivate": UrlSpec(
        kwargs=account_of,
        cells=tuple(WARD_OF),
        expect=manage_view(get_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    "accounts:account_reactivate": UrlSpec(
        kwargs=account_of,
        cells=tuple(WARD_OF),
        expect=manage_view(get_allowed=Outcome.METHOD_NOT_ALLOWED),
    ),
    # GET asks to confirm; POST makes the new password and shows it.
    "accounts:account_password": UrlSpec(
        kwargs=account_of, cells=tuple(WARD_OF), expect=manage_view()
    ),
}
