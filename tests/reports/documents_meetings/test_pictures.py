"""Each document printed to PNG (pdftoppm) is not blank; one picture of each is kept in docs/screenshots/
to be looked at. Marked ``e2e``: they run once, on PostgreSQL, in CI."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.reports.documents_meetings.conftest import Place

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils"),
]
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


def first_page_png(pdf: bytes, tmp_path: Path, resolution: int) -> Path:
    source = tmp_path / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(resolution),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    return tmp_path / "page.png"


def ink_share(png: Path) -> float:
    """The share of pixels that are not white (a blank page has none)."""
    from PIL import Image

    image = Image.open(png).convert("L")
    histogram = image.histogram()
    return sum(histogram[:200]) / sum(histogram)


@pytest.mark.parametrize(
    ("name", "url"),
    [
        (
            "pdf-minutes.png",
            lambda place: reverse("reports:print_minutes", args=[place.meeting.key]),
        ),
        (
            "pdf-attendance-sheet.png",
            lambda place: reverse(
                "reports:print_attendance_sheet", args=[place.planned.key]
            ),
        ),
        (
            "pdf-ratings.png",
            lambda place: reverse(
                "reports:print_ratings", args=[place.cell.code, 2025]
            ),
        ),
    ],
)
def test_the_printed_page_is_not_blank(
    secretary: Client, place: Place, tmp_path: Path, name: str, url
) -> None:
    pdf = secretary.get(url(place)).content
    png = first_page_png(pdf, tmp_path, 50)
    assert 0.005 < ink_share(png) < 0.5
    kept = tmp_path / "kept"
    kept.mkdir()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(first_page_png(pdf, kept, 70), SCREENSHOTS / name)
