"""The 15 criterion rules of DOMAIN.md "The model-cell criteria", one table each (no database).

Every table starts from ``builders.cell_facts()``, a residential cell that passes everything in 2025, and
changes one thing. Rows assert the state, the value, the requirement and the evidence as
``(kind, ref, date)``: the member, meeting, month, quarter or household behind a failure, never translated
text.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import translation

from scoring.catalogue import default_entries_for
from scoring.classes import meeting_class
from scoring.domain import CellYearFacts, Period, State, WorkingAway
from scoring.rules import RULES
from tests.scoring.builders import (
    CELL,
    YEAR,
    cell_facts,
    day,
    evidence_refs,
    household,
    meeting,
    member,
    month_key,
    study_key,
    with_household,
    with_mark,
    with_meeting,
    with_meetings,
    with_member,
    without_meetings,
)

PASSED, FAILED = State.PASSED, State.FAILED
UNDECIDED, PENDING = State.UNDECIDED, State.PENDING
JUNE_15 = day(6, 15)
DEC_30, DEC_31 = day(12, 30), day(12, 31)
NO_EVIDENCE: list = []
CELL_EVIDENCE = [("cell", CELL, None)]
DEFAULT_BANDS = [(1, Decimal(90)), (2, Decimal(70)), (3, Decimal(50)), (4, Decimal(0))]


def case(
    build: Callable[[], CellYearFacts],
    state: State,
    value: float | None,
    required: float | None,
    evidence: list,
    *,
    id: str,
):
    return pytest.param(build, state, value, required, evidence, id=id)


def check(
    key: str,
    build: Callable[[], CellYearFacts],
    state: State,
    value: float | None,
    required: float | None,
    evidence: list,
) -> None:
    result = RULES[key](build(), params_of(key))
    assert (result.state, result.value, result.required) == (state, value, required)
    assert evidence_refs(result) == evidence
    assert result.passed is {PASSED: True, FAILED: False}.get(state)


def params_of(key: str) -> dict:
    """The default catalogue's parameters of the criterion ``key``."""
    for kind in ("residential", "police"):
        for entry in default_entries_for(kind):
            if entry.key == key:
                return entry.params
    raise KeyError(key)


def every_meeting(facts: CellYearFacts, member_id: int, mark: str) -> CellYearFacts:
    for item in facts.meetings:
        facts = with_mark(facts, item.key, member_id, mark)
    return facts


def test_the_registry_holds_the_15_rule_keys() -> None:
    assert set(RULES) == {
        "attendance",
        "resolution_study",
        "working_away_contact",
        "member_ratings",
        "cell_rating",
        "regular_meetings",
        "thematic_meetings",
        "meeting_scores",
        "resolution_compliance",
        "household_civilized",
        "household_cultured",
        "household_not_poor",
        "resolution_targets",
        "group_cultured",
        "residence_contact",
    }


# --- 1. attendance -------------------------------------------------------------------------------------


def joined_mid_june(mark_in_july: str = "present") -> CellYearFacts:
    """Member 4 transferred in on 15 June: no mark at the meetings of January to 10 June."""
    members = (member(1), member(2), member(3), member(4, start=JUNE_15))
    return with_mark(cell_facts(members=members), month_key(7), 4, mark_in_july)


def exempt_all_year() -> CellYearFacts:
    exempt = member(3, exemptions=[Period(day(1, 1), None)])
    facts = cell_facts(members=(member(1), member(2), exempt))
    return every_meeting(facts, 3, "exempt")


def excused_four_in_a_row() -> CellYearFacts:
    facts = cell_facts()
    for month in (4, 5, 6, 7):
        facts = with_mark(facts, month_key(month), 2, "excused")
    return facts


ATTENDANCE = [
    case(cell_facts, PASSED, 100.0, 100.0, NO_EVIDENCE, id="all-present-passes"),
    case(
        lambda: with_mark(cell_facts(), month_key(7), 2, "excused"),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="excused-absence-keeps-rate-at-100",
    ),
    case(
        exempt_all_year,
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="exempt-member-marked-exempt-keeps-rate-at-100",
    ),
    case(
        excused_four_in_a_row,
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="excused-streak-flag-alone-does-not-fail",
    ),
    case(
        lambda: with_mark(cell_facts(), month_key(7), 2, "absent"),
        FAILED,
        91.7,
        100.0,
        [("member", "DV002", day(7))],
        id="unexcused-absence-fails-naming-member-and-date",
    ),
    case(
        joined_mid_june,
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="member-joined-15-june-not-counted-before",
    ),
    case(
        lambda: joined_mid_june("absent"),
        FAILED,
        91.7,
        100.0,
        [("member", "DV004", day(7))],
        id="member-joined-15-june-counted-from-july",
    ),
    case(
        lambda: with_mark(cell_facts(), study_key(8), 2, "absent"),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="study-session-absence-does-not-count",
    ),
    case(
        lambda: with_meeting(cell_facts(), month_key(7), marks={}),
        UNDECIDED,
        91.7,
        100.0,
        [("meeting", month_key(7), day(7))],
        id="meeting-without-attendance-undecided",
    ),
    case(
        lambda: cell_facts(meetings=()),
        UNDECIDED,
        None,
        100.0,
        CELL_EVIDENCE,
        id="no-meeting-in-finished-year-undecided",
    ),
    case(
        lambda: with_mark(
            with_meeting(cell_facts(), month_key(7), marks={}),
            month_key(3),
            1,
            "absent",
        ),
        FAILED,
        83.3,
        100.0,
        [("member", "DV001", day(3))],
        id="failure-beats-missing-attendance",
    ),
    case(
        lambda: cell_facts(as_of=JUNE_15),
        PENDING,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="current-year-in-june-pending",
    ),
    case(
        lambda: cell_facts(as_of=day(1, 5)),
        PENDING,
        None,
        100.0,
        NO_EVIDENCE,
        id="no-meeting-yet-in-january-pending",
    ),
    case(
        lambda: with_mark(cell_facts(as_of=JUNE_15), month_key(3), 2, "absent"),
        FAILED,
        83.3,
        100.0,
        [("member", "DV002", day(3))],
        id="absence-in-march-fails-before-year-end",
    ),
]


