"""Meeting classes of DOMAIN.md "Meeting scores": bands, full-marks items, total-only sheets, the bar."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.classes import MODEL_BAR, meeting_class, meets_model_bar

# The default rubric: loại 1 ≥ 90 (with full marks), loại 2 ≥ 70, loại 3 ≥ 50, loại 4 below.
DEFAULT_BANDS = [(1, Decimal(90)), (2, Decimal(70)), (3, Decimal(50)), (4, Decimal(0))]


@pytest.mark.parametrize(
    "total, full_marks_met, total_only, klass",
    [
        ("100", True, False, 1),
        ("90", True, False, 1),
        ("89.5", True, False, 2),
        ("99", False, False, 2),
        ("90", False, False, 2),
        ("70", True, False, 2),
        ("69.5", True, False, 3),
        ("50", False, False, 3),
        ("49.5", True, False, 4),
        ("0", True, False, 4),
        ("95", False, True, 1),
        ("90", False, True, 1),
        ("89.5", False, True, 2),
        ("49.5", False, True, 4),
    ],
    ids=[
        "100-full-class-1",
        "90-full-class-1",
        "89.5-class-2",
        "99-without-full-marks-class-2",
        "90-without-full-marks-class-2",
        "70-class-2",
        "69.5-class-3",
        "50-class-3",
        "49.5-class-4",
        "0-class-4",
        "total-only-95-class-1",
        "total-only-90-class-1",
        "total-only-89.5-class-2",
        "total-only-49.5-class-4",
    ],
)
def test_meeting_class_by_band_and_full_marks(
    total: str, full_marks_met: bool, total_only: bool, klass: int
) -> None:
    assert (
        meeting_class(
            Decimal(total),
            DEFAULT_BANDS,
            full_marks_met=full_marks_met,
            total_only=total_only,
        )
        == klass
    )


def test_class_1_refused_at_99_when_minutes_item_not_full() -> None:
    """VII.2 (minutes) below its 2 points: the sheet's 99 points give class 2."""
    assert meeting_class(Decimal(99), DEFAULT_BANDS, full_marks_met=False) == 2


def test_total_only_sheet_at_95_is_class_1() -> None:
    """A legacy paper sheet cannot show its full-marks items; it is classed by its points alone."""
    assert (
        meeting_class(Decimal(95), DEFAULT_BANDS, full_marks_met=False, total_only=True)
        == 1
    )


def test_bands_may_come_in_any_order() -> None:
    shuffled = [DEFAULT_BANDS[2], DEFAULT_BANDS[0], DEFAULT_BANDS[3], DEFAULT_BANDS[1]]
    assert meeting_class(Decimal(91), shuffled, full_marks_met=True) == 1
    assert meeting_class(Decimal(91), shuffled, full_marks_met=False) == 2
    assert meeting_class(Decimal(60), shuffled, full_marks_met=True) == 3


def test_a_total_below_every_band_gets_the_lowest_class() -> None:
    bands = [(1, Decimal(85)), (2, Decimal(60))]
    assert meeting_class(Decimal(40), bands, full_marks_met=True) == 2


def test_single_band_rubric_keeps_its_only_class() -> None:
    assert meeting_class(Decimal(95), [(1, Decimal(0))], full_marks_met=False) == 1


def test_a_rubric_needs_bands() -> None:
    with pytest.raises(ValueError):
        meeting_class(Decimal(95), [], full_marks_met=True)


@pytest.mark.parametrize(
    "klass, total, meets",
    [
        (1, "97.5", False),
        (1, "98", True),
        (1, "98.5", True),
        (1, "100", True),
        (2, "99", False),
        (None, None, False),
        (1, None, False),
        (None, "99", False),
    ],
    ids=[
        "97.5-below-bar",
        "98-at-bar",
        "98.5-above-bar",
        "100",
        "class-2-at-99",
        "unscored",
        "class-without-total",
        "total-without-class",
    ],
)
def test_model_bar_needs_class_1_and_98_points(
    klass: int | None, total: str | None, meets: bool
) -> None:
    points = None if total is None else Decimal(total)
    assert meets_model_bar(klass, points) is meets


def test_model_bar_defaults_to_98_and_may_be_set() -> None:
    assert meets_model_bar(1, MODEL_BAR)
    assert not meets_model_bar(1, Decimal("97.5"))
    assert meets_model_bar(1, Decimal("96.5"), bar=Decimal(96))
