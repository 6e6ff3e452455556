"""cells.access itself: who sees which cells, and 404 against 403."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cells import access
from cells.access import Action
from cells.models import RoleKind
from tests.access.world import World
from tests.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def fresh(user):
    """The user as the next request sees it (the scope is cached on the user object)."""
    return type(user).objects.get(pk=user.pk)


def test_viewer_of_one_cell_sees_that_cell_only(world: World) -> None:
    user = RoleFactory(kind=RoleKind.VIEWER, cell=world.cells["B"]).user
    assert codes(access.cells_visible_to(user)) == {"CELLB"}
    assert codes(access.wards_visible_to(user)) == set()


def test_viewer_of_one_ward_sees_its_cells(world: World) -> None:
    assert codes(access.cells_visible_to(world.users["viewer"])) == {"CELLA", "CELLB"}
    assert codes(access.wards_visible_to(world.users["viewer"])) == {"W"}


def test_viewer_of_every_ward_sees_every_cell(world: World) -> None:
    user = RoleFactory(kind=RoleKind.VIEWER).user
    assert codes(access.cells_visible_to(user)) == {"CELLA", "CELLB", "CELLC"}
    assert codes(access.wards_visible_to(user)) == {"W", "V"}
    assert access.can(user, Action.READ, world.cells["C"])
    assert not access.can(user, Action.WRITE, world.cells["C"])


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("secretary_a", {"CELLA"}),
        ("secretary_b", {"CELLB"}),
        ("official", {"CELLA", "CELLB"}),
        ("superuser", {"CELLA", "CELLB", "CELLC"}),
        ("norole", set()),
    ],
)
def test_cells_visible_to_each_role(world: World, role: str, visible: set) -> None:
    assert codes(access.cells_visible_to(world.users[role])) == visible


def test_anonymous_sees_nothing(world: World) -> None:
    assert codes(access.cells_visible_to(AnonymousUser())) == set()
    assert not access.can(AnonymousUser(), Action.READ, world.cells["A"])


@pytest.mark.parametrize("role", ["viewer", "secretary_a", "official", "superuser"])
def test_an_inactive_user_sees_nothing(world: World, role: str) -> None:
    user = world.users[role]
    user.is_active = False
    user.save()
    user = fresh(user)
    assert codes(access.cells_visible_to(user)) == set()
    with pytest.raises(Http404):
        access.check(user, Action.READ, world.cells["A"])


def test_check_hides_a_cell_out_of_scope_with_404(world: World) -> None:
    with pytest.raises(Http404):
        access.check(world.users["secretary_a"], Action.READ, world.cells["B"])
    with pytest.raises(Http404):
        access.check(world.users["official"], Action.WRITE, world.cells["C"])


def test_check_refuses_an_action_in_scope_with_403(world: World) -> None:
    with pytest.raises(PermissionDenied):
        access.check(world.users["viewer"], Action.WRITE, world.cells["A"])
    with pytest.raises(PermissionDenied):
        access.check(world.users["secretary_a"], Action.LOCK, world.cells["A"])


def test_check_lets_the_allowed_action_through(world: World) -> None:
    access.check(world.users["secretary_a"], Action.WRITE, world.cells["A"])
    access.check(world.users["official"], Action.LOCK, world.cells["B"])
    access.check(world.users["superuser"], Action.MANAGE, world.cells["C"])


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        ("secretary_a", Action.READ, True),
        ("secretary_a", Action.WRITE, True),
        ("secretary_a", Action.PRINT, True),
        ("secretary_a", Action.PERSONAL_DATA, True),
        ("secretary_a", Action.LOCK, False),
        ("secretary_a", Action.SCORE_UPPER, False),
        ("secretary_a", Action.IMPORT, False),
        ("secretary_a", Action.MANAGE, False),
        ("official", Action.LOCK, True),
        ("official", Action.SCORE_UPPER, True),
        ("official", Action.PERSONAL_DATA, True),
        ("viewer", Action.READ, True),
        ("viewer", Action.PERSONAL_DATA, False),
        ("viewer", Action.PRINT, False),
    ],
)
def test_actions_of_each_role_on_cell_a(
    world: World, role: str, action: Action, allowed: bool
) -> None:
    assert access.can(world.users[role], action, world.cells["A"]) is allowed


def test_check_ward_hides_the_ward_from_a_secretary(world: World) -> None:
    with pytest.raises(Http404):
        access.check_ward(world.users["secretary_a"], Action.READ, world.ward)
    with pytest.raises(PermissionDenied):
        access.check_ward(world.users["viewer"], Action.MANAGE, world.ward)
    access.check_ward(world.users["official"], Action.MANAGE, world.ward)
    with pytest.raises(Http404):
        access.check_ward(world.users["official"], Action.READ, world.other_ward)


def test_a_user_with_two_roles_has_the_union_of_both(world: World) -> None:
    user = UserFactory(password=None)
    RoleFactory(user=user, kind=RoleKind.CELL_SECRETARY, cell=world.cells["A"])
    RoleFactory(user=user, kind=RoleKind.VIEWER, ward=world.other_ward)
    assert codes(access.cells_visible_to(user)) == {"CELLA", "CELLC"}
    assert access.can(user, Action.WRITE, world.cells["A"])
    assert access.can(user, Action.READ, world.cells["C"])
    with pytest.raises(PermissionDenied):
        access.check(user, Action.WRITE, world.cells["C"])
    with pytest.raises(Http404):
        access.check(user, Action.READ, world.cells["B"])
    assert access.is_secretary(user)
    assert not access.is_ward_official(user)


def test_a_secretary_who_is_also_viewer_of_the_ward_writes_only_their_cell(
    world: World,
) -> None:
    user = world.users["secretary_a"]
    RoleFactory(user=user, kind=RoleKind.VIEWER, ward=world.ward)
    user = fresh(user)
    assert codes(access.cells_visible_to(user)) == {"CELLA", "CELLB"}
    assert access.can(user, Action.WRITE, world.cells["A"])
    with pytest.raises(PermissionDenied):
        access.check(user, Action.WRITE, world.cells["B"])


def test_role_flags_for_the_navigation(world: World) -> None:
    assert access.is_ward_official(world.users["official"])
    assert not access.is_secretary(world.users["official"])
    assert access.is_secretary(world.users["secretary_a"])
    assert not access.is_ward_official(world.users["viewer"])
    assert not access.is_secretary(world.users["viewer"])


def test_the_scope_is_read_once_per_user_object(
    world: World, django_assert_num_queries
) -> None:
    user = fresh(world.users["official"])
    with django_assert_num_queries(1):
        access.can(user, Action.READ, world.cells["A"])
        access.can(user, Action.WRITE, world.cells["B"])
        access.cells_visible_to(user)