@pytest.mark.parametrize("build, state, value, required, evidence", ATTENDANCE)
def test_attendance_criterion(build, state, value, required, evidence) -> None:
    check("attendance", build, state, value, required, evidence)


def test_member_who_joined_on_15_june_has_no_mark_before() -> None:
    facts = joined_mid_june()
    marked = [m.held_on for m in facts.meetings if 4 in m.marks]
    assert min(marked) == day(7)
    assert RULES["attendance"](facts, {}).state == PASSED


# --- 2. resolution_study -------------------------------------------------------------------------------

RESOLUTION_STUDY = [
    case(cell_facts, PASSED, 100.0, 100.0, NO_EVIDENCE, id="everyone-present-passes"),
    case(
        lambda: with_mark(
            with_mark(cell_facts(), study_key(2), 2, "excused"),
            study_key(8),
            3,
            "exempt",
        ),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="excused-and-exempt-pass",
    ),
    case(
        lambda: with_mark(cell_facts(), study_key(8), 2, "absent"),
        FAILED,
        50.0,
        100.0,
        [("member", "DV002", day(8, 20))],
        id="absent-from-study-fails-naming-member",
    ),
    case(
        lambda: with_meeting(cell_facts(), study_key(8), marks={}),
        UNDECIDED,
        50.0,
        100.0,
        [("meeting", study_key(8), day(8, 20))],
        id="session-without-attendance-undecided",
    ),
    case(
        lambda: without_meetings(cell_facts(), study_key(2), study_key(8)),
        UNDECIDED,
        None,
        100.0,
        CELL_EVIDENCE,
        id="no-session-after-year-end-undecided",
    ),
    case(
        lambda: without_meetings(cell_facts(as_of=JUNE_15), study_key(2)),
        PENDING,
        None,
        100.0,
        NO_EVIDENCE,
        id="no-session-during-year-pending",
    ),
    case(
        lambda: without_meetings(cell_facts(as_of=DEC_30), study_key(2), study_key(8)),
        PENDING,
        None,
        100.0,
        NO_EVIDENCE,
        id="no-session-on-30-december-still-pending",
    ),
    case(
        lambda: without_meetings(cell_facts(as_of=DEC_31), study_key(2), study_key(8)),
        UNDECIDED,
        None,
        100.0,
        CELL_EVIDENCE,
        id="no-session-on-31-december-undecided",
    ),
    case(
        lambda: cell_facts(as_of=JUNE_15),
        PENDING,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="session-so-far-pending",
    ),
    case(
        lambda: with_mark(cell_facts(as_of=JUNE_15), study_key(2), 1, "absent"),
        FAILED,
        0.0,
        100.0,
        [("member", "DV001", day(2, 20))],
        id="absence-in-february-fails-during-year",
    ),
    case(
        lambda: with_mark(
            with_meeting(cell_facts(), study_key(8), marks={}),
            study_key(2),
            1,
            "absent",
        ),
        FAILED,
        0.0,
        100.0,
        [("member", "DV001", day(2, 20))],
        id="failure-beats-missing-attendance",
    ),
]


@pytest.mark.parametrize("build, state, value, required, evidence", RESOLUTION_STUDY)
def test_resolution_study_criterion(build, state, value, required, evidence) -> None:
    check("resolution_study", build, state, value, required, evidence)


# --- 3. working_away_contact ---------------------------------------------------------------------------


def away(
    *periods: WorkingAway,
    exemptions: tuple[Period, ...] = (),
    as_of: datetime.date = datetime.date(YEAR + 1, 1, 15),
    **membership,
) -> CellYearFacts:
    """Member 2 works away during ``periods``."""
    members = (
        member(1),
        member(2, working_away=periods, exemptions=exemptions, **membership),
        member(3),
    )
    return cell_facts(members=members, as_of=as_of)


MARCH_ON = WorkingAway(day(3, 1), None, contact_kept=False)

