"""Writing a table to a worksheet the way ward offices expect it: a bold header row that stays in view,
sensible column widths, dates as real dates shown dd/mm/yyyy, numbers as numbers, and text always as
text (a name that starts with "=" must never become a formula: openpyxl would write it as one)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMATS = {"number": "0.0##", "integer": "0", "percent": "0.0"}
SHEET_TITLE_MAX = 31  # Excel's limit


@dataclass(frozen=True)
class Column:
    """A column: its title, its width in characters, and what it holds (text, date, integer, number,
    percent — a percentage written as a number 0–100, as the screens show it)."""

    title: str
    width: int = 14
    kind: str = "text"


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def cell_value(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if kind == "date":
        return value
    if kind in NUMBER_FORMATS:
        if isinstance(value, Decimal):
            return float(value)
        return value
    return str(value)


def add_table(
    workbook: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
) -> Worksheet:
    """A new sheet named ``title`` with ``columns`` as its bold, frozen first row and ``rows`` below."""
    sheet = workbook.create_sheet(title=title[:SHEET_TITLE_MAX])
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.value = column.title
        cell.data_type = "s"
        cell.font = bold
        cell.alignment = wrap
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_index, row in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, row, strict=True), 1):
            cell = sheet.cell(row=row_index, column=index)
            cell.value = cell_value(value, column.kind)
            if cell.value is None:
                continue
            if column.kind == "date" and isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif column.kind in NUMBER_FORMATS and not isinstance(cell.value, str):
                cell.number_format = NUMBER_FORMATS[column.kind]
            else:
                # Text stays text: never a formula, whatever its first character.
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    return sheet


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
