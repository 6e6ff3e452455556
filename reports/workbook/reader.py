"""Reading a workbook: its sheets, headers and cells, parsed into Python values (nothing is checked against
the database here). Every problem becomes a located ``RowError``; reading goes on after one."""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from reports.workbook.format import SHEETS, Column, Sheet, column_for, fold, sheet_for
from reports.workbook.plan import RowError

TRUE_WORDS = {"yes", "có", "co", "1", "true", "x", "đúng"}
FALSE_WORDS = {"no", "không", "khong", "0", "false", "sai"}
DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
TIME_TEXT = re.compile(r"^(\d{1,2})[:hH.](\d{2})(?::(\d{2}))?$")


class CellError(Exception):
    """A cell that cannot be read; the message is for the user."""


@dataclass
class Row:
    number: int  # the row number in the sheet (the header is row 1)
    values: dict[
        str, Any
    ]  # column key -> value (None: blank); only the columns present
    bad: set[str] = field(default_factory=set)  # columns that could not be read


@dataclass
class ReadSheet:
    sheet: Sheet
    title: str  # as named in the file
    columns: tuple[str, ...]  # the keys of the columns present
    rows: list[Row]


def text_of(value: Any) -> str:
    """A cell as text: numbers without a spurious ``.0``, NFC, stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()


def parse_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = text_of(value)
    match = DATE_TEXT.match(text)
    parts = None
    if match:
        parts = int(match[3]), int(match[2]), int(match[1])
    elif match := ISO_DATE.match(text):
        parts = int(match[1]), int(match[2]), int(match[3])
    if parts is None:
        raise CellError(_("Enter a date as dd/mm/yyyy: “%(value)s”.") % {"value": text})
    try:
        return datetime.date(*parts)
    except ValueError:
        raise CellError(
            _("This date does not exist: %(value)s") % {"value": text}
        ) from None


def parse_time(value: Any) -> datetime.time:
    if isinstance(value, datetime.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, datetime.time):
        return value.replace(microsecond=0)
    if (
        isinstance(value, float | int)
        and not isinstance(value, bool)
        and 0 <= value < 1
    ):
        seconds = round(value * 86400)
        return datetime.time(seconds // 3600, seconds % 3600 // 60)
    text = text_of(value)
    match = TIME_TEXT.match(text)
    try:
        if match:
            return datetime.time(int(match[1]), int(match[2]), int(match[3] or 0))
    except ValueError:
        pass
    raise CellError(_("Enter a time as hh:mm: “%(value)s”.") % {"value": text})


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = fold(text_of(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(
        _("Enter yes or no (có/không, 1/0): “%(value)s”.") % {"value": text_of(value)}
    )


LARGEST_NUMBER = Decimal(10) ** 9


def parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("Enter a number: “%(value)s”.") % {"value": value})
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = text_of(value).replace(" ", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(
                _("Enter a number: “%(value)s”.") % {"value": text_of(value)}
            ) from None
    if not number.is_finite():
        raise CellError(_("Enter a number: “%(value)s”.") % {"value": text_of(value)})
    # No number of the workbook comes near a billion; larger ones would only break the arithmetic.
    if abs(number) >= LARGEST_NUMBER:
        raise CellError(
            _("This number is too large: “%(value)s”.") % {"value": text_of(value)}
        )
    return number.normalize() if number == number.to_integral() else number


def parse_int(value: Any) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise CellError(
            _("Enter a whole number: “%(value)s”.") % {"value": text_of(value)}
        )
    return int(number)


def parse_percent(value: Any, number_format: str = "") -> Decimal:
    """0–100; a number in a cell formatted as a percentage (0–1) is read as such, and so is “95%”."""
    text = text_of(value)
    if isinstance(value, str) and text.endswith("%"):
        return parse_decimal(text[:-1])
    number = parse_decimal(value)
    if "%" in (number_format or "") and not isinstance(value, str):
        number = (number * 100).quantize(Decimal("0.01")).normalize()
    return number


@functools.cache
def choice_words(column: Column) -> dict[str, str]:
    """The words that name each choice: its key, and its label in Vietnamese and English."""
    assert column.choices is not None
    words: dict[str, str] = {}
    for value, label in column.choices.choices:
        words[fold(value)] = value
        for language in ("vi", "en"):
            with override(language):
                words.setdefault(fold(str(label)), value)
    return words


def parse_choice(value: Any, column: Column) -> str:
    words = choice_words(column)
    found = words.get(fold(text_of(value)))
    if found is None:
        raise CellError(
            _("Unknown value “%(value)s”: use one of %(choices)s.")
            % {"value": text_of(value), "choices": ", ".join(column.choices.values)}
        )
    return found


def parse_codes(value: Any) -> tuple[str, ...]:
    codes = [part.strip() for part in text_of(value).split(";")]
    return tuple(sorted({code for code in codes if code}))


def parse_cell(column: Column, value: Any, number_format: str = "") -> Any:
    """The value of one non-blank cell, or ``CellError``."""
    kind = column.kind
    if kind == "date":
        return parse_date(value)
    if kind == "time":
        return parse_time(value)
    if kind == "bool":
        return parse_bool(value)
    if kind == "int":
        return parse_int(value)
    if kind == "decimal":
        return parse_decimal(value)
    if kind == "percent":
        return parse_percent(value, number_format)
    if kind == "choice":
        return parse_choice(value, column)
    if kind == "codes":
        return parse_codes(value)
    if column.key == "item":
        return (
            text_of(value).upper()
            if fold(text_of(value)) == "total"
            else text_of(value)
        )
    return text_of(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_workbook(file: str | IO[bytes], errors: list[RowError]) -> list[ReadSheet]:
    """The known sheets of ``file`` in the order of ``SHEETS``; unknown sheets (the notes) are skipped."""
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        errors.append(
            RowError("", 0, "", _("This file is not an Excel workbook (.xlsx)."))
        )
        return []
    found: dict[str, ReadSheet] = {}
    try:
        for worksheet in book.worksheets:
            sheet = sheet_for(worksheet.title)
            if sheet is None or sheet.name in found:
                continue
            found[sheet.name] = _read_sheet(sheet, worksheet, errors)
    finally:
        book.close()
    read = [found[sheet.name] for sheet in SHEETS if sheet.name in found]
    if not any(part.rows for part in read) and not errors:
        errors.append(RowError("", 0, "", _("The workbook holds no rows to import.")))
    return read


def _read_sheet(sheet: Sheet, worksheet: Any, errors: list[RowError]) -> ReadSheet:
    if hasattr(worksheet, "reset_dimensions"):
        # A workbook without its dimensions recorded would be read twice to find them.
        worksheet.reset_dimensions()
    # Cell objects (with their number format) only where a percentage may be formatted as one.
    formats = any(column.kind == "percent" for column in sheet.columns)
    rows = worksheet.iter_rows(values_only=not formats)
    header = next(rows, ())
    positions: dict[int, Column] = {}
    for index, cell in enumerate(header):
        column = column_for(sheet, cell.value if formats else cell)
        if column is not None and column not in positions.values():
            positions[index] = column
    present = {column.key for column in positions.values()}
    for column in sheet.columns:
        if column.required and column.key not in present:
            errors.append(
                RowError(
                    sheet.name, 1, column.key, _("This required column is missing.")
                )
            )
    result: list[Row] = []
    for number, cells in enumerate(rows, start=2):
        raw = {}
        for index, column in positions.items():
            if index < len(cells):
                cell = cells[index]
                raw[column.key] = (
                    (cell.value, getattr(cell, "number_format", "") or "")
                    if formats
                    else (cell, "")
                )
        if all(_blank(value) for value, _fmt in raw.values()):
            continue
        row = Row(number, {})
        for key in present:
            value, number_format = raw.get(key, (None, ""))
            column = sheet.column(key)
            if _blank(value):
                row.values[key] = None
                continue
            try:
                row.values[key] = parse_cell(column, value, number_format)
            except CellError as error:
                errors.append(RowError(sheet.name, number, key, str(error)))
                row.values[key] = None
                row.bad.add(key)
        result.append(row)
    return ReadSheet(
        sheet, worksheet.title, tuple(k for k in sheet.keys if k in present), result
    )
