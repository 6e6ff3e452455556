"""Every URL of the project, tried by every role on objects of cells A, B and C (see README.md)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import get_resolver, reverse

from tests.access.matrix import (
    EXCLUDED,
    EXCLUDED_NAMESPACES,
    EXCLUDED_ROUTE_PREFIXES,
    MATRIX,
    Case,
    Outcome,
    cases,
)
from tests.access.urlwalk import stale, undeclared, walk
from tests.access.world import CELLS, ROLES, World

CASES = list(cases())


def test_every_url_of_the_project_is_declared_in_the_matrix() -> None:
    missing = undeclared(
        walk(get_resolver()),
        declared=MATRIX,
        excluded=EXCLUDED,
        excluded_namespaces=EXCLUDED_NAMESPACES,
        excluded_route_prefixes=EXCLUDED_ROUTE_PREFIXES,
    )
    assert not missing, (
        "URLs without a permission matrix: declare them in tests/access/matrix.py "
        f"(see tests/access/README.md): {missing}"
    )


def test_no_declared_url_name_is_stale() -> None:
    gone = stale(walk(get_resolver()), names=[*MATRIX, *EXCLUDED])
    assert not gone, f"declared in tests/access/matrix.py but no longer routed: {gone}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_spec_covers_every_role_cell_and_method(name: str) -> None:
    spec = MATRIX[name]
    wanted = {
        (role, cell, method)
        for role in ROLES
        for cell in spec.cells
        for method in spec.methods
    }
    assert set(spec.expect) >= wanted
    assert set(spec.cells) <= {*CELLS, None}


def answer(case: Case, world: World, client: Client) -> HttpResponse:
    user = world.users[case.role]
    if user is not None:
        client.force_login(user)
    spec = MATRIX[case.name]
    url = reverse(case.name, kwargs=spec.kwargs(world, case.cell))
    if case.method == "GET":
        return client.get(url)
    return client.post(url, spec.post_data(world, case.cell))


def login_prefix() -> str:
    return resolve_url(settings.LOGIN_URL) + "?next="


def describe(response: HttpResponse) -> str:
    location = response.headers.get("Location")
    return f"{response.status_code}" + (f" → {location}" if location else "")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_url_answers_each_role_as_declared(
    case: Case, world: World, client: Client
) -> None:
    response = answer(case, world, client)
    status = response.status_code
    location = response.headers.get("Location", "")
    got = describe(response)
    if case.expected is Outcome.LOGIN:
        assert status == 302 and location.startswith(login_prefix()), got
    elif case.expected is Outcome.ADMIN_LOGIN:
        assert status == 302 and location.startswith(reverse("admin:login")), got
    elif case.expected is Outcome.OK:
        assert 200 <= status < 400, got
        assert not location.startswith((login_prefix(), reverse("admin:login"))), got
    else:
        assert status == int(case.expected.value), got
