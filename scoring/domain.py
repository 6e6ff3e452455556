"""The plain data that the scoring rules read and return.

``facts.py`` builds these from the database with a constant number of queries; ``rules.py`` reads them
without touching the database. Nothing here imports from ``django.db``.
"""

from __future__ import annotations

import datetime
import enum
import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from scoring.attendance import ABSENT, EVALUATED_KINDS, EXCUSED, EXEMPT, PRESENT

T = TypeVar("T")
MARKS = (PRESENT, EXCUSED, ABSENT, EXEMPT)  # also the names of MeetingFact's numbers


def built(cls: type[T], fields: dict[str, Any]) -> T:
    """An instance of a frozen dataclass below, from a dict of every one of its fields, without its
    generated ``__init__``: the dict becomes the instance's own.

    A frozen dataclass sets each field through ``object.__setattr__``: three times slower, and
    ``build_facts`` makes a province's 28,000 meetings this way (docs/performance.md). Every field is
    given (for a ``MeetingFact``, ``marks`` None); the result equals the constructor's
    (tests/scoring/test_facts.py).
    """
    instance = object.__new__(cls)
    object.__setattr__(instance, "__dict__", fields)
    return instance


class State(enum.StrEnum):
    """A criterion's verdict, decided in this order: failed, undecided, pending, passed."""

    PASSED = "passed"
    FAILED = "failed"
    UNDECIDED = "undecided"  # data that should exist by the as-of date is missing
    PENDING = "pending"  # part of the requirement is not due yet at the as-of date
    NOT_APPLICABLE = "not_applicable"


class Evidence(NamedTuple):
    """One fact behind a verdict: a member, a meeting, a month, a quarter, a household or the cell.

    Like ``CriterionResult``, an immutable named tuple rather than a frozen dataclass: a province's
    evaluation makes 47,000 of them, three times faster this way (docs/performance.md).
    """

    kind: str
    ref: str
    text: str
    date: datetime.date | None = None
    label: str = ""  # a short form for one-line details ("Lê Văn C (10/07/2025)"); not in the JSON

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "ref": self.ref,
            "date": self.date.isoformat() if self.date else None,
            "text": self.text,
        }


class CriterionResult(NamedTuple):
    state: State
    value: float | None = None
    required: float | None = None
    detail: str = ""
    evidence: tuple[Evidence, ...] = ()

    @property
    def passed(self) -> bool | None:
        if self.state == State.PASSED:
            return True
        if self.state == State.FAILED:
            return False
        return None


@dataclass(frozen=True)
class Period:
    """A dated period, both ends inclusive; ``end`` None is open."""

    start: datetime.date
    end: datetime.date | None = None

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, start: datetime.date, end: datetime.date) -> bool:
        return self.start <= end and (self.end is None or self.end >= start)


@dataclass(frozen=True)
class WorkingAway(Period):
    contact_kept: bool = False


@dataclass(frozen=True)
class MeetingFact:
    """A counted (submitted or locked) meeting of the cell in the year, with its marks and score.

    The marks are kept as the rules read them: the number of members given each mark (``present``,
    ``excused``, ``absent``, ``exempt``), and ``not_present``, the members marked anything but present
    (the evidence names them). A province's facts thus hold its absences, not its 800,000 marks
    (docs/performance.md). Built in memory (the tests), a meeting may be given every mark instead
    (``marks``), and both are derived from them; the rules never read ``marks``.
    """

    id: int
    key: str
    held_on: datetime.date
    kind: str  # regular, thematic, combined, study
    # member id -> mark, every member; None when read from the database
    marks: Mapping[int, str] | None = None
    score: Decimal | None = None  # None: unscored
    meeting_class: int | None = None
    self_score: Decimal | None = None
    upper_score: Decimal | None = None
    # The number of members given each mark (the fields are named as the marks).
    present: int = 0
    excused: int = 0
    absent: int = 0
    exempt: int = 0
    not_present: Mapping[int, str] = field(default_factory=dict)  # member id -> mark

    def __post_init__(self) -> None:
        marks = self.marks
        if marks is None:
            return
        numbers = Counter(marks.values())
        unknown = numbers.keys() - set(MARKS)
        if unknown:
            raise ValueError(f"unknown marks: {sorted(unknown)}")
        for mark in MARKS:
            object.__setattr__(self, mark, numbers[mark])
        object.__setattr__(
            self,
            "not_present",
            {member: mark for member, mark in marks.items() if mark != PRESENT},
        )

    @property
    def is_scored(self) -> bool:
        return self.score is not None

    @property
    def has_marks(self) -> bool:
        """Attendance has been recorded (at least one mark)."""
        return bool(self.present or self.excused or self.absent or self.exempt)

    @property
    def marked(self) -> int:
        """The number of members marked: those on the roll that day."""
        return self.present + self.excused + self.absent + self.exempt

    @property
    def tally(self) -> dict[str, int]:
        """Mark -> number of members, the marks given only."""
        return {mark: n for mark in MARKS if (n := getattr(self, mark))}

    def count(self, mark: str) -> int:
        if mark not in MARKS:
            raise ValueError(f"unknown mark: {mark}")
        return getattr(self, mark)


