"""Score entry screens (scores:sheet_self, scores:sheet_upper) and the scores on a meeting's page: what
they show (proposals and their sources, errors on the right row, the stored total and class, the
difference flag) and how many queries they take."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cells.models import Cell, RoleKind
from meetings.models import Mark, Meeting, MeetingState
from scoring.models import Scorer, ScoreSheet
from scoring.sheets import score_sheet_save
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    MeetingFactory,
    RoleFactory,
    UserFactory,
)
from tests.wards.support import member_on_roll

pytestmark = pytest.mark.django_db

FULL = {
    "I.1": "10",
    "II.1": "4",
    "II.2": "4",
    "II.3": "4",
    "II.4": "3",
    "III.1": "6",
    "III.2": "4",
    "III.3": "10",
    "III.4": "4",
    "III.5": "6",
    "IV.1": "10",
    "V.1": "10",
    "VI.1": "20",
    "VII.1": "2",
    "VII.2": "2",
    "VII.3": "1",
}


def scored_meeting(
    *, present: int = 20, absent: int = 1, cell: Cell | None = None
) -> Meeting:
    """A submitted meeting of 05/03/2025, 19:30–21:15, 12 speakers, 95% of last month's targets met."""
    meeting = MeetingFactory(
        cell=cell or CellFactory(), speakers=12, targets_met_percent=Decimal("95")
    )
    for mark in [Mark.PRESENT] * present + [Mark.ABSENT] * absent:
        AttendanceFactory(
            meeting=meeting, member=member_on_roll(meeting.cell), mark=mark
        )
    return meeting


def user_with(kind: str, meeting: Meeting):
    user = UserFactory(password=None)
    scope = {"ward": meeting.cell.ward} if kind != RoleKind.CELL_SECRETARY else {}
    if kind == RoleKind.CELL_SECRETARY:
        scope = {"cell": meeting.cell}
    RoleFactory(user=user, kind=kind, **scope)
    return user


def field_names(meeting: Meeting) -> dict[str, int]:
    """Item code → item id of the rubric in force (the inputs are named by item id)."""
    from scoring.selectors import rubric_in_force

    return dict(rubric_in_force(meeting.held_on).items.values_list("code", "pk"))


def post_items(
    meeting: Meeting, points: dict[str, str], reasons: dict[str, str] | None = None
) -> dict[str, str]:
    ids = field_names(meeting)
    data = {"mode": "items", "expected_version": "0"}
    for code, value in points.items():
        data[f"item-{ids[code]}-points"] = value
    for code, reason in (reasons or {}).items():
        data[f"item-{ids[code]}-reason"] = reason
    return data


def sheet_url(meeting: Meeting, scorer: str = Scorer.SELF) -> str:
    return reverse(f"scores:sheet_{scorer}", args=[meeting.key])


def test_the_self_sheet_proposes_computed_items_with_their_source(client) -> None:
    meeting = scored_meeting()
    client.force_login(user_with(RoleKind.CELL_SECRETARY, meeting))
    response = client.get(sheet_url(meeting))
    assert response.status_code == 200
    text = response.content.decode()
    # 20 of 21 present: 95.2% → 8 points proposed, pre-filled
    assert "Tỉ lệ dự sinh hoạt 95,2% (20/21)" in text
    ids = field_names(meeting)
    assert (
        f'name="item-{ids["I.1"]}-points" id="item-{ids["I.1"]}-points" value="8"'
        in text
    )
    assert "105" in text  # duration source: 105 minutes
    assert "12/20" in text  # speakers source
    # the rubric grouped by section, with maxima and steps
    assert 'step="0.5"' in text and 'inputmode="decimal"' in text
    assert "score-sheet-settings" in text


def test_lowering_a_computed_item_without_a_reason_is_refused_on_its_row(
    client,
) -> None:
    meeting = scored_meeting()
    client.force_login(user_with(RoleKind.CELL_SECRETARY, meeting))
    points = {**FULL, "I.1": "6"}
    response = client.post(sheet_url(meeting), post_items(meeting, points))
    assert response.status_code == 200
    assert not ScoreSheet.objects.exists()
    text = response.content.decode()
    ids = field_names(meeting)
    row_start = text.index(f'data-item="{ids["I.1"]}"')
    row_end = text.index("</li>", row_start)
    row = text[row_start:row_end]
    assert "has-error" in text[row_start - 200 : row_start]
    assert "item-errors" in row and "95,2% (20/21)" in row
    # the input stays, and no other row is marked
    assert 'value="6"' in row
    assert text.count("item-errors") == 1
    assert "is-invalid" not in text[row_end:]


def test_a_lowered_item_with_a_reason_is_saved_with_its_total_and_class(
    client,
) -> None:
    meeting = scored_meeting(present=21, absent=0)
    client.force_login(user_with(RoleKind.CELL_SECRETARY, meeting))
    points = {**FULL, "I.1": "9.5"}
    response = client.post(
        sheet_url(meeting),
        post_items(meeting, points, {"I.1": "Một đồng chí đến muộn"}),
    )
    assert response.status_code == 302
    sheet = ScoreSheet.objects.get(meeting=meeting, scorer=Scorer.SELF)
    assert sheet.total == Decimal("99.5") and sheet.version == 1
    assert sheet.item_scores.get(item__code="I.1").reason == "Một đồng chí đến muộn"
    page = client.get(response["Location"]).content.decode()
    # I.1 must be at full marks for class 1: 99.5 without it is class 2
    assert "99,5" in page and "Loại 2 (Khá)" in page
    assert "score-self-link" in page


