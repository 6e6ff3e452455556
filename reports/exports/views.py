"""The Excel downloads beside the screens. Access first (``cells.access``: read access to what is
exported; a ward's export only for those who read the ward as a whole, a secretary only their own cell),
then the method (GET and HEAD only). Every export is logged in ``DataLog``; none carries citizen IDs or
phone numbers.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from cells.access import Action, cell_access
from cells.selectors import cell_by_code
from reports.exports.sheets import workbook_bytes
from reports.exports.tables import (
    cell_criteria_workbook,
    cell_meetings_workbook,
    ratings_workbook,
    ward_grid_workbook,
)
from reports.filters import CellFilter, period_from
from reports.models import DataLog
from reports.views import ward_access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 1930


def export_log(*, by: AbstractBaseUser, what: str, details: dict) -> None:
    DataLog.objects.create(
        user=by if by.is_authenticated else None,
        action=DataLog.Action.EXPORT,
        what=what[:255],
        personal_data=False,
        details=details,
    )


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def year_of(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


@ward_access
@require_safe
def ward_grid_export(request: HttpRequest, ward_code: str) -> HttpResponse:
    """The ward dashboard's tables, for the period and the cells filtered as on the screen."""
    ward = request.access_ward
    period = period_from(request.GET, today=timezone.localdate())
    cell_filter = CellFilter(request.GET, queryset=ward.cells.all(), ward=ward)
    workbook = ward_grid_workbook(
        ward, cell_filter.qs, year=period.year, as_of=period.as_of
    )
    export_log(
        by=request.user,
        what=f"ward grid {ward.code} {period.year}",
        details={"ward": ward.code, "year": period.year, "as_of": str(period.as_of)},
    )
    return xlsx_response(workbook, f"tieu-chi-{ward.code}-{period.year}.xlsx")


@cell_access(Action.READ, cell_from=cell_by_code, write_action=Action.READ)
@require_safe
def cell_criteria_export(request: HttpRequest, cell_code: str) -> HttpResponse:
    """The criteria table of the cell page, for the period chosen on it."""
    cell = request.access_cell
    period = period_from(request.GET, today=timezone.localdate())
    workbook = cell_criteria_workbook(cell, year=period.year, as_of=period.as_of)
    export_log(
        by=request.user,
        what=f"criteria {cell.code} {period.year}",
        details={"cell": cell.code, "year": period.year, "as_of": str(period.as_of)},
    )
    return xlsx_response(workbook, f"tieu-chi-{cell.code}-{period.year}.xlsx")


@cell_access(Action.READ, cell_from=cell_by_code, write_action=Action.READ)
@require_safe
def cell_meetings_export(request: HttpRequest, cell_code: str) -> HttpResponse:
    """The cell's meetings of the year chosen on the cell page."""
    cell = request.access_cell
    today = timezone.localdate()
    period = period_from(request.GET, today=today)
    workbook = cell_meetings_workbook(cell, year=period.year, today=today)
    export_log(
        by=request.user,
        what=f"meetings {cell.code} {period.year}",
        details={"cell": cell.code, "year": period.year},
    )
    return xlsx_response(workbook, f"sinh-hoat-{cell.code}-{period.year}.xlsx")


@cell_access(Action.READ, cell_from=cell_by_code, write_action=Action.READ)
@require_safe
def ratings_export(request: HttpRequest, cell_code: str, year: int) -> HttpResponse:
    """The ratings screen's list of a year."""
    cell = request.access_cell
    year = year_of(year)
    workbook = ratings_workbook(cell, year=year, today=timezone.localdate())
    export_log(
        by=request.user,
        what=f"ratings {cell.code} {year}",
        details={"cell": cell.code, "year": year},
    )
    return xlsx_response(workbook, f"xep-loai-{cell.code}-{year}.xlsx")
