"""Meeting classes of DOMAIN.md "Meeting scores": pure functions over totals and rubric settings."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal

from scoring.wording import current_language

MODEL_BAR = Decimal("98")


def meeting_class(
    total: Decimal,
    bands: Iterable[tuple[int, Decimal]],
    *,
    full_marks_met: bool,
    total_only: bool = False,
) -> int:
    """Xếp loại buổi sinh hoạt: the class whose band holds ``total`` (bands are ``(class, lowest total)``).

    The top class also needs the rubric's full-marks items at full marks; without them the meeting falls to
    the next class. A total-only (legacy paper) sheet is classed by its points alone.
    """
    ordered = sorted(bands, key=lambda band: band[1], reverse=True)
    if not ordered:
        raise ValueError("a rubric needs class bands")
    classes = [band[0] for band in ordered]
    for position, (klass, lowest) in enumerate(ordered):
        if total >= lowest:
            if klass == min(classes) and not (total_only or full_marks_met):
                return classes[position + 1] if position + 1 < len(classes) else klass
            return klass
    return classes[-1]


def meets_model_bar(
    klass: int | None, total: Decimal | None, bar: Decimal = MODEL_BAR
) -> bool:
    """A meeting meets the model bar when it is class 1 and scores at least 98 points [seed]."""
    return klass == 1 and total is not None and total >= bar


def points_text(points: Decimal | float | int) -> str:
    """Points as a person writes them, in the active language: 10, 97,5 (vi) or 97.5 (en)."""
    return _points_text(points, current_language())


@functools.lru_cache(maxsize=4096)
def _points_text(points: Decimal | float | int, language: str | None) -> str:
    """Remembered: a province's evaluation writes the same few hundred scores tens of thousands of times,
    and Django's number formatting is slow. Equal points (97.5, ``Decimal("97.50")``) share one entry,
    and their text is the same."""
    from django.utils import formats, translation

    points = Decimal(str(points))
    value = (
        points.quantize(Decimal(1))
        if points == points.to_integral()
        else points.normalize()
    )
    with translation.override(language):
        return formats.number_format(value, use_l10n=True)
