"""The annual evaluation of a cell (Báo cáo kết quả xây dựng chi bộ kiểu mẫu năm Y).

The criteria come from the evaluation JSON (DESIGN.md "Interfaces"): the copy stored when the ward closed
the year (``stored_evaluation``: a signed document never changes), else a fresh ``evaluate``. The roll and
the meetings of the year come from the same facts the evaluation reads, built for any number of cells with
a constant number of queries, so that printing a whole ward costs a few queries per cell, not per member.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from cells.models import Cell, Member
from meetings.models import Mark, MeetingKind
from reports.dashboards.verdicts import Verdict, verdict_of
from reports.documents.charts import ScorePoint, meeting_scores_svg
from reports.documents.frame import (
    Header,
    Signature,
    cell_header,
    cell_signature,
    ward_issuer_name,
)
from reports.documents.numbers import (
    blank_number_text,
    document_number_take,
    number_text,
)
from reports.documents.render import html_to_pdf, render_html
from reports.models import DocumentKind
from scoring.classes import MODEL_BAR, meets_model_bar, points_text
from scoring.closing import stored_evaluation
from scoring.domain import CellYearFacts
from scoring.services import CellEvaluation, evaluate, evaluation_json
from wards.models import Ward

TEMPLATE = "reports/documents/cell_evaluation.html"
EVIDENCE_LENGTH = 160  # characters of evidence in the table's one line
# DOMAIN.md "Meeting scores": loại 1 Tốt, 2 Khá, 3 Trung bình, 4 Kém.
CLASS_NAMES = {
    1: pgettext_lazy("meeting class", "Good"),
    2: pgettext_lazy("meeting class", "Fair"),
    3: pgettext_lazy("meeting class", "Average"),
    4: pgettext_lazy("meeting class", "Poor"),
}


# Verdicts in a few words, for the narrow column of the printed table (the dashboards' labels are longer).
SHORT_VERDICTS = {
    "passed": pgettext_lazy("verdict, short", "Achieved"),
    "failed": pgettext_lazy("verdict, short", "Not achieved"),
    "undecided": pgettext_lazy("verdict, short", "Undecided"),
    "pending": pgettext_lazy("verdict, short", "Not due yet"),
    "not_applicable": pgettext_lazy("verdict, short", "Not applicable"),
}


@dataclass(frozen=True)
class RollSummary:
    """Members on the roll on the document's reference day (đảng viên trong danh sách sinh hoạt)."""

    day: datetime.date
    total: int
    official: int
    exempt: int

    @property
    def probationary(self) -> int:
        return self.total - self.official


@dataclass(frozen=True)
class CriterionLine:
    number: int
    title: str
    requirement: str
    result: str
    verdict: Verdict
    verdict_text: str
    passed: bool | None
    evidence: str


@dataclass(frozen=True)
class MeetingLine:
    held_on: str
    kind: str
    present: int
    on_roll: int
    self_score: str
    upper_score: str
    meeting_class: str


@dataclass(frozen=True)
class EvaluationSource:
    """What one cell's document is made of, read before any translation or rendering."""

    cell: Cell
    year: int
    as_of: datetime.date
    closed: bool
    criteria: list[dict[str, Any]]
    model_cell: bool
    facts: CellYearFacts
    officials: dict[int, datetime.date | None]


def reference_day(year: int, as_of: datetime.date) -> datetime.date:
    """The roll is counted at the year's end, or at the as-of date while the year runs."""
    return min(as_of, datetime.date(year, 12, 31))


def default_as_of(year: int) -> datetime.date:
    return min(timezone.localdate(), datetime.date(year, 12, 31))


