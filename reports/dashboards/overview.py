"""The overview of wards (for the city or province committee): each ward with its cells, model cells and
cells at risk. One ``evaluate`` call for all the cells of the wards on the page."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from cells.models import Cell
from reports.dashboards.risk import cells_at_risk
from reports.dashboards.ward import cells_of_year
from scoring.cache import evaluate_cached
from wards.models import Ward


@dataclass(frozen=True)
class WardLine:
    ward: Ward
    cells: int
    model_cells: int
    lost: int  # cells that can no longer be model cells this year
    action: int  # cells that will fail a criterion unless something is done

    @property
    def at_risk(self) -> int:
        return self.lost + self.action


@dataclass(frozen=True)
class Totals:
    """The sums of the lines shown."""

    wards: int
    cells: int
    model_cells: int
    lost: int
    action: int


def totals_of(lines: Sequence[WardLine]) -> Totals:
    return Totals(
        wards=len(lines),
        cells=sum(line.cells for line in lines),
        model_cells=sum(line.model_cells for line in lines),
        lost=sum(line.lost for line in lines),
        action=sum(line.action for line in lines),
    )


def wards_overview(
    wards: Sequence[Ward], *, year: int, as_of: datetime.date
) -> list[WardLine]:
    """One line per ward of ``wards``, in their order, for ``year`` as known at ``as_of``."""
    ward_ids = [ward.pk for ward in wards]
    cells = list(
        cells_of_year(Cell.objects.filter(ward_id__in=ward_ids), year).order_by(
            "ward_id", "code"
        )
    )
    ward_of = {cell.pk: cell.ward_id for cell in cells}
    evaluations = evaluate_cached(year, cells, as_of)
    risks = cells_at_risk(evaluations)
    counts: dict[int, dict[str, int]] = defaultdict(
        lambda: {"cells": 0, "model": 0, "lost": 0, "action": 0}
    )
    for evaluation in evaluations:
        line = counts[ward_of[evaluation.facts.cell_id]]
        line["cells"] += 1
        line["model"] += evaluation.model_cell
    for risk in risks.lost:
        counts[ward_of[risk.cell_id]]["lost"] += 1
    for risk in risks.action:
        counts[ward_of[risk.cell_id]]["action"] += 1
    lines = []
    for ward in wards:
        line = counts[ward.pk]
        lines.append(
            WardLine(ward, line["cells"], line["model"], line["lost"], line["action"])
        )
    return lines
