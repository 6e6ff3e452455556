"""Reading scoring configuration: which rubric version applies to a date."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from scoring.models import Rubric
from scoring.services import ScoringError


class NoRubricInForce(ScoringError):
    """No rubric version is in force on the date asked for."""


def rubric_in_force(day: datetime.date) -> Rubric:
    """The rubric in force on ``day``: the one with the latest ``valid_from`` not after it (one query).

    ``valid_from`` is unique, so validity periods never overlap: each version runs until the next begins.
    """
    rubric = Rubric.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if rubric is None:
        raise NoRubricInForce(
            _("No meeting score sheet is in force on %(date)s: enter one in the admin.")
            % {"date": f"{day:%d/%m/%Y}"}
        )
    return rubric
