"""Workbooks made in the tests, a small valid workbook covering every sheet, and row counts of every
table of the apps (to show that a refused import wrote nothing)."""

from __future__ import annotations

import copy
import datetime
import io
from typing import Any

import openpyxl
from django.apps import apps

from reports.seed.scores import HALVES, ITEMS

APPS = ("wards", "cells", "meetings", "scoring", "reports")
Sheets = dict[str, list[list[Any]]]


def workbook(sheets: Sheets) -> io.BytesIO:
    """An .xlsx in memory: each sheet's first row is its header."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        worksheet = book.create_sheet(name)
        for row in rows:
            worksheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def counts(*, history: bool = True) -> dict[str, int]:
    """Rows in every table of the apps (their history tables included unless ``history`` is False)."""
    result = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if not history and model.__name__.startswith("Historical"):
                continue
            result[model._meta.label] = model._default_manager.count()
    return result


def history_counts() -> dict[str, int]:
    return {k: v for k, v in counts().items() if ".Historical" in k}


ITEM_POINTS = [[spec.code, HALVES[spec.max_halves]] for spec in ITEMS]
MEETING = "C01-20250110-regular"

BASE: Sheets = {
    "Wards": [
        ["code", "name", "committee_name", "city", "province"],
        ["DT", "Phường Đồng Tâm", "Đảng bộ phường Đồng Tâm", "Yên Bái", "Yên Bái"],
    ],
    "Groups": [["code", "ward_code", "name"], ["TDP01", "DT", "Tổ dân phố số 1"]],
    "Cells": [
        [
            "code",
            "ward_code",
            "name",
            "kind",
            "group_code",
            "founded_on",
            "dissolved_on",
        ],
        [
            "C01",
            "DT",
            "Chi bộ Tổ dân phố số 1",
            "residential",
            "TDP01",
            "01/01/2000",
            None,
        ],
    ],
    "Households": [
        ["code", "group_code", "head_name", "address"],
        ["H0001", "TDP01", "Nguyễn Văn An", "Số 1"],
        ["H0002", None, "Trần Thị Bình", "Số 9, phường khác"],
    ],
    "Members": [
        [
            "code",
            "card_number",
            "full_name",
            "gender",
            "birth_date",
            "citizen_id",
            "phone",
            "household_code",
            "joined_on",
            "official_on",
        ],
        [
            "DV0001",
            "01000001",
            "Nguyễn Văn An",
            "male",
            "15/05/1960",
            "015060000001",
            "0912345678",
            "H0001",
            "03/02/1990",
            "03/02/1991",
        ],
        [
            "DV0002",
            None,
            "Trần Thị Bình",
            "female",
            datetime.date(1975, 1, 2),
            None,
            None,
            "H0002",
            "19/05/2024",
            None,
        ],
        [
            "DV0003",
            "01000003",
            "Lê Văn Cường",
            "male",
            "01/01/1950",
            None,
            None,
            "H0001",
            "01/01/1980",
            "01/01/1981",
        ],
        [
            "DV0004",
            "01000004",
            "Phạm Văn Dũng",
            "male",
            "01/01/1940",
            None,
            None,
            None,
            "01/01/1970",
            "01/01/1971",
        ],
    ],
    "Memberships": [
        ["member_code", "cell_code", "start", "end"],
        ["DV0001", "C01", "01/01/2010", None],
        ["DV0002", "C01", "19/05/2024", None],
        ["DV0003", "C01", "01/01/2010", "31/12/2024"],
        ["DV0004", "C01", "01/01/2010", None],
    ],
    "StatusPeriods": [
        [
            "member_code",
            "kind",
            "start",
            "end",
            "approved",
            "approved_on",
            "approved_by",
            "contact_kept",
            "note",
        ],
        [
            "DV0004",
            "exempt",
            "01/01/2024",
            None,
            "có",
            "20/12/2023",
            "Đảng ủy phường",
            "không",
            "Tuổi cao",
        ],
        [
            "DV0002",
            "working_away",
            "01/03/2025",
            "30/06/2025",
            "no",
            None,
            None,
            "yes",
            None,
        ],
    ],
    "Offices": [
        ["member_code", "unit_code", "position", "start", "end"],
        ["DV0001", "C01", "secretary", "01/01/2020", None],
        ["DV0001", "DT", "committee", "01/01/2020", None],
    ],
    "Meetings": [
        [
            "key",
            "cell_code",
            "held_on",
            "kind",
            "state",
            "topic",
            "place",
            "start_time",
            "end_time",
            "chair_code",
            "minute_taker_code",
            "speakers",
            "targets_met_percent",
            "conclusion",
            "minutes",
        ],
        [
            MEETING,
            "C01",
            "10/01/2025",
            "regular",
            "submitted",
            "Sinh hoạt tháng 1",
            "Nhà văn hóa",
            "08:00",
            "09:45",
            "DV0001",
            "DV0002",
            2,
            95,
            "Thống nhất",
            None,
        ],
    ],
    "Attendance": [
        ["meeting_key", "member_code", "mark", "note"],
        [MEETING, "DV0001", "present", None],
        [MEETING, "DV0002", "có mặt", None],
        [MEETING, "DV0004", "exempt", None],
    ],
    "Scores": [
        ["meeting_key", "scorer", "item", "points", "reason"],
        *[[MEETING, "upper", code, points, None] for code, points in ITEM_POINTS],
        [MEETING, "self", "TOTAL", 96.5, None],
    ],
    "MemberYears": [
        ["member_code", "year", "rating", "resolution_compliant", "residence_feedback"],
        ["DV0001", 2025, "excellent", "yes", None],
        ["DV0002", 2025, "good", 1, "good"],
    ],
    "HouseholdYears": [
        ["household_code", "year", "cultured_family", "poverty", "civilized_rules"],
        ["H0001", 2025, "có", "none", "có"],
    ],
    "CellYears": [
        [
            "cell_code",
            "year",
            "rating",
            "targets_total",
            "targets_met",
            "satisfaction_percent",
            "group_cultured",
        ],
        ["C01", 2025, "excellent", 10, 9, 98.5, "yes"],
    ],
}


def base() -> Sheets:
    """A fresh copy of the valid workbook (tests change their copy)."""
    return copy.deepcopy(BASE)


def locations(plan: Any) -> set[str]:
    """The errors' places, ``Sheet!row column``."""
    return {str(error).split(":", 1)[0] for error in plan.errors}