def evaluation_sources(
    cells: list[Cell], year: int, *, as_of: datetime.date | None = None
) -> list[EvaluationSource]:
    """The sources of the documents of ``cells`` (all of one ward), in their order: one ``evaluate`` for
    all of them, the stored copy of a closed year for the criteria, one query for official dates."""
    if not cells:
        return []
    ward = cells[0].ward
    stored = stored_evaluation(ward, year)
    if stored is not None:
        as_of = datetime.date.fromisoformat(stored["as_of"])
    as_of = as_of or default_as_of(year)
    evaluations: list[CellEvaluation] = evaluate(year, cells, as_of)
    fresh = {
        entry["code"]: entry
        for entry in evaluation_json(evaluations, year, as_of)["cells"]
    }
    kept = {entry["code"]: entry for entry in (stored or {}).get("cells", [])}
    member_ids = {m.id for e in evaluations for m in e.facts.members}
    officials = dict(
        Member.objects.filter(pk__in=member_ids).values_list("pk", "official_on")
    )
    sources = []
    for cell, evaluation in zip(cells, evaluations, strict=True):
        entry = kept.get(cell.code) or fresh[cell.code]
        sources.append(
            EvaluationSource(
                cell=cell,
                year=year,
                as_of=as_of,
                closed=stored is not None,
                criteria=sorted(entry["criteria"], key=lambda c: c["number"]),
                model_cell=bool(entry["model_cell"]),
                facts=evaluation.facts,
                officials=officials,
            )
        )
    return sources


def roll_summary(source: EvaluationSource) -> RollSummary:
    day = reference_day(source.year, source.as_of)
    on_roll = [m for m in source.facts.members if m.on_roll(day)]
    official = sum(
        1
        for m in on_roll
        if source.officials.get(m.id) is not None and source.officials[m.id] <= day
    )
    exempt = sum(1 for m in on_roll if m.exempt_on(day))
    return RollSummary(day, len(on_roll), official, exempt)


def percent_text(value: float | None) -> str:
    return "–" if value is None else points_text(Decimal(str(value))) + "%"


def evidence_line(criterion: dict[str, Any]) -> str:
    """The evidence in one line: the rule's detail, else the first facts behind the verdict."""
    text = criterion.get("detail") or "; ".join(
        item["text"] for item in criterion.get("evidence", [])[:4]
    )
    text = " ".join(text.split())
    if len(text) > EVIDENCE_LENGTH:
        text = text[: EVIDENCE_LENGTH - 1].rstrip() + "…"
    return text


def criterion_lines(criteria: list[dict[str, Any]]) -> list[CriterionLine]:
    return [
        CriterionLine(
            number=c["number"],
            title=c["title"],
            requirement=percent_text(c["required"]),
            result=percent_text(c["value"]),
            verdict=verdict_of(c["state"]),
            verdict_text=str(SHORT_VERDICTS[c["state"]]),
            passed=c["passed"],
            evidence=evidence_line(c),
        )
        for c in criteria
    ]


def class_text(klass: int | None) -> str:
    if klass is None:
        return "–"
    name = CLASS_NAMES.get(klass)
    text = _("class %(c)s") % {"c": klass}
    return f"{text} ({name})" if name else text


def meeting_lines(facts: CellYearFacts) -> list[MeetingLine]:
    """The counted meetings of the year, study sessions included (they have no score)."""
    lines = []
    for meeting in sorted(facts.meetings, key=lambda m: (m.held_on, m.id)):
        lines.append(
            MeetingLine(
                held_on=meeting.held_on.strftime("%d/%m/%Y"),
                kind=str(MeetingKind(meeting.kind).label).capitalize(),
                present=meeting.count(Mark.PRESENT),
                on_roll=meeting.marked,
                self_score=score_or_dash(meeting.self_score),
                upper_score=score_or_dash(meeting.upper_score),
                meeting_class=class_text(meeting.meeting_class),
            )
        )
    return lines


def score_or_dash(points: Decimal | None) -> str:
    return "–" if points is None else points_text(points)


def chart_svg(facts: CellYearFacts, bar: Decimal) -> str:
    points = [
        ScorePoint(m.held_on, m.score, meets_model_bar(m.meeting_class, m.score, bar))
        for m in sorted(facts.meetings, key=lambda m: m.held_on)
        if m.is_scored and m.kind != "study"
    ]
    return meeting_scores_svg(
        points,
        bar=bar,
        bar_label=_("dashed line: the model bar, %(points)s points")
        % {"points": points_text(bar)},
        title=_("Meeting scores of the year"),
    )


