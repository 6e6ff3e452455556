"""Saving a meeting's score sheet (bảng chấm điểm): ``score_sheet_save``.

Decisions where DOMAIN.md is silent:

- **Which meetings**: a planned meeting (not held yet), a meeting dated in the future and a study session
  are not scored. A draft may be scored by the cell (the sheet is filled in with the minutes); the
  upper-level member scores once the cell has submitted. Whether a cell may still change its sheet on a
  locked meeting is a question of access (``cells/access.py``), not of this service.
- **Computed items**: the proposal is the most the meeting's data support. A scorer may give less with a
  reason; more than the proposal is refused. Without data (no marks, no end time, …) there is no proposal
  and the item is scored freely within its maximum.
- **Itemised or total**: a sheet gives every item of the rubric in force on the meeting's date, or only
  its total (a legacy paper sheet), never both. An itemised sheet stores the sum of its items as its total.
- **Versions**: ``expected_version`` is the version the scorer saw (0: no sheet yet; None: no check).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from meetings.models import Meeting, MeetingKind, MeetingState
from scoring.classes import points_text
from scoring.models import ItemScore, Rubric, RubricItem, Scorer, ScoreSheet
from scoring.rubrics import class_band_problems, item_total_problems
from scoring.selectors import rubric_in_force
from scoring.services import ScoringError
from scoring.sheets.proposals import Proposal, proposals_from

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

TOTAL = "total"
REASON_LENGTH = ItemScore._meta.get_field("reason").max_length

Points = Decimal | int | str
Entry = tuple[Points, str]


class ScoreSheetInvalid(ScoringError):
    """The sheet was refused; ``errors`` holds the messages by key: an item code, ``total``, ``scorer``
    or ``__all__`` for the sheet as a whole."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(" ".join(m for messages in errors.values() for m in messages))

    @property
    def message_dict(self) -> dict[str, list[str]]:
        return self.errors

    def validation_error(self) -> ValidationError:
        """The errors as a form takes them (``form.add_error(None, error.validation_error())``)."""
        return ValidationError(self.errors)


class ScoreSheetConflict(ScoringError):
    """Somebody saved the sheet after the scorer opened it."""


@dataclass(frozen=True)
class ItemRule:
    """An item of the rubric as a sheet is checked against it."""

    code: str
    max_points: Decimal
    step: Decimal


