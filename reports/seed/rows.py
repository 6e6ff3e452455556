"""The plan of one ward: plain rows keyed by natural keys (codes), built without the database.

Rows are ``NamedTuple``s, so two plans compare with ``==`` and a plan can be dumped canonically. Relations
are codes (``cell_code``, ``member_code``, ``meeting_key``); the writer turns them into primary keys.
"""

import datetime
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import NamedTuple


class WardRow(NamedTuple):
    code: str
    name: str
    committee_name: str
    city: str
    province: str


class GroupRow(NamedTuple):
    code: str
    name: str


class CellRow(NamedTuple):
    code: str
    name: str
    kind: str
    group_codes: tuple[str, ...]
    founded_on: datetime.date | None
    dissolved_on: datetime.date | None


class HouseholdRow(NamedTuple):
    code: str
    group_code: str | None
    head_name: str
    address: str


class MemberRow(NamedTuple):
    code: str
    card_number: str
    full_name: str
    gender: str
    birth_date: datetime.date
    citizen_id: str
    phone: str
    household_code: str
    joined_on: datetime.date
    official_on: datetime.date | None


class MembershipRow(NamedTuple):
    member_code: str
    cell_code: str
    start: datetime.date
    end: datetime.date | None


class StatusRow(NamedTuple):
    member_code: str
    kind: str
    start: datetime.date
    end: datetime.date | None
    approved: bool
    approved_on: datetime.date | None
    approved_by: str
    contact_kept: bool
    note: str


class OfficeRow(NamedTuple):
    member_code: str
    cell_code: str | None  # None: an office of the ward
    position: str
    start: datetime.date
    end: datetime.date | None


class MemberYearRow(NamedTuple):
    member_code: str
    year: int
    rating: str
    resolution_compliant: bool
    residence_feedback: str


class HouseholdYearRow(NamedTuple):
    household_code: str
    year: int
    cultured_family: bool
    poverty: str
    civilized_rules: bool


class CellYearRow(NamedTuple):
    cell_code: str
    year: int
    rating: str
    targets_total: int | None
    targets_met: int | None
    satisfaction_percent: Decimal | None
    group_cultured: bool | None


class MeetingRow(NamedTuple):
    key: str
    cell_code: str
    kind: str
    state: str
    held_on: datetime.date
    start_time: datetime.time | None
    end_time: datetime.time | None
    place: str
    topic: str
    chair_code: str | None
    minute_taker_code: str | None
    upper_attendee: str
    speakers: int | None
    targets_met_percent: Decimal | None
    content: str
    conclusion: str
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    minutes: str
    updated_at: datetime.datetime


class AttendanceRow(NamedTuple):
    meeting_key: str
    member_code: str
    mark: str
    note: str


class ItemRow(NamedTuple):
    item_code: str
    points: Decimal
    reason: str


class SheetRow(NamedTuple):
    meeting_key: str
    scorer: str
    scorer_name: str
    total_only: bool
    total: Decimal
    items: tuple[ItemRow, ...]
    updated_at: datetime.datetime


@dataclass
class WardPlan:
    """Everything seeded for one ward, in the order the writer inserts it."""

    ward: WardRow
    groups: list[GroupRow] = field(default_factory=list)
    cells: list[CellRow] = field(default_factory=list)
    households: list[HouseholdRow] = field(default_factory=list)
    members: list[MemberRow] = field(default_factory=list)
    memberships: list[MembershipRow] = field(default_factory=list)
    status_periods: list[StatusRow] = field(default_factory=list)
    offices: list[OfficeRow] = field(default_factory=list)
    member_years: list[MemberYearRow] = field(default_factory=list)
    household_years: list[HouseholdYearRow] = field(default_factory=list)
    cell_years: list[CellYearRow] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)
    attendance: list[AttendanceRow] = field(default_factory=list)
    sheets: list[SheetRow] = field(default_factory=list)

    def row_counts(self) -> dict[str, int]:
        """Rows per table, item scores counted apart from their sheets."""
        counts = {
            f.name: len(getattr(self, f.name)) for f in fields(self) if f.name != "ward"
        }
        counts["item_scores"] = sum(len(sheet.items) for sheet in self.sheets)
        return counts
