"""The demo ward exported, its records removed, the workbook imported into the empty tables: the
evaluation is the same, and exporting again gives the same cells on every sheet."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from cells.models import (
    Cell,
    CellMembership,
    CellYear,
    Household,
    HouseholdYear,
    Member,
    MemberYear,
    Office,
    Role,
    StatusPeriod,
)
from meetings.models import Attendance, Meeting
from reports.models import DocumentNumber, PrintBatch
from reports.workbook import workbook_import
from reports.workbook.exporter import workbook_export
from scoring.models import ClosedYear, ItemScore, ScoreSheet
from scoring.services import evaluate, evaluation_json
from wards.models import ResidentialGroup, Ward

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

RECORDS = (
    ItemScore,
    ScoreSheet,
    Attendance,
    Meeting,
    Office,
    StatusPeriod,
    CellMembership,
    MemberYear,
    HouseholdYear,
    CellYear,
    Role,
    DocumentNumber,
    PrintBatch,
    Member,
    Household,
    Cell.groups.through,
    Cell,
    ResidentialGroup,
    ClosedYear,
    Ward,
)


def _evaluations() -> list[dict]:
    today = timezone.localdate()
    cells = Cell.objects.order_by("code")
    return [
        evaluation_json(evaluate(year, cells, as_of), year, as_of)
        for year, as_of in ((today.year - 1, today), (today.year, today))
    ]


def _values(data: bytes) -> dict[str, list[list[object]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        ws.title: [[cell.value for cell in row] for row in ws.iter_rows()]
        for ws in book.worksheets
    }


def test_demo_ward_survives_export_and_import_into_empty_tables() -> None:
    call_command("seed_demo", scale="demo", stdout=io.StringIO(), stderr=io.StringIO())
    before = _evaluations()
    exported = workbook_export()
    for model in RECORDS:
        queryset = model._default_manager.all()
        queryset._raw_delete(queryset.db)
    assert Member.objects.count() == 0

    plan = workbook_import(io.BytesIO(exported))

    assert plan.errors == [], [str(e) for e in plan.errors[:10]]
    assert plan.applied
    assert sum(s.created for s in plan.sheets) > 10_000
    assert _evaluations() == before
    again = workbook_export()
    assert _values(again) == _values(exported)
    second = workbook_import(io.BytesIO(again))
    assert all(s.created == s.updated == 0 for s in second.sheets)
