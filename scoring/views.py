"""The evaluation API: ``/api/evaluations/<year>.json`` (DESIGN.md "Interfaces").

The answer has the exact shape of ``evaluate --format json`` (``evaluation_json``), scoped to the cells
the user may read (``cells_visible_to``): a secretary gets their cell, a viewer or official of a ward the
ward's cells, a user without a role ``"cells": []``. Query parameters:

- ``as_of``: ``YYYY-MM-DD`` or ``dd/mm/yyyy``; by default today, or the year's last day for a past year;
- ``ward`` and ``cell``: codes narrowing the answer within the user's scope (a code out of scope gives
  no cells, as an unknown one does: nothing reveals what exists elsewhere).

**Closed years.** For a ward that has closed the year, its cells are served from the stored copy made at
closing (``ClosedYear.evaluation``), whatever ``as_of`` says: a closed year is reported as it was closed.
The top-level ``as_of`` is the request's; the other cells are evaluated live as of it. A cell of a closed
ward missing from the stored copy (created after the closing) is evaluated live too.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cells.access import cells_visible_to
from scoring.models import ClosedYear
from scoring.services import ScoringError, evaluate, evaluation_json

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
JSON_PARAMS = {"ensure_ascii": False}
CONTENT_TYPE = "application/json; charset=utf-8"


def parse_as_of(value: str) -> datetime.date:
    """``YYYY-MM-DD`` or ``dd/mm/yyyy``; ScoringError with the user's message otherwise."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise ScoringError(_("Not a date (dd/mm/yyyy or yyyy-mm-dd): %(v)s") % {"v": value})


def default_as_of(year: int) -> datetime.date:
    """Today for the current or a coming year; the year's last day for a past year."""
    today = timezone.localdate()
    return min(today, datetime.date(year, 12, 31)) if year <= today.year else today


def error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"error": message},
        status=status,
        json_dumps_params=JSON_PARAMS,
        content_type=CONTENT_TYPE,
    )


def stored_cells(ward_ids: set[int], year: int) -> dict[str, dict]:
    """The stored cells of the closed year of these wards, by cell code (one query)."""
    stored: dict[str, dict] = {}
    for evaluation in ClosedYear.objects.filter(
        ward_id__in=ward_ids, year=year, closed=True
    ).values_list("evaluation", flat=True):
        for cell in evaluation.get("cells", []):
            stored[cell["code"]] = cell
    return stored


@login_required
@require_safe
def evaluations(request: HttpRequest, year: int) -> JsonResponse:
    if not 1930 <= year <= 2100:
        return error(_("The year must be between 1930 and 2100."))
    try:
        raw = request.GET.get("as_of", "")
        as_of = parse_as_of(raw) if raw.strip() else default_as_of(year)
    except ScoringError as exc:
        return error(str(exc))

    cells = cells_visible_to(request.user).order_by("code")
    if ward_code := request.GET.get("ward"):
        cells = cells.filter(ward__code=ward_code)
    if cell_code := request.GET.get("cell"):
        cells = cells.filter(code=cell_code)
    cells = list(cells)

    closed = stored_cells({cell.ward_id for cell in cells}, year)
    from_store = [closed[cell.code] for cell in cells if cell.code in closed]
    live = [cell for cell in cells if cell.code not in closed]
    try:
        data = evaluation_json(evaluate(year, live, as_of), year, as_of)
    except ScoringError as exc:
        return error(str(exc), status=500)
    data["cells"] = sorted([*data["cells"], *from_store], key=lambda c: c["code"])
    return JsonResponse(data, json_dumps_params=JSON_PARAMS, content_type=CONTENT_TYPE)
