"""Closing a ward's year (khóa sổ năm): its evaluation is stored as it was, and its records are frozen.

DESIGN.md "Time": a ward official may close a year; its evaluation is stored with the rubric and catalogue
versions used, printed documents of a closed year come from the stored copy, and reopening is recorded in
history. While a year is closed, ``year_is_closed`` (registered with ``wards.locks`` by
``ScoringConfig.ready``) makes the ``clean()`` of its meetings, attendance, score sheets and yearly
records refuse any change.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.access import Action, can_ward
from scoring.facts import counted_meetings
from scoring.models import ClosedYear, ScoreSheet
from scoring.services import ScoringError, catalogue_for, evaluate, evaluation_json
from wards.models import Ward


def year_is_closed(ward_id: int, year: int) -> bool:
    """The check registered with ``wards.locks``: has the ward closed the year (and not reopened it)?"""
    return ClosedYear.objects.filter(ward_id=ward_id, year=year, closed=True).exists()


def _check_manager(ward: Ward, by: AbstractBaseUser) -> None:
    """Closing and reopening are for the ward's officials (``Action.MANAGE``) and superusers."""
    if not can_ward(by, Action.MANAGE, ward):
        raise PermissionDenied(
            _("Only the ward's officials may close or reopen its years.")
        )


def year_close(
    *,
    ward: Ward,
    year: int,
    by: AbstractBaseUser,
    as_of: datetime.date | None = None,
) -> ClosedYear:
    """Close ``year`` for ``ward``: evaluate every cell of the ward as of the year's last day (or a later
    ``as_of``) and store the evaluation JSON, the codes of the rubrics that scored the year's counted
    meetings and the catalogue version. A year that has not ended yet (today, Asia/Ho_Chi_Minh) cannot be
    closed. Closing again after a reopening replaces the stored copy; closing a closed year is refused.
    """
    _check_manager(ward, by)
    year_end = datetime.date(year, 12, 31)
    today = timezone.localdate()
    if today <= year_end:
        raise ScoringError(
            _("Year %(year)s has not ended yet: it can be closed from %(day)s on.")
            % {"year": year, "day": f"01/01/{year + 1}"}
        )
    as_of = as_of or year_end
    if as_of < year_end:
        raise ScoringError(
            _("A year is closed as of its last day (%(day)s) or later.")
            % {"day": year_end.strftime("%d/%m/%Y")}
        )
    with transaction.atomic():
        closed_year = (
            ClosedYear.objects.select_for_update().filter(ward=ward, year=year).first()
        )
        if closed_year is not None and closed_year.closed:
            raise ScoringError(
                _("Year %(year)s of %(ward)s is already closed.")
                % {"year": year, "ward": ward.name}
            )
        cells = ward.cells.order_by("code")
        catalogue = catalogue_for(year)
        evaluation = evaluation_json(evaluate(year, cells, as_of), year, as_of)
        rubric_codes = sorted(
            set(
                ScoreSheet.objects.filter(
                    meeting__in=counted_meetings(cells, year, as_of)
                ).values_list("rubric__code", flat=True)
            )
        )
        if closed_year is None:
            closed_year = ClosedYear(ward=ward, year=year)
        closed_year.closed = True
        closed_year.closed_at = timezone.now()
        closed_year.closed_by = by
        closed_year.evaluation = evaluation
        closed_year.rubric_versions = rubric_codes
        closed_year.catalogue_version = catalogue.version
        # A year without scored meetings used no rubric: the field (not blank=True) would refuse [].
        closed_year.full_clean()
        closed_year._history_user = by
        closed_year.save()
    return closed_year


def year_reopen(
    *, ward: Ward, year: int, by: AbstractBaseUser, reason: str
) -> ClosedYear:
    """Reopen a closed year so that its records may be changed again. The stored copy stays until the
    year is closed again; the history keeps who reopened it, when, and ``reason`` (its change reason)."""
    _check_manager(ward, by)
    reason = (reason or "").strip()
    if not reason:
        raise ScoringError(_("Say why the year is reopened."))
    limit = ClosedYear.history.model._meta.get_field("history_change_reason").max_length
    if len(reason) > limit:
        raise ScoringError(
            _("The reason may be at most %(n)s characters long.") % {"n": limit}
        )
    with transaction.atomic():
        closed_year = (
            ClosedYear.objects.select_for_update()
            .filter(ward=ward, year=year, closed=True)
            .first()
        )
        if closed_year is None:
            raise ScoringError(
                _("Year %(year)s of %(ward)s is not closed.")
                % {"year": year, "ward": ward.name}
            )
        closed_year.closed = False
        closed_year.full_clean()
        closed_year._history_user = by
        closed_year._change_reason = reason
        closed_year.save()
    return closed_year


def stored_evaluation(ward: Ward, year: int) -> dict | None:
    """The evaluation stored when the ward closed ``year``, or None while the year is open: reports of a
    closed year print from it."""
    return (
        ClosedYear.objects.filter(ward=ward, year=year, closed=True)
        .values_list("evaluation", flat=True)
        .first()
    )
