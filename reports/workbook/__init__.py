"""The workbook importer and exporter (DESIGN.md "Workbook format"): one sheet per table, natural keys,
all-or-nothing imports checked whole before anything is written."""

from reports.workbook.exporter import workbook_export
from reports.workbook.importer import workbook_check, workbook_import
from reports.workbook.plan import (
    ImportPlan,
    PossibleDuplicate,
    RowChange,
    RowError,
    SheetPlan,
)
from reports.workbook.template import template_workbook

__all__ = [
    "ImportPlan",
    "PossibleDuplicate",
    "RowChange",
    "RowError",
    "SheetPlan",
    "template_workbook",
    "workbook_check",
    "workbook_export",
    "workbook_import",
]
