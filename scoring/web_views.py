"""Score entry (chấm điểm buổi sinh hoạt): the cell's own sheet and the upper-level sheet of one meeting.

The cell's own sheet (``self``) is for the cell's secretary and the ward's officials (``Action.WRITE``); the
upper-level sheet (``upper``) for ward officials only (``Action.SCORE_UPPER``). Anonymous users go to the
login page, a meeting out of scope is a 404, a user in scope without the right gets a 403. The page shows
the rubric in force on the meeting's date, the computed items proposed with their source, and saves through
``score_sheet_save``, whose refusals are shown on the item rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cells.access import Action, can, check
from meetings.models import Meeting, MeetingState
from meetings.selectors import meeting_by_key
from scoring.classes import points_text
from scoring.facts import sheet_scores
from scoring.forms import ITEMS, TOTAL, ScoreSheetForm, points_name, reason_name
from scoring.models import ClassBand, Rubric, RubricItem, Scorer, ScoreSheet
from scoring.selectors import NoRubricInForce, rubric_in_force
from scoring.sheets import (
    DIFFERENCE_FLAG,
    Proposal,
    ScoreSheetConflict,
    ScoreSheetInvalid,
    score_sheet_save,
)
from scoring.sheets.proposals import proposals_from
from scoring.sheets.save import user_label

SCORER_ACTIONS = {Scorer.SELF: Action.WRITE, Scorer.UPPER: Action.SCORE_UPPER}


def class_label(klass: int | None) -> str:
    """Xếp loại: loại 1 (Tốt), 2 (Khá), 3 (Trung bình), 4 (Kém)."""
    labels = {
        1: _("Class 1 (Good)"),
        2: _("Class 2 (Fair)"),
        3: _("Class 3 (Average)"),
        4: _("Class 4 (Poor)"),
    }
    return labels.get(klass, "") if klass else ""


# --- What the page shows -------------------------------------------------------------------------


@dataclass
class ItemRow:
    """One item of the sheet as the page shows it, with what was entered and its errors."""

    item: RubricItem
    proposal: Proposal | None
    points: str = ""
    reason: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def points_name(self) -> str:
        return points_name(self.item)

    @property
    def reason_name(self) -> str:
        return reason_name(self.item)

    @property
    def step_value(self) -> str:
        return points_value(self.item.step)

    @property
    def step_text(self) -> str:
        return points_text(self.item.step)

    @property
    def max_value(self) -> str:
        return points_value(self.item.max_points)

    @property
    def proposal_value(self) -> str:
        return points_value(self.proposal.points) if self.proposal else ""

    @property
    def lowered(self) -> bool:
        """Below the proposal: the reason is asked for."""
        if self.proposal is None or not self.points.strip():
            return bool(self.reason)
        try:
            value = Decimal(self.points.strip().replace(",", "."))
        except ArithmeticError:
            return bool(self.reason)
        return value < self.proposal.points or bool(self.reason)


@dataclass
class SectionRows:
    number: str
    title: str
    max_points: Decimal
    rows: list[ItemRow]


@dataclass(frozen=True)
class SheetSummary:
    """A stored sheet: its total and class, and who saved it."""

    scorer: str
    total: Decimal
    meeting_class: int
    total_only: bool
    saved_by: str
    updated_at: datetime.datetime

    @property
    def class_label(self) -> str:
        return class_label(self.meeting_class)


@dataclass(frozen=True)
class MeetingSheets:
    """Both sheets of a meeting, side by side, with the difference flagged above ``DIFFERENCE_FLAG``."""

    self_sheet: SheetSummary | None
    upper_sheet: SheetSummary | None

    @property
    def difference(self) -> Decimal | None:
        if self.self_sheet is None or self.upper_sheet is None:
            return None
        return self.self_sheet.total - self.upper_sheet.total

    @property
    def flagged(self) -> bool:
        return self.difference is not None and abs(self.difference) > DIFFERENCE_FLAG

    @property
    def flag_limit(self) -> str:
        return points_text(DIFFERENCE_FLAG)


def class_bands(rubric_ids: set[int]) -> dict[int, list[tuple[int, Decimal]]]:
    bands: dict[int, list[tuple[int, Decimal]]] = {}
    for rubric_id, klass, lowest in ClassBand.objects.filter(
        rubric_id__in=rubric_ids
    ).values_list("rubric_id", "meeting_class", "min_points"):
        bands.setdefault(rubric_id, []).append((klass, lowest))
    return bands


def meeting_sheets(meeting: Meeting) -> MeetingSheets:
    """The meeting's stored sheets with their totals and classes, classified exactly as the evaluation
    classifies them (``scoring.facts.sheet_scores``)."""
    sheets = ScoreSheet.objects.filter(meeting=meeting)
    scored = sheet_scores(sheets)
    if not scored:
        return MeetingSheets(None, None)
    found: dict[str, SheetSummary] = {}
    for sheet in sheets.filter(pk__in=scored).select_related("scored_by"):
        _meeting_id, scorer, total, klass = scored[sheet.pk]
        found[scorer] = SheetSummary(
            scorer=scorer,
            total=total,
            meeting_class=klass,
            total_only=sheet.total_only,
            saved_by=user_label(sheet.scored_by, sheet.scorer_name),
            updated_at=sheet.updated_at,
        )
    return MeetingSheets(found.get(Scorer.SELF), found.get(Scorer.UPPER))


def sections_of(
    rubric_items: list[RubricItem], proposals: dict[str, Proposal | None]
) -> list[SectionRows]:
    sections: dict[int, SectionRows] = {}
    for item in rubric_items:
        section = sections.get(item.section_id)
        if section is None:
            section = sections[item.section_id] = SectionRows(
                item.section.number, item.section.title, Decimal(0), []
            )
        section.max_points += item.max_points
        section.rows.append(ItemRow(item=item, proposal=proposals.get(item.code)))
    return list(sections.values())


def live_settings(rubric: Rubric, rubric_items: list[RubricItem]) -> dict:
    """What score-sheet.js needs to show the total and class as the scorer types (json_script)."""
    bands = class_bands({rubric.pk}).get(rubric.pk, [])
    return {
        "total_points": float(rubric.total_points),
        "bands": sorted(
            ([klass, float(lowest)] for klass, lowest in bands),
            key=lambda band: -band[1],
        ),
        "labels": {str(k): class_label(k) for k in (1, 2, 3, 4)},
        "full_marks": [
            str(item.pk) for item in rubric_items if item.full_marks_for_class1
        ],
        "missing": _("Items not scored yet: %(n)s"),
        "full_marks_missing": _("Class 1 needs full marks on the items marked so."),
    }


# --- The view ------------------------------------------------------------------------------------


def scorer_meeting(request: HttpRequest, key: str, scorer: str) -> Meeting:
    """The meeting named by ``key`` when ``request.user`` may enter ``scorer``'s sheet (404 / 403)."""
    if scorer not in SCORER_ACTIONS:
        raise Http404
    meeting = meeting_by_key(key=key)
    check(request.user, SCORER_ACTIONS[scorer], meeting.cell)
    return meeting


