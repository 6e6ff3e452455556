"""The Excel export of the ward dashboard and of a cell's criteria, on the demo ward: read back with
openpyxl, every verdict, value and score is the one on the screen."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from reports import seed as seeding
from reports.models import DataLog
from tests.factories import UserFactory

YEAR = 2025
TODAY = datetime.date(2026, 3, 15)
PERIOD = {"year": "2025", "as_of": "31/12/2025"}


@pytest.fixture
def demo(db: None, settings: Settings) -> Client:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seeding.seed(scale="demo", seed=1, year=YEAR, today=TODAY)
    return Client()


def number(text: str) -> float | None:
    """A score or a percentage as the screen writes it (97,5 or 91,7%)."""
    text = text.rstrip("%")
    if text in ("", "–"):
        return None
    return float(Decimal(text.replace(",", ".")))


def sheet_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_ward_export_gives_the_dashboards_numbers(demo: Client) -> None:
    demo.force_login(UserFactory(username="phuong"))
    screen = demo.get(reverse("reports:ward_dashboard", args=["DONGTAM"]), PERIOD)
    dashboard = screen.context["dashboard"]
    assert reverse("reports:export_ward_grid", args=["DONGTAM"]) in (
        screen.content.decode()
    )
    response = demo.get(reverse("reports:export_ward_grid", args=["DONGTAM"]), PERIOD)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == [
        "Tiêu chí theo chi bộ",
        "Giá trị các tiêu chí",
        "Sinh hoạt theo từng tháng",
    ]
    verdicts = sheet_rows(book["Tiêu chí theo chi bộ"])
    assert [r[0] for r in verdicts] == [row.code for row in dashboard.rows]
    for exported, row in zip(verdicts, dashboard.rows, strict=True):
        assert list(exported[3:16]) == [str(v.verdict.label) for v in row.verdicts]
        assert exported[16] == ("có" if row.model_cell else "không")
    months = sheet_rows(book["Sinh hoạt theo từng tháng"])
    for exported, row in zip(months, dashboard.rows, strict=True):
        for value, month in zip(exported[2:14], row.months, strict=True):
            shown = (
                number(month.text) if month.text not in ("✓", "✗", "–", "") else None
            )
            if shown is None:
                assert value == (month.text or None)
            else:
                assert value == shown
        assert exported[14] == row.held
        assert exported[15] == number(row.average_text)
        assert exported[16] == number(row.lowest_text)
    sheet = book["Tiêu chí theo chi bộ"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    log = DataLog.objects.get(action=DataLog.Action.EXPORT)
    assert log.details == {"ward": "DONGTAM", "year": 2025, "as_of": "2025-12-31"}


def test_the_criteria_export_gives_the_cell_pages_numbers(demo: Client) -> None:
    demo.force_login(UserFactory(username="bithu6"))
    screen = demo.get(reverse("reports:cell_page", args=["DT-C06"]), PERIOD)
    criteria = screen.context["page"].criteria
    response = demo.get(
        reverse("reports:export_cell_criteria", args=["DT-C06"]), PERIOD
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = sheet_rows(book["Tiêu chí năm 2025"])
    assert len(rows) == 13
    for exported, row in zip(rows, criteria, strict=True):
        assert exported[0] == row.number
        assert exported[1] == row.title
        assert exported[2] == number(row.required_text)
        assert exported[3] == number(row.value_text)
        assert exported[4] == str(row.verdict.label)
        assert (exported[5] or "") == row.detail
    # The values of the ward export are the same as the cell page's.
    demo.force_login(UserFactory(username="phuong"))
    ward = openpyxl.load_workbook(
        io.BytesIO(
            demo.get(
                reverse("reports:export_ward_grid", args=["DONGTAM"]), PERIOD
            ).content
        )
    )
    values = {r[0]: r[2:15] for r in sheet_rows(ward["Giá trị các tiêu chí"])}
    assert list(values["DT-C06"]) == [number(row.value_text) for row in criteria]


def test_a_secretary_cannot_export_the_ward(demo: Client) -> None:
    demo.force_login(UserFactory(username="bithu6"))
    response = demo.get(reverse("reports:export_ward_grid", args=["DONGTAM"]), PERIOD)
    assert response.status_code == 404


def test_the_meetings_export_gives_the_cell_pages_scores(demo: Client) -> None:
    demo.force_login(UserFactory(username="bithu6"))
    screen = demo.get(reverse("reports:cell_page", args=["DT-C06"]), PERIOD)
    scores = screen.context["page"].scores
    assert scores
    response = demo.get(
        reverse("reports:export_cell_meetings", args=["DT-C06"]), PERIOD
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = sheet_rows(book["Sinh hoạt năm 2025"])
    by_date: dict[datetime.date, list[tuple]] = {}
    for row in rows:
        by_date.setdefault(row[0].date(), []).append(row)
    for score in scores:
        candidates = [
            row for row in by_date[score.held_on] if row[9] == number(score.score_text)
        ]
        assert candidates, score
        exported = candidates[0]
        assert exported[7] == number(score.self_text)
        assert exported[8] == number(score.upper_text)
        assert exported[10].startswith(f"Loại {score.meeting_class}")


def test_the_ward_export_keeps_the_screens_filter(demo: Client) -> None:
    demo.force_login(UserFactory(username="phuong"))
    query = {**PERIOD, "kind": "residential"}
    screen = demo.get(reverse("reports:ward_dashboard", args=["DONGTAM"]), query)
    shown = [row.code for row in screen.context["dashboard"].rows]
    response = demo.get(reverse("reports:export_ward_grid", args=["DONGTAM"]), query)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    exported = [row[0] for row in sheet_rows(book["Tiêu chí theo chi bộ"])]
    assert exported == shown
    assert 0 < len(shown) < 13
