"""Printing the minutes and the attendance sheet of a meeting, and the ratings list of a cell's year.

Access first (``cells.access``, ``Action.PRINT``: a secretary prints their own cell only, out of scope is
a 404, a viewer gets a 403, anonymous users the login page), then the method (GET and HEAD only). Every
document also answers ``?format=html`` to be checked in a browser: a preview takes no number. A PDF takes
the document's number at its first print (a reprint shows the same) and logs the print.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from cells.access import Action, cell_access, check
from cells.selectors import cell_by_code
from meetings.models import Meeting
from meetings.selectors import meeting_by_key
from reports.documents.attendance_sheet import (
    render_attendance_sheet,
    render_attendance_sheet_html,
)
from reports.documents.minutes import render_minutes, render_minutes_html
from reports.documents.printed import document_issue, pdf_response, wants_html
from reports.documents.ratings import (
    ratings_subject,
    render_ratings,
    render_ratings_html,
)
from reports.models import DocumentKind

FIRST_YEAR = 1930


def head_only(request: HttpRequest) -> HttpResponse | None:
    """A HEAD request (a link checker, a browser's prefetch) takes no number and logs no print."""
    if request.method == "HEAD":
        return HttpResponse(content_type="application/pdf")
    return None


def meeting_print_access(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """For documents of one meeting named by ``key``: print access on the meeting's cell; the meeting is
    passed to the view as ``request.printed_meeting``."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, key: str) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        meeting = meeting_by_key(key=key)
        check(request.user, Action.PRINT, meeting.cell)
        request.printed_meeting = meeting
        return view(request, key)

    return wrapper


def meeting_document(
    request: HttpRequest,
    meeting: Meeting,
    *,
    kind: str,
    render: Callable[..., bytes],
    render_html: Callable[..., str],
    filename: str,
) -> HttpResponse:
    if wants_html(request):
        return HttpResponse(render_html(meeting))
    if (head := head_only(request)) is not None:
        return head
    taken = document_issue(
        kind=kind,
        subject=meeting.key,
        cell=meeting.cell,
        year=meeting.held_on.year,
        on=timezone.localdate(),
        by=request.user,
        what=f"{kind} {meeting.key}",
    )
    return pdf_response(render(meeting, taken=taken), filename)


@meeting_print_access
@require_safe
def minutes_print(request: HttpRequest, key: str) -> HttpResponse:
    meeting = request.printed_meeting
    return meeting_document(
        request,
        meeting,
        kind=DocumentKind.MINUTES,
        render=render_minutes,
        render_html=render_minutes_html,
        filename=f"bien-ban-{meeting.key}.pdf",
    )


@meeting_print_access
@require_safe
def attendance_sheet_print(request: HttpRequest, key: str) -> HttpResponse:
    meeting = request.printed_meeting
    return meeting_document(
        request,
        meeting,
        kind=DocumentKind.ATTENDANCE_SHEET,
        render=render_attendance_sheet,
        render_html=render_attendance_sheet_html,
        filename=f"danh-sach-du-sinh-hoat-{meeting.key}.pdf",
    )


@cell_access(Action.PRINT, cell_from=cell_by_code, write_action=Action.PRINT)
@require_safe
def ratings_print(request: HttpRequest, cell_code: str, year: int) -> HttpResponse:
    cell = request.access_cell
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise Http404
    if wants_html(request):
        return HttpResponse(render_ratings_html(cell, year))
    if (head := head_only(request)) is not None:
        return head
    taken = document_issue(
        kind=DocumentKind.RATINGS,
        subject=ratings_subject(cell, year),
        cell=cell,
        year=today.year,
        on=today,
        by=request.user,
        what=f"{DocumentKind.RATINGS} {cell.code} {year}",
    )
    return pdf_response(
        render_ratings(cell, year, taken=taken),
        f"xep-loai-dang-vien-{cell.code}-{year}.pdf",
    )