def failing_numbers(criteria: list[dict[str, Any]]) -> list[int]:
    """The criteria that keep the cell from the title: applicable and not passed."""
    return [c["number"] for c in criteria if c["applicable"] and c["state"] != "passed"]


def conclusion_text(source: EvaluationSource) -> str:
    if source.model_cell:
        return _("The cell achieved the model cell standard of %(year)s.") % {
            "year": source.year
        }
    numbers = ", ".join(str(n) for n in failing_numbers(source.criteria))
    return _(
        "The cell has not yet achieved the model cell standard of %(year)s "
        "(criteria %(numbers)s not achieved)."
    ) % {"year": source.year, "numbers": numbers}


def rating_lines(source: EvaluationSource) -> dict[str, Any]:
    """The cell's own rating of the year and how its members were rated (four levels)."""
    from cells.models import Rating

    day = reference_day(source.year, source.as_of)
    counts = {level: 0 for level in Rating.values}
    for member in source.facts.members:
        if member.rating in counts and member.on_roll(day):
            counts[member.rating] += 1
    return {
        "cell": str(Rating(source.facts.rating).label) if source.facts.rating else "",
        "members": [
            _("%(n)s members %(rating)s")
            % {"n": counts[level], "rating": str(Rating(level).label).lower()}
            for level in Rating.values
            if counts[level]
        ],
        "rated": sum(counts.values()),
    }


def subject_of(cell: Cell, year: int) -> str:
    return f"{cell.code}/{year}"


def evaluation_context(
    source: EvaluationSource, *, number: str, day: datetime.date
) -> dict[str, Any]:
    """The template's context; call it inside ``translation.override`` (the frame translates)."""
    cell = source.cell
    ward: Ward = cell.ward
    bar = MODEL_BAR
    header: Header = cell_header(cell, number, day)
    signature: Signature = cell_signature(cell, day)
    return {
        "cell": cell,
        "year": source.year,
        "as_of": source.as_of,
        "closed": source.closed,
        "header": header,
        "signature": signature,
        "recipients": [ward_issuer_name(ward), _("Cell archives")],
        "roll": roll_summary(source),
        "criteria": criterion_lines(source.criteria),
        "meetings": meeting_lines(source.facts),
        "chart": chart_svg(source.facts, bar),
        "model_cell": source.model_cell,
        "conclusion": conclusion_text(source),
        "ratings": rating_lines(source),
    }


def render_source(
    source: EvaluationSource,
    *,
    by: AbstractBaseUser | None = None,
    language: str | None = None,
    output: str = "pdf",
) -> bytes | str:
    """One cell's document from its source. A PDF takes the document's number (kept for reprints); an
    HTML preview takes none and shows a blank number with today's date."""
    cell = source.cell
    with translation.override(language or settings.LANGUAGE_CODE):
        if output == "pdf":
            taken = document_number_take(
                kind=DocumentKind.EVALUATION,
                subject=subject_of(cell, source.year),
                ward=cell.ward,
                cell=cell,
                year=source.year,
                on=timezone.localdate(),
                by=by,
            )
            number, day = number_text(taken), taken.issued_on
        else:
            number = blank_number_text(DocumentKind.EVALUATION, cell=cell)
            day = timezone.localdate()
        context = evaluation_context(source, number=number, day=day)
    html = render_html(TEMPLATE, context, language=language)
    return html_to_pdf(html) if output == "pdf" else html


def render_cell_evaluation(
    cell: Cell,
    year: int,
    *,
    as_of: datetime.date | None = None,
    by: AbstractBaseUser | None = None,
    language: str | None = None,
    output: str = "pdf",
) -> bytes | str:
    """Báo cáo kết quả xây dựng chi bộ kiểu mẫu năm ``year`` of ``cell``: PDF bytes, or the HTML
    (``output="html"``, a preview that takes no number)."""
    # The rules write their details in the active language: evaluate in the document's.
    with translation.override(language or settings.LANGUAGE_CODE):
        (source,) = evaluation_sources([cell], year, as_of=as_of)
    return render_source(source, by=by, language=language, output=output)
