"""The ward summary of the model cells (báo cáo tổng hợp kết quả xây dựng chi bộ kiểu mẫu của Đảng ủy phường):
every cell against the 13 criteria in one table, the model cells by kind, and the cells that are not model
cells with the criteria they failed. Signed for the ward committee by its secretary in office.

A closed year prints from the evaluation stored when it was closed (``stored_evaluation``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cells.models import CellKind
from reports.dashboards.verdicts import LEGEND, Verdict, verdict_of
from reports.documents.evaluation import default_as_of
from reports.documents.frame import (
    city_body_name,
    ward_header,
    ward_issuer_name,
    ward_signature,
)
from reports.documents.numbers import (
    blank_number_text,
    document_number_take,
    number_text,
)
from reports.documents.render import html_to_pdf, render_html
from reports.models import DocumentKind
from scoring.closing import stored_evaluation
from scoring.services import evaluate, evaluation_json
from wards.models import Ward

TEMPLATE = "reports/documents/ward_summary.html"
CRITERIA = tuple(range(1, 14))


@dataclass(frozen=True)
class GridRow:
    number: int
    code: str
    name: str
    marks: tuple[Verdict, ...]
    model_cell: bool


@dataclass(frozen=True)
class KindLine:
    kind: str
    cells: int
    model: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class FailingCell:
    name: str
    criteria: tuple[
        tuple[int, str], ...
    ]  # (number, title) of each failed or unsettled criterion


def ward_evaluation(
    ward: Ward, year: int, *, as_of: datetime.date | None = None
) -> tuple[dict[str, Any], bool]:
    """The evaluation JSON of the ward's cells: the stored copy of a closed year (True), else a fresh one."""
    stored = stored_evaluation(ward, year)
    if stored is not None:
        return stored, True
    as_of = as_of or default_as_of(year)
    cells = ward.cells.order_by("code")
    return evaluation_json(evaluate(year, cells, as_of), year, as_of), False


def grid_rows(cells: list[dict[str, Any]]) -> list[GridRow]:
    rows = []
    for index, cell in enumerate(cells, start=1):
        states = {c["number"]: c["state"] for c in cell["criteria"]}
        rows.append(
            GridRow(
                number=index,
                code=cell["code"],
                name=cell["name"],
                marks=tuple(verdict_of(states.get(n, "undecided")) for n in CRITERIA),
                model_cell=bool(cell["model_cell"]),
            )
        )
    return rows


def kind_lines(cells: list[dict[str, Any]]) -> list[KindLine]:
    """Model cells by kind of cell, in the order of ``CellKind``; kinds without cells are left out."""
    lines = []
    for kind in CellKind:
        of_kind = [c for c in cells if c["kind"] == kind.value]
        if not of_kind:
            continue
        model = [c["name"] for c in of_kind if c["model_cell"]]
        lines.append(
            KindLine(
                str(kind.label).capitalize(), len(of_kind), len(model), tuple(model)
            )
        )
    return lines


def failing_cells(cells: list[dict[str, Any]]) -> list[FailingCell]:
    return [
        FailingCell(
            name=cell["name"],
            criteria=tuple(
                (c["number"], c["title"])
                for c in sorted(cell["criteria"], key=lambda c: c["number"])
                if c["applicable"] and c["state"] != "passed"
            ),
        )
        for cell in cells
        if not cell["model_cell"]
    ]


def summary_context(
    ward: Ward,
    evaluation: dict[str, Any],
    *,
    closed: bool,
    number: str,
    day: datetime.date,
) -> dict[str, Any]:
    """The template's context; call it inside ``translation.override`` (the frame translates)."""
    cells = sorted(evaluation["cells"], key=lambda c: c["code"])
    model = sum(1 for c in cells if c["model_cell"])
    recipients = [body for body in [city_body_name(ward)] if body] + [
        _("The cells of the ward"),
        _("Party committee archives"),
    ]
    return {
        "ward": ward,
        "ward_issuer": ward_issuer_name(ward),
        "year": evaluation["year"],
        "as_of": datetime.date.fromisoformat(evaluation["as_of"]),
        "closed": closed,
        "header": ward_header(ward, number, day),
        "signature": ward_signature(ward, day),
        "recipients": recipients,
        "criteria_numbers": CRITERIA,
        "rows": grid_rows(cells),
        "legend": LEGEND,
        "kinds": kind_lines(cells),
        "cell_count": len(cells),
        "model_count": model,
        "failing": failing_cells(cells),
    }


def render_ward_summary(
    ward: Ward,
    year: int,
    *,
    as_of: datetime.date | None = None,
    by: AbstractBaseUser | None = None,
    language: str | None = None,
    output: str = "pdf",
) -> bytes | str:
    """The ward committee's summary of ``year``: PDF bytes (taking the document's number at the first
    print), or the HTML preview (``output="html"``, no number taken)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        evaluation, closed = ward_evaluation(ward, year, as_of=as_of)
        if output == "pdf":
            taken = document_number_take(
                kind=DocumentKind.WARD_SUMMARY,
                subject=f"{ward.code}/{year}",
                ward=ward,
                cell=None,
                year=year,
                on=timezone.localdate(),
                by=by,
            )
            number, day = number_text(taken), taken.issued_on
        else:
            number = blank_number_text(DocumentKind.WARD_SUMMARY, cell=None)
            day = timezone.localdate()
        context = summary_context(
            ward, evaluation, closed=closed, number=number, day=day
        )
    html = render_html(TEMPLATE, context, language=language)
    return html_to_pdf(html) if output == "pdf" else html
