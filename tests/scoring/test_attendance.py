"""Attendance arithmetic of DOMAIN.md "Meetings and attendance": the rate and the excused streak."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.attendance import attendance_rate, excused_streak_flags

P, E, A, X = "present", "excused", "absent", "exempt"


@pytest.mark.parametrize(
    "marks, rate",
    [
        ([], Decimal(1)),
        ([P], Decimal(1)),
        ([A], Decimal(0)),
        ([P, A], Decimal("0.5")),
        ([P, P, P, A], Decimal("0.75")),
        ([P] * 19 + [A], Decimal("0.95")),
        ([E], Decimal(1)),
        ([X], Decimal(1)),
        ([E, X], Decimal(1)),
        ([P, E, X], Decimal(1)),
        ([P, E, A], Decimal("0.5")),
        ([E, A], Decimal(0)),
    ],
    ids=[
        "nobody-on-the-roll-100",
        "present-100",
        "absent-0",
        "half",
        "three-of-four",
        "19-of-20",
        "excused-only-100",
        "exempt-only-100",
        "excused-and-exempt-100",
        "present-excused-exempt-100",
        "excused-in-neither-part",
        "excused-and-absent-0",
    ],
)
def test_attendance_rate_is_present_over_present_and_absent(
    marks: list[str], rate: Decimal
) -> None:
    assert attendance_rate(marks) == rate


def test_excused_absence_keeps_rate_at_100() -> None:
    assert attendance_rate([P, P, E]) == 1


def test_exempt_member_not_attending_keeps_rate_at_100() -> None:
    assert attendance_rate([P, P, X]) == 1


def flagged(rows: list[tuple[str, dict[int, str]]]) -> dict[int, set[int]]:
    """Run the streak over meetings numbered 1, 2, … and give the flagged members per meeting number."""
    meetings = [(number, kind, marks) for number, (kind, marks) in enumerate(rows, 1)]
    return {
        mid: set(members) for mid, members in excused_streak_flags(meetings).items()
    }


def regular(mark: str | None, member_id: int = 7) -> tuple[str, dict[int, str]]:
    return ("regular", {} if mark is None else {member_id: mark})


STREAKS = [
    ([E, E, E], {}, "three-excused-in-a-row-not-flagged"),
    ([E, E, E, E], {4: {7}}, "fourth-excused-flagged"),
    ([E, E, E, E, E], {4: {7}, 5: {7}}, "flagged-from-the-fourth-on"),
    ([E, E, E, P, E], {}, "present-breaks-the-streak"),
    ([E, E, E, A, E], {}, "absent-breaks-the-streak"),
    ([E, E, X, E, E], {5: {7}}, "exempt-neither-breaks"),
    ([E, E, E, X], {}, "exempt-does-not-extend"),
    ([E, E, None, E, E], {5: {7}}, "no-mark-neither-breaks"),
    ([E, E, E, None], {}, "no-mark-does-not-extend"),
    ([P, E, E, E, P, E, E, E], {}, "two-streaks-of-three-not-flagged"),
]


@pytest.mark.parametrize(
    "marks, flags", [pytest.param(m, f, id=i) for m, f, i in STREAKS]
)
def test_excused_streak(marks: list[str | None], flags: dict[int, set[int]]) -> None:
    """None is a meeting without a mark for the member (not on the roll that day). DOMAIN.md names only
    "a meeting before the member joined"; a gap in the middle (transferred out and back) is read the same
    way, since the member was not on that meeting's roll either."""
    assert flagged([regular(mark) for mark in marks]) == flags


@pytest.mark.parametrize("kind", ["regular", "thematic", "combined"])
def test_every_evaluated_kind_extends_the_streak(kind: str) -> None:
    rows = [regular(E), regular(E), regular(E), (kind, {7: E})]
    assert flagged(rows) == {4: {7}}


@pytest.mark.parametrize("study_mark", [P, A, E])
def test_study_session_neither_extends_nor_breaks_the_streak(study_mark: str) -> None:
    with_study = [regular(E), regular(E), ("study", {7: study_mark}), regular(E)]
    assert flagged(with_study) == {}
    with_study.append(regular(E))
    assert flagged(with_study) == {5: {7}}


def test_meetings_before_the_member_joined_neither_extend_nor_break() -> None:
    """Member 8 joins after the third meeting: no mark at meetings 1–3, then excused four times."""
    rows = [("regular", {7: P}), ("regular", {7: E}), ("combined", {7: P})]
    rows += [("regular", {7: P, 8: E}) for _ in range(3)]
    assert flagged(rows) == {}
    rows.append(("thematic", {7: P, 8: E}))
    assert flagged(rows) == {7: {8}}


def test_members_have_their_own_streaks() -> None:
    rows = [
        ("regular", {1: E, 2: E}),
        ("regular", {1: E, 2: P}),
        ("regular", {1: E, 2: E}),
        ("regular", {1: E, 2: E}),
        ("regular", {1: P, 2: E}),
        ("regular", {1: E, 2: E}),
    ]
    assert flagged(rows) == {4: {1}, 6: {2}}