@require_http_methods(["GET", "HEAD", "POST"])
def score_sheet(request: HttpRequest, key: str, scorer: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    meeting = scorer_meeting(request, key, scorer)
    if (
        scorer == Scorer.SELF
        and meeting.state == MeetingState.LOCKED
        and not can(request.user, Action.LOCK, meeting.cell)
    ):
        messages.warning(
            request,
            _(
                "This meeting is locked: a ward official must unlock it before the "
                "cell's sheet can be changed."
            ),
        )
        return redirect("meetings:meeting_detail", meeting.key)
    try:
        rubric = rubric_in_force(meeting.held_on)
    except NoRubricInForce as error:
        messages.error(request, str(error))
        return redirect("meetings:meeting_detail", meeting.key)

    rubric_items = list(
        rubric.items.select_related("section")
        .prefetch_related("bands")
        .order_by("section__order", "order")
    )
    sections = sections_of(rubric_items, proposals_from(meeting, rubric_items))
    rows = [row for section in sections for row in section.rows]
    sheet = (
        ScoreSheet.objects.select_related("scored_by")
        .filter(meeting=meeting, scorer=scorer)
        .first()
    )
    conflict = ""
    sheet_errors: list[str] = []

    if request.method == "POST":
        form = ScoreSheetForm(request.POST, items=rubric_items)
        if form.is_valid():
            items, total = form.entries()
            try:
                score_sheet_save(
                    meeting=meeting,
                    scorer=scorer,
                    by=request.user,
                    items=items,
                    total=total,
                    scorer_name=form.cleaned_data["scorer_name"],
                    expected_version=form.cleaned_data["expected_version"],
                )
            except ScoreSheetConflict as error:
                conflict = str(error)
                # Saving again, after a look at the message, replaces the other save on purpose.
                form.data = form.data.copy()
                form.data["expected_version"] = str(sheet.version if sheet else 0)
            except ScoreSheetInvalid as error:
                by_code = {row.item.code: row for row in rows}
                for key_, problems in error.errors.items():
                    if key_ in by_code:
                        by_code[key_].errors.extend(problems)
                    elif key_ == "total":
                        form.add_error("total", problems)
                    else:
                        sheet_errors.extend(problems)
            else:
                messages.success(
                    request,
                    _("The score sheet has been saved.")
                    if scorer == Scorer.SELF
                    else _("The upper-level score has been saved."),
                )
                return redirect("meetings:meeting_detail", meeting.key)
        else:
            sheet_errors.extend(
                message for problems in form.errors.values() for message in problems
            )
        for row in rows:
            row.points = form.data.get(row.points_name, "")
            row.reason = form.data.get(row.reason_name, "")
        total_only = form.data.get("mode") == TOTAL
    else:
        stored = (
            {score.item_id: score for score in sheet.item_scores.all()} if sheet else {}
        )
        for row in rows:
            score = stored.get(row.item.pk)
            if score is not None:
                row.points, row.reason = points_value(score.points), score.reason
            elif row.proposal is not None and not sheet:
                row.points = points_value(row.proposal.points)
        total_only = bool(sheet and sheet.total_only)
        form = ScoreSheetForm(
            items=rubric_items,
            initial={
                "mode": TOTAL if total_only else ITEMS,
                "total": points_value(sheet.total)
                if sheet and sheet.total_only
                else "",
                "scorer_name": sheet.scorer_name
                if sheet
                else default_scorer_name(request, scorer),
                "expected_version": sheet.version if sheet else 0,
            },
        )
    return render(
        request,
        "scoring/score_sheet_form.html",
        {
            "cell": meeting.cell,
            "meeting": meeting,
            "scorer": scorer,
            "is_upper": scorer == Scorer.UPPER,
            "rubric": rubric,
            "total_max": points_value(rubric.total_points),
            "sections": sections,
            "form": form,
            "total_only": total_only,
            "sheet": sheet,
            "saved_by": user_label(sheet.scored_by, sheet.scorer_name) if sheet else "",
            "sheet_errors": sheet_errors,
            "row_errors": sum(1 for row in rows if row.errors),
            "conflict": conflict,
            "live": live_settings(rubric, rubric_items),
        },
    )


def points_value(points: Decimal | None) -> str:
    """Points as an ``<input type=number>`` takes them: a dot, no trailing zeros."""
    if points is None:
        return ""
    value = points.normalize()
    return f"{value.quantize(Decimal(1)) if value == value.to_integral() else value:f}"


def default_scorer_name(request: HttpRequest, scorer: str) -> str:
    if scorer == Scorer.UPPER:
        return request.user.get_full_name()
    return ""