def test_a_points_value_above_the_maximum_is_refused_on_its_row(client) -> None:
    meeting = scored_meeting()
    client.force_login(user_with(RoleKind.WARD_OFFICIAL, meeting))
    response = client.post(
        sheet_url(meeting), post_items(meeting, {**FULL, "I.1": "8", "IV.1": "12"})
    )
    text = response.content.decode()
    ids = field_names(meeting)
    row_start = text.index(f'data-item="{ids["IV.1"]}"')
    row = text[row_start : text.index("</li>", row_start)]
    assert "Tiêu chí này được chấm từ 0 đến 10 điểm." in row
    assert text.count("item-errors") == 1


def test_the_upper_sheet_total_only_and_the_difference_flag(client) -> None:
    meeting = scored_meeting(present=21, absent=0)
    score_sheet_save(
        meeting=meeting, scorer=Scorer.SELF, by=None, items=FULL, expected_version=0
    )
    official = user_with(RoleKind.WARD_OFFICIAL, meeting)
    client.force_login(official)
    response = client.post(
        sheet_url(meeting, Scorer.UPPER),
        {"mode": "total", "total": "88,5", "expected_version": "0"},
    )
    assert response.status_code == 302
    upper = ScoreSheet.objects.get(meeting=meeting, scorer=Scorer.UPPER)
    assert upper.total_only and upper.total == Decimal("88.5")
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.key]))
    text = page.content.decode()
    assert "difference-flag" in text and "11,5" in text  # 100 − 88.5 > 5
    assert "Loại 1 (Tốt)" in text and "Loại 2 (Khá)" in text
    assert "score-upper-link" in text


def test_no_difference_flag_within_five_points(client) -> None:
    meeting = scored_meeting(present=21, absent=0)
    score_sheet_save(
        meeting=meeting, scorer=Scorer.SELF, by=None, items=FULL, expected_version=0
    )
    score_sheet_save(
        meeting=meeting, scorer=Scorer.UPPER, by=None, total="95", expected_version=0
    )
    client.force_login(user_with(RoleKind.WARD_OFFICIAL, meeting))
    text = client.get(
        reverse("meetings:meeting_detail", args=[meeting.key])
    ).content.decode()
    assert "difference-flag" not in text


def test_a_stale_version_gets_the_conflict_message_naming_who_saved(client) -> None:
    meeting = scored_meeting(present=21, absent=0)
    other = UserFactory(password=None, first_name="Trần Văn Hải")
    score_sheet_save(
        meeting=meeting, scorer=Scorer.UPPER, by=other, total="90", expected_version=0
    )
    client.force_login(user_with(RoleKind.WARD_OFFICIAL, meeting))
    response = client.post(
        sheet_url(meeting, Scorer.UPPER),
        {"mode": "total", "total": "77", "expected_version": "0"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "conflict-alert" in text and "Trần Văn Hải" in text
    assert 'value="77"' in text  # the input kept
    assert 'name="expected_version" value="1"' in text
    assert ScoreSheet.objects.get(scorer=Scorer.UPPER).total == Decimal("90")


def test_a_secretary_does_not_see_the_upper_score_link(client) -> None:
    meeting = scored_meeting()
    client.force_login(user_with(RoleKind.CELL_SECRETARY, meeting))
    text = client.get(
        reverse("meetings:meeting_detail", args=[meeting.key])
    ).content.decode()
    assert "score-self-link" in text and "score-upper-link" not in text
    assert client.get(sheet_url(meeting, Scorer.UPPER)).status_code == 403


def sheet_queries(client, members: int, scorer: str) -> int:
    meeting = scored_meeting(present=members, absent=0)
    score_sheet_save(
        meeting=meeting, scorer=Scorer.SELF, by=None, items=FULL, expected_version=0
    )
    client.force_login(user_with(RoleKind.WARD_OFFICIAL, meeting))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(sheet_url(meeting, scorer)).status_code == 200
    return len(queries)


@pytest.mark.parametrize("scorer", [Scorer.SELF, Scorer.UPPER])
def test_the_sheet_takes_as_many_queries_for_1_as_for_20_members(
    client, scorer: str
) -> None:
    one = sheet_queries(client, 1, scorer)
    twenty = sheet_queries(client, 20, scorer)
    assert one == twenty
    assert one <= 18


def test_the_meeting_page_scores_take_as_many_queries_for_1_as_for_20_members(
    client,
) -> None:
    counts = []
    for members in (1, 20):
        meeting = scored_meeting(present=members, absent=0)
        score_sheet_save(
            meeting=meeting, scorer=Scorer.SELF, by=None, items=FULL, expected_version=0
        )
        score_sheet_save(
            meeting=meeting,
            scorer=Scorer.UPPER,
            by=None,
            total="80",
            expected_version=0,
        )
        client.force_login(user_with(RoleKind.WARD_OFFICIAL, meeting))
        url = reverse("meetings:meeting_detail", args=[meeting.key])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_secretary_cannot_change_the_cell_sheet_of_a_locked_meeting(client) -> None:
    meeting = scored_meeting()
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.LOCKED)
    client.force_login(user_with(RoleKind.CELL_SECRETARY, meeting))
    response = client.post(sheet_url(meeting), post_items(meeting, FULL))
    assert response.status_code == 302
    assert not ScoreSheet.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "score-self-link" not in page


def test_the_upper_sheet_waits_for_the_cell_to_submit(client) -> None:
    meeting = scored_meeting()
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.DRAFT)
    client.force_login(user_with(RoleKind.WARD_OFFICIAL, meeting))
    response = client.post(
        sheet_url(meeting, Scorer.UPPER),
        {"mode": "total", "total": "90", "expected_version": "0"},
    )
    assert response.status_code == 200
    assert "sheet-errors" in response.content.decode()
    assert not ScoreSheet.objects.exists()
