"""The template workbook is served as .xlsx with a Vietnamese file name."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_template_download_opens_with_the_vietnamese_titles(client, place):
    client.force_login(place.official)

    response = client.get(reverse("reports:import_template"))

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert "M%E1%BA%ABu" in response["Content-Disposition"]  # "Mẫu", percent-encoded
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "Đảng viên" in book.sheetnames
    titles = [cell.value for cell in book["Đảng viên"][1]]
    assert "Số lý lịch" in titles and "Họ và tên" in titles


def test_the_template_is_linked_from_the_import_pages(client, place):
    client.force_login(place.official)

    page = client.get(
        reverse("reports:import_new", args=[place.ward.code])
    ).content.decode()

    assert reverse("reports:import_template") in page
    assert 'enctype="multipart/form-data"' in page


def test_the_ward_dashboard_links_the_imports_for_its_officials_only(
    client, place, django_user_model
):
    from cells.models import RoleKind
    from tests.factories import RoleFactory, UserFactory

    viewer = UserFactory(username="xem")
    RoleFactory(user=viewer, kind=RoleKind.VIEWER, ward=place.ward)
    url = reverse("reports:ward_dashboard", args=[place.ward.code])
    imports = reverse("reports:import_list", args=[place.ward.code])

    client.force_login(place.official)
    assert imports in client.get(url).content.decode()
    client.force_login(viewer)
    assert imports not in client.get(url).content.decode()
