"""The rating rules by year and the cap on excellent members (DOMAIN.md "Annual ratings")."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest

from cells.models import Cell, Member, Rating, RatingRule
from cells.ratings import excellent_share, rule_for_year
from tests.factories import (
    CellFactory,
    MembershipFactory,
    MemberYearFactory,
    RatingRuleFactory,
    WardFactory,
)
from tests.wards.support import errors_of, refused
from wards.models import Ward

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025
LONG_AGO = D(2010, 1, 1)


def rated(
    cell: Cell,
    rating: str,
    *,
    start: datetime.date = LONG_AGO,
    end: datetime.date | None = None,
    year: int = YEAR,
) -> Member:
    """A member on ``cell``'s roll from ``start`` to ``end``, rated ``rating`` for ``year``."""
    member = MembershipFactory(cell=cell, start=start, end=end).member
    MemberYearFactory(member=member, year=year, rating=rating)
    return member


def rate_many(cell: Cell, *, year: int = YEAR, **counts: int) -> None:
    """``counts`` members rated each level (``excellent=2, good=8``) on ``cell``'s roll."""
    for rating, n in counts.items():
        for _ in range(n):
            rated(cell, rating, year=year)


# --- The rule versions ---------------------------------------------------------------------------


def test_the_three_versions_are_loaded() -> None:
    rows = list(
        RatingRule.objects.order_by("valid_from_year").values_list(
            "valid_from_year",
            "excellent_cap_percent",
            "points_based",
            "excellent_min_points",
        )
    )
    assert rows == [
        (2018, 20, False, None),
        (2023, 20, False, None),
        (2025, 20, True, Decimal("90")),
    ]


@pytest.mark.parametrize(
    "year, document",
    [
        (2018, "132-QĐ/TW"),
        (2022, "132-QĐ/TW"),
        (2023, "124-QĐ/TW"),
        (2024, "124-QĐ/TW"),
        (2025, "366-QĐ/TW"),
        (2030, "366-QĐ/TW"),
    ],
)
def test_rule_for_year_picks_the_version_in_force(year: int, document: str) -> None:
    rule = rule_for_year(year)
    assert rule is not None
    assert document in rule.document


def test_no_rule_before_the_first_version() -> None:
    assert rule_for_year(2017) is None


def test_from_2025_excellent_needs_90_points() -> None:
    rule = rule_for_year(2025)
    assert rule is not None
    assert rule.points_based
    assert rule.excellent_min_points == 90


# --- The database refuses bad rules --------------------------------------------------------------


def test_one_rule_version_per_year() -> None:
    RatingRuleFactory(valid_from_year=2050)
    with refused("cells.RatingRule.valid_from_year"):
        RatingRuleFactory(valid_from_year=2050)


@pytest.mark.parametrize("year", [1929, 2101])
def test_rule_year_outside_range_is_refused(year: int) -> None:
    with refused("rating_rule_year_range"):
        RatingRuleFactory(valid_from_year=year)


def test_rule_without_document_is_refused() -> None:
    with refused("rating_rule_document_not_blank"):
        RatingRuleFactory(document="")


def test_cap_above_100_percent_is_refused() -> None:
    with refused("rating_rule_cap_range"):
        RatingRuleFactory(excellent_cap_percent=101)


@pytest.mark.parametrize("points", [Decimal("-1"), Decimal("100.5")])
def test_points_for_excellent_outside_0_to_100_are_refused(points: Decimal) -> None:
    with refused("rating_rule_min_points_range"):
        RatingRuleFactory(points_based=True, excellent_min_points=points)


@pytest.mark.parametrize("points_based, points", [(True, None), (False, Decimal("90"))])
def test_points_for_excellent_go_with_rating_by_points(
    points_based: bool, points: Decimal | None
) -> None:
    with refused("rating_rule_min_points_iff_points_based"):
        RatingRuleFactory(points_based=points_based, excellent_min_points=points)


@pytest.mark.parametrize("points_based, points", [(True, None), (False, Decimal("90"))])
def test_clean_reports_points_for_excellent_on_the_field(
    points_based: bool, points: Decimal | None
) -> None:
    rule = RatingRuleFactory.build(
        points_based=points_based, excellent_min_points=points
    )
    assert list(errors_of(rule)) == ["excellent_min_points"]


def test_a_valid_points_based_rule_is_accepted() -> None:
    rule = RatingRuleFactory.build(
        points_based=True, excellent_min_points=Decimal("90")
    )
    assert errors_of(rule) == {}


# --- The cap on excellent members ----------------------------------------------------------------


@pytest.fixture
def ward() -> Ward:
    return WardFactory()


@pytest.fixture
def cells(ward: Ward) -> dict[str, Cell]:
    return {
        letter: CellFactory(ward=ward, code=f"R{letter}") for letter in ("A", "B", "C")
    }