WORKING_AWAY = [
    case(cell_facts, PASSED, None, 100.0, NO_EVIDENCE, id="nobody-away-passes"),
    case(
        lambda: away(WorkingAway(day(3, 1), None, contact_kept=True)),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="contact-kept-passes",
    ),
    case(
        lambda: away(MARCH_ON),
        FAILED,
        0.0,
        100.0,
        [("member", "DV002", day(3, 1))],
        id="contact-not-kept-fails-naming-member",
    ),
    case(
        lambda: away(MARCH_ON, exemptions=(Period(day(3, 1), None),)),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="contact-not-kept-but-exempt-passes",
    ),
    case(
        lambda: away(MARCH_ON, exemptions=(Period(day(3, 1), day(6, 30)),)),
        FAILED,
        0.0,
        100.0,
        [("member", "DV002", day(3, 1))],
        id="exemption-for-part-of-the-time-fails",
    ),
    case(
        lambda: away(
            MARCH_ON,
            exemptions=(Period(day(1, 1, 2024), day(6, 30)), Period(day(7, 1), None)),
        ),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="two-exemptions-end-to-end-pass",
    ),
    case(
        lambda: away(WorkingAway(day(3, 1, 2024), day(12, 31, 2024))),
        PASSED,
        None,
        100.0,
        NO_EVIDENCE,
        id="period-ended-before-the-year-not-counted",
    ),
    case(
        lambda: away(WorkingAway(day(5, 1), None), end=day(3, 31)),
        PASSED,
        None,
        100.0,
        NO_EVIDENCE,
        id="period-after-leaving-the-cell-not-counted",
    ),
    case(
        lambda: away(WorkingAway(day(9, 1), None), as_of=JUNE_15),
        PENDING,
        None,
        100.0,
        NO_EVIDENCE,
        id="period-after-the-as-of-date-pending",
    ),
    case(
        lambda: away(WorkingAway(day(3, 1), None, contact_kept=True), as_of=JUNE_15),
        PENDING,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="contact-kept-during-year-pending",
    ),
    case(
        lambda: away(MARCH_ON, as_of=JUNE_15),
        FAILED,
        0.0,
        100.0,
        [("member", "DV002", day(3, 1))],
        id="contact-lost-fails-during-year",
    ),
    case(
        lambda: with_member(
            away(WorkingAway(day(3, 1), None, contact_kept=True)),
            2,
            has_year_record=False,
            rating="",
        ),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="never-undecided-without-yearly-records",
    ),
]


@pytest.mark.parametrize("build, state, value, required, evidence", WORKING_AWAY)
def test_working_away_contact_criterion(
    build, state, value, required, evidence
) -> None:
    """Contact kept is a yes/no field of the working-away period, so no data can be missing: the criterion
    is never undecided (last row).

    An exemption covers a period that has no contact only when approved exemptions cover each of its days
    in the year (up to the as-of date) while the member is on this cell's roll: DOMAIN.md asks that no
    period "has neither contact kept nor an approved exemption", and a member exempt for March to June who
    is still away without contact in July has, for July, neither.
    """
    check("working_away_contact", build, state, value, required, evidence)


# --- 4. member_ratings and 9. resolution_compliance ----------------------------------------------------

MEMBER_RATINGS = [
    case(cell_facts, PASSED, 100.0, 100.0, NO_EVIDENCE, id="all-rated-good-passes"),
    case(
        lambda: with_member(cell_facts(), 1, rating="excellent"),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="excellent-counts-as-good",
    ),
    case(
        lambda: with_member(cell_facts(), 2, rating="done"),
        FAILED,
        66.7,
        100.0,
        [("member", "DV002", None)],
        id="rated-done-fails-naming-member",
    ),
    case(
        lambda: with_member(cell_facts(), 2, rating="failed"),
        FAILED,
        66.7,
        100.0,
        [("member", "DV002", None)],
        id="rated-failed-fails",
    ),
    case(
        lambda: with_member(cell_facts(), 3, has_year_record=False, rating=""),
        UNDECIDED,
        66.7,
        100.0,
        [("member", "DV003", None)],
        id="missing-rating-undecided",
    ),
    case(
        lambda: with_member(
            with_member(cell_facts(), 3, has_year_record=False, rating=""),
            2,
            rating="done",
        ),
        FAILED,
        33.3,
        100.0,
        [("member", "DV002", None)],
        id="failure-beats-missing-rating",
    ),
    case(
        lambda: cell_facts(members=(member(1), member(2, end=DEC_30, rating="failed"))),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="member-who-left-on-30-december-not-counted",
    ),
    case(
        lambda: cell_facts(members=(member(1), member(2, end=DEC_31, rating="done"))),
        FAILED,
        50.0,
        100.0,
        [("member", "DV002", None)],
        id="member-on-the-roll-on-31-december-counted",
    ),
    case(
        lambda: with_member(cell_facts(as_of=JUNE_15), 2, rating="done"),
        PENDING,
        None,
        100.0,
        NO_EVIDENCE,
        id="current-year-pending-even-with-a-record",
    ),
    case(
        lambda: cell_facts(as_of=DEC_30),
        PENDING,
        None,
        100.0,
        NO_EVIDENCE,
        id="due-on-31-december-not-before",
    ),
    case(
        lambda: cell_facts(as_of=DEC_31),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="due-on-31-december",
    ),
]


