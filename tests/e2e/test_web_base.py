"""A secretary on a phone and a ward official at a desk use the first screens (saves docs/screenshots/)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from cells.models import CellKind, Member, OfficePosition, RoleKind, StatusKind
from tests.e2e.conftest import DESKTOP, PHONE, Watched
from tests.factories import (
    CellFactory,
    GroupFactory,
    HouseholdFactory,
    MemberFactory,
    MembershipFactory,
    OfficeFactory,
    RoleFactory,
    StatusPeriodFactory,
    UserFactory,
    WardFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-2025"

CELLS = [
    ("TDP01", "Chi bộ Tổ dân phố số 1", CellKind.RESIDENTIAL, 31),
    ("TDP02", "Chi bộ Tổ dân phố số 2", CellKind.RESIDENTIAL, 27),
    ("TDP03", "Chi bộ Tổ dân phố số 3", CellKind.RESIDENTIAL, 24),
    ("TDP04", "Chi bộ Tổ dân phố số 4", CellKind.RESIDENTIAL, 19),
    ("TDP05", "Chi bộ Tổ dân phố số 5", CellKind.RESIDENTIAL, 12),
    ("THDT", "Chi bộ Trường Tiểu học Đồng Tâm", CellKind.PUBLIC_SERVICE, 14),
    ("TYT", "Chi bộ Trạm Y tế phường", CellKind.PUBLIC_SERVICE, 8),
    ("CA", "Chi bộ Công an phường", CellKind.POLICE, 16),
    ("QS", "Chi bộ Quân sự phường", CellKind.MILITARY, 6),
]
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Đức",
    "Vũ Thị Hà",
    "Đỗ Văn Hùng",
    "Bùi Thị Hương",
    "Đặng Văn Khánh",
    "Ngô Thị Lan",
    "Dương Văn Minh",
    "Lý Thị Ngọc",
    "Đinh Văn Phúc",
    "Mai Thị Quyên",
    "Trịnh Văn Sơn",
    "Tạ Thị Thảo",
]


@dataclass
class Demo:
    secretary_cell: str
    edited: Member


def build_demo() -> Demo:
    """Phường Đồng Tâm with nine cells; the secretary of Tổ dân phố số 5 and a ward official."""
    today = timezone.localdate()
    ward = WardFactory(
        code="DT",
        name="Phường Đồng Tâm",
        committee_name="Đảng bộ phường Đồng Tâm",
    )
    group = GroupFactory(ward=ward, code="TDP5", name="Tổ dân phố số 5")
    serial = 0
    members = {}
    for code, name, kind, size in CELLS:
        cell = CellFactory(code=code, name=name, kind=kind, ward=ward)
        for index in range(size):
            serial += 1
            full_name = NAMES[(serial * 7) % len(NAMES)]
            member = MemberFactory(
                code=f"DV{serial:05d}",
                full_name=full_name,
                gender="female" if " Thị " in full_name else "male",
                birth_date=datetime.date(1950 + serial % 40, 1 + serial % 12, 5),
                joined_on=datetime.date(1995 + serial % 25, 3, 3),
                official_on=None
                if index == 3
                else datetime.date(1996 + serial % 25, 3, 3),
                household=HouseholdFactory(group=group, head_name=full_name)
                if code == "TDP05"
                else None,
                citizen_id=f"0151{serial:08d}",
                phone=f"0912 {serial:03d} {serial * 7 % 1000:03d}",
            )
            MembershipFactory(member=member, cell=cell, start=datetime.date(2015, 1, 1))
            members.setdefault(code, []).append(member)
    fifth = members["TDP05"]
    StatusPeriodFactory(
        member=fifth[1],
        kind=StatusKind.EXEMPT,
        start=today - datetime.timedelta(days=60),
        end=today + datetime.timedelta(days=300),
        approved_by="Đảng ủy phường Đồng Tâm",
    )
    StatusPeriodFactory(
        member=fifth[2],
        kind=StatusKind.WORKING_AWAY,
        start=today - datetime.timedelta(days=20),
        end=None,
        approved=False,
        approved_on=None,
        approved_by="",
        contact_kept=True,
    )
    OfficeFactory(
        member=fifth[0],
        cell=fifth[0].memberships.get().cell,
        position=OfficePosition.SECRETARY,
    )
    secretary = UserFactory(
        username="bithu5", first_name="Nguyễn Thị Lan", password=PASSWORD
    )
    RoleFactory(
        user=secretary,
        kind=RoleKind.CELL_SECRETARY,
        cell=fifth[0].memberships.get().cell,
    )
    official = UserFactory(
        username="phuong", first_name="Trần Văn Hải", password=PASSWORD
    )
    RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    return Demo(secretary_cell="Chi bộ Tổ dân phố số 5", edited=fifth[4])


def sign_in(watched: Watched, username: str, *, screenshot: str | None = None) -> None:
    page = watched.page
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    if screenshot:
        watched.screenshot(screenshot)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_a_secretary_edits_a_members_phone_on_a_phone(browse) -> None:
    demo = build_demo()
    watched = browse(PHONE)
    page = watched.page

    sign_in(watched, "bithu5", screenshot="login.png")
    # A secretary of one cell lands on the cell's page.
    expect(page).to_have_url(re.compile(r"/cells/TDP05/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("h1")).to_have_text(demo.secretary_cell)
    expect(page.get_by_text("Chi bộ Tổ dân phố số 1")).to_have_count(0)
    watched.screenshot("home-secretary-phone.png")

    page.locator("a.btn[href$='/cells/TDP05/members/']").click()
    expect(page).to_have_url(re.compile(r"/cells/TDP05/members/$"))
    expect(page.locator(".member-table tbody tr")).to_have_count(12)
    expect(page.locator(".status-exempt").first).to_be_visible()
    watched.screenshot("member-list.png")

    page.locator(f"a[href$='/members/{demo.edited.code}/']").click()
    expect(page.locator("h1")).to_have_text(demo.edited.full_name)
    watched.screenshot("member-detail.png")
    page.locator(f"a[href$='/members/{demo.edited.code}/edit/']").click()
    phone = page.locator("input[name=phone]")
    expect(phone).to_have_value(demo.edited.phone)
    expect(page.locator("input[name=birth_date]")).to_have_value(
        demo.edited.birth_date.strftime("%d/%m/%Y")
    )
    phone.fill("0987 654 321")
    watched.screenshot("member-edit.png")
    page.locator("form.member-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/members/{demo.edited.code}/$"))
    expect(page.locator(".alert-success")).to_contain_text(demo.edited.full_name)
    expect(page.get_by_text("0987 654 321")).to_be_visible()
    demo.edited.refresh_from_db()
    assert demo.edited.phone == "0987 654 321"
    watched.assert_clean()


def test_a_wrong_password_is_explained_clearly(browse) -> None:
    build_demo()
    watched = browse(PHONE)
    page = watched.page
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("bithu5")
    page.locator("input[name=password]").fill("sai-mat-khau")
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page.locator(".alert-danger")).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value("bithu5")
    watched.screenshot("login-error.png")
    watched.assert_clean()


def test_switching_to_english_changes_the_navbar(browse) -> None:
    build_demo()
    watched = browse(PHONE)
    page = watched.page
    sign_in(watched, "bithu5")
    navbar = page.locator("nav.site-navbar")
    with translation.override("vi"):
        vietnamese_home = translation.gettext("Home")
    expect(navbar.locator("a.nav-link[href='/']")).to_have_text(vietnamese_home)

    page.locator(".navbar-toggler").click()
    expect(page.locator("#site-menu")).to_have_class(re.compile(r"\bshow\b"))
    page.locator("#user-menu").click()
    expect(page.locator(".dropdown-menu")).to_be_visible()
    expect(page.locator("button[name=language][value=en]")).to_be_visible()
    watched.screenshot("menu-phone.png", full_page=False)
    page.locator("button[name=language][value=en]").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(navbar.locator("a.nav-link[href='/']")).to_have_text("Home")
    expect(navbar).to_contain_text("Log out")
    expect(page).to_have_url(re.compile(r"/cells/TDP05/$"))
    watched.assert_clean()


def test_a_ward_official_sees_every_cell_of_the_ward_at_a_desk(browse) -> None:
    build_demo()
    watched = browse(DESKTOP)
    page = watched.page
    sign_in(watched, "phuong")
    # A ward official lands on the ward's dashboard: every cell of the ward in it.
    expect(page.locator(".verdict-table tbody tr")).to_have_count(len(CELLS))
    expect(page.get_by_role("heading", name="Đảng bộ phường Đồng Tâm")).to_be_visible()
    page.get_by_role("link", name="Chi bộ Công an phường").first.click()
    expect(page.locator("h1")).to_have_text("Chi bộ Công an phường")
    page.locator("a.btn[href$='/members/']").click()
    expect(page.locator(".member-table tbody tr")).to_have_count(16)
    watched.assert_clean()
