"""Properties of the pure scoring code, checked with hypothesis over generated marks, totals and facts."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scoring.attendance import attendance_rate
from scoring.catalogue import ALL_KINDS, default_entries_for
from scoring.classes import meeting_class
from scoring.domain import (
    CellYearFacts,
    MeetingFact,
    MemberFact,
    Period,
    State,
    WorkingAway,
)
from scoring.rules import RULES
from tests.scoring.builders import (
    LONG_AGO,
    YEAR,
    cell_facts,
    household,
    meeting,
    member,
)

MARKS = ("present", "excused", "absent", "exempt")
MEETING_KINDS = ("regular", "thematic", "combined", "study")
YEAR_START = datetime.date(YEAR, 1, 1)
YEAR_END = datetime.date(YEAR, 12, 31)
LATEST = datetime.date(YEAR + 1, 2, 28)
PARAMS = {
    entry.key: entry.params for kind in ALL_KINDS for entry in default_entries_for(kind)
}

YEAR_END_RULES = {
    "member_ratings",
    "cell_rating",
    "resolution_compliance",
    "household_civilized",
    "household_cultured",
    "household_not_poor",
    "resolution_targets",
    "group_cultured",
    "residence_contact",
}

mark_lists = st.lists(st.sampled_from(MARKS), max_size=40)
half_points = st.integers(0, 200).map(lambda n: Decimal(n) / 2)


def dates(start: datetime.date, end: datetime.date) -> st.SearchStrategy:
    return st.integers(0, (end - start).days).map(
        lambda n: start + datetime.timedelta(days=n)
    )


# --- Attendance rate -----------------------------------------------------------------------------------


@given(mark_lists)
def test_rate_lies_in_0_1_and_is_1_exactly_without_absent_marks(
    marks: list[str],
) -> None:
    rate = attendance_rate(marks)
    assert 0 <= rate <= 1
    assert (rate == 1) == ("absent" not in marks)


@given(mark_lists, st.data())
def test_excusing_an_absence_never_lowers_the_rate(
    marks: list[str], data: st.DataObject
) -> None:
    absent = [i for i, mark in enumerate(marks) if mark == "absent"]
    assume(absent)
    i = data.draw(st.sampled_from(absent))
    excused = [*marks[:i], "excused", *marks[i + 1 :]]
    assert attendance_rate(excused) >= attendance_rate(marks)


# --- Meeting classes -----------------------------------------------------------------------------------


@st.composite
def class_bands(draw: st.DrawFn) -> list[tuple[int, Decimal]]:
    """1 to 5 bands: class 1 has the highest lowest total, class 2 the next, and so on."""
    lowest = draw(st.lists(half_points, min_size=1, max_size=5, unique=True))
    ordered = sorted(lowest, reverse=True)
    bands = [(klass, low) for klass, low in enumerate(ordered, 1)]
    return draw(st.permutations(bands))


@given(class_bands(), half_points, half_points, st.booleans(), st.booleans())
def test_more_points_never_give_a_worse_class(
    bands: list, a: Decimal, b: Decimal, full_marks_met: bool, total_only: bool
) -> None:
    low, high = sorted((a, b))
    options = {"full_marks_met": full_marks_met, "total_only": total_only}
    assert meeting_class(high, bands, **options) <= meeting_class(low, bands, **options)


@given(class_bands(), half_points, st.booleans())
def test_total_only_never_worse_than_itemised(
    bands: list, total: Decimal, full_marks_met: bool
) -> None:
    itemised = meeting_class(total, bands, full_marks_met=full_marks_met)
    total_only = meeting_class(
        total, bands, full_marks_met=full_marks_met, total_only=True
    )
    assert total_only <= itemised


@given(class_bands(), half_points)
def test_full_marks_never_give_a_worse_class(bands: list, total: Decimal) -> None:
    with_full = meeting_class(total, bands, full_marks_met=True)
    without = meeting_class(total, bands, full_marks_met=False)
    assert with_full <= without <= with_full + 1


# --- Verdicts as data arrives --------------------------------------------------------------------------


@st.composite
def periods(draw: st.DrawFn, *, may_start_early: bool = True) -> Period:
    start = draw(
        st.one_of(st.just(LONG_AGO), dates(YEAR_START, YEAR_END))
        if may_start_early
        else dates(YEAR_START, YEAR_END)
    )
    length = draw(st.one_of(st.none(), st.integers(0, 400)))
    end = None if length is None else start + datetime.timedelta(days=length)
    return Period(start, end)


@st.composite
def members(draw: st.DrawFn, member_id: int) -> MemberFact:
    roll = draw(periods())
    record = draw(st.booleans())
    away = [
        WorkingAway(p.start, p.end, contact_kept=draw(st.booleans()))
        for p in draw(st.lists(periods(may_start_early=False), max_size=2))
    ]
    return member(
        member_id,
        start=roll.start,
        end=roll.end,
        exemptions=draw(st.lists(periods(), max_size=2)),
        working_away=away,
        household_id=draw(st.sampled_from([None, 1, 2, 3])),
        record=record,
        rating=draw(st.sampled_from(["", "excellent", "good", "done", "failed"])),
        compliant=draw(st.sampled_from([True, False])),
        feedback=draw(st.sampled_from(["", "good", "not_good", "not_required"])),
    )


def marks_for(draw: st.DrawFn, roll: tuple, held_on: datetime.date) -> dict[int, str]:
    """The marks of the members on the roll that day, or none (attendance not recorded)."""
    on_roll = [m.id for m in roll if m.on_roll(held_on)]
    if on_roll and draw(st.integers(0, 5)) == 0:
        return {}
    return {i: draw(st.sampled_from(MARKS)) for i in on_roll}


def a_meeting(
    draw: st.DrawFn, held_on: datetime.date, roll: tuple, kind: str
) -> MeetingFact:
    score = draw(st.sampled_from([None, "95", "97.5", "98", "99", "100"]))
    return meeting(
        held_on,
        roll,
        kind=kind,
        marks=marks_for(draw, roll, held_on),
        score=score,
        klass=None if score is None else draw(st.sampled_from([1, 1, 2])),
    )


@st.composite
def meetings_between(
    draw: st.DrawFn, start: datetime.date, end: datetime.date, roll: tuple
) -> list[MeetingFact]:
    """Most months between ``start`` and ``end`` get a meeting of some kind, some a study session."""
    held = []
    for month in range(start.month, 13):
        first = max(start, datetime.date(YEAR, month, 1))
        last = min(end, datetime.date(YEAR, month, 28))
        if first > last:
            continue
        for kind in draw(
            st.lists(st.sampled_from(MEETING_KINDS), max_size=2, unique=True)
            | st.just(["regular"])
            | st.just(["combined"])
        ):
            held.append(a_meeting(draw, draw(dates(first, last)), roll, kind))
    return held


DURING_YEAR = dates(YEAR_START, YEAR_END - datetime.timedelta(days=1))
YEAR_OVER = dates(YEAR_END, LATEST)


@st.composite
def cell_year_facts(
    draw: st.DrawFn, as_of: st.SearchStrategy = DURING_YEAR | YEAR_OVER
) -> CellYearFacts:
    """Facts of a cell in 2025; by default, half of them seen after the year's end."""
    roll = tuple(draw(members(i)) for i in range(1, draw(st.integers(1, 4)) + 1))
    as_of = draw(as_of)
    total = draw(st.none() | st.integers(0, 12) | st.integers(1, 12))
    met = (
        None
        if total is None
        else draw(st.none() | st.integers(0, total) | st.integers(0, total))
    )
    households = [
        household(
            i,
            record=draw(st.booleans()),
            cultured=draw(st.booleans()),
            poverty=draw(st.sampled_from(["none", "near_poor", "poor"])),
            civilized=draw(st.booleans()),
        )
        for i in (1, 2, 3)
    ]
    return cell_facts(
        kind=draw(st.sampled_from(ALL_KINDS)),
        as_of=as_of,
        members=roll,
        meetings=draw(meetings_between(YEAR_START, min(as_of, YEAR_END), roll)),
        households=households,
        founded_on=draw(st.one_of(st.none(), dates(YEAR_START, YEAR_END))),
        rating=draw(st.sampled_from(["", "excellent", "good", "done"])),
        targets=(met, total),
        satisfaction=draw(st.sampled_from([None, "90", "99.9", "100"])),
        group_cultured=draw(st.sampled_from([None, True, False, False])),
    )


