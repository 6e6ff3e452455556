"""A small ward for the web import: ward W with cell A, one member on its roll, a ward official and a
secretary; uploads go to a temporary MEDIA_ROOT."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser

from cells.models import Cell, Member, RoleKind
from tests.factories import (
    CellFactory,
    MemberFactory,
    MembershipFactory,
    RoleFactory,
    UserFactory,
    WardFactory,
)
from wards.models import Ward


@dataclass
class Place:
    ward: Ward
    cell: Cell
    member: Member
    official: AbstractUser
    secretary: AbstractUser


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def place(db) -> Place:
    ward = WardFactory(code="DT", name="Phường Đồng Tâm")
    cell = CellFactory(ward=ward, code="C01", name="Chi bộ Tổ dân phố số 1")
    member = MemberFactory(
        code="DV0001",
        full_name="Nguyễn Văn An",
        birth_date=datetime.date(1970, 4, 2),
        joined_on=datetime.date(1995, 5, 19),
        official_on=datetime.date(1996, 5, 19),
    )
    MembershipFactory(member=member, cell=cell, start=datetime.date(2010, 1, 1))
    official = UserFactory(username="phuong", first_name="Lê Thị Phường")
    RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    secretary = UserFactory(username="bithu1")
    RoleFactory(user=secretary, kind=RoleKind.CELL_SECRETARY, cell=cell)
    return Place(ward, cell, member, official, secretary)
