"""The dashboards in Chromium on the demo ward: a ward official's dashboard at a desk (1280 px), the overview
of wards, and a secretary's cell page on a phone (390 px). Saves docs/screenshots/dashboard-official.png,
dashboard-at-risk.png, overview.png and cell-page-phone.png."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from cells.models import CellKind
from meetings.models import Mark
from reports import seed as seeding
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, Watched
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    MeetingFactory,
    MembershipFactory,
    ScoreSheetFactory,
    WardFactory,
)

# The live server needs committed data; tests/conftest.py puts back what the migrations loaded (the
# default rubric, the criteria catalogue) after a transactional test flushes the database.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

YEAR = 2025
TODAY = datetime.date(2026, 3, 15)
# Other wards of the city, for the overview: (code, name, cells, cells with an unexcused absence).
OTHER_WARDS = (
    ("YENNINH", "Phường Yên Ninh", 9, 2),
    ("MINHTAN", "Phường Minh Tân", 7, 0),
    ("NGUYENTHAIHOC", "Phường Nguyễn Thái Học", 11, 4),
    ("HONGHA", "Phường Hồng Hà", 6, 1),
)


def seed_demo() -> None:
    seeding.seed(scale="demo", seed=1, year=YEAR, today=TODAY)


def seed_other_wards() -> None:
    """A few more wards with a year of regular meetings, some with an unexcused absence."""
    for code, name, cells, absent in OTHER_WARDS:
        ward = WardFactory(
            code=code,
            name=name,
            committee_name=name.replace("Phường", "Đảng bộ phường"),
        )
        for n in range(cells):
            cell = CellFactory(
                ward=ward,
                code=f"{code[:3]}-C{n + 1:02d}",
                name=f"Chi bộ Tổ dân phố số {n + 1}",
                kind=CellKind.RESIDENTIAL,
            )
            person = MembershipFactory(cell=cell).member
            for month in range(1, 13):
                meeting = MeetingFactory(
                    cell=cell,
                    kind="combined" if month % 3 == 0 else "regular",
                    held_on=datetime.date(YEAR, month, 5),
                )
                mark = Mark.ABSENT if n < absent and month == 7 else Mark.PRESENT
                AttendanceFactory(meeting=meeting, member=person, mark=mark)
                ScoreSheetFactory(meeting=meeting, total=Decimal(98 + (n + month) % 3))


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / name


def choose(page: Page, name: str, value: str) -> None:
    """Pick an option of a select that sends its form by itself: dashboard.js must be loaded first."""
    page.wait_for_load_state("load")
    page.locator(f"select[name={name}]").select_option(value)


def sign_in(watched: Watched, username: str) -> Page:
    page = watched.page
    page.goto("/accounts/login/?next=/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(f"partycell-{username}")
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    return page


def test_a_ward_official_reads_the_dashboard_at_a_desk(
    migrated: None, browse: Callable[..., Watched]
) -> None:
    seed_demo()
    watched = browse(DESKTOP)
    page = sign_in(watched, "phuong")
    expect(page).to_have_url(re.compile(r"/wards/DONGTAM/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    # The year selector sends the form by itself.
    choose(page, "year", str(YEAR))
    expect(page).to_have_url(re.compile(r"year=2025"))
    expect(page.locator("input[name=as_of]")).to_have_value("31/12/2025")
    expect(page.locator(".verdict-table tbody tr")).to_have_count(13)
    expect(page.locator("#stat-model")).to_have_text("2")
    expect(
        page.locator(".verdict-table tr[data-cell='DT-C01'] .model-yes")
    ).to_be_visible()
    failed = page.locator(".verdict-table tr[data-cell='DT-C06'] [data-state='failed']")
    expect(failed).to_have_count(1)
    expect(failed).to_have_attribute("data-criterion", "8")
    expect(page.locator("#risk-lost [data-cell]")).to_have_count(11)
    august = page.locator(".month-grid tr[data-cell='DT-C03'] td[data-month='8']")
    expect(august).to_have_class(re.compile(r"\bmonth-missing\b"))
    # The chart is drawn by dashboard.js from the json_script data.
    page.wait_for_function("() => window.Chart && Chart.getChart('score-chart')")
    page.set_viewport_size({"width": 1280, "height": 1950})
    watched.screenshot("dashboard-official.png", full_page=False)
    page.set_viewport_size(DESKTOP)

    # Early in 2026: what must happen, cell by cell.
    choose(page, "year", "2026")
    expect(page).to_have_url(re.compile(r"year=2026"))
    page.locator("input[name=as_of]").fill("20/02/2026")
    page.locator(".dashboard-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"as_of=20%2F02%2F2026|as_of=20/02/2026"))
    expect(page.locator("#risk-action [data-cell]")).to_have_count(9)
    expect(page.locator("#risk-action")).to_contain_text("quý 1/2026")
    expect(page.locator("#risk-lost [data-cell]")).to_have_count(4)
    page.locator("#at-risk").screenshot(
        path=str(screenshot_path("dashboard-at-risk.png")), animations="disabled"
    )

    # Filters by kind of cell.
    choose(page, "kind", CellKind.PUBLIC_SERVICE)
    expect(page.locator(".verdict-table tbody tr")).to_have_count(3)
    page.locator(".verdict-table tr[data-cell='DT-C08'] a.cell-page-link").click()
    expect(page).to_have_url(re.compile(r"/cells/DT-C08/\?year=2026"))
    expect(page.locator("#criteria li")).to_have_count(13)
    watched.assert_clean()


def test_the_overview_of_wards_for_the_city(
    migrated: None, browse: Callable[..., Watched]
) -> None:
    seed_demo()
    seed_other_wards()
    watched = browse(DESKTOP)
    page = sign_in(watched, "admin")
    page.goto("/wards/?year=2025")
    rows = page.locator(".overview-table tbody tr")
    expect(rows).to_have_count(1 + len(OTHER_WARDS))
    demo = page.locator("tr[data-ward='DONGTAM'] td")
    expect(demo).to_have_text(["13", "★ 2", "✗ 11", "0"])
    expect(page.locator("tr[data-ward='YENNINH'] td").nth(2)).to_have_text("✗ 2")
    total = 13 + sum(cells for _code, _name, cells, _absent in OTHER_WARDS)
    expect(page.locator("#total-cells")).to_have_text(str(total))
    watched.screenshot("overview.png")
    page.locator("tr[data-ward='DONGTAM'] a").click()
    expect(page).to_have_url(re.compile(r"/wards/DONGTAM/\?year=2025"))
    expect(page.locator(".verdict-table tbody tr")).to_have_count(13)
    watched.assert_clean()


def test_a_secretary_reads_the_cell_page_on_a_phone(
    migrated: None, browse: Callable[..., Watched]
) -> None:
    seed_demo()
    watched = browse(PHONE)
    page = sign_in(watched, "bithu6")
    expect(page).to_have_url(re.compile(r"/cells/DT-C06/$"))
    choose(page, "year", str(YEAR))
    expect(page).to_have_url(re.compile(r"year=2025"))
    expect(page.locator("h1")).to_have_text("Chi bộ Tổ dân phố số 7")
    expect(page.locator("#roll-total")).to_have_text("22")
    expect(page.locator("#cell-risk")).to_contain_text("Tiêu chí 8")
    expect(page.locator("#criteria li[data-state='failed']")).to_have_count(1)
    may = page.locator("#scores tr[data-date='2025-05-07']")
    expect(may.locator(".gap-short")).to_have_text("0,5")
    expect(may.locator("td").nth(0)).to_have_text("98,5")
    expect(may.locator("td").nth(1)).to_have_text("97,5")
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    watched.screenshot("cell-page-phone.png")
    page.get_by_role("link", name="Danh sách đảng viên").first.click()
    expect(page).to_have_url(re.compile(r"/cells/DT-C06/members/$"))
    watched.assert_clean()


def test_a_ward_official_closes_and_reopens_a_year(
    migrated: None, browse: Callable[..., Watched]
) -> None:
    seed_demo()
    watched = browse(DESKTOP)
    page = sign_in(watched, "phuong")
    expect(page).to_have_url(re.compile(r"/wards/DONGTAM/$"))
    page.locator(f"a[href='{reverse('reports:ward_years', args=['DONGTAM'])}']").click()
    row = page.locator(".years-table tbody tr", has_text=str(YEAR))
    row.get_by_role("button", name="Khóa sổ năm").click()
    expect(page.locator(".alert-success")).to_contain_text(
        f"Năm {YEAR} đã được khóa sổ."
    )
    row = page.locator(".years-table tbody tr", has_text=str(YEAR))
    expect(row).to_contain_text(
        "2 / 13"
    )  # the two model cells of the stored evaluation
    watched.screenshot("ward-years-closed.png")
    row.locator("input[name=reason]").fill("Sửa biên bản tháng 5")
    row.get_by_role("button", name="Mở khóa sổ").click()
    expect(page.locator(".alert-success")).to_contain_text(
        f"Năm {YEAR} đã được mở khóa sổ."
    )
    watched.assert_clean()
