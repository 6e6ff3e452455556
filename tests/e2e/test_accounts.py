"""A ward official manages the secretaries' accounts at a desk (1280 px): the list of the ward's accounts,
then a new account whose password is shown once. Saves docs/screenshots/accounts-list.png and
accounts-password.png."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from cells.models import CellKind, RoleKind
from tests.e2e.conftest import DESKTOP, Watched
from tests.factories import CellFactory, RoleFactory, UserFactory, WardFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-2025"
SECRETARIES = [
    ("bithu.to1", "Nguyễn Thị Lan"),
    ("bithu.to2", "Trần Văn Bình"),
    ("bithu.to3", "Lê Thị Hồng"),
    ("bithu.to4", "Phạm Văn Đức"),
]


def test_a_ward_official_creates_an_account_and_sees_its_password_once(
    browse: Callable[..., Watched],
) -> None:
    ward = WardFactory(code="DONGTAM", name="Phường Đồng Tâm")
    cells = [
        CellFactory(
            ward=ward,
            code=f"DT-C{n:02d}",
            name=f"Chi bộ Tổ dân phố số {n}",
            kind=CellKind.RESIDENTIAL,
        )
        for n in range(1, 7)
    ]
    official = UserFactory(username="phuong", first_name="Phạm Văn Phường")
    RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    for (username, name), cell in zip(SECRETARIES, cells, strict=False):
        user = UserFactory(username=username, first_name=name)
        RoleFactory(user=user, kind=RoleKind.CELL_SECRETARY, cell=cell)
    retired = UserFactory(
        username="bithu.cu", first_name="Hoàng Văn Tư", is_active=False
    )
    RoleFactory(user=retired, kind=RoleKind.CELL_SECRETARY, cell=cells[3])

    watched = browse(DESKTOP)
    page = watched.page
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("phuong")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_count(0)

    page.locator("#site-menu a[href='/accounts/manage/']").click()
    expect(page).to_have_url(re.compile(r"/accounts/manage/DONGTAM/$"))
    expect(page.locator(".account-table tbody tr")).to_have_count(6)
    expect(page.locator(".alert-warning")).to_contain_text("Chi bộ Tổ dân phố số 5")
    watched.screenshot("accounts-list.png")

    page.locator(".alert-warning a").first.click()
    page.locator("input[name=full_name]").fill("Võ Thị Mai")
    page.locator("input[name=username]").fill("bithu.to5")
    page.locator("main form.card button[type=submit]").click()
    password = page.locator("#new-password")
    expect(password).to_have_text(re.compile(r"^[a-z]+-[a-z]+-[2-9]{4}$"))
    watched.screenshot("accounts-password.png")
    watched.assert_clean()
