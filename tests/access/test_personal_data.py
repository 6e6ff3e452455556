"""Citizen IDs and phone numbers are shown only to ward officials and the member's own cell secretary
(DESIGN.md "Users and access"): every GET URL of the permission matrix is opened by each role, on the
objects of cell A and on the pages about no one cell, and the answer (HTML, JSON, or the sheets of a
workbook) is searched for member A's citizen ID and phone number."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.access.matrix import MATRIX
from tests.access.world import World, build_world

pytestmark = pytest.mark.django_db

# Who may see member A's personal data; the superuser, who administers everything, too.
ALLOWED = {"official", "secretary_a", "superuser"}
ROLES = ("viewer", "secretary_b", "secretary_a", "official")


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def body(response: HttpResponse) -> bytes:
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if content.startswith(b"PK"):  # a workbook: its sheets are zipped XML
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return b"".join(book.read(name) for name in book.namelist())
    return content


def answers(client: Client, world: World, role: str) -> dict[str, bytes]:
    """Every GET answer of the matrix for ``role``, about cell A or about no cell, by URL."""
    client.force_login(world.users[role])
    found = {}
    for name, spec in sorted(MATRIX.items()):
        if "GET" not in spec.methods or name.startswith("admin:"):
            continue
        for cell in spec.cells:
            if cell not in ("A", None):
                continue
            url = reverse(name, kwargs=spec.kwargs(world, cell))
            response = client.get(url)
            if response.status_code == 200:
                found[url] = body(response)
    return found


@pytest.mark.parametrize("role", ROLES)
def test_personal_data_shows_only_to_officials_and_the_members_own_secretary(
    client: Client, world: World, role: str
) -> None:
    member = world.members["A"]
    assert member.citizen_id and member.phone
    private = (member.citizen_id.encode(), member.phone.encode())
    pages = answers(client, world, role)
    assert pages, "the role opens no page at all"
    showing = sorted(
        url for url, content in pages.items() if any(p in content for p in private)
    )
    if role in ALLOWED:
        member_page = reverse(
            "cells:member_detail",
            args=[world.cells["A"].code, member.code],
        )
        assert member_page in showing
    else:
        assert showing == [], f"{role} sees member A's citizen ID or phone on {showing}"


def test_the_evaluation_api_never_carries_personal_data(
    client: Client, world: World
) -> None:
    client.force_login(world.users["official"])
    response = client.get(reverse("scoring:evaluations", args=[2025]))
    text = response.content.decode()
    assert response.status_code == 200
    for member in world.members.values():
        assert member.citizen_id not in text and member.phone not in text
    assert "citizen_id" not in text and "phone" not in text