@pytest.mark.parametrize("build, state, value, required, evidence", MEMBER_RATINGS)
def test_member_ratings_criterion(build, state, value, required, evidence) -> None:
    """Ratings are year-end records: DESIGN.md ("Time") keeps them pending until the year's end, so a
    rating entered early is not read before then (row "current-year-pending-even-with-a-record")."""
    check("member_ratings", build, state, value, required, evidence)


RESOLUTION_COMPLIANCE = [
    case(cell_facts, PASSED, 100.0, 100.0, NO_EVIDENCE, id="all-comply-passes"),
    case(
        lambda: with_member(cell_facts(), 2, resolution_compliant=False),
        FAILED,
        66.7,
        100.0,
        [("member", "DV002", None)],
        id="not-compliant-fails-naming-member",
    ),
    case(
        lambda: with_member(
            cell_facts(), 3, has_year_record=False, resolution_compliant=None
        ),
        UNDECIDED,
        66.7,
        100.0,
        [("member", "DV003", None)],
        id="missing-record-undecided",
    ),
    case(
        lambda: with_member(
            with_member(
                cell_facts(), 3, has_year_record=False, resolution_compliant=None
            ),
            1,
            resolution_compliant=False,
        ),
        FAILED,
        33.3,
        100.0,
        [("member", "DV001", None)],
        id="failure-beats-missing-record",
    ),
    case(
        lambda: cell_facts(
            members=(member(1), member(2, end=day(10, 31), compliant=False))
        ),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="member-who-left-in-october-not-counted",
    ),
    case(
        lambda: cell_facts(as_of=JUNE_15),
        PENDING,
        None,
        100.0,
        NO_EVIDENCE,
        id="current-year-pending",
    ),
]


@pytest.mark.parametrize(
    "build, state, value, required, evidence", RESOLUTION_COMPLIANCE
)
def test_resolution_compliance_criterion(
    build, state, value, required, evidence
) -> None:
    check("resolution_compliance", build, state, value, required, evidence)


# --- 5. cell_rating ------------------------------------------------------------------------------------

CELL_RATING = [
    case(cell_facts, PASSED, None, None, NO_EVIDENCE, id="rated-excellent-passes"),
    case(
        lambda: cell_facts(rating="good"),
        FAILED,
        None,
        None,
        CELL_EVIDENCE,
        id="rated-good-fails",
    ),
    case(
        lambda: cell_facts(rating=""),
        UNDECIDED,
        None,
        None,
        CELL_EVIDENCE,
        id="not-rated-undecided",
    ),
    case(
        lambda: cell_facts(as_of=JUNE_15, rating=""),
        PENDING,
        None,
        None,
        NO_EVIDENCE,
        id="current-year-pending",
    ),
    case(
        lambda: cell_facts(as_of=DEC_31),
        PASSED,
        None,
        None,
        NO_EVIDENCE,
        id="due-on-31-december",
    ),
]


@pytest.mark.parametrize("build, state, value, required, evidence", CELL_RATING)
def test_cell_rating_criterion(build, state, value, required, evidence) -> None:
    check("cell_rating", build, state, value, required, evidence)


# --- 6. regular_meetings -------------------------------------------------------------------------------


def without_months(facts: CellYearFacts, *months: int) -> CellYearFacts:
    return without_meetings(facts, *(month_key(m) for m in months))


REGULAR_MEETINGS = [
    case(cell_facts, PASSED, 100.0, 100.0, NO_EVIDENCE, id="every-month-passes"),
    case(
        lambda: without_months(cell_facts(), 7),
        FAILED,
        91.7,
        100.0,
        [("month", f"07/{YEAR}", day(7, 1))],
        id="missing-month-fails-naming-mm-yyyy",
    ),
    case(
        lambda: with_meeting(cell_facts(), month_key(3), kind="thematic"),
        FAILED,
        91.7,
        100.0,
        [("month", f"03/{YEAR}", day(3, 1))],
        id="thematic-only-month-is-missing",
    ),
    case(
        lambda: without_months(cell_facts(), 8),
        FAILED,
        91.7,
        100.0,
        [("month", f"08/{YEAR}", day(8, 1))],
        id="study-session-does-not-fill-a-month",
    ),
    case(
        lambda: without_months(cell_facts(founded_on=day(4, 15)), 1, 2, 3, 4),
        FAILED,
        88.9,
        100.0,
        [("month", f"04/{YEAR}", day(4, 1))],
        id="founding-month-is-required",
    ),
    case(
        lambda: without_months(cell_facts(founded_on=day(4, 1)), 1, 2, 3),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="cell-founded-in-april-january-to-march-not-missing",
    ),
    case(
        lambda: without_months(cell_facts(dissolved_on=day(9, 30)), 10, 11, 12),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="months-after-dissolution-not-missing",
    ),
    case(
        lambda: without_months(
            cell_facts(founded_on=day(4, 5), dissolved_on=day(4, 20)),
            *range(1, 13),
        ),
        FAILED,
        0.0,
        100.0,
        [("month", f"04/{YEAR}", day(4, 1))],
        id="cell-that-lived-inside-one-month-needs-its-meeting",
    ),
    case(
        lambda: cell_facts(as_of=day(6, 5)),
        PENDING,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="current-month-without-meeting-yet-pending",
    ),
    case(
        lambda: cell_facts(as_of=JUNE_15),
        PENDING,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="later-months-pending",
    ),
    case(
        lambda: without_months(cell_facts(as_of=JUNE_15), 3),
        FAILED,
        83.3,
        100.0,
        [("month", f"03/{YEAR}", day(3, 1))],
        id="missing-march-fails-in-june",
    ),
    case(
        lambda: without_months(cell_facts(as_of=day(6, 29)), 6),
        PENDING,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="month-not-due-before-its-last-day",
    ),
    case(
        lambda: without_months(cell_facts(as_of=day(6, 30)), 6),
        FAILED,
        83.3,
        100.0,
        [("month", f"06/{YEAR}", day(6, 1))],
        id="month-due-on-its-last-day",
    ),
    case(
        lambda: with_meeting(cell_facts(), month_key(7), marks={}, score=None),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="never-undecided-an-unscored-meeting-still-held",
    ),
]


