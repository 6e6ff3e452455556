"""Two people editing one record: the second save does not silently overwrite the first. The form
carries the record's latest history row; a post made from an older copy is refused and saves nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.test import Client
from django.urls import reverse

from cells import services
from cells.forms_concurrency import SEEN_FIELD
from cells.models import Member
from tests.access.world import World, build_world

pytestmark = pytest.mark.django_db
CONFLICT = "Người khác đã sửa hồ sơ này sau khi bạn mở trang"


@pytest.fixture
def world(db) -> World:
    return build_world()


def opened(client: Client, url: str, prefix: str = "") -> str:
    """Open the form as a browser does and read the hidden marker it carries."""
    form = client.get(url).context["form"]
    return str(form[SEEN_FIELD].value())


def member_edit_url(world: World) -> str:
    return reverse(
        "cells:member_edit", args=[world.cells["A"].code, world.members["A"].code]
    )


def member_post(member: Member, **changes: str) -> dict[str, str]:
    data = {
        "full_name": member.full_name,
        "gender": member.gender,
        "birth_date": member.birth_date.strftime("%d/%m/%Y")
        if member.birth_date
        else "",
        "citizen_id": member.citizen_id,
        "phone": member.phone,
        "card_number": member.card_number,
        "joined_on": member.joined_on.strftime("%d/%m/%Y"),
        "official_on": member.official_on.strftime("%d/%m/%Y")
        if member.official_on
        else "",
    }
    data.update(changes)
    return data


def test_a_save_from_an_outdated_form_is_refused_and_keeps_the_other_change(
    client: Client, world: World
) -> None:
    member = world.members["A"]
    client.force_login(world.users["secretary_a"])
    seen = opened(client, member_edit_url(world))
    # Meanwhile the ward official corrects the name.
    services.member_update(
        member=Member.objects.get(pk=member.pk),
        data={"full_name": "Nguyễn Văn Đúng"},
        by=world.users["official"],
    )
    response = client.post(
        member_edit_url(world),
        member_post(member, full_name="Nguyễn Văn Sai", **{SEEN_FIELD: seen}),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error(NON_FIELD_ERRORS, "edit_conflict")
    assert any(CONFLICT in e for e in form.non_field_errors())
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Văn Đúng"


def test_a_save_from_an_up_to_date_form_goes_through(
    client: Client, world: World
) -> None:
    member = world.members["A"]
    client.force_login(world.users["secretary_a"])
    seen = opened(client, member_edit_url(world))
    response = client.post(
        member_edit_url(world),
        member_post(member, full_name="Nguyễn Văn Mới", **{SEEN_FIELD: seen}),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Văn Mới"
    # A second save from the same, now outdated, page is refused.
    again = client.post(
        member_edit_url(world),
        member_post(member, full_name="Nguyễn Văn Cũ", **{SEEN_FIELD: seen}),
    )
    assert again.context["form"].has_error(NON_FIELD_ERRORS, "edit_conflict")
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Văn Mới"


def test_an_outdated_status_period_form_is_refused(
    client: Client, world: World
) -> None:
    period = world.extra["status_period"]["A"]
    url = reverse(
        "cells:status_period_edit",
        args=[world.cells["A"].code, world.members["A"].code, period.pk],
    )
    client.force_login(world.users["secretary_a"])
    seen = opened(client, url)
    services.status_period_save(
        period=period,
        data={"note": "Đã liên hệ qua điện thoại"},
        by=world.users["official"],
    )
    response = client.post(
        url,
        {
            "kind": "working_away",
            "start": "01/03/2019",
            "end": "31/10/2019",
            SEEN_FIELD: seen,
        },
    )
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "edit_conflict")
    period.refresh_from_db()
    assert period.end != datetime.date(2019, 10, 31)
    assert period.note == "Đã liên hệ qua điện thoại"


def test_an_outdated_household_form_is_refused(client: Client, world: World) -> None:
    household = world.members["A"].household
    url = reverse(
        "cells:household_edit", args=[world.cells["A"].code, household.code, 2025]
    )
    client.force_login(world.users["secretary_a"])
    form = client.get(url).context["form"]
    seen = str(form[SEEN_FIELD].value())
    household.head_name = "Trần Văn Chủ Hộ Mới"
    household.save()
    response = client.post(
        url,
        {
            "household-head_name": "Lê Văn Ghi Đè",
            "household-group": str(household.group_id),
            "household-address": "Số 5 ngõ 12",
            f"household-{SEEN_FIELD}": seen,
            "year-poverty": "none",
        },
    )
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "edit_conflict")
    household.refresh_from_db()
    assert household.head_name == "Trần Văn Chủ Hộ Mới"


def test_a_rating_saved_since_the_page_was_opened_is_not_overwritten(
    client: Client, world: World
) -> None:
    from cells.models import MemberYear, Rating

    member = world.members["A"]
    url = reverse("cells:member_ratings", args=[world.cells["A"].code, 2025])
    client.force_login(world.users["secretary_a"])
    rows = client.get(url).context["rows"]
    seen = {r.member.pk: str(f["seen_change"].value()) for r, f in rows}[member.pk]
    assert seen == "none"  # not rated when the page was opened
    # Meanwhile the ward official rates the member.
    services.member_years_save(
        year=2025,
        rows={member.pk: {"rating": Rating.EXCELLENT, "resolution_compliant": True}},
        existing={},
        by=world.users["official"],
    )
    response = client.post(
        url,
        {
            f"m{member.pk}-rating": Rating.DONE,
            f"m{member.pk}-resolution_compliant": "True",
            f"m{member.pk}-seen_change": seen,
        },
    )
    forms = {r.member.pk: f for r, f in response.context["rows"]}
    assert forms[member.pk].has_error(NON_FIELD_ERRORS, "edit_conflict")
    assert MemberYear.objects.get(member=member, year=2025).rating == Rating.EXCELLENT
    # Opened again, the page carries the new state and the save goes through.
    rows = client.get(url).context["rows"]
    fresh = {r.member.pk: str(f["seen_change"].value()) for r, f in rows}[member.pk]
    response = client.post(
        url,
        {
            f"m{member.pk}-rating": Rating.DONE,
            f"m{member.pk}-resolution_compliant": "True",
            f"m{member.pk}-seen_change": fresh,
        },
    )
    assert response.status_code == 302
    assert MemberYear.objects.get(member=member, year=2025).rating == Rating.DONE
