"""A ward with cells whose year can be printed: members on the roll, a secretary in office, meetings with
attendance and both score sheets, yearly ratings (the cell "Hoàn thành xuất sắc nhiệm vụ")."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pypdf

from cells.models import Cell, Member, OfficePosition, Rating
from meetings.models import Attendance, Mark, Meeting, MeetingKind
from scoring.models import Scorer
from tests import factories as f
from wards.models import Ward

YEAR = 2025
SECRETARY = "Nguyễn Thị Bí Thư"
WARD_SECRETARY = "Lê Văn Đảng Ủy"


def printable_ward(*, code: str = "DT") -> Ward:
    """Phường Đồng Tâm with its committee's secretary in office."""
    ward = f.WardFactory(
        code=code,
        name="Phường Đồng Tâm",
        committee_name="Đảng bộ phường Đồng Tâm",
        city="Yên Bái",
    )
    f.OfficeFactory(
        cell=None,
        ward=ward,
        member__full_name=WARD_SECRETARY,
        position=OfficePosition.SECRETARY,
    )
    return ward


def printable_cell(
    ward: Ward,
    *,
    code: str = "CB01",
    name: str = "Chi bộ Tổ dân phố số 5",
    members: int = 5,
    meetings: int = 3,
    secretary: str = SECRETARY,
) -> Cell:
    """``members`` on the roll all year (the first is the secretary) and ``meetings`` regular meetings
    (one a month from January), everybody present but the last member absent with excuse in the first
    meeting, self score 99 and upper score 98,5 (class 1)."""
    cell = f.CellFactory(ward=ward, code=code, name=name)
    roll: list[Member] = []
    for index in range(members):
        membership = f.MembershipFactory(
            cell=cell,
            member__full_name=secretary
            if index == 0
            else f"Phạm Văn Thành Viên {index}",
            member__household=f.HouseholdFactory(group__ward=ward),
        )
        roll.append(membership.member)
        f.MemberYearFactory(
            member=membership.member,
            year=YEAR,
            rating=Rating.EXCELLENT if index == 0 else Rating.GOOD,
        )
    f.OfficeFactory(cell=cell, member=roll[0], position=OfficePosition.SECRETARY)
    f.CellYearFactory(cell=cell, year=YEAR, rating=Rating.EXCELLENT)
    for number in range(meetings):
        month = number % 12 + 1
        held_on = datetime.date(YEAR, month, 5 + number // 12 * 10)
        meeting = f.MeetingFactory(
            cell=cell,
            kind=MeetingKind.REGULAR,
            held_on=held_on,
            key=f"{code}-{held_on:%Y%m%d}-regular",
        )
        Attendance.objects.bulk_create(
            Attendance(
                meeting=meeting,
                member=member,
                mark=Mark.EXCUSED
                if number == 0 and index == members - 1
                else Mark.PRESENT,
            )
            for index, member in enumerate(roll)
        )
        f.ScoreSheetFactory(meeting=meeting, scorer=Scorer.SELF, total=Decimal("99"))
        f.ScoreSheetFactory(meeting=meeting, scorer=Scorer.UPPER, total=Decimal("98.5"))
    return cell


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


def meeting_count(cell: Cell) -> int:
    return Meeting.objects.filter(cell=cell).count()
