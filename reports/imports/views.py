"""The web import for ward officials: upload → preview → confirm → applied, the list of past imports, the
kept files and the template workbook.

Access: ``cells.access`` ``Action.IMPORT`` on the ward (``check_ward``): ward officials and superusers; a
viewer of the ward is in scope but not allowed (403); anyone else does not see the ward (404).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from cells.access import Action, check_ward
from reports.imports import selectors
from reports.imports.forms import XLSX_CONTENT_TYPE, WorkbookUploadForm
from reports.imports.services import (
    ImportRefused,
    import_apply,
    import_file_log,
    import_upload,
)
from reports.imports.uploads import SizeLimitUploadHandler
from reports.models import ImportRecord
from wards.models import Ward

IMPORTS_PER_PAGE = 25


def ward_import_access(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """For views about the imports of a ward named by ``ward_code``; the ward is passed on as
    ``request.access_ward``."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, ward_code: str) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        ward = get_object_or_404(Ward, code=ward_code)
        check_ward(request.user, Action.IMPORT, ward)
        request.access_ward = ward
        return view(request, ward_code)

    return wrapper


def record_import_access(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """For views about one import: its ward must allow the user to import."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        record = selectors.import_by_pk(pk)
        check_ward(request.user, Action.IMPORT, record.ward)
        request.import_record = record
        return view(request, pk)

    return wrapper


@ward_import_access
@require_safe
def import_list(request: HttpRequest, ward_code: str) -> HttpResponse:
    ward = request.access_ward
    page = Paginator(selectors.imports_of_ward(ward), IMPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "reports/imports/import_list.html", {"ward": ward, "page": page}
    )


@csrf_exempt
def import_new(request: HttpRequest, ward_code: str) -> HttpResponse:
    """The size limit is enforced while the body is read: the handler goes first, before the CSRF check
    (which reads the body) runs in ``_import_new``."""
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))
    return _import_new(request, ward_code)


@ward_import_access
@require_http_methods(["GET", "HEAD", "POST"])
@csrf_protect
def _import_new(request: HttpRequest, ward_code: str) -> HttpResponse:
    ward = request.access_ward
    if request.method == "POST":
        form = WorkbookUploadForm(
            request.POST,
            request.FILES,
            too_big=getattr(request, "upload_too_big", False),
        )
        if form.is_valid():
            record = import_upload(
                ward=ward, upload=form.cleaned_data["file"], by=request.user
            )
            return redirect("reports:import_detail", pk=record.pk)
    else:
        form = WorkbookUploadForm()
    return render(
        request, "reports/imports/import_form.html", {"ward": ward, "form": form}
    )


def seen_digest(preview: selectors.Preview) -> str:
    """What the user saw on the preview, to tell them when the confirmed import differs from it."""
    return (
        f"{preview.created}/{preview.updated}/{preview.unchanged}/{len(preview.errors)}"
    )


@record_import_access
@require_http_methods(["GET", "HEAD", "POST"])
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = request.import_record
    if request.method == "POST":
        try:
            plan = import_apply(record=record, by=request.user)
        except ImportRefused as error:
            messages.error(request, str(error))
            return redirect("reports:import_detail", pk=record.pk)
        applied = selectors.preview_of(plan)
        if record.state == ImportRecord.State.APPLIED:
            if request.POST.get("seen") not in (None, "", seen_digest(applied)):
                messages.warning(
                    request,
                    _(
                        "The records changed after your preview: the workbook was "
                        "checked again and applied to the records as they are now."
                    ),
                )
            messages.success(
                request,
                _(
                    "The workbook was imported: %(created)s created, %(updated)s "
                    "updated, %(unchanged)s unchanged."
                )
                % {
                    "created": applied.created,
                    "updated": applied.updated,
                    "unchanged": applied.unchanged,
                },
            )
        else:
            messages.error(
                request,
                _(
                    "The workbook was refused: checked again, it has errors. Nothing "
                    "was written."
                ),
            )
        return redirect("reports:import_detail", pk=record.pk)
    preview = selectors.record_preview(record, by=request.user)
    return render(
        request,
        "reports/imports/import_detail.html",
        {
            "ward": record.ward,
            "record": record,
            "preview": preview,
            "seen": seen_digest(preview),
        },
    )


@record_import_access
@require_safe
def import_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The kept workbook, as it was uploaded."""
    record = request.import_record
    import_file_log(record=record, by=request.user)
    return FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=record.original_name,
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
@require_safe
def import_template(request: HttpRequest) -> HttpResponse:
    """The blank template workbook with the Vietnamese column titles: no records in it."""
    from reports.workbook import template_workbook

    response = HttpResponse(template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, _("Import template.xlsx")
    )
    return response
