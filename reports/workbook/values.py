"""Values as the importer compares them and as workbooks and plans show them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from reports.workbook.format import SHEETS_BY_NAME, Column


def canon(column: Column, value: Any) -> Any:
    """One value in the form in which stored and imported values are compared."""
    if column.kind in ("text", "choice"):
        return value or ""
    if column.kind == "codes":
        return tuple(sorted(value or ()))
    if column.kind in ("decimal", "percent") and value is not None:
        return Decimal(value).normalize()
    return value


def show(column: Column, value: Any) -> str:
    """A value as text: in plans (old → new) and wherever a workbook holds text."""
    value = canon(column, value)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return (
            value.strftime("%H:%M") if not value.second else value.strftime("%H:%M:%S")
        )
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, tuple):
        return ";".join(value)
    return str(value)


def key_of(sheet_name: str, row: dict[str, Any]) -> tuple:
    sheet = SHEETS_BY_NAME[sheet_name]
    return tuple(canon(sheet.column(k), row.get(k)) for k in sheet.key)


def index(
    rows: Iterable[dict[str, Any]], sheet_name: str
) -> dict[tuple, dict[str, Any]]:
    return {key_of(sheet_name, row): row for row in rows}
