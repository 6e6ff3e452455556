"""The records screens: members' yearly ratings (with the 20% warning), the cell's yearly record,
status periods and offices of a member, the households of a cell and their yearly titles."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from cells.models import (
    CellKind,
    CellYear,
    HouseholdYear,
    Member,
    MemberYear,
    Office,
    OfficePosition,
    Rating,
    StatusPeriod,
)
from tests.access.world import World, build_world
from tests.factories import (
    CellYearFactory,
    ClosedYearFactory,
    HouseholdFactory,
    HouseholdYearFactory,
    MemberFactory,
    MembershipFactory,
    MemberYearFactory,
    OfficeFactory,
    StatusPeriodFactory,
)

pytestmark = pytest.mark.django_db
YEAR = 2025
LONG_AGO = datetime.date(2015, 1, 1)
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def world(db) -> World:
    return build_world()


def signed_in(client: Client, world: World, role: str) -> Client:
    client.force_login(world.users[role])
    return client


def on_roll(world: World, letter: str = "A", **fields) -> Member:
    member = MemberFactory(**fields)
    MembershipFactory(member=member, cell=world.cells[letter], start=LONG_AGO)
    return member


def ratings_url(world: World, letter: str = "A", year: int = YEAR) -> str:
    return reverse("cells:member_ratings", args=[world.cells[letter].code, year])


def row(member: Member, rating: str, compliant: bool = True, **extra) -> dict:
    data = {
        f"m{member.pk}-rating": rating,
        f"m{member.pk}-resolution_compliant": str(compliant),
    }
    data.update({f"m{member.pk}-{key}": value for key, value in extra.items()})
    return data


# --- member ratings -----------------------------------------------------------------------------


def test_ratings_list_the_members_on_the_roll_on_the_last_day_of_the_year(
    client: Client, world: World
) -> None:
    left = MemberFactory(full_name="Lê Văn Đã Chuyển")
    MembershipFactory(
        member=left,
        cell=world.cells["A"],
        start=LONG_AGO,
        end=datetime.date(YEAR, 11, 30),
    )
    late = MemberFactory(full_name="Đỗ Thị Mới Vào")
    MembershipFactory(
        member=late, cell=world.cells["A"], start=datetime.date(2026, 1, 5)
    )
    rated = on_roll(world, full_name="Phạm Văn Đã Xếp Loại")
    MemberYearFactory(member=rated, year=YEAR, rating=Rating.EXCELLENT)
    response = signed_in(client, world, "secretary_a").get(ratings_url(world))
    page = response.content.decode()
    assert "Nguyễn Văn A" in page and "Phạm Văn Đã Xếp Loại" in page
    assert "Lê Văn Đã Chuyển" not in page and "Đỗ Thị Mới Vào" not in page
    assert "Nguyễn Văn B" not in page
    forms = {r.member.pk: f for r, f in response.context["rows"]}
    assert forms[rated.pk]["rating"].value() == Rating.EXCELLENT
    assert forms[world.members["A"].pk]["rating"].value() in ("", None)


def test_ratings_save_every_row_in_one_post_with_the_history_user(
    client: Client, world: World
) -> None:
    second = on_roll(world, full_name="Hoàng Văn Hai")
    third = on_roll(world, full_name="Vũ Thị Ba")
    MemberYearFactory(member=third, year=YEAR, rating=Rating.DONE)
    data = {
        **row(world.members["A"], "good"),
        **row(second, "excellent", compliant=False),
        **row(third, "failed"),
    }
    response = signed_in(client, world, "secretary_a").post(ratings_url(world), data)
    assert response.status_code == 302
    saved = {
        r.member_id: (r.rating, r.resolution_compliant)
        for r in MemberYear.objects.filter(year=YEAR)
    }
    assert saved == {
        world.members["A"].pk: ("good", True),
        second.pk: ("excellent", False),
        third.pk: ("failed", True),
    }
    latest = MemberYear.objects.get(member=second).history.latest()
    assert latest.history_user == world.users["secretary_a"]


def test_a_row_left_empty_leaves_the_member_unrated(
    client: Client, world: World
) -> None:
    other = on_roll(world)
    signed_in(client, world, "secretary_a").post(
        ratings_url(world), {**row(world.members["A"], "good"), **row(other, "")}
    )
    assert list(MemberYear.objects.values_list("member_id", flat=True)) == [
        world.members["A"].pk
    ]


def test_a_bad_row_is_refused_on_its_field_and_nothing_is_saved(
    client: Client, world: World
) -> None:
    other = on_roll(world, full_name="Hoàng Văn Sai")
    response = signed_in(client, world, "secretary_a").post(
        ratings_url(world),
        {**row(world.members["A"], "good"), **row(other, "best-ever")},
        **ENGLISH,
    )
    assert response.status_code == 200
    assert not MemberYear.objects.exists()
    forms = {r.member.pk: f for r, f in response.context["rows"]}
    assert "rating" in forms[other.pk].errors
    assert not forms[world.members["A"].pk].errors
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "is-invalid" in page


def test_a_saved_rating_cannot_be_emptied(client: Client, world: World) -> None:
    MemberYearFactory(member=world.members["A"], year=YEAR, rating=Rating.GOOD)
    response = signed_in(client, world, "secretary_a").post(
        ratings_url(world), row(world.members["A"], ""), **ENGLISH
    )
    form = response.context["rows"][0][1]
    assert form.errors["rating"] == [
        "This member is already rated: choose a rating, it cannot be emptied."
    ]
    assert MemberYear.objects.get().rating == Rating.GOOD


def test_the_models_refusal_shows_on_every_row_and_nothing_is_saved(
    client: Client, world: World
) -> None:
    other = on_roll(world)
    ClosedYearFactory(ward=world.ward, year=YEAR)
    response = signed_in(client, world, "secretary_a").post(
        ratings_url(world),
        {**row(world.members["A"], "good"), **row(other, "done")},
        **ENGLISH,
    )
    assert response.status_code == 200
    assert not MemberYear.objects.exists()
    for _, form in response.context["rows"]:
        assert any("is closed" in str(e) for e in form.non_field_errors())


def rate_many(world: World, excellent: int, good: int, letter: str = "A") -> None:
    for _ in range(excellent):
        MemberYearFactory(member=on_roll(world, letter), year=YEAR, rating="excellent")
    for _ in range(good):
        MemberYearFactory(member=on_roll(world, letter), year=YEAR, rating="good")


def test_more_than_20_percent_excellent_is_a_warning_with_both_shares(
    client: Client, world: World
) -> None:
    rate_many(world, excellent=3, good=5, letter="A")
    rate_many(world, excellent=0, good=2, letter="B")
    response = signed_in(client, world, "secretary_a").get(
        ratings_url(world), **ENGLISH
    )
    page = response.content.decode()
    assert response.context["share"].over_cap is True
    assert "Warning:" in page and "alert-warning" in page
    assert (
        "the ward has 3 excellent members out of 10 rated good or better (30.0%), "
        "more than the cap of 20% (2 at most)."
    ) in " ".join(page.split())
    assert "3 / 10" in page  # the ward
    assert "3 / 8" in page and "(37.5%)" in page  # this cell


def test_the_warning_never_blocks_saving(client: Client, world: World) -> None:
    rate_many(world, excellent=3, good=0)
    response = signed_in(client, world, "secretary_a").post(
        ratings_url(world), row(world.members["A"], "excellent")
    )
    assert response.status_code == 302
    assert MemberYear.objects.filter(rating="excellent").count() == 4


def test_exactly_20_percent_shows_no_warning(client: Client, world: World) -> None:
    rate_many(world, excellent=2, good=8)
    response = signed_in(client, world, "official").get(ratings_url(world), **ENGLISH)
    page = response.content.decode()
    assert response.context["share"].over_cap is False
    assert "Warning:" not in page
    assert "2 / 10" in page


def test_residence_feedback_only_for_non_residential_cells(
    client: Client, world: World
) -> None:
    page = signed_in(client, world, "secretary_a").get(ratings_url(world))
    assert "residence_feedback" not in page.content.decode()
    cell = world.cells["A"]
    cell.kind = CellKind.PUBLIC_SERVICE
    cell.save()
    response = client.post(
        ratings_url(world),
        row(world.members["A"], "good", residence_feedback="not_good"),
    )
    assert response.status_code == 302
    assert MemberYear.objects.get().residence_feedback == "not_good"


def test_a_viewer_sees_the_ratings_without_a_save_button(
    client: Client, world: World
) -> None:
    MemberYearFactory(member=world.members["A"], year=YEAR, rating=Rating.GOOD)
    response = signed_in(client, world, "viewer").get(ratings_url(world), **ENGLISH)
    page = response.content.decode()
    assert "Nguyễn Văn A" in page
    assert "Save all ratings" not in page
    assert " disabled" in page


def test_a_future_year_is_not_found(client: Client, world: World) -> None:
    response = signed_in(client, world, "secretary_a").get(
        ratings_url(world, year=datetime.date.today().year + 1)
    )
    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_ratings_page_queries_do_not_grow_with_the_roll(
    client: Client, world: World, count: int, django_assert_max_num_queries
) -> None:
    rate_many(world, excellent=0, good=count - 1)
    client = signed_in(client, world, "secretary_a")
    with django_assert_max_num_queries(12):
        response = client.get(ratings_url(world))
    assert len(response.context["rows"]) == count


# --- the cell's yearly record -------------------------------------------------------------------


def cell_year_url(world: World, letter: str = "A") -> str:
    return reverse("cells:cell_year", args=[world.cells[letter].code, YEAR])


def test_cell_year_record_is_saved(client: Client, world: World) -> None:
    response = signed_in(client, world, "official").post(
        cell_year_url(world),
        {
            "rating": "excellent",
            "targets_total": "5",
            "targets_met": "5",
            "satisfaction_percent": "98.5",
            "group_cultured": "true",
        },
    )
    assert response.status_code == 302
    record = CellYear.objects.get(cell=world.cells["A"], year=YEAR)
    assert (record.rating, record.targets_met, str(record.satisfaction_percent)) == (
        "excellent",
        5,
        "98.5",
    )
    assert record.group_cultured is True
    assert record.history.latest().history_user == world.users["official"]


def test_more_targets_met_than_targets_is_an_error_on_the_field(
    client: Client, world: World
) -> None:
    CellYearFactory(cell=world.cells["A"], year=YEAR, rating="good")
    response = signed_in(client, world, "secretary_a").post(
        cell_year_url(world),
        {"rating": "good", "targets_total": "3", "targets_met": "4"},
        **ENGLISH,
    )
    assert response.context["form"].errors["targets_met"] == [
        "More targets met than there are targets."
    ]
    assert CellYear.objects.get().targets_total is None


def test_group_title_only_for_residential_cells(client: Client, world: World) -> None:
    client = signed_in(client, world, "secretary_a")
    assert "group_cultured" in client.get(cell_year_url(world)).context["form"].fields
    cell = world.cells["A"]
    cell.kind = CellKind.ENTERPRISE
    cell.save()
    assert (
        "group_cultured" not in client.get(cell_year_url(world)).context["form"].fields
    )


# --- status periods and offices -----------------------------------------------------------------


def member_url(world: World, name: str, *extra) -> str:
    return reverse(
        f"cells:{name}",
        args=[world.cells["A"].code, world.members["A"].code, *extra],
    )


def test_an_approved_exemption_is_added_with_dates_read_day_first(
    client: Client, world: World
) -> None:
    response = signed_in(client, world, "secretary_a").post(
        member_url(world, "status_period_add"),
        {
            "kind": "exempt",
            "start": "05/06/2024",
            "end": "",
            "approved": "on",
            "approved_on": "01/06/2024",
            "approved_by": "Đảng ủy phường Đồng Tâm",
        },
    )
    assert response.status_code == 302
    period = StatusPeriod.objects.get(member=world.members["A"], kind="exempt")
    assert period.start == datetime.date(2024, 6, 5)
    assert period.approved_by == "Đảng ủy phường Đồng Tâm"
    assert period.history.latest().history_user == world.users["secretary_a"]
    detail = client.get(
        reverse(
            "cells:member_detail", args=[world.cells["A"].code, world.members["A"].code]
        )
    ).content.decode()
    assert "05/06/2024" in detail and "Đảng ủy phường Đồng Tâm" in detail


def test_an_approved_exemption_without_its_approval_is_refused_on_the_fields(
    client: Client, world: World
) -> None:
    response = signed_in(client, world, "secretary_a").post(
        member_url(world, "status_period_add"),
        {"kind": "exempt", "start": "05/06/2024", "approved": "on"},
        **ENGLISH,
    )
    errors = response.context["form"].errors
    assert errors["approved_on"] == ["An approved exemption needs its approval date."]
    assert errors["approved_by"] == [
        "An approved exemption needs the body that approved it."
    ]
    assert not StatusPeriod.objects.filter(kind="exempt").exists()


def test_an_overlapping_period_of_the_same_kind_is_refused_on_start(
    client: Client, world: World
) -> None:
    # The access world gives the member a working-away period from 01/03/2019 to 30/09/2019.
    response = signed_in(client, world, "secretary_a").post(
        member_url(world, "status_period_add"),
        {"kind": "working_away", "start": "01/09/2019", "end": "31/12/2019"},
        **ENGLISH,
    )
    assert response.context["form"].errors["start"] == [
        "This period overlaps another period of the same kind."
    ]


def test_a_status_period_is_changed(client: Client, world: World) -> None:
    period = world.extra["status_period"]["A"]
    response = signed_in(client, world, "secretary_a").post(
        member_url(world, "status_period_edit", period.pk),
        {"kind": "working_away", "start": "01/03/2019", "end": "31/10/2019"},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.end == datetime.date(2019, 10, 31)
    assert period.contact_kept is False


def test_another_members_period_is_not_found(client: Client, world: World) -> None:
    other = StatusPeriodFactory(member=on_roll(world))
    response = signed_in(client, world, "secretary_a").get(
        member_url(world, "status_period_edit", other.pk)
    )
    assert response.status_code == 404


def test_an_office_of_the_cell_is_added(client: Client, world: World) -> None:
    response = signed_in(client, world, "official").post(
        member_url(world, "office_add"),
        {"position": "secretary", "start": "01/01/2021", "end": ""},
    )
    assert response.status_code == 302
    office = Office.objects.get(position=OfficePosition.SECRETARY)
    assert (office.cell, office.start) == (world.cells["A"], datetime.date(2021, 1, 1))


def test_a_second_secretary_in_the_same_period_is_refused_on_start(
    client: Client, world: World
) -> None:
    OfficeFactory(member=on_roll(world), cell=world.cells["A"], start=LONG_AGO)
    response = signed_in(client, world, "secretary_a").post(
        member_url(world, "office_add"),
        {"position": "secretary", "start": "01/01/2021"},
        **ENGLISH,
    )
    assert response.context["form"].errors["start"] == [
        "Another secretary holds this office in the same period."
    ]
    assert (
        Office.objects.filter(member=world.members["A"], position="secretary").count()
        == 0
    )


def test_member_record_links_to_the_new_forms_for_writers_only(
    client: Client, world: World
) -> None:
    url = reverse(
        "cells:member_detail", args=[world.cells["A"].code, world.members["A"].code]
    )
    page = signed_in(client, world, "secretary_a").get(url).content.decode()
    assert member_url(world, "status_period_add") in page
    assert member_url(world, "office_edit", world.extra["office"]["A"].pk) in page
    client.logout()
    page = signed_in(client, world, "viewer").get(url).content.decode()
    assert member_url(world, "status_period_add") not in page


# --- households ---------------------------------------------------------------------------------


def households_url(world: World, letter: str = "A") -> str:
    return reverse("cells:household_list", args=[world.cells[letter].code])


def test_household_list_shows_the_member_households_and_their_titles(
    client: Client, world: World
) -> None:
    household = world.members["A"].household
    HouseholdYearFactory(household=household, year=YEAR, poverty="near_poor")
    unrecorded = HouseholdFactory(head_name="Trần Văn Chưa Ghi")
    on_roll(world, household=unrecorded)
    response = signed_in(client, world, "secretary_a").get(
        households_url(world), {"year": YEAR}, **ENGLISH
    )
    page = response.content.decode()
    assert household.head_name in page and "Trần Văn Chưa Ghi" in page
    assert world.members["B"].household.head_name not in page
    assert "Near-poor" in page and "not recorded yet" in page
    assert "Nguyễn Văn A" in page  # the household's member


def test_household_list_searches_by_head_name(client: Client, world: World) -> None:
    on_roll(world, household=HouseholdFactory(head_name="Lò Văn Tìm"))
    response = signed_in(client, world, "secretary_a").get(
        households_url(world), {"q": "lò văn", "year": YEAR}
    )
    assert [h.head_name for h in response.context["page"].object_list] == ["Lò Văn Tìm"]


@pytest.mark.parametrize("count", [1, 20])
def test_household_list_queries_do_not_grow_with_the_households(
    client: Client, world: World, count: int, django_assert_max_num_queries
) -> None:
    for _ in range(count - 1):
        member = on_roll(world, household=HouseholdFactory())
        HouseholdYearFactory(household=member.household, year=YEAR)
    client = signed_in(client, world, "viewer")
    with django_assert_max_num_queries(9):
        response = client.get(households_url(world), {"year": YEAR})
    assert response.context["page"].paginator.count == count


def test_a_household_and_its_year_are_saved_together(
    client: Client, world: World
) -> None:
    household = world.members["A"].household
    url = reverse(
        "cells:household_edit", args=[world.cells["A"].code, household.code, YEAR]
    )
    response = signed_in(client, world, "secretary_a").post(
        url,
        {
            "household-head_name": "Nguyễn Văn Chủ Hộ",
            "household-group": str(household.group_id),
            "household-address": "Số 5 ngõ 12",
            "year-poverty": "poor",
            "year-civilized_rules": "on",
        },
    )
    assert response.status_code == 302
    household.refresh_from_db()
    record = HouseholdYear.objects.get(household=household, year=YEAR)
    assert household.head_name == "Nguyễn Văn Chủ Hộ"
    assert (record.cultured_family, record.poverty, record.civilized_rules) == (
        False,
        "poor",
        True,
    )
    assert record.history.latest().history_user == world.users["secretary_a"]


def test_a_household_outside_the_ward_needs_its_address(
    client: Client, world: World
) -> None:
    household = world.members["A"].household
    url = reverse(
        "cells:household_edit", args=[world.cells["A"].code, household.code, YEAR]
    )
    response = signed_in(client, world, "secretary_a").post(
        url,
        {"household-head_name": "X", "household-group": "", "year-poverty": "none"},
        **ENGLISH,
    )
    assert response.context["form"].errors["address"] == [
        "A household living outside the ward needs its address."
    ]
    assert not HouseholdYear.objects.exists()


def test_another_cells_household_is_not_found(client: Client, world: World) -> None:
    household = world.members["B"].household
    url = reverse(
        "cells:household_edit", args=[world.cells["A"].code, household.code, YEAR]
    )
    assert signed_in(client, world, "official").get(url).status_code == 404


def test_a_member_put_on_the_roll_after_the_page_was_opened_is_left_as_is(
    client: Client, world: World
) -> None:
    newcomer = on_roll(world)
    MemberYearFactory(member=newcomer, year=YEAR, rating=Rating.DONE)
    response = signed_in(client, world, "secretary_a").post(
        ratings_url(world), row(world.members["A"], "good")
    )
    assert response.status_code == 302
    assert MemberYear.objects.get(member=newcomer).rating == Rating.DONE
    assert MemberYear.objects.get(member=world.members["A"]).rating == Rating.GOOD
