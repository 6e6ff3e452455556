"""The dashboards of ``reports``: the ward dashboard, the overview of wards and the cell page.

Each is a selector that reads the database with a constant number of queries (one ``evaluate`` call) and
returns frozen dataclasses ready for the templates; the at-risk list is a pure function of the evaluations.
"""

from reports.dashboards.cell import CellPage, RollCounts, cell_page, roll_counts
from reports.dashboards.grid import MonthCell
from reports.dashboards.overview import Totals, WardLine, totals_of, wards_overview
from reports.dashboards.risk import CellRisk, Reason, RiskList, cell_risk, cells_at_risk
from reports.dashboards.verdicts import LEGEND, VERDICTS, Verdict, verdict_of
from reports.dashboards.ward import (
    CellRow,
    WardDashboard,
    build_dashboard,
    planned_meetings,
    ward_dashboard,
)

__all__ = [
    "LEGEND",
    "VERDICTS",
    "CellPage",
    "CellRisk",
    "CellRow",
    "MonthCell",
    "Reason",
    "RiskList",
    "RollCounts",
    "Totals",
    "Verdict",
    "WardDashboard",
    "WardLine",
    "build_dashboard",
    "cell_page",
    "cell_risk",
    "cells_at_risk",
    "planned_meetings",
    "roll_counts",
    "totals_of",
    "verdict_of",
    "ward_dashboard",
    "wards_overview",
]
