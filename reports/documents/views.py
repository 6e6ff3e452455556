"""Printing from the web: a cell's annual evaluation, the ward summary, and every document of a ward as a
batch (a background task with its progress page and its zip).

Thin views: access first (``cells.access``, ``Action.PRINT``: a secretary prints their own cell, a ward
official every cell of the ward; out of scope → 404, in scope but not allowed → 403, anonymous → login),
then one renderer. Every PDF view also answers ``?format=html`` (a preview that takes no number).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cells.access import Action, cell_access, check_ward
from cells.selectors import cell_by_code
from reports.documents.batch import ascii_slug, print_batch_start
from reports.documents.evaluation import render_cell_evaluation
from reports.documents.printed import pdf_response, wants_html
from reports.documents.ward_summary import render_ward_summary
from reports.models import DataLog, PrintBatch
from wards.models import Ward

FIRST_YEAR = 2000


def checked_year(year: int) -> int:
    """A year that can have records: from 2000 to this year (else 404)."""
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


def log_print(request: HttpRequest, what: str, **details: object) -> None:
    DataLog.objects.create(
        user=request.user,
        action=DataLog.Action.PRINT,
        what=what[:255],
        details={key: str(value) for key, value in details.items()},
    )


@cell_access(Action.PRINT, cell_from=cell_by_code, write_action=Action.PRINT)
@require_safe
def cell_evaluation_pdf(
    request: HttpRequest, cell_code: str, year: int
) -> HttpResponse:
    cell = request.access_cell
    year = checked_year(year)
    if wants_html(request):
        return HttpResponse(render_cell_evaluation(cell, year, output="html"))
    pdf = render_cell_evaluation(cell, year, by=request.user)
    log_print(request, f"evaluation {cell.code} {year}", cell=cell.code, year=year)
    return pdf_response(
        pdf,
        f"danh-gia-chi-bo-kieu-mau-{ascii_slug(cell.code)}-{year}.pdf",
        title=f"Báo cáo chi bộ kiểu mẫu {year} - {cell.name}.pdf",
    )


def ward_print_access(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """For views about a whole ward's printing: ``check_ward`` with ``Action.PRINT`` (a viewer of the
    ward is refused with 403, a cell's secretary does not see the ward: 404)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, ward_code: str, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        ward = get_object_or_404(Ward, code=ward_code)
        check_ward(request.user, Action.PRINT, ward)
        request.access_ward = ward
        return view(request, ward_code, **kwargs)

    return wrapper


@ward_print_access
@require_safe
def ward_summary_pdf(request: HttpRequest, ward_code: str, year: int) -> HttpResponse:
    ward = request.access_ward
    year = checked_year(year)
    if wants_html(request):
        return HttpResponse(render_ward_summary(ward, year, output="html"))
    pdf = render_ward_summary(ward, year, by=request.user)
    log_print(request, f"ward summary {ward.code} {year}", ward=ward.code, year=year)
    return pdf_response(
        pdf,
        f"tong-hop-chi-bo-kieu-mau-{ascii_slug(ward.code)}-{year}.pdf",
        title=f"Tổng hợp chi bộ kiểu mẫu {year} - {ward.name}.pdf",
    )


@ward_print_access
@require_http_methods(["GET", "HEAD", "POST"])
def ward_batch_view(request: HttpRequest, ward_code: str, year: int) -> HttpResponse:
    """Print every cell of the ward: POST starts a batch; GET shows the latest batch of the year and its
    progress (htmx asks for the progress part again every 2 s while it runs)."""
    ward = request.access_ward
    year = checked_year(year)
    if request.method == "POST":
        print_batch_start(ward=ward, year=year, by=request.user)
        return redirect("reports:print_batch", ward_code=ward.code, year=year)
    batch = PrintBatch.objects.filter(ward=ward, year=year).first()
    context = {"ward": ward, "year": year, "batch": batch}
    if request.headers.get("HX-Request"):
        return render(request, "reports/documents/_batch_progress.html", context)
    return render(request, "reports/documents/batch.html", context)


@ward_print_access
@require_safe
def ward_batch_zip(request: HttpRequest, ward_code: str, year: int) -> HttpResponse:
    """The zip of the latest finished batch of the year; without one, back to the batch page."""
    ward = request.access_ward
    year = checked_year(year)
    batch = (
        PrintBatch.objects.filter(ward=ward, year=year, state=PrintBatch.State.DONE)
        .exclude(file="")
        .first()
    )
    if batch is None:
        return redirect("reports:print_batch", ward_code=ward.code, year=year)
    try:
        handle = batch.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    log_print(request, f"print batch zip {ward.code} {year}", batch=batch.pk)
    stamp = timezone.localtime(batch.finished_at or timezone.now())
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"in-bao-cao-{ascii_slug(ward.code)}-{year}-{stamp:%Y%m%d-%H%M}.zip",
        content_type="application/zip",
    )


def default_print_year() -> int:
    """The year a print button offers: last year until the end of January, then this year."""
    today = timezone.localdate()
    return today.year - 1 if today < datetime.date(today.year, 2, 1) else today.year
