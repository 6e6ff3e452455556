"""The cell screens: member list, member record, editing a member."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cells.models import Member, OfficePosition, RoleKind, StatusKind
from tests.access.world import World, build_world
from tests.factories import (
    CellFactory,
    MemberFactory,
    MembershipFactory,
    OfficeFactory,
    RoleFactory,
    StatusPeriodFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()  # the views' today: the date in Asia/Ho_Chi_Minh
LONG_AGO = datetime.date(2015, 1, 1)


@pytest.fixture
def world(db) -> World:
    """Ward W with cells A and B, ward V with cell C, one member on each roll (tests/access/world.py)."""
    return build_world()


def list_url(world: World, letter: str = "A") -> str:
    return reverse("cells:member_list", args=[world.cells[letter].code])


def detail_url(world: World, member: Member, letter: str = "A") -> str:
    return reverse("cells:member_detail", args=[world.cells[letter].code, member.code])


def edit_url(world: World, member: Member, letter: str = "A") -> str:
    return reverse("cells:member_edit", args=[world.cells[letter].code, member.code])


def signed_in(client: Client, world: World, role: str) -> Client:
    client.force_login(world.users[role])
    return client


def on_roll(world: World, letter: str = "A", **member_fields) -> Member:
    member = MemberFactory(**member_fields)
    MembershipFactory(member=member, cell=world.cells[letter], start=LONG_AGO)
    return member


# --- member list ---------------------------------------------------------------------------------


def test_member_list_shows_the_members_on_the_roll_today(
    client: Client, world: World
) -> None:
    left = MemberFactory(full_name="Lê Văn Đã Chuyển")
    MembershipFactory(
        member=left,
        cell=world.cells["A"],
        start=LONG_AGO,
        end=TODAY - datetime.timedelta(days=1),
    )
    page = signed_in(client, world, "secretary_a").get(list_url(world)).content.decode()
    assert "Nguyễn Văn A" in page
    assert "Lê Văn Đã Chuyển" not in page
    assert "Nguyễn Văn B" not in page  # another cell's member


def test_member_list_can_include_past_members(client: Client, world: World) -> None:
    left = MemberFactory(full_name="Lê Văn Đã Chuyển")
    MembershipFactory(
        member=left,
        cell=world.cells["A"],
        start=LONG_AGO,
        end=TODAY - datetime.timedelta(days=1),
    )
    response = signed_in(client, world, "secretary_a").get(
        list_url(world), {"past": "on"}
    )
    page = response.content.decode()
    assert "Lê Văn Đã Chuyển" in page and "Nguyễn Văn A" in page
    assert "status-past" in page
    assert [m.code for m in response.context["page"].object_list] == sorted(
        [left.code, world.members["A"].code]
    )


def test_member_list_shows_each_members_status_today(
    client: Client, world: World
) -> None:
    probationary = on_roll(world, full_name="Phạm Dự Bị", official_on=None)
    exempt = on_roll(world, full_name="Hoàng Miễn")
    StatusPeriodFactory(
        member=exempt,
        kind=StatusKind.EXEMPT,
        start=TODAY - datetime.timedelta(days=30),
        end=TODAY + datetime.timedelta(days=30),
    )
    away = on_roll(world, full_name="Vũ Đi Xa")
    StatusPeriodFactory(
        member=away,
        kind=StatusKind.WORKING_AWAY,
        start=TODAY - datetime.timedelta(days=3),
        end=None,
        approved=False,
        approved_on=None,
        approved_by="",
        contact_kept=True,
    )
    response = signed_in(client, world, "secretary_a").get(list_url(world))
    rows = {m.code: m for m in response.context["page"].object_list}
    assert rows[world.members["A"].code].official is True
    assert rows[probationary.code].official is False
    assert rows[exempt.code].exempt is True
    assert rows[exempt.code].working_away is False
    assert rows[away.code].working_away is True
    assert rows[away.code].exempt is False
    page = response.content.decode()
    assert "status-probationary" in page
    assert "status-exempt" in page
    assert "status-away" in page


def test_an_exemption_not_yet_approved_does_not_show_as_exempt(
    client: Client, world: World
) -> None:
    StatusPeriodFactory(
        member=world.members["A"],
        kind=StatusKind.EXEMPT,
        start=TODAY - datetime.timedelta(days=1),
        end=None,
        approved=False,
        approved_on=None,
        approved_by="",
    )
    response = signed_in(client, world, "secretary_a").get(list_url(world))
    assert response.context["page"].object_list[0].exempt is False


def test_member_list_search_by_name_ignores_how_the_accents_were_typed(
    client: Client, world: World
) -> None:
    on_roll(world, full_name="Trần Thị Huệ")
    on_roll(world, full_name="Đỗ Văn Bình")
    typed = unicodedata.normalize("NFD", "Huệ")  # as some Vietnamese keyboards send it
    response = signed_in(client, world, "secretary_a").get(
        list_url(world), {"q": typed}
    )
    names = [m.full_name for m in response.context["page"].object_list]
    assert names == ["Trần Thị Huệ"]


def test_member_list_search_by_profile_number(client: Client, world: World) -> None:
    wanted = on_roll(world, code="DV-77777")
    response = signed_in(client, world, "official").get(list_url(world), {"q": "77777"})
    assert [m.code for m in response.context["page"].object_list] == [wanted.code]


def test_member_list_search_without_result_says_so(
    client: Client, world: World
) -> None:
    response = signed_in(client, world, "secretary_a").get(
        list_url(world), {"q": "Không Có Ai"}
    )
    assert response.context["page"].paginator.count == 0
    assert "Không Có Ai" in response.content.decode()


def test_member_list_is_paginated(client: Client, world: World) -> None:
    for _ in range(55):
        on_roll(world)
    client = signed_in(client, world, "secretary_a")
    first = client.get(list_url(world))
    assert len(first.context["page"].object_list) == 50
    second = client.get(list_url(world), {"page": 2})
    assert len(second.context["page"].object_list) == 6
    assert second.context["page"].paginator.count == 56


def roll_of(world: World, count: int) -> None:
    for index in range(count - 1):  # the world's own member makes ``count``
        member = on_roll(world, official_on=None if index % 3 else LONG_AGO)
        StatusPeriodFactory(member=member, start=LONG_AGO, end=None)
        OfficeFactory(member=member, cell=world.cells["A"], position="committee")


@pytest.mark.parametrize("count", [1, 20])
def test_member_list_query_count_does_not_grow_with_members(
    client: Client, world: World, count: int, django_assert_max_num_queries
) -> None:
    roll_of(world, count)
    client = signed_in(client, world, "secretary_a")
    # session, user, roles, cell, count, page: the same for 1 member as for 20
    with django_assert_max_num_queries(6):
        response = client.get(list_url(world), {"past": "on"})
    assert response.context["page"].paginator.count == count


# --- member record --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown"),
    [("secretary_a", True), ("official", True), ("superuser", True), ("viewer", False)],
)
def test_citizen_id_and_phone_only_for_those_allowed(
    client: Client, world: World, role: str, shown: bool
) -> None:
    member = world.members["A"]
    page = signed_in(client, world, role).get(detail_url(world, member)).content
    assert (member.citizen_id.encode() in page) is shown
    assert (member.phone.encode() in page) is shown


def test_member_record_shows_memberships_statuses_and_offices(
    client: Client, world: World
) -> None:
    member = MemberFactory(full_name="Bùi Văn Chuyển")
    MembershipFactory(
        member=member,
        cell=world.cells["B"],
        start=datetime.date(2010, 1, 1),
        end=datetime.date(2019, 12, 31),
    )
    MembershipFactory(
        member=member, cell=world.cells["A"], start=datetime.date(2020, 1, 1)
    )
    StatusPeriodFactory(
        member=member,
        kind=StatusKind.EXEMPT,
        start=datetime.date(2024, 3, 1),
        end=datetime.date(2024, 9, 30),
    )
    OfficeFactory(
        member=member,
        cell=world.cells["A"],
        position=OfficePosition.DEPUTY,
        start=datetime.date(2021, 2, 3),
    )
    page = (
        signed_in(client, world, "secretary_a")
        .get(detail_url(world, member))
        .content.decode()
    )
    assert "Chi bộ A" in page and "Chi bộ B" in page
    assert "01/01/2010" in page and "31/12/2019" in page
    assert "01/03/2024" in page and "30/09/2024" in page
    assert "03/02/2021" in page


def test_a_member_never_on_the_cells_roll_is_not_found(
    client: Client, world: World
) -> None:
    response = signed_in(client, world, "official").get(
        detail_url(world, world.members["B"], letter="A")
    )
    assert response.status_code == 404
    response = client.get(edit_url(world, world.members["B"], letter="A"))
    assert response.status_code == 404


def test_a_past_member_of_the_cell_can_still_be_opened(
    client: Client, world: World
) -> None:
    member = MemberFactory()
    MembershipFactory(
        member=member,
        cell=world.cells["A"],
        start=LONG_AGO,
        end=datetime.date(2020, 1, 1),
    )
    response = signed_in(client, world, "secretary_a").get(detail_url(world, member))
    assert response.status_code == 200


def test_an_unknown_cell_or_member_is_not_found(client: Client, world: World) -> None:
    client = signed_in(client, world, "superuser")
    assert client.get("/cells/NO-SUCH-CELL/members/").status_code == 404
    assert (
        client.get(f"/cells/{world.cells['A'].code}/members/NOBODY/").status_code == 404
    )


def test_member_record_query_count_is_bounded(
    client: Client, world: World, django_assert_max_num_queries
) -> None:
    member = world.members["A"]
    for year in range(2016, 2036):
        StatusPeriodFactory(
            member=member,
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 6, 30),
        )
        OfficeFactory(
            member=member,
            cell=world.cells["A"],
            position=OfficePosition.COMMITTEE,
            start=datetime.date(year, 1, 1),
        )
    client = signed_in(client, world, "secretary_a")
    # session, user, roles, cell, member, then memberships, statuses, offices in one query each
    with django_assert_max_num_queries(8):
        assert client.get(detail_url(world, member)).status_code == 200


# --- editing a member -----------------------------------------------------------------------------


def form_data(member: Member, **changes: str) -> dict[str, str]:
    data = {
        "full_name": member.full_name,
        "gender": member.gender,
        "birth_date": member.birth_date.strftime("%d/%m/%Y")
        if member.birth_date
        else "",
        "citizen_id": member.citizen_id,
        "phone": member.phone,
        "household": str(member.household_id or ""),
        "joined_on": member.joined_on.strftime("%d/%m/%Y"),
        "official_on": member.official_on.strftime("%d/%m/%Y")
        if member.official_on
        else "",
        "card_number": member.card_number,
    }
    data.update(changes)
    return data


def test_edit_form_shows_dates_as_day_month_year(client: Client, world: World) -> None:
    member = world.members["A"]
    member.birth_date = datetime.date(1975, 6, 5)
    member.save()
    response = signed_in(client, world, "secretary_a").get(edit_url(world, member))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="05/06/1975"' in page
    assert 'value="03/03/1990"' in page  # joined_on of the factory
    assert 'name="citizen_id"' in page


@pytest.mark.parametrize("role", ["secretary_a", "official", "superuser"])
def test_edit_saves_and_returns_to_the_record_with_a_message(
    client: Client, world: World, role: str
) -> None:
    member = world.members["A"]
    client = signed_in(client, world, role)
    response = client.post(
        edit_url(world, member),
        form_data(member, phone="0987 654 321", birth_date="05/06/1975"),
        follow=True,
    )
    assert response.redirect_chain == [(detail_url(world, member), 302)]
    member.refresh_from_db()
    assert member.phone == "0987 654 321"
    assert member.birth_date == datetime.date(1975, 6, 5)  # 5 June, not 6 May
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and member.full_name in messages[0]
    assert member.history.latest().history_user == world.users[role]


def test_edit_normalises_the_name_to_nfc(client: Client, world: World) -> None:
    member = world.members["A"]
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    signed_in(client, world, "secretary_a").post(
        edit_url(world, member), form_data(member, full_name=typed)
    )
    member.refresh_from_db()
    assert member.full_name == unicodedata.normalize("NFC", "Nguyễn Thị Hường")


def test_edit_shows_errors_on_the_fields(client: Client, world: World) -> None:
    member = world.members["A"]
    response = signed_in(client, world, "secretary_a").post(
        edit_url(world, member),
        form_data(member, official_on="01/01/1980", birth_date="31/02/1970"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "birth_date" in form.errors  # a date that does not exist
    assert "official_on" in form.errors  # official before admitted
    member.refresh_from_db()
    assert member.official_on == datetime.date(1991, 3, 3)
    assert b"is-invalid" in response.content


def test_edit_refuses_a_citizen_id_of_another_member(
    client: Client, world: World
) -> None:
    member = world.members["A"]
    response = signed_in(client, world, "official").post(
        edit_url(world, member),
        form_data(member, citizen_id=world.members["B"].citizen_id),
    )
    assert response.status_code == 200
    assert "citizen_id" in response.context["form"].errors


def test_edit_refuses_a_card_number_for_a_probationary_member(
    client: Client, world: World
) -> None:
    member = world.members["A"]
    response = signed_in(client, world, "secretary_a").post(
        edit_url(world, member),
        form_data(member, official_on="", card_number="123456"),
    )
    assert response.status_code == 200
    assert "card_number" in response.context["form"].errors


def test_household_choices_stay_within_the_cells_reach(
    client: Client, world: World
) -> None:
    response = signed_in(client, world, "secretary_a").get(
        edit_url(world, world.members["A"])
    )
    choices = set(response.context["form"].fields["household"].queryset)
    assert world.members["A"].household in choices
    assert world.members["B"].household in choices  # same ward
    assert world.members["C"].household not in choices  # another ward


def test_edit_refuses_a_household_of_another_ward(client: Client, world: World) -> None:
    member = world.members["A"]
    response = signed_in(client, world, "secretary_a").post(
        edit_url(world, member),
        form_data(member, household=str(world.members["C"].household_id)),
    )
    assert response.status_code == 200
    assert "household" in response.context["form"].errors


def test_viewer_may_not_edit(client: Client, world: World) -> None:
    member = world.members["A"]
    client = signed_in(client, world, "viewer")
    assert client.get(edit_url(world, member)).status_code == 403
    before = member.phone
    response = client.post(edit_url(world, member), form_data(member, phone="1"))
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.phone == before


def test_secretary_of_another_cell_gets_not_found(client: Client, world: World) -> None:
    member = world.members["A"]
    client = signed_in(client, world, "secretary_b")
    assert client.get(edit_url(world, member)).status_code == 404
    response = client.post(edit_url(world, member), form_data(member, phone="1"))
    assert response.status_code == 404


def test_anonymous_is_sent_to_the_login_page(client: Client, world: World) -> None:
    url = edit_url(world, world.members["A"])
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('login')}?next={url}"


def test_edit_link_only_for_writers(client: Client, world: World) -> None:
    member = world.members["A"]
    link = edit_url(world, member).encode()
    assert (
        link
        in signed_in(client, world, "secretary_a")
        .get(detail_url(world, member))
        .content
    )
    client.logout()
    assert (
        link
        not in signed_in(client, world, "viewer").get(detail_url(world, member)).content
    )


def test_a_viewer_of_one_cell_reads_it_but_not_another(
    client: Client, world: World
) -> None:
    user = UserFactory(password=None)
    RoleFactory(user=user, kind=RoleKind.VIEWER, cell=world.cells["B"])
    client.force_login(user)
    assert client.get(list_url(world, "B")).status_code == 200
    assert client.get(list_url(world, "A")).status_code == 404


def test_a_dissolved_cell_still_lists_its_members(client: Client, world: World) -> None:
    cell = CellFactory(ward=world.ward, dissolved_on=datetime.date(2024, 12, 31))
    member = MemberFactory()
    MembershipFactory(
        member=member, cell=cell, start=LONG_AGO, end=datetime.date(2024, 12, 31)
    )
    client = signed_in(client, world, "official")
    response = client.get(
        reverse("cells:member_list", args=[cell.code]), {"past": "on"}
    )
    assert [m.code for m in response.context["page"].object_list] == [member.code]