@pytest.mark.parametrize("build, state, value, required, evidence", REGULAR_MEETINGS)
def test_regular_meetings_criterion(build, state, value, required, evidence) -> None:
    """A month without a meeting is a failure, not missing data: the criterion is never undecided.

    A month is due on its last day (the facts hold the meetings held up to and including the as-of date);
    the month that holds the as-of date is pending until then, unless it already has its meeting: DOMAIN.md
    makes pending "months … after the as-of date" and a month is not over before its end.
    """
    check("regular_meetings", build, state, value, required, evidence)


# --- 7. thematic_meetings ------------------------------------------------------------------------------

THEMATIC_MEETINGS = [
    case(cell_facts, PASSED, 100.0, 100.0, NO_EVIDENCE, id="every-quarter-passes"),
    case(
        lambda: with_meeting(cell_facts(), month_key(9), kind="regular"),
        FAILED,
        75.0,
        100.0,
        [("quarter", f"Q3/{YEAR}", day(7, 1))],
        id="quarter-without-thematic-fails-naming-it",
    ),
    case(
        lambda: with_meetings(
            with_meeting(cell_facts(), month_key(9), kind="regular"),
            meeting(day(8, 25), (member(1), member(2), member(3)), kind="thematic"),
        ),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="separate-thematic-meeting-counts",
    ),
    case(
        lambda: without_months(cell_facts(founded_on=day(4, 1)), 1, 2, 3),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="cell-founded-in-april-first-quarter-not-required",
    ),
    case(
        lambda: cell_facts(as_of=day(5, 15)),
        PENDING,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="later-quarters-pending",
    ),
    case(
        lambda: cell_facts(as_of=day(3, 31)),
        PENDING,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="first-quarter-due-on-31-march",
    ),
    case(
        lambda: with_meeting(
            cell_facts(as_of=day(5, 15)), month_key(3), kind="regular"
        ),
        FAILED,
        0.0,
        100.0,
        [("quarter", f"Q1/{YEAR}", day(1, 1))],
        id="first-quarter-missing-fails-in-may",
    ),
    case(
        lambda: with_meeting(cell_facts(), month_key(6), marks={}, score=None),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="never-undecided-an-unscored-meeting-still-held",
    ),
]


@pytest.mark.parametrize("build, state, value, required, evidence", THEMATIC_MEETINGS)
def test_thematic_meetings_criterion(build, state, value, required, evidence) -> None:
    """Like months, a quarter without a thematic meeting is a failure, never missing data. The study
    session of 20 August is in the third quarter and does not fill it (row 2)."""
    check("thematic_meetings", build, state, value, required, evidence)


def test_combined_meeting_counts_for_its_month_and_its_quarter() -> None:
    """The first quarter's only meetings: regular in January and February, combined in March."""
    facts = cell_facts()
    march = next(m for m in facts.meetings if m.key == month_key(3))
    assert march.kind == "combined"
    assert not any(
        m.kind == "thematic" and m.held_on.month <= 3 for m in facts.meetings
    )
    assert RULES["regular_meetings"](facts, {}).state == PASSED
    assert RULES["thematic_meetings"](facts, {}).state == PASSED
    as_thematic = with_meeting(facts, month_key(3), kind="thematic")
    assert RULES["thematic_meetings"](as_thematic, {}).state == PASSED
    assert RULES["regular_meetings"](as_thematic, {}).state == FAILED


def test_quarter_ref_does_not_depend_on_the_language() -> None:
    facts = with_meeting(cell_facts(), month_key(3), kind="regular")
    with translation.override("vi"):
        refs_vi = evidence_refs(RULES["thematic_meetings"](facts, {}))
    with translation.override("en"):
        result = RULES["thematic_meetings"](facts, {})
    assert evidence_refs(result) == refs_vi == [("quarter", f"Q1/{YEAR}", day(1, 1))]
    assert result.detail == f"Quarters without a thematic meeting: Q1/{YEAR}"


