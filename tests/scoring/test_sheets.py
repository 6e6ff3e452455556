"""Score sheets: proposals for the computed items, ``score_sheet_save`` and its refusals, and a meeting's
score (DOMAIN.md "Meeting scores")."""

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext

from cells.models import Member
from meetings.models import Mark, Meeting, MeetingKind, MeetingState
from scoring.classes import points_text
from scoring.models import ItemScore, Rubric, Scorer, ScoreSheet
from scoring.selectors import NoRubricInForce
from scoring.services import ScoringError
from scoring.sheets import (
    ComputedItem,
    MeetingValues,
    Proposal,
    ScoreSheetConflict,
    ScoreSheetInvalid,
    meeting_score,
    proposals_for,
    propose,
    score_sheet_save,
)
from scoring.sheets.proposals import Band
from tests.factories import AttendanceFactory, CellFactory, MeetingFactory, UserFactory
from tests.wards.support import member_on_roll, new_rubric

pytestmark = pytest.mark.django_db

D = Decimal
DEFAULT = "HD12-2018"
FULL = {
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


def meeting_with(
    *,
    present: int = 0,
    absent: int = 0,
    excused: int = 0,
    cell: object = None,
    **fields: object,
) -> Meeting:
    """A meeting (05/03/2025, 19:30–21:15 unless told) with that many members of each mark."""
    meeting = MeetingFactory(cell=cell or CellFactory(), **fields)
    marks = [Mark.PRESENT] * present + [Mark.ABSENT] * absent
    marks += [Mark.EXCUSED] * excused
    for mark in marks:
        AttendanceFactory(
            meeting=meeting, member=member_on_roll(meeting.cell), mark=mark
        )
    return meeting


def full_meeting(members: int = 10, **fields: object) -> Meeting:
    """Everybody present, more than half spoke, 105 minutes, 95% of last month's targets: every computed
    item is proposed at full marks."""
    values = {"speakers": members // 2 + 1, "targets_met_percent": D(95), **fields}
    return meeting_with(present=members, **values)


def items(**changes: object) -> dict[str, tuple[object, str]]:
    """Every item of the default rubric at full marks, but for ``changes`` (``III_2=(3, "reason")``)."""
    entries: dict[str, tuple[object, str]] = {
        code: (D(p), "") for code, p in FULL.items()
    }
    for name, value in changes.items():
        code = name.replace("_", ".")
        entries[code] = value if isinstance(value, tuple) else (value, "")
    return entries


def save(meeting: Meeting, scorer: str = Scorer.SELF, **kwargs: object) -> ScoreSheet:
    kwargs.setdefault("by", None)
    if "total" not in kwargs:
        kwargs.setdefault("items", items())
    return score_sheet_save(meeting=meeting, scorer=scorer, **kwargs)


def refusal(meeting: Meeting, **kwargs: object) -> dict[str, list[str]]:
    with pytest.raises(ScoreSheetInvalid) as excinfo:
        save(meeting, **kwargs)
    assert isinstance(excinfo.value, ScoringError)
    assert not ScoreSheet.objects.exists()
    return excinfo.value.errors


# --- Proposals -----------------------------------------------------------------------------------


def test_proposals_read_the_meetings_data() -> None:
    meeting = meeting_with(
        present=20,
        absent=1,
        excused=2,
        speakers=8,
        targets_met_percent=D(92),
        end_time=datetime.time(20, 55),
    )
    proposals = proposals_for(meeting)
    assert proposals == {
        "I.1": Proposal(
            D(8),
            gettext("Attendance rate %(rate)s%% (%(present)s/%(counted)s)")
            % {"rate": "95,2", "present": 20, "counted": 21},
        ),
        "III.2": Proposal(
            D(3), gettext("Duration %(minutes)s minutes") % {"minutes": 85}
        ),
        "III.5": Proposal(
            D(4),
            gettext("%(speakers)s/%(present)s members spoke")
            % {"speakers": 8, "present": 20},
        ),
        "VI.1": Proposal(
            D(20),
            gettext("Last month's targets %(percent)s%% met") % {"percent": "92"},
        ),
    }


def test_proposal_texts_follow_the_language() -> None:
    from django.utils import translation

    meeting = meeting_with(present=20, absent=1)
    with translation.override("en"):
        assert "95.2% (20/21)" in proposals_for(meeting)["I.1"].source


def test_a_rate_just_under_100_is_not_shown_as_100() -> None:
    values = MeetingValues(marks=("present",) * 2999 + ("absent",))
    item = ComputedItem("I.1", "attendance", (Band(D(100), True, D(10)),))
    proposal = propose(item, values)
    assert proposal.points == 0
    assert "99,9%" in proposal.source


@pytest.mark.parametrize(
    "fields, missing",
    [
        ({"end_time": None}, {"III.2"}),
        ({"start_time": None}, {"III.2"}),
        ({"speakers": None}, {"III.5"}),
        ({"targets_met_percent": None}, {"VI.1"}),
    ],
)
def test_proposal_is_none_without_the_data(fields, missing) -> None:
    values = {"speakers": 3, "targets_met_percent": D(80), **fields}
    proposals = proposals_for(meeting_with(present=5, **values))
    assert {code for code, p in proposals.items() if p is None} == missing


def test_a_computed_item_without_bands_proposes_nothing() -> None:
    item = ComputedItem("III.2", "duration", ())
    assert propose(item, MeetingValues(duration_minutes=120)) is None


def test_no_marks_means_no_attendance_nor_speakers_proposal() -> None:
    proposals = proposals_for(meeting_with(speakers=3, targets_met_percent=D(80)))
    assert proposals["I.1"] is None
    assert proposals["III.5"] is None


def test_nobody_present_or_absent_is_100_percent() -> None:
    proposals = proposals_for(meeting_with(excused=3))
    assert proposals["I.1"].points == 10


@pytest.mark.parametrize(
    "present, absent, points",
    [(10, 0, 10), (999, 1, 8), (19, 1, 8), (18, 2, 6), (17, 3, 4), (84, 16, 0)],
)
def test_attendance_bands(present, absent, points) -> None:
    values = MeetingValues(marks=("present",) * present + ("absent",) * absent)
    item = default_computed("I.1")
    assert propose(item, values).points == points


@pytest.mark.parametrize(
    "minutes, points", [(90, 4), (89, 3), (75, 3), (74, 2), (60, 2), (59, 0)]
)
def test_duration_bands(minutes, points) -> None:
    proposal = propose(
        default_computed("III.2"), MeetingValues(duration_minutes=minutes)
    )
    assert proposal.points == points


@pytest.mark.parametrize(
    "speakers, present, points",
    [(5, 10, 4), (6, 10, 6), (501, 1000, 6), (4, 10, 4), (3, 10, 3), (29, 100, 2)],
)
def test_speaker_bands_exactly_half_is_not_more_than_half(
    speakers, present, points
) -> None:
    values = MeetingValues(marks=("present",) * present, speakers=speakers)
    assert propose(default_computed("III.5"), values).points == points


@pytest.mark.parametrize(
    "percent, points", [("90", 20), ("89.9", 18), ("50", 10), ("49.9", 6)]
)
def test_target_bands(percent, points) -> None:
    values = MeetingValues(targets_met_percent=D(percent))
    assert propose(default_computed("VI.1"), values).points == points


def default_computed(code: str) -> ComputedItem:
    from scoring.sheets.proposals import computed_items

    rubric = Rubric.objects.get(code=DEFAULT)
    (item,) = computed_items(rubric.items.prefetch_related("bands").filter(code=code))
    return item


# --- The excused streak --------------------------------------------------------------------------


def streak_cell(
    state: str = MeetingState.SUBMITTED,
) -> tuple[Member, list[Meeting], Callable[..., Meeting]]:
    """A cell whose member “Lê Văn Cường” was absent with excuse at three meetings in a row (January to
    March 2025); ``next_meeting(mark, present=…, absent=…)`` adds the April meeting."""
    cell = CellFactory()
    member = member_on_roll(cell)
    member.full_name = "Lê Văn Cường"
    member.save()
    others = [member_on_roll(cell) for _ in range(4)]
    meetings = []
    for month in (1, 2, 3):
        meeting = MeetingFactory(
            cell=cell, held_on=datetime.date(2025, month, 10), state=state
        )
        AttendanceFactory(meeting=meeting, member=member, mark=Mark.EXCUSED)
        for other in others:
            AttendanceFactory(meeting=meeting, member=other)
        meetings.append(meeting)

    def next_meeting(mark: str, present: int = 4, absent: int = 0) -> Meeting:
        meeting = MeetingFactory(
            cell=cell, held_on=datetime.date(2025, 4, 10), state=MeetingState.DRAFT
        )
        AttendanceFactory(meeting=meeting, member=member, mark=mark)
        for n, other in enumerate(others[: present + absent]):
            AttendanceFactory(
                meeting=meeting,
                member=other,
                mark=Mark.PRESENT if n < present else Mark.ABSENT,
            )
        return meeting

    return member, meetings, next_meeting


def test_fourth_excused_absence_in_a_row_takes_2_points() -> None:
    _member, _meetings, next_meeting = streak_cell()
    proposal = proposals_for(next_meeting(Mark.EXCUSED))["I.1"]
    assert proposal.points == 8
    assert "Lê Văn Cường" in proposal.source
    assert "(4/4)" in proposal.source


def test_presence_ends_the_streak() -> None:
    _member, _meetings, next_meeting = streak_cell()
    assert proposals_for(next_meeting(Mark.PRESENT))["I.1"].points == 10


def test_meetings_not_submitted_do_not_count_in_the_streak() -> None:
    _member, _meetings, next_meeting = streak_cell(state=MeetingState.DRAFT)
    assert proposals_for(next_meeting(Mark.EXCUSED))["I.1"].points == 10


def test_streak_penalty_never_goes_below_0() -> None:
    _member, _meetings, next_meeting = streak_cell()
    meeting = next_meeting(Mark.EXCUSED, present=3, absent=1)  # 75%: no points
    assert proposals_for(meeting)["I.1"].points == 0


def test_streak_penalty_is_read_from_the_item() -> None:
    flagged = MeetingValues(marks=("present",), streak_flagged=("Lê Văn Cường",))
    item = ComputedItem("I.1", "attendance", (Band(D(0), True, D(10)),), D("3.5"))
    assert propose(item, flagged).points == D("6.5")
    item = ComputedItem("I.1", "attendance", (Band(D(0), True, D(10)),))
    assert propose(item, flagged).points == 10


# --- Saving a sheet ------------------------------------------------------------------------------


def test_itemised_sheet_stores_its_items_the_rubric_and_their_sum() -> None:
    meeting = full_meeting()
    user = UserFactory()
    sheet = save(
        meeting, by=user, items=items(II_1=3, III_3=D("8.5")), scorer_name="An"
    )
    sheet.refresh_from_db()
    assert sheet.rubric.code == DEFAULT
    assert sheet.total_only is False
    assert sheet.total == D("97.5")
    assert sheet.version == 1
    assert sheet.scored_by == user
    assert sheet.scorer_name == "An"
    stored = dict(sheet.item_scores.values_list("item__code", "points"))
    assert stored == {
        **{c: D(p) for c, p in FULL.items()},
        "II.1": 3,
        "III.3": D("8.5"),
    }


def test_lowered_computed_item_with_a_reason_is_accepted_and_stored() -> None:
    meeting = full_meeting()
    reason = "Nhiều đảng viên phát biểu chưa đúng trọng tâm"
    sheet = save(meeting, items=items(III_5=(D(4), f"  {reason} ")))
    score = sheet.item_scores.get(item__code="III.5")
    assert (score.points, score.reason) == (4, reason)
    assert sheet.total == 98


def test_computed_item_without_data_is_scored_freely() -> None:
    meeting = full_meeting(end_time=None)
    sheet = save(meeting, items=items(III_2=D(1)))
    assert sheet.total == 97


def test_total_only_sheet_keeps_its_total() -> None:
    sheet = save(full_meeting(), total=D("95"))
    assert (sheet.total_only, sheet.total) == (True, 95)
    assert not sheet.item_scores.exists()


def test_a_draft_may_be_scored_by_the_cell() -> None:
    sheet = save(full_meeting(state=MeetingState.DRAFT), total=D(90))
    assert sheet.total == 90


def test_switching_to_total_only_removes_the_items() -> None:
    meeting = full_meeting()
    sheet = save(meeting)
    sheet = save(meeting, total=D(97), expected_version=1)
    assert sheet.version == 2
    assert sheet.total_only
    assert not ItemScore.objects.exists()
    assert ItemScore.history.filter(history_type="-").count() == len(FULL)


# --- Refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, code, message",
    [
        ({"I_1": D("10.5")}, "I.1", "Between 0 and %(max)s points for this item."),
        ({"II_1": D(-1)}, "II.1", "Between 0 and %(max)s points for this item."),
        ({"II_1": D("3.25")}, "II.1", "Points go in steps of %(step)s."),
        ({"II_1": "bốn"}, "II.1", "Enter a number of points."),
        ({"II_1": None}, "II.1", "Enter a number of points."),
        (
            {"II_1": (D(4), "x" * 501)},
            "II.1",
            "The reason is at most %(n)s characters.",
        ),
    ],
)
def test_item_points_outside_the_item_are_refused_on_the_item(
    change, code, message
) -> None:
    meeting = full_meeting()
    errors = refusal(meeting, items=items(**change))
    maximum = FULL[code]
    expected = gettext(message) % {
        "max": points_text(maximum),
        "step": points_text(D("0.5")),
        "n": 500,
    }
    assert errors == {code: [expected]}


def test_unknown_item_is_refused_on_its_code() -> None:
    errors = refusal(full_meeting(), items={**items(), "IX.9": (D(1), "")})
    assert errors == {
        "IX.9": [gettext("This rubric has no item %(code)s.") % {"code": "IX.9"}]
    }


def test_missing_item_is_refused_on_its_code() -> None:
    entries = items()
    del entries["VII.3"]
    assert refusal(full_meeting(), items=entries) == {
        "VII.3": [gettext("Enter the points of this item.")]
    }


def test_lowered_computed_item_without_a_reason_is_refused() -> None:
    meeting = full_meeting(end_time=datetime.time(20, 55))  # 85 minutes: 3 proposed
    errors = refusal(meeting, items=items(III_2=D(2)))
    source = gettext("Duration %(minutes)s minutes") % {"minutes": 85}
    assert errors == {
        "III.2": [
            gettext(
                "Below the proposed %(points)s points (%(source)s): give the reason."
            )
            % {"points": "3", "source": source}
        ]
    }


def test_computed_item_above_its_proposal_is_refused_even_with_a_reason() -> None:
    meeting = full_meeting(end_time=datetime.time(20, 55))
    errors = refusal(meeting, items=items(III_2=(D(4), "Họp rất tốt")))
    source = gettext("Duration %(minutes)s minutes") % {"minutes": 85}
    assert errors == {
        "III.2": [
            gettext(
                "At most the proposed %(points)s points (%(source)s): the meeting's "
                "data do not support more."
            )
            % {"points": "3", "source": source}
        ]
    }


def test_all_problems_come_together() -> None:
    entries = items(I_1=D(11), II_1=D("0.3"))
    del entries["VII.3"]
    errors = refusal(full_meeting(), items=entries)
    assert set(errors) == {"I.1", "II.1", "VII.3"}


@pytest.mark.parametrize(
    "fields, scorer, message",
    [
        (
            {"kind": MeetingKind.STUDY},
            Scorer.SELF,
            "Resolution study sessions are not scored.",
        ),
        (
            {"state": MeetingState.PLANNED},
            Scorer.SELF,
            "A planned meeting is scored once it has been held.",
        ),
        (
            {"state": MeetingState.DRAFT},
            Scorer.UPPER,
            "The upper-level committee member scores the meeting once the cell has "
            "submitted it.",
        ),
    ],
)
def test_meetings_that_are_not_scored(fields, scorer, message) -> None:
    errors = refusal(full_meeting(**fields), scorer=scorer, total=D(90))
    assert errors == {NON_FIELD_ERRORS: [gettext(message)]}


def test_a_meeting_dated_in_the_future_is_not_scored() -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = full_meeting(state=MeetingState.DRAFT, held_on=tomorrow)
    assert refusal(meeting, total=D(90)) == {
        NON_FIELD_ERRORS: [gettext("A meeting dated in the future cannot be scored.")]
    }


def test_items_and_total_at_once_are_refused() -> None:
    errors = refusal(full_meeting(), items=items(), total=D(100))
    assert errors == {
        NON_FIELD_ERRORS: [gettext("Enter the items or the total, not both.")]
    }


def test_neither_items_nor_total_is_refused() -> None:
    errors = refusal(full_meeting(), items=None, total=None)
    assert errors == {
        NON_FIELD_ERRORS: [
            gettext("Enter the points of the items, or the total of a paper sheet.")
        ]
    }


@pytest.mark.parametrize(
    "total, message",
    [
        (D("100.5"), "The total lies between 0 and %(max)s points."),
        (D("-1"), "The total lies between 0 and %(max)s points."),
        (D("97.125"), "At most two decimal places."),
        ("chín mươi", "Enter a number of points."),
    ],
)
def test_total_only_sheet_outside_0_to_the_rubric_total_is_refused(
    total, message
) -> None:
    errors = refusal(full_meeting(), total=total)
    assert errors == {"total": [gettext(message) % {"max": "100"}]}


def test_unknown_scorer_is_refused() -> None:
    errors = refusal(full_meeting(), scorer="ward", total=D(90))
    assert errors == {"scorer": [gettext("Unknown scorer.")]}


def test_the_rubric_in_force_on_the_meetings_date_is_used() -> None:
    new_rubric(code="QD-2025", valid_from=datetime.date(2025, 1, 1))  # has no items
    errors = refusal(full_meeting(), total=D(90))
    assert list(errors) == [NON_FIELD_ERRORS]
    assert "QD-2025" in errors[NON_FIELD_ERRORS][0]
    sheet = save(full_meeting(held_on=datetime.date(2024, 12, 31)), total=D(90))
    assert sheet.rubric.code == DEFAULT


def test_a_meeting_before_any_rubric_is_a_scoring_error() -> None:
    meeting = full_meeting(held_on=datetime.date(2018, 7, 5))
    with pytest.raises(NoRubricInForce):
        save(meeting, total=D(90))


# --- Versions and history ------------------------------------------------------------------------


def test_each_save_raises_the_version() -> None:
    meeting = full_meeting()
    assert save(meeting, expected_version=0).version == 1
    assert save(meeting, expected_version=1).version == 2
    assert save(meeting).version == 3  # no check asked for


def test_a_save_based_on_an_old_version_names_who_saved_last_and_when() -> None:
    meeting = full_meeting()
    user = UserFactory(username="bithu1", first_name="Thu", last_name="Hằng")
    sheet = save(meeting, by=user)
    sheet = save(meeting, by=user, total=D(95), expected_version=1)
    with pytest.raises(ScoreSheetConflict) as excinfo:
        save(meeting, by=UserFactory(), total=D(90), expected_version=1)
    assert isinstance(excinfo.value, ScoringError)
    when = timezone.localtime(sheet.updated_at)
    assert str(excinfo.value) == gettext(
        "This sheet was saved by %(user)s at %(time)s since you opened it: reload "
        "it and enter your changes again."
    ) % {"user": "Thu Hằng", "time": f"{when:%H:%M %d/%m/%Y}"}
    assert ScoreSheet.objects.get().total == 95


def test_a_new_sheet_expected_where_one_exists_is_a_conflict() -> None:
    meeting = full_meeting()
    save(meeting, by=UserFactory(username="phuong"))
    with pytest.raises(ScoreSheetConflict, match="phuong"):
        save(meeting, total=D(90), expected_version=0)


def test_a_deleted_sheet_is_a_conflict() -> None:
    with pytest.raises(ScoreSheetConflict):
        save(full_meeting(), total=D(90), expected_version=3)
    assert not ScoreSheet.objects.exists()


def test_history_records_the_user_of_each_change() -> None:
    meeting = full_meeting()
    first, second = UserFactory(), UserFactory()
    sheet = save(meeting, by=first)
    save(meeting, by=second, items=items(II_1=(D(3), "")), expected_version=1)

    records = list(sheet.history.order_by("history_id"))
    assert [(r.history_type, r.history_user) for r in records] == [
        ("+", first),
        ("~", second),
    ]
    assert records[-1].total == 99
    item_records = ItemScore.history.filter(item__code="II.1").order_by("history_id")
    assert [(r.history_type, r.history_user, r.points) for r in item_records] == [
        ("+", first, 4),
        ("~", second, 3),
    ]
    # Unchanged items get no new history row.
    assert ItemScore.history.count() == len(FULL) + 1


# --- The meeting's score -------------------------------------------------------------------------


def test_class_1_needs_full_marks_on_the_minutes_item() -> None:
    meeting = full_meeting()
    save(meeting, items=items(VII_2=D(1)))
    score = meeting_score(meeting)
    assert (score.score, score.meeting_class, score.source) == (99, 2, "self")
    assert not score.meets_bar


def test_full_marks_make_class_1_and_meet_the_bar() -> None:
    meeting = full_meeting()
    save(meeting, items=items(III_3=D(8)))
    score = meeting_score(meeting)
    assert (score.score, score.meeting_class, score.meets_bar) == (98, 1, True)


@pytest.mark.parametrize(
    "total, klass, bar", [(D(95), 1, False), (D(98), 1, True), (D("89.5"), 2, False)]
)
def test_total_only_sheet_is_classed_by_its_points(total, klass, bar) -> None:
    meeting = full_meeting()
    save(meeting, total=total)
    score = meeting_score(meeting)
    assert (score.score, score.meeting_class, score.meets_bar) == (total, klass, bar)


def test_upper_sheet_wins_over_the_cells_own() -> None:
    meeting = full_meeting()
    save(meeting, Scorer.SELF)
    save(meeting, Scorer.UPPER, total=D(96))
    score = meeting_score(meeting)
    assert (score.score, score.source) == (96, "upper")
    assert (score.self_total, score.upper_total, score.difference) == (100, 96, 4)
    assert not score.flagged


@pytest.mark.parametrize(
    "upper, difference, flagged",
    [(D(95), 5, False), (D("94.5"), D("5.5"), True), (D(100), 0, False)],
)
def test_a_difference_above_5_points_is_flagged(upper, difference, flagged) -> None:
    meeting = full_meeting()
    save(meeting, Scorer.SELF)
    save(meeting, Scorer.UPPER, total=upper)
    score = meeting_score(meeting)
    assert (score.difference, score.flagged) == (difference, flagged)


def test_flagging_threshold_is_a_parameter() -> None:
    meeting = full_meeting()
    save(meeting, Scorer.SELF)
    save(meeting, Scorer.UPPER, total=D(97))
    assert not meeting_score(meeting).flagged
    assert meeting_score(meeting, flag_above=D(2)).flagged


def test_a_meeting_without_sheets_is_unscored() -> None:
    score = meeting_score(full_meeting())
    assert not score.scored
    assert (score.score, score.meeting_class, score.source) == (None, None, "")
    assert not (score.flagged or score.meets_bar)


# --- Query counts --------------------------------------------------------------------------------


def streak_meeting(members: int) -> Meeting:
    """The April meeting of ``streak_cell`` with ``members`` marks, read afresh."""
    _member, _meetings, next_meeting = streak_cell()
    meeting = next_meeting(Mark.EXCUSED, present=0)
    for _ in range(members - 1):
        AttendanceFactory(meeting=meeting, member=member_on_roll(meeting.cell))
    return Meeting.objects.get(pk=meeting.pk)


def test_proposals_take_the_same_queries_for_1_or_20_members(
    django_assert_max_num_queries,
) -> None:
    meeting = streak_meeting(1)
    with CaptureQueriesContext(connection) as one:
        assert proposals_for(meeting)["I.1"].points == 8
    assert len(one) <= 4

    meeting = streak_meeting(20)
    with django_assert_max_num_queries(len(one)):
        proposals = proposals_for(meeting)
    assert proposals["I.1"].points == 8
    assert "(19/19)" in proposals["I.1"].source


def scored_meeting(members: int) -> Meeting:
    """A full meeting of ``members`` present, read afresh."""
    meeting = full_meeting(members=members, speakers=members)
    return Meeting.objects.get(pk=meeting.pk)


def test_saving_a_sheet_takes_the_same_queries_for_1_or_20_members(
    django_assert_max_num_queries,
) -> None:
    user = UserFactory()
    meeting = scored_meeting(1)
    with CaptureQueriesContext(connection) as first:
        save(meeting, by=user)
    with CaptureQueriesContext(connection) as second:
        save(meeting, by=user, items=items(II_1=D(3)), expected_version=1)
    with CaptureQueriesContext(connection) as score:
        assert meeting_score(meeting).score == 99
    assert len(score) <= 4

    meeting = scored_meeting(20)
    with django_assert_max_num_queries(len(first)):
        save(meeting, by=user)
    with django_assert_max_num_queries(len(second)):
        save(meeting, by=user, items=items(II_1=D(3)), expected_version=1)
    with django_assert_max_num_queries(len(score)):
        assert meeting_score(meeting).score == 99
