"""Properties of score sheets, checked with hypothesis: a sheet's score is the sum of its items and lies in
0 … 100 for any valid item points; proposals stay within their item and grow with the meeting's values."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import Mark, Meeting
from scoring.models import Scorer
from scoring.sheets import (
    Band,
    ComputedItem,
    MeetingValues,
    band_points,
    meeting_score,
    propose,
    score_sheet_save,
)
from scoring.sheets.save import ItemRule, check_items
from tests.factories import AttendanceFactory, CellFactory, MeetingFactory
from tests.wards.support import member_on_roll

D = Decimal
MAXIMA = {
    "I.1": 10,
    "II.1": 4,
    "II.2": 4,
    "II.3": 4,
    "II.4": 3,
    "III.1": 6,
    "III.2": 4,
    "III.3": 10,
    "III.4": 4,
    "III.5": 6,
    "IV.1": 10,
    "V.1": 10,
    "VI.1": 20,
    "VII.1": 2,
    "VII.2": 2,
    "VII.3": 1,
}
FULL_MARKS_FOR_CLASS1 = ("I.1", "III.2", "III.5", "VII.2")
TOPIC = "Sinh hoạt thường kỳ (kiểm thử thuộc tính)"
ATTENDANCE_BANDS = (
    Band(D(100), True, D(10)),
    Band(D(95), True, D(8)),
    Band(D(90), True, D(6)),
    Band(D(85), True, D(4)),
    Band(D(0), True, D(0)),
)


def half_points(maximum: int) -> st.SearchStrategy[Decimal]:
    """0 … ``maximum`` in steps of 0.5."""
    return st.integers(0, maximum * 2).map(lambda n: D(n) / 2)


SHEETS = st.fixed_dictionaries(
    {code: half_points(maximum) for code, maximum in MAXIMA.items()}
)


@given(SHEETS)
def test_valid_item_points_pass_and_add_up_to_0_to_100(points) -> None:
    rules = [ItemRule(code, D(m), D("0.5")) for code, m in MAXIMA.items()]
    errors, cleaned = check_items(rules, {c: (p, "") for c, p in points.items()}, {})
    assert errors == {}
    total = sum((p for p, _reason in cleaned.values()), D(0))
    assert total == sum(points.values())
    assert 0 <= total <= 100


def shared_meeting() -> Meeting:
    """One meeting for every example: ten members present, six spoke, 105 minutes, targets at 95%: each
    computed item is proposed at its maximum."""
    meeting = Meeting.objects.filter(topic=TOPIC).first()
    if meeting is None:
        meeting = MeetingFactory(
            cell=CellFactory(), topic=TOPIC, speakers=6, targets_met_percent=D(95)
        )
        for _ in range(10):
            AttendanceFactory(
                meeting=meeting, member=member_on_roll(meeting.cell), mark=Mark.PRESENT
            )
    return meeting


@pytest.mark.django_db
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(SHEETS)
def test_a_saved_sheets_score_is_the_sum_of_its_items(points) -> None:
    meeting = shared_meeting()
    # Below a computed item's proposal a reason is needed: give one to every item.
    entries = {code: (p, "Theo thực tế buổi họp") for code, p in points.items()}
    sheet = score_sheet_save(
        meeting=meeting, scorer=Scorer.SELF, by=None, items=entries
    )

    expected = sum(points.values())
    score = meeting_score(meeting)
    assert sheet.total == expected
    assert score.score == expected
    assert 0 <= score.score <= 100
    full = all(points[code] == MAXIMA[code] for code in FULL_MARKS_FOR_CLASS1)
    assert (score.meeting_class == 1) == (expected >= 90 and full)


@given(
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=0, max_value=100, places=2),
)
def test_a_higher_value_never_gets_fewer_points(low, high) -> None:
    low, high = sorted((low, high))
    assert band_points(ATTENDANCE_BANDS, low) <= band_points(ATTENDANCE_BANDS, high)


@given(
    st.lists(st.sampled_from(list(Mark.values)), max_size=40),
    st.booleans(),
    st.decimals(min_value=0, max_value=10, places=1).map(lambda d: d - d % D("0.5")),
)
def test_attendance_proposal_stays_within_the_item(marks, flagged, penalty) -> None:
    item = ComputedItem("I.1", "attendance", ATTENDANCE_BANDS, penalty)
    values = MeetingValues(
        marks=tuple(marks), streak_flagged=("Lê Văn Cường",) if flagged else ()
    )
    proposal = propose(item, values)
    if not marks:
        assert proposal is None
        return
    unpenalised = propose(item, MeetingValues(marks=tuple(marks)))
    assert 0 <= proposal.points <= unpenalised.points <= 10
    if flagged:
        assert proposal.points == max(D(0), unpenalised.points - penalty)
