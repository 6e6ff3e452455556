"""``workbook_export``: the stored data in the import format, keys in the first row. Text is always
written as text cells (never a formula, even when it starts with "="), dates as real Excel dates shown
dd/mm/yyyy, booleans as yes/no."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING

from cells.access import Action, can, cells_visible_to
from reports.models import DataLog
from reports.workbook.format import SHEETS, Column, Sheet
from reports.workbook.tables import Scope, load
from reports.workbook.values import show

DATE_FORMAT = "dd/mm/yyyy"
PERSONAL = {("Members", "citizen_id"), ("Members", "phone")}


def text_cell(worksheet: Any, value: str) -> WriteOnlyCell:
    """A cell that holds ``value`` as text whatever it looks like (“=1+1” stays text)."""
    cell = WriteOnlyCell(worksheet, value=value)
    cell.data_type = TYPE_STRING
    return cell


def value_cell(worksheet: Any, column: Column, value: Any) -> WriteOnlyCell | None:
    if value is None or value == "" or value == ():
        return None
    if column.kind == "date" and isinstance(value, datetime.date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if column.kind in ("int", "decimal", "percent") and not isinstance(value, bool):
        number = Decimal(value).normalize()
        as_number = (
            int(number) if number == number.to_integral_value() else float(number)
        )
        return WriteOnlyCell(worksheet, value=as_number)
    return text_cell(worksheet, show(column, value))


def write_sheet(
    book: Workbook, sheet: Sheet, rows: list[dict[str, Any]], personal: bool
) -> None:
    worksheet = book.create_sheet(sheet.name)
    worksheet.append([text_cell(worksheet, key) for key in sheet.keys])
    for row in rows:
        cells = []
        for column in sheet.columns:
            value = row.get(column.key)
            if not personal and (sheet.name, column.key) in PERSONAL:
                value = None
            cells.append(value_cell(worksheet, column, value))
        worksheet.append(cells)


def export_scope(by: Any, year: int | None) -> Scope:
    if by is None:
        return Scope(year=year)
    cells = list(cells_visible_to(by).values_list("pk", "ward_id"))
    return Scope(
        ward_ids=frozenset(ward for _pk, ward in cells),
        cell_ids=frozenset(pk for pk, _ward in cells),
        year=year,
    )


def may_see_personal_data(by: Any) -> bool:
    if by is None:
        return True
    cells = list(cells_visible_to(by).select_related("ward"))
    return bool(cells) and all(can(by, Action.PERSONAL_DATA, cell) for cell in cells)


def workbook_export(
    *, year: int | None = None, by: Any = None, personal_data: bool = True
) -> bytes:
    """The workbook of everything ``by`` may see (None: everything), of ``year`` (None: all years) for
    meetings, attendance, scores and yearly records. Citizen IDs and phone numbers are left empty unless
    ``personal_data`` and the user may see them. The export is logged in ``DataLog``."""
    personal = personal_data and may_see_personal_data(by)
    scope = export_scope(by, year)
    book = Workbook(write_only=True)
    counts = {}
    for sheet in SHEETS:
        rows = load(sheet.name, scope)
        counts[sheet.name] = len(rows)
        write_sheet(book, sheet, rows, personal)
    buffer = io.BytesIO()
    book.save(buffer)
    DataLog.objects.create(
        user=by,
        action=DataLog.Action.EXPORT,
        what=f"workbook {year}" if year else "workbook",
        personal_data=personal,
        details={"year": year, "rows": counts},
    )
    return buffer.getvalue()
