"""Checks that a rubric (bảng chấm điểm) is whole before it is used: its items add up to its total, each
computed item's bands are ordered and within the item's points, and its class bands give classes 1 to 4.

The checks are pure functions over plain values, so that the admin's inline formsets (which see the rows
being entered, not yet saved) and ``rubric_validate`` (which reads the saved rows) share them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from scoring.classes import points_text
from scoring.models import Rubric
from scoring.services import ScoringError

CLASSES = (1, 2, 3, 4)
# Keys of ``RubricInvalid.errors`` besides item codes.
ITEMS, CLASS_BANDS = "items", "bands"


class RubricInvalid(ScoringError):
    """A rubric that cannot be used, with the problems by key (``items``, ``bands`` or an item code)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(" ".join(m for messages in errors.values() for m in messages))


def band_rank(min_value: Decimal, inclusive: bool) -> tuple[Decimal, int]:
    """Sorts bands from the lowest to the highest: at the same value, “> value” lies above “≥ value”."""
    return (min_value, 0 if inclusive else 1)


def item_total_problems(total: Decimal, maxima: Iterable[Decimal]) -> list[str]:
    """The items' maxima must add up to the rubric's total (100 on the usual sheets)."""
    added = sum(maxima, Decimal(0))
    if added == total:
        return []
    return [
        _("The items add up to %(sum)s points, not the rubric's total of %(total)s.")
        % {"sum": points_text(added), "total": points_text(total)}
    ]


def item_band_problems(
    *,
    computed_from: str,
    max_points: Decimal,
    step: Decimal,
    bands: Sequence[tuple[Decimal, bool, Decimal]],
) -> list[str]:
    """A computed item's bands ``(from value, inclusive, points)``: at least one, each start once, points
    between 0 and the item's maximum on its step, and a higher band never gives fewer points."""
    if not computed_from:
        return [_("Only computed items have bands.")] if bands else []
    if not bands:
        return [_("A computed item needs its bands.")]
    problems = []
    for _value, _inclusive, points in bands:
        if not Decimal(0) <= points <= max_points:
            problems.append(
                _("A band's points lie between 0 and the item's maximum, %(max)s.")
                % {"max": points_text(max_points)}
            )
            break
        if points % step != 0:
            problems.append(
                _("Points go in steps of %(step)s.") % {"step": points_text(step)}
            )
            break
    ranks = [band_rank(value, inclusive) for value, inclusive, _points in bands]
    if len(set(ranks)) != len(ranks):
        problems.append(_("Two bands start at the same value."))
    ordered = sorted(bands, key=lambda band: band_rank(band[0], band[1]))
    if any(low[2] > high[2] for low, high in zip(ordered, ordered[1:], strict=False)):
        problems.append(_("A higher band cannot give fewer points than a lower one."))
    return problems


def class_band_problems(
    total: Decimal, bands: Iterable[tuple[int, Decimal]]
) -> list[str]:
    """Class bands ``(class, lowest total)``: classes 1, 2, 3 and 4 once each, each starting below the
    class above it, none above the rubric's total."""
    bands = list(bands)
    if sorted(klass for klass, _lowest in bands) != list(CLASSES):
        return [_("The class bands must give classes 1, 2, 3 and 4, each once.")]
    problems = []
    lowest = dict(bands)
    if any(lowest[k] <= lowest[k + 1] for k in CLASSES[:-1]):
        problems.append(
            _("Each class must start above the next: class 1 highest, class 4 lowest.")
        )
    if any(value > total for value in lowest.values()):
        problems.append(
            _("A class band starts above the rubric's total of %(total)s.")
            % {"total": points_text(total)}
        )
    return problems


def rubric_problems(rubric: Rubric) -> dict[str, list[str]]:
    """Every problem of the saved rubric, by key (three queries)."""
    items = list(rubric.items.prefetch_related("bands").order_by("order"))
    errors: dict[str, list[str]] = {}
    if not items:
        errors[ITEMS] = [_("The rubric has no items.")]
    elif problems := item_total_problems(
        rubric.total_points, [i.max_points for i in items]
    ):
        errors[ITEMS] = problems
    for item in items:
        problems = item_band_problems(
            computed_from=item.computed_from,
            max_points=item.max_points,
            step=item.step,
            bands=[(b.min_value, b.inclusive, b.points) for b in item.bands.all()],
        )
        if problems:
            errors[item.code] = problems
    bands = rubric.bands.values_list("meeting_class", "min_points")
    if problems := class_band_problems(rubric.total_points, bands):
        errors[CLASS_BANDS] = problems
    return errors


def rubric_validate(rubric: Rubric) -> None:
    """Raise ``RubricInvalid`` (a ``ScoringError``) with every problem of ``rubric``, if it has any."""
    if errors := rubric_problems(rubric):
        raise RubricInvalid(errors)
