"""Excel exports of the screens' tables (openpyxl): the same selectors, the same numbers."""

from reports.exports.tables import (
    cell_criteria_workbook,
    cell_meetings_workbook,
    ratings_workbook,
    ward_grid_workbook,
)

__all__ = [
    "cell_criteria_workbook",
    "cell_meetings_workbook",
    "ratings_workbook",
    "ward_grid_workbook",
]
