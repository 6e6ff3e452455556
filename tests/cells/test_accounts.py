"""The accounts of a ward's secretaries (cells/accounts.py, cells/views_accounts.py) and the lockout page
of django-axes."""

from __future__ import annotations

import re

import pytest
from axes.utils import reset as axes_reset
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from cells import accounts
from cells.models import Role, RoleKind
from tests.factories import CellFactory, RoleFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db
PASSWORD_SHAPE = re.compile(r"^[a-z]+-[a-z]+-[2-9]{4}$")


@pytest.fixture(autouse=True)
def _fast_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ward():
    return WardFactory(code="W", name="Phường Đồng Tâm")


@pytest.fixture
def other_ward():
    return WardFactory(code="V", name="Phường Yên Ninh")


@pytest.fixture
def cell(ward):
    return CellFactory(code="C01", ward=ward, name="Chi bộ Tổ dân phố số 1")


@pytest.fixture
def official(ward):
    user = UserFactory(username="phuong", first_name="Phạm Văn Phường")
    RoleFactory(user=user, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    return user


@pytest.fixture
def secretary(cell):
    user = UserFactory(username="bithu1", first_name="Nguyễn Thị Lan")
    RoleFactory(user=user, kind=RoleKind.CELL_SECRETARY, cell=cell)
    return user


def signs_in(username: str, password: str):
    request = RequestFactory().post(reverse("login"))
    return authenticate(request, username=username, password=password)


# Services


def test_generated_passwords_are_readable_and_differ() -> None:
    made = {accounts.password_generate() for _ in range(50)}
    assert len(made) > 45
    for password in made:
        assert len(password) >= 10
        assert PASSWORD_SHAPE.match(password), password


def test_a_new_account_signs_in_with_its_password_which_is_not_stored(
    ward, cell, official
) -> None:
    made = accounts.account_create(
        ward=ward,
        username="bithu.to1",
        full_name="  Lê   Thị Hoa ",
        cell=cell,
        by=official,
    )
    user = made.user
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Lê Thị Hoa", "")
    assert made.password not in user.password
    assert signs_in("bithu.to1", made.password) == user
    role = Role.objects.get(user=user)
    assert (role.kind, role.cell) == (RoleKind.CELL_SECRETARY, cell)
    assert role.history.get().history_user == official


def test_a_taken_user_name_is_refused(ward, cell, official, secretary) -> None:
    with pytest.raises(accounts.AccountError):
        accounts.account_create(
            ward=ward, username="BiThu1", full_name="X", cell=cell, by=official
        )


def test_a_cell_of_another_ward_is_refused(ward, other_ward, official) -> None:
    elsewhere = CellFactory(ward=other_ward)
    with pytest.raises(accounts.AccountError):
        accounts.account_create(
            ward=ward, username="new", full_name="X", cell=elsewhere, by=official
        )


def test_a_deactivated_secretary_cannot_sign_in_until_reactivated(
    ward, official, secretary
) -> None:
    accounts.account_set_active(user=secretary, ward=ward, active=False, by=official)
    assert signs_in("bithu1", "matkhau-2025") is None
    client = Client()
    response = client.post(
        reverse("login"), {"username": "bithu1", "password": "matkhau-2025"}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    accounts.account_set_active(user=secretary, ward=ward, active=True, by=official)
    assert signs_in("bithu1", "matkhau-2025") == secretary


def test_an_official_cannot_deactivate_themselves_or_another_official(
    ward, official
) -> None:
    colleague = UserFactory(username="phuong2")
    RoleFactory(user=colleague, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    for user in (official, colleague):
        with pytest.raises(accounts.AccountError):
            accounts.account_set_active(user=user, ward=ward, active=False, by=official)
        user.refresh_from_db()
        assert user.is_active


def test_a_secretary_of_another_ward_is_not_managed(ward, other_ward, official) -> None:
    stranger = UserFactory(username="bithu-v")
    RoleFactory(
        user=stranger, kind=RoleKind.CELL_SECRETARY, cell=CellFactory(ward=other_ward)
    )
    with pytest.raises(accounts.AccountError):
        accounts.account_reset_password(user=stranger, ward=ward, by=official)


def test_a_reset_password_replaces_the_old_one(ward, official, secretary) -> None:
    made = accounts.account_reset_password(user=secretary, ward=ward, by=official)
    assert signs_in("bithu1", "matkhau-2025") is None
    assert signs_in("bithu1", made.password) == secretary


def test_hand_over_to_a_new_account_moves_the_role(
    ward, cell, official, secretary
) -> None:
    done = accounts.cell_hand_over(
        cell=cell, ward=ward, by=official, username="bithu.moi", full_name="Võ Văn Tám"
    )
    assert done.previous == (secretary,)
    assert list(Role.objects.filter(cell=cell).values_list("user__username")) == [
        ("bithu.moi",)
    ]
    secretary.refresh_from_db()
    assert not secretary.is_active
    assert signs_in("bithu.moi", done.password) == done.user
    removed = Role.history.filter(history_type="-").get()
    assert (removed.user_id, removed.history_user) == (secretary.pk, official)
    # The former secretary stays in the ward's list, without a role, to be reactivated if need be.
    assert secretary in accounts.ward_accounts(ward)


def test_hand_over_to_an_existing_account_keeps_an_account_with_other_roles(
    ward, cell, official, secretary
) -> None:
    other_cell = CellFactory(ward=ward)
    RoleFactory(user=secretary, kind=RoleKind.CELL_SECRETARY, cell=other_cell)
    deputy = UserFactory(username="phobithu")
    RoleFactory(user=deputy, kind=RoleKind.VIEWER, cell=cell)
    done = accounts.cell_hand_over(cell=cell, ward=ward, by=official, user=deputy)
    assert done.password is None
    assert Role.objects.get(cell=cell, kind=RoleKind.CELL_SECRETARY).user == deputy
    secretary.refresh_from_db()
    assert secretary.is_active  # still the secretary of the other cell


def test_a_failed_hand_over_changes_nothing(ward, cell, official, secretary) -> None:
    with pytest.raises(accounts.AccountError):
        accounts.cell_hand_over(
            cell=cell, ward=ward, by=official, username="bithu1", full_name="Trùng"
        )
    assert Role.objects.get(cell=cell).user == secretary
    secretary.refresh_from_db()
    assert secretary.is_active


# Views


def test_the_list_shows_the_wards_accounts_and_no_other(
    client: Client, ward, other_ward, official, secretary
) -> None:
    stranger = UserFactory(username="bithu-v", first_name="Đỗ Văn Xa")
    RoleFactory(
        user=stranger, kind=RoleKind.CELL_SECRETARY, cell=CellFactory(ward=other_ward)
    )
    client.force_login(official)
    page = client.get(reverse("accounts:account_list", args=["W"])).content.decode()
    assert "Nguyễn Thị Lan" in page and "bithu1" in page
    assert "Chi bộ Tổ dân phố số 1" in page
    assert "Đỗ Văn Xa" not in page
    assert reverse("accounts:account_deactivate", args=["W", secretary.pk]) in page
    # No action on the official's own account.
    assert reverse("accounts:account_deactivate", args=["W", official.pk]) not in page


def test_the_menu_offers_accounts_to_ward_officials_only(
    client: Client, official, secretary
) -> None:
    client.force_login(official)
    response = client.get(reverse("accounts:index"))
    assert response.headers["Location"] == reverse("accounts:account_list", args=["W"])
    assert (
        reverse("accounts:index")
        in client.get(response.headers["Location"]).content.decode()
    )
    client.force_login(secretary)
    assert client.get(reverse("accounts:index")).status_code == 404


def test_an_official_of_another_ward_gets_404(
    client: Client, other_ward, secretary
) -> None:
    other = UserFactory(username="phuong-v")
    RoleFactory(user=other, kind=RoleKind.WARD_OFFICIAL, ward=other_ward)
    client.force_login(other)
    assert client.get(reverse("accounts:account_list", args=["W"])).status_code == 404
    response = client.post(
        reverse("accounts:account_deactivate", args=["W", secretary.pk])
    )
    assert response.status_code == 404
    # Nor by putting the account under their own ward's address.
    response = client.post(
        reverse("accounts:account_password", args=["V", secretary.pk])
    )
    assert response.status_code == 404
    secretary.refresh_from_db()
    assert secretary.is_active and secretary.check_password("matkhau-2025")


def test_creating_an_account_shows_the_password_once(
    client: Client, ward, cell, official
) -> None:
    client.force_login(official)
    response = client.post(
        reverse("accounts:account_create", args=["W"]),
        {"cell": cell.pk, "full_name": "Lê Thị Hoa", "username": "bithu.to1"},
    )
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    password = re.search(r'id="new-password">([^<]+)<', response.content.decode())[1]
    assert PASSWORD_SHAPE.match(password)
    assert signs_in("bithu.to1", password) is not None
    listing = client.get(reverse("accounts:account_list", args=["W"]))
    assert "Lê Thị Hoa" in listing.content.decode()
    assert password not in listing.content.decode()


def test_a_taken_user_name_is_an_error_on_the_field(
    client: Client, cell, official, secretary
) -> None:
    client.force_login(official)
    response = client.post(
        reverse("accounts:account_create", args=["W"]),
        {"cell": cell.pk, "full_name": "Lê Thị Hoa", "username": "bithu1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert 'id="new-password"' not in response.content.decode()


def test_deactivating_yourself_is_refused_with_a_message(
    client: Client, official
) -> None:
    client.force_login(official)
    response = client.post(
        reverse("accounts:account_deactivate", args=["W", official.pk]), follow=True
    )
    assert "alert-danger" in response.content.decode()
    official.refresh_from_db()
    assert official.is_active


def test_deactivate_and_reset_through_the_pages(
    client: Client, official, secretary
) -> None:
    client.force_login(official)
    response = client.post(
        reverse("accounts:account_deactivate", args=["W", secretary.pk]), follow=True
    )
    secretary.refresh_from_db()
    assert not secretary.is_active
    assert "Nguyễn Thị Lan" in response.content.decode()
    client.post(reverse("accounts:account_reactivate", args=["W", secretary.pk]))
    secretary.refresh_from_db()
    assert secretary.is_active
    confirm = client.get(reverse("accounts:account_password", args=["W", secretary.pk]))
    assert "Nguyễn Thị Lan" in confirm.content.decode()
    secretary.refresh_from_db()
    assert secretary.check_password("matkhau-2025")  # a GET changes nothing
    shown = client.post(reverse("accounts:account_password", args=["W", secretary.pk]))
    password = re.search(r'id="new-password">([^<]+)<', shown.content.decode())[1]
    secretary.refresh_from_db()
    assert secretary.check_password(password)


def test_handing_over_through_the_page(
    client: Client, cell, official, secretary
) -> None:
    client.force_login(official)
    response = client.post(
        reverse("accounts:cell_handover", args=["W"]),
        {
            "cell": cell.pk,
            "full_name": "Võ Văn Tám",
            "username": "bithu.moi",
            "deactivate_previous": "on",
        },
    )
    assert response.status_code == 200
    assert 'id="new-password"' in response.content.decode()
    assert Role.objects.get(cell=cell).user.username == "bithu.moi"


@pytest.mark.parametrize("accounts_count", [1, 20])
def test_the_list_needs_few_queries(
    client: Client,
    ward,
    official,
    accounts_count: int,
    django_assert_max_num_queries,
) -> None:
    for number in range(accounts_count):
        user = UserFactory(username=f"bithu{number}", password=None)
        RoleFactory(
            user=user, kind=RoleKind.CELL_SECRETARY, cell=CellFactory(ward=ward)
        )
    client.force_login(official)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accounts:account_list", args=["W"]))
    assert response.content.decode().count("/deactivate/") == accounts_count


# django-axes


@pytest.fixture
def axes_on(settings):
    axes_reset()
    with override_settings(AXES_ENABLED=True):
        yield
    axes_reset()


def test_the_sixth_failed_sign_in_says_the_account_is_locked(
    client: Client, secretary, axes_on
) -> None:
    wrong = {"username": "bithu1", "password": "sai-mat-khau"}
    for _ in range(5):
        response = client.post(reverse("login"), wrong)
    response = client.post(reverse("login"), {**wrong, "password": "matkhau-2025"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    with translation.override("vi"):
        message = translation.ngettext(
            "The password was wrong too many times, so signing in is locked for "
            "%(minutes)s minute. Please wait, then try again, or contact the ward party "
            "office: they can set a new password for you.",
            "The password was wrong too many times, so signing in is locked for "
            "%(minutes)s minutes. Please wait, then try again, or contact the ward party "
            "office: they can set a new password for you.",
            15,
        ) % {"minutes": 15}
    assert message in response.content.decode()
