"""Reads of the web import: a ward's past imports, one import, and the preview of a stored workbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from reports.models import ImportRecord
from wards.models import Ward

if TYPE_CHECKING:
    from reports.workbook import ImportPlan


def imports_of_ward(ward: Ward) -> QuerySet[ImportRecord]:
    """The ward's web imports, newest first, with who uploaded them."""
    return ImportRecord.objects.filter(ward=ward).select_related("uploaded_by")


def import_by_pk(pk: int) -> ImportRecord:
    """An import named by a URL (404 when there is none or it came from no ward)."""
    return get_object_or_404(
        ImportRecord.objects.select_related("ward", "uploaded_by").filter(
            ward__isnull=False
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class SheetTotals:
    name: str
    created: int
    updated: int
    unchanged: int

    @property
    def title(self) -> str:
        return sheet_title(self.name)

    @property
    def changed(self) -> int:
        return self.created + self.updated


def sheet_title(name: str) -> str:
    """The Vietnamese title of a sheet of the template ("Đảng viên" for "Members")."""
    from reports.workbook.format import SHEETS

    return next((sheet.title for sheet in SHEETS if sheet.name == name), name)


def column_titles(name: str) -> dict[str, str]:
    from reports.workbook.format import SHEETS

    for sheet in SHEETS:
        if sheet.name == name:
            return {column.key: column.title for column in sheet.columns}
    return {}


@dataclass(frozen=True)
class ChangeLine:
    """A row that would change: its sheet, row number, natural key, and (column, old, new)."""

    sheet: str
    row: int
    key: str
    action: str
    fields: list[tuple[str, str, str]]


@dataclass(frozen=True)
class ErrorLine:
    """A located error, with the sheet and column as the template names them."""

    sheet: str
    row: int
    column: str
    message: str
    sheet_title: str
    column_title: str


def error_line(sheet: str, row: int, column: str, message: str) -> ErrorLine:
    return ErrorLine(
        sheet,
        row,
        column,
        message,
        sheet_title(sheet) if sheet else "",
        column_titles(sheet).get(column, column),
    )


@dataclass
class Preview:
    """What the preview page shows: counts per sheet, the changing rows, errors and duplicates."""

    sheets: list[SheetTotals]
    errors: list[ErrorLine] = field(default_factory=list)
    changes: list[ChangeLine] = field(default_factory=list)
    duplicates: list[Any] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(sheet.created for sheet in self.sheets)

    @property
    def updated(self) -> int:
        return sum(sheet.updated for sheet in self.sheets)

    @property
    def unchanged(self) -> int:
        return sum(sheet.unchanged for sheet in self.sheets)

    @property
    def can_apply(self) -> bool:
        return not self.errors


def preview_of(plan: ImportPlan) -> Preview:
    """The preview of a plan; rows that stay unchanged are counted, not listed."""
    return Preview(
        sheets=[
            SheetTotals(sheet.name, sheet.created, sheet.updated, sheet.unchanged)
            for sheet in plan.sheets
        ],
        errors=[
            error_line(error.sheet, error.row, error.column, error.message)
            for error in plan.errors
        ],
        changes=[
            ChangeLine(
                sheet=sheet_title(sheet.name),
                row=change.row,
                key=change.key,
                action=change.action,
                fields=[
                    (titles.get(column, column), old, new)
                    for column, (old, new) in change.fields.items()
                ],
            )
            for sheet in plan.sheets
            for titles in [column_titles(sheet.name)]
            for change in sheet.changes
            if change.action != "unchanged"
        ],
        duplicates=list(plan.duplicates),
    )


def stored_preview(record: ImportRecord) -> Preview:
    """The counts and errors stored on a record that was applied or refused."""
    counts = record.counts or {}
    return Preview(
        sheets=[
            SheetTotals(
                sheet.get("name", ""),
                int(sheet.get("created", 0)),
                int(sheet.get("updated", 0)),
                int(sheet.get("unchanged", 0)),
            )
            for sheet in counts.get("sheets", [])
        ],
        errors=[
            error_line(
                str(error.get("sheet", "")),
                int(error.get("row", 0)),
                str(error.get("column", "")),
                str(error.get("message", "")),
            )
            for error in record.errors or []
        ],
    )


def record_preview(record: ImportRecord, *, by) -> Preview:
    """A previewed record is checked again against the records as they are now (writes nothing); an
    applied or refused one shows what was stored when it was decided."""
    if record.state != ImportRecord.State.PREVIEWED:
        return stored_preview(record)
    from reports.workbook import workbook_check

    with record.file.open("rb") as stored:
        return preview_of(workbook_check(stored, by=by))