def parse_points(value: object) -> Decimal | None:
    """A number of points, or None when ``value`` is not a finite number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return points if points.is_finite() else None


def check_meeting(
    *, kind: str, state: str, held_on: datetime.date, scorer: str, today: datetime.date
) -> dict[str, list[str]]:
    """Whether this meeting may be scored by this scorer (see the module's decisions)."""
    errors: dict[str, list[str]] = {}
    if scorer not in Scorer.values:
        errors["scorer"] = [_("Unknown scorer.")]
    problems = []
    if kind == MeetingKind.STUDY:
        problems.append(_("Resolution study sessions are not scored."))
    if state == MeetingState.PLANNED:
        problems.append(_("A planned meeting is scored once it has been held."))
    elif held_on > today:
        problems.append(_("A meeting dated in the future cannot be scored."))
    elif state == MeetingState.DRAFT and scorer == Scorer.UPPER:
        problems.append(
            _(
                "The upper-level committee member scores the meeting once the cell has "
                "submitted it."
            )
        )
    if problems:
        errors[NON_FIELD_ERRORS] = problems
    return errors


def check_items(
    rules: Sequence[ItemRule],
    entries: Mapping[str, Entry | Points],
    proposals: Mapping[str, Proposal | None],
) -> tuple[dict[str, list[str]], dict[str, tuple[Decimal, str]]]:
    """Check an itemised sheet: every item of the rubric once, 0 … its maximum on its step; a computed item
    at most its proposal, and below it only with a reason. Returns the errors by item code and the cleaned
    ``(points, reason)`` by item code."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, tuple[Decimal, str]] = {}
    known = {rule.code for rule in rules}
    for code in entries:
        if code not in known:
            errors[code] = [
                _("This rubric has no item %(code)s.") % {"code": code},
            ]
    for rule in rules:
        if rule.code not in entries:
            errors[rule.code] = [_("Enter the points of this item.")]
            continue
        entry = entries[rule.code]
        value, reason = entry if isinstance(entry, tuple | list) else (entry, "")
        reason = (reason or "").strip()
        points = parse_points(value)
        problems = []
        if points is None:
            problems.append(_("Enter a number of points."))
        elif not Decimal(0) <= points <= rule.max_points:
            problems.append(
                _("Between 0 and %(max)s points for this item.")
                % {"max": points_text(rule.max_points)}
            )
        elif points % rule.step != 0:
            problems.append(
                _("Points go in steps of %(step)s.") % {"step": points_text(rule.step)}
            )
        elif (proposal := proposals.get(rule.code)) is not None:
            if points > proposal.points:
                problems.append(
                    _(
                        "At most the proposed %(points)s points (%(source)s): the "
                        "meeting's data do not support more."
                    )
                    % {
                        "points": points_text(proposal.points),
                        "source": proposal.source,
                    }
                )
            elif points < proposal.points and not reason:
                problems.append(
                    _(
                        "Below the proposed %(points)s points (%(source)s): give the "
                        "reason."
                    )
                    % {
                        "points": points_text(proposal.points),
                        "source": proposal.source,
                    }
                )
        if len(reason) > REASON_LENGTH:
            problems.append(
                _("The reason is at most %(n)s characters.") % {"n": REASON_LENGTH}
            )
        if problems:
            errors[rule.code] = problems
        else:
            cleaned[rule.code] = (points, reason)
    return errors, cleaned


def check_total(total: Points, rubric_total: Decimal) -> tuple[list[str], Decimal]:
    """A total-only sheet: 0 … the rubric's total, in hundredths at most."""
    points = parse_points(total)
    if points is None:
        return [_("Enter a number of points.")], Decimal(0)
    if not Decimal(0) <= points <= rubric_total:
        return [
            _("The total lies between 0 and %(max)s points.")
            % {"max": points_text(rubric_total)}
        ], points
    if points != points.quantize(Decimal("0.01")):
        return [_("At most two decimal places.")], points
    return [], points


def user_label(user: AbstractBaseUser | None, fallback: str = "") -> str:
    if user is None:
        return fallback or _("an unknown user")
    return user.get_full_name() or user.get_username()


def check_version(sheet: ScoreSheet | None, expected_version: int | None) -> None:
    """Refuse a save based on another version than the one stored (None: no check)."""
    if expected_version is None:
        return
    current = sheet.version if sheet else 0
    if current == expected_version:
        return
    if sheet is None:
        raise ScoreSheetConflict(
            _("This sheet was deleted since you opened it: reload the page.")
        )
    raise ScoreSheetConflict(
        _(
            "This sheet was saved by %(user)s at %(time)s since you opened it: reload "
            "it and enter your changes again."
        )
        % {
            "user": user_label(sheet.scored_by, sheet.scorer_name),
            "time": f"{timezone.localtime(sheet.updated_at):%H:%M %d/%m/%Y}",
        }
    )


def rubric_errors(
    rubric: Rubric, rubric_items: Sequence[RubricItem]
) -> dict[str, list[str]]:
    """The rubric in force must be whole (its items add up, its classes 1 to 4) before a sheet uses it."""
    problems = item_total_problems(
        rubric.total_points, [item.max_points for item in rubric_items]
    ) + class_band_problems(
        rubric.total_points, rubric.bands.values_list("meeting_class", "min_points")
    )
    if not problems:
        return {}
    return {
        NON_FIELD_ERRORS: [
            _("The score sheet in force, %(rubric)s, is incomplete: %(p)s")
            % {"rubric": rubric.code, "p": " ".join(problems)}
        ]
    }


def check_entries(
    meeting: Meeting,
    rubric: Rubric,
    rubric_items: Sequence[RubricItem],
    items: Mapping[str, Entry | Points] | None,
    total: Points | None,
) -> tuple[dict[str, list[str]], dict[str, tuple[Decimal, str]], Decimal]:
    """The errors, the cleaned items and the sheet's total: the sum of the items, or the total given."""
    if items is not None and total is not None:
        return (
            {NON_FIELD_ERRORS: [_("Enter the items or the total, not both.")]},
            {},
            Decimal(0),
        )
    if items is None and total is None:
        message = _("Enter the points of the items, or the total of a paper sheet.")
        return {NON_FIELD_ERRORS: [message]}, {}, Decimal(0)
    if items is None:
        total_errors, points = check_total(total, rubric.total_points)
        return ({TOTAL: total_errors} if total_errors else {}), {}, points
    rules = [ItemRule(i.code, i.max_points, i.step) for i in rubric_items]
    errors, cleaned = check_items(rules, items, proposals_from(meeting, rubric_items))
    return errors, cleaned, sum((p for p, _reason in cleaned.values()), Decimal(0))


def _merge(errors: dict[str, list[str]], more: Mapping[str, list[str]]) -> None:
    for key, messages in more.items():
        errors.setdefault(key, []).extend(messages)


def _write_items(
    sheet: ScoreSheet,
    items: Sequence[RubricItem],
    cleaned: Mapping[str, tuple[Decimal, str]],
    existing: Sequence[ItemScore],
    by: AbstractBaseUser | None,
) -> None:
    """Create, change and delete the sheet's item scores, with a history row for each change."""
    by_item = {score.item_id: score for score in existing}
    new, changed = [], []
    for item in items:
        if item.code not in cleaned:
            continue
        points, reason = cleaned[item.code]
        score = by_item.pop(item.pk, None)
        if score is None:
            new.append(ItemScore(sheet=sheet, item=item, points=points, reason=reason))
        elif score.points != points or score.reason != reason:
            score.points, score.reason = points, reason
            changed.append(score)
    for (
        stale
    ) in by_item.values():  # items of another rubric, or a sheet become total-only
        stale._history_user = by
        stale.delete()
    if new:
        bulk_create_with_history(new, ItemScore, default_user=by)
    if changed:
        bulk_update_with_history(
            changed, ItemScore, ["points", "reason"], default_user=by
        )


def score_sheet_save(
    *,
    meeting: Meeting,
    scorer: str,
    by: AbstractBaseUser | None,
    items: Mapping[str, Entry | Points] | None = None,
    total: Points | None = None,
    scorer_name: str = "",
    expected_version: int | None = None,
) -> ScoreSheet:
    """Save the ``scorer``'s sheet of ``meeting``: its items (code → (points, reason)) or, for a legacy
    paper sheet, its total only.

    Everything is checked before anything is written; the problems come together in one
    ``ScoreSheetInvalid`` (a ``ScoringError``), by item code. The sheet records the rubric in force on the
    meeting's date, the sum of its items as its total, who entered it, and a version raised on each save;
    a save based on another version raises ``ScoreSheetConflict``. The number of queries does not depend
    on the number of members.
    """
    with transaction.atomic():
        # Saves of one meeting's sheets run one after the other.
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("cell")
            .get(pk=meeting.pk)
        )
        sheet = (
            ScoreSheet.objects.select_related("scored_by")
            .filter(meeting=meeting, scorer=scorer)
            .first()
        )
        check_version(sheet, expected_version)
        rubric = rubric_in_force(meeting.held_on)

        errors = check_meeting(
            kind=meeting.kind,
            state=meeting.state,
            held_on=meeting.held_on,
            scorer=scorer,
            today=timezone.localdate(),
        )
        rubric_items = list(rubric.items.prefetch_related("bands").order_by("order"))
        _merge(errors, rubric_errors(rubric, rubric_items))
        entry_errors, cleaned, sheet_total = check_entries(
            meeting, rubric, rubric_items, items, total
        )
        _merge(errors, entry_errors)

        new = sheet is None
        sheet = sheet or ScoreSheet(meeting=meeting, scorer=scorer)
        sheet.meeting = meeting
        sheet.rubric = rubric
        sheet.total_only = items is None
        sheet.total = sheet_total
        sheet.scored_by = by
        sheet.scorer_name = scorer_name
        sheet.version = 1 if new else sheet.version + 1
        sheet.updated_at = timezone.now()
        if not errors:
            try:
                sheet.full_clean()
            except ValidationError as error:
                _merge(errors, error.message_dict)
        if errors:
            raise ScoreSheetInvalid(errors)

        sheet._history_user = by
        sheet.save()
        existing = [] if new else list(sheet.item_scores.all())
        _write_items(sheet, rubric_items, cleaned, existing, by)
    return sheet