@st.composite
def with_more_data(draw: st.DrawFn, facts: CellYearFacts) -> CellYearFacts:
    """``facts`` later: a later as-of date, meetings held since, and records that were missing filled in
    (marks of meetings without attendance, scores of unscored meetings, yearly records, cell records)."""
    as_of = draw(dates(facts.as_of, LATEST))
    roll = facts.members
    meetings = []
    for item in facts.meetings:
        if not item.marks and draw(st.booleans()):
            item = dataclasses.replace(item, marks=marks_for(draw, roll, item.held_on))
        if item.score is None and item.kind != "study" and draw(st.booleans()):
            score = Decimal(draw(st.sampled_from(["96", "98", "100"])))
            item = dataclasses.replace(
                item, score=score, meeting_class=draw(st.sampled_from([1, 2]))
            )
        meetings.append(item)
    first_new = facts.as_of + datetime.timedelta(days=1)
    if first_new <= min(as_of, YEAR_END):
        meetings += draw(meetings_between(first_new, min(as_of, YEAR_END), roll))
    filled_members = tuple(
        m._replace(
            has_year_record=True,
            rating=draw(st.sampled_from(["excellent", "good", "done"])),
            resolution_compliant=draw(st.booleans()),
            residence_feedback=draw(st.sampled_from(["good", "not_required"])),
        )
        if not m.has_year_record and draw(st.booleans())
        else m
        for m in roll
    )
    filled_households = tuple(
        h._replace(
            has_year_record=True,
            cultured_family=draw(st.booleans()),
            poverty=draw(st.sampled_from(["none", "poor"])),
            civilized_rules=draw(st.booleans()),
        )
        if not h.has_year_record and draw(st.booleans())
        else h
        for h in facts.households
    )
    total = facts.targets_total or draw(st.one_of(st.none(), st.integers(1, 12)))
    met = facts.targets_met
    if met is None and total and draw(st.booleans()):
        met = draw(st.integers(0, total))
    return dataclasses.replace(
        facts,
        as_of=as_of,
        meetings=tuple(sorted(meetings, key=lambda m: m.held_on)),
        members=filled_members,
        households=filled_households,
        rating=facts.rating or draw(st.sampled_from(["", "excellent", "done"])),
        targets_total=total,
        targets_met=met,
        satisfaction_percent=facts.satisfaction_percent
        if facts.satisfaction_percent is not None
        else draw(st.sampled_from([None, Decimal(100)])),
        group_cultured=facts.group_cultured
        if facts.group_cultured is not None
        else draw(st.sampled_from([None, True])),
    )


