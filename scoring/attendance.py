"""Attendance arithmetic of DOMAIN.md "Meetings and attendance": pure functions over marks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

PRESENT, EXCUSED, ABSENT, EXEMPT = "present", "excused", "absent", "exempt"
EVALUATED_KINDS = frozenset({"regular", "thematic", "combined"})
STREAK_LIMIT = 3


def attendance_rate(marks: Iterable[str]) -> Decimal:
    """Tỉ lệ đảng viên dự sinh hoạt: present ÷ (present + absent), between 0 and 1.

    Excused and exempt marks are in neither part; with nobody present or absent the rate is 1. So the rate is
    1 exactly when nobody is absent without excuse.
    """
    present = absent = 0
    for mark in marks:
        if mark == PRESENT:
            present += 1
        elif mark == ABSENT:
            absent += 1
    if present + absent == 0:
        return Decimal(1)
    return Decimal(present) / Decimal(present + absent)


def excused_streak_flags(
    meetings: Iterable[tuple[int, str, Mapping[int, str]]],
) -> dict[int, frozenset[int]]:
    """Members absent with excuse more than 3 meetings in a row (Hướng dẫn 12), per meeting.

    ``meetings`` are ``(meeting id, kind, marks by member id)`` of one cell and year in date order. Over the
    regular, thematic and combined meetings, a member's ``excused`` marks in a row form a streak; an
    ``exempt`` mark, a study session or a meeting without a mark for the member (not yet on the roll) neither
    extends nor breaks it. A streak longer than 3 flags the member from its 4th meeting on. Returns, for each
    meeting id with a flag, the flagged member ids.
    """
    streaks: dict[int, int] = {}
    flags: dict[int, frozenset[int]] = {}
    for meeting_id, kind, marks in meetings:
        if kind not in EVALUATED_KINDS:
            continue
        flagged = set()
        for member_id, mark in marks.items():
            if mark == EXCUSED:
                streaks[member_id] = streaks.get(member_id, 0) + 1
                if streaks[member_id] > STREAK_LIMIT:
                    flagged.add(member_id)
            elif mark in (PRESENT, ABSENT):
                streaks[member_id] = 0
        if flagged:
            flags[meeting_id] = frozenset(flagged)
    return flags
