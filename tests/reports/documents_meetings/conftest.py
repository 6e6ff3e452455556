"""A cell of Đồng Tâm with a held meeting (every field of its minutes, marks of every kind, two score
sheets), a planned meeting and the year's ratings: what the minutes, the attendance sheet and the ratings
list print."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

import pypdf
import pytest
from django.contrib.auth.models import User
from django.test import Client

from cells.models import Cell, Member, Rating, RoleKind
from meetings.models import Mark, Meeting, MeetingKind, MeetingState
from scoring.models import Scorer
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    MemberYearFactory,
    OfficeFactory,
    RoleFactory,
    ScoreSheetFactory,
    StatusPeriodFactory,
    UserFactory,
    WardFactory,
)

HELD_ON = datetime.date(2025, 3, 5)


@dataclass
class Place:
    cell: Cell
    meeting: Meeting
    planned: Meeting
    members: dict[str, Member] = field(default_factory=dict)
    secretary_user: User | None = None
    official_user: User | None = None


def add_members(cell: Cell, names: list[str], *, prefix: str = "DV") -> list[Member]:
    members = []
    for n, name in enumerate(names, start=1):
        member = MemberFactory(code=f"{prefix}{n:04d}", full_name=name)
        MembershipFactory(member=member, cell=cell, start=datetime.date(2015, 1, 1))
        members.append(member)
    return members


def build_place(extra_members: int = 0) -> Place:
    ward = WardFactory(
        code="DONGTAM",
        name="Phường Đồng Tâm",
        committee_name="Đảng bộ phường Đồng Tâm",
        city="Yên Bái",
    )
    cell = CellFactory(ward=ward, code="DT-C05", name="Chi bộ Tổ dân phố số 5")
    names = [
        "Nguyễn Văn An",
        "Trần Thị Bích",
        "Lê Văn Cường",
        "Phạm Thị Dung",
        "Hoàng Văn Em",
        "Đỗ Thị Giang",
    ] + [f"Vũ Văn Thêm {n}" for n in range(1, extra_members + 1)]
    members = add_members(cell, names)
    an, bich, cuong, dung, em, giang = members[:6]
    giang.official_on = None
    giang.joined_on = datetime.date(2024, 9, 2)
    giang.save()
    StatusPeriodFactory(member=em)  # exempt through 2025
    OfficeFactory(member=an, cell=cell, start=datetime.date(2020, 1, 1))
    meeting = MeetingFactory(
        cell=cell,
        kind=MeetingKind.REGULAR,
        state=MeetingState.SUBMITTED,
        held_on=HELD_ON,
        start_time=datetime.time(19, 30),
        end_time=datetime.time(21, 15),
        place="Nhà văn hóa Tổ dân phố số 5",
        topic="Sinh hoạt thường kỳ tháng 3/2025",
        chair=an,
        minute_taker=bich,
        upper_attendee="Đồng chí Nguyễn Thị Vân, Đảng ủy viên",
        speakers=3,
        targets_met_percent=Decimal("87.5"),
        content="Đánh giá kết quả tháng 2.\nTriển khai nhiệm vụ tháng 3.",
        conclusion="Chi bộ thống nhất nghị quyết tháng 3/2025.",
        votes_for=3,
        votes_against=0,
        votes_abstain=1,
        minutes="Hồi 19 giờ 30 phút, chi bộ tiến hành sinh hoạt.",
    )
    marks = {
        an: (Mark.PRESENT, ""),
        bich: (Mark.PRESENT, ""),
        cuong: (Mark.EXCUSED, "ốm"),
        dung: (Mark.ABSENT, ""),
        em: (Mark.EXEMPT, ""),
        giang: (Mark.PRESENT, ""),
    }
    for extra in members[6:]:
        marks[extra] = (Mark.PRESENT, "")
    for member, (mark, note) in marks.items():
        AttendanceFactory(meeting=meeting, member=member, mark=mark, note=note)
    ScoreSheetFactory(meeting=meeting, scorer=Scorer.SELF, total=Decimal("96"))
    ScoreSheetFactory(meeting=meeting, scorer=Scorer.UPPER, total=Decimal("92.5"))
    planned = MeetingFactory(
        cell=cell,
        kind=MeetingKind.THEMATIC,
        state=MeetingState.PLANNED,
        held_on=datetime.date(2025, 4, 9),
        start_time=None,
        end_time=None,
        topic="Chuyên đề quý II",
    )
    ratings = [Rating.EXCELLENT, Rating.GOOD, Rating.GOOD, Rating.DONE, Rating.GOOD]
    for member, rating in zip(members, ratings, strict=False):
        MemberYearFactory(member=member, year=2025, rating=rating)
    for extra in members[6:]:
        MemberYearFactory(member=extra, year=2025, rating=Rating.GOOD)
    place = Place(
        cell=cell,
        meeting=meeting,
        planned=planned,
        members={m.full_name: m for m in members},
    )
    place.secretary_user = UserFactory(username="bithu5")
    RoleFactory(user=place.secretary_user, kind=RoleKind.CELL_SECRETARY, cell=cell)
    place.official_user = UserFactory(username="phuong")
    RoleFactory(user=place.official_user, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    return place


def grow(place: Place, n: int) -> None:
    """Put ``n`` more members on the roll, present at the meeting and rated good."""
    for member in add_members(
        place.cell, [f"Lý Văn Mới {k}" for k in range(1, n + 1)], prefix="EX"
    ):
        AttendanceFactory(meeting=place.meeting, member=member, mark=Mark.PRESENT)
        MemberYearFactory(member=member, year=2025, rating=Rating.GOOD)
        place.members[member.full_name] = member


def count_queries(action) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


@pytest.fixture
def place(db: None) -> Place:
    return build_place()


@pytest.fixture
def secretary(place: Place) -> Client:
    client = Client()
    client.force_login(place.secretary_user)
    return client


def pdf_text(pdf: bytes) -> str:
    """The text of every page of a PDF, in order."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