class MemberFact(NamedTuple):
    """A member who was on the cell's roll on at least one day of the year.

    Members and households are immutable named tuples rather than frozen dataclasses: a province has
    110,000 of them, made three times faster and read faster this way (docs/performance.md).
    """

    id: int
    code: str
    full_name: str
    memberships: tuple[Period, ...]  # the periods in this cell that touch the year
    exemptions: tuple[Period, ...] = ()  # approved exemptions touching the year
    working_away: tuple[WorkingAway, ...] = ()
    household_id: int | None = None
    has_year_record: bool = False
    rating: str = ""
    resolution_compliant: bool | None = None
    residence_feedback: str = ""  # "" when missing

    def on_roll(self, day: datetime.date) -> bool:
        # Period.covers, inlined: a province's 57,000 members are looked at.
        for period in self.memberships:
            if period.start <= day and (period.end is None or day <= period.end):
                return True
        return False

    def exempt_on(self, day: datetime.date) -> bool:
        return any(period.covers(day) for period in self.exemptions)


class HouseholdFact(NamedTuple):
    id: int
    code: str
    head_name: str
    has_year_record: bool = False
    cultured_family: bool = False
    poverty: str = ""
    civilized_rules: bool = False


@dataclass(frozen=True)
class CellYearFacts:
    """Everything the 13 criteria read about one cell in one year, as known at ``as_of``."""

    cell_id: int
    code: str
    name: str
    kind: str
    year: int
    as_of: datetime.date
    founded_on: datetime.date | None = None
    dissolved_on: datetime.date | None = None
    meetings: tuple[MeetingFact, ...] = ()
    members: tuple[MemberFact, ...] = ()
    households: tuple[HouseholdFact, ...] = ()
    has_cell_year: bool = False
    rating: str = ""
    targets_total: int | None = None
    targets_met: int | None = None
    satisfaction_percent: Decimal | None = None
    group_cultured: bool | None = None
    # Members marked at a meeting of the year without being on the cell's roll that year (a roll edited
    # after the marks): member id -> (code, full name), so that the evidence still names them.
    others: Mapping[int, tuple[str, str]] = field(default_factory=dict)

    @functools.cached_property
    def year_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @functools.cached_property
    def year_over(self) -> bool:
        """Year-end records (ratings, titles, cell records) are due once the year has ended."""
        return self.as_of >= self.year_end

    def member(self, member_id: int) -> MemberFact | None:
        return self._members_by_id.get(member_id)

    def who(self, member_id: int) -> tuple[str, str]:
        """(code, full name) of a member marked at a meeting, on the roll or not; the id when unknown."""
        member = self.member(member_id)
        if member is not None:
            return member.code, member.full_name
        return self.others.get(member_id, (str(member_id), str(member_id)))

    # Worked out once per facts (cached_property writes past the frozen dataclass's __setattr__): several
    # rules ask for each of these. ``build_facts`` gives them already (``with_views``).
    @functools.cached_property
    def _members_by_id(self) -> dict[int, MemberFact]:
        return {member.id: member for member in self.members}

    @functools.cached_property
    def households_by_id(self) -> dict[int, HouseholdFact]:
        return {household.id: household for household in self.households}

    @functools.cached_property
    def member_household_ids(self) -> tuple[int, ...]:
        """The households of the members on the roll in the year, by id (their facts:
        ``households_by_id``)."""
        return tuple(sorted({m.household_id for m in self.members if m.household_id}))

    @functools.cached_property
    def members_without_household(self) -> tuple[MemberFact, ...]:
        return tuple(m for m in self.members if m.household_id is None)

    def existed_on(self, day: datetime.date) -> bool:
        if self.founded_on and day < self.founded_on:
            return False
        return not (self.dissolved_on and day > self.dissolved_on)

    @functools.cached_property
    def evaluated_meetings(self) -> tuple[MeetingFact, ...]:
        """The regular, thematic and combined meetings (not the study sessions)."""
        return tuple(m for m in self.meetings if m.kind in EVALUATED_KINDS)

    @functools.cached_property
    def members_at_year_end(self) -> tuple[MemberFact, ...]:
        """The members on the roll on the year's last day."""
        year_end = self.year_end
        return tuple(m for m in self.members if m.on_roll(year_end))

    def with_views(self, **views: Any) -> CellYearFacts:
        """These facts with some of their derived views (the cached properties above) given.

        ``build_facts`` works them out while each cell's rows are at hand: afterwards, a province's
        evaluation spent 60 ms reading every member and meeting again from memory (docs/performance.md).
        Each view must equal what its property computes (tests/scoring/test_facts.py compares them).
        """
        for name in views:
            if not isinstance(type(self).__dict__.get(name), functools.cached_property):
                raise AttributeError(f"{name} is not a view of the facts")
        self.__dict__.update(views)
        return self
