"""The meeting screens: the list with its filters, planning, the meeting's page, recording the minutes
(the conflict message), and the submit, lock and unlock buttons."""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import Mark, Meeting, MeetingKind, MeetingState
from meetings.services import meeting_save
from tests.access.world import World, build_world
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LONG_AGO = datetime.date(2015, 1, 1)


@pytest.fixture
def world(db: None) -> World:
    """Ward W with cells A and B, ward V with cell C; in each a submitted and a planned meeting."""
    return build_world()


def signed_in(client: Client, world: World, role: str) -> Client:
    client.force_login(world.users[role])
    return client


def meeting_of(world: World, letter: str = "A") -> Meeting:
    found = world.extra["meeting"][letter]
    assert isinstance(found, Meeting)
    return found


def planned_of(world: World, letter: str = "A") -> Meeting:
    found = world.extra["planned_meeting"][letter]
    assert isinstance(found, Meeting)
    return found


def url(name: str, meeting: Meeting) -> str:
    return reverse(f"meetings:{name}", args=[meeting.key])


def list_url(world: World, letter: str = "A") -> str:
    return reverse("meetings:meeting_list", args=[world.cells[letter].code])


def vi(text: str) -> str:
    """``text`` in Vietnamese, as a page shows it (HTML-escaped)."""
    with translation.override("vi"):
        return html.escape(translation.gettext(text))


# --- The list ------------------------------------------------------------------------------------


def test_the_list_shows_the_cells_meetings_with_their_counts(
    client: Client, world: World
) -> None:
    page = signed_in(client, world, "secretary_a").get(list_url(world)).content.decode()
    assert "05/03/2025" in page
    assert "Sinh hoạt thường kỳ tháng 3 – chi bộ A" in page
    assert "chi bộ B" not in page  # another cell's meeting
    assert "1/1" in page and "100%" in page
    assert vi("Plan a meeting") in page


def test_overdue_planned_meetings_are_shown_on_top(
    client: Client, world: World
) -> None:
    MeetingFactory(
        cell=world.cells["A"],
        state=MeetingState.PLANNED,
        held_on=TODAY - datetime.timedelta(days=3),
        topic="Chuyên đề quý IV",
    )
    page = signed_in(client, world, "secretary_a").get(list_url(world)).content.decode()
    planned_section = page[
        page.index('id="planned-heading"') : page.index("</section>")
    ]
    assert "Chuyên đề quý IV" in planned_section
    assert planned_of(world).topic in planned_section
    assert planned_section.count("is-overdue") == 1


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ({"year": "2025"}, ["05/03/2025"], ["04/02/2024"]),
        ({"kind": "thematic"}, ["04/02/2024"], ["05/03/2025"]),
        ({"state": "submitted"}, ["05/03/2025"], ["04/02/2024"]),
        ({"state": "locked"}, ["04/02/2024"], ["05/03/2025"]),
        ({"state": "overdue"}, ["01/01/2026"], ["05/03/2025"]),
    ],
)
def test_the_list_filters_by_year_kind_and_state(
    client: Client,
    world: World,
    query: dict[str, str],
    shown: list[str],
    hidden: list[str],
) -> None:
    cell = world.cells["A"]
    MeetingFactory(
        cell=cell,
        held_on=datetime.date(2024, 2, 4),
        kind=MeetingKind.THEMATIC,
        state=MeetingState.LOCKED,
    )
    MeetingFactory(
        cell=cell,
        held_on=datetime.date(2026, 1, 1),
        state=MeetingState.PLANNED,
        topic="Quá hạn",
    )
    page = signed_in(client, world, "official").get(list_url(world), query)
    table = page.content.decode().split('class="table-responsive"')[1]
    for text in shown:
        assert text in table
    for text in hidden:
        assert text not in table


def test_a_viewer_cannot_plan(client: Client, world: World) -> None:
    page = signed_in(client, world, "viewer").get(list_url(world)).content.decode()
    assert reverse("meetings:meeting_plan", args=["CELLA"]) not in page


@pytest.mark.parametrize("size", [1, 20])
def test_the_list_costs_the_same_queries_for_1_and_20_meetings(
    client: Client,
    django_assert_max_num_queries: Callable[..., Any],
    world: World,
    size: int,
) -> None:
    cell = CellFactory(ward=world.ward)
    members = [MemberFactory() for _ in range(3)]
    for member in members:
        MembershipFactory(member=member, cell=cell, start=LONG_AGO)
    for day in range(size):
        meeting = MeetingFactory(
            cell=cell,
            held_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=day * 7),
            state=MeetingState.PLANNED if day % 5 == 0 else MeetingState.SUBMITTED,
        )
        for member in members:
            AttendanceFactory(meeting=meeting, member=member, mark=Mark.PRESENT)
    client.force_login(world.users["official"])
    with django_assert_max_num_queries(9):
        page = client.get(reverse("meetings:meeting_list", args=[cell.code]))
    assert page.content.decode().count('class="meeting-row') == size