@pytest.mark.parametrize("key", sorted(RULES))
@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_a_failed_verdict_never_turns_when_more_data_arrives(
    key: str, data: st.DataObject
) -> None:
    """More data (a later as-of date, meetings held since, marks, scores and yearly records filled in)
    never lifts a failure: the verdict stays failed, naming at least the same members, meetings, months or
    households."""
    # Year-end records can fail only after the year's end.
    as_of = YEAR_OVER if key in YEAR_END_RULES else DURING_YEAR | YEAR_OVER
    facts = data.draw(cell_year_facts(as_of))
    before = RULES[key](facts, PARAMS[key])
    assume(before.state == State.FAILED)
    later = data.draw(with_more_data(facts))
    after = RULES[key](later, PARAMS[key])
    assert after.state == State.FAILED
    named_before = {(e.kind, e.ref) for e in before.evidence}
    assert named_before <= {(e.kind, e.ref) for e in after.evidence}


@pytest.mark.parametrize("key", sorted(RULES))
@given(facts=cell_year_facts())
def test_every_verdict_carries_its_evidence(key: str, facts: CellYearFacts) -> None:
    """Failed and undecided verdicts name what is behind them; passed and pending name nothing; values
    and requirements are percentages or empty."""
    result = RULES[key](facts, PARAMS[key])
    assert result.state in {State.PASSED, State.FAILED, State.UNDECIDED, State.PENDING}
    assert bool(result.evidence) == (result.state in {State.FAILED, State.UNDECIDED})
    for number in (result.value, result.required):
        assert number is None or 0 <= number <= 100


# --- The catalogue -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_catalogue_gives_exactly_criteria_1_to_13_for_each_kind(kind: str) -> None:
    entries = default_entries_for(kind)
    assert [entry.number for entry in entries] == list(range(1, 14))
    assert len({entry.key for entry in entries}) == 13
    assert all(entry.rule in RULES for entry in entries)
    assert all(entry.title for entry in entries)


@pytest.mark.parametrize(
    "kind, twelve, thirteen",
    [
        ("residential", "household_not_poor", "group_cultured"),
        ("public_service", "resolution_targets", "residence_contact"),
        ("police", "resolution_targets", "residence_contact"),
        ("military", "resolution_targets", "residence_contact"),
        ("enterprise", "resolution_targets", "residence_contact"),
    ],
)
def test_criteria_12_and_13_depend_on_the_kind(
    kind: str, twelve: str, thirteen: str
) -> None:
    keys = {entry.number: entry.key for entry in default_entries_for(kind)}
    assert (keys[12], keys[13]) == (twelve, thirteen)


def test_the_catalogue_uses_every_rule() -> None:
    used = {entry.rule for kind in ALL_KINDS for entry in default_entries_for(kind)}
    assert used == set(RULES)
