"""The documents rendered to images (pdftoppm): a page is not blank, and one PNG of each document is kept
in docs/screenshots/ for people to look at."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from cells.models import Cell
from reports import seed as seeding
from reports.documents.evaluation import render_cell_evaluation
from reports.documents.ward_summary import render_ward_summary
from tests.reports.documents.builders import YEAR
from wards.models import Ward

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils"),
]
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


def ink_share(pdf_path: Path, page: int) -> float:
    """The share of pixels that are not white on ``page`` at 50 dpi (a PGM read by hand)."""
    out = pdf_path.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "50",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf_path),
            str(out),
        ],
        check=True,
    )
    data = out.with_suffix(".pgm").read_bytes()
    # Header: P5, width height, maxval, each on its own line (no comments from pdftoppm).
    parts = data.split(b"\n", 3)
    width, height = (int(n) for n in parts[1].split())
    pixels = parts[3][: width * height]
    return sum(1 for value in pixels if value < 200) / len(pixels)


def keep_png(pdf_path: Path, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / name
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf_path),
            str(target.with_suffix("")),
        ],
        check=True,
    )
    return target


@pytest.fixture
def demo(settings) -> Ward:
    """The demo ward (Đồng Tâm, 13 cells, 2025 complete): documents that look like the real ones."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seeding.seed(scale="demo", seed=1, year=YEAR, today=datetime.date(YEAR + 1, 3, 15))
    return Ward.objects.get(code="DONGTAM")


def test_cell_evaluation_renders_to_a_page_that_is_not_blank(
    demo: Ward, tmp_path
) -> None:
    cell = Cell.objects.select_related("ward").get(code="DT-C08")  # a model cell
    path = tmp_path / "evaluation.pdf"
    path.write_bytes(render_cell_evaluation(cell, YEAR))
    assert 0.01 < ink_share(path, 1) < 0.5
    assert 0.005 < ink_share(path, 2) < 0.5
    assert keep_png(path, "pdf-cell-evaluation.png").stat().st_size > 10_000


def test_ward_summary_renders_to_a_page_that_is_not_blank(demo: Ward, tmp_path) -> None:
    path = tmp_path / "summary.pdf"
    path.write_bytes(render_ward_summary(demo, YEAR))
    assert 0.01 < ink_share(path, 1) < 0.5
    assert keep_png(path, "pdf-ward-summary.png").stat().st_size > 10_000
