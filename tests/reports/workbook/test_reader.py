"""Reading cells: dates, booleans, percentages, numbers, choices and text as ward offices type them."""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal

import pytest

from reports.workbook.format import SHEETS_BY_NAME, fold
from reports.workbook.reader import (
    CellError,
    parse_bool,
    parse_cell,
    parse_date,
    parse_percent,
    parse_time,
    text_of,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05/06/2025", datetime.date(2025, 6, 5)),
        ("5/6/2025", datetime.date(2025, 6, 5)),
        (" 29/02/2024 ", datetime.date(2024, 2, 29)),
        ("2025-06-05", datetime.date(2025, 6, 5)),
        (datetime.datetime(2025, 6, 5), datetime.date(2025, 6, 5)),
        (datetime.date(2025, 6, 5), datetime.date(2025, 6, 5)),
    ],
)
def test_dates_are_read_day_first(value: object, expected: datetime.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/1960", "29/02/2025", "00/01/2025"])
def test_a_date_that_does_not_exist_is_named(value: str) -> None:
    with pytest.raises(CellError, match=value):
        parse_date(value)


@pytest.mark.parametrize("value", ["hôm qua", "06-2025", 45000])
def test_a_date_in_another_shape_is_refused(value: object) -> None:
    with pytest.raises(CellError):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("Có", True),
        ("1", True),
        (1, True),
        (True, True),
        ("no", False),
        ("KHÔNG", False),
        ("0", False),
        (0, False),
        (False, False),
    ],
)
def test_booleans_in_english_vietnamese_and_digits(
    value: object, expected: bool
) -> None:
    assert parse_bool(value) is expected


def test_an_unknown_boolean_is_refused() -> None:
    with pytest.raises(CellError):
        parse_bool("maybe")


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (95, "General", Decimal(95)),
        (0.955, "0.0%", Decimal("95.5")),
        (1, "0%", Decimal(100)),
        ("95,5", "General", Decimal("95.5")),
        ("90%", "General", Decimal(90)),
    ],
)
def test_percentages_0_to_100_or_formatted_as_percent(
    value: object, number_format: str, expected: Decimal
) -> None:
    assert parse_percent(value, number_format) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("08:00", datetime.time(8)),
        ("7h30", datetime.time(7, 30)),
        (datetime.time(19, 30), datetime.time(19, 30)),
        (0.5, datetime.time(12)),
    ],
)
def test_times(value: object, expected: datetime.time) -> None:
    assert parse_time(value) == expected


def test_numbers_typed_into_text_columns_keep_their_digits() -> None:
    assert text_of(912345678.0) == "912345678"
    assert text_of(unicodedata.normalize("NFD", " Nguyễn ")) == "Nguyễn"


def test_choices_accept_keys_and_vietnamese_labels() -> None:
    mark = SHEETS_BY_NAME["Attendance"].column("mark")
    assert parse_cell(mark, "PRESENT") == "present"
    assert parse_cell(mark, "có mặt") == "present"
    with pytest.raises(CellError):
        parse_cell(mark, "late")


def test_headers_fold_case_spaces_underscores_and_accents_form() -> None:
    assert fold(" Member_Code ") == fold("member code")
    assert fold(unicodedata.normalize("NFD", "Số Lý Lịch")) == fold("số lý lịch")


def test_cell_groups_are_read_as_sorted_codes() -> None:
    groups = SHEETS_BY_NAME["Cells"].column("group_code")
    assert parse_cell(groups, "TDP02; TDP01;") == ("TDP01", "TDP02")