# --- 8. meeting_scores ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "points, state",
    [("97.5", FAILED), ("98", PASSED), ("98.5", PASSED)],
    ids=["97.5-fails", "98-passes", "98.5-passes"],
)
def test_model_bar_is_98_points_for_class_1_meetings(points: str, state: State) -> None:
    """All three totals are class 1 with the default bands; only ≥ 98 meets the model bar."""
    klass = meeting_class(Decimal(points), DEFAULT_BANDS, full_marks_met=True)
    assert klass == 1
    facts = with_meeting(cell_facts(), month_key(7), score=points, meeting_class=klass)
    result = RULES["meeting_scores"](facts, params_of("meeting_scores"))
    assert result.state == state
    assert result.value == (100.0 if state == PASSED else 91.7)


MEETING_SCORES = [
    case(cell_facts, PASSED, 100.0, 100.0, NO_EVIDENCE, id="all-class-1-at-99-pass"),
    case(
        lambda: with_meeting(cell_facts(), month_key(7), score="97.5"),
        FAILED,
        91.7,
        100.0,
        [("meeting", month_key(7), day(7))],
        id="below-98-fails-naming-meeting",
    ),
    case(
        lambda: with_meeting(cell_facts(), month_key(7), meeting_class=2),
        FAILED,
        91.7,
        100.0,
        [("meeting", month_key(7), day(7))],
        id="class-2-at-99-fails",
    ),
    case(
        lambda: with_meeting(
            cell_facts(), month_key(7), score=None, meeting_class=None
        ),
        UNDECIDED,
        91.7,
        100.0,
        [("meeting", month_key(7), day(7))],
        id="unscored-meeting-undecided-not-passed",
    ),
    case(
        lambda: with_meeting(
            with_meeting(cell_facts(), month_key(7), score=None, meeting_class=None),
            month_key(3),
            score="97",
        ),
        FAILED,
        83.3,
        100.0,
        [("meeting", month_key(3), day(3))],
        id="failure-beats-unscored",
    ),
    case(
        lambda: cell_facts(meetings=()),
        UNDECIDED,
        None,
        100.0,
        CELL_EVIDENCE,
        id="no-meeting-in-finished-year-undecided",
    ),
    case(
        lambda: with_meetings(
            cell_facts(),
            meeting(day(11, 20), (member(1),), kind="study", score=None),
        ),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="study-sessions-are-not-scored",
    ),
    case(
        lambda: cell_facts(as_of=JUNE_15),
        PENDING,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="current-year-pending",
    ),
    case(
        lambda: with_meeting(cell_facts(as_of=JUNE_15), month_key(3), score="97.5"),
        FAILED,
        83.3,
        100.0,
        [("meeting", month_key(3), day(3))],
        id="march-below-bar-fails-in-june",
    ),
    case(
        lambda: with_meeting(
            cell_facts(as_of=JUNE_15), month_key(6), score=None, meeting_class=None
        ),
        UNDECIDED,
        83.3,
        100.0,
        [("meeting", month_key(6), day(6))],
        id="held-meeting-unscored-undecided-before-year-end",
    ),
]


@pytest.mark.parametrize("build, state, value, required, evidence", MEETING_SCORES)
def test_meeting_scores_criterion(build, state, value, required, evidence) -> None:
    """A held meeting's score is data that should exist by the as-of date, so an unscored meeting makes
    the criterion undecided even during the year (last row), as DOMAIN.md lists "an unscored meeting"
    among the missing data."""
    check("meeting_scores", build, state, value, required, evidence)


# --- 10, 11, 12 (residential): member households -------------------------------------------------------

HOUSEHOLD_FIELDS = {
    "household_civilized": ("civilized_rules", False),
    "household_cultured": ("cultured_family", False),
    "household_not_poor": ("poverty", "near_poor"),
}


def failing_household(key: str, facts: CellYearFacts, household_id: int):
    field, bad = HOUSEHOLD_FIELDS[key]
    return with_household(facts, household_id, **{field: bad})


def no_household_record(facts: CellYearFacts, household_id: int) -> CellYearFacts:
    return with_household(
        facts,
        household_id,
        has_year_record=False,
        cultured_family=False,
        civilized_rules=False,
        poverty="",
    )


HOUSEHOLDS = [
    (lambda key: cell_facts(), PASSED, 100.0, NO_EVIDENCE, "all-households-pass"),
    (
        lambda key: failing_household(key, cell_facts(), 2),
        FAILED,
        66.7,
        [("household", "HGD002", None)],
        "failing-household-fails-naming-it",
    ),
    (
        lambda key: no_household_record(cell_facts(), 3),
        UNDECIDED,
        66.7,
        [("household", "HGD003", None)],
        "household-without-year-record-undecided",
    ),
    (
        lambda key: cell_facts(
            members=(member(1), member(2), member(3, household_id=None))
        ),
        UNDECIDED,
        100.0,
        [("member", "DV003", None)],
        "member-without-household-undecided",
    ),
    (
        lambda key: failing_household(key, no_household_record(cell_facts(), 3), 1),
        FAILED,
        33.3,
        [("household", "HGD001", None)],
        "failure-beats-missing-record",
    ),
    (
        lambda key: failing_household(
            key, cell_facts(members=(member(1), member(2, end=day(5, 31)))), 2
        ),
        FAILED,
        50.0,
        [("household", "HGD002", None)],
        "household-of-member-who-left-mid-year-counts",
    ),
    (
        lambda key: failing_household(
            key, cell_facts(members=(member(1), member(2, household_id=1))), 1
        ),
        FAILED,
        0.0,
        [("household", "HGD001", None)],
        "shared-household-counted-once",
    ),
    (
        lambda key: failing_household(key, cell_facts(as_of=JUNE_15), 2),
        PENDING,
        None,
        NO_EVIDENCE,
        "current-year-pending",
    ),
]


