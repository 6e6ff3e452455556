"""Concise ``CellYearFacts`` for the pure scoring tests (no database).

``cell_facts()`` is a residential cell that passes all 13 criteria of 2025: three members on the roll all
year, a regular meeting on the 10th of each month (combined with the quarter's thematic meeting in March,
June, September and December), everybody present, every meeting at 99 points and class 1, two study
sessions (20 February, 20 August), every yearly record in place. The ``with_*`` helpers return a copy with
one thing changed, so that a test states only what differs from that cell.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from scoring.domain import (
    CellYearFacts,
    CriterionResult,
    HouseholdFact,
    MeetingFact,
    MemberFact,
    Period,
    WorkingAway,
)

YEAR = 2025
CELL = "C01"
LONG_AGO = datetime.date(2015, 1, 1)
YEAR_OVER = datetime.date(YEAR + 1, 1, 15)
QUARTER_MONTHS = (3, 6, 9, 12)
STUDY_DAYS = (datetime.date(YEAR, 2, 20), datetime.date(YEAR, 8, 20))
KIND_NUMBER = {"regular": 1, "thematic": 2, "combined": 3, "study": 4}
NAMES = {
    1: "Nguyễn Văn An",
    2: "Trần Thị Bình",
    3: "Lê Văn Cường",
    4: "Phạm Thị Dung",
    5: "Hoàng Văn Em",
}


def day(month: int, dd: int = 10, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, dd)


def member_code(member_id: int) -> str:
    return f"DV{member_id:03d}"


def household_code(household_id: int) -> str:
    return f"HGD{household_id:03d}"


def meeting_key(held_on: datetime.date, kind: str) -> str:
    """``<cell>-<yyyymmdd>-<kind>``, as DESIGN.md keys web-logged meetings."""
    return f"{CELL}-{held_on:%Y%m%d}-{kind}"


def month_key(month: int) -> str:
    """The key of the default regular (or combined) meeting of ``month``."""
    kind = "combined" if month in QUARTER_MONTHS else "regular"
    return meeting_key(day(month), kind)


def study_key(month: int) -> str:
    return meeting_key(day(month, 20), "study")


def member(
    member_id: int,
    *,
    start: datetime.date = LONG_AGO,
    end: datetime.date | None = None,
    exemptions: Iterable[Period] = (),
    working_away: Iterable[WorkingAway] = (),
    household_id: int | None | bool = True,
    record: bool = True,
    rating: str = "good",
    compliant: bool | None = True,
    feedback: str = "good",
) -> MemberFact:
    """A member on the roll from ``start`` to ``end``; ``household_id=True`` gives the member's own."""
    return MemberFact(
        id=member_id,
        code=member_code(member_id),
        full_name=NAMES.get(member_id, f"Member {member_id}"),
        memberships=(Period(start, end),),
        exemptions=tuple(exemptions),
        working_away=tuple(working_away),
        household_id=member_id if household_id is True else household_id or None,
        has_year_record=record,
        rating=rating if record else "",
        resolution_compliant=compliant if record else None,
        residence_feedback=feedback if record else "",
    )


def household(
    household_id: int,
    *,
    record: bool = True,
    cultured: bool = True,
    poverty: str = "none",
    civilized: bool = True,
) -> HouseholdFact:
    return HouseholdFact(
        id=household_id,
        code=household_code(household_id),
        head_name=NAMES.get(household_id, f"Head {household_id}"),
        has_year_record=record,
        cultured_family=cultured if record else False,
        poverty=poverty if record else "",
        civilized_rules=civilized if record else False,
    )


def meeting(
    held_on: datetime.date,
    members: Iterable[MemberFact],
    *,
    kind: str = "regular",
    marks: Mapping[int, str] | None = None,
    score: Decimal | str | None = "99",
    klass: int | None = 1,
    key: str | None = None,
    meeting_id: int | None = None,
) -> MeetingFact:
    """A meeting where every member on the roll that day is present, unless ``marks`` says otherwise."""
    roll = {m.id: "present" for m in members if m.on_roll(held_on)}
    if marks is not None:
        roll = dict(marks)
    scored = kind != "study" and score is not None
    return MeetingFact(
        id=meeting_id or held_on.toordinal() * 10 + KIND_NUMBER[kind],
        key=key or meeting_key(held_on, kind),
        held_on=held_on,
        kind=kind,
        marks=roll,
        score=Decimal(str(score)) if scored else None,
        meeting_class=klass if scored else None,
    )


