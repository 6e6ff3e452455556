"""The URLs the matrix leaves out on purpose: sign-in, sign-out, password change, language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cells.models import RoleKind
from tests.factories import CellFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "matkhau-2025"


@pytest.fixture(autouse=True)
def _fast_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def secretary():
    user = UserFactory(username="bithu1", first_name="Lan", last_name="Nguyễn Thị")
    RoleFactory(user=user, kind=RoleKind.CELL_SECRETARY, cell=CellFactory())
    return user


def test_login_page_is_public_and_in_the_default_language(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'<html lang="vi">' in response.content
    assert b'name="username"' in response.content


def test_wrong_password_shows_a_clear_error(client: Client, secretary) -> None:
    response = client.post(
        reverse("login"), {"username": "bithu1", "password": "sai-mat-khau"}
    )
    assert response.status_code == 200
    assert b"alert-danger" in response.content
    assert "_auth_user_id" not in client.session


def test_right_password_signs_in_and_opens_the_home_page(
    client: Client, secretary
) -> None:
    response = client.post(
        reverse("login"), {"username": "bithu1", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.session["_auth_user_id"] == str(secretary.pk)


def test_logout_is_a_post_and_returns_to_the_login_page(
    client: Client, secretary
) -> None:
    client.force_login(secretary)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_password_change_needs_a_signed_in_user(client: Client) -> None:
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))


def test_password_change_changes_the_password(client: Client, secretary) -> None:
    client.force_login(secretary)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mot-mat-khau-moi-2025",
            "new_password2": "Mot-mat-khau-moi-2025",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("password_change_done")
    secretary.refresh_from_db()
    assert secretary.check_password("Mot-mat-khau-moi-2025")
    assert client.get(reverse("password_change_done")).status_code == 200


def test_there_is_no_password_reset_by_mail(client: Client) -> None:
    # Ward officials reset their secretaries' passwords; no e-mail is assumed.
    assert client.get("/accounts/password_reset/").status_code == 404


def test_switching_to_english_switches_the_interface(client: Client, secretary) -> None:
    client.force_login(secretary)
    home = client.get(reverse("reports:home"), follow=True)
    assert b'<html lang="vi">' in home.content
    with translation.override("vi"):
        vietnamese_logout = translation.gettext("Log out")

    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("reports:home")}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("reports:home")

    home = client.get(reverse("reports:home"), follow=True)
    assert b'<html lang="en">' in home.content
    assert b"Log out" in home.content
    assert vietnamese_logout != "Log out"
    assert vietnamese_logout.encode() not in home.content


def test_the_language_switch_is_offered_on_every_page(client: Client) -> None:
    page = client.get(reverse("login")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert 'value="en"' in page and 'value="vi"' in page