@pytest.mark.parametrize("key", list(HOUSEHOLD_FIELDS))
@pytest.mark.parametrize(
    "build, state, value, evidence",
    [pytest.param(*row[:4], id=row[4]) for row in HOUSEHOLDS],
)
def test_member_household_criteria(key, build, state, value, evidence) -> None:
    """The member households are those of every member on the roll in the year (DOMAIN.md
    "Households"), so a member who left in May still brings theirs. A member without a recorded household
    is missing data: which household to judge is not known, and nothing missing is silently passed."""
    check(key, lambda: build(key), state, value, 100.0, evidence)


@pytest.mark.parametrize(
    "poverty, state",
    [("none", PASSED), ("near_poor", FAILED), ("poor", FAILED), ("", UNDECIDED)],
    ids=["not-poor-passes", "near-poor-fails", "poor-fails", "blank-status-undecided"],
)
def test_household_not_poor_by_poverty_status(poverty: str, state: State) -> None:
    """A yearly record without a poverty status says nothing about poverty: missing, not poor."""
    facts = with_household(cell_facts(), 2, poverty=poverty)
    result = RULES["household_not_poor"](facts, {})
    assert result.state == state
    if state != PASSED:
        assert evidence_refs(result) == [("household", "HGD002", None)]


def test_household_missing_from_the_facts_is_undecided() -> None:
    facts = cell_facts(households=[household(1), household(2)])
    result = RULES["household_cultured"](facts, {})
    assert result.state == UNDECIDED
    assert evidence_refs(result) == [("household", "3", None)]


# --- 12 (other kinds): resolution_targets --------------------------------------------------------------


def police(**changes) -> CellYearFacts:
    return cell_facts(kind="police", **changes)


RESOLUTION_TARGETS = [
    case(police, PASSED, 100.0, 100.0, NO_EVIDENCE, id="all-targets-met-passes"),
    case(
        lambda: police(targets=(9, 10)),
        FAILED,
        90.0,
        100.0,
        CELL_EVIDENCE,
        id="nine-of-ten-fails",
    ),
    case(
        lambda: police(targets=(1999, 2000)),
        FAILED,
        99.9,
        100.0,
        CELL_EVIDENCE,
        id="shortfall-never-rounds-up-to-100",
    ),
    case(
        lambda: police(targets=(None, None)),
        UNDECIDED,
        None,
        100.0,
        CELL_EVIDENCE,
        id="targets-not-recorded-undecided",
    ),
    case(
        lambda: police(targets=(None, 10)),
        UNDECIDED,
        None,
        100.0,
        CELL_EVIDENCE,
        id="targets-met-not-recorded-undecided",
    ),
    case(
        lambda: police(as_of=JUNE_15, targets=(3, 10)),
        PENDING,
        None,
        100.0,
        NO_EVIDENCE,
        id="current-year-pending",
    ),
]


@pytest.mark.parametrize("build, state, value, required, evidence", RESOLUTION_TARGETS)
def test_resolution_targets_criterion(build, state, value, required, evidence) -> None:
    """Targets met left blank is missing data, not zero targets met (row 5)."""
    check("resolution_targets", build, state, value, required, evidence)


# --- 13 (residential): group_cultured ------------------------------------------------------------------

GROUP_CULTURED = [
    case(cell_facts, PASSED, None, None, NO_EVIDENCE, id="group-rated-cultured-passes"),
    case(
        lambda: cell_facts(group_cultured=False),
        FAILED,
        None,
        None,
        CELL_EVIDENCE,
        id="group-not-cultured-fails",
    ),
    case(
        lambda: cell_facts(group_cultured=None),
        UNDECIDED,
        None,
        None,
        CELL_EVIDENCE,
        id="title-not-recorded-undecided",
    ),
    case(
        lambda: cell_facts(as_of=JUNE_15, group_cultured=None),
        PENDING,
        None,
        None,
        NO_EVIDENCE,
        id="current-year-pending",
    ),
]


@pytest.mark.parametrize("build, state, value, required, evidence", GROUP_CULTURED)
def test_group_cultured_criterion(build, state, value, required, evidence) -> None:
    check("group_cultured", build, state, value, required, evidence)


# --- 13 (other kinds): residence_contact ---------------------------------------------------------------


def school(**changes) -> CellYearFacts:
    return cell_facts(kind="public_service", **changes)


