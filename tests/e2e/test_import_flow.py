"""A ward official imports a workbook at a desk (1280 px): from the ward dashboard to the upload, the
preview (counts, old → new, a possible duplicate), the confirmation, then the member's history. Saves
docs/screenshots/import-preview.png and docs/screenshots/history.png."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from cells.models import Member, RoleKind
from reports.models import ImportRecord
from tests.e2e.conftest import DESKTOP, Watched
from tests.factories import (
    CellFactory,
    MemberFactory,
    MembershipFactory,
    RoleFactory,
    UserFactory,
    WardFactory,
)
from tests.reports.imports.workbooks import XLSX, good_workbook

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-2025"


def test_a_ward_official_imports_a_workbook_and_reads_the_history(
    browse: Callable[..., Watched], settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    ward = WardFactory(code="DT", name="Phường Đồng Tâm")
    cell = CellFactory(ward=ward, code="C01", name="Chi bộ Tổ dân phố số 1")
    secretary = UserFactory(username="bithu1", first_name="Hoàng Văn Bí")
    RoleFactory(user=secretary, kind=RoleKind.CELL_SECRETARY, cell=cell)
    member = MemberFactory.build(
        code="DV0001",
        full_name="Nguyễn Văn An",
        gender="female",
        birth_date=datetime.date(1970, 4, 2),
        joined_on=datetime.date(1995, 5, 19),
        official_on=datetime.date(1996, 5, 19),
    )
    member._history_user = secretary
    member.save()
    MembershipFactory(member=member, cell=cell, start=datetime.date(2010, 1, 1))
    official = UserFactory(username="phuong", first_name="Lê Thị Phường")
    RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=ward)

    watched = browse(DESKTOP)
    page = watched.page
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("phuong")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_count(0)

    page.goto("/wards/DT/")
    page.locator("#imports-link").click()
    expect(page).to_have_url(re.compile(r"/wards/DT/imports/$"))
    page.locator("a[href='/wards/DT/imports/new/']").first.click()
    page.locator("input[name=file]").set_input_files(
        {"name": "dang-vien-to-1.xlsx", "mimeType": XLSX, "buffer": good_workbook()}
    )
    page.locator("#upload-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/imports/\d+/$"))
    expect(page.locator("#sheet-counts tfoot")).to_contain_text("4")
    expect(page.locator("#import-changes")).to_contain_text("Nguyễn Văn Anh")
    expect(page.locator("#import-duplicates")).to_contain_text("DV0002")
    watched.screenshot("import-preview.png")

    page.locator("#confirm-import").click()
    expect(page.locator(".alert-success").first).to_contain_text("Đã nhập sổ tính")
    assert ImportRecord.objects.get().state == ImportRecord.State.APPLIED
    assert Member.objects.get(code="DV0001").full_name == "Nguyễn Văn Anh"

    page.goto("/cells/C01/members/DV0001/")
    page.locator("a[href='/history/cells/C01/members/DV0001/']").click()
    expect(page.locator("#history")).to_contain_text("Nguyễn Văn Anh")
    expect(page.locator("#history")).to_contain_text("Lê Thị Phường")
    expect(page.locator("#history")).to_contain_text("Hoàng Văn Bí")
    watched.screenshot("history.png")
    watched.assert_clean()