def standard_meetings(
    members: Iterable[MemberFact], year: int = YEAR
) -> tuple[MeetingFact, ...]:
    """A regular meeting on the 10th of every month (combined in the last month of each quarter) and the
    two study sessions, in date order."""
    members = tuple(members)
    meetings = [
        meeting(
            day(month, 10, year),
            members,
            kind="combined" if month in QUARTER_MONTHS else "regular",
        )
        for month in range(1, 13)
    ]
    meetings += [
        meeting(study.replace(year=year), members, kind="study") for study in STUDY_DAYS
    ]
    return tuple(sorted(meetings, key=lambda m: m.held_on))


def cell_facts(
    *,
    kind: str = "residential",
    as_of: datetime.date = YEAR_OVER,
    members: Iterable[MemberFact] | None = None,
    meetings: Iterable[MeetingFact] | None = None,
    households: Iterable[HouseholdFact] | None = None,
    founded_on: datetime.date | None = None,
    dissolved_on: datetime.date | None = None,
    rating: str = "excellent",
    targets: tuple[int | None, int | None] = (10, 10),
    satisfaction: Decimal | str | None = "100",
    group_cultured: bool | None = True,
) -> CellYearFacts:
    """A cell that passes every criterion, except what the arguments change.

    As ``facts.py`` does, only the meetings held by ``as_of`` are kept.
    """
    members = (
        tuple(members) if members is not None else (member(1), member(2), member(3))
    )
    if meetings is None:
        meetings = standard_meetings(members)
    if households is None:
        ids = sorted({m.household_id for m in members if m.household_id})
        households = [household(i) for i in ids]
    met, total = targets
    return CellYearFacts(
        cell_id=1,
        code=CELL,
        name="Chi bộ Tổ dân phố số 1",
        kind=kind,
        year=YEAR,
        as_of=as_of,
        founded_on=founded_on,
        dissolved_on=dissolved_on,
        meetings=tuple(m for m in meetings if m.held_on <= as_of),
        members=members,
        households=tuple(households),
        has_cell_year=True,
        rating=rating,
        targets_total=total,
        targets_met=met,
        satisfaction_percent=None if satisfaction is None else Decimal(satisfaction),
        group_cultured=group_cultured,
    )


def with_meeting(facts: CellYearFacts, key: str, **changes) -> CellYearFacts:
    """``facts`` with the meeting ``key`` changed (``score`` may be given as text)."""
    if "score" in changes and changes["score"] is not None:
        changes["score"] = Decimal(str(changes["score"]))
    found = [m for m in facts.meetings if m.key == key]
    assert found, f"no meeting {key}"
    return dataclasses.replace(
        facts,
        meetings=tuple(
            dataclasses.replace(m, **changes) if m.key == key else m
            for m in facts.meetings
        ),
    )


def with_mark(
    facts: CellYearFacts, key: str, member_id: int, mark: str | None
) -> CellYearFacts:
    """``facts`` with one member's mark at meeting ``key`` set (None: no mark)."""
    marks = dict(next(m for m in facts.meetings if m.key == key).marks)
    if mark is None:
        marks.pop(member_id, None)
    else:
        marks[member_id] = mark
    return with_meeting(facts, key, marks=marks)


def without_meetings(facts: CellYearFacts, *keys: str) -> CellYearFacts:
    assert all(any(m.key == k for m in facts.meetings) for k in keys), keys
    return dataclasses.replace(
        facts, meetings=tuple(m for m in facts.meetings if m.key not in keys)
    )


def with_meetings(facts: CellYearFacts, *meetings: MeetingFact) -> CellYearFacts:
    return dataclasses.replace(
        facts,
        meetings=tuple(sorted(facts.meetings + meetings, key=lambda m: m.held_on)),
    )


def with_member(facts: CellYearFacts, member_id: int, **changes) -> CellYearFacts:
    assert any(m.id == member_id for m in facts.members), member_id
    return dataclasses.replace(
        facts,
        members=tuple(
            m._replace(**changes) if m.id == member_id else m for m in facts.members
        ),
    )


def with_household(facts: CellYearFacts, household_id: int, **changes) -> CellYearFacts:
    assert any(h.id == household_id for h in facts.households), household_id
    return dataclasses.replace(
        facts,
        households=tuple(
            h._replace(**changes) if h.id == household_id else h
            for h in facts.households
        ),
    )


def evidence_refs(result: CriterionResult) -> list[tuple]:
    """The evidence as ``(kind, ref, date)``: what a test asserts instead of translated text."""
    return [(e.kind, e.ref, e.date) for e in result.evidence]