RESIDENCE_CONTACT = [
    case(school, PASSED, 100.0, 100.0, NO_EVIDENCE, id="all-good-and-100-passes"),
    case(
        lambda: with_member(school(), 2, residence_feedback="not_required"),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="not-required-member-left-out",
    ),
    case(
        lambda: with_member(school(), 2, residence_feedback=""),
        UNDECIDED,
        100.0,
        100.0,
        [("member", "DV002", None)],
        id="missing-feedback-undecided",
    ),
    case(
        lambda: with_member(school(), 2, has_year_record=False, residence_feedback=""),
        UNDECIDED,
        100.0,
        100.0,
        [("member", "DV002", None)],
        id="no-yearly-record-undecided",
    ),
    case(
        lambda: with_member(school(), 2, residence_feedback="not_good"),
        FAILED,
        100.0,
        100.0,
        [("member", "DV002", None)],
        id="not-good-feedback-fails-naming-member",
    ),
    case(
        lambda: school(satisfaction="99.9"),
        FAILED,
        99.9,
        100.0,
        CELL_EVIDENCE,
        id="satisfaction-99.9-fails",
    ),
    case(
        lambda: school(satisfaction=None),
        UNDECIDED,
        None,
        100.0,
        CELL_EVIDENCE,
        id="satisfaction-not-recorded-undecided",
    ),
    case(
        lambda: with_member(
            with_member(school(), 3, residence_feedback=""),
            2,
            residence_feedback="not_good",
        ),
        FAILED,
        100.0,
        100.0,
        [("member", "DV002", None)],
        id="failure-beats-missing-feedback",
    ),
    case(
        lambda: school(
            members=(member(1), member(2, end=day(6, 30), feedback="not_good"))
        ),
        PASSED,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="member-who-left-mid-year-not-counted",
    ),
    case(
        lambda: with_member(school(as_of=JUNE_15), 2, residence_feedback="not_good"),
        PENDING,
        100.0,
        100.0,
        NO_EVIDENCE,
        id="current-year-pending",
    ),
]


@pytest.mark.parametrize("build, state, value, required, evidence", RESIDENCE_CONTACT)
def test_residence_contact_criterion(build, state, value, required, evidence) -> None:
    """The yearly comment is asked for the members on the roll at the year's end: criterion 13 does not
    say which members, and the comment of the place of residence comes once a year (Quy định 213) to the
    cell the member then belongs to, as criteria 4 and 9 read "on the roll on the year's last day"."""
    check("residence_contact", build, state, value, required, evidence)


@pytest.mark.parametrize(
    "satisfaction, state",
    [("99.9", FAILED), ("100", PASSED), ("100.0", PASSED)],
    ids=["99.9-fails", "100-passes", "100.0-passes"],
)
def test_public_satisfaction_must_reach_100(satisfaction: str, state: State) -> None:
    result = RULES["residence_contact"](school(satisfaction=satisfaction), {})
    assert result.state == state
    assert result.value == float(Decimal(satisfaction))


# --- The order of verdicts over a whole evaluation -----------------------------------------------------


def test_current_year_in_june_pends_what_is_not_due_and_fails_a_missing_march() -> None:
    """Evaluated on 15 June: later months and year-end records are pending, but the month of March that
    has no meeting (and with it the first quarter's thematic meeting) has already failed."""
    facts = without_meetings(cell_facts(as_of=JUNE_15), month_key(3))
    states = {
        entry.key: RULES[entry.rule](facts, entry.params).state
        for entry in default_entries_for("residential")
    }
    assert states == {
        "attendance": PENDING,
        "resolution_study": PENDING,
        "working_away_contact": PENDING,
        "member_ratings": PENDING,
        "cell_rating": PENDING,
        "regular_meetings": FAILED,
        "thematic_meetings": FAILED,
        "meeting_scores": PENDING,
        "resolution_compliance": PENDING,
        "household_civilized": PENDING,
        "household_cultured": PENDING,
        "household_not_poor": PENDING,
        "group_cultured": PENDING,
    }
    regular = RULES["regular_meetings"](facts, {})
    assert evidence_refs(regular) == [("month", f"03/{YEAR}", day(3, 1))]


@pytest.mark.parametrize("kind", ["residential", "public_service"])
def test_a_complete_finished_year_passes_every_criterion(kind: str) -> None:
    facts = cell_facts(kind=kind)
    for entry in default_entries_for(kind):
        result = RULES[entry.rule](facts, entry.params)
        assert result.state == PASSED, entry.key
        assert result.evidence == ()


def test_failure_details_name_members_and_months_in_english() -> None:
    facts = with_mark(
        without_meetings(cell_facts(), month_key(3), month_key(7)),
        month_key(5),
        2,
        "absent",
    )
    with translation.override("en"):
        regular = RULES["regular_meetings"](facts, {})
        attendance = RULES["attendance"](facts, {})
    assert regular.detail == f"Missing months: 03/{YEAR}, 07/{YEAR}"
    assert attendance.detail == f"Absent without excuse: Trần Thị Bình (10/05/{YEAR})"
    assert attendance.evidence[0].as_json() == {
        "kind": "member",
        "ref": attendance.evidence[0].ref,
        "date": f"{YEAR}-05-10",
        "text": "Trần Thị Bình absent without excuse",
    }
    assert [e.text for e in regular.evidence] == [
        f"no regular meeting in 03/{YEAR}",
        f"no regular meeting in 07/{YEAR}",
    ]
