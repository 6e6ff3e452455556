"""Printing a document of a cell: the number it takes at its first print, logged with the print.

A preview (``?format=html``) takes nothing; a PDF print takes the document's number (a reprint shows the one
it took) and leaves a ``DataLog`` entry saying who printed what.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from cells.models import Cell
from reports.documents.numbers import (
    blank_number_text,
    document_number_find,
    document_number_take,
    number_text,
)
from reports.models import DataLog, DocumentNumber


@dataclass(frozen=True)
class Issue:
    """The number and date a document shows: taken at its first print, blank in a preview."""

    number: str
    day: datetime.date
    taken: DocumentNumber | None


def document_issue(
    *,
    kind: str,
    subject: str,
    cell: Cell,
    year: int,
    on: datetime.date,
    by: AbstractBaseUser | None,
    what: str,
) -> DocumentNumber:
    """Print a cell's document: take its number (the one it already took, on a reprint) and log the
    print, in one transaction."""
    with transaction.atomic():
        taken = document_number_take(
            kind=kind,
            subject=subject,
            ward=cell.ward,
            cell=cell,
            year=year,
            on=on,
            by=by,
        )
        DataLog.objects.create(
            user=by if by is not None and by.is_authenticated else None,
            action=DataLog.Action.PRINT,
            what=what[:255],
            personal_data=False,
            details={
                "kind": kind,
                "subject": subject,
                "cell": cell.code,
                "year": taken.year,
                "sequence": taken.sequence,
            },
        )
    return taken


def issue_of(
    *,
    kind: str,
    subject: str,
    cell: Cell,
    day: datetime.date,
    taken: DocumentNumber | None = None,
) -> Issue:
    """The number and date a document shows: those it took at its first print (``taken``, else looked
    up, so that a preview of a printed document shows its number), else a blank number and ``day``.
    Call it in the document's language."""
    if taken is None:
        taken = document_number_find(kind=kind, subject=subject)
    if taken is not None:
        return Issue(number_text(taken), taken.issued_on, taken)
    return Issue(blank_number_text(kind, cell=cell), day, None)


def wants_html(request: HttpRequest) -> bool:
    """Every PDF view also answers ``?format=html``: the document as HTML, to check it in a browser."""
    return request.GET.get("format") == "html"


def pdf_response(pdf: bytes, filename: str, *, title: str = "") -> HttpResponse:
    """An inline PDF named ``filename`` (ASCII); with ``title``, also its Vietnamese name in RFC 5987
    form, which browsers prefer."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = f'inline; filename="{filename}"'
    if title:
        disposition += f"; filename*=UTF-8''{quote(title)}"
    response["Content-Disposition"] = disposition
    return response
