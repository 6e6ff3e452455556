"""The annual rating rules by year and the cap on excellent members (DOMAIN.md "Annual ratings").

The rules in force in a year are dated data (``RatingRule``): Quy định 132-QĐ/TW (2018–2022), 124-QĐ/TW
(2023–2024), 366-QĐ/TW with point-based rating (2025–, excellent needs ≥ 90 points).

**The cap on excellent members.** Hướng dẫn 21-HD/BTCTW (2019, under Quy định 132, kept by 124): the
members rated "Hoàn thành xuất sắc nhiệm vụ" may be at most 20% of the members rated "Hoàn thành tốt
nhiệm vụ" in each grassroots party organisation. We read the base as **every member rated good or
excellent**: excellent members are chosen from among those who have earned "Hoàn thành tốt nhiệm vụ"
(the excellent level includes the good one, and the proposals for excellent are made from that list), so
the base does not shrink as members are rated excellent. With 10 members rated good or better, 2 may be
excellent (exactly 20% is not over the cap), 3 are over it. The grassroots organisation is the ward's party
organisation: the cap is checked across the ward, each cell's share shown beside it. Going over the cap
is a warning on the ratings screen, never a block.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db.models import Count, Q

from cells.models import Cell, CellMembership, Rating, RatingRule
from wards.models import Ward

# The cap when no rule is in force for a year (before the first version loaded): Hướng dẫn 21's 20%.
DEFAULT_CAP_PERCENT = 20


def rule_for_year(year: int) -> RatingRule | None:
    """The rating rules in force in ``year``: the version with the latest ``valid_from_year`` not after
    it, or None before the first version (one query)."""
    return (
        RatingRule.objects.filter(valid_from_year__lte=year)
        .order_by("-valid_from_year")
        .first()
    )


def share_percent(excellent: int, rated: int) -> Decimal | None:
    """``excellent`` as a percentage of ``rated``, to one decimal; None when nobody is rated."""
    if not rated:
        return None
    return (Decimal(excellent) * 100 / rated).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


class CellShare(NamedTuple):
    """One cell's excellent members beside the members it rated good or better, and the share."""

    cell: Cell
    excellent: int
    rated_good_or_better: int
    share: Decimal | None


@dataclass(frozen=True)
class ExcellentShare:
    """The excellent members of a ward's party organisation in a year against the cap.

    ``rated_good_or_better`` counts the members rated good or excellent (the base of the cap), ``percent``
    is ``excellent`` as a share of it (None when nobody is rated), ``cap`` the cap in percent from the rule
    in force, ``allowed`` the most excellent members the cap admits, ``over_cap`` whether ``excellent``
    is above it (a warning). ``per_cell`` lists every cell of the ward by code.
    """

    ward: Ward
    year: int
    rule: RatingRule | None
    rated_good_or_better: int
    excellent: int
    percent: Decimal | None
    cap: int
    allowed: int
    over_cap: bool
    per_cell: tuple[CellShare, ...]


def excellent_share(ward: Ward, year: int) -> ExcellentShare:
    """The share of excellent members in ``ward`` for ``year`` (three queries, whatever the size of the
    ward). Each member counts in the cell whose roll they were on on 31/12 of the year; members off every
    roll on that day (left during the year) are not counted."""
    rule = rule_for_year(year)
    cap = rule.excellent_cap_percent if rule else DEFAULT_CAP_PERCENT
    year_end = datetime.date(year, 12, 31)
    rated = Q(member__years__year=year)
    counts = {
        row["cell_id"]: row
        for row in CellMembership.objects.filter(
            Q(end__isnull=True) | Q(end__gte=year_end),
            cell__ward=ward,
            start__lte=year_end,
        )
        .values("cell_id")
        .annotate(
            excellent=Count(
                "member",
                distinct=True,
                filter=rated & Q(member__years__rating=Rating.EXCELLENT),
            ),
            good_or_better=Count(
                "member",
                distinct=True,
                filter=rated
                & Q(member__years__rating__in=[Rating.EXCELLENT, Rating.GOOD]),
            ),
        )
    }
    per_cell = []
    for cell in Cell.objects.filter(ward=ward).order_by("code"):
        row = counts.get(cell.pk, {"excellent": 0, "good_or_better": 0})
        per_cell.append(
            CellShare(
                cell=cell,
                excellent=row["excellent"],
                rated_good_or_better=row["good_or_better"],
                share=share_percent(row["excellent"], row["good_or_better"]),
            )
        )
    excellent = sum(share.excellent for share in per_cell)
    base = sum(share.rated_good_or_better for share in per_cell)
    return ExcellentShare(
        ward=ward,
        year=year,
        rule=rule,
        rated_good_or_better=base,
        excellent=excellent,
        percent=share_percent(excellent, base),
        cap=cap,
        allowed=cap * base // 100,
        over_cap=excellent * 100 > cap * base,
        per_cell=tuple(per_cell),
    )