# --- Planning ------------------------------------------------------------------------------------


def test_planning_a_meeting_reads_the_date_day_first(
    client: Client, world: World
) -> None:
    response = signed_in(client, world, "secretary_a").post(
        reverse("meetings:meeting_plan", args=["CELLA"]),
        {"held_on": "05/06/2030", "kind": "thematic", "topic": "Chuyên đề quý II"},
        follow=True,
    )
    meeting = Meeting.objects.get(topic="Chuyên đề quý II")
    assert meeting.held_on == datetime.date(2030, 6, 5)
    assert (meeting.state, meeting.kind) == (MeetingState.PLANNED, "thematic")
    assert response.redirect_chain[-1][0] == url("meeting_detail", meeting)
    assert "05/06/2030" in response.content.decode()


def test_a_date_that_does_not_exist_is_refused_on_the_field(
    client: Client, world: World
) -> None:
    response = signed_in(client, world, "secretary_a").post(
        reverse("meetings:meeting_plan", args=["CELLA"]),
        {"held_on": "31/02/2030", "kind": "regular", "topic": "Thường kỳ"},
    )
    assert response.status_code == 200
    assert "held_on" in response.context["form"].errors
    assert not Meeting.objects.filter(topic="Thường kỳ").exists()


# --- The meeting's page --------------------------------------------------------------------------


def test_the_meetings_page_shows_its_fields_marks_counts_and_rate(
    client: Client, world: World
) -> None:
    meeting = meeting_of(world)
    absent = MemberFactory(full_name="Lê Thị Vắng")
    MembershipFactory(member=absent, cell=world.cells["A"], start=LONG_AGO)
    AttendanceFactory(meeting=meeting, member=absent, mark=Mark.ABSENT, note="Ốm")
    Meeting.objects.filter(pk=meeting.pk).update(
        place="Nhà văn hóa", chair=world.members["A"], votes_for=2
    )
    page = signed_in(client, world, "viewer").get(url("meeting_detail", meeting))
    text = page.content.decode()
    for expected in (
        "Nguyễn Văn A",
        "Lê Thị Vắng",
        "Ốm",
        "Nhà văn hóa",
        "19:30 – 21:15",
        "05/03/2025",
        '<span class="count-present">1</span><span class="count-of">/2</span>',
        "50%",
        vi("absent without excuse"),
        "state-submitted",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    "role, buttons",
    [
        ("viewer", set()),
        ("secretary_a", {"meeting_record", "attendance"}),
        ("official", {"meeting_record", "attendance", "meeting_lock"}),
    ],
)
def test_the_page_offers_the_actions_this_user_may_take(
    client: Client, world: World, role: str, buttons: set[str]
) -> None:
    meeting = meeting_of(world)
    page = signed_in(client, world, role).get(url("meeting_detail", meeting))
    actions = page.content.decode().split('class="card-body"')[1].split("</section>")[0]
    every = {
        "meeting_record",
        "attendance",
        "meeting_submit",
        "meeting_lock",
        "meeting_unlock",
    }
    offered = {name for name in every if url(name, meeting) in actions}
    assert offered == buttons


def test_a_draft_offers_the_secretary_to_submit(client: Client, world: World) -> None:
    meeting = meeting_of(world)
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.DRAFT)
    page = signed_in(client, world, "secretary_a").get(url("meeting_detail", meeting))
    assert url("meeting_submit", meeting) in page.content.decode()


# --- Recording the minutes -----------------------------------------------------------------------


def record_data(meeting: Meeting, **changes: str) -> dict[str, str]:
    data = {
        "expected_version": str(meeting.version),
        "kind": meeting.kind,
        "held_on": meeting.held_on.strftime("%d/%m/%Y"),
        "start_time": "19:30",
        "end_time": "21:15",
        "place": "Nhà văn hóa tổ dân phố",
        "topic": meeting.topic,
        "content": "Đánh giá kết quả tháng.",
        "votes_for": "5",
        "votes_against": "0",
        "votes_abstain": "0",
    }
    data.update(changes)
    return data


def test_the_record_form_carries_the_version_and_day_first_dates(
    client: Client, world: World
) -> None:
    meeting = meeting_of(world)
    page = signed_in(client, world, "secretary_a").get(url("meeting_record", meeting))
    text = page.content.decode()
    assert f'name="expected_version" value="{meeting.version}"' in text
    assert 'value="05/03/2025"' in text
    assert 'value="19:30"' in text


