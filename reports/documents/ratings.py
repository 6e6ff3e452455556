"""The list of a cell's members with their annual rating (danh sách đánh giá, xếp loại chất lượng đảng
viên năm Y): every member on the roll at the year's end (or today, during the year) with their rating in
the four levels, the count per level and the 20% check of DOMAIN.md "Annual ratings" (the cell's share of
excellent members and the ward's, as the ratings screen shows them: the same selectors).

A constant number of queries whatever the size of the cell.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from cells.models import Cell, Rating
from cells.ratings import CellShare, ExcellentShare, excellent_share
from cells.selectors import RatingRow, rating_rows, roll_day_of_year
from reports.dashboards.base import day_text
from reports.documents.frame import cell_header, cell_signature, ward_issuer_name
from reports.documents.printed import issue_of
from reports.documents.render import html_to_pdf
from reports.models import DocumentKind, DocumentNumber

TEMPLATE = "reports/documents/ratings.html"


@dataclass(frozen=True)
class RatingsList:
    """The rating rows of a cell's year with their counts and the 20% check, as the screen has them."""

    cell: Cell
    year: int
    day: datetime.date  # the roll's day: 31/12 of the year, or today during it
    rows: tuple[RatingRow, ...]
    counts: tuple[tuple[str, str | Promise, int], ...]  # (rating, label, members)
    unrated: int
    share: ExcellentShare
    cell_share: CellShare


def ratings_list(cell: Cell, year: int, *, today: datetime.date) -> RatingsList:
    """The members of ``cell`` on the roll at the end of ``year`` with their ratings, and the 20% check
    of the ward (the selectors of the ratings screen)."""
    day = roll_day_of_year(year, today=today)
    rows = tuple(rating_rows(cell, year=year, day=day))
    by_rating: dict[str, int] = dict.fromkeys(Rating.values, 0)
    unrated = 0
    for row in rows:
        if row.record is not None and row.record.rating in by_rating:
            by_rating[row.record.rating] += 1
        else:
            unrated += 1
    share = excellent_share(cell.ward, year)
    cell_share = next(s for s in share.per_cell if s.cell.pk == cell.pk)
    return RatingsList(
        cell=cell,
        year=year,
        day=day,
        rows=rows,
        counts=tuple(
            (rating.value, rating.label, by_rating[rating.value]) for rating in Rating
        ),
        unrated=unrated,
        share=share,
        cell_share=cell_share,
    )


def ratings_subject(cell: Cell, year: int) -> str:
    return f"{cell.code}:{year}"


def ratings_context(
    cell: Cell,
    year: int,
    *,
    today: datetime.date | None = None,
    taken: DocumentNumber | None = None,
) -> dict[str, Any]:
    """What the ratings list shows (call it in the document's language). Dated on its first print."""
    today = today or timezone.localdate()
    listing = ratings_list(cell, year, today=today)
    issue = issue_of(
        kind=DocumentKind.RATINGS,
        subject=ratings_subject(cell, year),
        cell=cell,
        day=today,
        taken=taken,
    )
    return {
        "cell": cell,
        "year": year,
        "list": listing,
        "day_text": day_text(listing.day),
        "header": cell_header(cell, issue.number, issue.day),
        "signature": cell_signature(cell, issue.day),
        "issue": issue,
        "recipients": [
            _("%(body)s (to report)") % {"body": ward_issuer_name(cell.ward)},
            _("the cell's files"),
        ],
    }


def render_ratings_html(
    cell: Cell,
    year: int,
    *,
    taken: DocumentNumber | None = None,
    language: str | None = None,
) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_to_string(TEMPLATE, ratings_context(cell, year, taken=taken))


def render_ratings(
    cell: Cell,
    year: int,
    *,
    taken: DocumentNumber | None = None,
    language: str | None = None,
) -> bytes:
    """The ratings list as a PDF."""
    return html_to_pdf(render_ratings_html(cell, year, taken=taken, language=language))
