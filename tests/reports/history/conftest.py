"""Records with a history made by named users: ward W (cell A, member, meeting, household) and ward V."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractUser
from django.db import models

from cells.models import Cell, Household, Member, RoleKind
from meetings.models import Attendance, Mark, Meeting
from scoring.models import ScoreSheet
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    GroupFactory,
    HouseholdFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    RoleFactory,
    ScoreSheetFactory,
    UserFactory,
    WardFactory,
)
from wards.models import Ward


def save_as(obj: models.Model, user: AbstractUser | None, **changes: object) -> None:
    """Save ``obj`` with ``changes`` as if ``user`` had done it on the web."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


@dataclass
class Records:
    ward: Ward
    other_ward: Ward
    cell: Cell
    other_cell: Cell
    member: Member
    household: Household
    meeting: Meeting
    attendance: Attendance
    sheet: ScoreSheet
    official: AbstractUser
    secretary: AbstractUser
    viewer: AbstractUser
    other_official: AbstractUser


@pytest.fixture
def records(db) -> Records:
    ward = WardFactory(code="DT", name="Phường Đồng Tâm")
    other_ward = WardFactory(code="YN", name="Phường Yên Ninh")
    official = UserFactory(username="phuong", first_name="Lê Thị Phường")
    RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    other_official = UserFactory(username="yenninh")
    RoleFactory(user=other_official, kind=RoleKind.WARD_OFFICIAL, ward=other_ward)
    viewer = UserFactory(username="xem")
    RoleFactory(user=viewer, kind=RoleKind.VIEWER, ward=ward)
    cell = CellFactory(ward=ward, code="C01", name="Chi bộ Tổ dân phố số 1")
    other_cell = CellFactory(ward=other_ward, code="C50", name="Chi bộ Yên Ninh 1")
    secretary = UserFactory(username="bithu1", first_name="Hoàng Văn Bí")
    RoleFactory(user=secretary, kind=RoleKind.CELL_SECRETARY, cell=cell)

    household = HouseholdFactory(
        code="HGD001", group=GroupFactory(ward=ward), head_name="Nguyễn Văn An"
    )
    member = MemberFactory.build(
        code="DV0001",
        full_name="Nguyễn Văn An",
        gender="male",
        joined_on=datetime.date(1995, 5, 19),
        official_on=datetime.date(1996, 5, 19),
    )
    save_as(member, secretary)
    save_as(member, official, full_name="Nguyễn Văn Anh", household=household)
    MembershipFactory(member=member, cell=cell, start=datetime.date(2010, 1, 1))
    meeting = MeetingFactory(cell=cell, held_on=datetime.date(2025, 3, 5))
    attendance = AttendanceFactory(meeting=meeting, member=member, mark=Mark.PRESENT)
    save_as(attendance, secretary, mark=Mark.ABSENT)
    sheet = ScoreSheetFactory(meeting=meeting, total=Decimal("98"))
    save_as(sheet, official, total=Decimal("96.5"))
    save_as(cell, official, name="Chi bộ Tổ dân phố số 1 – Đồng Tâm")
    save_as(household, official, address="Số 5, ngõ 12 Nguyễn Thái Học")
    return Records(
        ward,
        other_ward,
        cell,
        other_cell,
        member,
        household,
        meeting,
        attendance,
        sheet,
        official,
        secretary,
        viewer,
        other_official,
    )
