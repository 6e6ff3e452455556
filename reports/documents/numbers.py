"""Document numbers (số văn bản, Hướng dẫn 36-HD/VPTW): "Số 03-BC/CB".

Each issuing body (a cell, or the ward committee) keeps a yearly sequence. The first print of a document
takes the next number of its issuer's sequence and keeps it; a reprint shows the same number and date.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cells.models import Cell
from reports.models import DocumentKind, DocumentNumber
from wards.models import Ward

# The document type's abbreviation (Báo cáo, Biên bản, Danh sách).
KIND_SYMBOL = {
    DocumentKind.EVALUATION: "BC",
    DocumentKind.WARD_SUMMARY: "BC",
    DocumentKind.MINUTES: "BB",
    DocumentKind.ATTENDANCE_SHEET: "DS",
    DocumentKind.RATINGS: "DS",
}
# The issuer's abbreviation: chi bộ, đảng ủy.
CELL_SYMBOL = "CB"
WARD_SYMBOL = "ĐU"


def number_text(number: DocumentNumber) -> str:
    """The number as printed under the issuer's name, e.g. "Số 03-BC/CB" (call it in the document's
    language)."""
    issuer = CELL_SYMBOL if number.cell_id else WARD_SYMBOL
    symbol = f"{number.sequence:02d}-{KIND_SYMBOL[number.kind]}/{issuer}"
    return _("No. %(number)s") % {"number": symbol}


def blank_number_text(kind: str, *, cell: Cell | None) -> str:
    """What a preview shows before the document took its number: "Số    -BC/CB"."""
    issuer = CELL_SYMBOL if cell is not None else WARD_SYMBOL
    return _("No. %(number)s") % {"number": f"\u2003 -{KIND_SYMBOL[kind]}/{issuer}"}


def document_number_find(*, kind: str, subject: str) -> DocumentNumber | None:
    """The number a document took at its first print, if it was printed."""
    return DocumentNumber.objects.filter(kind=kind, subject=subject).first()


def document_number_take(
    *,
    kind: str,
    subject: str,
    ward: Ward,
    cell: Cell | None,
    year: int,
    on: datetime.date,
    by: AbstractBaseUser | None,
) -> DocumentNumber:
    """The document's number: the one it took at its first print, else the next of its issuer's
    sequence for ``year``, taken now and kept. Two first prints at once cannot take the same number:
    the unique constraints refuse the second, which then takes the following one."""
    for _attempt in range(5):
        existing = document_number_find(kind=kind, subject=subject)
        if existing is not None:
            return existing
        issuer = (
            DocumentNumber.objects.filter(cell=cell)
            if cell is not None
            else DocumentNumber.objects.filter(ward=ward, cell__isnull=True)
        )
        last = issuer.filter(year=year).aggregate(last=Max("sequence"))["last"] or 0
        try:
            with transaction.atomic():
                return DocumentNumber.objects.create(
                    kind=kind,
                    subject=subject,
                    ward=ward,
                    cell=cell,
                    year=year,
                    sequence=last + 1,
                    issued_on=on,
                    issued_by=by if by is not None and by.is_authenticated else None,
                )
        except IntegrityError:
            continue
    raise RuntimeError(f"no document number could be taken for {kind} {subject}")