def test_recording_saves_and_makes_the_planned_meeting_a_draft(
    client: Client, world: World
) -> None:
    meeting = planned_of(world)
    response = signed_in(client, world, "secretary_a").post(
        url("meeting_record", meeting),
        record_data(meeting, start_time="19.30", end_time="2115"),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("meeting_detail", meeting)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.DRAFT
    assert (meeting.start_time, meeting.end_time) == (
        datetime.time(19, 30),
        datetime.time(21, 15),
    )
    assert meeting.place == "Nhà văn hóa tổ dân phố"
    assert meeting.version == 2
    assert "Nhà văn hóa tổ dân phố" in response.content.decode()


def test_a_stale_save_shows_who_changed_it_and_keeps_the_input(
    client: Client, world: World
) -> None:
    meeting = planned_of(world)
    official = world.users["official"]
    official.first_name = "Trần Văn Hải"
    official.save()
    stale = record_data(meeting, place="Nhà bà Lan", content="Nội dung của tôi")
    meeting_save(
        meeting=meeting,
        data={"place": "Hội trường phường"},
        by=official,
        expected_version=meeting.version,
    )
    response = signed_in(client, world, "secretary_a").post(
        url("meeting_record", meeting), stale
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Buổi sinh hoạt đã được Trần Văn Hải sửa lúc" in text
    assert 'value="Nhà bà Lan"' in text
    assert "Nội dung của tôi" in text
    assert 'name="expected_version" value="2"' in text  # saving again is allowed
    meeting.refresh_from_db()
    assert meeting.place == "Hội trường phường"


def test_a_chair_from_another_cell_is_refused_on_the_field(
    client: Client, world: World
) -> None:
    meeting = planned_of(world)
    response = signed_in(client, world, "secretary_a").post(
        url("meeting_record", meeting),
        record_data(meeting, chair=str(world.members["B"].pk)),
    )
    assert "chair" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.version == 1


def test_a_locked_meeting_cannot_be_opened_for_recording(
    client: Client, world: World
) -> None:
    meeting = meeting_of(world)
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.LOCKED)
    response = signed_in(client, world, "secretary_a").get(
        url("meeting_record", meeting), follow=True
    )
    assert response.redirect_chain[-1][0] == url("meeting_detail", meeting)
    assert (
        vi(
            "This meeting is locked: a ward official must unlock it before it can be "
            "changed."
        )
        in response.content.decode()
    )


# --- The state buttons ---------------------------------------------------------------------------


def test_submitting_a_complete_draft(client: Client, world: World) -> None:
    meeting = meeting_of(world)
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.DRAFT)
    response = signed_in(client, world, "secretary_a").post(
        url("meeting_submit", meeting),
        {"expected_version": str(meeting.version)},
        follow=True,
    )
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SUBMITTED
    assert (
        vi("The meeting has been submitted: it now counts in the cell's evaluation.")
        in response.content.decode()
    )


def test_submitting_with_a_member_unmarked_says_who(
    client: Client, world: World
) -> None:
    meeting = meeting_of(world)
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.DRAFT)
    late = MemberFactory(full_name="Phạm Văn Chưa Điểm Danh")
    MembershipFactory(member=late, cell=world.cells["A"], start=LONG_AGO)
    response = signed_in(client, world, "secretary_a").post(
        url("meeting_submit", meeting),
        {"expected_version": str(meeting.version)},
        follow=True,
    )
    assert "Phạm Văn Chưa Điểm Danh" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.DRAFT


def test_the_official_locks_and_unlocks(client: Client, world: World) -> None:
    meeting = meeting_of(world)
    client = signed_in(client, world, "official")
    response = client.post(
        url("meeting_lock", meeting),
        {"expected_version": str(meeting.version)},
        follow=True,
    )
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.LOCKED
    assert url("meeting_unlock", meeting) in response.content.decode()
    client.post(
        url("meeting_unlock", meeting), {"expected_version": str(meeting.version)}
    )
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SUBMITTED


def test_a_secretary_locking_gets_403_and_nothing_changes(
    client: Client, world: World
) -> None:
    meeting = meeting_of(world)
    response = signed_in(client, world, "secretary_a").post(
        url("meeting_lock", meeting), {"expected_version": str(meeting.version)}
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SUBMITTED


def test_a_stale_lock_is_refused_with_the_conflict_message(
    client: Client, world: World
) -> None:
    meeting = meeting_of(world)
    response = signed_in(client, world, "official").post(
        url("meeting_lock", meeting),
        {"expected_version": str(meeting.version + 5)},
        follow=True,
    )
    assert "Buổi sinh hoạt đã được" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SUBMITTED


def test_a_meeting_of_another_ward_is_not_found(client: Client, world: World) -> None:
    meeting = meeting_of(world, "C")
    client = signed_in(client, world, "official")
    assert client.get(url("meeting_detail", meeting)).status_code == 404
    assert client.get("/meetings/NO-SUCH-KEY/").status_code == 404


def test_the_member_list_links_to_the_meetings(client: Client, world: World) -> None:
    page = signed_in(client, world, "secretary_a").get(
        reverse("cells:member_list", args=["CELLA"])
    )
    assert list_url(world) in page.content.decode()
