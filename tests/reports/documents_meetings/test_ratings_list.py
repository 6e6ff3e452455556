"""The members' ratings list of a cell's year: every member on the roll with their rating in Vietnamese,
the counts per level, and the 20% check as the ratings screen shows it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from reports.documents.ratings import ratings_list, render_ratings_html
from reports.models import DataLog, DocumentKind, DocumentNumber
from tests.reports.documents_meetings.conftest import (
    Place,
    count_queries,
    grow,
    pdf_text,
)


def ratings_url(place: Place, year: int = 2025) -> str:
    return reverse("reports:print_ratings", args=[place.cell.code, year])


def test_the_ratings_list_prints_every_member_with_their_rating(
    secretary: Client, place: Place
) -> None:
    response = secretary.get(ratings_url(place))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = re.sub(r"\s+", " ", pdf_text(response.content))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CHI BỘ TỔ DÂN PHỐ SỐ 5" in text
    assert "Số 01-DS/CB" in text
    assert "Đánh giá, xếp loại chất lượng đảng viên năm 2025" in text
    assert "Nguyễn Văn An Hoàn thành xuất sắc nhiệm vụ" in text.replace(
        "chính thức ", ""
    )
    for name in place.members:
        assert name in text
    assert "Hoàn thành tốt nhiệm vụ" in text
    assert "Hoàn thành nhiệm vụ" in text
    assert "Không hoàn thành nhiệm vụ" in text
    assert "chưa xếp loại" in text
    # The 20% check: 1 excellent of 4 rated good or better (25%), in the cell and the ward.
    assert "1 đảng viên Hoàn thành xuất sắc nhiệm vụ trên 4 đảng viên" in text
    assert "(25,0%)" in text
    assert "tỷ lệ tối đa 20%" in text
    assert "Vượt tỷ lệ tối đa" in text
    # Signed by the secretary.
    assert "T/M CHI BỘ" in text and "BÍ THƯ" in text
    assert "Nơi nhận:" in text
    assert DataLog.objects.get().details["kind"] == DocumentKind.RATINGS


def test_the_counts_per_level_match_the_rows(place: Place) -> None:
    listing = ratings_list(
        place.cell, 2025, today=__import__("datetime").date(2026, 1, 5)
    )
    counts = {value: n for value, _label, n in listing.counts}
    assert counts == {"excellent": 1, "good": 3, "done": 1, "failed": 0}
    assert listing.unrated == 1
    assert len(listing.rows) == 6
    html = render_ratings_html(place.cell, 2025)
    assert len(re.findall(r'<tr class="rating-row">', html)) == 6


def test_the_20_percent_check_is_the_one_of_the_ratings_screen(
    secretary: Client, place: Place
) -> None:
    screen = secretary.get(
        reverse("cells:member_ratings", args=[place.cell.code, 2025])
    )
    share = screen.context["share"]
    cell_share = screen.context["cell_share"]
    listing = ratings_list(
        place.cell, 2025, today=__import__("datetime").date(2026, 1, 5)
    )
    assert listing.share.percent == share.percent
    assert listing.cell_share.share == cell_share.share
    assert listing.share.over_cap == share.over_cap
    # The ratings screen offers the print and the export.
    page = screen.content.decode()
    assert ratings_url(place) in page
    assert reverse("reports:export_ratings", args=[place.cell.code, 2025]) in page


def test_a_reprint_of_the_ratings_keeps_its_number(
    secretary: Client, place: Place
) -> None:
    secretary.get(ratings_url(place))
    again = secretary.get(ratings_url(place))
    assert "Số 01-DS/CB" in pdf_text(again.content)
    assert DocumentNumber.objects.count() == 1


def test_a_year_to_come_is_not_found(secretary: Client, place: Place) -> None:
    assert secretary.get(ratings_url(place, 2999)).status_code == 404


def test_a_viewer_of_the_ward_may_not_print(db: None, place: Place) -> None:
    from cells.models import RoleKind
    from tests.factories import RoleFactory, UserFactory

    viewer = UserFactory(username="xem")
    RoleFactory(user=viewer, kind=RoleKind.VIEWER, ward=place.cell.ward)
    client = Client()
    client.force_login(viewer)
    assert client.get(ratings_url(place)).status_code == 403
    page = client.get(reverse("cells:member_ratings", args=[place.cell.code, 2025]))
    assert ratings_url(place) not in page.content.decode()


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_the_document_costs_the_same_queries_for_1_or_20_more_members(
    secretary: Client, place: Place, fmt: str
) -> None:
    url = reverse("reports:print_ratings", args=[place.cell.code, 2025])
    query = {"format": "html"} if fmt == "html" else {}
    secretary.get(url, query)
    before = count_queries(lambda: secretary.get(url, query))
    grow(place, 20)
    after = count_queries(lambda: secretary.get(url, query))
    assert after == before