def test_exactly_20_percent_excellent_is_not_over_the_cap(
    ward: Ward, cells: dict[str, Cell]
) -> None:
    rate_many(cells["A"], excellent=2, good=8)
    share = excellent_share(ward, YEAR)
    assert share.rated_good_or_better == 10
    assert share.excellent == 2
    assert share.percent == Decimal("20.0")
    assert share.cap == 20
    assert share.allowed == 2
    assert share.over_cap is False


def test_one_more_excellent_member_is_over_the_cap(
    ward: Ward, cells: dict[str, Cell]
) -> None:
    rate_many(cells["A"], excellent=3, good=7)
    share = excellent_share(ward, YEAR)
    assert share.rated_good_or_better == 10
    assert share.percent == Decimal("30.0")
    assert share.allowed == 2
    assert share.over_cap is True


def test_the_cap_is_checked_across_the_ward_not_per_cell(
    ward: Ward, cells: dict[str, Cell]
) -> None:
    # Cell A alone is at 50%, but the ward's organisation is at 2 of 10.
    rate_many(cells["A"], excellent=2, good=2)
    rate_many(cells["B"], good=6)
    share = excellent_share(ward, YEAR)
    assert share.over_cap is False
    assert [
        (s.cell.code, s.excellent, s.rated_good_or_better, s.share)
        for s in share.per_cell
    ] == [
        ("RA", 2, 4, Decimal("50.0")),
        ("RB", 0, 6, Decimal("0.0")),
        ("RC", 0, 0, None),
    ]


def test_per_cell_rows_unpack_as_cell_excellent_rated_share(
    ward: Ward, cells: dict[str, Cell]
) -> None:
    rate_many(cells["B"], excellent=1, good=2)
    cell, excellent, rated_count, share = excellent_share(ward, YEAR).per_cell[1]
    assert (cell, excellent, rated_count, share) == (
        cells["B"],
        1,
        3,
        Decimal("33.3"),
    )


def test_members_rated_done_failed_or_not_yet_are_outside_the_base(
    ward: Ward, cells: dict[str, Cell]
) -> None:
    rate_many(cells["A"], excellent=1, good=4, done=3, failed=2)
    MembershipFactory(cell=cells["A"])  # on the roll, no rating yet
    share = excellent_share(ward, YEAR)
    assert (share.excellent, share.rated_good_or_better) == (1, 5)
    assert share.percent == Decimal("20.0")
    assert share.over_cap is False


def test_members_count_in_the_cell_of_their_roll_on_31_december(
    ward: Ward, cells: dict[str, Cell]
) -> None:
    moved = rated(cells["A"], Rating.EXCELLENT, end=D(YEAR, 6, 30))
    MembershipFactory(member=moved, cell=cells["B"], start=D(YEAR, 7, 1))
    rated(cells["A"], Rating.EXCELLENT, end=D(YEAR, 12, 30))  # left before the end
    rated(cells["A"], Rating.GOOD, start=D(YEAR, 12, 31))  # joined on the last day
    rated(cells["A"], Rating.EXCELLENT, start=D(YEAR + 1, 1, 1))  # too late
    rated(CellFactory(), Rating.EXCELLENT)  # another ward's cell
    rated(cells["B"], Rating.EXCELLENT, year=YEAR - 1)  # last year's rating only
    share = excellent_share(ward, YEAR)
    by_code = {s.cell.code: s for s in share.per_cell}
    assert (by_code["RA"].excellent, by_code["RA"].rated_good_or_better) == (0, 1)
    assert (by_code["RB"].excellent, by_code["RB"].rated_good_or_better) == (1, 1)
    assert (share.excellent, share.rated_good_or_better) == (1, 2)


def test_the_cap_comes_from_the_rule_in_force(
    ward: Ward, cells: dict[str, Cell]
) -> None:
    RatingRuleFactory(valid_from_year=2041, excellent_cap_percent=30)
    rate_many(cells["A"], excellent=3, good=7, year=2041)
    assert excellent_share(ward, 2041).over_cap is False
    assert excellent_share(ward, 2041).allowed == 3


def test_nobody_rated_gives_no_percent_and_no_warning(ward: Ward) -> None:
    share = excellent_share(ward, YEAR)
    assert share.percent is None
    assert share.over_cap is False
    assert share.per_cell == ()


@pytest.mark.parametrize("n_cells", [1, 20])
def test_query_count_does_not_grow_with_cells(
    n_cells: int, ward: Ward, django_assert_num_queries: Callable
) -> None:
    for _ in range(n_cells):
        rate_many(CellFactory(ward=ward), excellent=1, good=1)
    with django_assert_num_queries(3):
        share = excellent_share(ward, YEAR)
    assert len(share.per_cell) == n_cells
    assert share.excellent == n_cells
